// Which webhooks a request goes to: rules (operation, group, version, resource, scope), then
// the namespaceSelector against the namespace's labels, then the objectSelector against the
// object's labels (old or new).
//
// Reference: staging/src/k8s.io/apiserver/pkg/admission/plugin/webhook/predicates/rules/rules.go,
// .../predicates/namespace/matcher.go and .../predicates/object/matcher.go.
// SIMPLIFICATION: matchPolicy Equivalent (matching a request for another version of the same
// resource) is not implemented: rules match the request's own group, version and resource.

import { labelSelectorAsSelector } from "../../../api/label-selector";
import type { AdmissionAttributes, KubeObject } from "../../types";
import type { RuleWithOperations, Webhook } from "./types";

const matchesAny = (values: readonly string[], v: string): boolean => values.includes("*") || values.includes(v);

//> webhook-rule-matches
export function ruleMatches(rule: RuleWithOperations, a: AdmissionAttributes): boolean {
  if (!(rule.operations.includes("*") || rule.operations.includes(a.operation))) return false;
  if (!matchesAny(rule.apiGroups, a.resource.group) || !matchesAny(rule.apiVersions, a.resource.version)) return false;
  // "pods" is the main resource only, "pods/*" its subresources, "*" every main resource,
  // "*/*" everything, "*/status" every status subresource.
  const resourceOk = rule.resources.some((r) => {
    const slash = r.indexOf("/");
    const [res, sub] = slash === -1 ? [r, ""] : [r.slice(0, slash), r.slice(slash + 1)];
    return (res === "*" || res === a.resource.resource) && (sub === "*" || sub === a.subresource);
  });
  if (!resourceOk) return false;
  const scope = rule.scope ?? "*";
  if (scope === "Cluster") return a.namespace === "";
  if (scope === "Namespaced") return a.namespace !== "";
  return true;
}
//< webhook-rule-matches

/**
 * Does `webhook` want this request? `getNamespace` supplies namespace labels. A cluster-scoped
 * object other than a Namespace always passes the namespaceSelector; a Namespace is matched by
 * its own labels.
 */
export function webhookMatches(
  webhook: Webhook,
  a: AdmissionAttributes,
  getNamespace: (name: string) => KubeObject | undefined,
): boolean {
  if (!webhook.rules.some((r) => ruleMatches(r, a))) return false;
  if (webhook.namespaceSelector !== undefined) {
    const selector = labelSelectorAsSelector(webhook.namespaceSelector);
    let labels: Record<string, string> | undefined;
    if (a.resource.group === "" && a.resource.resource === "namespaces" && a.subresource === "") {
      labels = (a.object ?? a.oldObject)?.metadata?.labels ?? {};
    } else if (a.namespace !== "") {
      labels = getNamespace(a.namespace)?.metadata?.labels ?? {};
    }
    if (labels !== undefined && !selector.matches(labels)) return false;
  }
  if (webhook.objectSelector !== undefined) {
    const selector = labelSelectorAsSelector(webhook.objectSelector);
    const matchesObj = (o: KubeObject | undefined) => o !== undefined && selector.matches(o.metadata?.labels ?? {});
    if (!matchesObj(a.object) && !matchesObj(a.oldObject)) return false;
  }
  return true;
}
