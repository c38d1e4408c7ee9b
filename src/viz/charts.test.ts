import { describe, expect, it } from "vitest";
import { barChart, cdfChart, histogramChart, lineChart, scatterChart } from "./index";
import { fmt, formatNumber } from "./svg";
import { logTicks, niceTicks } from "./scale";

const series = [
  { name: "n1", points: [[0, 1], [1000, 3], [2000, 2]] as const },
  { name: "n2 <slow>", points: [[0, 2], [1000, 12], [2000, 30]] as const, dashed: true },
];

describe("charts are deterministic SVG strings", () => {
  it("the same data gives the same bytes", () => {
    expect(lineChart(series, { title: "p99" })).toBe(lineChart(series, { title: "p99" }));
  });

  it("draws a title, a legend entry per series (escaped), axis labels and one path per series", () => {
    const svg = lineChart(series, { title: "fsync p99", xLabel: "time (ms)", yLabel: "ms" });
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.endsWith("</svg>")).toBe(true);
    expect(svg).toContain(">fsync p99</text>");
    expect(svg).toContain(">n2 &lt;slow&gt;</text>");
    expect(svg).toContain(">time (ms)</text>");
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(svg).toContain('stroke-dasharray="6 4"');
  });

  it("draws a threshold as a labelled horizontal line, and leaves out one outside the y range", () => {
    const svg = lineChart(series, { hLines: [{ at: 10, label: "10 ms" }, { at: 500, label: "off the chart" }] });
    expect(svg).toContain(">10 ms</text>");
    expect(svg).not.toContain("off the chart");
  });

  it("labels a log axis at powers of ten", () => {
    const svg = lineChart([{ name: "", points: [[100, 1], [5000, 2]] }], { xScale: "log" });
    for (const label of [">100<", ">1,000<"]) expect(svg).toContain(label);
  });

  it("a scatter chart draws one dot per point", () => {
    expect(scatterChart(series).match(/<circle [^>]*r="3"/g)).toHaveLength(6);
  });

  it("a CDF chart runs from 0% to 100% and marks the median", () => {
    const svg = cdfChart([{ name: "A", values: [1, 2, 3, 4] }]);
    expect(svg).toContain(">0%<");
    expect(svg).toContain(">100%<");
    expect(svg).toContain(">median</text>");
  });

  it("a bar chart refuses a series whose length does not match the categories", () => {
    expect(() => barChart(["a", "b"], [{ name: "s", values: [1] }])).toThrow(/1 values for 2 categories/);
  });

  it("a bar chart labels each category and each bar's value", () => {
    const svg = barChart(["before", "after"], [{ name: "db size", values: [4096, 1024] }]);
    expect(svg).toContain(">before</text>");
    expect(svg).toContain(">4,096</text>");
    expect(svg.match(/<rect /g)!.length).toBeGreaterThanOrEqual(3); // background + 2 bars
  });

  it("a histogram draws one bar per non-empty bin", () => {
    const svg = histogramChart([1, 2, 15, 16, 17], { binWidth: 10 });
    expect(svg).toContain("[0, 10): 2");
    expect(svg).toContain("[10, 20): 3");
  });
});

describe("numbers and ticks", () => {
  it.each<[number, string]>([
    [0, "0"],
    [-0.001, "0"],
    [12.3456, "12.35"],
    [100, "100"],
  ])("fmt(%d) is %s", (n, expected) => {
    expect(fmt(n)).toBe(expected);
  });

  it("refuses to draw NaN or Infinity instead of writing it into the SVG", () => {
    expect(() => fmt(NaN)).toThrow(/non-finite/);
  });

  it.each<[number, string]>([
    [1234567, "1,234,567"],
    [1234.5, "1,234.5"],
    [0.000123, "0.000123"],
    [2.5e-3, "0.0025"],
    [-42, "-42"],
    [1111.6589, "1,111.66"],
  ])("formatNumber(%d) is %s", (n, expected) => {
    expect(formatNumber(n)).toBe(expected);
  });

  it("nice ticks step by 1, 2 or 5 times a power of ten", () => {
    expect(niceTicks(0, 4466, 5)).toEqual([0, 1000, 2000, 3000, 4000]);
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it("log ticks add 2× and 5× when the range spans few decades", () => {
    expect(logTicks(100, 5000)).toEqual([100, 200, 500, 1000, 2000, 5000]);
    expect(logTicks(1, 100000)).toEqual([1, 10, 100, 1000, 10000, 100000]);
  });
});
