import { describe, expect, it } from "vitest";
import { bin, ecdf, quantile, summarize } from "./stats";

describe("statistics for charts", () => {
  it.each<[string, number[], number, number]>([
    ["the median of an even count interpolates between the middle two", [4, 1, 3, 2], 0.5, 2.5],
    ["the median of an odd count is the middle value", [5, 1, 3], 0.5, 3],
    ["q = 0 is the minimum and q = 1 the maximum", [7, 3, 9], 1, 9],
    ["the 90th percentile of 1..11 is 10", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.9, 10],
  ])("%s", (_name, values, q, expected) => {
    expect(quantile(values, q)).toBeCloseTo(expected, 10);
  });

  it("refuses a quantile of nothing and one outside [0, 1], saying why", () => {
    expect(() => quantile([], 0.5)).toThrow(/no values/);
    expect(() => quantile([1], 1.5)).toThrow(/\[0, 1\]/);
  });

  it("summarizes a sample without changing it", () => {
    const values = [300, 100, 200];
    expect(summarize(values)).toMatchObject({ count: 3, min: 100, median: 200, mean: 200, max: 300 });
    expect(values).toEqual([300, 100, 200]);
  });

  it("draws the empirical CDF as steps that reach 1 at the largest value, counting ties once", () => {
    expect(ecdf([3, 1, 2, 2])).toEqual([
      [1, 0],
      [1, 0.25],
      [2, 0.75],
      [3, 1],
    ]);
  });

  it("bins values on multiples of the width, including empty bins in between", () => {
    expect(bin([5, 12, 37, 39.9], 10)).toEqual([
      { x0: 0, x1: 10, count: 1 },
      { x0: 10, x1: 20, count: 1 },
      { x0: 20, x1: 30, count: 0 },
      { x0: 30, x1: 40, count: 2 },
    ]);
  });
});
