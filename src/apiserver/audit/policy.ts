// Audit policy: which requests are recorded, and how much of each.
//
//   apiVersion: audit.k8s.io/v1
//   kind: Policy
//   rules:
//   - level: None                     # the noisy health checks: nothing
//     nonResourceURLs: ["/healthz*", "/livez*", "/readyz*"]
//   - level: Metadata                 # secrets: who touched which, never the content
//     resources: [{ group: "", resources: ["secrets"] }]
//   - level: RequestResponse          # everything else: the objects too
//
// The rules are tried in order and the first that matches decides the level; a request no rule
// matches is not audited (level None). Each level includes the one before:
//   None             no event at all
//   Metadata         user, verb, objectRef, response status, timestamps, annotations
//   Request          + the request body (requestObject)
//   RequestResponse  + the response body (responseObject)
//
// Upstream: k8s.io/apiserver/pkg/apis/audit/v1/types.go (Policy, PolicyRule) and
// k8s.io/apiserver/pkg/audit/policy/checker.go (ruleMatches, ruleMatchesResource, pathMatches).
//
// SIMPLIFICATION: no omitManagedFields, and a policy is not validated (upstream rejects, for
// example, a rule with both resources and nonResourceURLs).

import type { RequestAttributes } from "../types";

export type Level = "None" | "Metadata" | "Request" | "RequestResponse";
/** The stages this course emits. Upstream also has ResponseStarted (long-running requests) and Panic. */
export type Stage = "RequestReceived" | "ResponseStarted" | "ResponseComplete" | "Panic";

/** audit.GroupResources. */
export interface GroupResources {
  /** "" is the core group. */
  group?: string;
  /** "pods", "pods/log", "pods/*", "*\/status", "*"; empty means every resource of the group. */
  resources?: string[];
  resourceNames?: string[];
}

/** audit.PolicyRule: every field given must match; an omitted field matches everything. */
export interface PolicyRule {
  level: Level;
  users?: string[];
  userGroups?: string[];
  verbs?: string[];
  resources?: GroupResources[];
  /** "" matches non-namespaced resources. */
  namespaces?: string[];
  /** "/healthz", or a prefix ending in "*": "/healthz*". */
  nonResourceURLs?: string[];
  omitStages?: Stage[];
}

/** audit.k8s.io/v1 Policy. */
export interface Policy {
  apiVersion?: "audit.k8s.io/v1";
  kind?: "Policy";
  rules: PolicyRule[];
  /** Stages omitted for every rule, in addition to each rule's own. */
  omitStages?: Stage[];
}

/** What the policy decided for one request: its level and the stages not to write. */
export interface RequestAuditConfig {
  level: Level;
  omitStages: Stage[];
}

//> audit-policy-evaluate
/** policy.Checker.EvaluatePolicyRule: the first matching rule wins; none matching means None. */
export function evaluatePolicy(policy: Policy, attrs: RequestAttributes): RequestAuditConfig {
  for (const rule of policy.rules) {
    if (ruleMatches(rule, attrs)) {
      return { level: rule.level, omitStages: union(policy.omitStages ?? [], rule.omitStages ?? []) };
    }
  }
  return { level: "None", omitStages: [] };
}

export function ruleMatches(r: PolicyRule, attrs: RequestAttributes): boolean {
  if (r.users?.length && !r.users.includes(attrs.user.name)) return false;
  if (r.userGroups?.length && !attrs.user.groups.some((g) => r.userGroups!.includes(g))) return false;
  if (r.verbs?.length && !r.verbs.includes(attrs.verb)) return false;
  if (r.namespaces?.length || r.resources?.length) return ruleMatchesResource(r, attrs);
  if (r.nonResourceURLs?.length) return ruleMatchesNonResource(r, attrs);
  return true;
}
//< audit-policy-evaluate

function ruleMatchesResource(r: PolicyRule, attrs: RequestAttributes): boolean {
  if (!attrs.isResourceRequest) return false;
  if (r.namespaces?.length && !r.namespaces.includes(attrs.namespace)) return false;
  if (!r.resources?.length) return true;
  const { resource, subresource, name } = attrs;
  const combined = subresource === "" ? resource : `${resource}/${subresource}`;
  for (const gr of r.resources) {
    if ((gr.group ?? "") !== attrs.apiGroup) continue;
    if (!gr.resources?.length) return true;
    if (gr.resourceNames?.length && !gr.resourceNames.includes(name)) continue;
    for (const res of gr.resources) {
      if (res === combined || res === "*") return true;
      if (subresource !== "" && res.startsWith("*/") && res.slice(2) === subresource) return true;
      if (res.endsWith("/*") && res.slice(0, -2) === resource) return true;
    }
  }
  return false;
}

function ruleMatchesNonResource(r: PolicyRule, attrs: RequestAttributes): boolean {
  if (attrs.isResourceRequest) return false;
  return (r.nonResourceURLs ?? []).some((spec) => pathMatches(attrs.path, spec));
}

/** "*" matches all; "/healthz*" matches by prefix; anything else exactly. */
export function pathMatches(path: string, spec: string): boolean {
  if (spec === "*" || spec === path) return true;
  return spec.endsWith("*") && path.startsWith(spec.replace(/\*+$/, ""));
}

function union(a: readonly Stage[], b: readonly Stage[]): Stage[] {
  return [...new Set([...a, ...b])];
}

/** Level.Less / GreaterOrEqual: levels in order None < Metadata < Request < RequestResponse. */
export function levelAtLeast(level: Level, min: Level): boolean {
  const order: Level[] = ["None", "Metadata", "Request", "RequestResponse"];
  return order.indexOf(level) >= order.indexOf(min);
}
