import { describe, expect, it } from "vitest";
import { diffHtml, diffLines } from "./diff";
import { waterfallChart } from "./waterfall";

describe("line diffs", () => {
  it("keeps common lines and marks what was removed and added", () => {
    const ops = diffLines("a\nb\nc", "a\nc\nd");
    expect(ops.map((o) => `${o.kind[0]}${o.line}`)).toEqual(["sa", "rb", "sc", "ad"]);
  });

  it("renders a unified diff, escaping text and folding long unchanged runs", () => {
    const before = ["<x>", ...Array.from({ length: 10 }, (_, i) => `line ${i}`)].join("\n");
    const after = `${before}\nnew`;
    const html = diffHtml(before, after, { beforeLabel: "sent", afterLabel: "stored", context: 1 });
    expect(html).toContain("--- sent");
    expect(html).toContain("+ new");
    expect(html).toContain("@@ 10 unchanged lines @@");
    expect(html).not.toContain("<x>");
    expect(html).toContain("(1 line added, 0 removed)");
  });
});

describe("waterfall charts", () => {
  it("draws one bar per span and is the same string for the same spans", () => {
    const spans = [{ label: "authn", start: 0, end: 0 }, { label: "storage", start: 2, end: 9.5 }];
    const svg = waterfallChart(spans, { title: "one request" });
    expect(svg.match(/<rect x="[^"]*" y="[^"]*" width="[^"]*" height="12"/g)).toHaveLength(2);
    expect(svg).toContain("7.5 ms");
    expect(waterfallChart(spans, { title: "one request" })).toBe(svg);
  });
});
