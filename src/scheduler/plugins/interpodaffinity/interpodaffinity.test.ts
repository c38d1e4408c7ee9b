// Filter cases reproduced from upstream
// pkg/scheduler/framework/plugins/interpodaffinity/filtering_test.go (TestRequiredAffinitySingleNode),
// with today's single-reason statuses (the extra "node(s) didn't match pod affinity/anti-affinity"
// reason was dropped upstream in v1.25). Scoring cases follow scoring_test.go's shape; their
// expected numbers are computed from the formula in scoring.go, not copied.
import { describe, expect, it } from "vitest";
import type { LabelSelector } from "kubernetes-types/meta/v1";
import type { Pod, PodAffinityTerm } from "kubernetes-types/core/v1";
import { Code } from "../../framework/status";
import { filterNode, harness, scoreAll } from "../../testing/harness";
import { makeNode, makePod } from "../../testing/wrappers";
import { ErrReasonAffinityRulesNotMatch, ErrReasonAntiAffinityRulesNotMatch, ErrReasonExistingAntiAffinityRulesNotMatch } from "./filtering";

const podLabel = { service: "securityscan" };
const podLabel2 = { security: "S1" };
const node1 = () => makeNode().name("machine1").label("region", "r1").label("zone", "z11").obj();
const sel = (key: string, operator: string, values?: string[]): LabelSelector => ({ matchExpressions: [{ key, operator, values }] });
const withTerms = (labels: Record<string, string>, affinity: PodAffinityTerm[] | undefined, anti: PodAffinityTerm[] | undefined, nodeName = ""): Pod => {
  const w = makePod().labels(labels);
  if (nodeName) w.node(nodeName);
  w.affinity({
    ...(affinity ? { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: affinity } } : {}),
    ...(anti ? { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: anti } } : {}),
  });
  return w.obj();
};
const existing = (labels: Record<string, string>, ns = "default") => makePod().namespace(ns).node("machine1").labels(labels).obj();

describe("InterPodAffinity filter (TestRequiredAffinitySingleNode)", () => {
  const cases: Array<{ name: string; pod: Pod; pods: Pod[]; code?: number; reason?: string }> = [
    { name: "A pod that has no required pod affinity scheduling rules can schedule onto a node with no existing pods", pod: makePod().obj(), pods: [] },
    {
      name: "satisfies with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using In operator that matches the existing pod",
      pod: withTerms(podLabel2, [{ labelSelector: sel("service", "In", ["securityscan", "value2"]), topologyKey: "region" }], undefined), pods: [existing(podLabel)],
    },
    {
      name: "satisfies the pod with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using not in operator in labelSelector that matches the existing pod",
      pod: withTerms(podLabel2, [{ labelSelector: sel("service", "NotIn", ["securityscan3", "value3"]), topologyKey: "region" }], undefined), pods: [existing(podLabel)],
    },
    {
      name: "Does not satisfy the PodAffinity with labelSelector because of diff Namespace",
      pod: withTerms(podLabel2, [{ labelSelector: sel("service", "In", ["securityscan", "value2"]), namespaces: ["DiffNameSpace"], topologyKey: "region" }], undefined),
      pods: [existing(podLabel, "ns")], code: Code.UnschedulableAndUnresolvable, reason: ErrReasonAffinityRulesNotMatch,
    },
    {
      name: "Doesn't satisfy the PodAffinity because of unmatching labelSelector with the existing pod",
      pod: withTerms(podLabel, [{ labelSelector: sel("service", "In", ["antivirusscan", "value2"]), topologyKey: "region" }], undefined),
      pods: [existing(podLabel)], code: Code.UnschedulableAndUnresolvable, reason: ErrReasonAffinityRulesNotMatch,
    },
    {
      name: "satisfies the PodAffinity with different label Operators in multiple RequiredDuringSchedulingIgnoredDuringExecution ",
      pod: withTerms(podLabel2, [
        { labelSelector: { matchExpressions: [{ key: "service", operator: "Exists" }, { key: "wrongkey", operator: "DoesNotExist" }] }, topologyKey: "region" },
        { labelSelector: { matchExpressions: [{ key: "service", operator: "In", values: ["securityscan"] }, { key: "service", operator: "NotIn", values: ["WrongValue"] }] }, topologyKey: "region" },
      ], undefined),
      pods: [existing(podLabel)],
    },
    {
      name: "The labelSelector requirements(items of matchExpressions) are ANDed, the pod cannot schedule onto the node because one of the matchExpression item don't match.",
      pod: withTerms(podLabel2, [
        { labelSelector: { matchExpressions: [{ key: "service", operator: "Exists" }, { key: "wrongkey", operator: "DoesNotExist" }] }, topologyKey: "region" },
        { labelSelector: { matchExpressions: [{ key: "service", operator: "In", values: ["securityscan2"] }, { key: "service", operator: "NotIn", values: ["WrongValue"] }] }, topologyKey: "region" },
      ], undefined),
      pods: [existing(podLabel)], code: Code.UnschedulableAndUnresolvable, reason: ErrReasonAffinityRulesNotMatch,
    },
    {
      name: "satisfies the PodAffinity and PodAntiAffinity with the existing pod",
      pod: withTerms(podLabel2, [{ labelSelector: sel("service", "In", ["securityscan", "value2"]), topologyKey: "region" }], [{ labelSelector: sel("service", "In", ["antivirusscan", "value2"]), topologyKey: "node" }]),
      pods: [existing(podLabel)],
    },
    {
      name: "satisfies the PodAffinity and PodAntiAffinity and PodAntiAffinity symmetry with the existing pod",
      pod: withTerms(podLabel2, [{ labelSelector: sel("service", "In", ["securityscan", "value2"]), topologyKey: "region" }], [{ labelSelector: sel("service", "In", ["antivirusscan", "value2"]), topologyKey: "node" }]),
      pods: [withTerms(podLabel, undefined, [{ labelSelector: sel("service", "In", ["antivirusscan", "value2"]), topologyKey: "node" }], "machine1")],
    },
    {
      name: "satisfies the PodAffinity but doesn't satisfy the PodAntiAffinity with the existing pod",
      pod: withTerms(podLabel2, [{ labelSelector: sel("service", "In", ["securityscan", "value2"]), topologyKey: "region" }], [{ labelSelector: sel("service", "In", ["securityscan", "value2"]), topologyKey: "zone" }]),
      pods: [existing(podLabel)], code: Code.Unschedulable, reason: ErrReasonAntiAffinityRulesNotMatch,
    },
    {
      name: "satisfies the PodAffinity and PodAntiAffinity but doesn't satisfy PodAntiAffinity symmetry with the existing pod",
      pod: withTerms(podLabel, [{ labelSelector: sel("service", "In", ["securityscan", "value2"]), topologyKey: "region" }], [{ labelSelector: sel("service", "In", ["antivirusscan", "value2"]), topologyKey: "node" }]),
      pods: [withTerms(podLabel, undefined, [{ labelSelector: sel("service", "In", ["securityscan", "value2"]), topologyKey: "zone" }], "machine1")],
      code: Code.Unschedulable, reason: ErrReasonExistingAntiAffinityRulesNotMatch,
    },
    {
      name: "pod matches its own Label in PodAffinity and that matches the existing pod Labels",
      pod: withTerms(podLabel, [{ labelSelector: sel("service", "NotIn", ["securityscan", "value2"]), topologyKey: "region" }], undefined),
      pods: [makePod().node("machine2").labels(podLabel).obj()], code: Code.UnschedulableAndUnresolvable, reason: ErrReasonAffinityRulesNotMatch,
    },
    {
      name: "verify that PodAntiAffinity from existing pod is respected when pod has no AntiAffinity constraints. doesn't satisfy PodAntiAffinity symmetry with the existing pod",
      pod: makePod().labels(podLabel).obj(),
      pods: [withTerms(podLabel, undefined, [{ labelSelector: sel("service", "In", ["securityscan", "value2"]), topologyKey: "zone" }], "machine1")],
      code: Code.Unschedulable, reason: ErrReasonExistingAntiAffinityRulesNotMatch,
    },
    {
      name: "verify that PodAntiAffinity from existing pod is respected when pod has no AntiAffinity constraints. satisfy PodAntiAffinity symmetry with the existing pod",
      pod: makePod().labels(podLabel).obj(),
      pods: [withTerms(podLabel, undefined, [{ labelSelector: sel("service", "NotIn", ["securityscan", "value2"]), topologyKey: "zone" }], "machine1")],
    },
    {
      name: "satisfies the PodAntiAffinity with existing pod but doesn't satisfy PodAntiAffinity symmetry with incoming pod",
      pod: withTerms(podLabel, undefined, [
        { labelSelector: { matchExpressions: [{ key: "service", operator: "Exists" }] }, topologyKey: "region" },
        { labelSelector: { matchExpressions: [{ key: "security", operator: "Exists" }] }, topologyKey: "region" },
      ]),
      pods: [withTerms(podLabel2, undefined, [{ labelSelector: { matchExpressions: [{ key: "security", operator: "Exists" }] }, topologyKey: "zone" }], "machine1")],
      code: Code.Unschedulable, reason: ErrReasonAntiAffinityRulesNotMatch,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const s = filterNode(harness([node1()], c.pods), "InterPodAffinity", c.pod, "machine1");
      if (c.code === undefined) expect(s).toBeNull();
      else {
        expect(s?.code).toBe(c.code);
        expect(s?.reasons).toEqual([c.reason]);
      }
    });
  }
});

describe("InterPodAffinity score (scoring.go)", () => {
  const zoneNode = (n: string, zone: string) => makeNode().name(n).label("zone", zone).obj();
  it("prefers nodes in the zone of pods it has preferred affinity to, scaled (score − min) / (max − min)", () => {
    const pod = makePod().affinity({
      podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, podAffinityTerm: { labelSelector: { matchLabels: { app: "db" } }, topologyKey: "zone" } }] },
    }).obj();
    const h = harness([zoneNode("a1", "a"), zoneNode("a2", "a"), zoneNode("b1", "b")], [makePod().node("a1").label("app", "db").obj()]);
    const got = scoreAll(h, "InterPodAffinity", pod);
    expect(Array.isArray(got) && got.map((s) => s.score)).toEqual([100, 100, 0]);
  });
  it("prefers nodes away from pods it has preferred anti-affinity to", () => {
    const pod = makePod().preferredPodAntiAffinity(3, { labelSelector: { matchLabels: { app: "web" } }, topologyKey: "zone" }).obj();
    const h = harness([zoneNode("a1", "a"), zoneNode("b1", "b"), zoneNode("c1", "c")], [
      makePod().node("a1").label("app", "web").obj(), makePod().node("a1").label("app", "web").obj(), makePod().node("b1").label("app", "web").obj(),
    ]);
    const got = scoreAll(h, "InterPodAffinity", pod);
    // raw: a = −6, b = −3, c = 0 → (raw + 6) / 6 × 100
    expect(Array.isArray(got) && got.map((s) => s.score)).toEqual([0, 50, 100]);
  });
  it("counts an existing pod's required affinity to the incoming pod at hardPodAffinityWeight (symmetry)", () => {
    const existingPod = withTerms({ app: "cache" }, [{ labelSelector: { matchLabels: { app: "web" } }, topologyKey: "zone" }], undefined, "b1");
    const h = harness([zoneNode("a1", "a"), zoneNode("b1", "b")], [existingPod]);
    const got = scoreAll(h, "InterPodAffinity", makePod().label("app", "web").obj());
    expect(Array.isArray(got) && got.map((s) => s.score)).toEqual([0, 100]);
  });
});
