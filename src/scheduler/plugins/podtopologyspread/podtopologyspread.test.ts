// Filter cases reproduced from upstream
// pkg/scheduler/framework/plugins/podtopologyspread/filtering_test.go (TestSingleConstraint,
// TestMultipleConstraints). Scoring cases check scoring.go's formula on small clusters.
import { describe, expect, it } from "vitest";
import type { Node, Pod } from "kubernetes-types/core/v1";
import { Code, codeName } from "../../framework/status";
import { filterNode, harness, scoreAll } from "../../testing/harness";
import { exists, makeNode, makePod } from "../../testing/wrappers";

const N = (name: string, zone?: string) => {
  const w = makeNode().name(name).label("node", name);
  if (zone) w.label("zone", zone);
  return w.obj();
};
const fourNodes = () => [N("node-a", "zone1"), N("node-b", "zone1"), N("node-x", "zone2"), N("node-y", "zone2")];
const P = (name: string, node: string, label = "foo") => makePod().name(name).node(node).label(label, "").obj();
const spread2103 = () => [P("p-a1", "node-a"), P("p-a2", "node-a"), P("p-b1", "node-b"), P("p-y1", "node-y"), P("p-y2", "node-y"), P("p-y3", "node-y")];

function codes(pod: Pod, nodes: Node[], pods: Pod[]): Record<string, string> {
  const h = harness(nodes, pods);
  const out: Record<string, string> = {};
  for (const n of nodes) {
    const name = n.metadata!.name!;
    const s = filterNode(h, "PodTopologySpread", pod, name);
    out[name] = codeName(s?.code ?? Code.Success);
  }
  return out;
}

describe("PodTopologySpread filter (TestSingleConstraint)", () => {
  const S = "Success", U = "Unschedulable", UU = "UnschedulableAndUnresolvable";
  const zoneSpread = (label = "foo") => makePod().name("p").label("foo", "").spreadConstraint(1, "zone", "DoNotSchedule", exists(label)).obj();
  const nodeSpread = (maxSkew = 1, podLabel = "foo") => makePod().name("p").label(podLabel, "").spreadConstraint(maxSkew, "node", "DoNotSchedule", exists("foo")).obj();
  const cases: Array<{ name: string; pod: Pod; nodes: Node[]; pods: Pod[]; want: Record<string, string> }> = [
    { name: "no existing pods", pod: zoneSpread(), nodes: fourNodes(), pods: [], want: { "node-a": S, "node-b": S, "node-x": S, "node-y": S } },
    { name: "no existing pods, incoming pod doesn't match itself", pod: zoneSpread("bar"), nodes: fourNodes(), pods: [], want: { "node-a": S, "node-b": S, "node-x": S, "node-y": S } },
    {
      name: "existing pods in a different namespace do not count", pod: zoneSpread(), nodes: fourNodes(),
      pods: [makePod().name("p-a1").namespace("ns1").node("node-a").label("foo", "").obj(), makePod().name("p-b1").namespace("ns2").node("node-a").label("foo", "").obj(), P("p-x1", "node-x"), P("p-y1", "node-y")],
      want: { "node-a": S, "node-b": S, "node-x": U, "node-y": U },
    },
    {
      name: "pods spread across zones as 3/3, all nodes fit", pod: zoneSpread(), nodes: fourNodes(),
      pods: [P("p-a1", "node-a"), P("p-a2", "node-a"), P("p-b1", "node-b"), P("p-y1", "node-y"), P("p-y2", "node-y"), P("p-y3", "node-y")],
      want: { "node-a": S, "node-b": S, "node-x": S, "node-y": S },
    },
    {
      name: "pods spread across zones as 1/2 due to absence of label 'zone' on node-b", pod: zoneSpread(),
      nodes: [N("node-a", "zone1"), makeNode().name("node-b").label("zon", "zone1").label("node", "node-b").obj(), N("node-x", "zone2"), N("node-y", "zone2")],
      pods: [P("p-a1", "node-a"), P("p-b1", "node-b"), P("p-x1", "node-x"), P("p-y1", "node-y")],
      want: { "node-a": S, "node-b": UU, "node-x": U, "node-y": U },
    },
    {
      name: "pod cannot be scheduled as all nodes don't have label 'rack'",
      pod: makePod().name("p").label("foo", "").spreadConstraint(1, "rack", "DoNotSchedule", exists("foo")).obj(),
      nodes: [N("node-a", "zone1"), N("node-x", "zone2")], pods: [], want: { "node-a": UU, "node-x": UU },
    },
    { name: "pods spread across nodes as 2/1/0/3, only node-x fits", pod: nodeSpread(), nodes: fourNodes(), pods: spread2103(), want: { "node-a": U, "node-b": U, "node-x": S, "node-y": U } },
    { name: "pods spread across nodes as 2/1/0/3, maxSkew is 2, node-b and node-x fit", pod: nodeSpread(2), nodes: fourNodes(), pods: spread2103(), want: { "node-a": U, "node-b": S, "node-x": S, "node-y": U } },
    { name: "pods spread across nodes as 2/1/0/3, but pod doesn't match itself", pod: nodeSpread(1, "bar"), nodes: fourNodes(), pods: spread2103(), want: { "node-a": U, "node-b": S, "node-x": S, "node-y": U } },
    {
      name: "incoming pod has nodeAffinity, pods spread as 2/~1~/~0~/3, hence node-a fits",
      pod: makePod().name("p").label("foo", "").nodeAffinity({ key: "node", operator: "In", values: ["node-a", "node-y"] }).spreadConstraint(1, "node", "DoNotSchedule", exists("foo")).obj(),
      nodes: fourNodes(), pods: spread2103(), want: { "node-a": S, "node-b": S, "node-x": S, "node-y": U },
    },
    {
      name: "terminating Pods should be excluded", pod: nodeSpread(),
      nodes: [makeNode().name("node-a").label("node", "node-a").obj(), makeNode().name("node-b").label("node", "node-b").obj()],
      pods: [makePod().name("p-a").node("node-a").label("foo", "").terminating().obj(), P("p-b", "node-b")],
      want: { "node-a": S, "node-b": U },
    },
  ];
  for (const c of cases) it(c.name, () => expect(codes(c.pod, c.nodes, c.pods)).toEqual(c.want));

  it("says why in upstream's words", () => {
    const h = harness(fourNodes(), spread2103());
    expect(filterNode(h, "PodTopologySpread", nodeSpread(), "node-a")?.reasons).toEqual(["node(s) didn't match pod topology spread constraints"]);
    const noRack = makePod().label("foo", "").spreadConstraint(1, "rack", "DoNotSchedule", exists("foo")).obj();
    expect(filterNode(h, "PodTopologySpread", noRack, "node-a")?.reasons).toEqual(["node(s) didn't match pod topology spread constraints (missing required label)"]);
  });
});

describe("PodTopologySpread filter (TestMultipleConstraints)", () => {
  it("two Constraints on zone and node, spreads = [3/3, 2/1/0/3]", () => {
    const pod = makePod().name("p").label("foo", "").spreadConstraint(1, "zone", "DoNotSchedule", exists("foo")).spreadConstraint(1, "node", "DoNotSchedule", exists("foo")).obj();
    expect(codes(pod, fourNodes(), spread2103())).toEqual({ "node-a": "Unschedulable", "node-b": "Unschedulable", "node-x": "Success", "node-y": "Unschedulable" });
  });
});

describe("PodTopologySpread score (scoring.go)", () => {
  it("gives the emptiest domain the highest score: 100 × (max + min − score) / max", () => {
    const pod = makePod().name("p").label("foo", "").spreadConstraint(1, "node", "ScheduleAnyway", exists("foo")).obj();
    const got = scoreAll(harness(fourNodes(), spread2103()), "PodTopologySpread", pod);
    // weight log(4 + 2); raw = round(count × 1.79): a 2 → 4, b 1 → 2, x 0 → 0, y 3 → 5
    // normalized: 100 × (5 + 0 − raw) / 5
    expect(Array.isArray(got) && got.map((s) => [s.name, s.score])).toEqual([["node-a", 20], ["node-b", 60], ["node-x", 100], ["node-y", 0]]);
  });
  it("skips pods without constraints that no workload selects (no system default selector)", () => {
    const got = scoreAll(harness(fourNodes()), "PodTopologySpread", makePod().obj());
    expect(!Array.isArray(got) && got.code).toBe(Code.Skip);
  });
});
