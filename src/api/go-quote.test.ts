import { describe, expect, it } from "vitest";
import { goQuote, utf8Length } from "./go-quote";

describe("goQuote, Go's %q", () => {
  it.each([
    ["web", '"web"'],
    ["", '""'],
    ['say "hi"', '"say \\"hi\\""'],
    ["back\\slash", '"back\\\\slash"'],
    ["tab\there", '"tab\\there"'],
    ["line\nbreak", '"line\\nbreak"'],
    ["\x01", '"\\x01"'],
    ["\x7f", '"\\x7f"'],
    ["\x07\b\f\r\v", '"\\a\\b\\f\\r\\v"'],
    ["héllo", '"héllo"'],
    ["日本", '"日本"'],
    ["😀", '"😀"'],
    ["no\u00a0break", '"no\\u00a0break"'],
    ["\u2028", '"\\u2028"'],
    ["\u{e0001}", '"\\U000e0001"'],
    ["\ud800", '"\\ufffd"'],
  ])("quotes %j as %s", (input, expected) => {
    expect(goQuote(input)).toBe(expected);
  });
});

describe("utf8Length, Go's len", () => {
  it.each([
    ["abc", 3],
    ["é", 2],
    ["日", 3],
    ["😀", 4],
    ["", 0],
  ])("counts %j as %d bytes", (input, expected) => {
    expect(utf8Length(input)).toBe(expected);
  });
});
