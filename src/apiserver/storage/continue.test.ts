import { describe, expect, it } from "vitest";
import { base64UrlDecode, base64UrlEncode, decodeContinue, encodeContinue } from "./continue";

describe("continue tokens", () => {
  it("round-trip the next key and the revision, relative to the list's prefix", () => {
    const token = encodeContinue("/registry/pods/default/web\0", "/registry/pods/", 42);
    expect(token).not.toMatch(/[=+/]/); // base64url without padding
    expect(decodeContinue(token, "/registry/pods/")).toEqual({ fromKey: "/registry/pods/default/web\0", rv: 42 });
  });

  it("encode base64url exactly as Go's RawURLEncoding does", () => {
    expect(base64UrlEncode('{"v":"meta.k8s.io/v1","rv":5,"start":"a"}')).toBe("eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6NSwic3RhcnQiOiJhIn0");
    expect(base64UrlDecode(base64UrlEncode("ünïcødé ✓ 𝄞"))).toBe("ünïcødé ✓ 𝄞");
  });

  it("refuse a start key that climbs out of the list's prefix", () => {
    const token = base64UrlEncode(JSON.stringify({ v: "meta.k8s.io/v1", rv: 5, start: "../secrets/default/x" }));
    expect(() => decodeContinue(token, "/registry/pods/")).toThrow("invalid continue token: invalid key: ../secrets/default/x");
  });

  it("refuse an unknown version, a zero revision and an empty start key with 400", () => {
    const enc = (o: object) => base64UrlEncode(JSON.stringify(o));
    expect(() => decodeContinue(enc({ v: "v2", rv: 5, start: "a" }), "/p/")).toThrow("got unrecognized encoded version v2");
    expect(() => decodeContinue(enc({ v: "meta.k8s.io/v1", rv: 0, start: "a" }), "/p/")).toThrow("incorrect encoded start resourceVersion");
    expect(() => decodeContinue(enc({ v: "meta.k8s.io/v1", rv: 5, start: "" }), "/p/")).toThrow("encoded start key empty");
  });
});
