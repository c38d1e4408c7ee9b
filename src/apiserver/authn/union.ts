// The authentication chain: authenticators tried in order until one recognises the request.
//
// Upstream: k8s.io/apiserver/pkg/authentication/request/union/union.go (the chain),
// .../group/authenticated_group_adder.go (system:authenticated) and
// k8s.io/kubernetes/pkg/kubeapiserver/authenticator/config.go (the order kube-apiserver builds):
//
//   1. the authenticating proxy's headers (--requestheader-*), only from the proxy's certificate
//   2. X.509 client certificates (--client-ca-file)
//   3. bearer tokens: token file, ServiceAccount tokens, OIDC (one token union)
//   then every authenticated user gets the group system:authenticated, and last
//   4. anonymous (--anonymous-auth), consulted only if no one failed: a bad token is a 401,
//      never quietly anonymous.
//
// Basic auth (--basic-auth-file, a CSV of passwords) is not here: it was deprecated in v1.16 and
// removed in v1.19. Passwords sent on every request, with no expiry, are what tokens and
// certificates replaced; clusters that want passwords put an OIDC provider in front.

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

export interface AuthenticationChainConfig {
  /** In the order kube-apiserver uses: request header, x509, bearer token. */
  authenticators: readonly RequestAuthenticator[];
  /** --anonymous-auth. Default true upstream; the cost: unauthenticated requests reach authorization as system:anonymous. */
  anonymous?: RequestAuthenticator;
}

/** authenticator config.go New(): the union, the authenticated group, then anonymous (fail on error). */
export function buildAuthenticationChain(config: AuthenticationChainConfig): RequestAuthenticator {
  const chain = withAuthenticatedGroup(unionAuthenticator(config.authenticators));
  if (config.anonymous === undefined) return chain;
  return unionAuthenticator([chain, config.anonymous], { failOnError: true, name: "union+anonymous" });
}
