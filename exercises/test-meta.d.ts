// Lets a graded test (or a describe block) say how much it is worth:
//   it("suspects a silent peer ...", { meta: { weight: 3 } }, () => { ... })
// An exercise's points are split across its tests in proportion to their weights (default 1);
// see tools/exercises/points.ts.
import "vitest";

declare module "vitest" {
  interface TaskMeta {
    /** The share of the exercise's points this test is worth, relative to its siblings (default 1). */
    weight?: number;
  }
}
