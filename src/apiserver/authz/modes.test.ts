import type { Pod } from "kubernetes-types/core/v1";
import type { SubjectAccessReview } from "kubernetes-types/authorization/v1";
import { describe, expect, it } from "vitest";
import { StatusError } from "../../api/status";
import type { RequestAttributes, UserInfo } from "../types";
import { abacAuthorizer, parseAbacPolicyFile } from "./abac";
import { allow, alwaysDenyAuthorizer, type Authorizer, buildAuthorizer, deny, noOpinion, requestAttributes, unionAuthorizer } from "./authorizer";
import { forbiddenError, forbiddenMessage } from "./forbidden";
import { nodeAuthorizer } from "./node";
import { InMemoryRbac, rbacAuthorizer } from "./rbac";
import { selfSubjectAccessReview } from "./self-subject-access-review";
import { buildSubjectAccessReview, webhookAuthorizer } from "./webhook";

const bob: UserInfo = { name: "bob", groups: ["system:authenticated"] };
const getPod = (over: Partial<RequestAttributes> = {}) =>
  requestAttributes({ user: bob, verb: "get", resource: "pods", namespace: "default", name: "web", apiVersion: "v1", ...over });
const fixed = (name: string, result: ReturnType<typeof allow>): Authorizer & { calls: number } => {
  const a = { name, calls: 0, authorize: () => { a.calls++; return result; } };
  return a;
};

describe("the authorizer union", () => {
  it("stops at the first Allow", async () => {
    const later = fixed("later", deny("no"));
    expect(await unionAuthorizer([fixed("a", noOpinion()), fixed("b", allow("yes")), later]).authorize(getPod())).toEqual({ decision: "Allow", reason: "yes" });
    expect(later.calls).toBe(0);
  });
  it("stops at the first Deny, so a mode placed first can veto", async () => {
    expect((await unionAuthorizer([fixed("veto", deny("frozen")), fixed("rbac", allow())]).authorize(getPod())).decision).toBe("Deny");
  });
  it("joins the reasons when nobody has an opinion", async () => {
    expect(await unionAuthorizer([fixed("a", noOpinion("first")), fixed("b", noOpinion("")), fixed("c", noOpinion("second"))]).authorize(getPod()))
      .toEqual({ decision: "NoOpinion", reason: "first\nsecond" });
  });
  it("AlwaysDeny has no opinion (\"Everything is forbidden.\"), so a later mode may still allow, as upstream's builtin.go", async () => {
    const alone = await buildAuthorizer([alwaysDenyAuthorizer()]).authorize(getPod());
    expect(alone).toEqual({ decision: "NoOpinion", reason: "Everything is forbidden." });
    expect((await buildAuthorizer([alwaysDenyAuthorizer(), fixed("rbac", allow())]).authorize(getPod())).decision).toBe("Allow");
  });
  it("allows system:masters whatever the modes say", async () => {
    const root = { name: "kubernetes-admin", groups: ["system:masters", "system:authenticated"] };
    expect((await buildAuthorizer([fixed("veto", deny())]).authorize(getPod({ user: root }))).decision).toBe("Allow");
  });
});

describe("the Forbidden message", () => {
  it("reads as upstream's for a namespaced resource", () => {
    expect(forbiddenMessage(getPod())).toBe('User "bob" cannot get resource "pods" in API group "" in the namespace "default"');
    expect(forbiddenError(getPod()).message).toBe('pods "web" is forbidden: User "bob" cannot get resource "pods" in API group "" in the namespace "default"');
  });
  it("appends the authorizer's reason", () => {
    expect(forbiddenError(getPod(), "RBAC: clusterrole.rbac.authorization.k8s.io \"gone\" not found").message).toBe(
      'pods "web" is forbidden: User "bob" cannot get resource "pods" in API group "" in the namespace "default": RBAC: clusterrole.rbac.authorization.k8s.io "gone" not found',
    );
  });
  it("names the subresource, the group and the cluster scope", () => {
    const attrs = requestAttributes({ user: bob, verb: "list", apiGroup: "apps", resource: "deployments", subresource: "scale" });
    expect(forbiddenError(attrs).message).toBe('deployments.apps is forbidden: User "bob" cannot list resource "deployments/scale" in API group "apps" at the cluster scope');
  });
  it("names the path of a non-resource request", () => {
    const err = forbiddenError(requestAttributes({ user: bob, verb: "get", path: "/metrics", isResourceRequest: false }));
    expect(err.message).toBe('forbidden: User "bob" cannot get path "/metrics"');
    expect(err.code).toBe(403);
    expect(err.status.reason).toBe("Forbidden");
  });
});

describe("the Node authorizer", () => {
  const node1: UserInfo = { name: "system:node:node-1", groups: ["system:nodes", "system:authenticated"] };
  const pods: Pod[] = [
    { metadata: { namespace: "default", name: "web" }, spec: { nodeName: "node-1", containers: [{ name: "c", envFrom: [{ secretRef: { name: "db-password" } }] }], volumes: [{ name: "v", configMap: { name: "web-config" } }] } },
    { metadata: { namespace: "default", name: "other" }, spec: { nodeName: "node-2", containers: [{ name: "c", env: [{ name: "X", valueFrom: { secretKeyRef: { name: "other-secret", key: "k" } } }] }] } },
  ];
  const authz = nodeAuthorizer({ listPods: () => pods });
  const as = (over: Partial<RequestAttributes>) => authz.authorize(requestAttributes({ user: node1, verb: "get", ...over }));

  it("lets a node read its own Node object and nobody else's", () => {
    expect(as({ resource: "nodes", name: "node-1" }).decision).toBe("Allow");
    expect(as({ resource: "nodes", name: "node-2" })).toEqual({ decision: "NoOpinion", reason: "node 'node-1' cannot read 'node-2', only its own Node object" });
  });
  it("lets a node write its own node status only", () => {
    expect(as({ verb: "patch", resource: "nodes", subresource: "status", name: "node-1" }).decision).toBe("Allow");
    expect(as({ verb: "patch", resource: "nodes", subresource: "status", name: "node-2" }).decision).toBe("NoOpinion");
  });
  it("lets a node get the pods bound to it and update their status", () => {
    expect(as({ resource: "pods", namespace: "default", name: "web" }).decision).toBe("Allow");
    expect(as({ verb: "update", resource: "pods", subresource: "status", namespace: "default", name: "web" }).decision).toBe("Allow");
    expect(as({ resource: "pods", namespace: "default", name: "other" })).toEqual({ decision: "NoOpinion", reason: "no relationship found between node 'node-1' and this object" });
  });
  it("lets a node read the Secrets and ConfigMaps of its pods, not others", () => {
    expect(as({ resource: "secrets", namespace: "default", name: "db-password" }).decision).toBe("Allow");
    expect(as({ resource: "configmaps", namespace: "default", name: "web-config" }).decision).toBe("Allow");
    expect(as({ resource: "secrets", namespace: "default", name: "other-secret" }).decision).toBe("NoOpinion");
  });
  it("lets a node renew its own lease in kube-node-lease", () => {
    expect(as({ verb: "update", apiGroup: "coordination.k8s.io", resource: "leases", namespace: "kube-node-lease", name: "node-1" }).decision).toBe("Allow");
    expect(as({ verb: "update", apiGroup: "coordination.k8s.io", resource: "leases", namespace: "kube-node-lease", name: "node-2" }).reason)
      .toBe("can only access node lease with the same name as the requesting node");
  });
  it("has no opinion about users that are not nodes", () => {
    expect(authz.authorize(getPod())).toEqual({ decision: "NoOpinion", reason: "" });
  });
});

describe("ABAC", () => {
  const file = [
    '{"apiVersion": "abac.authorization.kubernetes.io/v1beta1", "kind": "Policy", "spec": {"user": "alice", "namespace": "*", "resource": "*", "apiGroup": "*"}}',
    '{"apiVersion": "abac.authorization.kubernetes.io/v1beta1", "kind": "Policy", "spec": {"user": "bob", "namespace": "projectCaribou", "resource": "pods", "apiGroup": "", "readonly": true}}',
    '{"apiVersion": "abac.authorization.kubernetes.io/v1beta1", "kind": "Policy", "spec": {"user": "*", "nonResourcePath": "/version", "readonly": true}}',
  ].join("\n");
  const authz = abacAuthorizer(parseAbacPolicyFile(file));

  it("allows what a policy line grants, read-only lines only for get, list and watch", async () => {
    expect((await authz.authorize(getPod({ user: { name: "alice", groups: [] }, verb: "delete" }))).decision).toBe("Allow");
    expect((await authz.authorize(getPod({ namespace: "projectCaribou" }))).decision).toBe("Allow");
    expect(await authz.authorize(getPod({ namespace: "projectCaribou", verb: "delete" }))).toEqual({ decision: "NoOpinion", reason: "No policy matched." });
  });
  it("reads user \"*\" as every authenticated user", async () => {
    const version = (user: UserInfo) => authz.authorize(requestAttributes({ user, verb: "get", path: "/version", isResourceRequest: false }));
    expect((await version(bob)).decision).toBe("Allow");
    expect((await version({ name: "system:anonymous", groups: ["system:unauthenticated"] })).decision).toBe("NoOpinion");
  });
  it("reports the line of a malformed policy", () => {
    expect(() => parseAbacPolicyFile('\n{"kind": "Policy"', "/etc/abac.jsonl")).toThrow(/^error reading policy file \/etc\/abac.jsonl, line 2: /);
  });
});

describe("the Webhook authorizer", () => {
  it("sends a SubjectAccessReview built from the request", () => {
    expect(buildSubjectAccessReview(getPod())).toEqual({
      apiVersion: "authorization.k8s.io/v1",
      kind: "SubjectAccessReview",
      spec: {
        user: "bob", groups: ["system:authenticated"],
        resourceAttributes: { namespace: "default", verb: "get", group: "", version: "v1", resource: "pods", subresource: "", name: "web" },
      },
    });
    expect(buildSubjectAccessReview(requestAttributes({ user: bob, verb: "get", path: "/healthz", isResourceRequest: false })).spec.nonResourceAttributes)
      .toEqual({ path: "/healthz", verb: "get" });
  });
  it("maps allowed, denied and neither to Allow, Deny and NoOpinion", async () => {
    const answer = (status: Record<string, unknown>) => webhookAuthorizer(async (r: SubjectAccessReview) => ({ ...r, status }));
    expect(await answer({ allowed: true }).authorize(getPod())).toEqual({ decision: "Allow", reason: "" });
    expect(await answer({ allowed: false, denied: true, reason: "bob is on leave" }).authorize(getPod())).toEqual({ decision: "Deny", reason: "bob is on leave" });
    expect((await answer({ allowed: false }).authorize(getPod())).decision).toBe("NoOpinion");
  });
  it("has no opinion, with the error, when the webhook cannot be reached", async () => {
    const r = await webhookAuthorizer(async () => { throw new Error("connection refused"); }).authorize(getPod());
    expect(r.decision).toBe("NoOpinion");
    expect(r.error?.message).toBe("connection refused");
  });
});

describe("SelfSubjectAccessReview (kubectl auth can-i)", () => {
  const rbac = new InMemoryRbac([
    { kind: "ClusterRole", metadata: { name: "view" }, rules: [{ verbs: ["get", "list"], apiGroups: [""], resources: ["pods"] }] },
    { kind: "RoleBinding", metadata: { namespace: "default", name: "bob-view" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" }, subjects: [{ kind: "User", name: "bob" }] },
  ]);
  const authz = buildAuthorizer([rbacAuthorizer(rbac)]);
  const canI = (spec: Parameters<typeof selfSubjectAccessReview>[2]["spec"]) =>
    selfSubjectAccessReview(authz, bob, { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec });

  it("answers yes with the reason RBAC gave", async () => {
    const review = await canI({ resourceAttributes: { namespace: "default", verb: "list", resource: "pods" } });
    expect(review).not.toBeInstanceOf(StatusError);
    expect((review as { status: unknown }).status).toEqual({
      allowed: true, reason: 'RBAC: allowed by RoleBinding "bob-view/default" of ClusterRole "view" to User "bob"',
    });
  });
  it("answers no for a verb not granted", async () => {
    const review = await canI({ resourceAttributes: { namespace: "default", verb: "delete", resource: "pods" } });
    expect((review as { status: unknown }).status).toEqual({ allowed: false });
  });
  it("answers non-resource questions", async () => {
    const review = await canI({ nonResourceAttributes: { verb: "get", path: "/logs" } });
    expect((review as { status: unknown }).status).toEqual({ allowed: false });
  });
  it("rejects a spec with both or neither kind of attributes as 422 Invalid", async () => {
    const both = await canI({ resourceAttributes: { verb: "get" }, nonResourceAttributes: { verb: "get", path: "/" } });
    expect(both).toBeInstanceOf(StatusError);
    expect((both as StatusError).code).toBe(422);
    expect((both as StatusError).message).toMatch(/spec.nonResourceAttributes: Invalid value: .*cannot be specified in combination with resourceAttributes/);
    const neither = await canI({});
    expect((neither as StatusError).message).toMatch(/exactly one of nonResourceAttributes or resourceAttributes must be specified/);
  });
});
