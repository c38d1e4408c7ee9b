import { describe, expect, it } from "vitest";
import { compareOutputs, type Notebook } from "./outputs";

const nb = (...outputs: string[]): Notebook => ({
  cells: [
    { cell_type: "markdown", source: "# title" },
    ...outputs.map((text) => ({ cell_type: "code", source: "x", outputs: [{ output_type: "stream", text }] })),
  ],
});

describe("compareOutputs", () => {
  it("finds no difference between identical outputs", () => {
    expect(compareOutputs(nb("a\n", "b\n"), nb("a\n", "b\n"))).toBeUndefined();
  });

  it("names the first code cell whose output changed", () => {
    expect(compareOutputs(nb("a\n", "leader n1\n"), nb("a\n", "leader n3\n"))).toMatch(/^code cell 2: saved "…leader n1/);
  });

  it("notices cells added or removed", () => {
    expect(compareOutputs(nb("a"), nb("a", "b"))).toBe("1 code cells saved, 2 run");
  });

  it("compares rich outputs by MIME type, not by key order", () => {
    const rich = (data: Record<string, string>): Notebook => ({
      cells: [{ cell_type: "code", source: "", outputs: [{ output_type: "display_data", data }] }],
    });
    expect(compareOutputs(rich({ "text/html": "<svg/>", "text/plain": "x" }), rich({ "text/plain": "x", "text/html": "<svg/>" }))).toBeUndefined();
  });
});
