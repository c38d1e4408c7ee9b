// Where objects live in etcd: `/registry/<resource>/<namespace>/<name>` for namespaced kinds,
// `/registry/<resource>/<name>` for cluster-scoped ones (nodes, namespaces, clusterroles...).
//
// Real clusters use these keys too (`etcdctl get --prefix /registry/pods/default/`), with a few
// historical exceptions kept for compatibility (services are under `/registry/services/specs/`,
// deployments under `/registry/deployments/`, whatever their group). The resource prefix is
// per-resource configuration in the API server (`--etcd-prefix` plus
// k8s.io/apiserver/pkg/server/storage/resource_config.go); this course uses the plain form.
//
// Reference: k8s.io/apiserver/pkg/registry/generic/registry/store.go (NamespaceKeyFunc, NoNamespaceKeyFunc).
import type { GroupResource } from "../../api/status";

export const REGISTRY_PREFIX = "/registry";

//> object-key
/** The key of one object: `/registry/pods/default/web`, or `/registry/nodes/node-1` with namespace "". */
export function objectKey(resource: string, namespace: string, name: string): string {
  return namespace === "" ? `${REGISTRY_PREFIX}/${resource}/${name}` : `${REGISTRY_PREFIX}/${resource}/${namespace}/${name}`;
}

/** The prefix of a collection, with its trailing slash: `/registry/pods/`, `/registry/pods/default/`. */
export function collectionKey(resource: string, namespace = ""): string {
  return namespace === "" ? `${REGISTRY_PREFIX}/${resource}/` : `${REGISTRY_PREFIX}/${resource}/${namespace}/`;
}
//< object-key

/** The parts of a key: `/registry/pods/default/web` → pods, default, web. */
export interface ParsedKey {
  resource: string;
  namespace: string;
  name: string;
}

export function parseKey(key: string): ParsedKey {
  const parts = key.startsWith(`${REGISTRY_PREFIX}/`) ? key.slice(REGISTRY_PREFIX.length + 1).split("/") : key.split("/");
  const resource = parts[0] ?? "";
  if (parts.length >= 3) return { resource, namespace: parts[1] ?? "", name: parts.slice(2).join("/") };
  return { resource, namespace: "", name: parts[1] ?? "" };
}

/** The key prefix of a key's resource: `/registry/pods/default/web` → `/registry/pods/`. */
export function resourcePrefixOf(key: string): string {
  return collectionKey(parseKey(key).resource);
}

/** API groups of the resources the course serves, for error messages (`deployments.apps "web" not found`). */
const GROUPS: Readonly<Record<string, string>> = {
  mutatingwebhookconfigurations: "admissionregistration.k8s.io", validatingwebhookconfigurations: "admissionregistration.k8s.io",
  deployments: "apps", replicasets: "apps", statefulsets: "apps", daemonsets: "apps", controllerrevisions: "apps",
  jobs: "batch", cronjobs: "batch",
  leases: "coordination.k8s.io",
  roles: "rbac.authorization.k8s.io", clusterroles: "rbac.authorization.k8s.io",
  rolebindings: "rbac.authorization.k8s.io", clusterrolebindings: "rbac.authorization.k8s.io",
  priorityclasses: "scheduling.k8s.io",
  storageclasses: "storage.k8s.io",
};

/** The GroupResource a key belongs to, as errors name it. */
export function groupResourceOf(key: string): GroupResource {
  const { resource } = parseKey(key);
  return { group: GROUPS[resource] ?? "", resource };
}
