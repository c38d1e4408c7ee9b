import type { ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, Subject } from "kubernetes-types/rbac/v1";
import { describe, expect, it } from "vitest";
import type { RequestAttributes, UserInfo } from "../types";
import { requestAttributes } from "./authorizer";
import { InMemoryRbac, rbacAuthorizer } from "./rbac";
import { ruleAllows } from "./rbac-rules";

const someone: UserInfo = { name: "bob", groups: [] };
const res = (verb: string, group: string, resource: string, extra: Partial<RequestAttributes> = {}) =>
  requestAttributes({ user: someone, verb, apiGroup: group, resource, ...extra });
const url = (verb: string, path: string) => requestAttributes({ user: someone, verb, path, isResourceRequest: false });

// Reference: plugin/pkg/auth/authorizer/rbac/rbac_test.go, TestRuleMatches (same rules and requests).
describe("RBAC rule matching", () => {
  const cases: Array<{ name: string; rule: PolicyRule; requests: Array<[RequestAttributes, boolean]> }> = [
    {
      name: "star verb, exact match other",
      rule: { verbs: ["*"], apiGroups: ["group1"], resources: ["resource1"] },
      requests: [
        [res("verb1", "group1", "resource1"), true],
        [res("verb1", "group2", "resource1"), false],
        [res("verb1", "group1", "resource2"), false],
        [res("verb2", "group1", "resource1"), true],
      ],
    },
    {
      name: "star group, exact match other",
      rule: { verbs: ["verb1"], apiGroups: ["*"], resources: ["resource1"] },
      requests: [
        [res("verb1", "group1", "resource1"), true],
        [res("verb1", "group2", "resource1"), true],
        [res("verb1", "group1", "resource2"), false],
        [res("verb2", "group1", "resource1"), false],
      ],
    },
    {
      name: "star resource, exact match other",
      rule: { verbs: ["verb1"], apiGroups: ["group1"], resources: ["*"] },
      requests: [
        [res("verb1", "group1", "resource1"), true],
        [res("verb1", "group2", "resource1"), false],
        [res("verb1", "group1", "resource2"), true],
        [res("verb2", "group1", "resource1"), false],
      ],
    },
    {
      name: "tuple expansion",
      rule: { verbs: ["verb1", "verb2"], apiGroups: ["group1", "group2"], resources: ["resource1", "resource2"] },
      requests: [
        [res("verb1", "group1", "resource1"), true],
        [res("verb1", "group2", "resource2"), true],
        [res("verb2", "group2", "resource1"), true],
        [res("verb3", "group1", "resource1"), false],
        [res("verb1", "group3", "resource1"), false],
      ],
    },
    {
      name: "subresource expansion",
      rule: { verbs: ["*"], apiGroups: ["*"], resources: ["resource1/subresource1"] },
      requests: [
        [res("verb1", "group1", "resource1", { subresource: "subresource1" }), true],
        [res("verb1", "group1", "resource1", { subresource: "subresource2" }), false],
        [res("verb1", "group1", "resource2", { subresource: "subresource1" }), false],
        [res("verb1", "group1", "resource1"), false],
      ],
    },
    {
      name: "star nonresource, exact match other",
      rule: { verbs: ["verb1"], nonResourceURLs: ["*"] },
      requests: [
        [url("verb1", "/foo"), true],
        [url("verb1", "/foo/bar/one"), true],
        [url("verb2", "/foo"), false],
      ],
    },
    {
      name: "star nonresource subpath",
      rule: { verbs: ["verb1"], nonResourceURLs: ["/foo/*"] },
      requests: [
        [url("verb1", "/foo"), false],
        [url("verb1", "/foo/bar"), true],
        [url("verb1", "/foo/bar/one"), true],
        [url("verb1", "/notfoo"), false],
        [url("verb1", "/notfoo/bar"), false],
      ],
    },
    {
      name: "star verb, exact nonresource",
      rule: { verbs: ["*"], nonResourceURLs: ["/foo", "/foo/bar/one"] },
      requests: [
        [url("verb1", "/foo"), true],
        [url("verb1", "/foo/bar"), false],
        [url("verb1", "/foo/bar/one"), true],
        [url("verb2", "/foo/baz/one"), false],
      ],
    },
  ];
  for (const c of cases) {
    it(`${c.name}: each request is matched as upstream`, () => {
      for (const [attrs, expected] of c.requests) {
        expect({ path: attrs.path, verb: attrs.verb, group: attrs.apiGroup, resource: attrs.resource, sub: attrs.subresource, allowed: ruleAllows(attrs, c.rule) })
          .toEqual({ path: attrs.path, verb: attrs.verb, group: attrs.apiGroup, resource: attrs.resource, sub: attrs.subresource, allowed: expected });
      }
    });
  }

  it("a */status rule matches the status subresource of every resource, but not the resource itself", () => {
    const rule: PolicyRule = { verbs: ["update"], apiGroups: ["*"], resources: ["*/status"] };
    expect(ruleAllows(res("update", "apps", "deployments", { subresource: "status" }), rule)).toBe(true);
    expect(ruleAllows(res("update", "apps", "deployments"), rule)).toBe(false);
    expect(ruleAllows(res("update", "", "pods", { subresource: "log" }), rule)).toBe(false);
  });
  it("resourceNames restricts a rule to the named objects, and a list (no name) does not match it", () => {
    const rule: PolicyRule = { verbs: ["get", "list"], apiGroups: [""], resources: ["configmaps"], resourceNames: ["app-config"] };
    expect(ruleAllows(res("get", "", "configmaps", { name: "app-config" }), rule)).toBe(true);
    expect(ruleAllows(res("get", "", "configmaps", { name: "other" }), rule)).toBe(false);
    expect(ruleAllows(res("list", "", "configmaps"), rule)).toBe(false);
  });
});

const role = (ns: string, name: string, rules: PolicyRule[]): Role => ({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { namespace: ns, name }, rules });
const clusterRole = (name: string, rules: PolicyRule[], labels?: Record<string, string>): ClusterRole => ({
  apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name, ...(labels ? { labels } : {}) }, rules,
});
const binding = (ns: string, name: string, roleKind: "Role" | "ClusterRole", roleName: string, subjects: Subject[]): RoleBinding => ({
  apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: { namespace: ns, name },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: roleKind, name: roleName }, subjects,
});
const clusterBinding = (name: string, roleName: string, subjects: Subject[]): ClusterRoleBinding => ({
  apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: roleName }, subjects,
});
const user = (name: string, ...groups: string[]): UserInfo => ({ name, groups });

describe("the RBAC authorizer", () => {
  const podReader: PolicyRule = { verbs: ["get", "list", "watch"], apiGroups: [""], resources: ["pods"] };
  const rbac = new InMemoryRbac([
    role("default", "pod-reader", [podReader]),
    binding("default", "bob-reads-pods", "Role", "pod-reader", [{ kind: "User", name: "bob" }]),
    clusterRole("view", [podReader, { verbs: ["get"], nonResourceURLs: ["/healthz", "/version"] }]),
    binding("dev", "devs-view", "ClusterRole", "view", [{ kind: "Group", name: "devs" }]),
    clusterBinding("everyone-health", "view", [{ kind: "Group", name: "system:authenticated" }]),
    binding("ci", "builder-view", "ClusterRole", "view", [{ kind: "ServiceAccount", name: "builder" }]),
    binding("ci", "dangling", "Role", "missing", [{ kind: "User", name: "carol" }]),
  ]);
  const authz = rbacAuthorizer(rbac);

  it("allows a verb a RoleBinding grants, and says which binding allowed it", () => {
    expect(authz.authorize(res("get", "", "pods", { namespace: "default", user: user("bob") }))).toEqual({
      decision: "Allow", reason: 'RBAC: allowed by RoleBinding "bob-reads-pods/default" of Role "pod-reader" to User "bob"',
    });
  });
  it("has no opinion (never denies) on a verb no rule grants", () => {
    expect(authz.authorize(res("delete", "", "pods", { namespace: "default", user: user("bob") }))).toEqual({ decision: "NoOpinion", reason: "" });
  });
  it("confines a RoleBinding to its namespace", () => {
    expect(authz.authorize(res("get", "", "pods", { namespace: "kube-system", user: user("bob") })).decision).toBe("NoOpinion");
  });
  it("applies a ClusterRole bound by a RoleBinding only in that namespace", () => {
    expect(authz.authorize(res("list", "", "pods", { namespace: "dev", user: user("dan", "devs") })).decision).toBe("Allow");
    expect(authz.authorize(res("list", "", "pods", { namespace: "prod", user: user("dan", "devs") })).decision).toBe("NoOpinion");
  });
  it("applies a ClusterRoleBinding everywhere, non-resource URLs included", () => {
    const r = authz.authorize(url("get", "/healthz"));
    expect(r.decision).toBe("NoOpinion"); // bob is not in system:authenticated here
    const u = { ...url("get", "/healthz"), user: user("eve", "system:authenticated") };
    expect(authz.authorize(u)).toEqual({
      decision: "Allow", reason: 'RBAC: allowed by ClusterRoleBinding "everyone-health" of ClusterRole "view" to Group "system:authenticated"',
    });
  });
  it("matches a ServiceAccount subject without a namespace in the binding's namespace", () => {
    const sa = user("system:serviceaccount:ci:builder", "system:serviceaccounts", "system:serviceaccounts:ci");
    expect(authz.authorize(res("get", "", "pods", { namespace: "ci", user: sa }))).toEqual({
      decision: "Allow", reason: 'RBAC: allowed by RoleBinding "builder-view/ci" of ClusterRole "view" to ServiceAccount "builder/ci"',
    });
    const other = user("system:serviceaccount:default:builder");
    expect(authz.authorize(res("get", "", "pods", { namespace: "ci", user: other })).decision).toBe("NoOpinion");
  });
  it("reports a binding to a missing role as the reason", () => {
    expect(authz.authorize(res("get", "", "pods", { namespace: "ci", user: user("carol") }))).toEqual({
      decision: "NoOpinion", reason: 'RBAC: role.rbac.authorization.k8s.io "missing" not found',
    });
  });
  it("aggregates the rules of labelled ClusterRoles into an aggregated ClusterRole", () => {
    const store = new InMemoryRbac([
      { ...clusterRole("monitoring", []), aggregationRule: { clusterRoleSelectors: [{ matchLabels: { "rbac.example.com/aggregate-to-monitoring": "true" } }] } },
      clusterRole("read-metrics", [{ verbs: ["get"], nonResourceURLs: ["/metrics"] }], { "rbac.example.com/aggregate-to-monitoring": "true" }),
      clusterRole("unrelated", [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }]),
      clusterBinding("prom", "monitoring", [{ kind: "User", name: "prometheus" }]),
    ]);
    const a = rbacAuthorizer(store);
    expect(a.authorize({ ...url("get", "/metrics"), user: user("prometheus") }).decision).toBe("Allow");
    expect(a.authorize(res("get", "", "secrets", { namespace: "x", user: user("prometheus") })).decision).toBe("NoOpinion");
  });
});
