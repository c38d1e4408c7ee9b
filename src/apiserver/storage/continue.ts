// Continue tokens: how a paged list resumes where the last page stopped, at the same revision.
//
// The token is opaque to clients; inside it is base64url (no padding) of
// `{"v":"meta.k8s.io/v1","rv":<revision>,"start":"<next key, relative to the list's prefix>"}`.
// Reading every page at the token's revision makes the pages one consistent snapshot, until
// compaction removes that revision: then the token has expired (410).
//
// Reference: k8s.io/apiserver/pkg/storage/continue.go (EncodeContinue, DecodeContinue).
import { invalidContinue } from "./errors";
import { base64UrlToBytes, bytesToBase64Url, utf8Decode, utf8Encode } from "../bytes";

interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

//> encode-continue
/** EncodeContinue: `key` is the first key of the next page; it must lie under `keyPrefix`. */
export function encodeContinue(key: string, keyPrefix: string, resourceVersion: number): string {
  if (!key.startsWith(keyPrefix)) throw new Error("unable to encode next field: the key and key prefix do not match");
  const token: ContinueToken = { v: "meta.k8s.io/v1", rv: resourceVersion, start: key.slice(keyPrefix.length) };
  return base64UrlEncode(JSON.stringify(token));
}
//< encode-continue

//> decode-continue
/**
 * DecodeContinue: the key to start from and the revision to read at. rv -1 means "the latest"
 * (upstream hands such tokens out after an expired one). The start key is cleaned as a path so a
 * crafted token cannot climb above `keyPrefix` (`../secrets/...`).
 */
export function decodeContinue(token: string, keyPrefix: string): { fromKey: string; rv: number } {
  let c: Partial<ContinueToken>;
  try {
    c = JSON.parse(base64UrlDecode(token)) as Partial<ContinueToken>;
  } catch (err: unknown) {
    throw invalidContinue(`continue key is not valid: ${(err as Error).message}`);
  }
  if (c.v !== "meta.k8s.io/v1") throw invalidContinue(`got unrecognized encoded version ${String(c.v)}`);
  if (typeof c.rv !== "number" || c.rv === 0) {
    throw invalidContinue("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
  }
  if (typeof c.start !== "string" || c.start === "") {
    throw invalidContinue("continue key is not valid: encoded start key empty (version meta.k8s.io/v1)");
  }
  const key = c.start.startsWith("/") ? c.start : `/${c.start}`;
  if (cleanPath(key) !== key) throw invalidContinue(`invalid key: ${c.start}`);
  return { fromKey: keyPrefix + key.slice(1), rv: c.rv };
}
//< decode-continue

/** Go's path.Clean for absolute paths: drops "." and empty segments, resolves "..". */
function cleanPath(p: string): string {
  const out: string[] = [];
  for (const seg of p.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") out.pop();
    else out.push(seg);
  }
  return `/${out.join("/")}`;
}

// Continue tokens are base64url without padding (Go's base64.RawURLEncoding) of UTF-8 JSON.
export function base64UrlEncode(s: string): string {
  return bytesToBase64Url(utf8Encode(s));
}

export function base64UrlDecode(s: string): string {
  return utf8Decode(base64UrlToBytes(s));
}
