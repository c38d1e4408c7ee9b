// Privilege-escalation prevention: RBAC would be pointless if anyone allowed to create Roles and
// RoleBindings could write themselves a role with `*` on `*`. So writing a Role or ClusterRole, or
// binding one, is only allowed when one of these holds:
//
//   1. the user is in system:masters (EscalationAllowed);
//   2. the user already holds every permission the role grants, in that namespace
//      (ConfirmNoEscalation, "you can only give away what you have");
//   3. for a Role/ClusterRole write: the user may `escalate` roles/clusterroles;
//      for a binding: the user may `bind` the referenced role (RoleEscalationAuthorized,
//      BindingAuthorized), so a namespace admin can hand out `view` without holding it
//      everywhere.
//
// Upstream: k8s.io/kubernetes/pkg/registry/rbac/validation/rule.go (ConfirmNoEscalation),
// .../validation/policy_comparator.go (Covers, BreakdownRule, ruleCovers),
// .../validation/policy_compact.go (CompactRules), pkg/registry/rbac/escalation_check.go and the
// policybased storage of roles, clusterroles, rolebindings and clusterrolebindings, which call them
// on create and update.

import type { ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, RoleRef } from "kubernetes-types/rbac/v1";
import { newForbidden, type StatusError } from "../../api/status";
import { SystemPrivilegedGroup, type UserInfo } from "../types";
import type { Authorizer } from "./authorizer";
import type { RuleResolver } from "./rbac";
import { APIGroupAll, compactString, ResourceAll, VerbAll } from "./rbac-rules";

/** BreakdownRule: one rule per (group, resource, verb[, name]) and per (URL, verb). */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs) {
        const names = rule.resourceNames ?? [];
        if (names.length > 0) for (const n of names) out.push({ apiGroups: [group], resources: [resource], verbs: [verb], resourceNames: [n] });
        else out.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) for (const verb of rule.verbs) out.push({ nonResourceURLs: [url], verbs: [verb] });
  return out;
}

const hasAll = (set: readonly string[], contains: readonly string[]): boolean => contains.every((c) => set.includes(c));

function resourceCoversAll(setResources: readonly string[], coversResources: readonly string[]): boolean {
  if (setResources.includes(ResourceAll) || hasAll(setResources, coversResources)) return true;
  for (const path of coversResources) {
    if (setResources.includes(path)) continue;
    const slash = path.indexOf("/");
    if (slash < 0) return false; // not a subresource: only an exact match would do
    if (!setResources.includes(`*/${path.slice(slash + 1)}`)) return false;
  }
  return true;
}

function nonResourceURLCovers(ownerPath: string, subPath: string): boolean {
  return ownerPath === subPath || (ownerPath.endsWith("*") && subPath.startsWith(ownerPath.replace(/\*+$/, "")));
}

/** ruleCovers: does the owner's rule include everything the (broken-down) sub-rule grants? */
export function ruleCovers(owner: PolicyRule, sub: PolicyRule): boolean {
  const verbMatches = owner.verbs.includes(VerbAll) || hasAll(owner.verbs, sub.verbs);
  const ownerGroups = owner.apiGroups ?? [];
  const groupMatches = ownerGroups.includes(APIGroupAll) || hasAll(ownerGroups, sub.apiGroups ?? []);
  const resourceMatches = resourceCoversAll(owner.resources ?? [], sub.resources ?? []);
  const urlMatches = (sub.nonResourceURLs ?? []).every((p) => (owner.nonResourceURLs ?? []).some((o) => nonResourceURLCovers(o, p)));
  const ownerNames = owner.resourceNames ?? [];
  const subNames = sub.resourceNames ?? [];
  const nameMatches = subNames.length === 0 ? ownerNames.length === 0 : ownerNames.length === 0 || hasAll(ownerNames, subNames);
  return verbMatches && groupMatches && resourceMatches && nameMatches && urlMatches;
}

//> covers
/** Covers: true when the owner's rules grant everything in the servant's rules; else what is missing. */
export function covers(ownerRules: readonly PolicyRule[], servantRules: readonly PolicyRule[]): { covered: boolean; missing: PolicyRule[] } {
  const missing = servantRules.flatMap(breakdownRule).filter((sub) => !ownerRules.some((owner) => ruleCovers(owner, sub)));
  return { covered: missing.length === 0, missing };
}
//< covers

/** CompactRules: merges the verbs of simple rules (one group, one resource, at most one name). */
export function compactRules(rules: readonly PolicyRule[]): PolicyRule[] {
  const compacted: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const rule of rules) {
    const names = rule.resourceNames ?? [];
    const isSimple = names.length <= 1 && (rule.nonResourceURLs ?? []).length === 0 &&
      (rule.apiGroups ?? []).length === 1 && (rule.resources ?? []).length === 1;
    if (!isSimple) { compacted.push(rule); continue; }
    const key = JSON.stringify([rule.apiGroups![0], rule.resources![0], names[0] ?? null]);
    const existing = simple.get(key);
    if (existing === undefined) simple.set(key, { ...rule, verbs: [...rule.verbs] });
    else for (const v of rule.verbs) if (!existing.verbs.includes(v)) existing.verbs.push(v);
  }
  return [...compacted, ...simple.values()];
}

//> confirm-no-escalation
/**
 * ConfirmNoEscalation: an Error naming the missing permissions when `user` does not hold every
 * rule in `rules` in `namespace` ("" for cluster-wide), undefined when it does.
 */
export function confirmNoEscalation(resolver: RuleResolver, user: UserInfo, namespace: string, rules: readonly PolicyRule[]): Error | undefined {
  const owner = resolver.rulesFor(user, namespace);
  const { covered, missing } = covers(owner.rules, rules);
  if (covered) return undefined;
  const descriptions = [...new Set(compactRules(missing).map(compactString))].sort();
  const groups = `[${user.groups.map((g) => JSON.stringify(g)).join(" ")}]`;
  let msg = `user ${JSON.stringify(user.name)} (groups=${groups}) is attempting to grant RBAC permissions not currently held:\n${descriptions.join("\n")}`;
  if (owner.errors.length > 0) msg += `; resolution errors: [${owner.errors.map((e) => e.message).join(" ")}]`;
  return new Error(msg);
}
//< confirm-no-escalation

/** EscalationAllowed: system:masters may write any role (the API server's own loopback user is one). */
export function escalationAllowed(user: UserInfo): boolean {
  return user.groups.includes(SystemPrivilegedGroup);
}

/** RoleEscalationAuthorized: may the user `escalate` this role or clusterrole? */
export async function roleEscalationAuthorized(authorizer: Authorizer, user: UserInfo, resource: "roles" | "clusterroles", namespace: string, name: string): Promise<boolean> {
  const result = await authorizer.authorize({
    user, verb: "escalate", isResourceRequest: true, path: "", namespace, apiGroup: "rbac.authorization.k8s.io",
    apiVersion: "*", resource, subresource: "", name,
  });
  return result.decision === "Allow";
}

/** BindingAuthorized: may the user `bind` the referenced role, in the binding's namespace? */
export async function bindingAuthorized(authorizer: Authorizer, user: UserInfo, roleRef: RoleRef, bindingNamespace: string): Promise<boolean> {
  if (roleRef.kind !== "Role" && roleRef.kind !== "ClusterRole") return false;
  const result = await authorizer.authorize({
    user, verb: "bind", isResourceRequest: true, path: "", namespace: bindingNamespace, apiGroup: roleRef.apiGroup,
    apiVersion: "", resource: roleRef.kind === "Role" ? "roles" : "clusterroles", subresource: "", name: roleRef.name,
  });
  return result.decision === "Allow";
}

export interface EscalationContext {
  authorizer: Authorizer;
  resolver: RuleResolver;
  user: UserInfo;
}

//> check-role-write
/** The policybased Role/ClusterRole storage's check on create and update: a 403, or undefined if allowed. */
export async function checkRoleWrite(ctx: EscalationContext, role: Role | ClusterRole): Promise<StatusError | undefined> {
  const isCluster = role.kind === "ClusterRole";
  const resource = isCluster ? "clusterroles" : "roles";
  const namespace = isCluster ? "" : role.metadata?.namespace ?? "";
  const name = role.metadata?.name ?? "";
  if (escalationAllowed(ctx.user)) return undefined;
  if (await roleEscalationAuthorized(ctx.authorizer, ctx.user, resource, namespace, name)) return undefined;
  const err = confirmNoEscalation(ctx.resolver, ctx.user, namespace, role.rules ?? []);
  return err === undefined ? undefined : newForbidden({ group: "rbac.authorization.k8s.io", resource }, name, err);
}

/** The policybased RoleBinding/ClusterRoleBinding storage's check on create and update. */
export async function checkBindingWrite(ctx: EscalationContext, binding: RoleBinding | ClusterRoleBinding): Promise<StatusError | undefined> {
  const isCluster = binding.kind === "ClusterRoleBinding";
  const resource = isCluster ? "clusterrolebindings" : "rolebindings";
  const namespace = isCluster ? "" : binding.metadata?.namespace ?? "";
  const name = binding.metadata?.name ?? "";
  if (escalationAllowed(ctx.user)) return undefined;
  if (await bindingAuthorized(ctx.authorizer, ctx.user, binding.roleRef, namespace)) return undefined;
  const gr = { group: "rbac.authorization.k8s.io", resource };
  const rules = ctx.resolver.getRoleReferenceRules(binding.roleRef, namespace);
  if (rules instanceof Error) return newForbidden(gr, name, rules);
  const err = confirmNoEscalation(ctx.resolver, ctx.user, namespace, rules);
  return err === undefined ? undefined : newForbidden(gr, name, err);
}
//< check-role-write
