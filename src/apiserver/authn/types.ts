// What the authenticators see of a request, and what they answer.
//
// Upstream, every authenticator implements authenticator.Request
// (k8s.io/apiserver/pkg/authentication/authenticator/interfaces.go):
//
//   AuthenticateRequest(req *http.Request) (*Response, bool, error)
//
// three outcomes folded into two return values: (user, true, nil) "this is who it is",
// (nil, false, nil) "not my kind of credential, ask the next one" and (nil, false, err) "this
// was my kind of credential and it is bad". Here the three are a discriminated union.
//
// The request is reduced to what authentication reads: the headers and, from the TLS layer, the
// client certificate it verified. No `node:` imports: this runs in the browser too.

import type { UserInfo } from "../types";

/** A header value as Node's `IncomingMessage.headersDistinct` gives it (repeated headers kept apart). */
export type HeaderValue = string | readonly string[] | undefined;

/** Request headers; names are matched case-insensitively, as HTTP requires. */
export type Headers = Readonly<Record<string, HeaderValue>>;

/**
 * The client certificate the TLS layer verified, reduced to what authentication reads.
 *
 * SIMPLIFICATION: upstream's x509 authenticator receives the raw chain and verifies it itself
 * against `--client-ca-file` (and the front proxy's against `--requestheader-client-ca-file`).
 * Here the HTTPS front does the chain verification and tells us which trust bundles the chain
 * verified against, by name.
 */
export interface PeerCertificate {
  subject: {
    /** CN: the user name. */
    commonName: string;
    /** O: the groups (one group per O attribute). */
    organization: readonly string[];
  };
  /** The names of the trust bundles this certificate chains to, e.g. ["client-ca"]. */
  verifiedBy: readonly string[];
  /** Hex SHA-256 of the DER certificate, used in the credential id (optional). */
  fingerprintSha256?: string;
  /**
   * The serial number, in hex as Node prints it (`"0A1B..."`). Optional: certificates built by
   * hand (tests, the browser) may leave it out. Errors print it in decimal, as Go's `%d` does.
   */
  serialNumber?: string;
  /** The Subject Key Identifier extension's key id, hex; absent when the extension is. */
  subjectKeyId?: string;
  /** The Authority Key Identifier extension's keyIdentifier, hex; absent when the extension is. */
  authorityKeyId?: string;
}

export interface AuthRequest {
  headers: Headers;
  /** Present when the client presented a certificate on the TLS handshake. */
  peerCertificate?: PeerCertificate;
}

//> authentication-result
/**
 * authenticator.Response, ok, err as one value:
 * - `Authenticated`: the credential was valid; `user` is who sent it.
 * - `NoOpinion`: this authenticator does not recognise the credential; the chain asks the next.
 * - `Failed`: the credential was this authenticator's kind and is invalid (expired, bad
 *   signature...). The chain still asks the others, and answers 401 if nobody authenticates.
 */
export type AuthenticationResult =
  | { kind: "Authenticated"; user: UserInfo; audiences?: readonly string[] }
  | { kind: "NoOpinion" }
  | { kind: "Failed"; error: Error };

export type Awaitable<T> = T | Promise<T>;

/** authenticator.Request: authenticates a whole request (headers, client certificate). */
export interface RequestAuthenticator {
  readonly name: string;
  authenticate(req: AuthRequest): Awaitable<AuthenticationResult>;
}

/** authenticator.Token: authenticates a bearer token taken out of the request. */
export interface TokenAuthenticator {
  readonly name: string;
  authenticateToken(token: string): Awaitable<AuthenticationResult>;
}
//< authentication-result

export const noOpinion: AuthenticationResult = { kind: "NoOpinion" };

export function authenticated(user: UserInfo, audiences?: readonly string[]): AuthenticationResult {
  return audiences === undefined ? { kind: "Authenticated", user } : { kind: "Authenticated", user, audiences };
}

export function failed(error: Error | string): AuthenticationResult {
  return { kind: "Failed", error: typeof error === "string" ? new Error(error) : error };
}

/** All values of a header, case-insensitively, in order; empty values kept. */
export function headerValues(headers: Headers, name: string): string[] {
  const wanted = name.toLowerCase();
  const out: string[] = [];
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    if (typeof value === "string") out.push(value);
    else out.push(...value);
  }
  return out;
}

/** The first value of a header, or "" (Go's http.Header.Get). */
export function headerValue(headers: Headers, name: string): string {
  return headerValues(headers, name)[0] ?? "";
}

/**
 * Headers whose name starts with `prefix` (case-insensitively), as [rest of name lower-cased and
 * percent-unescaped, values]: `Impersonate-Extra-Scopes` gives the extra key "scopes".
 * Upstream: unescapeExtraKey in headerrequest/requestheader.go and filters/impersonation.go.
 */
export function prefixedHeaders(headers: Headers, prefix: string): Array<[string, string[]]> {
  const p = prefix.toLowerCase();
  const out: Array<[string, string[]]> = [];
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined || !key.toLowerCase().startsWith(p)) continue;
    const rest = key.slice(p.length).toLowerCase();
    out.push([unescapeExtraKey(rest), typeof value === "string" ? [value] : [...value]]);
  }
  return out;
}

function unescapeExtraKey(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded; // upstream: "Always record extra strings, even if malformed/unencoded."
  }
}
