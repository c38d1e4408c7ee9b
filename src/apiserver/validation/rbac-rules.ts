// RBAC: a rule needs verbs, and a binding must point at a role that can exist.
//
//   Role.rbac.authorization.k8s.io "reader" is invalid: rules[0].verbs: Required value:
//   verbs must contain at least one value
//
// Reference: k8s.io/kubernetes/pkg/apis/rbac/validation/validation.go (ValidatePolicyRule,
// ValidateRoleBinding, ValidateClusterRoleBinding, ValidateRoleBindingSubject).
//
// SIMPLIFICATION: ClusterRole aggregation rules are not validated.

import type { PolicyRule, RoleRef, Subject } from "kubernetes-types/rbac/v1";
import { field, type FieldErrorList, type FieldPath } from "../../api/field-errors";
import { nameIsDNSSubdomain, pathSegmentName } from "./object-meta";

const rbacGroup = "rbac.authorization.k8s.io";

/** ValidatePolicyRule: namespaced rules (in a Role) cannot name non-resource URLs. */
export function validatePolicyRule(rule: PolicyRule, isNamespaced: boolean, path: FieldPath): FieldErrorList {
  const errs: FieldErrorList = [];
  if ((rule.verbs ?? []).length === 0) errs.push(field.required(path.child("verbs"), "verbs must contain at least one value"));
  const urls = rule.nonResourceURLs ?? [];
  if (urls.length > 0) {
    if (isNamespaced) errs.push(field.invalid(path.child("nonResourceURLs"), urls, "namespaced rules cannot apply to non-resource URLs"));
    if ((rule.apiGroups ?? []).length > 0 || (rule.resources ?? []).length > 0 || (rule.resourceNames ?? []).length > 0) {
      errs.push(field.invalid(path.child("nonResourceURLs"), urls, "rules cannot apply to both regular resources and non-resource URLs"));
    }
    return errs;
  }
  if ((rule.apiGroups ?? []).length === 0) errs.push(field.required(path.child("apiGroups"), "resource rules must supply at least one api group"));
  if ((rule.resources ?? []).length === 0) errs.push(field.required(path.child("resources"), "resource rules must supply at least one resource"));
  return errs;
}

export function validateRules(rules: readonly PolicyRule[] | undefined, isNamespaced: boolean): FieldErrorList {
  return (rules ?? []).flatMap((r, i) => validatePolicyRule(r, isNamespaced, field.newPath("rules").index(i)));
}

/** ValidateRoleBindingSubject. */
function validateSubject(subject: Subject, isNamespaced: boolean, path: FieldPath): FieldErrorList {
  const errs: FieldErrorList = [];
  if (!subject.name) errs.push(field.required(path.child("name"), ""));
  switch (subject.kind) {
    case "ServiceAccount":
      if (subject.name) errs.push(...nameIsDNSSubdomain(subject.name, false).map((m) => field.invalid(path.child("name"), subject.name, m)));
      if (subject.apiGroup) errs.push(field.notSupported(path.child("apiGroup"), subject.apiGroup, [""]));
      if (!isNamespaced && !subject.namespace) errs.push(field.required(path.child("namespace"), ""));
      break;
    case "User":
    case "Group":
      if (subject.apiGroup !== rbacGroup) errs.push(field.notSupported(path.child("apiGroup"), subject.apiGroup ?? "", [rbacGroup]));
      break;
    default:
      errs.push(field.notSupported(path.child("kind"), subject.kind ?? "", ["ServiceAccount", "User", "Group"]));
  }
  return errs;
}

//> validate-role-binding
/** ValidateRoleBinding / ValidateClusterRoleBinding: roleRef and subjects. */
export function validateBinding(roleRef: RoleRef | undefined, subjects: readonly Subject[] | undefined, isNamespaced: boolean): FieldErrorList {
  const errs: FieldErrorList = [];
  const refPath = field.newPath("roleRef");
  if (roleRef?.apiGroup !== rbacGroup) errs.push(field.notSupported(refPath.child("apiGroup"), roleRef?.apiGroup ?? "", [rbacGroup]));
  // A ClusterRoleBinding can only grant a ClusterRole: a Role lives in one namespace.
  const kinds = isNamespaced ? ["Role", "ClusterRole"] : ["ClusterRole"];
  if (!kinds.includes(roleRef?.kind ?? "")) errs.push(field.notSupported(refPath.child("kind"), roleRef?.kind ?? "", kinds));
  const name = roleRef?.name ?? "";
  if (name === "") errs.push(field.required(refPath.child("name"), ""));
  else errs.push(...pathSegmentName(name, false).map((m) => field.invalid(refPath.child("name"), name, m)));
  (subjects ?? []).forEach((s, i) => errs.push(...validateSubject(s, isNamespaced, field.newPath("subjects").index(i))));
  return errs;
}
//< validate-role-binding
