// Authorization: may this user do this verb on this resource? Each mode (RBAC, Node, ABAC,
// Webhook) answers Allow, Deny or NoOpinion, and the modes are asked in the configured order
// (--authorization-mode=Node,RBAC): the first Allow or Deny decides; NoOpinion passes the question
// on. If every mode has no opinion the request is forbidden.
//
// Upstream: k8s.io/apiserver/pkg/authorization/authorizer/interfaces.go (Authorizer, Decision),
// k8s.io/apiserver/pkg/authorization/union/union.go (the chain) and
// .../authorizerfactory/builtin.go (NewPrivilegedGroups: system:masters may do anything; it is
// put in front of every other mode, so no policy can lock the cluster admin out).

import type { Awaitable } from "../authn/types";
import { type RulesForResult, type SubjectRuleResolver, unionRuleResolver } from "./rule-resolver";
import { type AuthorizationResult, type RequestAttributes, SystemPrivilegedGroup } from "../types";

/** A decision, its reason, and an evaluation error if the authorizer could not fully decide. */
export interface AuthorizerResult extends AuthorizationResult {
  /** Set when the authorizer hit an error (a missing role, an unreachable webhook). */
  error?: Error;
}

//> authorizer-interface
export interface Authorizer {
  readonly name: string;
  authorize(attrs: RequestAttributes): Awaitable<AuthorizerResult>;
}
//< authorizer-interface

/** An authorizer that decides without I/O (RBAC, Node, ABAC): usable wherever an Authorizer is. */
export interface SyncAuthorizer extends Authorizer {
  authorize(attrs: RequestAttributes): AuthorizerResult;
}

export const allow = (reason = ""): AuthorizerResult => ({ decision: "Allow", reason });
export const deny = (reason = ""): AuthorizerResult => ({ decision: "Deny", reason });
export const noOpinion = (reason = ""): AuthorizerResult => ({ decision: "NoOpinion", reason });

//> authz-union
/**
 * union.New: the first Allow or Deny wins, with its reason. When all have no opinion, the answer
 * is NoOpinion with every reason joined by newlines and the errors aggregated.
 */
export function unionAuthorizer(authorizers: readonly Authorizer[]): Authorizer {
  return {
    name: "union",
    async authorize(attrs: RequestAttributes): Promise<AuthorizerResult> {
      const reasons: string[] = [];
      const errors: Error[] = [];
      for (const authorizer of authorizers) {
        const result = await authorizer.authorize(attrs);
        if (result.error !== undefined) errors.push(result.error);
        if (result.reason !== "") reasons.push(result.reason);
        if (result.decision !== "NoOpinion") return result;
      }
      const out = noOpinion(reasons.join("\n"));
      if (errors.length === 1) out.error = errors[0];
      else if (errors.length > 1) out.error = new Error(`[${errors.map((e) => e.message).join(", ")}]`);
      return out;
    },
  };
}
//< authz-union

/** authorizerfactory.NewPrivilegedGroups: members of these groups are allowed everything. */
export function privilegedGroupsAuthorizer(groups: readonly string[] = [SystemPrivilegedGroup]): SyncAuthorizer {
  return {
    name: "privileged-groups",
    authorize(attrs) {
      return attrs.user.groups.some((g) => groups.includes(g)) ? allow() : noOpinion();
    },
  };
}

/**
 * --authorization-mode=AlwaysAllow (authorizerfactory.NewAlwaysAllowAuthorizer, builtin.go):
 * everyone may do everything, and RulesFor says so with one wildcard rule of each kind, so
 * `kubectl auth can-i --list` shows `*.* [] [] [*]` and `[*] [] [*]`, complete.
 */
export function alwaysAllowAuthorizer(): SyncAuthorizer & SubjectRuleResolver {
  return {
    name: "AlwaysAllow",
    authorize: () => allow(),
    rulesFor: (): RulesForResult => ({
      resourceRules: [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }],
      nonResourceRules: [{ verbs: ["*"], nonResourceURLs: ["*"] }],
      incomplete: false,
    }),
  };
}

/**
 * --authorization-mode=AlwaysDeny (authorizerfactory.NewAlwaysDenyAuthorizer, builtin.go): it has
 * no opinion on anything, with the reason "Everything is forbidden.", so later modes may still
 * allow (only system:masters' short-circuit does, when it is the only mode); RulesFor lists
 * nothing, complete.
 */
export function alwaysDenyAuthorizer(): SyncAuthorizer & SubjectRuleResolver {
  return {
    name: "AlwaysDeny",
    authorize: () => noOpinion("Everything is forbidden."),
    rulesFor: (): RulesForResult => ({ resourceRules: [], nonResourceRules: [], incomplete: false }),
  };
}

/**
 * What kube-apiserver builds from --authorization-mode: the system:masters short-circuit, then the
 * modes in the order given; and, for SelfSubjectRulesReview, the union of the modes' rule
 * resolvers (rule-resolver.ts; the short-circuit is not one, as upstream).
 */
export function buildAuthorizer(modes: readonly Authorizer[]): Authorizer & SubjectRuleResolver {
  return { ...unionAuthorizer([privilegedGroupsAuthorizer(), ...modes]), ...unionRuleResolver(modes) };
}

/** AttributesRecord.IsReadOnly: get, list and watch. */
export function isReadOnly(verb: string): boolean {
  return verb === "get" || verb === "list" || verb === "watch";
}

/** A RequestAttributes with empty defaults, convenient for tests, notebooks and reviews. */
export function requestAttributes(a: Partial<RequestAttributes> & Pick<RequestAttributes, "user" | "verb">): RequestAttributes {
  return {
    isResourceRequest: a.path === undefined || a.resource !== undefined,
    path: "",
    namespace: "",
    apiGroup: "",
    apiVersion: "",
    resource: "",
    subresource: "",
    name: "",
    ...a,
  };
}
