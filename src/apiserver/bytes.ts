// UTF-8 and base64 over Uint8Array, for every part of the API server that moves bytes as text:
// encryption at rest (registry/encryption.ts), JWTs (authn/jwt.ts), continue tokens
// (storage/continue.ts) and webhook patches (admission/webhook/base64.ts).
//
// Written out because the library runs in Node and in the browser alike, and neither Buffer nor
// TextEncoder/atob is part of the ES2022 library we compile against. Errors read like Go's
// (`illegal base64 data at input byte N`), which is what the API server's messages carry.

export function utf8Encode(text: string): Uint8Array {
  const bytes: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) bytes.push(cp);
    else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return Uint8Array.from(bytes);
}

/** UTF-8 bytes to text; throws on a malformed sequence rather than guessing. */
export function utf8Decode(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const extra = b < 0x80 ? 0 : b >= 0xc0 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf8 ? 3 : -1;
    if (extra < 0) throw new Error("invalid UTF-8");
    let cp = extra === 0 ? b : b & (0xff >> (extra + 2));
    for (let k = 1; k <= extra; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) throw new Error("invalid UTF-8");
      cp = (cp << 6) | (c & 0x3f);
    }
    out += String.fromCodePoint(cp);
    i += extra + 1;
  }
  return out;
}

const STD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

function encode(bytes: Uint8Array, alphabet: string, pad: boolean): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i]!, bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += alphabet[(n >> 18) & 63]! + alphabet[(n >> 12) & 63]!;
    if (b !== undefined) out += alphabet[(n >> 6) & 63]!;
    else if (pad) out += "=";
    if (c !== undefined) out += alphabet[n & 63]!;
    else if (pad) out += "=";
  }
  return out;
}

function decode(text: string, alphabet: string): Uint8Array {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < text.length; i++) {
    const v = alphabet.indexOf(text[i]!);
    if (v < 0) throw new Error(`illegal base64 data at input byte ${i}`);
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  if (text.length % 4 === 1) throw new Error(`illegal base64 data at input byte ${text.length - 1}`);
  return Uint8Array.from(out);
}

/** Standard base64 with padding (RFC 4648 §4, Go's base64.StdEncoding). */
export function bytesToBase64(bytes: Uint8Array): string {
  return encode(bytes, STD, true);
}

/** Decodes standard base64; the length must be a multiple of 4, padding included. */
export function base64ToBytes(b64: string): Uint8Array {
  if (b64.length % 4 !== 0) throw new Error(`illegal base64 data at input byte ${b64.length - (b64.length % 4)}`);
  const body = b64.replace(/={1,2}$/, "");
  return decode(body, STD);
}

/** base64url without padding (RFC 4648 §5, Go's base64.RawURLEncoding): JWTs, continue tokens. */
export function bytesToBase64Url(bytes: Uint8Array): string {
  return encode(bytes, URL, false);
}

export function base64UrlToBytes(text: string): Uint8Array {
  return decode(text, URL);
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
