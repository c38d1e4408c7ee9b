// Graded tests for the exercise "anti-affinity-filter" (chapter 04-scheduler, 15 points). Each
// test's weight is the points it is worth (they add up to 15); see tools/exercises/points.ts.
// `@exercise/...` is your exercises/ file; the grader also runs these tests against the reference
// solution and the untouched stub (tools/exercises/README.md). Each test is a sentence; its
// failure message names the rule that was broken and where to read about it.
//
// Your `satisfyPodAntiAffinity` and `satisfyExistingPodsAntiAffinity` are plugged into the real
// scheduler: vi.mock below replaces them in src/scheduler/plugins/interpodaffinity/filtering.ts,
// which the InterPodAffinity plugin's Filter calls for every node (plugin.ts), after its PreFilter
// counted the matching pods per topology domain. Upstream's table cases then run through the real
// plugin, and whole clusters are scheduled.
import { describe, expect, it, vi } from "vitest";
import type { Node, Pod } from "kubernetes-types/core/v1";
import * as learner from "@exercise/04-scheduler/anti-affinity-filter";
import { LabelsSelector } from "../../src/api";
import { NodeInfo } from "../../src/scheduler/framework/node-info";
import { type AffinityTerm, podInfoOf } from "../../src/scheduler/framework/pod-info";
import { filterNode, harness } from "../../src/scheduler/testing/harness";
import { exists, matchLabels } from "../../src/scheduler/testing/wrappers";
import {
  ErrReasonAntiAffinityRulesNotMatch, ErrReasonExistingAntiAffinityRulesNotMatch, PreFilterState, TopologyCounts,
} from "../../src/scheduler/plugins/interpodaffinity/filtering";
import { cluster, failures, LabelTopologyZone, labelOf, makeNode, makePod, nodeOf, zonedNodes } from "./support/cluster";

const { satisfyPodAntiAffinity, satisfyExistingPodsAntiAffinity } = learner;

vi.mock("../../src/scheduler/plugins/interpodaffinity/filtering", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../src/scheduler/plugins/interpodaffinity/filtering")>();
  return {
    ...actual,
    satisfyPodAntiAffinity: (s: InstanceType<typeof actual.PreFilterState>, n: NodeInfo) => learner.satisfyPodAntiAffinity(s, n),
    satisfyExistingPodsAntiAffinity: (s: InstanceType<typeof actual.PreFilterState>, n: NodeInfo) => learner.satisfyExistingPodsAntiAffinity(s, n),
  };
});

const DOCS = "(docs: 'Assigning Pods to Nodes', Inter-pod affinity and anti-affinity; interpodaffinity/filtering.go)";
const RULE1 = `Anti-affinity, the incoming pod's terms ${DOCS}`;
const RULE2 = `Anti-affinity symmetry, the existing pods' terms ${DOCS}`;

/** A PreFilter state as InterPodAffinity's PreFilter would leave it, written by hand. */
function state(opts: { terms?: string[]; anti?: Array<[string, string, number]>; existing?: Array<[string, string, number]> }): PreFilterState {
  const term = (topologyKey: string): AffinityTerm => ({ namespaces: new Set(["default"]), selector: LabelsSelector.everything(), topologyKey, namespaceSelector: LabelsSelector.nothing() });
  const counts = (entries: Array<[string, string, number]> = []) => {
    const c = new TopologyCounts();
    for (const [k, v, n] of entries) c.m.set(TopologyCounts.pair(k, v), n);
    return c;
  };
  return new PreFilterState(podInfoOf(makePod().name("incoming").obj()), [], (opts.terms ?? []).map(term), undefined, counts(opts.existing), new TopologyCounts(), counts(opts.anti));
}
const nodeInfo = (name: string, labels: Record<string, string>): NodeInfo => {
  const w = makeNode().name(name);
  for (const [k, v] of Object.entries(labels)) w.label(k, v);
  return new NodeInfo(w.obj());
};

describe("the two rules, on counts written by hand", () => {
  it("rule 1: a node whose domain already holds a matching pod is ruled out; a node in another domain is not", { meta: { weight: 1.5 } }, () => {
    const s = state({ terms: [LabelTopologyZone], anti: [[LabelTopologyZone, "a", 1]] });
    expect(satisfyPodAntiAffinity(s, nodeInfo("a-1", { [LabelTopologyZone]: "a" })), `${RULE1}: zone a already holds a pod the term selects, so no node of zone a may take the pod, even one with no pod on it`).toBe(false);
    expect(satisfyPodAntiAffinity(s, nodeInfo("b-1", { [LabelTopologyZone]: "b" })), `${RULE1}: zone b holds no matching pod, so a node of zone b is fine`).toBe(true);
  });

  it("rule 1: each term is checked under its own topologyKey, and a node without that label is in no domain of it", { meta: { weight: 1 } }, () => {
    const s = state({ terms: [LabelTopologyZone, "kubernetes.io/hostname"], anti: [["kubernetes.io/hostname", "n1", 2]] });
    expect(
      satisfyPodAntiAffinity(s, nodeInfo("n2", { [LabelTopologyZone]: "a", "kubernetes.io/hostname": "n2" })),
      `${RULE1}: the matching pods are counted under (hostname, n1); node n2 is another host, and zone a has no count`,
    ).toBe(true);
    expect(satisfyPodAntiAffinity(s, nodeInfo("n1", { [LabelTopologyZone]: "b", "kubernetes.io/hostname": "n1" })), `${RULE1}: node n1 is in the domain (hostname, n1), which holds 2 matching pods`).toBe(false);
    const zoned = state({ terms: [LabelTopologyZone], anti: [[LabelTopologyZone, "a", 1]] });
    expect(
      satisfyPodAntiAffinity(zoned, nodeInfo("edge", { "kubernetes.io/hostname": "edge" })),
      `${RULE1}: a node without the ${LabelTopologyZone} label is in no zone, so a zone term cannot rule it out`,
    ).toBe(true);
  });

  it("rule 2: an existing pod's anti-affinity keeps the pod out of its domain, under any of the node's labels", { meta: { weight: 1.5 } }, () => {
    const s = state({ existing: [["rack", "r7", 1]] });
    expect(satisfyExistingPodsAntiAffinity(s, nodeInfo("n1", { [LabelTopologyZone]: "a", rack: "r7" })), `${RULE2}: a pod running in rack r7 has anti-affinity (topologyKey rack) that the incoming pod matches: the incoming pod may not join rack r7`).toBe(false);
    expect(satisfyExistingPodsAntiAffinity(s, nodeInfo("n2", { [LabelTopologyZone]: "a", rack: "r8" })), `${RULE2}: rack r8 holds no such pod; sharing the zone does not matter, the existing pod's term is about racks`).toBe(true);
    expect(satisfyExistingPodsAntiAffinity(state({}), nodeInfo("n3", { rack: "r7" })), `${RULE2}: with no existing pod's anti-affinity matching the incoming pod, every node passes`).toBe(true);
  });
});

describe("plugged into InterPodAffinity: upstream's table (interpodaffinity/filtering_test.go, TestRequiredAffinityMultipleNodes)", () => {
  const node = (name: string, labels: Record<string, string>): Node => {
    const w = makeNode().name(name);
    for (const [k, v] of Object.entries(labels)) w.label(k, v);
    return w.obj();
  };
  const antiIn = (w: ReturnType<typeof makePod>, key: string, topologyKey: string, values: string[]) => w.podAntiAffinity(topologyKey, { matchExpressions: [{ key, operator: "In", values }] });
  const rz = (n: string, zone: string) => node(n, { region: "r1", zone, hostname: n });
  const labelRgChina = { region: "China" };
  const labelRgChinaAzAz1 = { region: "China", az: "az1" };
  const labelRgIndia = { region: "India" };
  const A = ErrReasonAntiAffinityRulesNotMatch;
  const E = ErrReasonExistingAntiAffinityRulesNotMatch;
  const cases: Array<{ name: string; pod: Pod; pods: Pod[]; nodes: Node[]; want: Array<string | null> }> = [
    {
      name: "NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA and nodeB.",
      pod: antiIn(makePod(), "foo", "region", ["abc"]).obj(),
      pods: [makePod().node("nodeA").labels({ foo: "abc" }).obj()],
      nodes: [node("nodeA", { region: "r1", hostname: "nodeA" }), node("nodeB", { region: "r1", hostname: "nodeB" })],
      want: [A, A],
    },
    {
      name: "This test ensures that anti-affinity matches a pod when any term of the anti-affinity rule matches a pod.",
      pod: antiIn(antiIn(makePod(), "foo", "region", ["abc"]), "service", "zone", ["securityscan"]).obj(),
      pods: [makePod().node("nodeA").labels({ foo: "abc", service: "securityscan" }).obj()],
      nodes: [rz("nodeA", "z1"), rz("nodeB", "z2")],
      want: [A, A],
    },
    {
      name: "NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA and nodeB but can be scheduled onto nodeC",
      pod: antiIn(makePod(), "foo", "region", ["abc"]).obj(),
      pods: [makePod().node("nodeA").labels({ foo: "abc" }).obj()],
      nodes: [node("nodeA", labelRgChina), node("nodeB", labelRgChinaAzAz1), node("nodeC", labelRgIndia)],
      want: [A, A, null],
    },
    {
      name: "NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA, nodeB, but can be scheduled onto nodeC (NodeC has an existing pod that match the inter pod affinity rule but in different namespace)",
      pod: antiIn(makePod().namespace("NS1").labels({ foo: "123" }), "foo", "region", ["bar"]).obj(),
      pods: [makePod().node("nodeA").namespace("NS1").labels({ foo: "bar" }).obj(), antiIn(makePod().node("nodeC").namespace("NS2"), "foo", "region", ["123"]).obj()],
      nodes: [node("nodeA", labelRgChina), node("nodeB", labelRgChinaAzAz1), node("nodeC", labelRgIndia)],
      want: [A, A, null],
    },
    {
      name: "Test incoming pod's anti-affinity: even if labelSelector matches, we still check if topologyKey matches",
      pod: makePod().podAntiAffinity("invalid-node-label", exists("foo")).obj(),
      pods: [makePod().node("nodeA").labels({ foo: "" }).obj()],
      nodes: [rz("nodeA", "z1"), rz("nodeB", "z1")],
      want: [null, null],
    },
    {
      name: "Test existing pod's anti-affinity: incoming pod wouldn't considered as a fit as it violates each existingPod's terms on all nodes",
      pod: makePod().labels({ foo: "", bar: "" }).obj(),
      pods: [makePod().node("nodeA").podAntiAffinity("zone", exists("foo")).obj(), makePod().node("nodeA").podAntiAffinity("region", exists("bar")).obj()],
      nodes: [rz("nodeA", "z1"), rz("nodeB", "z2")],
      want: [E, E],
    },
    {
      name: "Test incoming pod's anti-affinity: incoming pod wouldn't considered as a fit as it at least violates one anti-affinity rule of existingPod",
      pod: makePod().podAntiAffinity("zone", exists("foo")).podAntiAffinity("region", exists("bar")).obj(),
      pods: [makePod().node("nodeA").labels({ foo: "" }).obj(), makePod().node("nodeB").labels({ bar: "" }).obj()],
      nodes: [rz("nodeA", "z1"), rz("nodeB", "z2")],
      want: [A, A],
    },
    {
      name: "Test existing pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when one term has invalid topologyKey",
      pod: makePod().labels({ foo: "", bar: "" }).obj(),
      pods: [makePod().node("nodeA").podAntiAffinity("invalid-node-label", exists("foo")).podAntiAffinity("zone", exists("bar")).obj()],
      nodes: [rz("nodeA", "z1"), rz("nodeB", "z2")],
      want: [E, null],
    },
    {
      name: "Test incoming pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when one term has invalid topologyKey",
      pod: makePod().podAntiAffinity("invalid-node-label", exists("foo")).podAntiAffinity("zone", exists("bar")).obj(),
      pods: [makePod().name("podA").node("nodeA").labels({ foo: "", bar: "" }).obj()],
      nodes: [rz("nodeA", "z1"), rz("nodeB", "z2")],
      want: [A, null],
    },
    {
      name: "Test existing pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when all terms have valid topologyKey",
      pod: makePod().labels({ foo: "", bar: "" }).obj(),
      pods: [makePod().node("nodeA").podAntiAffinity("region", exists("foo")).podAntiAffinity("zone", exists("bar")).obj()],
      nodes: [rz("nodeA", "z1"), rz("nodeB", "z2")],
      want: [E, E],
    },
    {
      name: "Test existing pod's anti-affinity: existingPod on nodeA and nodeB has at least one anti-affinity term matches incoming pod, so incoming pod can only be scheduled to nodeC",
      pod: makePod().labels({ foo: "", bar: "" }).obj(),
      pods: [
        makePod().node("nodeA").podAntiAffinity("zone", exists("foo")).podAntiAffinity("zone", exists("labelA")).obj(),
        makePod().node("nodeB").podAntiAffinity("zone", exists("bar")).podAntiAffinity("zone", exists("labelB")).obj(),
      ],
      nodes: [rz("nodeA", "z1"), rz("nodeB", "z2"), rz("nodeC", "z3")],
      want: [E, E, null],
    },
  ];

  it("every case admits or rejects each node as kube-scheduler does, with its reason", { meta: { weight: 4 } }, () => {
    for (const c of cases) {
      const h = harness(c.nodes, c.pods);
      const got = c.nodes.map((n) => {
        const s = filterNode(h, "InterPodAffinity", c.pod, n.metadata!.name!);
        return s === null ? null : s.reasons.join("; ");
      });
      expect(got, `InterPodAffinity.Filter ${DOCS}. Upstream case "${c.name}" (null: the node fits)`).toEqual(c.want);
    }
  });
});

describe("plugged into the scheduler: whole clusters", () => {
  const replica = (i: number, topologyKey: string) => makePod().name(`web-${i}`).label("app", "web").req({ cpu: "100m", memory: "128Mi" }).podAntiAffinity(topologyKey, matchLabels({ app: "web" })).obj();

  it("12 replicas with hostname anti-affinity on 10 nodes: 10 on distinct nodes, 2 wait with the anti-affinity reason", { meta: { weight: 1.5 } }, () => {
    const c = cluster(zonedNodes(["a", "b"], 5), { seed: 3 });
    for (let i = 0; i < 12; i++) c.addPod(replica(i, "kubernetes.io/hostname"));
    const results = c.scheduleAll();
    const placed = results.filter((r) => r.outcome === "Scheduled").map((r) => r.nodeName!);
    expect(new Set(placed).size === 10 && placed.length === 10, `${RULE1}: one replica per host (topologyKey kubernetes.io/hostname): 10 nodes take 10 replicas, each on its own node; placed on ${placed.join(", ")}`).toBe(true);
    const waiting = results.filter((r) => r.outcome !== "Scheduled");
    expect(
      waiting.length === 2 && waiting.every((r) => r.message?.startsWith(`0/10 nodes are available: 10 ${ErrReasonAntiAffinityRulesNotMatch}.`)),
      `${RULE1}: the 11th and 12th replicas find every host taken and must wait with "${ErrReasonAntiAffinityRulesNotMatch}"; got ${failures(results) || "none waiting"}`,
    ).toBe(true);
  });

  it("replicas with zone anti-affinity on 3 zones of 4 nodes: one per zone, the 4th waits", { meta: { weight: 2 } }, () => {
    const c = cluster(zonedNodes(["a", "b", "c"], 4), { seed: 9 });
    for (let i = 0; i < 4; i++) c.addPod(replica(i, LabelTopologyZone));
    const results = c.scheduleAll();
    const zones = results.filter((r) => r.outcome === "Scheduled").map((r) => labelOf(c, r.nodeName, LabelTopologyZone));
    expect(
      [...zones].sort(),
      `${RULE1}: the domain is the ZONE (topologyKey ${LabelTopologyZone}), not the node: a replica in zone a rules out all four nodes of zone a; placed in zones ${zones.join(", ")}`,
    ).toEqual(["a", "b", "c"]);
    expect(results.filter((r) => r.outcome !== "Scheduled").map((r) => r.message), `${RULE1}: the 4th replica finds every zone taken`).toEqual([
      `0/12 nodes are available: 12 ${ErrReasonAntiAffinityRulesNotMatch}. preemption: 0/12 nodes are available: 12 No preemption victims found for incoming pod.`,
    ]);
  });

  it("a running pod's anti-affinity keeps matching pods out of its zone, though they have no anti-affinity of their own", { meta: { weight: 2 } }, () => {
    const c = cluster(zonedNodes(["a", "b", "c"], 2), { seed: 4 });
    c.addPod(makePod().name("quiet").req({ cpu: "100m" }).podAntiAffinity(LabelTopologyZone, matchLabels({ app: "noisy" })).obj());
    const quiet = c.scheduleAll()[0];
    const quietZone = labelOf(c, quiet?.nodeName, LabelTopologyZone);
    for (let i = 0; i < 8; i++) c.addPod(makePod().name(`noisy-${i}`).label("app", "noisy").req({ cpu: "100m" }).obj());
    const results = c.scheduleAll();
    const inQuietZone = Array.from({ length: 8 }, (_, i) => `noisy-${i}`).filter((p) => labelOf(c, nodeOf(c, p), LabelTopologyZone) === quietZone);
    expect(failures(results), `${RULE2}: the noisy pods fit in the two other zones`).toBe("");
    expect(inQuietZone, `${RULE2}: "quiet" runs in zone ${quietZone} with anti-affinity against app=noisy, so no noisy pod may join zone ${quietZone}`).toEqual([]);
    const pinned = c.scheduleOne(makePod().name("noisy-pinned").label("app", "noisy").nodeSelector({ [LabelTopologyZone]: quietZone ?? "" }).obj());
    expect(pinned?.message?.includes(`2 ${ErrReasonExistingAntiAffinityRulesNotMatch}`), `${RULE2}: a noisy pod that must run in zone ${quietZone} waits with "${ErrReasonExistingAntiAffinityRulesNotMatch}"; got ${pinned?.message ?? pinned?.nodeName}`).toBe(true);
  });

  it("nodes without the topology label are in no zone: replicas beyond one per zone go there", { meta: { weight: 1.5 } }, () => {
    const edge = (n: string) => makeNode().name(n).capacity({ cpu: "4", memory: "16Gi" }).obj();
    const c = cluster([...zonedNodes(["a", "b"], 1), edge("edge-0"), edge("edge-1")], { seed: 2 });
    for (let i = 0; i < 6; i++) c.addPod(replica(i, LabelTopologyZone));
    const results = c.scheduleAll();
    expect(failures(results), `${RULE1}: a zone term cannot rule out a node that has no zone label, so all 6 replicas fit`).toBe("");
    const perZone = (z: string | undefined) => Array.from({ length: 6 }, (_, i) => labelOf(c, nodeOf(c, `web-${i}`), LabelTopologyZone)).filter((x) => x === z).length;
    expect([perZone("a"), perZone("b"), perZone(undefined)], `${RULE1}: one replica in zone a, one in zone b, and the other four on the two nodes without a zone`).toEqual([1, 1, 4]);
  });
});
