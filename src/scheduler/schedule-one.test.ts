// numFeasibleNodesToFind cases reproduced from upstream pkg/scheduler/schedule_one_test.go
// (TestNumFeasibleNodesToFind); selectHost's tie breaking checked for uniformity and replay.
import { describe, expect, it } from "vitest";
import { Rng } from "../sim";
import { numFeasibleNodesToFind, selectHost } from "./schedule-one";

describe("numFeasibleNodesToFind (TestNumFeasibleNodesToFind)", () => {
  it.each([
    ["not set percentageOfNodesToScore and nodes number not more than 50", 0, 10, 10],
    ["set profile percentageOfNodesToScore and nodes number not more than 50", 40, 10, 10],
    ["not set percentageOfNodesToScore and nodes number more than 50", 0, 1000, 420],
    ["set profile percentageOfNodesToScore and nodes number more than 50", 40, 1000, 400],
    ["not set profile percentageOfNodesToScore and nodes number more than 50*125", 0, 6000, 300],
    ["set profile percentageOfNodesToScore and nodes number more than 50*125", 40, 6000, 2400],
  ])("%s", (_name, percentage, numAllNodes, want) => {
    expect(numFeasibleNodesToFind(percentage, numAllNodes)).toBe(want);
  });

  it("never looks at fewer than 100 nodes once the cluster has 100", () => {
    expect(numFeasibleNodesToFind(0, 150)).toBe(100);
    expect(numFeasibleNodesToFind(1, 5000)).toBe(100);
  });

  it("looks at 10% of a 5000-node cluster by default (50 − 5000/125 = 10)", () => {
    expect(numFeasibleNodesToFind(0, 5000)).toBe(500);
  });

  it("divides the node count by 125 as integers, as upstream's int32 arithmetic does", () => {
    // 50 − 1001/125 is 50 − 8 = 42 in Go, not trunc(41.992) = 41.
    expect(numFeasibleNodesToFind(0, 1001)).toBe(420);
    expect(numFeasibleNodesToFind(0, 1124)).toBe(472);
  });
});

describe("selectHost", () => {
  const list = (scores: Array<[string, number]>) => scores.map(([name, totalScore]) => ({ name, scores: [], totalScore }));

  it("picks the node with the highest total score", () => {
    expect(selectHost(list([["a", 10], ["b", 30], ["c", 20]]), 3, new Rng(1)).host).toBe("b");
  });

  it("breaks ties uniformly at random among the top-scoring nodes, with the seeded Rng", () => {
    const counts: Record<string, number> = { a: 0, b: 0, c: 0, d: 0 };
    const rng = new Rng(7);
    for (let i = 0; i < 4000; i++) counts[selectHost(list([["a", 5], ["b", 9], ["c", 9], ["d", 9]]), 3, rng).host]!++;
    expect(counts.a).toBe(0);
    for (const n of ["b", "c", "d"]) expect(counts[n]).toBeGreaterThan(1150);
  });

  it("replays the same choices from the same seed", () => {
    const run = () => Array.from({ length: 20 }, (_, i) => selectHost(list([["a", 1], ["b", 1], ["c", 1]]), 3, new Rng(`s${i}`)).host).join();
    expect(run()).toBe(run());
  });

  it("reports the best nodes, chosen first", () => {
    expect(selectHost(list([["a", 1], ["b", 3], ["c", 2], ["d", 0]]), 3, new Rng(1)).top.map((t) => t.name)).toEqual(["b", "c", "a"]);
  });
});
