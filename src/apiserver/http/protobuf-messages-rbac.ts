// Field numbers for rbac.authorization.k8s.io/v1 and authorization.k8s.io/v1, the kinds behind
// `kubectl create role|clusterrole|rolebinding|clusterrolebinding` and `kubectl auth can-i`.
// See protobuf-schema.ts for how a table is read.

import { labelSelector, msg, objectMeta, s, strings, type Message } from "./protobuf-schema";

// k8s.io/api/rbac/v1/generated.proto
const policyRule: Message = { 1: strings("verbs"), 2: strings("apiGroups"), 3: strings("resources"), 4: strings("resourceNames"), 5: strings("nonResourceURLs") };
const subject: Message = { 1: s("kind"), 2: s("apiGroup"), 3: s("name"), 4: s("namespace") };
const roleRef: Message = { 1: s("apiGroup"), 2: s("kind"), 3: s("name") };
const role: Message = { 1: msg("metadata", objectMeta), 2: msg("rules", policyRule, true) };
const binding: Message = { 1: msg("metadata", objectMeta), 2: msg("subjects", subject, true), 3: msg("roleRef", roleRef) };
const clusterRole: Message = { ...role, 3: msg("aggregationRule", { 1: msg("clusterRoleSelectors", labelSelector, true) }) };

// k8s.io/api/authorization/v1/generated.proto
const resourceAttributes: Message = { 1: s("namespace"), 2: s("verb"), 3: s("group"), 4: s("version"), 5: s("resource"), 6: s("subresource"), 7: s("name") };
const selfSubjectAccessReview: Message = {
  1: msg("metadata", objectMeta),
  2: msg("spec", { 1: msg("resourceAttributes", resourceAttributes), 2: msg("nonResourceAttributes", { 1: s("path"), 2: s("verb") }) }),
};
const selfSubjectRulesReview: Message = { 1: msg("metadata", objectMeta), 2: msg("spec", { 1: s("namespace") }) };

export const RBAC_MESSAGES: Readonly<Record<string, Message>> = {
  "rbac.authorization.k8s.io/v1/Role": role, "rbac.authorization.k8s.io/v1/ClusterRole": clusterRole,
  "rbac.authorization.k8s.io/v1/RoleBinding": binding, "rbac.authorization.k8s.io/v1/ClusterRoleBinding": binding,
  "authorization.k8s.io/v1/SelfSubjectAccessReview": selfSubjectAccessReview,
  "authorization.k8s.io/v1/SelfSubjectRulesReview": selfSubjectRulesReview,
};
