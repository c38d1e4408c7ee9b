// The two links of the authentication chain that union.ts assembles: the union of authenticators
// (first success wins) and the adder of the group system:authenticated.
//
// Upstream: k8s.io/apiserver/pkg/authentication/request/union/union.go and
// .../group/authenticated_group_adder.go. Chapter 2's exercise "authenticator-chain" has the
// learner write both; its graded tests replace this module with the learner's (vi.mock) and run
// the real chain of union.ts (buildAuthenticationChain) on whole requests.

import { AllAuthenticated, AllUnauthenticated, Anonymous, type UserInfo } from "../types";
import {
  type AuthenticationResult,
  type AuthRequest,
  authenticated,
  failed,
  noOpinion,
  type RequestAuthenticator,
} from "./types";

/** utilerrors.NewAggregate: one error as is, several as `[a, b]`. */
export function aggregateErrors(errors: readonly Error[]): Error | undefined {
  if (errors.length === 0) return undefined;
  if (errors.length === 1) return errors[0];
  return new Error(`[${errors.map((e) => e.message).join(", ")}]`);
}

//> authn-union
/**
 * union.New / union.NewFailOnError: the first `Authenticated` wins. A `Failed` is remembered and
 * the next authenticator asked, unless `failOnError`, which stops the chain at the first error.
 * If no one authenticates, the answer is the aggregated errors, or `NoOpinion` if there were none.
 */
export function unionAuthenticator(
  authenticators: readonly RequestAuthenticator[],
  options: { failOnError?: boolean; name?: string } = {},
): RequestAuthenticator {
  return {
    name: options.name ?? "union",
    async authenticate(req: AuthRequest): Promise<AuthenticationResult> {
      const errors: Error[] = [];
      for (const authenticator of authenticators) {
        const result = await authenticator.authenticate(req);
        if (result.kind === "Authenticated") return result;
        if (result.kind === "Failed") {
          if (options.failOnError) return result;
          errors.push(result.error);
        }
      }
      const error = aggregateErrors(errors);
      return error === undefined ? noOpinion : failed(error);
    },
  };
}
//< authn-union

/**
 * AuthenticatedGroupAdder: every user the chain authenticated is in system:authenticated, unless
 * it is the anonymous user or already says it is (un)authenticated.
 */
export function withAuthenticatedGroup(inner: RequestAuthenticator): RequestAuthenticator {
  return {
    name: inner.name,
    async authenticate(req: AuthRequest): Promise<AuthenticationResult> {
      const result = await inner.authenticate(req);
      if (result.kind !== "Authenticated") return result;
      const user = result.user;
      if (user.name === Anonymous) return result;
      if (user.groups.some((g) => g === AllAuthenticated || g === AllUnauthenticated)) return result;
      const withGroup: UserInfo = { ...user, groups: [...user.groups, AllAuthenticated] };
      return authenticated(withGroup, result.audiences);
    },
  };
}
