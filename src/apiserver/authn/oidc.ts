// OpenID Connect ID tokens: an identity provider (Dex, Keycloak, Google, Entra ID...) signs a JWT
// about the user; the API server trusts the provider's keys, checks the token is for this cluster
// (the client ID in `aud`) and reads the user name and groups from configured claims.
//
// Upstream: k8s.io/apiserver/plugin/pkg/authenticator/token/oidc/oidc.go (with coreos/go-oidc's
// verifier for signature, issuer, audience and expiry), configured by the --oidc-* flags or, since
// v1.30, the structured AuthenticationConfiguration (jwt authenticators, CEL claim mappings).
// SIMPLIFICATION: the provider's keys are given (upstream fetches them from the issuer's
// /.well-known/openid-configuration and jwks_uri and refreshes them); no CEL claim mappings or
// claim validation rules; one issuer per authenticator.

import type { Clock } from "../../sim/clock";
import type { UserInfo } from "../types";
import {
  audiencesOf,
  type JwtClaims,
  parseJws,
  type SignatureVerifier,
  unverifiedIssuer,
  type VerificationKey,
  verifyJwsSignature,
} from "./jwt";
import { goList } from "./service-account-token";
import { type AuthenticationResult, authenticated, failed, noOpinion, type TokenAuthenticator } from "./types";

export interface OidcOptions {
  /** --oidc-issuer-url: must equal the token's `iss` exactly. */
  issuerURL: string;
  /** --oidc-client-id: must be in the token's `aud`. */
  clientID: string;
  /** --oidc-username-claim. Default "sub". */
  usernameClaim?: string;
  /**
   * --oidc-username-prefix. Default: none for the "email" claim, otherwise `<issuerURL>#`, so that
   * a provider's user "admin" cannot pass for a local user "admin". "-" disables the prefix.
   */
  usernamePrefix?: string;
  /** --oidc-groups-claim. Default: no groups. */
  groupsClaim?: string;
  /** --oidc-groups-prefix. Default "". */
  groupsPrefix?: string;
  /** The provider's signing keys (its JWKS). */
  keys: readonly VerificationKey[];
  verify: SignatureVerifier;
  clock: Clock;
}

/** go-oidc tolerates 5 minutes of clock skew on nbf (and none on exp). */
const nbfLeewaySeconds = 5 * 60;

export function oidcAuthenticator(options: OidcOptions): TokenAuthenticator {
  const usernameClaim = options.usernameClaim ?? "sub";
  const usernamePrefix =
    options.usernamePrefix === "-" ? "" : options.usernamePrefix ?? (usernameClaim === "email" ? "" : `${options.issuerURL}#`);
  return {
    name: "oidc",
    async authenticateToken(token: string): Promise<AuthenticationResult> {
      //> oidc-verify
      if (unverifiedIssuer(token) !== options.issuerURL) return noOpinion;
      let jws;
      try {
        jws = parseJws(token);
      } catch (e) {
        return failed(`oidc: verify token: oidc: malformed jwt: ${(e as Error).message}`);
      }
      if (!(await verifyJwsSignature(jws, options.keys, options.verify))) {
        return failed("oidc: verify token: failed to verify signature: failed to verify id token signature");
      }
      const claims = jws.claims;
      const aud = audiencesOf(claims);
      if (!aud.includes(options.clientID)) {
        return failed(`oidc: verify token: oidc: expected audience ${JSON.stringify(options.clientID)} got ${goList(aud)}`);
      }
      const now = options.clock.now() / 1000;
      if (typeof claims.exp !== "number" || claims.exp < now) {
        return failed(`oidc: verify token: oidc: token is expired (Token Expiry: ${isoSeconds(claims.exp ?? 0)})`);
      }
      if (typeof claims.nbf === "number" && now + nbfLeewaySeconds < claims.nbf) {
        return failed(`oidc: verify token: oidc: current time ${isoSeconds(now)} before the nbf (not before) time: ${isoSeconds(claims.nbf)}`);
      }
      //< oidc-verify
      return userFromClaims(claims);
    },
  };

  function userFromClaims(claims: JwtClaims): AuthenticationResult {
    const username = claims[usernameClaim];
    if (username === undefined) return failed(`oidc: parse username claims ${JSON.stringify(usernameClaim)}: claim not present`);
    if (typeof username !== "string") return failed(`oidc: parse username claims ${JSON.stringify(usernameClaim)}: not a string`);
    if (usernameClaim === "email" && "email_verified" in claims) {
      // If email_verified is present it must be true: an unverified address proves nothing.
      if (typeof claims.email_verified !== "boolean") return failed("oidc: parse 'email_verified' claim: not a boolean");
      if (!claims.email_verified) return failed("oidc: email not verified");
    }
    const user: UserInfo = { name: usernamePrefix + username, groups: [] };
    if (options.groupsClaim !== undefined && options.groupsClaim in claims) {
      // stringOrArray: a single group may be sent as a plain string.
      const raw = claims[options.groupsClaim];
      const groups = typeof raw === "string" ? [raw] : Array.isArray(raw) ? raw : undefined;
      if (groups === undefined || !groups.every((g) => typeof g === "string")) {
        return failed(`oidc: parse groups claim ${JSON.stringify(options.groupsClaim)}: not a string or a list of strings`);
      }
      user.groups = (groups as string[]).map((g) => (options.groupsPrefix ?? "") + g);
    }
    return authenticated(user);
  }
}

/** SIMPLIFICATION: go-oidc prints Go's time.Time; we print ISO 8601. */
function isoSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
