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

import { aggregateErrors, unionAuthenticator, withAuthenticatedGroup } from "./union-authenticator";
import type { RequestAuthenticator } from "./types";

// The two links of the chain (the union and the system:authenticated adder) live in
// ./union-authenticator.ts, one small module that chapter 2's exercise "authenticator-chain"
// replaces; they are re-exported here.
export { aggregateErrors, unionAuthenticator, withAuthenticatedGroup };

export interface AuthenticationChainConfig {
  /** In the order kube-apiserver uses: request header, x509, bearer token. */
  authenticators: readonly RequestAuthenticator[];
  /** --anonymous-auth. Default true upstream; the cost: unauthenticated requests reach authorization as system:anonymous. */
  anonymous?: RequestAuthenticator;
}

//> build-authentication-chain
/** authenticator config.go New(): the union, the authenticated group, then anonymous (fail on error). */
export function buildAuthenticationChain(config: AuthenticationChainConfig): RequestAuthenticator {
  const chain = withAuthenticatedGroup(unionAuthenticator(config.authenticators));
  if (config.anonymous === undefined) return chain;
  return unionAuthenticator([chain, config.anonymous], { failOnError: true, name: "union+anonymous" });
}
//< build-authentication-chain
