import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkStubTypes, generateStub, StubError } from "./stubs";

const root = path.resolve(__dirname, "../..");

/** Joins lines, so fixtures read as code. */
const src = (...lines: string[]) => lines.join("\n");

const solved = src(
  "// A fixture.",
  "import { helper } from './helper';",
  "",
  "//> snippet-outside",
  "export function double(n: number): number {",
  "  // SOLUTION BEGIN",
  "  // TODO(fixture): return twice n.",
  "  //   Read: arithmetic, §1.",
  "  // STUB: return 0;",
  "  // a solution comment that must not leak",
  "  const twice = n * 2;",
  "  return twice;",
  "  // SOLUTION END",
  "}",
  "//< snippet-outside",
  "",
  "export class Counter {",
  "  // SOLUTION BEGIN",
  "  // TODO(fixture): your state.",
  "  private count = 0;",
  "  // SOLUTION END",
  "  next(): number {",
  "    // SOLUTION BEGIN",
  "    // TODO(fixture): count up.",
  "    // STUB: return 0;",
  "    return ++this.count;",
  "    // SOLUTION END",
  "  }",
  "}",
  "",
);

describe("generateStub", () => {
  it("keeps the TODO comment and the STUB lines of each region and drops the rest", () => {
    const stub = generateStub(solved, "solutions/00-x/fixture.ts");
    expect(stub).toBe(
      src(
        "// A fixture.",
        "import { helper } from './helper';",
        "",
        "//> snippet-outside",
        "export function double(n: number): number {",
        "  // TODO(fixture): return twice n.",
        "  //   Read: arithmetic, §1.",
        "  return 0;",
        "}",
        "//< snippet-outside",
        "",
        "export class Counter {",
        "  // TODO(fixture): your state.",
        "  next(): number {",
        "    // TODO(fixture): count up.",
        "    return 0;",
        "  }",
        "}",
        "",
      ),
    );
  });

  it("puts the banner on top and keeps Windows line endings", () => {
    const stub = generateStub(solved.replace(/\n/g, "\r\n"), "f.ts", "// banner\n//");
    expect(stub.startsWith("// banner\r\n//\r\n// A fixture.\r\n")).toBe(true);
    expect(stub.includes("\n") && !/[^\r]\n/.test(stub)).toBe(true);
  });

  it("is deterministic: the same solution always gives the same stub, byte for byte", () => {
    expect(generateStub(solved, "f.ts", "// b")).toBe(generateStub(solved, "f.ts", "// b"));
  });

  const broken: { why: string; text: string; line: number; says: RegExp }[] = [
    {
      why: "a region outside any function or class is rejected",
      text: src("// SOLUTION BEGIN", "// TODO(x): y", "export const a = 1;", "// SOLUTION END"),
      line: 1,
      says: /inside a function/,
    },
    {
      why: "a marker inside an expression is rejected",
      text: src("function f() {", "  const o = {", "    // SOLUTION BEGIN", "    // TODO(x): y", "    a: 1,", "    // SOLUTION END", "  };", "  return o;", "}"),
      line: 3,
      says: /between whole statements/,
    },
    {
      why: "BEGIN and END in different blocks are rejected",
      text: src("function f(x: boolean) {", "  // SOLUTION BEGIN", "  // TODO(x): y", "  if (x) {", "    // SOLUTION END", "  }", "}"),
      line: 2,
      says: /same block|between whole statements/,
    },
    {
      why: "an unclosed region is rejected",
      text: src("function f() {", "  // SOLUTION BEGIN", "  // TODO(x): y", "}"),
      line: 2,
      says: /never closed/,
    },
    {
      why: "nested regions are rejected",
      text: src("function f() {", "  // SOLUTION BEGIN", "  // SOLUTION BEGIN", "  // SOLUTION END", "  // SOLUTION END", "}"),
      line: 3,
      says: /do not nest/,
    },
    {
      why: "an END without a BEGIN is rejected",
      text: src("function f() {", "  // SOLUTION END", "}"),
      line: 2,
      says: /without/,
    },
    {
      why: "a misspelt marker is rejected rather than silently kept",
      text: src("function f() {", "  // solution begin", "}"),
      line: 2,
      says: /malformed/,
    },
    {
      why: "a region that does not open with a TODO comment is rejected",
      text: src("function f() {", "  // SOLUTION BEGIN", "  // STUB: return;", "  return;", "  // SOLUTION END", "}"),
      line: 3,
      says: /TODO/,
    },
    {
      why: "a chapter snippet that opens in a region and closes outside it is rejected",
      text: src("function f() {", "  // SOLUTION BEGIN", "  // TODO(x): y", "  //> quoted", "  g();", "  // SOLUTION END", "  //< quoted", "}"),
      line: 4,
      says: /snippet "quoted"/,
    },
    {
      why: "a solution without any region is rejected: the learner would have nothing to do",
      text: src("export function f() {", "  return 1;", "}"),
      line: 1,
      says: /no "\/\/ SOLUTION BEGIN" region/,
    },
  ];
  for (const { why, text, line, says } of broken) {
    it(why, () => {
      let error: unknown;
      try {
        generateStub(text, "solutions/00-x/bad.ts");
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(StubError);
      const e = error as StubError;
      expect(e.message).toMatch(says);
      expect(e.file).toBe("solutions/00-x/bad.ts");
      expect(e.line).toBe(line);
    });
  }
});

describe("checkStubTypes", () => {
  it("reports a stub that no longer compiles, for example a function left without a return", () => {
    const file = path.join(root, "exercises", "00-fixture", "no-return.ts");
    const stub = generateStub(
      src("export function f(n: number): number {", "  // SOLUTION BEGIN", "  // TODO(x): return n.", "  return n;", "  // SOLUTION END", "}", ""),
      "solutions/00-fixture/no-return.ts",
    );
    const problems = checkStubTypes(path.join(root, "tsconfig.tools.json"), new Map([[file, stub]]), []);
    expect(problems.map((p) => p.message).join("\n")).toMatch(/return/);
    expect(problems[0]?.file).toBe(file);
  });

  it("accepts a stub whose STUB lines return zero values", () => {
    const file = path.join(root, "exercises", "00-fixture", "ok.ts");
    const stub = generateStub(solved.replace("import { helper } from './helper';\n", ""), "f.ts");
    expect(checkStubTypes(path.join(root, "tsconfig.tools.json"), new Map([[file, stub]]), [])).toEqual([]);
  });
});
