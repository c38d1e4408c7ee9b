// DefaultPreemption: victim selection and node choice. Cases are modeled on upstream's
// pkg/scheduler/framework/plugins/defaultpreemption/default_preemption_test.go
// (TestSelectNodesForPreemption, TestPickOneNodeForPreemption) and checked against the rules of
// default_preemption.go (SelectVictimsOnNode) and preemption.go (pickOneNodeForPreemption).
import { describe, expect, it } from "vitest";
import type { Pod } from "kubernetes-types/core/v1";
import type { PodDisruptionBudget } from "kubernetes-types/policy/v1";
import { InMemoryCluster } from "../driver/in-memory";
import { makeNode, makePod } from "../testing/wrappers";
import { type Candidate, pickOneNodeForPreemption } from "./default-preemption";

const low = -10, mid = 100, high = 1000;
const node = (name: string, cpu = "4") => makeNode().name(name).capacity({ cpu, memory: "16Gi" }).obj();
const running = (name: string, nodeName: string, prio: number, cpu: string, start = "2024-01-01T00:00:00Z", labels: Record<string, string> = {}) =>
  makePod().name(name).node(nodeName).priority(prio).req({ cpu }).labels(labels).startTime(start).terminationGracePeriodSeconds(0).obj();

function preempt(nodes: ReturnType<typeof node>[], pods: Pod[], preemptor: Pod, pdbs: PodDisruptionBudget[] = []) {
  const c = new InMemoryCluster({ nodes, pods, podDisruptionBudgets: pdbs, seed: 3 });
  const r = c.scheduleOne(preemptor)!;
  return { c, r };
}

describe("selectVictimsOnNode (TestSelectNodesForPreemption)", () => {
  it("a pod that fits on one node when lower priority pods are preempted: the smallest set of victims, nominated there", () => {
    const { r, c } = preempt([node("node1")], [running("p1", "node1", low, "1"), running("p2", "node1", mid, "2"), running("p3", "node1", low, "1")],
      makePod().name("preemptor").priority(high).req({ cpu: "2" }).obj());
    expect(r.outcome).toBe("Unschedulable");
    expect(r.nominatedNodeName).toBe("node1");
    // Reprieving the most important first: p2 (mid) stays; the two low pods must go.
    expect(r.victims?.sort()).toEqual(["default/p1", "default/p3"]);
    expect(c.events.filter((e) => e.reason === "Preempted").map((e) => e.object).sort()).toEqual(["pod/default/p1", "pod/default/p3"]);
  });

  it("medium priority pod is preempted, but lower priority one stays as it is small", () => {
    const { r } = preempt([node("node1")], [running("small-low", "node1", low, "500m"), running("big-mid", "node1", mid, "3")],
      makePod().name("preemptor").priority(high).req({ cpu: "3" }).obj());
    expect(r.victims).toEqual(["default/big-mid"]);
  });

  it("a pod that would fit on the nodes, but other pods running are higher priority, no preemption would happen", () => {
    const { r } = preempt([node("node1"), node("node2")], [running("a", "node1", high, "4"), running("b", "node2", high, "4")],
      makePod().name("preemptor").priority(mid).req({ cpu: "2" }).obj());
    expect(r.nominatedNodeName).toBe("");
    expect(r.message).toBe(
      "0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.",
    );
  });

  it("evicting cannot help a pod larger than the node: Preemption is not helpful for scheduling", () => {
    const { r } = preempt([node("node1")], [running("a", "node1", low, "1")], makePod().name("huge").priority(high).req({ cpu: "64" }).obj());
    expect(r.message).toBe("0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.");
  });

  it("reprieves PDB-protected pods first, and counts a violation only when a protected pod must go", () => {
    const pdb: PodDisruptionBudget = { metadata: { name: "db", namespace: "default" }, spec: { selector: { matchLabels: { app: "db" } } }, status: { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1 } };
    // node1: one protected pod; node2: one unprotected pod of the same priority: node2 is chosen.
    const { r } = preempt([node("node1"), node("node2")], [running("db-0", "node1", low, "4", "2024-01-01T00:00:00Z", { app: "db" }), running("batch", "node2", low, "4")],
      makePod().name("preemptor").priority(high).req({ cpu: "2" }).obj(), [pdb]);
    expect(r.nominatedNodeName).toBe("node2");
    expect(r.victims).toEqual(["default/batch"]);
  });
});

describe("pickOneNodeForPreemption (TestPickOneNodeForPreemption)", () => {
  const v = (name: string, pods: Pod[], numPDBViolations = 0): Candidate => ({ name, victims: { pods, numPDBViolations } });
  const p = (prio: number, start = "2024-01-01T00:00:00Z") => makePod().priority(prio).startTime(start).obj();
  const now = Date.parse("2025-01-01T00:00:00Z");
  it("picks the node with fewer PDB violations", () => {
    expect(pickOneNodeForPreemption([v("node1", [p(low)], 1), v("node2", [p(mid), p(mid)], 0)], now)).toBe("node2");
  });
  it("then the node whose most important victim has the lowest priority", () => {
    expect(pickOneNodeForPreemption([v("node1", [p(mid)]), v("node2", [p(low), p(low), p(low)])], now)).toBe("node2");
  });
  it("then the smallest sum of priorities", () => {
    expect(pickOneNodeForPreemption([v("node1", [p(mid), p(mid)]), v("node2", [p(mid), p(low)])], now)).toBe("node2");
  });
  it("then the fewest victims", () => {
    expect(pickOneNodeForPreemption([v("node1", [p(mid), p(low), p(low)]), v("node2", [p(mid), p(low - 10)])], now)).toBe("node2");
    expect(pickOneNodeForPreemption([v("node1", [p(mid), p(low)]), v("node2", [p(mid), p(low)]), v("node3", [p(mid)])], now)).toBe("node3");
  });
  it("mixed priority pods are preempted, pick later StartTime one when priorities are equal", () => {
    const c = [v("node1", [p(mid, "2024-01-01T00:00:00Z"), p(low)]), v("node2", [p(mid, "2024-06-01T00:00:00Z"), p(low)]), v("node3", [p(mid, "2024-03-01T00:00:00Z"), p(low)])];
    expect(pickOneNodeForPreemption(c, now)).toBe("node2");
  });
  it("takes the first candidate when everything ties", () => {
    expect(pickOneNodeForPreemption([v("node1", [p(low)]), v("node2", [p(low)])], now)).toBe("node1");
  });
});
