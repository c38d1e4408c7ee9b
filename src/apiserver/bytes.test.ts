import { describe, expect, it } from "vitest";
import { base64ToBytes, base64UrlToBytes, bytesToBase64, bytesToBase64Url, utf8Decode, utf8Encode } from "./bytes";

const ascii = (s: string): Uint8Array => utf8Encode(s);

describe("bytes", () => {
  it("encodes the RFC 4648 §10 test vectors, padded and unpadded", () => {
    const vectors: [string, string][] = [["", ""], ["f", "Zg=="], ["fo", "Zm8="], ["foo", "Zm9v"], ["foob", "Zm9vYg=="], ["fooba", "Zm9vYmE="], ["foobar", "Zm9vYmFy"]];
    for (const [plain, b64] of vectors) {
      expect(bytesToBase64(ascii(plain))).toBe(b64);
      expect(utf8Decode(base64ToBytes(b64))).toBe(plain);
      expect(bytesToBase64Url(ascii(plain))).toBe(b64.replace(/=/g, ""));
      expect(utf8Decode(base64UrlToBytes(b64.replace(/=/g, "")))).toBe(plain);
    }
  });

  it("uses - and _ in base64url where standard base64 has + and /", () => {
    const bytes = Uint8Array.from([0xfb, 0xff, 0xbf]);
    expect(bytesToBase64(bytes)).toBe("+/+/");
    expect(bytesToBase64Url(bytes)).toBe("-_-_");
  });

  it("refuses malformed base64 with Go's wording", () => {
    expect(() => base64ToBytes("abc")).toThrow("illegal base64 data at input byte 0");
    expect(() => base64ToBytes("ab*=")).toThrow("illegal base64 data at input byte 2");
    expect(() => base64UrlToBytes("abcde")).toThrow("illegal base64 data at input byte 4");
  });

  it("round-trips UTF-8 of every width and refuses a truncated sequence", () => {
    const text = "a é ✓ 𝄞";
    expect(utf8Decode(utf8Encode(text))).toBe(text);
    expect([...utf8Encode("é")]).toEqual([0xc3, 0xa9]);
    expect(() => utf8Decode(Uint8Array.from([0xe2, 0x9c]))).toThrow("invalid UTF-8");
  });
});
