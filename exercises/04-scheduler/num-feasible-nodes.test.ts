// Graded tests for the exercise "num-feasible-nodes" (chapter 04-scheduler, 10 points). Each
// test's weight is the points it is worth (they add up to 10); see tools/exercises/points.ts.
// `@exercise/...` is your exercises/ file; the grader also runs these tests against the reference
// solution and the untouched stub (tools/exercises/README.md). Each test is a sentence; its
// failure message names the rule that was broken and where to read about it.
//
// Your `numFeasibleNodesToFind` is plugged into the real scheduler: vi.mock below replaces it in
// src/scheduler/schedule-one.ts, which Scheduler.schedulePod (src/scheduler/scheduler.ts) calls
// every cycle. Upstream's table cases then run, and clusters of hundreds of nodes are scheduled.
import { describe, expect, it, vi } from "vitest";
import * as learner from "@exercise/04-scheduler/num-feasible-nodes";
import { cluster, failures, nodes, pod } from "./support/cluster";

const { numFeasibleNodesToFind } = learner;

vi.mock("../../src/scheduler/schedule-one", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../src/scheduler/schedule-one")>()),
  numFeasibleNodesToFind: (percentage: number, numAllNodes: number) => learner.numFeasibleNodesToFind(percentage, numAllNodes),
}));

const RULE = "numFeasibleNodesToFind (schedule_one.go; docs 'Scheduler Performance Tuning'): all nodes below 100; else numAllNodes × percentage / 100, at least 100, where percentage 0 means 50 − numAllNodes / 125, at least 5";
const check = (percentage: number, numAllNodes: number, want: number, why: string) =>
  expect(numFeasibleNodesToFind(percentage, numAllNodes), `${RULE}. percentageOfNodesToScore ${percentage}, ${numAllNodes} nodes: ${why}`).toBe(want);

describe("upstream's table (pkg/scheduler/schedule_one_test.go, TestNumFeasibleNodesToFind)", () => {
  const cases: Array<[string, number, number, number]> = [
    ["not set percentageOfNodesToScore and nodes number not more than 50", 0, 10, 10],
    ["set profile percentageOfNodesToScore and nodes number not more than 50", 40, 10, 10],
    ["not set percentageOfNodesToScore and nodes number more than 50", 0, 1000, 420],
    ["set profile percentageOfNodesToScore and nodes number more than 50", 40, 1000, 400],
    ["not set profile percentageOfNodesToScore and nodes number more than 50*125", 0, 6000, 300],
    ["set profile percentageOfNodesToScore and nodes number more than 50*125", 40, 6000, 2400],
  ];
  for (const [name, percentage, numAllNodes, want] of cases) {
    it(name, { meta: { weight: 0.5 } }, () => check(percentage, numAllNodes, want, `upstream expects ${want}`));
  }
});

describe("the rule's edges", () => {
  it("a cluster of fewer than 100 nodes is examined whole, and a larger one never below 100 nodes", { meta: { weight: 1 } }, () => {
    check(0, 99, 99, "below minFeasibleNodesToFind (100) every node is examined");
    check(1, 99, 99, "below 100 nodes even a tiny percentage examines every node");
    check(0, 100, 100, "50% of 100 is 50, raised to the minimum of 100");
    check(40, 150, 100, "40% of 150 is 60, raised to 100");
    check(1, 5000, 100, "1% of 5000 is 50, raised to 100");
  });

  it("the adaptive percentage drops by one point per 125 nodes, in whole points, down to 5%", { meta: { weight: 2 } }, () => {
    check(0, 500, 230, "50 − 500/125 = 46%, 46% of 500 = 230");
    check(0, 5000, 500, "50 − 40 = 10%: 500 nodes");
    check(0, 1001, 420, "1001/125 is 8 in integer division (not 8.008): 42%, and 1001 × 42 / 100 = 420.42 → 420");
    check(0, 1124, 472, "1124/125 is 8: 42%, and 1124 × 42 / 100 = 472.08 → 472");
    check(0, 1150, 471, "1150/125 is 9: 41%, and 1150 × 41 / 100 = 471.5, which integer division truncates to 471 (not rounds to 472)");
    check(0, 5624, 337, "5624/125 is 44: 6%, 337.44 → 337");
    check(0, 5625, 281, "5625/125 is 45: 5%, 281.25 → 281");
    check(0, 15000, 750, "50 − 120 is negative: the percentage is raised to 5%, 750 nodes");
  });

  it("a configured percentage is used as given, and 100 examines every node", { meta: { weight: 1 } }, () => {
    check(100, 5000, 5000, "100%: every node, the best placements and the slowest cycles");
    check(50, 1000, 500, "50% of 1000");
    check(5, 3000, 150, "5% of 3000");
    check(33, 1001, 330, "33% of 1001 is 330.33 → 330");
    check(30, 1005, 301, "30% of 1005 is 301.5 → 301: the fraction is dropped, not rounded");
  });
});

describe("plugged into the scheduler: clusters of hundreds of nodes", () => {
  it("a 500-node cluster examines 230 nodes per pod, starting each cycle where the last stopped, so every node gets its turn", { meta: { weight: 2 } }, () => {
    const c = cluster(nodes(500, "node", { cpu: "8", memory: "32Gi" }), { explain: true, seed: 1 });
    const examined = new Set<string>();
    const counts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = c.scheduleOne(pod(`web-${i}`).obj())!;
      expect(r.outcome, `${RULE}: the pod must be scheduled. ${failures([r])}`).toBe("Scheduled");
      counts.push(r.diagnosis.evaluatedNodes);
      for (const n of r.diagnosis.nodes) examined.add(n.node);
      expect(r.diagnosis.nodes.map((n) => n.node), `${RULE}: the pod is placed on one of the nodes examined in its cycle`).toContain(r.nodeName);
    }
    expect(counts, `${RULE}: 500 nodes, adaptive: 50 − 500/125 = 46%, so every cycle examines 230 nodes (all feasible here)`).toEqual([230, 230, 230]);
    expect(examined.size, `${RULE}: three cycles of 230 nodes, each starting where the last stopped, cover all 500 nodes`).toBe(500);
  });

  it("a small cluster is examined whole, and a profile with percentageOfNodesToScore 100 examines every node of a large one", { meta: { weight: 1 } }, () => {
    const small = cluster(nodes(60, "node", { cpu: "8", memory: "32Gi" }));
    const r1 = small.scheduleOne(pod("a").obj())!;
    expect(r1.diagnosis.evaluatedNodes, `${RULE}: fewer than 100 nodes: all 60. ${failures([r1])}`).toBe(60);
    const all = cluster(nodes(300, "node", { cpu: "8", memory: "32Gi" }), { config: { profiles: [{ schedulerName: "default-scheduler", percentageOfNodesToScore: 100 }] } });
    const r2 = all.scheduleOne(pod("b").obj())!;
    expect(r2.diagnosis.evaluatedNodes, `${RULE}: the profile's percentageOfNodesToScore 100 means every one of the 300 nodes. ${failures([r2])}`).toBe(300);
  });
});
