import { describe, expect, it } from "vitest";
import { applyJsonPatch, JsonPatchError, parseJsonPatch, parsePointer, type JsonPatchOperation, type JsonValue } from "./json-patch";

// Reference: RFC 6902, Appendix A ("Examples"), cases A.1 to A.16, reproduced as given.
const appendixA: { name: string; doc: JsonValue; patch: JsonPatchOperation[]; result?: JsonValue; error?: RegExp }[] = [
  { name: "A.1 adds an object member", doc: { foo: "bar" },
    patch: [{ op: "add", path: "/baz", value: "qux" }], result: { baz: "qux", foo: "bar" } },
  { name: "A.2 adds an array element", doc: { foo: ["bar", "baz"] },
    patch: [{ op: "add", path: "/foo/1", value: "qux" }], result: { foo: ["bar", "qux", "baz"] } },
  { name: "A.3 removes an object member", doc: { baz: "qux", foo: "bar" },
    patch: [{ op: "remove", path: "/baz" }], result: { foo: "bar" } },
  { name: "A.4 removes an array element", doc: { foo: ["bar", "qux", "baz"] },
    patch: [{ op: "remove", path: "/foo/1" }], result: { foo: ["bar", "baz"] } },
  { name: "A.5 replaces a value", doc: { baz: "qux", foo: "bar" },
    patch: [{ op: "replace", path: "/baz", value: "boo" }], result: { baz: "boo", foo: "bar" } },
  { name: "A.6 moves a value", doc: { foo: { bar: "baz", waldo: "fred" }, qux: { corge: "grault" } },
    patch: [{ op: "move", from: "/foo/waldo", path: "/qux/thud" }],
    result: { foo: { bar: "baz" }, qux: { corge: "grault", thud: "fred" } } },
  { name: "A.7 moves an array element", doc: { foo: ["all", "grass", "cows", "eat"] },
    patch: [{ op: "move", from: "/foo/1", path: "/foo/3" }], result: { foo: ["all", "cows", "eat", "grass"] } },
  { name: "A.8 passes a test", doc: { baz: "qux", foo: ["a", 2, "c"] },
    patch: [{ op: "test", path: "/baz", value: "qux" }, { op: "test", path: "/foo/1", value: 2 }],
    result: { baz: "qux", foo: ["a", 2, "c"] } },
  { name: "A.9 fails a test", doc: { baz: "qux" },
    patch: [{ op: "test", path: "/baz", value: "bar" }], error: /test failed/ },
  { name: "A.10 adds a nested member object", doc: { foo: "bar" },
    patch: [{ op: "add", path: "/child", value: { grandchild: {} } }], result: { foo: "bar", child: { grandchild: {} } } },
  { name: "A.12 fails to add to a nonexistent target", doc: { foo: "bar" },
    patch: [{ op: "add", path: "/baz/bat", value: "qux" }], error: /path not found/ },
  { name: "A.14 compares ~0 and ~1 escapes", doc: { "/": 9, "~1": 10 },
    patch: [{ op: "test", path: "/~01", value: 10 }], result: { "/": 9, "~1": 10 } },
  { name: "A.15 fails a test comparing a string with a number", doc: { "/": 9, "~1": 10 },
    patch: [{ op: "test", path: "/~01", value: "10" }], error: /test failed/ },
  { name: "A.16 adds an array value", doc: { foo: ["bar"] },
    patch: [{ op: "add", path: "/foo/-", value: ["abc", "def"] }], result: { foo: ["bar", ["abc", "def"]] } },
];

describe("JSON Patch (RFC 6902)", () => {
  for (const c of appendixA) {
    it(`reproduces RFC 6902 Appendix ${c.name}`, () => {
      if (c.error) expect(() => applyJsonPatch(c.doc, c.patch)).toThrow(c.error);
      else expect(applyJsonPatch(c.doc, c.patch)).toEqual(c.result);
    });
  }

  it("ignores unknown members of an operation, as RFC 6902 Appendix A.11 requires", () => {
    const patch = parseJsonPatch('[{"op":"add","path":"/baz","value":"qux","xyz":123}]');
    expect(applyJsonPatch({ foo: "bar" }, patch)).toEqual({ foo: "bar", baz: "qux" });
  });

  it("rejects a patch whose op is unknown", () => {
    expect(() => parseJsonPatch('[{"op":"merge","path":"/a"}]')).toThrow(JsonPatchError);
    expect(() => parseJsonPatch('{"op":"add"}')).toThrow(/must be an array/);
  });

  it("leaves the input document unchanged, even when a later operation fails", () => {
    const doc = { a: [1, 2] };
    expect(() => applyJsonPatch(doc, [{ op: "add", path: "/a/-", value: 3 }, { op: "remove", path: "/missing" }]))
      .toThrow(/operation 1/);
    expect(doc).toEqual({ a: [1, 2] });
  });

  it("replaces and copies, and refuses to replace a missing member", () => {
    expect(applyJsonPatch({ a: { b: 1 } }, [{ op: "copy", from: "/a", path: "/c" }, { op: "replace", path: "/c/b", value: 2 }]))
      .toEqual({ a: { b: 1 }, c: { b: 2 } });
    expect(() => applyJsonPatch({}, [{ op: "replace", path: "/x", value: 1 }])).toThrow(/path not found/);
  });

  it("refuses an array index beyond the end or with leading zeros", () => {
    expect(() => applyJsonPatch({ a: [1] }, [{ op: "add", path: "/a/2", value: 0 }])).toThrow(/out of bounds/);
    expect(() => applyJsonPatch({ a: [1, 2] }, [{ op: "remove", path: "/a/01" }])).toThrow(/invalid array index/);
  });

  it("refuses to move a value into its own child", () => {
    expect(() => applyJsonPatch({ a: { b: {} } }, [{ op: "move", from: "/a", path: "/a/b/c" }])).toThrow(/own child/);
  });

  it("unescapes JSON pointer tokens as RFC 6901 section 4 says", () => {
    expect(parsePointer("/a~1b/m~0n/~01")).toEqual(["a/b", "m~n", "~1"]);
    expect(parsePointer("")).toEqual([]);
  });
});
