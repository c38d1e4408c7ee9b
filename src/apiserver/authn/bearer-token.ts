// Bearer tokens: `Authorization: Bearer <token>`, handed to the token authenticators in order
// (token file, ServiceAccount tokens, OIDC...).
//
// Upstream: k8s.io/apiserver/pkg/authentication/request/bearertoken/bearertoken.go and
// .../token/union/union.go. Note the asymmetry that makes a bad token a 401 even with anonymous
// auth on: a request *with* a bearer token that nobody accepts fails with "invalid bearer token".
// SIMPLIFICATION: no token cache (upstream caches results: --token-auth-cache-ttl) and the
// Authorization header is not removed from the request after success.

import { aggregateErrors } from "./union";
import {
  type AuthenticationResult,
  failed,
  headerValue,
  noOpinion,
  type RequestAuthenticator,
  type TokenAuthenticator,
} from "./types";

/** token/union: the first token authenticator that accepts wins; errors are collected. */
export function unionTokenAuthenticator(authenticators: readonly TokenAuthenticator[]): TokenAuthenticator {
  return {
    name: "token-union",
    async authenticateToken(token: string): Promise<AuthenticationResult> {
      const errors: Error[] = [];
      for (const a of authenticators) {
        const result = await a.authenticateToken(token);
        if (result.kind === "Authenticated") return result;
        if (result.kind === "Failed") errors.push(result.error);
      }
      const error = aggregateErrors(errors);
      return error === undefined ? noOpinion : failed(error);
    },
  };
}

//> bearer-token
export function bearerTokenAuthenticator(tokens: TokenAuthenticator): RequestAuthenticator {
  return {
    name: "bearertoken",
    async authenticate(req): Promise<AuthenticationResult> {
      const auth = headerValue(req.headers, "Authorization").trim();
      if (auth === "") return noOpinion;
      const parts = auth.split(" ");
      if (parts.length < 2 || parts[0]!.toLowerCase() !== "bearer") return noOpinion;
      // Go's strings.SplitN(auth, " ", 3): parts[1] is "" for "Bearer  token" (two spaces).
      const token = parts[1]!;
      if (token === "") return noOpinion;
      const result = await tokens.authenticateToken(token);
      // No token authenticator recognised it and none said why: still a bad credential.
      if (result.kind === "NoOpinion") return failed("invalid bearer token");
      return result;
    },
  };
}
//< bearer-token
