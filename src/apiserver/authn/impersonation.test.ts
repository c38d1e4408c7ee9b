import type { PolicyRule } from "kubernetes-types/rbac/v1";
import { describe, expect, it } from "vitest";
import { buildAuthorizer } from "../authz/authorizer";
import { InMemoryRbac, rbacAuthorizer } from "../authz/rbac";
import type { UserInfo } from "../types";
import { buildImpersonationRequests, impersonate, type ImpersonationResult } from "./impersonation";

const rbacGroup = "rbac.authorization.k8s.io";
function authorizerGranting(rules: PolicyRule[], namespace?: string) {
  const store = new InMemoryRbac([{ kind: "ClusterRole", metadata: { name: "impersonator" }, rules }]);
  if (namespace === undefined) {
    store.put({ kind: "ClusterRoleBinding", metadata: { name: "bob" }, roleRef: { apiGroup: rbacGroup, kind: "ClusterRole", name: "impersonator" }, subjects: [{ kind: "User", name: "bob" }] });
  } else {
    store.put({ kind: "RoleBinding", metadata: { namespace, name: "bob" }, roleRef: { apiGroup: rbacGroup, kind: "ClusterRole", name: "impersonator" }, subjects: [{ kind: "User", name: "bob" }] });
  }
  return buildAuthorizer([rbacAuthorizer(store)]);
}
const bob: UserInfo = { name: "bob", groups: ["system:authenticated"] };
const userOf = (r: ImpersonationResult) => {
  if (r.kind !== "Impersonated") throw new Error(`expected Impersonated, got ${r.kind}${r.kind === "Rejected" ? `: ${r.error.message}` : ""}`);
  return r.user;
};
const rejection = (r: ImpersonationResult) => {
  if (r.kind !== "Rejected") throw new Error(`expected Rejected, got ${r.kind}`);
  return r.error;
};

describe("impersonation", () => {
  it("does nothing without Impersonate-* headers", async () => {
    expect(await impersonate(bob, { accept: "application/json" }, authorizerGranting([]))).toEqual({ kind: "NotRequested" });
  });
  it("runs the request as the impersonated user and group when both are allowed (kubectl --as --as-group)", async () => {
    const authz = authorizerGranting([{ verbs: ["impersonate"], apiGroups: [""], resources: ["users", "groups"] }]);
    expect(userOf(await impersonate(bob, { "impersonate-user": "alice", "impersonate-group": ["devs"] }, authz))).toEqual({
      name: "alice", groups: ["devs", "system:authenticated"], extra: {},
    });
  });
  it("forbids impersonating a user without the impersonate verb, in upstream's words", async () => {
    const err = rejection(await impersonate(bob, { "Impersonate-User": "alice" }, authorizerGranting([])));
    expect(err.code).toBe(403);
    expect(err.message).toBe('users "alice" is forbidden: User "bob" cannot impersonate resource "users" in API group "" at the cluster scope');
  });
  it("checks each group separately, with resourceNames", async () => {
    const authz = authorizerGranting([
      { verbs: ["impersonate"], apiGroups: [""], resources: ["users"] },
      { verbs: ["impersonate"], apiGroups: [""], resources: ["groups"], resourceNames: ["devs"] },
    ]);
    expect(rejection(await impersonate(bob, { "impersonate-user": "alice", "impersonate-group": ["devs", "system:masters"] }, authz)).message).toBe(
      'groups "system:masters" is forbidden: User "bob" cannot impersonate resource "groups" in API group "" at the cluster scope',
    );
  });
  it("impersonates a ServiceAccount with its namespace's groups, checked in that namespace", async () => {
    const authz = authorizerGranting([{ verbs: ["impersonate"], apiGroups: [""], resources: ["serviceaccounts"] }], "ci");
    expect(userOf(await impersonate(bob, { "impersonate-user": "system:serviceaccount:ci:builder" }, authz))).toEqual({
      name: "system:serviceaccount:ci:builder", groups: ["system:serviceaccounts", "system:serviceaccounts:ci", "system:authenticated"], extra: {},
    });
    expect(rejection(await impersonate(bob, { "impersonate-user": "system:serviceaccount:prod:deployer" }, authz)).message).toBe(
      'serviceaccounts "deployer" is forbidden: User "bob" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "prod"',
    );
  });
  it("checks extras as userextras/<key> and the uid as uids in authentication.k8s.io", async () => {
    const authz = authorizerGranting([
      { verbs: ["impersonate"], apiGroups: [""], resources: ["users"] },
      { verbs: ["impersonate"], apiGroups: ["authentication.k8s.io"], resources: ["userextras/scopes", "uids"] },
    ]);
    const user = userOf(await impersonate(bob, { "impersonate-user": "alice", "impersonate-extra-scopes": ["view", "edit"], "impersonate-uid": "1234" }, authz));
    expect(user).toEqual({ name: "alice", uid: "1234", groups: ["system:authenticated"], extra: { scopes: ["view", "edit"] } });
    expect(rejection(await impersonate(bob, { "impersonate-user": "alice", "impersonate-extra-reason": "x" }, authz)).message).toBe(
      'userextras.authentication.k8s.io "x" is forbidden: User "bob" cannot impersonate resource "userextras/reason" in API group "authentication.k8s.io" at the cluster scope',
    );
  });
  it("gives an impersonated anonymous user system:unauthenticated, not system:authenticated", async () => {
    const authz = authorizerGranting([{ verbs: ["impersonate"], apiGroups: [""], resources: ["users"] }]);
    expect(userOf(await impersonate(bob, { "impersonate-user": "system:anonymous" }, authz)).groups).toEqual(["system:unauthenticated"]);
  });
  it("rejects groups without a user as an internal error, as upstream does", async () => {
    expect(buildImpersonationRequests({ "impersonate-group": "devs" })).toBeInstanceOf(Error);
    const err = rejection(await impersonate(bob, { "impersonate-group": "devs" }, authorizerGranting([])));
    expect(err.code).toBe(500);
    expect(err.message).toMatch(/without impersonating a user/);
  });
});
