import type { ClusterRole, PolicyRule, Role, RoleBinding } from "kubernetes-types/rbac/v1";
import { describe, expect, it } from "vitest";
import type { UserInfo } from "../types";
import { buildAuthorizer } from "./authorizer";
import { checkBindingWrite, checkRoleWrite, confirmNoEscalation, covers } from "./escalation";
import { InMemoryRbac, rbacAuthorizer } from "./rbac";

// Reference: pkg/registry/rbac/validation/policy_comparator_test.go (the TestCovers* cases).
describe("Covers: does the owner hold every permission of the servant", () => {
  const cases: Array<{ name: string; owner: PolicyRule[]; servant: PolicyRule[]; covered: boolean; missing?: PolicyRule[] }> = [
    {
      name: "an exact match covers",
      owner: [{ verbs: ["get"], apiGroups: ["v1"], resources: ["builds"] }],
      servant: [{ verbs: ["get"], apiGroups: ["v1"], resources: ["builds"] }],
      covered: true,
    },
    {
      name: "a */scale wildcard covers one resource's scale",
      owner: [{ verbs: ["*"], apiGroups: ["*"], resources: ["*/scale"] }],
      servant: [{ verbs: ["get"], apiGroups: [""], resources: ["foo/scale"] }],
      covered: true,
    },
    {
      name: "several rules together cover a single rule",
      owner: [
        { verbs: ["delete"], apiGroups: ["v1"], resources: ["deployments"] },
        { verbs: ["delete"], apiGroups: ["v1"], resources: ["builds"] },
        { verbs: ["update"], apiGroups: ["v1"], resources: ["builds", "deployments"] },
      ],
      servant: [{ verbs: ["delete", "update"], apiGroups: ["v1"], resources: ["builds", "deployments"] }],
      covered: true,
    },
    {
      name: "a missing verb-resource combination is reported",
      owner: [
        { verbs: ["delete", "update"], apiGroups: ["v1"], resources: ["builds", "deployments"] },
        { verbs: ["delete"], apiGroups: ["v1"], resources: ["pods"] },
      ],
      servant: [{ verbs: ["delete", "update"], apiGroups: ["v1"], resources: ["builds", "pods"] }],
      covered: false,
      missing: [{ verbs: ["update"], apiGroups: ["v1"], resources: ["pods"] }],
    },
    {
      name: "an enumeration of API groups does not cover the API group star",
      owner: [{ verbs: ["get"], apiGroups: ["dummy-group"], resources: ["roles"] }],
      servant: [{ verbs: ["get"], apiGroups: ["*"], resources: ["roles"] }],
      covered: false,
      missing: [{ verbs: ["get"], apiGroups: ["*"], resources: ["roles"] }],
    },
    {
      name: "no resourceNames covers any names",
      owner: [{ verbs: ["get"], apiGroups: ["v1"], resources: ["pods"] }],
      servant: [{ verbs: ["get"], apiGroups: ["v1"], resources: ["pods"], resourceNames: ["foo", "bar"] }],
      covered: true,
    },
    {
      name: "an enumeration of resourceNames does not cover all names",
      owner: [{ verbs: ["get"], apiGroups: ["v1"], resources: ["pods"], resourceNames: ["foo", "bar"] }],
      servant: [{ verbs: ["get"], apiGroups: ["v1"], resources: ["pods"] }],
      covered: false,
    },
    {
      name: "a nonResourceURL star covers every path",
      owner: [{ verbs: ["*"], nonResourceURLs: ["*"] }],
      servant: [{ verbs: ["get"], nonResourceURLs: ["/apis", "/apis/v1", "/"] }],
      covered: true,
    },
    {
      name: "a star after a prefix covers the paths below it",
      owner: [{ verbs: ["*"], nonResourceURLs: ["/apis/*"] }],
      servant: [{ verbs: ["get"], nonResourceURLs: ["/apis/v1", "/apis/foo"] }],
      covered: true,
    },
    {
      name: "a star after a prefix does not cover the prefix without its slash",
      owner: [{ verbs: ["*"], nonResourceURLs: ["/apis/v1/*"] }],
      servant: [{ verbs: ["get"], nonResourceURLs: ["/apis/v1"] }],
      covered: false,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = covers(c.owner, c.servant);
      expect(result.covered).toBe(c.covered);
      if (c.missing) expect(result.missing).toEqual(c.missing);
    });
  }
});

const rbacGroup = "rbac.authorization.k8s.io";
const podReader: PolicyRule = { verbs: ["get", "list"], apiGroups: [""], resources: ["pods"] };
const secretsAdmin: PolicyRule = { verbs: ["*"], apiGroups: [""], resources: ["secrets"] };
const alice: UserInfo = { name: "alice", groups: ["system:authenticated"] };

function setup() {
  const store = new InMemoryRbac([
    // alice manages roles and bindings in "team" and can read pods there, nothing more.
    { kind: "Role", metadata: { namespace: "team", name: "team-admin" }, rules: [podReader, { verbs: ["create", "update"], apiGroups: [rbacGroup], resources: ["roles", "rolebindings"] }] },
    { kind: "RoleBinding", metadata: { namespace: "team", name: "alice" }, roleRef: { apiGroup: rbacGroup, kind: "Role", name: "team-admin" }, subjects: [{ kind: "User", name: "alice" }] },
    { kind: "ClusterRole", metadata: { name: "secrets-admin" }, rules: [secretsAdmin] },
    { kind: "ClusterRole", metadata: { name: "pod-reader" }, rules: [podReader] },
  ]);
  const rbac = rbacAuthorizer(store);
  return { store, ctx: { authorizer: buildAuthorizer([rbac]), resolver: rbac.resolver, user: alice } };
}
const roleWith = (rules: PolicyRule[]): Role => ({ kind: "Role", metadata: { namespace: "team", name: "r" }, rules });
const bindingTo = (kind: "Role" | "ClusterRole", name: string): RoleBinding => ({
  kind: "RoleBinding", metadata: { namespace: "team", name: "b" }, roleRef: { apiGroup: rbacGroup, kind, name }, subjects: [{ kind: "User", name: "mallory" }],
});

describe("privilege-escalation prevention", () => {
  it("lets a user create a Role granting only permissions they hold", async () => {
    const { ctx } = setup();
    expect(await checkRoleWrite(ctx, roleWith([{ verbs: ["get"], apiGroups: [""], resources: ["pods"] }]))).toBeUndefined();
  });
  it("forbids a Role granting more than the user holds, listing what is missing in upstream's words", async () => {
    const { ctx } = setup();
    const err = await checkRoleWrite(ctx, roleWith([podReader, secretsAdmin, { verbs: ["delete"], apiGroups: [""], resources: ["pods"] }]));
    expect(err?.code).toBe(403);
    expect(err?.message).toBe(
      'roles.rbac.authorization.k8s.io "r" is forbidden: user "alice" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
        '{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}\n' +
        '{APIGroups:[""], Resources:["secrets"], Verbs:["*"]}',
    );
  });
  it("allows the same Role once the user may escalate roles", async () => {
    const { ctx, store } = setup();
    store.put({ kind: "Role", metadata: { namespace: "team", name: "escalator" }, rules: [{ verbs: ["escalate"], apiGroups: [rbacGroup], resources: ["roles"] }] });
    store.put({ kind: "RoleBinding", metadata: { namespace: "team", name: "alice-escalates" }, roleRef: { apiGroup: rbacGroup, kind: "Role", name: "escalator" }, subjects: [{ kind: "User", name: "alice" }] });
    expect(await checkRoleWrite(ctx, roleWith([secretsAdmin]))).toBeUndefined();
  });
  it("lets system:masters write any role", async () => {
    const { ctx } = setup();
    expect(await checkRoleWrite({ ...ctx, user: { name: "root", groups: ["system:masters"] } }, { kind: "ClusterRole", metadata: { name: "all" }, rules: [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }] } as ClusterRole)).toBeUndefined();
  });
  it("lets a user bind a role whose permissions they hold", async () => {
    const { ctx } = setup();
    expect(await checkBindingWrite(ctx, bindingTo("ClusterRole", "pod-reader"))).toBeUndefined();
  });
  it("forbids binding a role with permissions the user lacks", async () => {
    const { ctx } = setup();
    const err = await checkBindingWrite(ctx, bindingTo("ClusterRole", "secrets-admin"));
    expect(err?.message).toMatch(/^rolebindings.rbac.authorization.k8s.io "b" is forbidden: user "alice" .* is attempting to grant RBAC permissions not currently held:\n\{APIGroups:\[""\], Resources:\["secrets"\], Verbs:\["\*"\]\}$/);
  });
  it("allows binding that role once the user has the bind verb on it", async () => {
    const { ctx, store } = setup();
    store.put({ kind: "Role", metadata: { namespace: "team", name: "binder" }, rules: [{ verbs: ["bind"], apiGroups: [rbacGroup], resources: ["clusterroles"], resourceNames: ["secrets-admin"] }] });
    store.put({ kind: "RoleBinding", metadata: { namespace: "team", name: "alice-binds" }, roleRef: { apiGroup: rbacGroup, kind: "Role", name: "binder" }, subjects: [{ kind: "User", name: "alice" }] });
    expect(await checkBindingWrite(ctx, bindingTo("ClusterRole", "secrets-admin"))).toBeUndefined();
  });
  it("forbids binding a role that does not exist", async () => {
    const { ctx } = setup();
    expect((await checkBindingWrite(ctx, bindingTo("Role", "ghost")))?.message).toBe(
      'rolebindings.rbac.authorization.k8s.io "b" is forbidden: role.rbac.authorization.k8s.io "ghost" not found',
    );
  });
  it("confirmNoEscalation returns nothing when covered and an Error otherwise", () => {
    const { ctx } = setup();
    expect(confirmNoEscalation(ctx.resolver, alice, "team", [podReader])).toBeUndefined();
    expect(confirmNoEscalation(ctx.resolver, alice, "other", [podReader])).toBeInstanceOf(Error);
  });
});
