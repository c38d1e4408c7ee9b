// The resources whose OpenAPI paths we publish: enough for kubectl to find, for each kind, the
// PATCH operation that accepts `fieldValidation` (which is how kubectl learns that the server
// validates fields itself, so that it can skip client-side validation).
//
// SIMPLIFICATION: only the main resources; subresources (status, scale, binding, eviction) and
// watch paths are left out of `paths`, though their schemas are in the documents.

export interface ServedResource {
  group: string;
  version: string;
  kind: string;
  resource: string;
  namespaced: boolean;
  /** Create-only resources (reviews, bindings) have no item path. */
  createOnly?: boolean;
}

const r = (group: string, kind: string, resource: string, namespaced: boolean, createOnly = false): ServedResource =>
  createOnly ? { group, version: "v1", kind, resource, namespaced, createOnly } : { group, version: "v1", kind, resource, namespaced };

export const servedResources: readonly ServedResource[] = [
  r("", "Namespace", "namespaces", false),
  r("", "Pod", "pods", true),
  r("", "Node", "nodes", false),
  r("", "Service", "services", true),
  r("", "Endpoints", "endpoints", true),
  r("", "ConfigMap", "configmaps", true),
  r("", "Secret", "secrets", true),
  r("", "ServiceAccount", "serviceaccounts", true),
  r("", "Event", "events", true),
  r("", "ResourceQuota", "resourcequotas", true),
  r("", "LimitRange", "limitranges", true),
  r("", "Binding", "bindings", true, true),
  r("coordination.k8s.io", "Lease", "leases", true),
  r("admissionregistration.k8s.io", "MutatingWebhookConfiguration", "mutatingwebhookconfigurations", false),
  r("admissionregistration.k8s.io", "ValidatingWebhookConfiguration", "validatingwebhookconfigurations", false),
  r("apps", "Deployment", "deployments", true),
  r("apps", "ReplicaSet", "replicasets", true),
  r("apps", "StatefulSet", "statefulsets", true),
  r("batch", "Job", "jobs", true),
  r("batch", "CronJob", "cronjobs", true),
  r("rbac.authorization.k8s.io", "Role", "roles", true),
  r("rbac.authorization.k8s.io", "ClusterRole", "clusterroles", false),
  r("rbac.authorization.k8s.io", "RoleBinding", "rolebindings", true),
  r("rbac.authorization.k8s.io", "ClusterRoleBinding", "clusterrolebindings", false),
  r("scheduling.k8s.io", "PriorityClass", "priorityclasses", false),
  r("storage.k8s.io", "StorageClass", "storageclasses", false),
  r("policy", "PodDisruptionBudget", "poddisruptionbudgets", true),
  r("authorization.k8s.io", "SelfSubjectAccessReview", "selfsubjectaccessreviews", false, true),
  r("authorization.k8s.io", "SelfSubjectRulesReview", "selfsubjectrulesreviews", false, true),
];

/** `api/v1` for the core group, `apis/apps/v1` otherwise: the path prefix and the v3 document name. */
export function groupVersionPath(group: string, version: string): string {
  return group === "" ? `api/${version}` : `apis/${group}/${version}`;
}

/** The served group versions, in their v3 document names, sorted. */
export function servedGroupVersions(): string[] {
  return [...new Set(servedResources.map((x) => groupVersionPath(x.group, x.version)))].sort();
}
