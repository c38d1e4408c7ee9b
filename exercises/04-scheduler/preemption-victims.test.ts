// Graded tests for the exercise "preemption-victims" (chapter 04-scheduler, 20 points). Each
// test's weight is the points it is worth (they add up to 20); see tools/exercises/points.ts.
// `@exercise/...` is your exercises/ file; the grader also runs these tests against the reference
// solution and the untouched stub (tools/exercises/README.md). Each test is a sentence; its
// failure message names the rule that was broken and where to read about it.
//
// Your `selectVictimsOnNode` is plugged into the real scheduler: vi.mock below replaces
// src/scheduler/plugins/select-victims-on-node.ts, which DefaultPreemption calls on a copy of
// every candidate node. First a small fake node (cpu only) checks each step of the procedure;
// then upstream's cases and whole clusters are preempted with your function.
import { describe, expect, it, vi } from "vitest";
import type { Pod } from "kubernetes-types/core/v1";
import type { PodDisruptionBudget } from "kubernetes-types/policy/v1";
import * as learner from "@exercise/04-scheduler/preemption-victims";
import { type PodInfo, podInfoOf } from "../../src/scheduler/framework/pod-info";
import { Code, codeName, newStatus, type Status } from "../../src/scheduler/framework/status";
import { ErrReasonNoVictims, type PreemptionDryRun } from "../../src/scheduler/plugins/select-victims-on-node";
import { matchLabels } from "../../src/scheduler/testing/wrappers";
import { cluster, makeNode, makePod, nodes } from "./support/cluster";

const { selectVictimsOnNode } = learner;

vi.mock("../../src/scheduler/plugins/select-victims-on-node", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../src/scheduler/plugins/select-victims-on-node")>()),
  selectVictimsOnNode: (...a: Parameters<typeof learner.selectVictimsOnNode>) => learner.selectVictimsOnNode(...a),
}));

const DOCS = "(docs: 'Pod Priority and Preemption'; default_preemption.go SelectVictimsOnNode)";
const NOW = Date.parse("2025-01-01T00:00:00Z");

/** A node with only cpu: the preemptor fits when the pods left and the preemptor fit in `milliCPU`. */
class FakeNode implements PreemptionDryRun {
  pods: PodInfo[];
  constructor(readonly milliCPU: number, pods: Pod[], readonly preemptorMilliCPU: number) {
    this.pods = pods.map(podInfoOf);
  }
  removePod(p: PodInfo): void {
    const i = this.pods.findIndex((x) => x.key === p.key);
    if (i < 0) throw new Error(`removePod(${p.key}): the pod is not on the node`);
    this.pods.splice(i, 1);
  }
  addPod(p: PodInfo): void {
    if (this.pods.some((x) => x.key === p.key)) throw new Error(`addPod(${p.key}): the pod is already on the node`);
    this.pods.push(p);
  }
  filter(): Status | null {
    const used = this.pods.reduce((sum, p) => sum + p.requests.milliCPU, 0);
    return used + this.preemptorMilliCPU <= this.milliCPU ? null : newStatus(Code.Unschedulable, "Insufficient cpu");
  }
}

const running = (name: string, priority: number, cpu: string, opts: { start?: string; labels?: Record<string, string> } = {}) =>
  makePod().name(name).node("n1").priority(priority).req({ cpu }).labels(opts.labels ?? {}).startTime(opts.start ?? "2024-01-01T00:00:00Z").obj();
const preemptor = (priority: number, cpu: string) => makePod().name("preemptor").priority(priority).req({ cpu }).obj();
const names = (pods: readonly Pod[]) => pods.map((p) => p.metadata?.name);
const statusText = (s: Status | null) => (s === null ? "null (fits)" : `${codeName(s.code)}: ${s.reasons.join("; ")}`);
const pdbFor = (app: string, allowed = 0): PodDisruptionBudget => ({
  metadata: { name: app, namespace: "default" }, spec: { selector: matchLabels({ app }) },
  status: { disruptionsAllowed: allowed, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1 },
});

describe("the procedure, step by step, on a fake node with 4 cpus", () => {
  it("step 1: with no pod of lower priority, there are no victims and the node says why", { meta: { weight: 1 } }, () => {
    const node = new FakeNode(4000, [running("a", 100, "2"), running("b", 500, "2")], 2000);
    const r = selectVictimsOnNode(preemptor(100, "2"), node, [], NOW);
    expect(names(r.victims), `Step 1 ${DOCS}: only pods of LOWER priority than the preemptor (100) may be evicted; here none is`).toEqual([]);
    expect(statusText(r.status), `Step 1 ${DOCS}: the node's status is UnschedulableAndUnresolvable, "${ErrReasonNoVictims}"`).toBe(`UnschedulableAndUnresolvable: ${ErrReasonNoVictims}`);
  });

  it("step 2: when even removing every lower-priority pod does not make room, there are no victims and the filter's status is the answer", { meta: { weight: 1.5 } }, () => {
    const node = new FakeNode(4000, [running("important", 1000, "3"), running("batch", 1, "1")], 2000);
    const r = selectVictimsOnNode(preemptor(100, "2"), node, [], NOW);
    expect(names(r.victims), `Step 2 ${DOCS}: without "batch" the node still has 1 cpu free, less than the 2 the preemptor needs: evicting would not help, so nobody is a victim`).toEqual([]);
    expect(statusText(r.status), `Step 2 ${DOCS}: return what node.filter() said with the potential victims removed`).toBe("Unschedulable: Insufficient cpu");
  });

  it("step 3: the most important pods are put back first, so the least important ones go", { meta: { weight: 2.5 } }, () => {
    const node = new FakeNode(4000, [running("low-1", 1, "1"), running("mid", 50, "2"), running("low-2", 1, "1")], 2000);
    const r = selectVictimsOnNode(preemptor(100, "2"), node, [], NOW);
    expect(statusText(r.status), `Step 2 ${DOCS}: without the three lower-priority pods the preemptor fits`).toBe("null (fits)");
    expect(
      names(r.victims).sort(),
      `Step 3 ${DOCS}: "mid" (priority 50) is reprieved first and fits back; then neither 1-cpu "low" pod fits with the preemptor, so both go (upstream TestSelectNodesForPreemption, "a pod that fits on one node when lower priority pods are preempted")`,
    ).toEqual(["low-1", "low-2"]);
    const node2 = new FakeNode(4000, [running("small-low", 1, "500m"), running("big-mid", 50, "3")], 3000);
    const r2 = selectVictimsOnNode(preemptor(100, "3"), node2, [], NOW);
    expect(
      names(r2.victims),
      `Step 3 ${DOCS}: "big-mid" is reprieved first but does not fit back with the 3-cpu preemptor, so it is REMOVED again and is a victim; then "small-low" fits back and stays (upstream: "medium priority pod is preempted, but lower priority one stays as it is small")`,
    ).toEqual(["big-mid"]);
  });

  it("step 1 again: a pod of equal priority is never a victim, even when evicting it would make room", { meta: { weight: 1.5 } }, () => {
    const node = new FakeNode(4000, [running("peer", 100, "3"), running("batch", 1, "1")], 2000);
    const r = selectVictimsOnNode(preemptor(100, "2"), node, [], NOW);
    expect(names(r.victims), `Step 1 ${DOCS}: "peer" has the preemptor's own priority (100); preemption only evicts pods of strictly LOWER priority`).toEqual([]);
    const ok = selectVictimsOnNode(preemptor(100, "2"), new FakeNode(4000, [running("peer", 100, "1"), running("batch-1", 1, "1"), running("batch-2", 1, "1"), running("batch-3", 1, "1")], 2000), [], NOW);
    expect(
      [ok.victims.length, names(ok.victims).includes("peer")],
      `Step 3 ${DOCS}: the node is full and the preemptor needs 2 cpus: two of the three batch pods go, and "peer" (equal priority) is not even a candidate`,
    ).toEqual([2, false]);
  });

  it("step 3: among pods of equal priority, the one that started last is evicted first", { meta: { weight: 1.5 } }, () => {
    const node = new FakeNode(4000, [running("young", 1, "2", { start: "2024-06-01T00:00:00Z" }), running("old", 1, "2", { start: "2024-01-01T00:00:00Z" })], 2000);
    const r = selectVictimsOnNode(preemptor(100, "2"), node, [], NOW);
    expect(
      names(r.victims),
      `Step 3 ${DOCS}: moreImportantPod ranks equal priorities by start time, earlier first: "old" is reprieved first and stays, "young" goes (upstream: "mixed priority pods are preempted, pick later StartTime one when priorities are equal")`,
    ).toEqual(["young"]);
  });

  it("steps 3 and 4: PDB-protected pods are reprieved first, only protected victims count as violations, and mixed victims are sorted most important first", { meta: { weight: 2 } }, () => {
    const node = new FakeNode(3000, [running("db", 1, "1", { labels: { app: "db" } }), running("batch-a", 1, "1"), running("batch-b", 1, "1")], 2000);
    const r = selectVictimsOnNode(preemptor(100, "2"), node, [pdbFor("db")], NOW);
    expect(names(r.victims).sort(), `Step 3 ${DOCS}: "db" is protected by a PodDisruptionBudget allowing no disruption, so it is put back first and keeps its place; the two batch pods go`).toEqual(["batch-a", "batch-b"]);
    expect(r.numPDBViolations, `Step 3 ${DOCS}: no protected pod is a victim: numPDBViolations is 0`).toBe(0);

    const node2 = new FakeNode(2000, [running("db", 1, "1", { labels: { app: "db" } }), running("batch", 5, "1")], 2000);
    const r2 = selectVictimsOnNode(preemptor(100, "2"), node2, [pdbFor("db")], NOW);
    expect(r2.numPDBViolations, `Step 3 ${DOCS}: both pods must go, and one of them ("db") is protected: numPDBViolations is 1`).toBe(1);
    expect(names(r2.victims), `Step 4 ${DOCS}: victims from both groups are sorted most important first: "batch" (priority 5) before "db" (priority 1)`).toEqual(["batch", "db"]);
  });
});

describe("plugged into DefaultPreemption: upstream's cases (defaultpreemption/default_preemption_test.go, TestSelectNodesForPreemption)", () => {
  const node = (name: string, cpu = "4") => makeNode().name(name).capacity({ cpu, memory: "16Gi" }).obj();
  const on = (name: string, nodeName: string, prio: number, cpu: string, labels: Record<string, string> = {}) =>
    makePod().name(name).node(nodeName).priority(prio).req({ cpu }).labels(labels).startTime("2024-01-01T00:00:00Z").terminationGracePeriodSeconds(0).obj();

  it("the victims, the nominated node and the message are kube-scheduler's", { meta: { weight: 4 } }, () => {
    const c1 = cluster([node("node1")], { pods: [on("p1", "node1", -10, "1"), on("p2", "node1", 100, "2"), on("p3", "node1", -10, "1")], seed: 3 });
    const r1 = c1.scheduleOne(makePod().name("preemptor").priority(1000).req({ cpu: "2" }).obj())!;
    expect(
      [r1.nominatedNodeName, [...(r1.victims ?? [])].sort()],
      `${DOCS}: "a pod that fits on one node when lower priority pods are preempted": nominated to node1, victims the two priority −10 pods`,
    ).toEqual(["node1", ["default/p1", "default/p3"]]);

    const c2 = cluster([node("node1"), node("node2")], { pods: [on("a", "node1", 1000, "4"), on("b", "node2", 1000, "4")], seed: 3 });
    const r2 = c2.scheduleOne(makePod().name("preemptor").priority(100).req({ cpu: "2" }).obj())!;
    expect(
      r2.message,
      `${DOCS}: "a pod that would fit on the nodes, but other pods running are higher priority, no preemption would happen": every node answers "${ErrReasonNoVictims}"`,
    ).toBe(`0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 ${ErrReasonNoVictims}.`);

    const c3 = cluster([node("node1")], { pods: [on("important", "node1", 1000, "3"), on("batch", "node1", 1, "1")], seed: 3 });
    const r3 = c3.scheduleOne(makePod().name("preemptor").priority(100).req({ cpu: "2" }).obj())!;
    expect(
      [r3.victims ?? [], r3.message],
      `${DOCS}: evicting "batch" would leave 1 cpu, not enough: nobody is evicted, and the node's status is the filter's "Insufficient cpu"`,
    ).toEqual([[], "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Insufficient cpu."]);

    const pdb = pdbFor("db");
    const c4 = cluster([node("node1"), node("node2")], { pods: [on("db-0", "node1", 1, "4", { app: "db" }), on("batch", "node2", 1, "4")], podDisruptionBudgets: [pdb], seed: 3 });
    const r4 = c4.scheduleOne(makePod().name("preemptor").priority(1000).req({ cpu: "2" }).obj())!;
    expect(
      [r4.nominatedNodeName, r4.victims],
      `${DOCS}: node1's only victim is protected by a PodDisruptionBudget (numPDBViolations 1), node2's is not (0): pickOneNodeForPreemption prefers node2`,
    ).toEqual(["node2", ["default/batch"]]);
  });
});

describe("plugged into the scheduler: whole clusters", () => {
  const priorityClasses = [
    { metadata: { name: "batch" }, value: 100, globalDefault: true },
    { metadata: { name: "service" }, value: 10000 },
  ];

  it("a cluster full of low-priority batch pods makes room for a high-priority service by evicting exactly two of them, then binds it", { meta: { weight: 2.5 } }, () => {
    const c = cluster(nodes(10, "node", { cpu: "4", memory: "16Gi" }), { priorityClasses, seed: 6 });
    for (let i = 0; i < 40; i++) c.addPod(makePod().name(`batch-${i}`).req({ cpu: "1", memory: "1Gi" }).terminationGracePeriodSeconds(30).obj());
    expect(c.scheduleAll().filter((r) => r.outcome === "Scheduled").length, "40 batch pods fill the 10 nodes").toBe(40);
    const first = c.scheduleOne(makePod().name("svc").priorityClassName("service").req({ cpu: "2", memory: "1Gi" }).obj())!;
    expect(first.victims?.length, `${DOCS}: the service needs 2 cpu on a full node of 1-cpu pods: exactly two victims, not more; got ${JSON.stringify(first.victims)}`).toBe(2);
    const nominated = first.nominatedNodeName;
    expect(first.victims!.every((v) => c.pods.get(v)?.spec?.nodeName === nominated), `${DOCS}: both victims run on the nominated node ${nominated}`).toBe(true);
    const later = c.runFor(60_000);
    expect(later.find((r) => r.pod === "default/svc" && r.outcome === "Scheduled")?.nodeName, `${DOCS}: after the victims' 30 s grace period the service binds to ${nominated}`).toBe(nominated);
    expect(c.pods.size, "40 batch pods − 2 victims + the service").toBe(39);
  });

  it("with mixed priorities only the lowest-priority pods are evicted, and the critical ones are never touched", { meta: { weight: 2 } }, () => {
    const pods: Pod[] = [];
    for (let n = 0; n < 5; n++) {
      pods.push(makePod().name(`critical-${n}`).node(`node-${n}`).priority(100000).req({ cpu: "2" }).obj());
      pods.push(makePod().name(`web-${n}`).node(`node-${n}`).priority(500).req({ cpu: "1" }).obj());
      pods.push(makePod().name(`batch-${n}`).node(`node-${n}`).priority(10).req({ cpu: "1" }).terminationGracePeriodSeconds(0).obj());
    }
    const c = cluster(nodes(5, "node", { cpu: "4", memory: "16Gi" }), { pods, seed: 8 });
    const r = c.scheduleOne(makePod().name("api").priority(1000).req({ cpu: "1" }).obj())!;
    expect(r.victims?.length === 1 && r.victims[0]!.startsWith("default/batch-"), `${DOCS}: 1 cpu is needed: one priority-10 batch pod is enough; the priority-500 web pod is reprieved first and stays; got ${JSON.stringify(r.victims)}`).toBe(true);
    c.runFor(10_000);
    expect(c.pods.get("default/api")?.spec?.nodeName, `${DOCS}: the api pod binds where its victim was`).toBe(r.nominatedNodeName);
    expect([...c.pods.keys()].filter((k) => k.startsWith("default/critical-") || k.startsWith("default/web-")).length, "no critical or web pod was evicted").toBe(10);
  });

  it("a high-priority pod evicts the low-priority pod whose presence breaks its anti-affinity, and nothing else", { meta: { weight: 1.5 } }, () => {
    const c = cluster([makeNode().name("node-0").capacity({ cpu: "8", memory: "16Gi" }).obj()], {
      pods: [
        makePod().name("old-web").node("node-0").label("app", "web").priority(1).req({ cpu: "1" }).terminationGracePeriodSeconds(0).obj(),
        makePod().name("filler").node("node-0").priority(1).req({ cpu: "1" }).terminationGracePeriodSeconds(0).obj(),
      ],
      seed: 1,
    });
    const r = c.scheduleOne(makePod().name("new-web").label("app", "web").priority(1000).req({ cpu: "1" }).podAntiAffinity("kubernetes.io/hostname", matchLabels({ app: "web" })).obj())!;
    expect(
      r.victims,
      `${DOCS}: there is cpu to spare; only "old-web" breaks new-web's anti-affinity. Removing and re-adding pods through node.removePod/addPod keeps InterPodAffinity's counts right, so "filler" is reprieved`,
    ).toEqual(["default/old-web"]);
    c.runFor(1_000);
    expect(c.pods.get("default/new-web")?.spec?.nodeName, `${DOCS}: once old-web is gone, new-web binds`).toBe("node-0");
  });
});
