// The authenticator chain kube-apiserver builds from its flags
// (pkg/kubeapiserver/authenticator/config.go), from this server's options:
//
//   requestHeader  --requestheader-*          an authenticating proxy's X-Remote-User headers
//   clientCA       --client-ca-file           X.509 client certificates: CN = user, O = groups
//   tokens         --token-auth-file          static bearer tokens (CSV text, or already parsed)
//   serviceAccount --service-account-*        ServiceAccount JWTs, checked against the stored
//                                             ServiceAccounts (a deleted one's token is refused)
//   oidc           --oidc-*                   an OpenID Connect provider's ID tokens
//   anonymous      --anonymous-auth           default true: no credential → system:anonymous
//
// The bearer-token authenticators form one union behind the `Authorization: Bearer` parser.

import type { Clock } from "../../sim/clock";
import { anonymousAuthenticator } from "../authn/anonymous";
import { bearerTokenAuthenticator, unionTokenAuthenticator } from "../authn/bearer-token";
import { oidcAuthenticator, type OidcOptions } from "../authn/oidc";
import { requestHeaderAuthenticator, type RequestHeaderOptions } from "../authn/request-header";
import { serviceAccountTokenAuthenticator, type ServiceAccountTokenOptions } from "../authn/service-account-token";
import { parseTokenFile, tokenFileAuthenticator } from "../authn/token-file";
import type { RequestAuthenticator, TokenAuthenticator } from "../authn/types";
import { buildAuthenticationChain } from "../authn/union";
import { x509Authenticator } from "../authn/x509";
import type { UserInfo } from "../types";
import type { ClusterState } from "./cluster-state";

export interface AuthenticationOptions {
  /** The trust bundle client certificates must chain to. Default "client-ca"; false turns x509 off. */
  clientCA?: string | false;
  requestHeader?: RequestHeaderOptions;
  /** --token-auth-file: its CSV text, or tokens already parsed. */
  tokens?: string | ReadonlyMap<string, UserInfo>;
  serviceAccount?: Omit<ServiceAccountTokenOptions, "clock" | "getServiceAccount">;
  oidc?: Omit<OidcOptions, "clock">;
  /** --anonymous-auth. Default true. */
  anonymous?: boolean;
  /** More request authenticators, tried after the others (e.g. a test's). */
  extra?: readonly RequestAuthenticator[];
}

export function buildAuthenticator(o: AuthenticationOptions, clock: Clock, state: ClusterState): RequestAuthenticator {
  const authenticators: RequestAuthenticator[] = [];
  if (o.requestHeader !== undefined) authenticators.push(requestHeaderAuthenticator(o.requestHeader));
  if (o.clientCA !== false) authenticators.push(x509Authenticator({ clientCA: o.clientCA ?? "client-ca" }));
  const tokens: TokenAuthenticator[] = [];
  if (o.tokens !== undefined) tokens.push(tokenFileAuthenticator(typeof o.tokens === "string" ? parseTokenFile(o.tokens) : o.tokens));
  if (o.serviceAccount !== undefined) {
    tokens.push(serviceAccountTokenAuthenticator({
      ...o.serviceAccount, clock,
      getServiceAccount: (ns, name) => {
        const sa = state.getServiceAccount(ns, name);
        return sa === undefined ? undefined : sa.metadata?.uid === undefined ? {} : { uid: sa.metadata.uid };
      },
    }));
  }
  if (o.oidc !== undefined) tokens.push(oidcAuthenticator({ ...o.oidc, clock }));
  if (tokens.length > 0) authenticators.push(bearerTokenAuthenticator(unionTokenAuthenticator(tokens)));
  authenticators.push(...(o.extra ?? []));
  return buildAuthenticationChain({
    authenticators,
    ...(o.anonymous === false ? {} : { anonymous: anonymousAuthenticator() }),
  });
}
