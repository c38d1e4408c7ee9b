// Helpers for chapter 2's RBAC exercise: Roles, bindings and requests in a few words, and a
// ClusterRole "view" shaped like the upstream default (read-only, no Secrets, no pods/exec).
//
// This file is not an exercise; you do not need to change it.
import type { ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, Subject } from "kubernetes-types/rbac/v1";
import { requestAttributes } from "../../../src/apiserver/authz/authorizer";
import { forbiddenMessage } from "../../../src/apiserver/authz/forbidden";
import type { RequestAttributes, UserInfo } from "../../../src/apiserver/types";

export { forbiddenMessage, type PolicyRule, type RequestAttributes, type UserInfo };

const RBAC_V1 = "rbac.authorization.k8s.io/v1";

export const role = (namespace: string, name: string, rules: PolicyRule[]): Role => ({ apiVersion: RBAC_V1, kind: "Role", metadata: { namespace, name }, rules });
export const clusterRole = (name: string, rules: PolicyRule[]): ClusterRole => ({ apiVersion: RBAC_V1, kind: "ClusterRole", metadata: { name }, rules });

export const roleBinding = (namespace: string, name: string, roleKind: "Role" | "ClusterRole", roleName: string, subjects: Subject[]): RoleBinding => ({
  apiVersion: RBAC_V1, kind: "RoleBinding", metadata: { namespace, name },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: roleKind, name: roleName }, subjects,
});
export const clusterRoleBinding = (name: string, roleName: string, subjects: Subject[]): ClusterRoleBinding => ({
  apiVersion: RBAC_V1, kind: "ClusterRoleBinding", metadata: { name },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: roleName }, subjects,
});

export const user = (name: string, ...groups: string[]): UserInfo => ({ name, groups });

/** A resource request: `request(alice, "get", "pods", { namespace: "dev", name: "web" })`. */
export function request(
  who: UserInfo, verb: string, resource: string,
  extra: Partial<Pick<RequestAttributes, "apiGroup" | "namespace" | "name" | "subresource">> = {},
): RequestAttributes {
  return requestAttributes({ user: who, verb, resource, apiGroup: "", ...extra });
}

/** A non-resource request: `urlRequest(alice, "get", "/healthz")`. */
export function urlRequest(who: UserInfo, verb: string, path: string): RequestAttributes {
  return requestAttributes({ user: who, verb, path, isResourceRequest: false });
}

/** "get pods/log "web" in dev" for failure messages. */
export function show(attrs: RequestAttributes): string {
  if (!attrs.isResourceRequest) return `${attrs.verb} ${attrs.path}`;
  const resource = attrs.subresource === "" ? attrs.resource : `${attrs.resource}/${attrs.subresource}`;
  const group = attrs.apiGroup === "" ? "" : `.${attrs.apiGroup}`;
  return `${attrs.verb} ${resource}${group}${attrs.name === "" ? "" : ` "${attrs.name}"`}${attrs.namespace === "" ? "" : ` in ${attrs.namespace}`}`;
}

/**
 * A read-only ClusterRole in the spirit of the default "view" role (plugin/pkg/auth/authorizer/rbac/
 * bootstrappolicy/policy.go): every verb is get, list or watch, Secrets are left out (reading them
 * would escalate), and pods/log is readable but pods/exec is not.
 */
export const viewRole: ClusterRole = clusterRole("view", [
  { apiGroups: [""], resources: ["pods", "pods/log", "pods/status", "services", "configmaps", "endpoints", "persistentvolumeclaims", "events"], verbs: ["get", "list", "watch"] },
  { apiGroups: ["apps"], resources: ["deployments", "deployments/scale", "replicasets", "statefulsets", "daemonsets"], verbs: ["get", "list", "watch"] },
  { apiGroups: ["batch"], resources: ["jobs", "cronjobs"], verbs: ["get", "list", "watch"] },
]);
