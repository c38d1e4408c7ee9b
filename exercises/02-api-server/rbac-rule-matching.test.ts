// Graded tests for the exercise "rbac-rule-matching" (chapter 02-api-server, 15 points). Each
// test's weight is the points it is worth (they add up to 15); see tools/exercises/points.ts.
// `@exercise/...` is your exercises/ file; the grader also runs these tests against the reference
// solution and the untouched stub (tools/exercises/README.md). Each test is a sentence; its
// failure message names the rule that was broken and where to read about it.
//
// Your functions are plugged into the real RBAC authorizer: vi.mock below replaces
// src/apiserver/authz/rbac-rules.ts, whose ruleAllows the authorizer (src/apiserver/authz/rbac.ts)
// calls for every rule of every role bound to the user. Upstream's table cases run first, then
// whole clusters of Roles and bindings are asked about whole requests.
import { describe, expect, it, vi } from "vitest";
import type { PolicyRule } from "kubernetes-types/rbac/v1";
import * as learner from "@exercise/02-api-server/rbac-rule-matching";
import { buildAuthorizer } from "../../src/apiserver/authz/authorizer";
import { InMemoryRbac, rbacAuthorizer } from "../../src/apiserver/authz/rbac";
import type { RequestAttributes } from "../../src/apiserver/types";
import {
  clusterRole, clusterRoleBinding, forbiddenMessage, request, role, roleBinding, show, urlRequest, user, viewRole,
} from "./support/rbac";

const { ruleAllows } = learner;

vi.mock("../../src/apiserver/authz/rbac-rules", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../src/apiserver/authz/rbac-rules")>()),
  ruleAllows: (attrs: RequestAttributes, rule: PolicyRule) => learner.ruleAllows(attrs, rule),
}));

const RULE = "RBAC RuleAllows (plugin/pkg/auth/authorizer/rbac/rbac.go; docs 'Using RBAC Authorization')";
const someone = user("bob");
const res = (verb: string, group: string, resource: string, subresource = "", name = "") =>
  request(someone, verb, resource, { apiGroup: group, subresource, name });
const url = (verb: string, path: string) => urlRequest(someone, verb, path);
const rule = (r: PolicyRule) => JSON.stringify(r);

describe("one rule against one request: upstream's table (plugin/pkg/auth/authorizer/rbac/rbac_test.go, TestRuleMatches)", () => {
  const cases: Array<{ name: string; weight: number; rule: PolicyRule; requests: Array<[RequestAttributes, boolean]> }> = [
    {
      name: "star verb, exact match other", weight: 1,
      rule: { verbs: ["*"], apiGroups: ["group1"], resources: ["resource1"] },
      requests: [[res("verb1", "group1", "resource1"), true], [res("verb1", "group2", "resource1"), false], [res("verb1", "group1", "resource2"), false], [res("verb2", "group1", "resource1"), true]],
    },
    {
      name: "star group, exact match other", weight: 1,
      rule: { verbs: ["verb1"], apiGroups: ["*"], resources: ["resource1"] },
      requests: [[res("verb1", "group1", "resource1"), true], [res("verb1", "group2", "resource1"), true], [res("verb1", "group1", "resource2"), false], [res("verb2", "group1", "resource1"), false]],
    },
    {
      name: "star resource, exact match other", weight: 1,
      rule: { verbs: ["verb1"], apiGroups: ["group1"], resources: ["*"] },
      requests: [[res("verb1", "group1", "resource1"), true], [res("verb1", "group2", "resource1"), false], [res("verb1", "group1", "resource2"), true], [res("verb2", "group1", "resource1"), false]],
    },
    {
      name: "tuple expansion", weight: 1,
      rule: { verbs: ["verb1", "verb2"], apiGroups: ["group1", "group2"], resources: ["resource1", "resource2"] },
      requests: [[res("verb1", "group1", "resource1"), true], [res("verb1", "group2", "resource2"), true], [res("verb2", "group2", "resource1"), true], [res("verb3", "group1", "resource1"), false], [res("verb1", "group3", "resource1"), false]],
    },
    {
      name: "subresource expansion", weight: 1,
      rule: { verbs: ["*"], apiGroups: ["*"], resources: ["resource1/subresource1"] },
      requests: [[res("verb1", "group1", "resource1", "subresource1"), true], [res("verb1", "group1", "resource1", "subresource2"), false], [res("verb1", "group1", "resource2", "subresource1"), false], [res("verb1", "group1", "resource1"), false]],
    },
    {
      name: "star nonresource, exact match other", weight: 0.5,
      rule: { verbs: ["verb1"], nonResourceURLs: ["*"] },
      requests: [[url("verb1", "/foo"), true], [url("verb1", "/foo/bar/one"), true], [url("verb2", "/foo"), false]],
    },
    {
      name: "star nonresource subpath", weight: 1,
      rule: { verbs: ["verb1"], nonResourceURLs: ["/foo/*"] },
      requests: [[url("verb1", "/foo"), false], [url("verb1", "/foo/bar"), true], [url("verb1", "/foo/bar/one"), true], [url("verb1", "/notfoo"), false], [url("verb1", "/notfoo/bar"), false]],
    },
    {
      name: "star verb, exact nonresource", weight: 0.5,
      rule: { verbs: ["*"], nonResourceURLs: ["/foo", "/foo/bar/one"] },
      requests: [[url("verb1", "/foo"), true], [url("verb1", "/foo/bar"), false], [url("verb1", "/foo/bar/one"), true], [url("verb2", "/foo/baz/one"), false]],
    },
  ];
  for (const c of cases) {
    it(`${c.name}: every request is allowed or not as upstream decides`, { meta: { weight: c.weight } }, () => {
      for (const [attrs, expected] of c.requests) {
        expect(ruleAllows(attrs, c.rule), `${RULE}, upstream case "${c.name}": the rule ${rule(c.rule)} ${expected ? "covers" : "does not cover"} "${show(attrs)}"`).toBe(expected);
      }
    });
  }
});

describe("subresources and names", () => {
  it("a */status rule covers the status of every resource, but neither the resources themselves nor another subresource", { meta: { weight: 1 } }, () => {
    const r: PolicyRule = { verbs: ["update"], apiGroups: ["*"], resources: ["*/status"] };
    expect(ruleAllows(res("update", "apps", "deployments", "status"), r), `${RULE}: "*/status" matches the subresource status of any resource (ResourceMatches)`).toBe(true);
    expect(ruleAllows(res("update", "", "pods", "status"), r), `${RULE}: "*/status" matches pods/status too`).toBe(true);
    expect(ruleAllows(res("update", "apps", "deployments"), r), `${RULE}: "*/status" is about the subresource only: a request without a subresource is not covered`).toBe(false);
    expect(ruleAllows(res("update", "", "pods", "log"), r), `${RULE}: "*/status" does not cover pods/log`).toBe(false);
    const sub: PolicyRule = { ...r, resources: ["*/substatus"] };
    expect(ruleAllows(res("update", "", "pods", "status"), sub), `${RULE}: "*/substatus" covers the subresource "substatus" only: the rule must equal "*/" + the requested subresource, not merely end with it`).toBe(false);
  });

  it("resourceNames limits a rule to the named objects, and an empty list means every name", { meta: { weight: 1 } }, () => {
    const named: PolicyRule = { verbs: ["get", "update"], apiGroups: [""], resources: ["configmaps"], resourceNames: ["app-config"] };
    expect(ruleAllows(res("get", "", "configmaps", "", "app-config"), named), `${RULE}: the name "app-config" is listed in resourceNames`).toBe(true);
    expect(ruleAllows(res("get", "", "configmaps", "", "other"), named), `${RULE}: ResourceNameMatches: "other" is not in resourceNames ["app-config"]`).toBe(false);
    expect(ruleAllows(res("list", "", "configmaps"), { ...named, verbs: ["list"] }), `${RULE}: a list has no name (""), which is never in a non-empty resourceNames`).toBe(false);
    const any: PolicyRule = { verbs: ["get"], apiGroups: [""], resources: ["configmaps"], resourceNames: [] };
    expect(ruleAllows(res("get", "", "configmaps", "", "whatever"), any), `${RULE}: an empty resourceNames means every name`).toBe(true);
  });
});

describe("plugged into the RBAC authorizer: whole requests against bound roles", () => {
  // dev: alice views (ClusterRole view bound by a RoleBinding); the CI bot may read logs only; the
  // app may read its own ConfigMap by name. Everyone authenticated may GET /healthz and /version.
  const rbac = new InMemoryRbac([
    viewRole,
    roleBinding("dev", "alice-views", "ClusterRole", "view", [{ kind: "User", name: "alice" }]),
    role("dev", "log-reader", [{ apiGroups: [""], resources: ["pods/log"], verbs: ["get"] }]),
    roleBinding("dev", "ci-reads-logs", "Role", "log-reader", [{ kind: "ServiceAccount", name: "ci" }]),
    role("dev", "own-config", [{ apiGroups: [""], resources: ["configmaps"], resourceNames: ["app-config"], verbs: ["get", "watch", "list"] }]),
    roleBinding("dev", "app-config", "Role", "own-config", [{ kind: "User", name: "app" }]),
    clusterRole("public-info", [{ nonResourceURLs: ["/healthz", "/version", "/livez*"], verbs: ["get"] }]),
    clusterRoleBinding("public-info", "public-info", [{ kind: "Group", name: "system:authenticated" }]),
  ]);
  // The chain kube-apiserver builds: system:masters first, then RBAC.
  const authz = buildAuthorizer([rbacAuthorizer(rbac)]);
  const decide = async (attrs: RequestAttributes) => (await authz.authorize(attrs)).decision;
  const alice = user("alice", "system:authenticated");
  const ci = user("system:serviceaccount:dev:ci", "system:serviceaccounts", "system:serviceaccounts:dev", "system:authenticated");
  const app = user("app", "system:authenticated");

  it("a user with the view role reads pods and deployments in her namespace but cannot create, delete or exec", { meta: { weight: 2 } }, async () => {
    for (const attrs of [
      request(alice, "get", "pods", { namespace: "dev", name: "web" }),
      request(alice, "list", "pods", { namespace: "dev" }),
      request(alice, "watch", "deployments", { namespace: "dev", apiGroup: "apps" }),
      request(alice, "get", "pods", { namespace: "dev", name: "web", subresource: "log" }),
    ]) {
      expect(await decide(attrs), `${RULE}: view grants get, list and watch: "${show(attrs)}" must be allowed`).toBe("Allow");
    }
    for (const attrs of [
      request(alice, "create", "pods", { namespace: "dev" }),
      request(alice, "delete", "deployments", { namespace: "dev", apiGroup: "apps", name: "web" }),
      request(alice, "create", "pods", { namespace: "dev", name: "web", subresource: "exec" }),
      request(alice, "get", "secrets", { namespace: "dev", name: "db" }),
      request(alice, "get", "deployments", { namespace: "dev", name: "web" }), // core group: view grants deployments in "apps" only
      request(alice, "list", "pods", { namespace: "prod" }),
    ]) {
      expect(
        await decide(attrs),
        `${RULE}: no rule of view covers "${show(attrs)}" (verb, group, resource with its subresource, namespace), so the request is forbidden: ${forbiddenMessage(attrs)}`,
      ).toBe("NoOpinion");
    }
  });

  it("a role with pods/log only reads logs, not the pods themselves", { meta: { weight: 1.5 } }, async () => {
    const log = request(ci, "get", "pods", { namespace: "dev", name: "web", subresource: "log" });
    expect(await decide(log), `${RULE}: the Role grants "pods/log": "${show(log)}" must be allowed`).toBe("Allow");
    for (const attrs of [
      request(ci, "get", "pods", { namespace: "dev", name: "web" }),
      request(ci, "list", "pods", { namespace: "dev" }),
      request(ci, "get", "pods", { namespace: "dev", name: "web", subresource: "status" }),
    ]) {
      expect(await decide(attrs), `${RULE}: "pods/log" is a resource of its own; it grants neither pods nor another subresource: "${show(attrs)}" must be forbidden`).toBe("NoOpinion");
    }
  });

  it("resourceNames lets the app get and watch its own ConfigMap by name, but not list the namespace's ConfigMaps", { meta: { weight: 1.5 } }, async () => {
    const own = request(app, "get", "configmaps", { namespace: "dev", name: "app-config" });
    expect(await decide(own), `${RULE}: the Role names "app-config" in resourceNames: "${show(own)}" must be allowed`).toBe("Allow");
    const other = request(app, "get", "configmaps", { namespace: "dev", name: "db-config" });
    expect(await decide(other), `${RULE}: "db-config" is not in resourceNames ["app-config"]: "${show(other)}" must be forbidden`).toBe("NoOpinion");
    const list = request(app, "list", "configmaps", { namespace: "dev" });
    expect(
      await decide(list),
      `${RULE}: a list names no object, and a rule with resourceNames matches only named requests (docs: "you cannot restrict list ... by resourceName"): "${show(list)}" must be forbidden although the rule lists the verb "list"`,
    ).toBe("NoOpinion");
  });

  it("non-resource URLs: /healthz and /livez/... are public to authenticated users, /metrics and other verbs are not", { meta: { weight: 1 } }, async () => {
    for (const path of ["/healthz", "/version", "/livez", "/livez/ping"]) {
      expect(await decide(urlRequest(alice, "get", path)), `${RULE}: NonResourceURLMatches: GET ${path} is covered by ["/healthz", "/version", "/livez*"]`).toBe("Allow");
    }
    expect(await decide(urlRequest(alice, "get", "/metrics")), `${RULE}: GET /metrics is not in the list and matches no prefix`).toBe("NoOpinion");
    expect(await decide(urlRequest(alice, "post", "/healthz")), `${RULE}: the verb must match for a URL too: POST /healthz is not granted`).toBe("NoOpinion");
    expect(
      await decide(request(alice, "get", "healthz", { namespace: "dev" })),
      `${RULE}: a nonResourceURLs rule never covers a resource request, even one whose resource is named "healthz"`,
    ).toBe("NoOpinion");
  });
});
