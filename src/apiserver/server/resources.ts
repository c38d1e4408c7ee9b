// The resources this API server serves, as discovery reports them (`kubectl api-resources`):
// for each, its group and version, Kind, plural and singular names, scope, short names,
// categories, verbs and subresources.
//
//   $ kubectl api-resources
//   NAME          SHORTNAMES   APIVERSION   NAMESPACED   KIND
//   pods          po           v1           true         Pod
//   deployments   deploy       apps/v1      true         Deployment
//   ...
//
// Upstream, each resource's REST storage declares these (pkg/registry/<group>/<resource>/storage:
// ShortNames(), Categories(), the interfaces it implements give the verbs) and the discovery
// handler lists them (k8s.io/apiserver/pkg/endpoints/installer.go). The values below are what a
// v1.32 kube-apiserver reports.
//
// SIMPLIFICATION: one version per group (the preferred one); no `bindings` (the legacy
// /api/v1/namespaces/<ns>/bindings), no componentstatuses, no storageVersionHash.

/** A subresource: pods/status, deployments/scale, pods/binding... */
export interface SubresourceInfo {
  /** "status", "scale", "binding", "eviction". */
  name: string;
  /** The kind the subresource speaks, when it is not the parent's: Scale, Binding, Eviction. */
  kind: string;
  /** Set when the kind is in another group/version: autoscaling/v1 for Scale, policy/v1 for Eviction. */
  group?: string;
  version?: string;
  verbs: readonly string[];
}

export interface ResourceInfo {
  group: string;
  version: string;
  kind: string;
  /** The plural resource name, as in URLs: "pods". */
  resource: string;
  singular: string;
  namespaced: boolean;
  shortNames: readonly string[];
  categories: readonly string[];
  verbs: readonly string[];
  subresources: readonly SubresourceInfo[];
  /**
   * Whether a PUT of an object that does not exist creates it (201) rather than answering 404:
   * the strategy's AllowCreateOnUpdate(). See createOnUpdate below for the sources.
   */
  allowCreateOnUpdate: boolean;
}

/**
 * The resources whose strategy answers `AllowCreateOnUpdate() bool { return true }`, in
 * kubernetes/kubernetes:
 *   pkg/registry/core/endpoint/strategy.go                 endpoints
 *   pkg/registry/core/event/strategy.go                    events
 *   pkg/registry/core/limitrange/strategy.go               limitranges
 *   pkg/registry/core/service/strategy.go                  services
 *   pkg/registry/coordination/lease/strategy.go            leases
 *   pkg/registry/rbac/{role,rolebinding,clusterrole,clusterrolebinding}/strategy.go
 * The strategies of the other resources served here return false, so a PUT of a missing one is a
 * 404: configmaps, namespaces, nodes, persistentvolumeclaims, pods, resourcequotas, secrets,
 * serviceaccounts (pkg/registry/core/<kind>/strategy.go); deployments, replicasets,
 * statefulsets (apps); jobs, cronjobs (batch); poddisruptionbudgets (policy, whose doc comment
 * says "true" above a `return false`); priorityclasses (scheduling); storageclasses (storage);
 * mutating- and validatingwebhookconfigurations (admissionregistration). The two self-reviews
 * serve no update at all.
 */
const createOnUpdate = new Set([
  "endpoints", "events", "limitranges", "services", "leases", "roles", "rolebindings", "clusterroles", "clusterrolebindings",
]);

/** What a resource with full CRUD answers (sorted, as discovery prints them). */
const crud = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"] as const;
const statusSub: SubresourceInfo = { name: "status", kind: "", verbs: ["get", "patch", "update"] };
const scaleSub: SubresourceInfo = { name: "scale", kind: "Scale", group: "autoscaling", version: "v1", verbs: ["get", "patch", "update"] };

function r(
  group: string, version: string, kind: string, resource: string, namespaced: boolean,
  extra: { shortNames?: string[]; categories?: string[]; verbs?: readonly string[]; subresources?: SubresourceInfo[] } = {},
): ResourceInfo {
  return {
    group, version, kind, resource, singular: kind.toLowerCase(), namespaced,
    shortNames: extra.shortNames ?? [], categories: extra.categories ?? [], verbs: extra.verbs ?? crud,
    subresources: (extra.subresources ?? []).map((s) => (s.kind === "" ? { ...s, kind } : s)),
    allowCreateOnUpdate: createOnUpdate.has(resource),
  };
}

//> apiserver-resource-catalog
/** Every resource served, in discovery order (core first, then by group). */
export const RESOURCES: readonly ResourceInfo[] = [
  r("", "v1", "ConfigMap", "configmaps", true, { shortNames: ["cm"] }),
  r("", "v1", "Endpoints", "endpoints", true, { shortNames: ["ep"] }),
  r("", "v1", "Event", "events", true, { shortNames: ["ev"] }),
  r("", "v1", "LimitRange", "limitranges", true, { shortNames: ["limits"] }),
  r("", "v1", "Namespace", "namespaces", false, {
    shortNames: ["ns"], verbs: ["create", "delete", "get", "list", "patch", "update", "watch"], subresources: [statusSub],
  }),
  r("", "v1", "Node", "nodes", false, { shortNames: ["no"], subresources: [statusSub] }),
  r("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true, { shortNames: ["pvc"], subresources: [statusSub] }),
  r("", "v1", "Pod", "pods", true, {
    shortNames: ["po"], categories: ["all"],
    subresources: [
      { name: "binding", kind: "Binding", verbs: ["create"] },
      { name: "eviction", kind: "Eviction", group: "policy", version: "v1", verbs: ["create"] },
      statusSub,
    ],
  }),
  r("", "v1", "ResourceQuota", "resourcequotas", true, { shortNames: ["quota"], subresources: [statusSub] }),
  r("", "v1", "Secret", "secrets", true),
  r("", "v1", "ServiceAccount", "serviceaccounts", true, { shortNames: ["sa"] }),
  r("", "v1", "Service", "services", true, {
    shortNames: ["svc"], categories: ["all"], verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
    subresources: [statusSub],
  }),
  r("apps", "v1", "Deployment", "deployments", true, { shortNames: ["deploy"], categories: ["all"], subresources: [scaleSub, statusSub] }),
  r("apps", "v1", "ReplicaSet", "replicasets", true, { shortNames: ["rs"], categories: ["all"], subresources: [scaleSub, statusSub] }),
  r("apps", "v1", "StatefulSet", "statefulsets", true, { shortNames: ["sts"], categories: ["all"], subresources: [scaleSub, statusSub] }),
  r("authorization.k8s.io", "v1", "SelfSubjectAccessReview", "selfsubjectaccessreviews", false, { verbs: ["create"] }),
  r("authorization.k8s.io", "v1", "SelfSubjectRulesReview", "selfsubjectrulesreviews", false, { verbs: ["create"] }),
  r("batch", "v1", "CronJob", "cronjobs", true, { shortNames: ["cj"], categories: ["all"], subresources: [statusSub] }),
  r("batch", "v1", "Job", "jobs", true, { categories: ["all"], subresources: [statusSub] }),
  r("coordination.k8s.io", "v1", "Lease", "leases", true),
  r("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true, { shortNames: ["pdb"], subresources: [statusSub] }),
  r("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false),
  r("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false),
  r("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true),
  r("rbac.authorization.k8s.io", "v1", "Role", "roles", true),
  r("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", false, { shortNames: ["pc"] }),
  r("storage.k8s.io", "v1", "StorageClass", "storageclasses", false, { shortNames: ["sc"] }),
  // Dynamic admission: cluster-scoped, category api-extensions (pkg/registry/admissionregistration).
  // Last, as upstream registers the group after storage.k8s.io.
  r("admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration", "mutatingwebhookconfigurations", false, { categories: ["api-extensions"] }),
  r("admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration", "validatingwebhookconfigurations", false, { categories: ["api-extensions"] }),
];
//< apiserver-resource-catalog

/** The API groups, in the order /apis lists them (upstream: by registration priority; here as above). */
export function apiGroups(): { name: string; version: string }[] {
  const seen = new Map<string, string>();
  for (const info of RESOURCES) if (info.group !== "" && !seen.has(info.group)) seen.set(info.group, info.version);
  return [...seen].map(([name, version]) => ({ name, version }));
}

const byPath = new Map(RESOURCES.map((info) => [`${info.group}/${info.version}/${info.resource}`, info]));
const byResource = new Map(RESOURCES.map((info) => [info.resource, info]));

/** The resource at /api(s)/<group>/<version>/<resource>, or undefined (404). */
export function lookupResource(group: string, version: string, resource: string): ResourceInfo | undefined {
  return byPath.get(`${group}/${version}/${resource}`);
}

/** The resource with this plural name (they are unique across the groups served here). */
export function resourceByName(resource: string): ResourceInfo | undefined {
  return byResource.get(resource);
}

/** The subresource of a resource, or undefined (404). */
export function lookupSubresource(info: ResourceInfo, subresource: string): SubresourceInfo | undefined {
  return info.subresources.find((s) => s.name === subresource);
}

/** "v1" or "apps/v1". */
export function apiVersionOf(info: { group: string; version: string }): string {
  return info.group === "" ? info.version : `${info.group}/${info.version}`;
}

/** The GroupResource errors name: pods, deployments.apps. */
export function groupResourceOf(info: ResourceInfo): { group: string; resource: string } {
  return { group: info.group, resource: info.resource };
}
