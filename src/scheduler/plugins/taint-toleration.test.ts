// Table cases reproduced from upstream
// pkg/scheduler/framework/plugins/tainttoleration/taint_toleration_test.go
// (TestTaintTolerationScore, TestTaintTolerationFilter). The filter reason is the current one,
// "node(s) had untolerated taint(s)"; the stored test version still expects the older
// "node(s) had untolerated taint {dedicated: user1}".
import { describe, expect, it } from "vitest";
import type { Taint, Toleration } from "kubernetes-types/core/v1";
import { Code } from "../framework/status";
import { filterNode, harness, scoreAll } from "../testing/harness";
import { makeNode, makePod } from "../testing/wrappers";
import { ErrReasonNotMatch } from "./taint-toleration";

const nodeWithTaints = (name: string, taints: Taint[]) => {
  const w = makeNode().name(name);
  for (const t of taints) w.taint(t);
  return w.obj();
};
const podWithTolerations = (tolerations: Toleration[]) => {
  const w = makePod().name("pod1");
  for (const t of tolerations) w.toleration(t);
  return w.obj();
};
const P = "PreferNoSchedule";

describe("TaintToleration score (TestTaintTolerationScore)", () => {
  const cases = [
    {
      name: "node with taints tolerated by the pod, gets a higher score than those node with intolerable taints",
      pod: podWithTolerations([{ key: "foo", operator: "Equal", value: "bar", effect: P }]),
      nodes: [nodeWithTaints("nodeA", [{ key: "foo", value: "bar", effect: P }]), nodeWithTaints("nodeB", [{ key: "foo", value: "blah", effect: P }])],
      want: [100, 0],
    },
    {
      name: "the nodes that all of their taints are tolerated by the pod, get the same score, no matter how many tolerable taints a node has",
      pod: podWithTolerations([{ key: "cpu-type", operator: "Equal", value: "arm64", effect: P }, { key: "disk-type", operator: "Equal", value: "ssd", effect: P }]),
      nodes: [
        nodeWithTaints("nodeA", []),
        nodeWithTaints("nodeB", [{ key: "cpu-type", value: "arm64", effect: P }]),
        nodeWithTaints("nodeC", [{ key: "cpu-type", value: "arm64", effect: P }, { key: "disk-type", value: "ssd", effect: P }]),
      ],
      want: [100, 100, 100],
    },
    {
      name: "the more intolerable taints a node has, the lower score it gets.",
      pod: podWithTolerations([{ key: "foo", operator: "Equal", value: "bar", effect: P }]),
      nodes: [
        nodeWithTaints("nodeA", []),
        nodeWithTaints("nodeB", [{ key: "cpu-type", value: "arm64", effect: P }]),
        nodeWithTaints("nodeC", [{ key: "cpu-type", value: "arm64", effect: P }, { key: "disk-type", value: "ssd", effect: P }]),
      ],
      want: [100, 50, 0],
    },
    {
      name: "only taints and tolerations that have effect PreferNoSchedule are checked by taints-tolerations priority function",
      pod: podWithTolerations([{ key: "cpu-type", operator: "Equal", value: "arm64", effect: "NoSchedule" }, { key: "disk-type", operator: "Equal", value: "ssd", effect: "NoSchedule" }]),
      nodes: [
        nodeWithTaints("nodeA", []),
        nodeWithTaints("nodeB", [{ key: "cpu-type", value: "arm64", effect: "NoSchedule" }]),
        nodeWithTaints("nodeC", [{ key: "cpu-type", value: "arm64", effect: P }, { key: "disk-type", value: "ssd", effect: P }]),
      ],
      want: [100, 100, 0],
    },
    {
      name: "Default behaviour No taints and tolerations, lands on node with no taints",
      pod: podWithTolerations([]),
      nodes: [nodeWithTaints("nodeA", []), nodeWithTaints("nodeB", [{ key: "cpu-type", value: "arm64", effect: P }])],
      want: [100, 0],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = scoreAll(harness(c.nodes), "TaintToleration", c.pod);
      expect(Array.isArray(got) && got.map((s) => s.score)).toEqual(c.want);
    });
  }
});

describe("TaintToleration filter (TestTaintTolerationFilter)", () => {
  const cases: Array<{ name: string; pod: ReturnType<typeof podWithTolerations>; node: ReturnType<typeof nodeWithTaints>; rejected: boolean }> = [
    { name: "A pod having no tolerations can't be scheduled onto a node with nonempty taints", pod: podWithTolerations([]), node: nodeWithTaints("nodeA", [{ key: "dedicated", value: "user1", effect: "NoSchedule" }]), rejected: true },
    { name: "A pod which can be scheduled on a dedicated node assigned to user1 with effect NoSchedule", pod: podWithTolerations([{ key: "dedicated", value: "user1", effect: "NoSchedule" }]), node: nodeWithTaints("nodeA", [{ key: "dedicated", value: "user1", effect: "NoSchedule" }]), rejected: false },
    { name: "A pod which can't be scheduled on a dedicated node assigned to user2 with effect NoSchedule", pod: podWithTolerations([{ key: "dedicated", operator: "Equal", value: "user2", effect: "NoSchedule" }]), node: nodeWithTaints("nodeA", [{ key: "dedicated", value: "user1", effect: "NoSchedule" }]), rejected: true },
    { name: "A pod can be scheduled onto the node, with a toleration uses operator Exists that tolerates the taints on the node", pod: podWithTolerations([{ key: "foo", operator: "Exists", effect: "NoSchedule" }]), node: nodeWithTaints("nodeA", [{ key: "foo", value: "bar", effect: "NoSchedule" }]), rejected: false },
    {
      name: "A pod has multiple tolerations, node has multiple taints, all the taints are tolerated, pod can be scheduled onto the node",
      pod: podWithTolerations([{ key: "dedicated", operator: "Equal", value: "user2", effect: "NoSchedule" }, { key: "foo", operator: "Exists", effect: "NoSchedule" }]),
      node: nodeWithTaints("nodeA", [{ key: "dedicated", value: "user2", effect: "NoSchedule" }, { key: "foo", value: "bar", effect: "NoSchedule" }]),
      rejected: false,
    },
    { name: "A pod has a toleration that keys and values match the taint on the node, but (non-empty) effect doesn't match, can't be scheduled onto the node", pod: podWithTolerations([{ key: "foo", operator: "Equal", value: "bar", effect: P }]), node: nodeWithTaints("nodeA", [{ key: "foo", value: "bar", effect: "NoSchedule" }]), rejected: true },
    { name: "The pod has a toleration that keys and values match the taint on the node, the effect of toleration is empty, and the effect of taint is NoSchedule. Pod can be scheduled onto the node", pod: podWithTolerations([{ key: "foo", operator: "Equal", value: "bar" }]), node: nodeWithTaints("nodeA", [{ key: "foo", value: "bar", effect: "NoSchedule" }]), rejected: false },
    { name: "The pod has a toleration that key and value don't match the taint on the node, but the effect of taint on node is PreferNoSchedule. Pod can be scheduled onto the node", pod: podWithTolerations([{ key: "dedicated", operator: "Equal", value: "user2", effect: "NoSchedule" }]), node: nodeWithTaints("nodeA", [{ key: "dedicated", value: "user1", effect: P }]), rejected: false },
    { name: "The pod has no toleration, but the effect of taint on node is PreferNoSchedule. Pod can be scheduled onto the node", pod: podWithTolerations([]), node: nodeWithTaints("nodeA", [{ key: "dedicated", value: "user1", effect: P }]), rejected: false },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const s = filterNode(harness([c.node]), "TaintToleration", c.pod, "nodeA");
      if (c.rejected) {
        expect(s?.code).toBe(Code.UnschedulableAndUnresolvable);
        expect(s?.reasons).toEqual([ErrReasonNotMatch]);
      } else {
        expect(s).toBeNull();
      }
    });
  }
});
