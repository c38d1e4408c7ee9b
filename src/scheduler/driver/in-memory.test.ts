// Whole-cluster scenarios on the in-memory driver: spreading replicas across zones, taints
// keeping pods off nodes, preemption from nomination to binding, the per-node diagnosis the
// playground shows, a learner's plugin loaded into the framework, and replay from a seed.
import { describe, expect, it } from "vitest";
import type { Node, Pod } from "kubernetes-types/core/v1";
import type { CycleState } from "../framework/cycle-state";
import type { FilterPlugin, ScorePlugin } from "../framework/interface";
import type { NodeInfo } from "../framework/node-info";
import { inTreeRegistry } from "../framework/registry";
import { LabelTopologyZone } from "../framework/snapshot";
import { Code, newStatus, type Status } from "../framework/status";
import { makeNode, makePod, matchLabels } from "../testing/wrappers";
import { InMemoryCluster } from "./in-memory";

const zonedNodes = (zones: string[], perZone: number, cpu = "4"): Node[] =>
  zones.flatMap((z) => Array.from({ length: perZone }, (_, i) => makeNode().name(`${z}-${i}`).label(LabelTopologyZone, z).capacity({ cpu, memory: "16Gi" }).obj()));
const replica = (i: number) => makePod().name(`web-${i}`).label("app", "web").req({ cpu: "500m", memory: "512Mi" });
const zoneOf = (c: InMemoryCluster, nodeName: string | undefined) => c.snapshot.get(nodeName ?? "")?.node.metadata?.labels?.[LabelTopologyZone];

describe("whole-cluster scenarios", () => {
  it("spreads six replicas two per zone with a zone topology spread constraint", () => {
    const c = new InMemoryCluster({ nodes: zonedNodes(["a", "b", "c"], 3) });
    for (let i = 0; i < 6; i++) c.addPod(replica(i).spreadConstraint(1, LabelTopologyZone, "DoNotSchedule", matchLabels({ app: "web" })).obj());
    const results = c.scheduleAll();
    expect(results.every((r) => r.outcome === "Scheduled")).toBe(true);
    const perZone: Record<string, number> = {};
    for (const r of results) perZone[zoneOf(c, r.nodeName)!] = (perZone[zoneOf(c, r.nodeName)!] ?? 0) + 1;
    expect(perZone).toEqual({ a: 2, b: 2, c: 2 });
  });

  it("puts replicas with hostname anti-affinity on distinct nodes, and explains the one too many", () => {
    const c = new InMemoryCluster({ nodes: zonedNodes(["a", "b"], 2) });
    for (let i = 0; i < 5; i++) c.addPod(replica(i).podAntiAffinity("kubernetes.io/hostname", matchLabels({ app: "web" })).obj());
    const results = c.scheduleAll();
    expect(new Set(results.filter((r) => r.outcome === "Scheduled").map((r) => r.nodeName)).size).toBe(4);
    expect(results[4]!.message).toBe(
      "0/4 nodes are available: 4 node(s) didn't match pod anti-affinity rules. preemption: 0/4 nodes are available: 4 No preemption victims found for incoming pod.",
    );
  });

  it("spreads a ReplicaSet's pods over zones by the system default constraints, without any constraint in the pod", () => {
    const rs = { metadata: { name: "web", namespace: "default" }, spec: { selector: matchLabels({ app: "web" }), template: {} } };
    const c = new InMemoryCluster({ nodes: zonedNodes(["a", "b", "c"], 4, "64"), replicaSets: [rs] as never, seed: 5 });
    for (let i = 0; i < 9; i++) c.addPod(replica(i).ownerReference("ReplicaSet", "web").obj());
    const perZone: Record<string, number> = {};
    for (const r of c.scheduleAll()) perZone[zoneOf(c, r.nodeName)!] = (perZone[zoneOf(c, r.nodeName)!] ?? 0) + 1;
    expect(Object.values(perZone).sort()).toEqual([3, 3, 3]);
  });

  it("keeps pods off tainted nodes unless they tolerate the taint", () => {
    const nodes = [
      makeNode().name("gpu").capacity({ cpu: "8", memory: "8Gi" }).taint({ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }).obj(),
      makeNode().name("plain").capacity({ cpu: "1", memory: "1Gi" }).obj(),
    ];
    const c = new InMemoryCluster({ nodes });
    expect(c.scheduleOne(makePod().name("a").req({ cpu: "500m" }).obj())!.nodeName).toBe("plain");
    const big = c.scheduleOne(makePod().name("b").req({ cpu: "2" }).obj())!;
    expect(big.message).toBe(
      // 2 cpu is more than "plain" has in total: unresolvable, so preemption does not even try.
      "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint(s). preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
    );
    const tolerant = makePod().name("c").req({ cpu: "2" }).toleration({ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }).obj();
    expect(c.scheduleOne(tolerant)!.nodeName).toBe("gpu");
  });

  it("preempts low-priority batch pods for a high-priority service: nominate, evict gracefully, then bind", () => {
    const c = new InMemoryCluster({
      nodes: [makeNode().name("n1").capacity({ cpu: "4", memory: "8Gi" }).obj()],
      priorityClasses: [
        { metadata: { name: "batch" }, value: 100, globalDefault: true },
        { metadata: { name: "service" }, value: 10000 },
      ],
    });
    for (let i = 0; i < 4; i++) c.addPod(makePod().name(`batch-${i}`).req({ cpu: "1" }).terminationGracePeriodSeconds(30).obj());
    expect(c.scheduleAll().every((r) => r.outcome === "Scheduled")).toBe(true);
    const svc = makePod().name("svc").priorityClassName("service").req({ cpu: "2" }).obj();
    const first = c.scheduleOne(svc)!;
    expect(first.outcome).toBe("Unschedulable");
    expect(first.nominatedNodeName).toBe("n1");
    expect(first.victims).toHaveLength(2);
    expect(svc.status?.nominatedNodeName).toBe("n1");
    const victim = c.pods.get(first.victims![0]!)!;
    expect(victim.status?.conditions?.find((x) => x.type === "DisruptionTarget")?.reason).toBe("PreemptionByScheduler");
    // While the victims terminate (30 s) the service waits; then the pod-deletion event brings it back.
    const later = c.runFor(60_000);
    const bound = later.find((r) => r.pod === "default/svc" && r.outcome === "Scheduled");
    expect(bound?.nodeName).toBe("n1");
    expect(c.pods.size).toBe(3);
  });

  it("does not let a lower-priority pod take the room preemption made for a nominated pod", () => {
    const c = new InMemoryCluster({ nodes: [makeNode().name("n1").capacity({ cpu: "2", memory: "8Gi" }).obj()] });
    c.addPod(makePod().name("old").priority(1).req({ cpu: "2" }).terminationGracePeriodSeconds(10).obj());
    c.scheduleAll();
    expect(c.scheduleOne(makePod().name("vip").priority(100).req({ cpu: "2" }).obj())!.nominatedNodeName).toBe("n1");
    c.runFor(11_000); // the victim is gone; vip is retried and bound
    const sneaky = c.scheduleOne(makePod().name("sneaky").priority(50).req({ cpu: "2" }).obj())!;
    expect(sneaky.outcome).toBe("Unschedulable");
    expect(c.pods.get("default/vip")?.spec?.nodeName).toBe("n1");
  });

  it("explains every plugin's verdict and score per node, for the playground", () => {
    const c = new InMemoryCluster({
      explain: true,
      nodes: [
        makeNode().name("tainted").capacity({ cpu: "4", memory: "8Gi" }).taint({ key: "k", value: "v", effect: "NoSchedule" }).obj(),
        makeNode().name("busy").capacity({ cpu: "4", memory: "8Gi" }).obj(),
        makeNode().name("idle").capacity({ cpu: "4", memory: "8Gi" }).obj(),
      ],
      pods: [makePod().name("load").node("busy").req({ cpu: "3", memory: "6Gi" }).obj()],
    });
    const r = c.scheduleOne(makePod().name("p").req({ cpu: "500m", memory: "1Gi" }).obj())!;
    expect(r.nodeName).toBe("idle");
    const tainted = r.diagnosis.nodes.find((n) => n.node === "tainted")!;
    expect(tainted.feasible).toBe(false);
    expect(tainted.filters.find((f) => f.plugin === "TaintToleration")).toEqual({ plugin: "TaintToleration", code: "UnschedulableAndUnresolvable", reasons: ["node(s) had untolerated taint(s)"] });
    expect(tainted.filters.map((f) => f.plugin)).toEqual(["NodeUnschedulable", "NodeName", "TaintToleration", "NodeAffinity", "NodePorts", "NodeResourcesFit", "PodTopologySpread", "InterPodAffinity"].filter((p) => tainted.filters.some((f) => f.plugin === p)));
    const idle = r.diagnosis.nodes.find((n) => n.node === "idle")!;
    const fit = idle.scores!.find((s) => s.plugin === "NodeResourcesFit")!;
    // LeastAllocated: cpu (4000 − 500) × 100 / 4000 = 87, memory (8 − 1) × 100 / 8 = 87
    expect(fit).toEqual({ plugin: "NodeResourcesFit", raw: 87, normalized: 87, weight: 1, weighted: 87 });
    expect(idle.totalScore).toBe(idle.scores!.reduce((s, x) => s + x.weighted, 0));
    expect(r.diagnosis.topNodes[0]).toMatchObject({ name: "idle", totalScore: idle.totalScore });
  });

  it("loads a learner's plugin from the registry, runs its filter, and weighs its score", () => {
    class OddNodesOnly implements FilterPlugin, ScorePlugin {
      readonly name = "OddNodesOnly";
      filter(_s: CycleState, _p: Pod, n: NodeInfo): Status | null {
        return Number(n.name.slice(1)) % 2 === 1 ? null : newStatus(Code.Unschedulable, "node(s) are even");
      }
      score(_s: CycleState, _p: Pod, n: NodeInfo): number {
        return Number(n.name.slice(1)) * 10;
      }
    }
    const c = new InMemoryCluster({
      nodes: Array.from({ length: 6 }, (_, i) => makeNode().name(`n${i}`).capacity({ cpu: "4", memory: "8Gi" }).obj()),
      registry: { ...inTreeRegistry(), OddNodesOnly: () => new OddNodesOnly() },
      config: { profiles: [{ schedulerName: "default-scheduler", plugins: { multiPoint: { enabled: [{ name: "OddNodesOnly", weight: 5 }] } } }] },
    });
    const r = c.scheduleOne(makePod().name("p").obj())!;
    expect(r.nodeName).toBe("n5");
    expect(c.scheduler.frameworks.get("default-scheduler")!.scoreWeights.get("OddNodesOnly")).toBe(5);
    const c2 = new InMemoryCluster({
      nodes: [makeNode().name("n0").capacity({ cpu: "4", memory: "8Gi" }).obj()],
      registry: { ...inTreeRegistry(), OddNodesOnly: () => new OddNodesOnly() },
      config: { profiles: [{ schedulerName: "default-scheduler", plugins: { multiPoint: { enabled: [{ name: "OddNodesOnly" }] } } }] },
    });
    expect(c2.scheduleOne(makePod().name("p").obj())!.message).toBe(
      "0/1 nodes are available: 1 node(s) are even. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.",
    );
  });

  it("selects the profile by spec.schedulerName and can disable a score plugin", () => {
    const nodes = [makeNode().name("a").capacity({ cpu: "4", memory: "8Gi" }).obj(), makeNode().name("b").capacity({ cpu: "8", memory: "8Gi" }).obj()];
    const c = new InMemoryCluster({
      nodes,
      pods: [makePod().name("x").node("b").req({ cpu: "2" }).obj()],
      config: {
        profiles: [
          { schedulerName: "default-scheduler" },
          { schedulerName: "bin-packer", pluginConfig: [{ name: "NodeResourcesFit", args: { scoringStrategy: { type: "MostAllocated" } } }], plugins: { score: { disabled: [{ name: "NodeResourcesBalancedAllocation" }] } } },
        ],
      },
    });
    const packer = c.scheduler.frameworks.get("bin-packer")!;
    expect(packer.scorePlugins.map((p) => p.name)).not.toContain("NodeResourcesBalancedAllocation");
    expect(c.scheduleOne(makePod().name("packed").schedulerName("bin-packer").req({ cpu: "1", memory: "1Gi" }).obj())!.nodeName).toBe("b");
  });

  it("replays the same placements from the same seed", () => {
    const run = (seed: number) => {
      const c = new InMemoryCluster({ nodes: zonedNodes(["a", "b"], 10), seed });
      for (let i = 0; i < 30; i++) c.addPod(makePod().name(`p${i}`).req({ cpu: "100m" }).obj());
      return c.scheduleAll().map((r) => r.nodeName).join();
    };
    expect(run(42)).toBe(run(42));
    expect(run(42)).not.toBe(run(43));
  });

  it("rejects a pod naming a PriorityClass that does not exist, as admission would", () => {
    const c = new InMemoryCluster({ nodes: zonedNodes(["a"], 1) });
    expect(() => c.addPod(makePod().name("p").priorityClassName("nope").obj())).toThrow(/no PriorityClass with name nope was found/);
  });
});
