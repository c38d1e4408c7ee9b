// Graded tests for the exercise "node-affinity-match" (chapter 04-scheduler, 15 points). Each
// test's weight is the points it is worth (they add up to 15); see tools/exercises/points.ts.
// `@exercise/...` is your exercises/ file; the grader also runs these tests against the reference
// solution and the untouched stub (tools/exercises/README.md). Each test is a sentence; its
// failure message names the rule that was broken and where to read about it.
//
// Your `nodeSelectorRequirementMatches` is plugged into the real scheduler: vi.mock below replaces
// src/scheduler/plugins/helper/node-selector-requirement.ts, which the node selector matcher
// (helper/node-selector.ts) calls for every matchExpressions requirement, for NodeAffinity's Filter
// and Score alike. Upstream's table cases then run through the real plugin, and a 20-node cluster
// is scheduled.
import { describe, expect, it, vi } from "vitest";
import type { Affinity, NodeSelectorRequirement, NodeSelectorTerm, Pod } from "kubernetes-types/core/v1";
import * as learner from "@exercise/04-scheduler/node-affinity-match";
import type { Labels } from "../../src/api";
import { filterNode, harness, scoreAll } from "../../src/scheduler/testing/harness";
import { ErrReasonPod } from "../../src/scheduler/plugins/node-affinity";
import { cluster, failures, LabelTopologyZone, labelOf, makeNode, makePod, nodeOf } from "./support/cluster";

const { nodeSelectorRequirementMatches } = learner;

vi.mock("../../src/scheduler/plugins/helper/node-selector-requirement", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../src/scheduler/plugins/helper/node-selector-requirement")>()),
  nodeSelectorRequirementMatches: (req: NodeSelectorRequirement, labels: Labels) => learner.nodeSelectorRequirementMatches(req, labels),
}));

const DOCS = "(docs: 'Assigning Pods to Nodes', Node affinity, Operators; labels/selector.go Requirement.Matches)";
const check = (req: NodeSelectorRequirement, labels: Labels, want: boolean, why: string) =>
  expect(nodeSelectorRequirementMatches(req, labels), `${req.operator} ${DOCS}: ${JSON.stringify(req)} against node labels ${JSON.stringify(labels)}: ${why}`).toBe(want);

describe("the six operators", () => {
  it("In: the node has the label and its value is one of the values", { meta: { weight: 1 } }, () => {
    const req = { key: "zone", operator: "In", values: ["a", "b"] };
    check(req, { zone: "a" }, true, "the value a is in [a, b]");
    check(req, { zone: "b", other: "x" }, true, "the value b is in [a, b]; other labels do not matter");
    check(req, { zone: "c" }, false, "the value c is not in [a, b]");
    check(req, { region: "a" }, false, "a node without the label is not In anything");
    check({ key: "flag", operator: "In", values: [""] }, { flag: "" }, true, "an empty label value matches the value \"\"");
    check({ key: "flag", operator: "In", values: [""] }, {}, false, "a node without the label is not In anything, not even [\"\"]: a missing label is not an empty one");
  });

  it("NotIn: the node lacks the label, or its value is none of the values", { meta: { weight: 1.5 } }, () => {
    const req = { key: "zone", operator: "NotIn", values: ["a", "b"] };
    check(req, { zone: "c" }, true, "c is not in [a, b]");
    check(req, { zone: "a" }, false, "a is in [a, b]");
    check(req, {}, true, "a node WITHOUT the label satisfies NotIn: this is how 'keep off the nodes labelled X' is written");
    check(req, { region: "a" }, true, "a node without the label satisfies NotIn, whatever its other labels");
  });

  it("Exists and DoesNotExist look only at whether the node has the label", { meta: { weight: 1.5 } }, () => {
    check({ key: "gpu", operator: "Exists" }, { gpu: "nvidia" }, true, "the node has the label");
    check({ key: "gpu", operator: "Exists" }, { gpu: "" }, true, "a label with an empty value still exists");
    check({ key: "gpu", operator: "Exists" }, { cpu: "x" }, false, "the node does not have the label");
    check({ key: "spot", operator: "DoesNotExist" }, { zone: "a" }, true, "the node does not have the label");
    check({ key: "spot", operator: "DoesNotExist" }, { spot: "" }, false, "the node has the label, even with an empty value");
  });

  it("Gt and Lt compare the label's value with the single value as integers", { meta: { weight: 1.5 } }, () => {
    check({ key: "gen", operator: "Gt", values: ["9"] }, { gen: "10" }, true, "10 > 9 as numbers (as strings, \"10\" < \"9\")");
    check({ key: "gen", operator: "Gt", values: ["9"] }, { gen: "9" }, false, "9 is not greater than 9");
    check({ key: "gen", operator: "Lt", values: ["9"] }, { gen: "10" }, false, "10 is not less than 9");
    check({ key: "gen", operator: "Lt", values: ["10"] }, { gen: "9" }, true, "9 < 10");
    check({ key: "kernel-version", operator: "Gt", values: ["0204"] }, { "kernel-version": "0206" }, true, "leading zeros are fine: 206 > 204 (upstream's TestNodeAffinity case)");
    check({ key: "offset", operator: "Lt", values: ["0"] }, { offset: "-3" }, true, "integers may be negative: -3 < 0");
  });

  it("Gt and Lt never match a node without the label, or with a value that is not an integer", { meta: { weight: 1.5 } }, () => {
    check({ key: "gen", operator: "Gt", values: ["1"] }, { gen: "10" }, true, "10 > 1");
    check({ key: "gen", operator: "Gt", values: ["1"] }, {}, false, "a node without the label has no number to compare: no match");
    check({ key: "gen", operator: "Lt", values: ["100"] }, {}, false, "a missing label is not 0: no match for Lt either");
    check({ key: "gen", operator: "Gt", values: ["1"] }, { gen: "new" }, false, "\"new\" is not an integer: no match");
    check({ key: "mem", operator: "Gt", values: ["1"] }, { mem: "4Gi" }, false, "\"4Gi\" is not an integer (Go's strconv.ParseInt refuses it; JavaScript's parseInt would read 4)");
    check({ key: "gen", operator: "Lt", values: ["100"] }, { gen: "" }, false, "the empty string is not an integer (JavaScript's Number(\"\") would be 0)");
    check({ key: "gen", operator: "Gt", values: ["1"] }, { gen: "2.5" }, false, "\"2.5\" is not an integer");
  });
});

const required = (...terms: NodeSelectorTerm[]): Pod =>
  makePod().affinity({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } }).obj();
const labelled = (name: string, labels: Labels) => {
  const w = makeNode().name(name);
  for (const [k, v] of Object.entries(labels)) w.label(k, v);
  return w.obj();
};

describe("plugged into NodeAffinity: upstream's tables (nodeaffinity/node_affinity_test.go)", () => {
  const cases: Array<{ name: string; pod: Pod; labels: Labels; fits: boolean }> = [
    { name: "Pod with matchExpressions using In operator that matches the existing node", pod: required({ matchExpressions: [{ key: "foo", operator: "In", values: ["bar", "value2"] }] }), labels: { foo: "bar" }, fits: true },
    { name: "Pod with matchExpressions using Gt operator that matches the existing node", pod: required({ matchExpressions: [{ key: "kernel-version", operator: "Gt", values: ["0204"] }] }), labels: { "kernel-version": "0206" }, fits: true },
    { name: "Pod with matchExpressions using NotIn operator that matches the existing node", pod: required({ matchExpressions: [{ key: "mem-type", operator: "NotIn", values: ["DDR", "DDR2"] }] }), labels: { "mem-type": "DDR3" }, fits: true },
    { name: "Pod with matchExpressions using Exists operator that matches the existing node", pod: required({ matchExpressions: [{ key: "GPU", operator: "Exists" }] }), labels: { GPU: "NVIDIA-GRID-K1" }, fits: true },
    { name: "Pod with affinity that don't match node's labels won't schedule onto the node", pod: required({ matchExpressions: [{ key: "foo", operator: "In", values: ["value1", "value2"] }] }), labels: { foo: "bar" }, fits: false },
    { name: "Pod with multiple matchExpressions ANDed that matches the existing node", pod: required({ matchExpressions: [{ key: "GPU", operator: "Exists" }, { key: "GPU", operator: "NotIn", values: ["AMD", "INTER"] }] }), labels: { GPU: "NVIDIA-GRID-K1" }, fits: true },
    { name: "Pod with multiple matchExpressions ANDed that doesn't match the existing node", pod: required({ matchExpressions: [{ key: "GPU", operator: "Exists" }, { key: "GPU", operator: "In", values: ["AMD", "INTER"] }] }), labels: { GPU: "NVIDIA-GRID-K1" }, fits: false },
    {
      name: "Pod with multiple NodeSelectorTerms ORed in affinity, matches the node's labels and will schedule onto the node",
      pod: required({ matchExpressions: [{ key: "foo", operator: "In", values: ["bar", "value2"] }] }, { matchExpressions: [{ key: "diffkey", operator: "In", values: ["wrong", "value2"] }] }),
      labels: { foo: "bar" }, fits: true,
    },
    {
      name: "Pod with an Affinity and a PodSpec.NodeSelector(the old thing that we are deprecating) both are satisfied, will schedule onto the node",
      pod: (() => { const p = required({ matchExpressions: [{ key: "foo", operator: "Exists" }] }); p.spec!.nodeSelector = { foo: "bar" }; return p; })(),
      labels: { foo: "bar" }, fits: true,
    },
  ];

  it("TestNodeAffinity: every matchExpressions case admits or rejects the node as kube-scheduler does", { meta: { weight: 2 } }, () => {
    for (const c of cases) {
      const s = filterNode(harness([labelled("node1", c.labels)]), "NodeAffinity", c.pod, "node1");
      const verdict = s === null ? "fits" : s.reasons.join("; ");
      expect(verdict, `NodeAffinity.Filter ${DOCS}. Upstream case "${c.name}"`).toBe(c.fits ? "fits" : ErrReasonPod);
    }
  });

  it("TestNodeAffinityPriority: preferred terms add their weights, normalized to 0..100", { meta: { weight: 1 } }, () => {
    const pref = (weight: number, exprs: Array<[string, string]>) => ({ weight, preference: { matchExpressions: exprs.map(([key, v]) => ({ key, operator: "In", values: [v] })) } });
    const affinity2: Affinity = {
      nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [pref(2, [["foo", "bar"]]), pref(4, [["key", "value"]]), pref(5, [["foo", "bar"], ["key", "value"], ["az", "az1"]])] },
    };
    const h = harness([labelled("node1", { foo: "bar" }), labelled("node5", { foo: "bar", key: "value", az: "az1" }), labelled("node2", { key: "value" })]);
    const got = scoreAll(h, "NodeAffinity", makePod().affinity(affinity2).obj());
    expect(
      Array.isArray(got) ? got.map((s) => s.score) : got.message(),
      `NodeAffinity.Score ${DOCS}: node1 matches the weight-2 term, node5 all three (2 + 4 + 5 = 11), node2 the weight-4 term; normalized to the best, 11: [18, 100, 36]. ` +
        `Upstream case "all nodes matches the preferred scheduling requirements of pod but with different priorities"`,
    ).toEqual([18, 100, 36]);
  });
});

describe("plugged into the scheduler: a 20-node cluster with zones, CPU generations, spot and GPU nodes", () => {
  // Nodes 0..14 are in zones a, b, c; nodes 15..19 ("edge") have no zone label. cpu-generation
  // cycles through 8, 9, 10, 11; every 4th node is spot; every 5th has a GPU.
  const twentyNodes = () =>
    Array.from({ length: 20 }, (_, i) => {
      const w = makeNode().name(i < 15 ? `node-${i}` : `edge-${i}`).capacity({ cpu: "8", memory: "32Gi" }).label("cpu-generation", String(8 + (i % 4)));
      if (i < 15) w.label(LabelTopologyZone, ["a", "b", "c"][i % 3]!);
      if (i % 4 === 0) w.label("spot", "true");
      if (i % 5 === 0) w.label("gpu", "nvidia");
      return w.obj();
    });
  const withRequired = (name: string, ...exprs: NodeSelectorRequirement[]) => makePod().name(name).req({ cpu: "500m", memory: "1Gi" }).nodeAffinity(...exprs).obj();

  it("every pod lands on a node that satisfies its required node affinity, and the impossible one says why it waits", { meta: { weight: 3.5 } }, () => {
    const c = cluster(twentyNodes(), { seed: 2 });
    const deployments: Array<{ name: string; exprs: NodeSelectorRequirement[]; ok: (l: (k: string) => string | undefined) => boolean; rule: string }> = [
      { name: "zonal", exprs: [{ key: LabelTopologyZone, operator: "In", values: ["a", "b"] }], ok: (l) => ["a", "b"].includes(l(LabelTopologyZone) ?? ""), rule: "zone In [a, b]" },
      { name: "edge", exprs: [{ key: LabelTopologyZone, operator: "NotIn", values: ["a", "b", "c"] }], ok: (l) => l(LabelTopologyZone) === undefined, rule: "zone NotIn [a, b, c]: only the edge nodes, which have no zone label" },
      { name: "modern", exprs: [{ key: "cpu-generation", operator: "Gt", values: ["9"] }], ok: (l) => Number(l("cpu-generation")) > 9, rule: "cpu-generation Gt 9, as integers: 10 and 11" },
      { name: "on-demand", exprs: [{ key: "spot", operator: "DoesNotExist" }], ok: (l) => l("spot") === undefined, rule: "spot DoesNotExist" },
      { name: "ml", exprs: [{ key: "gpu", operator: "Exists" }, { key: LabelTopologyZone, operator: "In", values: ["a", "c"] }], ok: (l) => l("gpu") !== undefined && ["a", "c"].includes(l(LabelTopologyZone) ?? ""), rule: "gpu Exists AND zone In [a, c]" },
    ];
    for (const d of deployments) for (let i = 0; i < 4; i++) c.addPod(withRequired(`${d.name}-${i}`, ...d.exprs));
    c.addPod(withRequired("nowhere", { key: "cpu-generation", operator: "Lt", values: ["8"] }));
    const results = c.scheduleAll();
    for (const d of deployments) {
      for (let i = 0; i < 4; i++) {
        const node = nodeOf(c, `${d.name}-${i}`);
        expect(node !== undefined && d.ok((k) => labelOf(c, node, k)), `${d.rule} ${DOCS}: ${d.name}-${i} must run on a node that satisfies it; it is on ${node ?? "no node"}. ${failures(results)}`).toBe(true);
      }
    }
    const nowhere = results.find((r) => r.pod === "default/nowhere");
    expect(
      nowhere?.message?.startsWith(`0/20 nodes are available: 20 ${ErrReasonPod}.`),
      `Lt ${DOCS}: no node has a cpu-generation below 8, so "nowhere" must stay pending with "20 ${ErrReasonPod}"; got ${nowhere?.outcome}: ${nowhere?.nodeName ?? nowhere?.message}`,
    ).toBe(true);
  });

  it("pods with a preferred term go to the nodes that match it while those have room", { meta: { weight: 1.5 } }, () => {
    const c = cluster(twentyNodes(), { seed: 4 });
    const preferZoneC: Affinity = {
      nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, preference: { matchExpressions: [{ key: LabelTopologyZone, operator: "NotIn", values: ["a", "b"] }, { key: "cpu-generation", operator: "Lt", values: ["10"] }] } }] },
    };
    for (let i = 0; i < 8; i++) c.addPod(makePod().name(`batch-${i}`).req({ cpu: "500m", memory: "1Gi" }).affinity(preferZoneC).obj());
    const results = c.scheduleAll();
    expect(failures(results)).toBe("");
    for (let i = 0; i < 8; i++) {
      const node = nodeOf(c, `batch-${i}`);
      const zone = labelOf(c, node, LabelTopologyZone);
      const gen = Number(labelOf(c, node, "cpu-generation"));
      expect(
        zone !== "a" && zone !== "b" && gen < 10,
        `NodeAffinity.Score (weight 2) ${DOCS}: batch-${i} prefers (zone NotIn [a, b]) AND (cpu-generation Lt 10); nodes that match score 100 for it, the others 0, so it should be on one (zone c or edge, generation 8 or 9); it is on ${node} (zone ${zone ?? "none"}, generation ${gen})`,
      ).toBe(true);
    }
  });
});
