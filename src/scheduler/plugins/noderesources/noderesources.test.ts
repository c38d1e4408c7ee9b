// Table cases reproduced from upstream:
//   pkg/scheduler/framework/plugins/noderesources/least_allocated_test.go (TestLeastAllocatedScoringStrategy)
//   pkg/scheduler/framework/plugins/noderesources/requested_to_capacity_ratio_test.go (TestRequestedToCapacityRatioScoringStrategy)
//   pkg/scheduler/framework/plugins/noderesources/balanced_allocation_test.go (TestNodeResourcesBalancedAllocation)
//   pkg/scheduler/framework/plugins/noderesources/fit_test.go (the "Insufficient <resource>" reasons)
import { describe, expect, it } from "vitest";
import type { Pod } from "kubernetes-types/core/v1";
import { Code } from "../../framework/status";
import { filterNode, harness, scoreAll } from "../../testing/harness";
import { makeNode, makePod } from "../../testing/wrappers";
import { buildBrokenLinearFunction } from "./requested-to-capacity-ratio";

const node = (name: string, cpu: string, memory: string, extra: Record<string, string> = {}) =>
  makeNode().name(name).capacity({ cpu, memory, ...extra }).obj();
const twoContainers = () => makePod().req({ cpu: "1000", memory: "2000" }).req({ cpu: "2000", memory: "3000" });

function fitScores(pod: Pod, nodes: ReturnType<typeof node>[], existing: Pod[], args: unknown = undefined) {
  const h = harness(nodes, existing, args === undefined ? [] : [{ name: "NodeResourcesFit", args }]);
  return scoreAll(h, "NodeResourcesFit", pod);
}

describe("LeastAllocated (least_allocated_test.go TestLeastAllocatedScoringStrategy)", () => {
  const cases: Array<{ name: string; pod: Pod; nodes: ReturnType<typeof node>[]; existing: Pod[]; want: number[]; args?: unknown }> = [
    { name: "nothing scheduled, nothing requested", pod: makePod().obj(), nodes: [node("node1", "4000", "10000"), node("node2", "4000", "10000")], existing: [], want: [100, 100] },
    { name: "nothing scheduled, resources requested, differently sized nodes", pod: twoContainers().obj(), nodes: [node("node1", "4000", "10000"), node("node2", "6000", "10000")], existing: [], want: [37, 50] },
    {
      name: "no resources requested, pods scheduled with resources",
      pod: makePod().obj(),
      nodes: [node("node1", "10000", "20000"), node("node2", "10000", "20000")],
      existing: [
        makePod().node("node1").req({ cpu: "3000", memory: "0" }).obj(), makePod().node("node1").req({ cpu: "3000", memory: "0" }).obj(),
        makePod().node("node2").req({ cpu: "3000", memory: "0" }).obj(), makePod().node("node2").req({ cpu: "3000", memory: "5000" }).obj(),
      ],
      want: [70, 57],
    },
    {
      name: "resources requested, pods scheduled with resources",
      pod: twoContainers().obj(),
      nodes: [node("node1", "10000", "20000"), node("node2", "10000", "20000")],
      existing: [makePod().node("node1").req({ cpu: "3000", memory: "0" }).obj(), makePod().node("node2").req({ cpu: "3000", memory: "5000" }).obj()],
      want: [57, 45],
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
  for (const c of cases) {
    it(c.name, () => {
      const got = fitScores(c.pod, c.nodes, c.existing, c.args);
      expect(Array.isArray(got) ? got.map((s) => s.score) : got.toString()).toEqual(c.want);
    });
  }

  it("rejects a resource weight of zero, as scoringStrategy.resources[1].weight is invalid", () => {
    expect(() => fitScores(twoContainers().obj(), [node("node1", "4000", "10000")], [], {
      scoringStrategy: { type: "LeastAllocated", resources: [{ name: "memory", weight: 1 }, { name: "cpu", weight: 0 }] },
    })).toThrow(/scoringStrategy.resources\[1\].weight: Invalid value/);
  });
});

describe("MostAllocated (most_allocated.go)", () => {
  it("nothing scheduled, resources requested, differently sized nodes, scores the fuller node higher", () => {
    // cpu 3000/4000 = 75, memory 5000/10000 = 50 → 62; cpu 3000/6000 = 50, memory 50 → 50
    const got = fitScores(twoContainers().obj(), [node("node1", "4000", "10000"), node("node2", "6000", "10000")], [], { scoringStrategy: { type: "MostAllocated" } });
    expect(Array.isArray(got) && got.map((s) => s.score)).toEqual([62, 50]);
  });
});

describe("RequestedToCapacityRatio (requested_to_capacity_ratio_test.go TestRequestedToCapacityRatioScoringStrategy)", () => {
  const args = { scoringStrategy: { type: "RequestedToCapacityRatio", requestedToCapacityRatio: { shape: [{ utilization: 0, score: 10 }, { utilization: 100, score: 0 }] } } };
  it("nothing scheduled, nothing requested (default - least requested nodes have priority)", () => {
    const got = fitScores(makePod().obj(), [node("node1", "4000", "10000"), node("node2", "4000", "10000")], [makePod().node("node1").obj(), makePod().node("node1").obj()], args);
    expect(Array.isArray(got) && got.map((s) => s.score)).toEqual([100, 100]);
  });
  it("nothing scheduled, resources requested, differently sized nodes (default - least requested nodes have priority)", () => {
    const got = fitScores(twoContainers().obj(), [node("node1", "4000", "10000"), node("node2", "6000", "10000")], [makePod().node("node1").obj(), makePod().node("node1").obj()], args);
    expect(Array.isArray(got) && got.map((s) => s.score)).toEqual([38, 50]);
  });
  it("no resources requested, pods scheduled with resources (default - least requested nodes have priority)", () => {
    const got = fitScores(makePod().obj(), [node("node1", "4000", "10000"), node("node2", "6000", "10000")], [
      makePod().node("node1").req({ cpu: "3000", memory: "5000" }).obj(), makePod().node("node2").req({ cpu: "3000", memory: "5000" }).obj(),
    ], args);
    expect(Array.isArray(got) && got.map((s) => s.score)).toEqual([38, 50]);
  });
  it("the broken linear function interpolates between the shape's points with integer arithmetic", () => {
    const f = buildBrokenLinearFunction([{ utilization: 10, score: 1 }, { utilization: 90, score: 9 }]);
    expect([0, 10, 15, 50, 90, 100].map(f)).toEqual([1, 1, 1, 5, 9, 9]);
  });
});

describe("BalancedAllocation (balanced_allocation_test.go TestNodeResourcesBalancedAllocation)", () => {
  const cpuAndMemory = (nodeName?: string) => {
    const w = makePod().req({ cpu: "1000m", memory: "2000" }).req({ cpu: "2000m", memory: "3000" });
    return (nodeName ? w.node(nodeName) : w).obj();
  };
  const cpuOnly = (nodeName: string) => makePod().node(nodeName).req({ cpu: "1000m", memory: "0" }).req({ cpu: "2000m", memory: "0" }).obj();
  const score = (pod: Pod, nodes: ReturnType<typeof node>[], existing: Pod[], args?: unknown) => {
    const h = harness(nodes, existing, args ? [{ name: "NodeResourcesBalancedAllocation", args }] : []);
    return scoreAll(h, "NodeResourcesBalancedAllocation", pod);
  };
  it("nothing scheduled, nothing requested, skip in PreScore", () => {
    const got = score(makePod().obj(), [node("node1", "4000m", "10000"), node("node2", "4000m", "10000")], []);
    expect(!Array.isArray(got) && got.code).toBe(Code.Skip);
  });
  it("nothing scheduled, resources requested, differently sized nodes", () => {
    const got = score(cpuAndMemory(), [node("node1", "4000m", "10000"), node("node2", "6000m", "10000")], []);
    expect(Array.isArray(got) && got.map((s) => s.score)).toEqual([87, 100]);
  });
  it("resources requested, pods scheduled with resources", () => {
    const got = score(cpuAndMemory(), [node("node1", "10000m", "20000"), node("node2", "10000m", "20000")], [cpuOnly("node1"), cpuAndMemory("node2")]);
    expect(Array.isArray(got) && got.map((s) => s.score)).toEqual([82, 95]);
  });
  it("resources requested, pods scheduled with resources, differently sized nodes", () => {
    const got = score(cpuAndMemory(), [node("node1", "10000m", "20000"), node("node2", "10000m", "50000")], [cpuOnly("node1"), cpuAndMemory("node2")]);
    expect(Array.isArray(got) && got.map((s) => s.score)).toEqual([82, 80]);
  });
  it("requested resources at node capacity", () => {
    const pod = makePod().req({ cpu: "1000m", memory: "0" }).req({ cpu: "2000m", memory: "0" }).obj();
    const got = score(pod, [node("node1", "6000m", "10000"), node("node2", "6000m", "10000")], [cpuOnly("node1"), cpuAndMemory("node2")]);
    expect(Array.isArray(got) && got.map((s) => s.score)).toEqual([50, 75]);
  });
  it("include scalar resource on a node for balanced resource allocation", () => {
    const gpuPod = makePod().node("node1").req({ cpu: "1000m", memory: "2000" }).req({ cpu: "2000m", memory: "3000", "nvidia.com/gpu": "3" }).obj();
    const got = score(makePod().req({ memory: "0", "nvidia.com/gpu": "1" }).obj(),
      [node("node1", "3500m", "40000", { "nvidia.com/gpu": "8" }), node("node2", "3500m", "40000", { "nvidia.com/gpu": "8" })],
      [cpuAndMemory("node2"), gpuPod],
      { resources: [{ name: "cpu", weight: 1 }, { name: "memory", weight: 1 }, { name: "nvidia.com/gpu", weight: 1 }] });
    expect(Array.isArray(got) && got.map((s) => s.score)).toEqual([70, 65]);
  });
  it("node without the scalar resource should skip the scalar resource", () => {
    const got = score(cpuAndMemory(), [node("node1", "3500m", "40000", { "nvidia.com/gpu": "8" }), node("node2", "3500m", "40000")], [],
      { resources: [{ name: "cpu", weight: 1 }, { name: "memory", weight: 1 }, { name: "nvidia.com/gpu", weight: 1 }] });
    expect(Array.isArray(got) && got.map((s) => s.score)).toEqual([63, 63]);
  });
});

describe("NodeResourcesFit filter (fit_test.go)", () => {
  const h = () => harness([node("n1", "4", "4Gi", { "nvidia.com/gpu": "1" })], [makePod().node("n1").req({ cpu: "3", memory: "1Gi" }).obj()]);
  it("says Insufficient cpu when the free cpu is less than requested, and preemption might help", () => {
    const s = filterNode(h(), "NodeResourcesFit", makePod().req({ cpu: "2" }).obj(), "n1");
    expect(s?.code).toBe(Code.Unschedulable);
    expect(s?.reasons).toEqual(["Insufficient cpu"]);
  });
  it("is unresolvable when the pod asks for more than the whole node has", () => {
    const s = filterNode(h(), "NodeResourcesFit", makePod().req({ cpu: "8", memory: "8Gi", "nvidia.com/gpu": "2" }).obj(), "n1");
    expect(s?.code).toBe(Code.UnschedulableAndUnresolvable);
    expect(s?.reasons).toEqual(["Insufficient cpu", "Insufficient memory", "Insufficient nvidia.com/gpu"]);
  });
  it("counts pods against allocatable pods", () => {
    const full = harness([makeNode().name("n1").capacity({ cpu: "4", memory: "4Gi", pods: "1" }).obj()], [makePod().node("n1").obj()]);
    expect(filterNode(full, "NodeResourcesFit", makePod().obj(), "n1")?.reasons).toEqual(["Too many pods"]);
  });
  it("lets a pod that fits through", () => {
    expect(filterNode(h(), "NodeResourcesFit", makePod().req({ cpu: "1", memory: "1Gi", "nvidia.com/gpu": "1" }).obj(), "n1")).toBeNull();
  });
});
