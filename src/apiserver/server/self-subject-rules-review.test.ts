import { describe, expect, it } from "vitest";
import { newServer } from "./server.test-util";

const RULES_REVIEWS = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";

const review = (namespace?: string) => ({
  apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectRulesReview", spec: namespace === undefined ? {} : { namespace },
});

const podWriter = {
  apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name: "pod-writer", namespace: "default" },
  rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["create", "get", "list"] }],
};

const binding = (name: string, roleName: string, user: string) => ({
  apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: { name, namespace: "default" },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: roleName },
  subjects: [{ kind: "User", name: user, apiGroup: "rbac.authorization.k8s.io" }],
});

interface RulesStatus {
  resourceRules: Array<{ verbs: string[]; apiGroups?: string[]; resources?: string[] }>;
  nonResourceRules: Array<{ verbs: string[]; nonResourceURLs?: string[] }>;
  incomplete: boolean;
  evaluationError?: string;
}

describe("SelfSubjectRulesReview (kubectl auth can-i --list)", () => {
  it("lists the rules of the asking user's RoleBinding in that namespace, and not elsewhere", async () => {
    const { admin, user } = await newServer();
    await admin.create({ resource: "roles", group: "rbac.authorization.k8s.io", namespace: "default" }, podWriter);
    await admin.create({ resource: "rolebindings", group: "rbac.authorization.k8s.io", namespace: "default" }, binding("jane-writes", "pod-writer", "jane"));
    const jane = user("jane", ["system:authenticated"]);

    const res = await jane.request("POST", RULES_REVIEWS, { body: review("default") });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectRulesReview", status: { incomplete: false } });
    const status = (res.body as { status: RulesStatus }).status;
    expect(status.resourceRules).toContainEqual({ verbs: ["create", "get", "list"], apiGroups: [""], resources: ["pods"] });
    // system:basic-user (bound to system:authenticated) lets every user ask both reviews.
    expect(status.resourceRules).toContainEqual({
      verbs: ["create"], apiGroups: ["authorization.k8s.io"], resources: ["selfsubjectaccessreviews", "selfsubjectrulesreviews"],
    });
    expect(status.nonResourceRules.some((r) => r.nonResourceURLs?.includes("/version") === true)).toBe(true);
    expect(status.evaluationError).toBeUndefined();

    const elsewhere = (await jane.request("POST", RULES_REVIEWS, { body: review("kube-system") })).body as { status: RulesStatus };
    expect(elsewhere.status.resourceRules.some((r) => r.resources?.includes("pods") === true)).toBe(false);
  });

  it("a binding to a missing Role still lists the other rules and names the role in evaluationError", async () => {
    const { admin, user } = await newServer();
    await admin.create({ resource: "rolebindings", group: "rbac.authorization.k8s.io", namespace: "default" }, binding("dangling", "no-such-role", "jane"));
    const res = await user("jane", ["system:authenticated"]).request("POST", RULES_REVIEWS, { body: review("default") });
    const status = (res.body as { status: RulesStatus }).status;
    expect(status.evaluationError).toBe('role.rbac.authorization.k8s.io "no-such-role" not found');
    expect(status.incomplete).toBe(false);
    expect(status.resourceRules.length).toBeGreaterThan(0);
  });

  it("refuses a review without spec.namespace with 400, as upstream", async () => {
    const { user } = await newServer();
    const res = await user("jane", ["system:authenticated"]).request("POST", RULES_REVIEWS, { body: review() });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ kind: "Status", reason: "BadRequest", message: "no namespace on request" });
  });

  it("a kubelet's review is incomplete: the Node mode cannot list what its graph allows", async () => {
    const { admin, user } = await newServer();
    await admin.create({ resource: "clusterrolebindings", group: "rbac.authorization.k8s.io" }, {
      apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: "nodes-may-ask" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "system:basic-user" },
      subjects: [{ kind: "Group", name: "system:nodes", apiGroup: "rbac.authorization.k8s.io" }],
    });
    const res = await user("system:node:node-1", ["system:nodes", "system:authenticated"]).request("POST", RULES_REVIEWS, { body: review("default") });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: { incomplete: true, evaluationError: "node authorizer does not support user rule resolution" } });
  });

  // Upstream: alwaysAllowAuthorizer.RulesFor, k8s.io/apiserver/pkg/authorization/authorizerfactory/builtin.go.
  it("with --authorization-mode=AlwaysAllow, lists one wildcard resource rule and one wildcard non-resource rule, complete", async () => {
    const { user } = await newServer({ authorizationModes: ["AlwaysAllow"] });
    const res = await user("jane").request("POST", RULES_REVIEWS, { body: review("default") });
    expect(res.status).toBe(201);
    expect((res.body as { status: RulesStatus }).status).toEqual({
      resourceRules: [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }],
      nonResourceRules: [{ verbs: ["*"], nonResourceURLs: ["*"] }],
      incomplete: false,
    });
  });

  it("is in discovery with the create verb, next to selfsubjectaccessreviews", async () => {
    const { admin } = await newServer();
    const res = await admin.request("GET", "/apis/authorization.k8s.io/v1");
    const names = (res.body as { resources: Array<{ name: string; kind: string; verbs: string[] }> }).resources;
    expect(names).toContainEqual(expect.objectContaining({ name: "selfsubjectrulesreviews", kind: "SelfSubjectRulesReview", verbs: ["create"] }));
  });
});
