// Base64 (RFC 4648 §4) of UTF-8 text: how a JSON Patch travels in `response.patch`.
// Written out here because the library runs in Node and in the browser alike, and neither
// Buffer nor atob/TextEncoder is part of both (nor of the ES2022 library we compile against).

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function utf8Encode(text: string): number[] {
  const bytes: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) bytes.push(cp);
    else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return bytes;
}

function utf8Decode(bytes: readonly number[]): string {
  let out = "";
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    const n = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 0;
    if (n === 0 || i + n > bytes.length) throw new Error("invalid UTF-8 in base64 payload");
    let cp = n === 1 ? b : b & (0xff >> (n + 1));
    for (let k = 1; k < n; k++) cp = (cp << 6) | (bytes[i + k]! & 63);
    out += String.fromCodePoint(cp);
    i += n;
  }
  return out;
}

export function encodeBase64(text: string): string {
  const bytes = utf8Encode(text);
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i]!, bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += alphabet[(n >> 18) & 63]! + alphabet[(n >> 12) & 63]!;
    out += b === undefined ? "=" : alphabet[(n >> 6) & 63]!;
    out += c === undefined ? "=" : alphabet[n & 63]!;
  }
  return out;
}

/** Decodes standard base64 with padding, as Go's encoding/json does for []byte. */
export function decodeBase64(b64: string): string {
  if (b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) throw new Error("illegal base64 data");
  const bytes: number[] = [];
  for (let i = 0; i < b64.length; i += 4) {
    const chunk = b64.slice(i, i + 4);
    const n = [...chunk].reduce((acc, ch) => (acc << 6) | (ch === "=" ? 0 : alphabet.indexOf(ch)), 0);
    bytes.push((n >> 16) & 255);
    if (chunk[2] !== "=") bytes.push((n >> 8) & 255);
    if (chunk[3] !== "=") bytes.push(n & 255);
  }
  return utf8Decode(bytes);
}
