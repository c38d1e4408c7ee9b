// RBAC, the authorization mode every cluster runs: Roles and ClusterRoles list what may be done
// (PolicyRules); RoleBindings and ClusterRoleBindings say who (subjects) gets a role, and where:
//
//   ClusterRoleBinding -> ClusterRole   everywhere, cluster-scoped resources included
//   RoleBinding        -> Role          in the binding's namespace
//   RoleBinding        -> ClusterRole   the ClusterRole's rules, in the binding's namespace only
//
// RBAC only ever allows: there are no deny rules, so its answer is Allow or NoOpinion, and the
// order of bindings does not matter.
//
// Upstream: k8s.io/kubernetes/plugin/pkg/auth/authorizer/rbac/rbac.go (RBACAuthorizer,
// authorizingVisitor), pkg/registry/rbac/validation/rule.go (DefaultRuleResolver.VisitRulesFor,
// GetRoleReferenceRules, appliesTo, and the describers that make the "allowed by" reasons).
// Reads come from an in-memory lister, as upstream reads from informer caches.

import type { ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, RoleRef, Subject } from "kubernetes-types/rbac/v1";
import { labelSelectorAsSelector } from "../../api/label-selector";
import { goQuote } from "../../api/go-quote";
import { makeServiceAccountUsername } from "../authn/service-account-token";
import type { RequestAttributes, UserInfo } from "../types";
import { allow, type AuthorizerResult, noOpinion, type SyncAuthorizer } from "./authorizer";
import { ruleAllows } from "./rbac-rules";
import type { RulesForResult, SubjectRuleResolver } from "./rule-resolver";

/** The four RBAC listers (informer caches upstream). */
export interface RbacLister {
  getRole(namespace: string, name: string): Role | undefined;
  getClusterRole(name: string): ClusterRole | undefined;
  listRoleBindings(namespace: string): readonly RoleBinding[];
  listClusterRoleBindings(): readonly ClusterRoleBinding[];
}

type RbacObject = Role | ClusterRole | RoleBinding | ClusterRoleBinding;

/**
 * An in-memory lister. ClusterRoles with an aggregationRule get the rules of every ClusterRole
 * their selectors match (upstream the clusterrole-aggregation controller writes them into the
 * object; here they are computed on read, so they are never stale).
 */
export class InMemoryRbac implements RbacLister {
  private readonly roles = new Map<string, Role>();
  private readonly clusterRoles = new Map<string, ClusterRole>();
  private readonly roleBindings = new Map<string, RoleBinding>();
  private readonly clusterRoleBindings = new Map<string, ClusterRoleBinding>();

  constructor(objects: readonly RbacObject[] = []) {
    for (const o of objects) this.put(o);
  }

  /** Adds or replaces an object (by kind, namespace and name). */
  put(obj: RbacObject): this {
    const ns = obj.metadata?.namespace ?? "";
    const name = obj.metadata?.name ?? "";
    switch (obj.kind) {
      case "Role": this.roles.set(`${ns}/${name}`, obj as Role); break;
      case "ClusterRole": this.clusterRoles.set(name, obj as ClusterRole); break;
      case "RoleBinding": this.roleBindings.set(`${ns}/${name}`, obj as RoleBinding); break;
      case "ClusterRoleBinding": this.clusterRoleBindings.set(name, obj as ClusterRoleBinding); break;
      default: throw new Error(`InMemoryRbac.put: kind must be Role, ClusterRole, RoleBinding or ClusterRoleBinding, got ${String(obj.kind)}`);
    }
    return this;
  }

  delete(kind: RbacObject["kind"], namespace: string, name: string): void {
    if (kind === "Role") this.roles.delete(`${namespace}/${name}`);
    else if (kind === "ClusterRole") this.clusterRoles.delete(name);
    else if (kind === "RoleBinding") this.roleBindings.delete(`${namespace}/${name}`);
    else if (kind === "ClusterRoleBinding") this.clusterRoleBindings.delete(name);
  }

  getRole(namespace: string, name: string): Role | undefined {
    return this.roles.get(`${namespace}/${name}`);
  }

  getClusterRole(name: string): ClusterRole | undefined {
    const role = this.clusterRoles.get(name);
    if (role?.aggregationRule === undefined) return role;
    return { ...role, rules: this.aggregatedRules(role, new Set([name])) };
  }

  private aggregatedRules(role: ClusterRole, seen: Set<string>): PolicyRule[] {
    const selectors = (role.aggregationRule?.clusterRoleSelectors ?? []).map((s) => labelSelectorAsSelector(s));
    const rules: PolicyRule[] = [];
    const keys = new Set<string>();
    for (const [name, other] of [...this.clusterRoles].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (seen.has(name) || !selectors.some((s) => s.matches(other.metadata?.labels))) continue;
      const otherRules = other.aggregationRule === undefined ? other.rules ?? [] : this.aggregatedRules(other, new Set([...seen, name]));
      for (const rule of otherRules) {
        const key = JSON.stringify(rule);
        if (!keys.has(key)) { keys.add(key); rules.push(rule); }
      }
    }
    return rules;
  }

  listRoleBindings(namespace: string): readonly RoleBinding[] {
    return [...this.roleBindings.values()].filter((b) => (b.metadata?.namespace ?? "") === namespace);
  }

  listClusterRoleBindings(): readonly ClusterRoleBinding[] {
    return [...this.clusterRoleBindings.values()];
  }
}

//> applies-to-user
/** appliesToUser: does this subject name the user (directly, by group, or as a ServiceAccount)? */
export function appliesToUser(user: UserInfo, subject: Subject, namespace: string): boolean {
  switch (subject.kind) {
    case "User": return user.name === subject.name;
    case "Group": return user.groups.includes(subject.name);
    case "ServiceAccount": {
      // A ServiceAccount subject without a namespace means the binding's own namespace.
      const saNamespace = subject.namespace || namespace;
      if (saNamespace === "") return false;
      return user.name === makeServiceAccountUsername(saNamespace, subject.name);
    }
    default: return false;
  }
}
//< applies-to-user

/** Where a rule came from, for the "allowed by" reason (clusterRoleBindingDescriber, roleBindingDescriber). */
export function describeSource(binding: RoleBinding | ClusterRoleBinding, subject: Subject): string {
  const ns = binding.metadata?.namespace ?? "";
  const name = binding.metadata?.name ?? "";
  const who = subject.kind === "ServiceAccount"
    ? `${subject.kind} ${goQuote(`${subject.name}/${subject.namespace || ns}`)}`
    : `${subject.kind} ${goQuote(subject.name)}`;
  if (binding.kind === "ClusterRoleBinding" || ns === "") {
    return `ClusterRoleBinding ${goQuote(name)} of ${binding.roleRef.kind} ${goQuote(binding.roleRef.name)} to ${who}`;
  }
  return `RoleBinding ${goQuote(`${name}/${ns}`)} of ${binding.roleRef.kind} ${goQuote(binding.roleRef.name)} to ${who}`;
}

/** Visits (source, rule) pairs; return false to stop. `error` reports a dangling roleRef. */
export type RuleVisitor = (source: string | undefined, rule: PolicyRule | undefined, error: Error | undefined) => boolean;

/** DefaultRuleResolver: which rules apply to a user in a namespace. */
export class RuleResolver {
  constructor(private readonly lister: RbacLister) {}

  /** GetRoleReferenceRules: the rules a roleRef points at, or the lister's NotFound error. */
  getRoleReferenceRules(roleRef: RoleRef, bindingNamespace: string): PolicyRule[] | Error {
    if (roleRef.kind === "Role") {
      const role = this.lister.getRole(bindingNamespace, roleRef.name);
      return role === undefined ? new Error(`role.rbac.authorization.k8s.io ${goQuote(roleRef.name)} not found`) : role.rules ?? [];
    }
    if (roleRef.kind === "ClusterRole") {
      const role = this.lister.getClusterRole(roleRef.name);
      return role === undefined ? new Error(`clusterrole.rbac.authorization.k8s.io ${goQuote(roleRef.name)} not found`) : role.rules ?? [];
    }
    return new Error(`unsupported role reference kind: ${goQuote(roleRef.kind)}`);
  }

  //> visit-rules-for
  /** VisitRulesFor: ClusterRoleBindings first, then the RoleBindings of the namespace (if any). */
  visitRulesFor(user: UserInfo, namespace: string, visitor: RuleVisitor): void {
    const bindings: Array<[RoleBinding | ClusterRoleBinding, string]> = this.lister.listClusterRoleBindings().map((b) => [b, ""]);
    if (namespace !== "") for (const b of this.lister.listRoleBindings(namespace)) bindings.push([b, namespace]);
    for (const [binding, bindingNamespace] of bindings) {
      const subject = (binding.subjects ?? []).find((s) => appliesToUser(user, s, bindingNamespace));
      if (subject === undefined) continue;
      const rules = this.getRoleReferenceRules(binding.roleRef, bindingNamespace);
      if (rules instanceof Error) {
        if (!visitor(undefined, undefined, rules)) return;
        continue;
      }
      const source = describeSource(binding, subject);
      for (const rule of rules) if (!visitor(source, rule, undefined)) return;
    }
  }
  //< visit-rules-for

  /** RulesFor: every rule that applies, and the errors met on the way (the list may be incomplete). */
  rulesFor(user: UserInfo, namespace: string): { rules: PolicyRule[]; errors: Error[] } {
    const rules: PolicyRule[] = [];
    const errors: Error[] = [];
    this.visitRulesFor(user, namespace, (_source, rule, error) => {
      if (rule !== undefined) rules.push(rule);
      if (error !== undefined) errors.push(error);
      return true;
    });
    return { rules, errors };
  }
}

//> rbac-authorize
export function rbacAuthorizer(lister: RbacLister): SyncAuthorizer & SubjectRuleResolver & { resolver: RuleResolver } {
  const resolver = new RuleResolver(lister);
  return {
    name: "RBAC",
    resolver,
    rulesFor: (user, namespace) => rbacRulesFor(resolver, user, namespace),
    authorize(attrs: RequestAttributes): AuthorizerResult {
      let reason: string | undefined;
      const errors: Error[] = [];
      resolver.visitRulesFor(attrs.user, attrs.namespace, (source, rule, error) => {
        if (rule !== undefined && ruleAllows(attrs, rule)) {
          reason = `RBAC: allowed by ${source ?? ""}`;
          return false; // one allowing rule is enough
        }
        if (error !== undefined) errors.push(error);
        return true;
      });
      if (reason !== undefined) return allow(reason);
      // No rule allows. RBAC never denies: another mode may still allow.
      if (errors.length === 0) return noOpinion();
      const aggregate = errors.length === 1 ? errors[0]!.message : `[${errors.map((e) => e.message).join(", ")}]`;
      return noOpinion(`RBAC: ${aggregate}`);
    },
  };
}
//< rbac-authorize

/**
 * RBACAuthorizer.RulesFor: every rule that applies to the user in the namespace (ClusterRoleBindings
 * and the namespace's RoleBindings), split as upstream splits a PolicyRule: its resources part and
 * its nonResourceURLs part. RBAC lists everything it allows, so never incomplete; a dangling
 * roleRef is the error.
 */
export function rbacRulesFor(resolver: RuleResolver, user: UserInfo, namespace: string): RulesForResult {
  const { rules, errors } = resolver.rulesFor(user, namespace);
  const out: RulesForResult = { resourceRules: [], nonResourceRules: [], incomplete: false };
  for (const rule of rules) {
    if ((rule.resources ?? []).length > 0) {
      // `apiGroups` and `resourceNames` are omitempty in ResourceRule.
      out.resourceRules.push({
        verbs: [...rule.verbs],
        ...((rule.apiGroups ?? []).length > 0 ? { apiGroups: [...(rule.apiGroups ?? [])] } : {}),
        resources: [...(rule.resources ?? [])],
        ...((rule.resourceNames ?? []).length > 0 ? { resourceNames: [...(rule.resourceNames ?? [])] } : {}),
      });
    }
    if ((rule.nonResourceURLs ?? []).length > 0) out.nonResourceRules.push({ verbs: [...rule.verbs], nonResourceURLs: [...(rule.nonResourceURLs ?? [])] });
  }
  // DefaultRuleResolver.RulesFor: utilerrors.NewAggregate(visitor.errors).
  if (errors.length === 1) out.error = errors[0];
  else if (errors.length > 1) out.error = new Error(`[${errors.map((e) => e.message).join(", ")}]`);
  return out;
}
