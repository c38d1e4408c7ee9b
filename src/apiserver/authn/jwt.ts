// JSON Web Tokens as the API server reads them: a JWS in compact serialization,
//
//   base64url(header) "." base64url(claims) "." base64url(signature)
//
// signed over the ASCII bytes of the first two parts. ServiceAccount tokens and OIDC ID tokens
// are both JWTs; they differ in who signs them and which claims they carry.
//
// This file only parses and checks claims. Checking a signature needs cryptography, which is
// injected as a `SignatureVerifier` so that this code runs unchanged in the browser;
// `jws.node.ts` implements it with node:crypto (HS256, RS256, ES256...).
//
// Upstream uses go-jose (gopkg.in/go-jose/go-jose.v2/jwt) and, for OIDC, coreos/go-oidc.
// Does not guarantee: JWE (encrypted tokens) and JSON serialization are not supported.

import { base64UrlToBytes, bytesToBase64Url, utf8Decode, utf8Encode } from "../bytes";
import type { Awaitable } from "./types";

export class JwtError extends Error {
  override readonly name = "JwtError";
}

export interface JwsHeader {
  alg: string;
  kid?: string;
  typ?: string;
  [key: string]: unknown;
}

/** Registered claims (RFC 7519 §4.1) and whatever else the token carries. */
export interface JwtClaims {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  exp?: number;
  nbf?: number;
  iat?: number;
  jti?: string;
  [claim: string]: unknown;
}

export interface Jws {
  header: JwsHeader;
  claims: JwtClaims;
  /** The bytes the signature covers: ASCII of `header.payload`. */
  signingInput: Uint8Array;
  signature: Uint8Array;
}

/** A key a verifier may try; `key` is opaque here (a secret, a PEM, a JWK, a KeyObject...). */
export interface VerificationKey {
  /** If both the key and the token header have a kid, they must be equal. */
  kid?: string;
  /** If set, the token's alg must be this one (never trust the token to choose the algorithm). */
  alg?: string;
  key: unknown;
}

/** Checks a JWS signature: true when `signature` is `alg` over `signingInput` with `key`. */
export type SignatureVerifier = (alg: string, signingInput: Uint8Array, signature: Uint8Array, key: unknown) => Awaitable<boolean>;

/** RFC 4648 §5 base64url, without padding. */
export function base64UrlDecode(s: string): Uint8Array {
  try {
    return base64UrlToBytes(s);
  } catch {
    throw new JwtError("illegal base64 data");
  }
}

export const base64UrlEncode = bytesToBase64Url;
export { utf8Decode, utf8Encode };

function decodeJsonObject(part: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(utf8Decode(base64UrlDecode(part)));
  } catch {
    throw new JwtError(`malformed JWT ${what}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new JwtError(`malformed JWT ${what}`);
  return value as Record<string, unknown>;
}

/** Parses a compact JWS without checking its signature. Throws JwtError on malformed input. */
export function parseJws(token: string): Jws {
  const parts = token.split(".");
  if (parts.length !== 3) throw new JwtError("compact JWS format must have three parts");
  const [h, p, s] = parts as [string, string, string];
  const header = decodeJsonObject(h, "header");
  if (typeof header.alg !== "string") throw new JwtError("JWS header has no alg");
  // "none" would mean "unsigned": never acceptable for authentication (RFC 8725 §3.1).
  if (header.alg === "none") throw new JwtError(`unexpected signature algorithm "none"`);
  const claims = decodeJsonObject(p, "claims") as JwtClaims;
  return {
    header: header as JwsHeader,
    claims,
    signingInput: utf8Encode(`${h}.${p}`),
    signature: base64UrlDecode(s),
  };
}

/**
 * The `iss` claim read *without* verifying anything: upstream's hasCorrectIssuer, used only to
 * route a token to the authenticator of its issuer (a token from another issuer is "no opinion").
 */
export function unverifiedIssuer(token: string): string | undefined {
  try {
    const iss = parseJws(token).claims.iss;
    return typeof iss === "string" ? iss : undefined;
  } catch {
    return undefined;
  }
}

/** Tries each key that fits the header's kid and alg; true when one verifies the signature. */
export async function verifyJwsSignature(jws: Jws, keys: readonly VerificationKey[], verify: SignatureVerifier): Promise<boolean> {
  for (const k of keys) {
    if (k.kid !== undefined && jws.header.kid !== undefined && k.kid !== jws.header.kid) continue;
    if (k.alg !== undefined && k.alg !== jws.header.alg) continue;
    if (await verify(jws.header.alg, jws.signingInput, jws.signature, k.key)) return true;
  }
  return false;
}

/** `aud` is a string or a list of strings (RFC 7519 §4.1.3). */
export function audiencesOf(claims: JwtClaims): string[] {
  const aud = claims.aud;
  if (typeof aud === "string") return [aud];
  if (Array.isArray(aud)) return aud.filter((a): a is string => typeof a === "string");
  return [];
}

export type TimeCheck = "ok" | "expired" | "notYetValid" | "issuedInTheFuture";

/**
 * go-jose's Claims.ValidateWithLeeway(Expected{Time: now}, leeway): exp, nbf and iat against the
 * clock, each with `leeway` of tolerance for clock skew. Times are in seconds (NumericDate).
 */
export function checkTimes(claims: JwtClaims, nowMs: number, leewaySeconds: number): TimeCheck {
  const now = nowMs / 1000;
  if (typeof claims.nbf === "number" && now + leewaySeconds < claims.nbf) return "notYetValid";
  if (typeof claims.exp === "number" && now - leewaySeconds > claims.exp) return "expired";
  if (typeof claims.iat === "number" && now + leewaySeconds < claims.iat) return "issuedInTheFuture";
  return "ok";
}
