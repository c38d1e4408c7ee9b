// Reference: k8s.io/apiserver/pkg/audit/policy/checker_test.go (the rule-matching cases).
import { describe, expect, it } from "vitest";
import type { RequestAttributes } from "../types";
import { evaluatePolicy, pathMatches, ruleMatches, type Policy } from "./policy";

const alice = { name: "alice", groups: ["devs", "system:authenticated"] };
const attrs = (a: Partial<RequestAttributes>): RequestAttributes => ({
  user: alice, verb: "get", isResourceRequest: true, path: "", namespace: "default", apiGroup: "", apiVersion: "v1",
  resource: "pods", subresource: "", name: "web", ...a,
});
const healthz = attrs({ isResourceRequest: false, path: "/healthz/etcd", resource: "", namespace: "", name: "", apiVersion: "" });

describe("audit policy", () => {
  const policy: Policy = {
    omitStages: ["RequestReceived"],
    rules: [
      { level: "None", nonResourceURLs: ["/healthz*"] },
      { level: "Metadata", resources: [{ group: "", resources: ["secrets"] }] },
      { level: "Request", users: ["alice"], verbs: ["create"], omitStages: ["ResponseStarted"] },
      { level: "RequestResponse", namespaces: ["kube-system"] },
    ],
  };

  it("uses the first rule that matches, with the policy's and the rule's omitted stages", () => {
    expect(evaluatePolicy(policy, healthz)).toEqual({ level: "None", omitStages: ["RequestReceived"] });
    expect(evaluatePolicy(policy, attrs({ resource: "secrets" })).level).toBe("Metadata");
    expect(evaluatePolicy(policy, attrs({ resource: "secrets", verb: "create" })).level).toBe("Metadata");
    expect(evaluatePolicy(policy, attrs({ verb: "create" }))).toEqual({ level: "Request", omitStages: ["RequestReceived", "ResponseStarted"] });
    expect(evaluatePolicy(policy, attrs({ namespace: "kube-system" })).level).toBe("RequestResponse");
  });

  it("audits nothing when no rule matches", () => {
    expect(evaluatePolicy(policy, attrs({})).level).toBe("None");
    expect(evaluatePolicy({ rules: [] }, attrs({})).level).toBe("None");
  });

  it("matches users, groups and verbs, and a rule without them matches everyone", () => {
    expect(ruleMatches({ level: "Metadata", userGroups: ["devs"] }, attrs({}))).toBe(true);
    expect(ruleMatches({ level: "Metadata", userGroups: ["ops"] }, attrs({}))).toBe(false);
    expect(ruleMatches({ level: "Metadata", users: ["bob"] }, attrs({}))).toBe(false);
    expect(ruleMatches({ level: "Metadata", verbs: ["get", "list"] }, attrs({}))).toBe(true);
    expect(ruleMatches({ level: "Metadata" }, healthz)).toBe(true);
  });

  it("matches resources by group, name, subresource and wildcards", () => {
    const rule = (resources: string[], group = "", resourceNames?: string[]) =>
      ({ level: "Metadata" as const, resources: [resourceNames ? { group, resources, resourceNames } : { group, resources }] });
    const log = attrs({ subresource: "log" });
    expect(ruleMatches(rule(["pods"]), log)).toBe(false);
    expect(ruleMatches(rule(["pods/log"]), log)).toBe(true);
    expect(ruleMatches(rule(["pods/*"]), log)).toBe(true);
    expect(ruleMatches(rule(["*/log"]), log)).toBe(true);
    expect(ruleMatches(rule(["*/status"]), log)).toBe(false);
    expect(ruleMatches(rule(["*"]), log)).toBe(true);
    expect(ruleMatches(rule(["pods"], "apps"), attrs({}))).toBe(false);
    expect(ruleMatches(rule(["pods"], "", ["web"]), attrs({}))).toBe(true);
    expect(ruleMatches(rule(["pods"], "", ["db"]), attrs({}))).toBe(false);
    expect(ruleMatches({ level: "Metadata", resources: [{ group: "" }] }, attrs({ resource: "configmaps" }))).toBe(true);
  });

  it("keeps resource rules off non-resource requests and the other way round", () => {
    expect(ruleMatches({ level: "Metadata", resources: [{ group: "" }] }, healthz)).toBe(false);
    expect(ruleMatches({ level: "Metadata", namespaces: [""] }, healthz)).toBe(false);
    expect(ruleMatches({ level: "Metadata", nonResourceURLs: ["*"] }, attrs({}))).toBe(false);
    expect(ruleMatches({ level: "Metadata", namespaces: [""] }, attrs({ namespace: "", resource: "nodes" }))).toBe(true);
  });

  it("matches non-resource URLs exactly or by a prefix ending in *", () => {
    expect(pathMatches("/healthz", "/healthz")).toBe(true);
    expect(pathMatches("/healthz/etcd", "/healthz")).toBe(false);
    expect(pathMatches("/healthz/etcd", "/healthz*")).toBe(true);
    expect(pathMatches("/metrics", "*")).toBe(true);
  });
});
