import { describe, expect, it } from "vitest";
import { table } from "./table";

describe("HTML tables", () => {
  it("escapes cells, right-aligns number columns and prints numbers with separators", () => {
    const html = table(["key", "revision"], [["/registry/pods/<x>", 12345]], { caption: "keys" });
    expect(html).toContain("&lt;x&gt;");
    expect(html).toContain(">12,345</td>");
    expect(html).toContain("text-align:right");
    expect(html).toContain("<caption");
  });

  it("prints null and undefined as empty cells and highlights the rows asked for", () => {
    const html = table(["a", "b"], [["x", null], ["y", undefined]], { highlight: [1] });
    expect(html.match(/<td[^>]*><\/td>/g)).toHaveLength(2);
    expect(html).toContain('<tr style="background:#fefcbf">');
  });
});
