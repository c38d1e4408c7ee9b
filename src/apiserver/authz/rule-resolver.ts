// "What may I do here?": the rules an authorization mode would allow a user in a namespace, the
// other question an authorizer can answer. `kubectl auth can-i --list` asks it through a
// SelfSubjectRulesReview (self-subject-rules-review.ts) and prints the answer as a table.
//
// A mode answers with the rules it knows, `incomplete` when it cannot list everything it would
// allow (the Node mode for a kubelet, a webhook), and an error for what it failed to read (a
// binding to a missing role). The answer is for display: the rules may overlap, and a mode that
// cannot enumerate (or the system:masters short-circuit, which is no rule resolver upstream
// either) is simply absent from the list.
//
// Upstream: k8s.io/apiserver/pkg/authorization/authorizer/interfaces.go (RuleResolver,
// ResourceRuleInfo, NonResourceRuleInfo) and k8s.io/apiserver/pkg/authorization/union/union.go
// (unionAuthzRulesHandler.RulesFor). kube-apiserver unions the resolvers of its
// --authorization-mode list (pkg/kubeapiserver/authorizer/config.go).

import type { NonResourceRule } from "kubernetes-types/authorization/v1";
import type { Awaitable } from "../authn/types";
import type { UserInfo } from "../types";
import type { Authorizer } from "./authorizer";

/**
 * authorizationv1.ResourceRule. (kubernetes-types' ResourceRule lacks `verbs` and `resources`:
 * see restoredProperties in tools/openapi/roots.ts.)
 */
export interface ResourceRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

/** One mode's (or the union's) rules for a user in a namespace. */
export interface RulesForResult {
  resourceRules: ResourceRule[];
  nonResourceRules: NonResourceRule[];
  /** True when the mode would allow more than it can list. */
  incomplete: boolean;
  /** What went wrong while listing (the rules found so far are still returned). */
  error?: Error;
}

/**
 * authorizer.RuleResolver. (Named apart from rbac.ts's RuleResolver, which is upstream's
 * DefaultRuleResolver: RBAC's own walk over bindings.)
 */
export interface SubjectRuleResolver {
  rulesFor(user: UserInfo, namespace: string): Awaitable<RulesForResult>;
}

/** Does this authorizer also resolve rules? */
export function isRuleResolver(a: Authorizer): a is Authorizer & SubjectRuleResolver {
  return typeof (a as Partial<SubjectRuleResolver>).rulesFor === "function";
}

/** The answer of a mode that cannot enumerate what it allows (the Node mode for a node, a webhook). */
export function cannotResolveRules(mode: string): RulesForResult {
  return { resourceRules: [], nonResourceRules: [], incomplete: true, error: new Error(`${mode} authorizer does not support user rule resolution`) };
}

//> union-rules-for
/**
 * union.NewRuleResolvers: every resolving mode's rules, one after the other; incomplete if any
 * mode is; the errors aggregated (one error as is, several as `[a, b]`, utilerrors.NewAggregate).
 * Authorizers that resolve no rules are skipped.
 */
export function unionRuleResolver(authorizers: readonly Authorizer[]): SubjectRuleResolver {
  return {
    async rulesFor(user, namespace) {
      const out: RulesForResult = { resourceRules: [], nonResourceRules: [], incomplete: false };
      const errors: Error[] = [];
      for (const a of authorizers) {
        if (!isRuleResolver(a)) continue;
        const r = await a.rulesFor(user, namespace);
        out.resourceRules.push(...r.resourceRules);
        out.nonResourceRules.push(...r.nonResourceRules);
        if (r.incomplete) out.incomplete = true;
        if (r.error !== undefined) errors.push(r.error);
      }
      if (errors.length === 1) out.error = errors[0];
      else if (errors.length > 1) out.error = new Error(`[${errors.map((e) => e.message).join(", ")}]`);
      return out;
    },
  };
}
//< union-rules-for
