// Graded tests for the exercise "least-allocated" (chapter 04-scheduler, 10 points). Each test's
// weight is the points it is worth (they add up to 10); see tools/exercises/points.ts.
// `@exercise/...` is your exercises/ file; the grader also runs these tests against the reference
// solution and the untouched stub (tools/exercises/README.md). Each test is a sentence; its
// failure message names the rule that was broken and where to read about it.
//
// Your `leastRequestedScore` and `leastResourceScorer` are plugged into the real scheduler:
// vi.mock below replaces src/scheduler/plugins/noderesources/least-allocated.ts, whose scorer
// NodeResourcesFit uses by default (scoringStrategy LeastAllocated). The table cases of upstream's
// least_allocated_test.go then run through the real plugin, and whole clusters are scheduled.
import { describe, expect, it, vi } from "vitest";
import type { Pod } from "kubernetes-types/core/v1";
import * as learner from "@exercise/04-scheduler/least-allocated";
import { harness, scoreAll } from "../../src/scheduler/testing/harness";
import type { ResourceSpec } from "../../src/scheduler/plugins/noderesources/resource-allocation";
import { cluster, failures, makeNode, makePod, nodes, pod, podsPerNode, show } from "./support/cluster";

const { leastRequestedScore, leastResourceScorer } = learner;

vi.mock("../../src/scheduler/plugins/noderesources/least-allocated", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../src/scheduler/plugins/noderesources/least-allocated")>()),
  leastRequestedScore: (requested: number, capacity: number) => learner.leastRequestedScore(requested, capacity),
  leastResourceScorer: (resources: readonly ResourceSpec[]) => learner.leastResourceScorer(resources),
}));

const RULE = "LeastAllocated (least_allocated.go): score = (allocatable − requested) × 100 / allocatable, with integer division, 0 when requested > allocatable";

describe("leastRequestedScore: the score of one resource", () => {
  it("is the share of the resource left free, from 100 (untouched) down to 0 (full)", { meta: { weight: 1 } }, () => {
    const cases: Array<[number, number, number]> = [
      [0, 4000, 100],
      [1000, 4000, 75],
      [3000, 10000, 70],
      [2000, 2000, 0],
      [5000, 20000, 75],
    ];
    for (const [requested, capacity, want] of cases) {
      expect(leastRequestedScore(requested, capacity), `${RULE}: requested ${requested} of ${capacity} leaves ${want}`).toBe(want);
    }
  });

  it("drops the fraction as Go's integer division does, and gives 0 when the request exceeds the capacity or there is none", { meta: { weight: 1 } }, () => {
    expect(leastRequestedScore(3000, 7000), `${RULE}: (7000 − 3000) × 100 / 7000 = 57.14…, which Go truncates to 57`).toBe(57);
    expect(leastRequestedScore(1, 3), `${RULE}: (3 − 1) × 100 / 3 = 66.67 is 66 in integer arithmetic, not 67`).toBe(66);
    expect(leastRequestedScore(6000, 4000), `${RULE}: more requested than the node has scores 0, never a negative number`).toBe(0);
    expect(leastRequestedScore(0, 0), `${RULE}: a node with none of the resource scores 0 (and never divides by zero)`).toBe(0);
  });
});

describe("leastResourceScorer: the node's score, a weighted average over the resources", () => {
  const cpuMem: ResourceSpec[] = [{ name: "cpu", weight: 1 }, { name: "memory", weight: 1 }];

  it("averages the resource scores with their weights, dropping the fraction", { meta: { weight: 1 } }, () => {
    expect(leastResourceScorer(cpuMem)([3000, 5000], [4000, 10000]), `${RULE}: cpu 25, memory 50 → (25 + 50) / 2 = 37.5 → 37`).toBe(37);
    const memoryTwice: ResourceSpec[] = [{ name: "memory", weight: 2 }, { name: "cpu", weight: 1 }];
    expect(
      leastResourceScorer(memoryTwice)([5000, 3000], [10000, 4000]),
      `${RULE}; the node score is Σ score × weight / Σ weight: memory 50 × 2 + cpu 25 × 1 = 125, / 3 = 41 (upstream's "different weight on CPU and memory" case)`,
    ).toBe(41);
  });

  it("leaves out a resource the node does not have, weight included, and scores a node with none at all 0", { meta: { weight: 1 } }, () => {
    const withGpu: ResourceSpec[] = [...cpuMem, { name: "nvidia.com/gpu", weight: 5 }];
    expect(
      leastResourceScorer(withGpu)([3000, 5000, 0], [6000, 10000, 0]),
      `${RULE}. A resource with allocatable 0 (here a GPU the node lacks, or one the pod does not request) is skipped: (50 + 50) / 2 = 50, not (50 + 50 + 0) / 7`,
    ).toBe(50);
    expect(leastResourceScorer(cpuMem)([0, 0], [0, 0]), "least_allocated.go: with no resource left to average, the score is 0 (weightSum == 0)").toBe(0);
  });
});

describe("plugged into NodeResourcesFit: upstream's table (least_allocated_test.go, TestLeastAllocatedScoringStrategy)", () => {
  const node = (name: string, cpu: string, memory: string, extra: Record<string, string> = {}) => makeNode().name(name).capacity({ cpu, memory, ...extra }).obj();
  const twoContainers = () => makePod().req({ cpu: "1000", memory: "2000" }).req({ cpu: "2000", memory: "3000" });
  const cases: Array<{ name: string; pod: Pod; nodes: ReturnType<typeof node>[]; existing: Pod[]; want: number[]; args?: unknown }> = [
    { name: "nothing scheduled, nothing requested", pod: makePod().obj(), nodes: [node("node1", "4000", "10000"), node("node2", "4000", "10000")], existing: [], want: [100, 100] },
    { name: "nothing scheduled, resources requested, differently sized nodes", pod: twoContainers().obj(), nodes: [node("node1", "4000", "10000"), node("node2", "6000", "10000")], existing: [], want: [37, 50] },
    {
      name: "no resources requested, pods scheduled with resources (the empty pod counts as 100m cpu and 200Mi memory)",
      pod: makePod().obj(),
      nodes: [node("node1", "10000", "20000"), node("node2", "10000", "20000")],
      existing: [
        makePod().node("node1").req({ cpu: "3000", memory: "0" }).obj(), makePod().node("node1").req({ cpu: "3000", memory: "0" }).obj(),
        makePod().node("node2").req({ cpu: "3000", memory: "0" }).obj(), makePod().node("node2").req({ cpu: "3000", memory: "5000" }).obj(),
      ],
      want: [70, 57],
    },
    {
      name: "resources requested, pods scheduled with resources, differently sized nodes",
      pod: twoContainers().obj(),
      nodes: [node("node1", "10000", "20000"), node("node2", "10000", "50000")],
      existing: [makePod().node("node1").req({ cpu: "3000", memory: "0" }).obj(), makePod().node("node2").req({ cpu: "3000", memory: "5000" }).obj()],
      want: [57, 60],
    },
    {
      name: "requested resources exceed node capacity",
      pod: makePod().req({ cpu: "3000", memory: "0" }).obj(),
      nodes: [node("node1", "4000", "10000"), node("node2", "4000", "10000")],
      existing: [makePod().node("node1").req({ cpu: "3000", memory: "0" }).obj(), makePod().node("node2").req({ cpu: "3000", memory: "5000" }).obj()],
      want: [50, 25],
    },
    {
      name: "zero node resources, pods scheduled with resources",
      pod: makePod().obj(),
      nodes: [makeNode().name("node1").obj(), makeNode().name("node2").obj()],
      existing: [makePod().node("node1").req({ cpu: "3000", memory: "0" }).obj(), makePod().node("node2").req({ cpu: "3000", memory: "5000" }).obj()],
      want: [0, 0],
    },
    {
      name: "nothing scheduled, resources requested with different weight on CPU and memory, differently sized nodes",
      pod: twoContainers().obj(),
      nodes: [node("node1", "4000", "10000"), node("node2", "6000", "10000")],
      existing: [],
      want: [41, 50],
      args: { scoringStrategy: { type: "LeastAllocated", resources: [{ name: "memory", weight: 2 }, { name: "cpu", weight: 1 }] } },
    },
    {
      name: "bypass extended resource if the pod does not request",
      pod: twoContainers().obj(),
      nodes: [node("node1", "6000", "10000"), node("node2", "6000", "10000", { "random.com/resource": "4" })],
      existing: [],
      want: [50, 50],
      args: { scoringStrategy: { type: "LeastAllocated", resources: [{ name: "cpu", weight: 1 }, { name: "memory", weight: 1 }, { name: "random.com/resource", weight: 1 }] } },
    },
  ];

  it("every case of upstream's table scores the nodes as kube-scheduler does", { meta: { weight: 3 } }, () => {
    for (const c of cases) {
      const h = harness(c.nodes, c.existing, c.args === undefined ? [] : [{ name: "NodeResourcesFit", args: c.args }]);
      const got = scoreAll(h, "NodeResourcesFit", c.pod);
      expect(Array.isArray(got) ? got.map((s) => s.score) : got.message(), `${RULE}. Upstream case "${c.name}"`).toEqual(c.want);
    }
  });
});

describe("plugged into the scheduler: whole clusters scheduled with your score", () => {
  // Pods ask for cpu and memory in the same proportion as the nodes have them, so that
  // NodeResourcesBalancedAllocation scores every node alike: only your score tells nodes apart.
  it("30 replicas spread evenly over 10 identical nodes, 3 on each", { meta: { weight: 1.5 } }, () => {
    const c = cluster(nodes(10, "node", { cpu: "4", memory: "16Gi" }), { seed: 7 });
    for (let i = 0; i < 30; i++) c.addPod(pod(`web-${i}`, "500m", "2Gi").obj());
    const results = c.scheduleAll();
    expect(failures(results), "every replica fits: 10 nodes × 8 replicas of room").toBe("");
    const counts = podsPerNode(c);
    expect(
      [...counts.values()].every((n) => n === 3),
      `${RULE}: each pod should go to a node with the most room left, so 30 replicas end 3 per node; got ${show(counts)}`,
    ).toBe(true);
  });

  it("on nodes of 2, 4 and 8 cpus, 14 replicas fill each node to the same half: 2, 4 and 8 replicas", { meta: { weight: 1.5 } }, () => {
    const c = cluster([
      makeNode().name("small").capacity({ cpu: "2", memory: "8Gi" }).obj(),
      makeNode().name("medium").capacity({ cpu: "4", memory: "16Gi" }).obj(),
      makeNode().name("large").capacity({ cpu: "8", memory: "32Gi" }).obj(),
    ], { seed: 3 });
    for (let i = 0; i < 14; i++) c.addPod(pod(`web-${i}`, "500m", "2Gi").obj());
    expect(failures(c.scheduleAll())).toBe("");
    const counts = podsPerNode(c);
    expect(
      Object.fromEntries(counts),
      `${RULE}: the score compares the SHARE left free, not the amount, so each pod goes where the largest share is left and every node ends half full; got ${show(counts)}`,
    ).toEqual({ small: 2, medium: 4, large: 8 });
  });
});
