// Hidden tests for the exercise "rbac-rule-matching": instructor-only, they count in batch grading
// (`npm run grade -- --submissions ...`) and are not in the learner edition. They check the same
// rules as the public tests on inputs the public tests do not show. Weights add up to 4, on top of
// the public tests' 15 (the exercise's points are split across all of them).
import { describe, expect, it } from "vitest";
import type { PolicyRule } from "kubernetes-types/rbac/v1";
import { apiGroupMatches, nonResourceURLMatches, resourceMatches, ruleAllows } from "@exercise/02-api-server/rbac-rule-matching";
import { request, urlRequest, user } from "../../exercises/02-api-server/support/rbac";

const RULE = "RBAC RuleAllows (plugin/pkg/auth/authorizer/rbac/rbac.go)";
const bob = user("bob");

describe("hidden: rules the public tests do not show", () => {
  it("a */scale rule scales deployments and statefulsets, but does not touch the workloads themselves", { meta: { weight: 1 } }, () => {
    const rule: PolicyRule = { verbs: ["get", "update", "patch"], apiGroups: ["apps"], resources: ["*/scale"] };
    expect(ruleAllows(request(bob, "update", "deployments", { apiGroup: "apps", subresource: "scale", name: "web" }), rule), `${RULE}: */scale covers deployments/scale`).toBe(true);
    expect(ruleAllows(request(bob, "patch", "statefulsets", { apiGroup: "apps", subresource: "scale", name: "db" }), rule), `${RULE}: */scale covers statefulsets/scale`).toBe(true);
    expect(ruleAllows(request(bob, "update", "deployments", { apiGroup: "apps", name: "web" }), rule), `${RULE}: */scale does not cover the deployment itself`).toBe(false);
    expect(ruleAllows(request(bob, "update", "replicationcontrollers", { subresource: "scale", name: "rc" }), rule), `${RULE}: the group must still match: "" is not "apps"`).toBe(false);
  });

  it("a rule without apiGroups or resources matches no resource request, and a resource rule no URL", { meta: { weight: 1 } }, () => {
    expect(apiGroupMatches({ verbs: ["get"] }, ""), `${RULE}: no apiGroups at all matches no group, not even the core group ""`).toBe(false);
    expect(resourceMatches({ verbs: ["get"], apiGroups: ["*"] }, "pods", ""), `${RULE}: no resources matches no resource`).toBe(false);
    expect(apiGroupMatches({ verbs: ["get"], apiGroups: [""] }, ""), `${RULE}: the core group is written "" in apiGroups`).toBe(true);
    expect(ruleAllows(request(bob, "get", "pods", { name: "x" }), { verbs: ["get"], nonResourceURLs: ["*"] }), `${RULE}: a nonResourceURLs rule grants no resource`).toBe(false);
    expect(ruleAllows(urlRequest(bob, "get", "/api"), { verbs: ["*"], apiGroups: ["*"], resources: ["*"] }), `${RULE}: a resource rule grants no URL, even with every wildcard`).toBe(false);
  });

  it("URL prefixes and names: /apis/* covers every group's discovery, resourceNames restricts update and delete too", { meta: { weight: 1 } }, () => {
    const discovery: PolicyRule = { verbs: ["get"], nonResourceURLs: ["/api", "/api/*", "/apis", "/apis/*"] };
    for (const path of ["/api", "/api/v1", "/apis", "/apis/apps/v1"]) {
      expect(nonResourceURLMatches(discovery, path), `${RULE}: ${path} is covered by the discovery URLs`).toBe(true);
    }
    expect(nonResourceURLMatches(discovery, "/apisix"), `${RULE}: "/apis/*" needs the slash: "/apisix" is not under "/apis/"`).toBe(false);
    const named: PolicyRule = { verbs: ["update", "delete"], apiGroups: [""], resources: ["secrets"], resourceNames: ["tls"] };
    expect(ruleAllows(request(bob, "delete", "secrets", { namespace: "x", name: "tls" }), named), `${RULE}: deleting the named secret is allowed`).toBe(true);
    expect(ruleAllows(request(bob, "update", "secrets", { namespace: "x", name: "db" }), named), `${RULE}: updating another secret is not`).toBe(false);
  });

  it("an empty verb list allows nothing, even with every other wildcard", { meta: { weight: 1 } }, () => {
    expect(ruleAllows(request(bob, "get", "pods"), { verbs: [], apiGroups: ["*"], resources: ["*"] }), `${RULE}: VerbMatches: no verb listed, no verb matches`).toBe(false);
    expect(ruleAllows(request(bob, "get", "pods"), { verbs: ["*"], apiGroups: ["*"], resources: ["*"] }), `${RULE}: the all-wildcard rule (cluster-admin) covers everything`).toBe(true);
  });
});
