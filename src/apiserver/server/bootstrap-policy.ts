// The RBAC policy every cluster starts with: the roles kube-apiserver writes at startup (its
// `rbac/bootstrap-roles` post-start hook) so that an administrator, `kubectl`, and a kubelet can
// work before anyone has written a single Role.
//
//   cluster-admin          everything; bound to the group system:masters
//   admin, edit, view      the namespace-level roles users are given with a RoleBinding,
//                          aggregated from system:aggregate-to-{admin,edit,view}
//   system:discovery       discovery and health paths, for every authenticated user
//   system:public-info-viewer  /version and health, for everyone, even anonymous
//   system:basic-user      "may I?" (SelfSubjectAccessReview), for every authenticated user
//   system:node            what a kubelet needs beyond the Node authorizer
//   system:kube-scheduler  what the scheduler reads and writes (bindings, pod status, its lease)
//
// Upstream: plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go (ClusterRoles,
// ClusterRoleBindings, NodeRules), v1.32.
//
// SIMPLIFICATION: the aggregated roles list the resources of the groups this server serves (and a
// few common ones), not upstream's complete lists; the controller roles (system:controller:*) and
// system:kube-controller-manager are left out (give controllers system:masters, or a binding).

import type { ClusterRole, ClusterRoleBinding, PolicyRule } from "kubernetes-types/rbac/v1";
import { InMemoryRbac } from "../authz/rbac";

const Read = ["get", "list", "watch"];
const Write = ["create", "update", "patch", "delete", "deletecollection"];
const ReadWrite = [...Read, ...Write];

const rule = (verbs: string[], apiGroups: string[], resources: string[]): PolicyRule => ({ apiGroups, resources, verbs });
const urls = (verbs: string[], nonResourceURLs: string[]): PolicyRule => ({ nonResourceURLs, verbs });

const bootstrapLabels = { "kubernetes.io/bootstrapping": "rbac-defaults" };
const bootstrapAnnotations = { "rbac.authorization.kubernetes.io/autoupdate": "true" };

function clusterRole(name: string, rules: PolicyRule[], extra: Partial<ClusterRole> = {}, labels: Record<string, string> = {}): ClusterRole {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole",
    metadata: { name, labels: { ...bootstrapLabels, ...labels }, annotations: bootstrapAnnotations },
    rules, ...extra,
  };
}

const aggregate = (to: string) => ({ aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [`rbac.authorization.k8s.io/aggregate-to-${to}`]: "true" } }] } });

/** NodeRules(): what a kubelet may do, beyond what the Node authorizer decides. */
export function nodeRules(): PolicyRule[] {
  return [
    rule(["create"], ["authentication.k8s.io"], ["tokenreviews"]),
    rule(["create"], ["authorization.k8s.io"], ["subjectaccessreviews", "localsubjectaccessreviews"]),
    rule(Read, [""], ["services"]),
    rule(["create", "get", "list", "watch"], [""], ["nodes"]),
    rule(["update", "patch"], [""], ["nodes/status"]),
    rule(["update", "patch"], [""], ["nodes"]),
    rule(["create", "update", "patch"], [""], ["events"]),
    rule(Read, [""], ["pods"]),
    rule(["create", "delete"], [""], ["pods"]),
    rule(["update", "patch"], [""], ["pods/status"]),
    rule(["create"], [""], ["pods/eviction"]),
    rule(Read, [""], ["configmaps", "secrets"]),
    rule(["get"], [""], ["persistentvolumeclaims", "persistentvolumes"]),
    rule(["get"], [""], ["endpoints"]),
    rule(["create", "get", "list", "watch"], ["certificates.k8s.io"], ["certificatesigningrequests"]),
    rule(["get", "create", "update", "patch", "delete"], ["coordination.k8s.io"], ["leases"]),
    rule(["get"], ["storage.k8s.io"], ["volumeattachments"]),
    rule(["get", "update", "patch"], [""], ["persistentvolumeclaims/status"]),
    rule(["create"], [""], ["serviceaccounts/token"]),
    rule(["get", "list", "watch"], ["storage.k8s.io"], ["csidrivers"]),
    rule(["get", "create", "update", "patch", "delete"], ["storage.k8s.io"], ["csinodes"]),
    rule(["get", "list", "watch"], ["node.k8s.io"], ["runtimeclasses"]),
  ];
}

/**
 * The bootstrap ClusterRoles. admin, edit and view carry an aggregationRule and, already filled
 * in, the rules it selects (upstream the clusterrole-aggregation controller writes them).
 */
export function bootstrapClusterRoles(): ClusterRole[] {
  const roles = definedClusterRoles();
  const rbac = new InMemoryRbac(roles);
  return roles.map((r) => (r.aggregationRule === undefined ? r : { ...r, rules: rbac.getClusterRole(r.metadata?.name ?? "")?.rules ?? [] }));
}

//> apiserver-bootstrap-cluster-roles
function definedClusterRoles(): ClusterRole[] {
  return [
    clusterRole("cluster-admin", [rule(["*"], ["*"], ["*"]), urls(["*"], ["*"])]),
    clusterRole("system:discovery", [
      urls(["get"], ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"]),
    ]),
    clusterRole("system:public-info-viewer", [urls(["get"], ["/healthz", "/livez", "/readyz", "/version", "/version/"])]),
    clusterRole("system:basic-user", [
      rule(["create"], ["authorization.k8s.io"], ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]),
      rule(["create"], ["authentication.k8s.io"], ["selfsubjectreviews"]),
    ]),
    clusterRole("admin", [], aggregate("admin")),
    clusterRole("edit", [], aggregate("edit"), { "rbac.authorization.k8s.io/aggregate-to-admin": "true" }),
    clusterRole("view", [], aggregate("view"), { "rbac.authorization.k8s.io/aggregate-to-edit": "true" }),
    clusterRole("system:aggregate-to-admin", [
      rule(["create"], ["authorization.k8s.io"], ["localsubjectaccessreviews"]),
      rule(ReadWrite, ["rbac.authorization.k8s.io"], ["rolebindings", "roles"]),
    ], {}, { "rbac.authorization.k8s.io/aggregate-to-admin": "true" }),
    clusterRole("system:aggregate-to-edit", [
      rule(Read, [""], ["pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services/proxy"]),
      rule(["impersonate"], [""], ["serviceaccounts"]),
      rule(Write, [""], ["pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"]),
      rule(["create"], [""], ["pods/eviction"]),
      rule(Write, [""], ["configmaps", "endpoints", "events", "persistentvolumeclaims", "replicationcontrollers", "replicationcontrollers/scale", "secrets", "serviceaccounts", "services", "services/proxy"]),
      rule(["create"], [""], ["serviceaccounts/token"]),
      rule(Write, ["apps"], ["daemonsets", "deployments", "deployments/rollback", "deployments/scale", "replicasets", "replicasets/scale", "statefulsets", "statefulsets/scale"]),
      rule(Write, ["autoscaling"], ["horizontalpodautoscalers"]),
      rule(Write, ["batch"], ["cronjobs", "jobs"]),
      rule(Write, ["policy"], ["poddisruptionbudgets"]),
      rule(Write, ["networking.k8s.io"], ["ingresses", "networkpolicies"]),
      rule(ReadWrite, ["coordination.k8s.io"], ["leases"]),
    ], {}, { "rbac.authorization.k8s.io/aggregate-to-edit": "true" }),
    clusterRole("system:aggregate-to-view", [
      rule(Read, [""], ["configmaps", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status", "pods", "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services", "services/status"]),
      rule(Read, [""], ["bindings", "events", "limitranges", "namespaces/status", "pods/log", "pods/status", "replicationcontrollers/status", "resourcequotas", "resourcequotas/status"]),
      rule(Read, [""], ["namespaces"]),
      rule(Read, ["discovery.k8s.io"], ["endpointslices"]),
      rule(Read, ["apps"], ["controllerrevisions", "daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status", "replicasets", "replicasets/scale", "replicasets/status", "statefulsets", "statefulsets/scale", "statefulsets/status"]),
      rule(Read, ["autoscaling"], ["horizontalpodautoscalers", "horizontalpodautoscalers/status"]),
      rule(Read, ["batch"], ["cronjobs", "cronjobs/status", "jobs", "jobs/status"]),
      rule(Read, ["policy"], ["poddisruptionbudgets", "poddisruptionbudgets/status"]),
      rule(Read, ["networking.k8s.io"], ["ingresses", "ingresses/status", "networkpolicies"]),
    ], {}, { "rbac.authorization.k8s.io/aggregate-to-view": "true" }),
    clusterRole("system:node", nodeRules()),
    clusterRole("system:kube-scheduler", [
      rule(["create", "patch", "update"], ["", "events.k8s.io"], ["events"]),
      rule(["create"], ["coordination.k8s.io"], ["leases"]),
      { apiGroups: ["coordination.k8s.io"], resources: ["leases"], resourceNames: ["kube-scheduler"], verbs: ["get", "update"] },
      rule(Read, [""], ["nodes"]),
      rule(Read, [""], ["pods"]),
      rule(["create"], [""], ["bindings", "pods/binding"]),
      rule(["patch", "update"], [""], ["pods/status"]),
      rule(["delete"], [""], ["pods"]),
      rule(Read, [""], ["replicationcontrollers", "services"]),
      rule(Read, ["apps", "extensions"], ["replicasets"]),
      rule(Read, ["apps"], ["statefulsets"]),
      rule(Read, ["policy"], ["poddisruptionbudgets"]),
      rule(Read, [""], ["persistentvolumeclaims", "persistentvolumes"]),
      rule(["create"], ["authentication.k8s.io"], ["tokenreviews"]),
      rule(["create"], ["authorization.k8s.io"], ["subjectaccessreviews"]),
      rule(Read, ["storage.k8s.io"], ["csinodes"]),
      rule(Read, [""], ["namespaces"]),
      rule(Read, ["storage.k8s.io"], ["csidrivers", "csistoragecapacities"]),
      // system:volume-scheduler's reads, also bound to the scheduler upstream.
      rule(Read, ["storage.k8s.io"], ["storageclasses"]),
      rule(Read, ["scheduling.k8s.io"], ["priorityclasses"]),
    ]),
  ];
}
//< apiserver-bootstrap-cluster-roles

function clusterRoleBinding(name: string, role: string, subjects: { kind: "User" | "Group"; name: string }[]): ClusterRoleBinding {
  if (subjects.length === 0) {
    return {
      apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name, labels: bootstrapLabels, annotations: bootstrapAnnotations },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
    };
  }
  return {
    apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding",
    metadata: { name, labels: bootstrapLabels, annotations: bootstrapAnnotations },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
    subjects: subjects.map((s) => ({ apiGroup: "rbac.authorization.k8s.io", ...s })),
  };
}

export function bootstrapClusterRoleBindings(): ClusterRoleBinding[] {
  return [
    clusterRoleBinding("cluster-admin", "cluster-admin", [{ kind: "Group", name: "system:masters" }]),
    clusterRoleBinding("system:discovery", "system:discovery", [{ kind: "Group", name: "system:authenticated" }]),
    clusterRoleBinding("system:basic-user", "system:basic-user", [{ kind: "Group", name: "system:authenticated" }]),
    clusterRoleBinding("system:public-info-viewer", "system:public-info-viewer", [
      { kind: "Group", name: "system:authenticated" }, { kind: "Group", name: "system:unauthenticated" },
    ]),
    // No subjects, as upstream since v1.8: the Node authorizer evaluates NodeRules itself.
    clusterRoleBinding("system:node", "system:node", []),
    clusterRoleBinding("system:kube-scheduler", "system:kube-scheduler", [{ kind: "User", name: "system:kube-scheduler" }]),
  ];
}
