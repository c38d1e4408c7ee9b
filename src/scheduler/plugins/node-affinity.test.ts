// Table cases reproduced from upstream
// pkg/scheduler/framework/plugins/nodeaffinity/node_affinity_test.go (TestNodeAffinity,
// TestNodeAffinityPriority); the Lt and DoesNotExist cases complete the operator set.
import { describe, expect, it } from "vitest";
import type { Affinity, NodeSelectorTerm, Pod } from "kubernetes-types/core/v1";
import { CycleState } from "../framework/cycle-state";
import { Code } from "../framework/status";
import { filterNode, harness, scoreAll } from "../testing/harness";
import { makeNode, makePod } from "../testing/wrappers";
import { ErrReasonPod, type NodeAffinity } from "./node-affinity";

const required = (...terms: NodeSelectorTerm[]): Pod => makePod().affinity({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } }).obj();
const run = (pod: Pod, labels: Record<string, string>, nodeName = "node1") => {
  const w = makeNode().name(nodeName);
  for (const [k, v] of Object.entries(labels)) w.label(k, v);
  return filterNode(harness([w.obj()]), "NodeAffinity", pod, nodeName);
};

describe("NodeAffinity filter (TestNodeAffinity)", () => {
  const cases: Array<{ name: string; pod: Pod; labels: Record<string, string>; nodeName?: string; fits: boolean }> = [
    { name: "missing labels", pod: makePod().nodeSelector({ foo: "bar" }).obj(), labels: {}, fits: false },
    { name: "same labels", pod: makePod().nodeSelector({ foo: "bar" }).obj(), labels: { foo: "bar" }, fits: true },
    { name: "node labels are superset", pod: makePod().nodeSelector({ foo: "bar" }).obj(), labels: { foo: "bar", baz: "blah" }, fits: true },
    { name: "node labels are subset", pod: makePod().nodeSelector({ foo: "bar", baz: "blah" }).obj(), labels: { foo: "bar" }, fits: false },
    { name: "Pod with matchExpressions using In operator that matches the existing node", pod: required({ matchExpressions: [{ key: "foo", operator: "In", values: ["bar", "value2"] }] }), labels: { foo: "bar" }, fits: true },
    { name: "Pod with matchExpressions using Gt operator that matches the existing node", pod: required({ matchExpressions: [{ key: "kernel-version", operator: "Gt", values: ["0204"] }] }), labels: { "kernel-version": "0206" }, fits: true },
    { name: "Pod with matchExpressions using Lt operator that does not match a larger label value", pod: required({ matchExpressions: [{ key: "kernel-version", operator: "Lt", values: ["0204"] }] }), labels: { "kernel-version": "0206" }, fits: false },
    { name: "Pod with matchExpressions using NotIn operator that matches the existing node", pod: required({ matchExpressions: [{ key: "mem-type", operator: "NotIn", values: ["DDR", "DDR2"] }] }), labels: { "mem-type": "DDR3" }, fits: true },
    { name: "Pod with matchExpressions using Exists operator that matches the existing node", pod: required({ matchExpressions: [{ key: "GPU", operator: "Exists" }] }), labels: { GPU: "NVIDIA-GRID-K1" }, fits: true },
    { name: "Pod with matchExpressions using DoesNotExist operator that rejects a node with the label", pod: required({ matchExpressions: [{ key: "GPU", operator: "DoesNotExist" }] }), labels: { GPU: "NVIDIA-GRID-K1" }, fits: false },
    { name: "Pod with affinity that don't match node's labels won't schedule onto the node", pod: required({ matchExpressions: [{ key: "foo", operator: "In", values: ["value1", "value2"] }] }), labels: { foo: "bar" }, fits: false },
    { name: "Pod with empty MatchExpressions is not a valid value will match no objects and won't schedule onto the node", pod: required({ matchExpressions: [] }), labels: { foo: "bar" }, fits: false },
    { name: "Pod with no Affinity will schedule onto a node", pod: makePod().obj(), labels: { foo: "bar" }, fits: true },
    { name: "Pod with Affinity but nil NodeSelector will schedule onto a node", pod: makePod().affinity({ nodeAffinity: {} }).obj(), labels: { foo: "bar" }, fits: true },
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
    {
      name: "Pod with an Affinity matches node's labels but the PodSpec.NodeSelector(the old thing that we are deprecating) is not satisfied, won't schedule onto the node",
      pod: (() => { const p = required({ matchExpressions: [{ key: "foo", operator: "Exists" }] }); p.spec!.nodeSelector = { foo: "bar" }; return p; })(),
      labels: { foo: "barrrrrr" }, fits: false,
    },
    { name: "Pod with an invalid value in Affinity term won't be scheduled onto the node", pod: required({ matchExpressions: [{ key: "foo", operator: "NotIn", values: ["invalid value: ___@#$%^"] }] }), labels: { foo: "bar" }, fits: false },
    { name: "Pod with matchFields using In operator that matches the existing node", pod: required({ matchFields: [{ key: "metadata.name", operator: "In", values: ["node1"] }] }), labels: {}, nodeName: "node1", fits: true },
    { name: "Pod with matchFields using In operator that does not match the existing node", pod: required({ matchFields: [{ key: "metadata.name", operator: "In", values: ["node1"] }] }), labels: {}, nodeName: "node2", fits: false },
    {
      name: "Pod with two terms: matchFields does not match, but matchExpressions matches",
      pod: required({ matchFields: [{ key: "metadata.name", operator: "In", values: ["node1"] }] }, { matchExpressions: [{ key: "foo", operator: "In", values: ["bar"] }] }),
      labels: { foo: "bar" }, nodeName: "node2", fits: true,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const s = run(c.pod, c.labels, c.nodeName);
      if (c.fits) expect(s).toBeNull();
      else {
        expect(s?.code).toBe(Code.UnschedulableAndUnresolvable);
        expect(s?.reasons).toEqual([ErrReasonPod]);
      }
    });
  }

  it("narrows the nodes to filter with a PreFilterResult for matchFields metadata.name In", () => {
    const h = harness([makeNode().name("node1").obj(), makeNode().name("node2").obj()]);
    const r = h.fwk.plugin<NodeAffinity>("NodeAffinity")!.preFilter(new CycleState(), required({ matchFields: [{ key: "metadata.name", operator: "In", values: ["node1"] }] }));
    expect(r && "kind" in r ? [...(r.nodeNames ?? [])] : r).toEqual(["node1"]);
  });
});

describe("NodeAffinity score (TestNodeAffinityPriority)", () => {
  const label1 = { foo: "bar" };
  const label2 = { key: "value" };
  const label3 = { az: "az1" };
  const label4 = { abc: "az11", def: "az22" };
  const label5 = { foo: "bar", key: "value", az: "az1" };
  const pref = (weight: number, exprs: Array<[string, string]>) => ({
    weight, preference: { matchExpressions: exprs.map(([key, v]) => ({ key, operator: "In", values: [v] })) },
  });
  const affinity1: Affinity = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [pref(2, [["foo", "bar"]])] } };
  const affinity2: Affinity = {
    nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [pref(2, [["foo", "bar"]]), pref(4, [["key", "value"]]), pref(5, [["foo", "bar"], ["key", "value"], ["az", "az1"]])] },
  };
  const nodes = (...ls: Array<[string, Record<string, string>]>) => ls.map(([n, l]) => {
    const w = makeNode().name(n);
    for (const [k, v] of Object.entries(l)) w.label(k, v);
    return w.obj();
  });
  const cases = [
    { name: "all nodes are same priority as NodeAffinity is nil", pod: makePod().obj(), nodes: nodes(["node1", label1], ["node2", label2], ["node3", label3]), want: [0, 0, 0], skip: true },
    { name: "no node matches preferred scheduling requirements in NodeAffinity of pod so all nodes' priority is zero", pod: makePod().affinity(affinity1).obj(), nodes: nodes(["node1", label4], ["node2", label2], ["node3", label3]), want: [0, 0, 0] },
    { name: "only node1 matches the preferred scheduling requirements of pod", pod: makePod().affinity(affinity1).obj(), nodes: nodes(["node1", label1], ["node2", label2], ["node3", label3]), want: [100, 0, 0] },
    { name: "all nodes matches the preferred scheduling requirements of pod but with different priorities ", pod: makePod().affinity(affinity2).obj(), nodes: nodes(["node1", label1], ["node5", label5], ["node2", label2]), want: [18, 100, 36] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const h = harness(c.nodes);
      const got = scoreAll(h, "NodeAffinity", c.pod, !c.skip);
      expect(Array.isArray(got) && got.map((s) => s.score)).toEqual(c.want);
    });
  }
  it("Skip is returned in PreScore when NodeAffinity is nil", () => {
    const got = scoreAll(harness(nodes(["node1", label1])), "NodeAffinity", makePod().obj());
    expect(!Array.isArray(got) && got.code).toBe(Code.Skip);
  });
  it("added affinity and pod has default affinity", () => {
    const h = harness(nodes(["node1", label1], ["node2", label2], ["node3", label5]), [], [
      { name: "NodeAffinity", args: { addedAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [pref(3, [["key", "value"]])] } } },
    ]);
    const got = scoreAll(h, "NodeAffinity", makePod().affinity(affinity1).obj());
    expect(Array.isArray(got) && got.map((s) => s.score)).toEqual([40, 60, 100]);
  });
});
