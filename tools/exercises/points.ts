// Points arithmetic. An exercise's points (from the manifest) are split across its tests in
// proportion to their weights. A test's weight is 1 unless the test, or a describe block around it,
// says otherwise with vitest's `meta`:
//
//   it("keeps suspecting a peer across a partition", { meta: { weight: 2 } }, () => { ... });
//   describe("table of cluster sizes", { meta: { weight: 0.5 } }, () => { ... });  // each test: 0.5
//
// Hidden tests, when an instructor adds them, join the same split. Earned points are rounded to
// two decimals for display only; totals are summed from unrounded values.

export interface Weighted {
  weight: number;
  state: "passed" | "failed" | "skipped";
}

export type Status = "not started" | "passed" | "failed" | "partial";

/** Points earned by a set of tests for an exercise worth `points`. No tests earn nothing. */
export function earnedPoints(points: number, tests: readonly Weighted[]): number {
  const total = tests.reduce((sum, t) => sum + t.weight, 0);
  if (total <= 0) return 0;
  const passed = tests.filter((t) => t.state === "passed").reduce((sum, t) => sum + t.weight, 0);
  return (points * passed) / total;
}

/** How much one test is worth, for a report line. */
export function testPoints(points: number, tests: readonly Weighted[], test: Weighted): number {
  const total = tests.reduce((sum, t) => sum + t.weight, 0);
  return total <= 0 ? 0 : (points * test.weight) / total;
}

/** "passed" when every test passed, "failed" when none did (or there were none), else "partial". */
export function statusOf(tests: readonly Weighted[]): Exclude<Status, "not started"> {
  const passed = tests.filter((t) => t.state === "passed").length;
  if (tests.length > 0 && passed === tests.length) return "passed";
  return passed === 0 ? "failed" : "partial";
}

/** Rounds for display: 6.666… -> "6.67", 10 -> "10", 2.5 -> "2.5". */
export function formatPoints(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(2).replace(/0$/, "");
}

/** Checks a weight read from a test's meta; weights must be positive finite numbers. */
export function validWeight(weight: unknown): weight is number {
  return typeof weight === "number" && Number.isFinite(weight) && weight > 0;
}
