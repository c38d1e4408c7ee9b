// Does one RBAC PolicyRule cover one request? Four questions, all of which must be yes:
// the verb, the API group, the resource (with its subresource) and the name; or, for a
// non-resource request such as GET /healthz, the verb and the URL.
//
//   rules:
//   - apiGroups: [""]                 "" is the core group (pods, services...); "*" any group
//     resources: ["pods", "pods/log"] "pods" does NOT cover "pods/log": subresources are separate
//     resourceNames: ["web"]          empty means every name
//     verbs: ["get", "list"]          "*" any verb
//   - nonResourceURLs: ["/healthz", "/apis/*"]   a trailing * matches the prefix
//     verbs: ["get"]
//
// Upstream: k8s.io/kubernetes/plugin/pkg/auth/authorizer/rbac/rbac.go (RuleAllows) and
// pkg/apis/rbac/v1/evaluation_helpers.go (VerbMatches, APIGroupMatches, ResourceMatches,
// ResourceNameMatches, NonResourceURLMatches).

import type { PolicyRule } from "kubernetes-types/rbac/v1";
import type { RequestAttributes } from "../types";

export const VerbAll = "*";
export const APIGroupAll = "*";
export const ResourceAll = "*";
export const NonResourceAll = "*";

export function verbMatches(rule: PolicyRule, requestedVerb: string): boolean {
  return rule.verbs.some((v) => v === VerbAll || v === requestedVerb);
}

export function apiGroupMatches(rule: PolicyRule, requestedGroup: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === APIGroupAll || g === requestedGroup);
}

/**
 * `combinedRequestedResource` is "pods" or "pods/log". A rule resource matches when it is "*",
 * equal, or "*\/<subresource>" (every resource's status, for instance "*\/status").
 */
export function resourceMatches(rule: PolicyRule, combinedRequestedResource: string, requestedSubresource: string): boolean {
  for (const r of rule.resources ?? []) {
    if (r === ResourceAll || r === combinedRequestedResource) return true;
    if (requestedSubresource === "") continue;
    if (r.length === requestedSubresource.length + 2 && r.startsWith("*/") && r.endsWith(requestedSubresource)) return true;
  }
  return false;
}

export function resourceNameMatches(rule: PolicyRule, requestedName: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(requestedName);
}

export function nonResourceURLMatches(rule: PolicyRule, requestedURL: string): boolean {
  for (const url of rule.nonResourceURLs ?? []) {
    if (url === NonResourceAll || url === requestedURL) return true;
    if (url.endsWith("*") && requestedURL.startsWith(url.replace(/\*+$/, ""))) return true;
  }
  return false;
}

//> rule-allows
export function ruleAllows(attrs: RequestAttributes, rule: PolicyRule): boolean {
  if (attrs.isResourceRequest) {
    const combinedResource = attrs.subresource === "" ? attrs.resource : `${attrs.resource}/${attrs.subresource}`;
    return (
      verbMatches(rule, attrs.verb) &&
      apiGroupMatches(rule, attrs.apiGroup) &&
      resourceMatches(rule, combinedResource, attrs.subresource) &&
      resourceNameMatches(rule, attrs.name)
    );
  }
  return verbMatches(rule, attrs.verb) && nonResourceURLMatches(rule, attrs.path);
}
//< rule-allows

/** Go's %q of a []string: ["a" "b"]. */
function q(list: readonly string[]): string {
  return `[${list.map((s) => JSON.stringify(s)).join(" ")}]`;
}

/** rbacv1helpers.CompactString: `{APIGroups:["apps"], Resources:["deployments"], Verbs:["create"]}`. */
export function compactString(r: PolicyRule): string {
  const parts: string[] = [];
  if ((r.apiGroups ?? []).length > 0) parts.push(`APIGroups:${q(r.apiGroups!)}`);
  if ((r.resources ?? []).length > 0) parts.push(`Resources:${q(r.resources!)}`);
  if ((r.nonResourceURLs ?? []).length > 0) parts.push(`NonResourceURLs:${q(r.nonResourceURLs!)}`);
  if ((r.resourceNames ?? []).length > 0) parts.push(`ResourceNames:${q(r.resourceNames!)}`);
  if (r.verbs.length > 0) parts.push(`Verbs:${q(r.verbs)}`);
  return `{${parts.join(", ")}}`;
}
