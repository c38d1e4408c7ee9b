// ServiceAccount tokens: JWTs the API server itself signs (TokenRequest, the projected volume a
// pod mounts at /var/run/secrets/kubernetes.io/serviceaccount/token) and verifies with the public
// halves of --service-account-key-file. A token names its ServiceAccount in private claims:
//
//   { "iss": "https://kubernetes.default.svc.cluster.local",
//     "sub": "system:serviceaccount:default:builder",
//     "aud": ["https://kubernetes.default.svc.cluster.local"],
//     "exp": 1700003600, "nbf": 1700000000, "iat": 1700000000,
//     "kubernetes.io": { "namespace": "default",
//                        "serviceaccount": { "name": "builder", "uid": "..." },
//                        "pod": { "name": "builder-7d9f", "uid": "..." } } }
//
// and the user is system:serviceaccount:<namespace>:<name> in the groups system:serviceaccounts
// and system:serviceaccounts:<namespace>.
//
// Upstream: k8s.io/kubernetes/pkg/serviceaccount/jwt.go (JWTTokenAuthenticator),
// pkg/serviceaccount/claims.go (the validator and its messages) and
// k8s.io/apiserver/pkg/authentication/serviceaccount/util.go (user names and groups).
// SIMPLIFICATION: legacy Secret-based tokens (issuer "kubernetes/serviceaccount", no expiry) are
// not accepted; they stopped being generated automatically in v1.24. The bound pod, secret and
// node are not looked up (upstream rejects a token whose pod was deleted).

import type { Clock } from "../../sim/clock";
import {
  AllServiceAccountsGroup,
  ServiceAccountGroupPrefix,
  ServiceAccountUsernamePrefix,
  type UserInfo,
} from "../types";
import {
  audiencesOf,
  checkTimes,
  type JwtClaims,
  parseJws,
  type SignatureVerifier,
  unverifiedIssuer,
  type VerificationKey,
  verifyJwsSignature,
} from "./jwt";
import { type AuthenticationResult, authenticated, failed, noOpinion, type TokenAuthenticator } from "./types";
import { CredentialIdKey } from "./x509";

/** serviceaccount.MakeUsername: system:serviceaccount:<namespace>:<name>. */
export function makeServiceAccountUsername(namespace: string, name: string): string {
  return `${ServiceAccountUsernamePrefix}${namespace}:${name}`;
}

/** serviceaccount.MakeGroupNames. */
export function makeServiceAccountGroupNames(namespace: string): string[] {
  return [AllServiceAccountsGroup, `${ServiceAccountGroupPrefix}${namespace}`];
}

/** serviceaccount.SplitUsername: [namespace, name], or undefined if not a ServiceAccount user name. */
export function splitServiceAccountUsername(username: string): [string, string] | undefined {
  if (!username.startsWith(ServiceAccountUsernamePrefix)) return undefined;
  const parts = username.slice(ServiceAccountUsernamePrefix.length).split(":");
  if (parts.length !== 2 || parts[0] === "" || parts[1] === "") return undefined;
  return [parts[0]!, parts[1]!];
}

interface KubernetesClaims {
  namespace?: unknown;
  serviceaccount?: { name?: unknown; uid?: unknown };
  pod?: { name?: unknown; uid?: unknown };
  node?: { name?: unknown; uid?: unknown };
}

export interface ServiceAccountTokenOptions {
  /** --service-account-issuer values; the first is the one the server signs with. */
  issuers: readonly string[];
  /** --api-audiences: a token must be meant for one of these. */
  audiences: readonly string[];
  /** Public keys (--service-account-key-file). */
  keys: readonly VerificationKey[];
  verify: SignatureVerifier;
  clock: Clock;
  /**
   * Looks up the ServiceAccount to check it still exists with the token's uid (the informer
   * cache upstream). Leave undefined to skip the lookup.
   */
  getServiceAccount?: (namespace: string, name: string) => { uid?: string } | undefined;
}

/** go-jose's DefaultLeeway: one minute of clock skew tolerated on exp, nbf and iat. */
const leewaySeconds = 60;

export function serviceAccountTokenAuthenticator(options: ServiceAccountTokenOptions): TokenAuthenticator {
  return {
    name: "serviceaccount",
    async authenticateToken(token: string): Promise<AuthenticationResult> {
      //> serviceaccount-token
      // 1. Route by issuer before any cryptography: another issuer's token is not ours.
      const iss = unverifiedIssuer(token);
      if (iss === undefined || !options.issuers.includes(iss)) return noOpinion;
      let jws;
      try {
        jws = parseJws(token);
      } catch {
        return noOpinion;
      }
      // 2. The signature, with any of the configured public keys.
      if (!(await verifyJwsSignature(jws, options.keys, options.verify))) {
        return failed("square/go-jose: error in cryptographic primitive");
      }
      // 3. The audience: the token must be meant for this API server.
      const tokenAudiences = audiencesOf(jws.claims);
      if (!tokenAudiences.some((a) => options.audiences.includes(a))) {
        return failed(`token audiences ${goList(tokenAudiences)} is invalid for the target audiences ${goList(options.audiences)}`);
      }
      // 4. Time: exp, nbf, iat against the injected clock.
      switch (checkTimes(jws.claims, options.clock.now(), leewaySeconds)) {
        case "expired": return failed("service account token has expired");
        case "notYetValid": return failed("service account token is not valid yet");
        case "issuedInTheFuture": return failed("service account token is issued in the future");
        case "ok": break;
      }
      // 5. Who: the kubernetes.io private claims, and the ServiceAccount must still exist.
      return userFromClaims(jws.claims, options);
      //< serviceaccount-token
    },
  };
}

function userFromClaims(claims: JwtClaims, options: ServiceAccountTokenOptions): AuthenticationResult {
  const k = claims["kubernetes.io"] as KubernetesClaims | undefined;
  const namespace = k?.namespace;
  const saName = k?.serviceaccount?.name;
  const saUid = k?.serviceaccount?.uid;
  if (typeof namespace !== "string" || typeof saName !== "string" || typeof saUid !== "string") {
    return failed("service account token claims could not be retrieved");
  }
  const username = makeServiceAccountUsername(namespace, saName);
  // Upstream reads only the private claims; we also insist `sub` agrees with them, since a
  // mismatch can only come from a buggy or forged issuer.
  if (claims.sub !== undefined && claims.sub !== username) {
    return failed(`service account token subject ${JSON.stringify(claims.sub)} does not match its kubernetes.io claims`);
  }
  if (options.getServiceAccount !== undefined) {
    const sa = options.getServiceAccount(namespace, saName);
    if (sa === undefined) return failed(`serviceaccounts ${JSON.stringify(saName)} not found`);
    if (sa.uid !== saUid) return failed(`service account UID (${sa.uid ?? ""}) does not match claim (${saUid})`);
  }
  // ServiceAccountInfo.UserInfo: the bound pod and node travel as extra.
  const extra: Record<string, string[]> = {};
  if (typeof k?.pod?.name === "string") extra["authentication.kubernetes.io/pod-name"] = [k.pod.name];
  if (typeof k?.pod?.uid === "string") extra["authentication.kubernetes.io/pod-uid"] = [k.pod.uid];
  if (typeof k?.node?.name === "string") extra["authentication.kubernetes.io/node-name"] = [k.node.name];
  if (typeof k?.node?.uid === "string") extra["authentication.kubernetes.io/node-uid"] = [k.node.uid];
  if (typeof claims.jti === "string") extra[CredentialIdKey] = [`JTI=${claims.jti}`];
  const user: UserInfo = { name: username, uid: saUid, groups: makeServiceAccountGroupNames(namespace) };
  if (Object.keys(extra).length > 0) user.extra = extra;
  return authenticated(user, audiencesOf(claims).filter((a) => options.audiences.includes(a)));
}

/** Go's %q of a []string: ["a" "b"]. */
export function goList(items: readonly string[]): string {
  return `[${items.map((i) => JSON.stringify(i)).join(" ")}]`;
}
