// Continue tokens: how a paged list resumes where the last page stopped, at the same revision.
//
// The token is opaque to clients; inside it is base64url (no padding) of
// `{"v":"meta.k8s.io/v1","rv":<revision>,"start":"<next key, relative to the list's prefix>"}`.
// Reading every page at the token's revision makes the pages one consistent snapshot, until
// compaction removes that revision: then the token has expired (410).
//
// Reference: k8s.io/apiserver/pkg/storage/continue.go (EncodeContinue, DecodeContinue).
import { invalidContinue } from "./errors";

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

// base64url without padding (Go's base64.RawURLEncoding), over UTF-8. Written out because
// `btoa`/`Buffer` are not in the portable library set (the browser has one, Node the other).
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

function utf8Bytes(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

export function base64UrlEncode(s: string): string {
  const b = utf8Bytes(s);
  let out = "";
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i]! << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    const chars = i + 2 < b.length ? 4 : i + 1 < b.length ? 3 : 2;
    for (let j = 0; j < chars; j++) out += ALPHABET[(n >> (18 - 6 * j)) & 63];
  }
  return out;
}

export function base64UrlDecode(s: string): string {
  const bytes: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const ch of s) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) throw new Error(`illegal base64 data at input byte ${bytes.length}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((acc >> bits) & 0xff);
    }
  }
  let out = "";
  for (let i = 0; i < bytes.length; ) {
    const b0 = bytes[i]!;
    const len = b0 < 0x80 ? 1 : b0 < 0xe0 ? 2 : b0 < 0xf0 ? 3 : 4;
    let c = len === 1 ? b0 : b0 & (0xff >> (len + 1));
    for (let j = 1; j < len; j++) c = (c << 6) | ((bytes[i + j] ?? 0) & 63);
    out += String.fromCodePoint(c);
    i += len;
  }
  return out;
}
