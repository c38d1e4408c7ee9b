// RBAC rule matching: does one PolicyRule of a Role cover one request?
//
// Authorization asks "may user U do verb V on resource R (in namespace N, named X)?". RBAC answers
// by walking the rules of every role bound to U (that walk is done for you: RuleResolver in
// src/apiserver/authz/rbac.ts) and allowing the request as soon as ONE rule covers it. RBAC has no
// deny rules, so a rule can only say "yes" or "not me". You write the rule check:
//
//   rules:
//   - apiGroups: [""]                 "" is the core group (pods, services...); "*" any group
//     resources: ["pods", "pods/log"] "pods" does NOT cover "pods/log": a subresource is its own
//                                     resource; "*/log" covers the log of every resource, "*" all
//     resourceNames: ["web"]          empty means every name; a list limits get/update/delete to
//                                     those names (a plain list names nothing, so it never matches)
//     verbs: ["get", "list"]          "*" any verb
//   - nonResourceURLs: ["/healthz", "/apis/*"]   a trailing * matches every path with that prefix
//     verbs: ["get"]
//
// A resource request (isResourceRequest) must match the verb, the group, the resource and the
// name; a non-resource request (GET /healthz) the verb and the URL. The request's attributes are
// in RequestAttributes (src/apiserver/types.ts): verb, apiGroup, resource, subresource, name, path.
//
// Your functions replace src/apiserver/authz/rbac-rules.ts in the real RBAC authorizer: the graded
// tests bind roles to users and ask the authorizer about whole requests.
// src/apiserver/authz/rbac-rules.ts is the course's own answer: try before you look at it.
import type { PolicyRule } from "kubernetes-types/rbac/v1";
import type { RequestAttributes } from "../../src/apiserver/types";

/** rbacv1.VerbAll, APIGroupAll, ResourceAll, NonResourceAll: the wildcard of each list. */
export const VerbAll = "*";
export const APIGroupAll = "*";
export const ResourceAll = "*";
export const NonResourceAll = "*";

/** VerbMatches: the rule lists the verb, or "*". */
export function verbMatches(rule: PolicyRule, requestedVerb: string): boolean {
  // SOLUTION BEGIN
  // TODO(rbac-rule-matching): true when some verb of rule.verbs is VerbAll or equal to requestedVerb.
  // Read: pkg/apis/rbac/v1/evaluation_helpers.go, VerbMatches.
  // STUB: return false;
  return rule.verbs.some((v) => v === VerbAll || v === requestedVerb);
  // SOLUTION END
}

/** APIGroupMatches: the rule lists the group ("" is the core group), or "*". */
export function apiGroupMatches(rule: PolicyRule, requestedGroup: string): boolean {
  // SOLUTION BEGIN
  // TODO(rbac-rule-matching): as verbMatches, over rule.apiGroups (which may be missing: no group at all).
  // STUB: return false;
  return (rule.apiGroups ?? []).some((g) => g === APIGroupAll || g === requestedGroup);
  // SOLUTION END
}

/**
 * ResourceMatches. `combinedRequestedResource` is "pods" or, with a subresource, "pods/log";
 * `requestedSubresource` is "" or "log". A rule resource matches when it is "*", equal to the
 * combined resource, or "*\/<the requested subresource>" ("*\/status": the status of everything).
 */
export function resourceMatches(rule: PolicyRule, combinedRequestedResource: string, requestedSubresource: string): boolean {
  // SOLUTION BEGIN
  // TODO(rbac-rule-matching): loop over rule.resources with the three ways to match above. "pods"
  // must not match "pods/log", and "*/log" only matches a request WITH the subresource "log".
  // Read: pkg/apis/rbac/v1/evaluation_helpers.go, ResourceMatches.
  // STUB: return false;
  for (const r of rule.resources ?? []) {
    if (r === ResourceAll || r === combinedRequestedResource) return true;
    if (requestedSubresource === "") continue;
    if (r === `*/${requestedSubresource}`) return true;
  }
  return false;
  // SOLUTION END
}

/** ResourceNameMatches: no resourceNames means every name; otherwise the name must be listed. */
export function resourceNameMatches(rule: PolicyRule, requestedName: string): boolean {
  // SOLUTION BEGIN
  // TODO(rbac-rule-matching): an empty (or missing) rule.resourceNames matches any name, even "".
  // STUB: return false;
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(requestedName);
  // SOLUTION END
}

/** NonResourceURLMatches: "*", the exact path, or a prefix ending in "*" ("/apis/*"). */
export function nonResourceURLMatches(rule: PolicyRule, requestedURL: string): boolean {
  // SOLUTION BEGIN
  // TODO(rbac-rule-matching): loop over rule.nonResourceURLs. A URL ending in "*" matches every
  // path that starts with it minus its trailing stars (Go: strings.TrimRight(ruleURL, "*")).
  // STUB: return false;
  for (const url of rule.nonResourceURLs ?? []) {
    if (url === NonResourceAll || url === requestedURL) return true;
    if (url.endsWith("*") && requestedURL.startsWith(url.replace(/\*+$/, ""))) return true;
  }
  return false;
  // SOLUTION END
}

/** RuleAllows: does `rule` cover the request described by `attrs`? */
export function ruleAllows(attrs: RequestAttributes, rule: PolicyRule): boolean {
  // SOLUTION BEGIN
  // TODO(rbac-rule-matching): for a resource request (attrs.isResourceRequest), combine the resource
  // and subresource as "resource/subresource" (just "resource" without one) and require the verb,
  // group, resource and name to match; otherwise the verb and the URL (attrs.path).
  // Read: plugin/pkg/auth/authorizer/rbac/rbac.go, RuleAllows; docs "Using RBAC Authorization",
  // "Referring to resources" (https://kubernetes.io/docs/reference/access-authn-authz/rbac/).
  // STUB: return false;
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
  // SOLUTION END
}
