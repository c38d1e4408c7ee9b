import { describe, expect, it } from "vitest";
import { utf8Encode as utf8 } from "../bytes";
import { decodeBody, mediaTypeOf } from "./body-decoding";

function errorOf(result: ReturnType<typeof decodeBody>): { code: number; reason: string; message: string } {
  if (result.ok) throw new Error("expected an error");
  return { code: result.error.code, reason: result.error.reason, message: result.error.message };
}

describe("decodeBody", () => {
  it.each([
    ["a JSON object for a create", "POST", "application/json", '{"a":1}', { a: 1 }],
    ["JSON when the Content-Type is missing", "PUT", undefined, '{"a":1}', { a: 1 }],
    ["a charset parameter is ignored", "POST", "application/json; charset=utf-8", '{"a":1}', { a: 1 }],
    ["YAML for a create", "POST", "application/yaml", "a: 1\nb: [x]\n", { a: 1, b: ["x"] }],
    ["a JSON patch as an array", "PATCH", "application/json-patch+json", '[{"op":"add","path":"/a","value":1}]', [{ op: "add", path: "/a", value: 1 }]],
    ["a strategic merge patch", "PATCH", "application/strategic-merge-patch+json", '{"spec":{}}', { spec: {} }],
    ["a server-side apply body in YAML", "PATCH", "application/apply-patch+yaml", "kind: Pod\n", { kind: "Pod" }],
    ["nothing from an empty body", "GET", undefined, "", undefined],
  ])("decodes %s", (_name, method, contentType, text, expected) => {
    expect(decodeBody(method, contentType, utf8(text))).toEqual({ ok: true, body: expected });
  });

  it("refuses a patch sent as plain JSON with 415, listing the patch types", () => {
    expect(errorOf(decodeBody("PATCH", "application/json", utf8("{}")))).toEqual({
      code: 415, reason: "UnsupportedMediaType",
      message: "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml",
    });
  });

  it("refuses a body in another media type with 415, listing those it decodes", () => {
    expect(errorOf(decodeBody("POST", "text/plain", utf8("hi"))).message).toBe(
      "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf",
    );
  });

  it("answers malformed JSON in a create with upstream's decoding prefix", () => {
    const err = errorOf(decodeBody("POST", "application/json", utf8("{")));
    expect(err).toMatchObject({ code: 400, reason: "BadRequest" });
    expect(err.message).toMatch(/^couldn't get version\/kind; json parse error: /);
  });

  it("answers a malformed patch with the parse error alone, as patch.go does", () => {
    const err = errorOf(decodeBody("PATCH", "application/merge-patch+json", utf8("{x")));
    expect(err.code).toBe(400);
    expect(err.message).not.toContain("version/kind");
  });

  it("answers malformed YAML as the YAML-to-JSON conversion does", () => {
    expect(errorOf(decodeBody("POST", "application/yaml", utf8("a: [1\n"))).message).toMatch(/^error converting YAML to JSON: yaml: /);
  });
});

describe("mediaTypeOf", () => {
  it("lower-cases and drops parameters", () => {
    expect(mediaTypeOf("Application/JSON; charset=UTF-8")).toBe("application/json");
    expect(mediaTypeOf(undefined)).toBe("");
  });
});
