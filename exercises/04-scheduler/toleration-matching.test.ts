// Graded tests for the exercise "toleration-matching" (chapter 04-scheduler, 10 points). Each
// test's weight is the points it is worth (they add up to 10); see tools/exercises/points.ts.
// `@exercise/...` is your exercises/ file; the grader also runs these tests against the reference
// solution and the untouched stub (tools/exercises/README.md). Each test is a sentence; its
// failure message names the rule that was broken and where to read about it.
//
// Your `toleratesTaint` is plugged into the real scheduler: vi.mock below replaces
// src/scheduler/plugins/helper/toleration.ts, which TaintToleration (Filter and Score),
// NodeUnschedulable and PodTopologySpread call through helper/taints.ts. Upstream's table cases
// then run, through the real plugin too, and a 20-node cluster is scheduled.
import { describe, expect, it, vi } from "vitest";
import type { Taint, Toleration } from "kubernetes-types/core/v1";
import * as learner from "@exercise/04-scheduler/toleration-matching";
import { Code } from "../../src/scheduler/framework/status";
import { filterNode, harness } from "../../src/scheduler/testing/harness";
import { ErrReasonNotMatch } from "../../src/scheduler/plugins/taint-toleration";
import { cluster, failures, makeNode, makePod, nodeOf, nodes, pod } from "./support/cluster";

const { toleratesTaint } = learner;

vi.mock("../../src/scheduler/plugins/helper/toleration", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../src/scheduler/plugins/helper/toleration")>()),
  toleratesTaint: (t: Toleration, taint: Taint) => learner.toleratesTaint(t, taint),
}));

const show = (x: Toleration | Taint): string => JSON.stringify(x);
const RULE = "Toleration.ToleratesTaint (k8s.io/api/core/v1/toleration.go; docs 'Taints and Tolerations')";

describe("one toleration against one taint: upstream's table (k8s.io/api/core/v1/toleration_test.go, TestTolerationToleratesTaint)", () => {
  const cases: Array<{ description: string; toleration: Toleration; taint: Taint; expectTolerated: boolean }> = [
    {
      description: "toleration and taint have the same key and effect, and operator is Exists, and taint has no value, expect tolerated",
      toleration: { key: "foo", operator: "Exists", effect: "NoSchedule" }, taint: { key: "foo", effect: "NoSchedule" }, expectTolerated: true,
    },
    {
      description: "toleration and taint have the same key and effect, and operator is Exists, and taint has some value, expect tolerated",
      toleration: { key: "foo", operator: "Exists", effect: "NoSchedule" }, taint: { key: "foo", value: "bar", effect: "NoSchedule" }, expectTolerated: true,
    },
    {
      description: "toleration and taint have the same effect, toleration has empty key and operator is Exists, means match all taints, expect tolerated",
      toleration: { key: "", operator: "Exists", effect: "NoSchedule" }, taint: { key: "foo", value: "bar", effect: "NoSchedule" }, expectTolerated: true,
    },
    {
      description: "toleration and taint have the same key, effect and value, and operator is Equal, expect tolerated",
      toleration: { key: "foo", operator: "Equal", value: "bar", effect: "NoSchedule" }, taint: { key: "foo", value: "bar", effect: "NoSchedule" }, expectTolerated: true,
    },
    {
      description: "toleration and taint have the same key and effect, but different values, and operator is Equal, expect not tolerated",
      toleration: { key: "foo", operator: "Equal", value: "value1", effect: "NoSchedule" }, taint: { key: "foo", value: "value2", effect: "NoSchedule" }, expectTolerated: false,
    },
    {
      description: "toleration and taint have the same key and value, but different effects, and operator is Equal, expect not tolerated",
      toleration: { key: "foo", operator: "Equal", value: "bar", effect: "NoSchedule" }, taint: { key: "foo", value: "bar", effect: "NoExecute" }, expectTolerated: false,
    },
  ];
  for (const c of cases) {
    it(c.description, { meta: { weight: 0.5 } }, () => {
      expect(toleratesTaint(c.toleration, c.taint), `${RULE}: toleration ${show(c.toleration)} against taint ${show(c.taint)}`).toBe(c.expectTolerated);
      if (!c.expectTolerated) {
        // The same toleration against the taint it was written for: only the one difference may decide.
        const written: Taint = { key: c.toleration.key ?? "", value: c.toleration.value, effect: c.toleration.effect ?? "" };
        expect(toleratesTaint(c.toleration, written), `${RULE}: ${show(c.toleration)} tolerates ${show(written)}, the taint it was written for`).toBe(true);
      }
    });
  }
});

describe("the empty fields and the operators", () => {
  it("a toleration without an effect matches the taint's key and value under every effect", { meta: { weight: 1 } }, () => {
    const t: Toleration = { key: "dedicated", operator: "Equal", value: "infra" };
    for (const effect of ["NoSchedule", "PreferNoSchedule", "NoExecute"]) {
      const taint = { key: "dedicated", value: "infra", effect };
      expect(toleratesTaint(t, taint), `${RULE}: "Empty [effect] means match all taint effects": ${show(t)} tolerates ${show(taint)}`).toBe(true);
    }
    const other = { key: "dedicated", value: "gpu", effect: "NoSchedule" };
    expect(toleratesTaint(t, other), `${RULE}: an empty effect matches every effect, but the value must still be equal: ${show(t)} does not tolerate ${show(other)}`).toBe(false);
    const everything: Toleration = { operator: "Exists" };
    for (const taint of [{ key: "a", value: "1", effect: "NoExecute" }, { key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" }]) {
      expect(toleratesTaint(everything, taint), `${RULE}: operator Exists with no key and no effect tolerates every taint, ${show(taint)} included`).toBe(true);
    }
  });

  it("no operator means Equal, and a missing value equals the empty one", { meta: { weight: 1 } }, () => {
    const noOperator: Toleration = { key: "foo", value: "bar", effect: "NoSchedule" };
    expect(toleratesTaint(noOperator, { key: "foo", value: "bar", effect: "NoSchedule" }), `${RULE}: "Operator ... Defaults to Equal": equal values tolerate`).toBe(true);
    expect(
      toleratesTaint(noOperator, { key: "foo", value: "baz", effect: "NoSchedule" }),
      `${RULE}: with no operator the values are compared as for Equal; "bar" is not "baz", so a missing operator must not behave like Exists`,
    ).toBe(false);
    expect(
      toleratesTaint({ key: "foo", operator: "Equal", effect: "NoSchedule" }, { key: "foo", value: "", effect: "NoSchedule" }),
      `${RULE}: a toleration with no value and a taint with value "" are equal (Go's empty string)`,
    ).toBe(true);
    expect(
      toleratesTaint({ key: "foo", operator: "Equal", value: "", effect: "NoSchedule" }, { key: "foo", effect: "NoSchedule" }),
      `${RULE}: a toleration with value "" and a taint with no value are equal too`,
    ).toBe(true);
  });

  it("a toleration with a key only matches taints with that key, and an unknown operator matches nothing", { meta: { weight: 1 } }, () => {
    expect(
      toleratesTaint({ key: "foo", operator: "Exists", effect: "NoSchedule" }, { key: "foo", value: "x", effect: "NoSchedule" }),
      `${RULE}: a toleration for key "foo" with operator Exists tolerates a taint "foo" whatever its value`,
    ).toBe(true);
    expect(
      toleratesTaint({ key: "foo", operator: "Exists", effect: "NoSchedule" }, { key: "bar", value: "x", effect: "NoSchedule" }),
      `${RULE}: operator Exists ignores the VALUE, not the key: a toleration for "foo" does not tolerate a taint "bar"`,
    ).toBe(false);
    expect(
      toleratesTaint({ key: "foo", operator: "Equal", value: "bar", effect: "NoSchedule" }, { key: "other", value: "bar", effect: "NoSchedule" }),
      `${RULE}: with operator Equal the keys must match as well as the values`,
    ).toBe(false);
    expect(
      toleratesTaint({ key: "foo", operator: "In", value: "bar", effect: "NoSchedule" }, { key: "foo", value: "bar", effect: "NoSchedule" }),
      `${RULE}: only Equal and Exists are operators here ("default: return false"); "In" tolerates nothing`,
    ).toBe(false);
  });
});

describe("plugged into TaintToleration's Filter: upstream's table (tainttoleration/taint_toleration_test.go, TestTaintTolerationFilter)", () => {
  const nodeWithTaints = (taints: Taint[]) => {
    const w = makeNode().name("nodeA");
    for (const t of taints) w.taint(t);
    return w.obj();
  };
  const podWithTolerations = (tolerations: Toleration[]) => {
    const w = makePod().name("pod1");
    for (const t of tolerations) w.toleration(t);
    return w.obj();
  };
  const cases = [
    { name: "A pod having no tolerations can't be scheduled onto a node with nonempty taints", tolerations: [], taints: [{ key: "dedicated", value: "user1", effect: "NoSchedule" }], rejected: true },
    { name: "A pod which can be scheduled on a dedicated node assigned to user1 with effect NoSchedule", tolerations: [{ key: "dedicated", value: "user1", effect: "NoSchedule" }], taints: [{ key: "dedicated", value: "user1", effect: "NoSchedule" }], rejected: false },
    { name: "A pod which can't be scheduled on a dedicated node assigned to user2 with effect NoSchedule", tolerations: [{ key: "dedicated", operator: "Equal", value: "user2", effect: "NoSchedule" }], taints: [{ key: "dedicated", value: "user1", effect: "NoSchedule" }], rejected: true },
    { name: "A pod can be scheduled onto the node, with a toleration uses operator Exists that tolerates the taints on the node", tolerations: [{ key: "foo", operator: "Exists", effect: "NoSchedule" }], taints: [{ key: "foo", value: "bar", effect: "NoSchedule" }], rejected: false },
    {
      name: "A pod has multiple tolerations, node has multiple taints, all the taints are tolerated, pod can be scheduled onto the node",
      tolerations: [{ key: "dedicated", operator: "Equal", value: "user2", effect: "NoSchedule" }, { key: "foo", operator: "Exists", effect: "NoSchedule" }],
      taints: [{ key: "dedicated", value: "user2", effect: "NoSchedule" }, { key: "foo", value: "bar", effect: "NoSchedule" }],
      rejected: false,
    },
    { name: "A pod has a toleration that keys and values match the taint on the node, but (non-empty) effect doesn't match, can't be scheduled onto the node", tolerations: [{ key: "foo", operator: "Equal", value: "bar", effect: "PreferNoSchedule" }], taints: [{ key: "foo", value: "bar", effect: "NoSchedule" }], rejected: true },
    { name: "The pod has a toleration that keys and values match the taint on the node, the effect of toleration is empty, and the effect of taint is NoSchedule. Pod can be scheduled onto the node", tolerations: [{ key: "foo", operator: "Equal", value: "bar" }], taints: [{ key: "foo", value: "bar", effect: "NoSchedule" }], rejected: false },
    { name: "The pod has a toleration that key and value don't match the taint on the node, but the effect of taint on node is PreferNoSchedule. Pod can be scheduled onto the node", tolerations: [{ key: "dedicated", operator: "Equal", value: "user2", effect: "NoSchedule" }], taints: [{ key: "dedicated", value: "user1", effect: "PreferNoSchedule" }], rejected: false },
  ];

  it("every case admits or rejects the pod as kube-scheduler does, with its reason", { meta: { weight: 1.5 } }, () => {
    for (const c of cases) {
      const s = filterNode(harness([nodeWithTaints(c.taints)]), "TaintToleration", podWithTolerations(c.tolerations), "nodeA");
      const verdict = s === null ? "admitted" : `${s.code === Code.UnschedulableAndUnresolvable ? "rejected" : "?"}: ${s.reasons.join("; ")}`;
      expect(verdict, `${RULE}, through TaintToleration.Filter. Upstream case "${c.name}"`).toBe(c.rejected ? `rejected: ${ErrReasonNotMatch}` : "admitted");
    }
  });
});

describe("plugged into the scheduler: a 20-node cluster with taints", () => {
  // 5 GPU nodes (NoSchedule), 5 infra nodes (NoExecute), 4 spot nodes (PreferNoSchedule), 5 plain
  // nodes and a cordoned one. The GPU and infra nodes are the only ones large enough for the ML and
  // infra pods, so those pods must tolerate their way in.
  const twentyNodes = () => [
    ...nodes(5, "gpu", { cpu: "32", memory: "128Gi" }, (w) => w.taint({ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" })),
    ...nodes(5, "infra", { cpu: "16", memory: "64Gi" }, (w) => w.taint({ key: "dedicated", value: "infra", effect: "NoExecute" })),
    ...nodes(4, "spot", { cpu: "4", memory: "16Gi" }, (w) => w.taint({ key: "cloud.example.com/spot", value: "true", effect: "PreferNoSchedule" })),
    ...nodes(5, "plain", { cpu: "4", memory: "16Gi" }),
    makeNode().name("cordoned").capacity({ cpu: "4", memory: "16Gi" }).unschedulable().taint({ key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" }).obj(),
  ];
  const kind = (node: string | undefined) => node?.replace(/-\d+$/, "") ?? "(not scheduled)";

  it("pods land only on nodes whose NoSchedule and NoExecute taints they tolerate, and pods that tolerate a taint get in", { meta: { weight: 1.5 } }, () => {
    const c = cluster(twentyNodes(), { seed: 11 });
    for (let i = 0; i < 10; i++) c.addPod(pod(`ml-${i}`, "8", "16Gi").toleration({ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }).obj());
    for (let i = 0; i < 6; i++) c.addPod(pod(`infra-${i}`, "6", "8Gi").toleration({ key: "dedicated", operator: "Equal", value: "infra" }).obj());
    for (let i = 0; i < 12; i++) c.addPod(pod(`web-${i}`).obj());
    c.addPod(pod("wrong-value", "6", "8Gi").toleration({ key: "dedicated", operator: "Equal", value: "ml" }).obj());
    c.addPod(pod("wrong-effect", "8", "16Gi").toleration({ key: "nvidia.com/gpu", operator: "Exists", effect: "NoExecute" }).obj());
    const results = c.scheduleAll();

    for (let i = 0; i < 10; i++) {
      expect(kind(nodeOf(c, `ml-${i}`)), `${RULE}: ml-${i} tolerates nvidia.com/gpu (Exists, NoSchedule) and only a GPU node has 8 cpus free; ${failures(results)}`).toBe("gpu");
    }
    for (let i = 0; i < 6; i++) {
      expect(
        kind(nodeOf(c, `infra-${i}`)),
        `${RULE}: infra-${i} tolerates dedicated=infra with no effect, which matches NoExecute too, and only an infra node is large enough; ${failures(results)}`,
      ).toBe("infra");
    }
    for (let i = 0; i < 12; i++) {
      expect(["plain", "spot"], `${RULE}: web-${i} tolerates nothing, so it may not use a GPU, infra or cordoned node`).toContain(kind(nodeOf(c, `web-${i}`)));
    }
    for (const name of ["wrong-value", "wrong-effect"]) {
      const r = results.find((x) => x.pod === `default/${name}`);
      expect(
        r?.outcome === "Unschedulable" && r.message?.includes(ErrReasonNotMatch),
        `${RULE}: ${name}'s toleration does not match (${name === "wrong-value" ? "dedicated=ml is not dedicated=infra" : "effect NoExecute is not NoSchedule"}), so it must stay pending with "${ErrReasonNotMatch}"; got ${r?.outcome} ${r?.nodeName ?? r?.message ?? ""}`,
      ).toBe(true);
    }
  });

  it("a pod that tolerates everything runs even on the cordoned node, and pods without tolerations stay off PreferNoSchedule nodes while others have room", { meta: { weight: 1 } }, () => {
    const c = cluster(twentyNodes(), { seed: 5 });
    c.addPod(pod("node-agent", "100m", "64Mi").toleration({ operator: "Exists" }).nodeSelector({ "kubernetes.io/hostname": "cordoned" }).obj());
    for (let i = 0; i < 20; i++) c.addPod(pod(`web-${i}`).obj());
    const results = c.scheduleAll();
    expect(
      nodeOf(c, "node-agent"),
      `${RULE}: { operator: Exists } with no key and no effect tolerates node.kubernetes.io/unschedulable:NoSchedule, which lets a pod onto a cordoned node (NodeUnschedulable); ${failures(results)}`,
    ).toBe("cordoned");
    const onSpot = Array.from({ length: 20 }, (_, i) => `web-${i}`).filter((p) => kind(nodeOf(c, p)) === "spot");
    expect(
      onSpot,
      `${RULE}, through TaintToleration.Score (weight 3): a spot node's PreferNoSchedule taint is not tolerated by the web pods, so while the plain nodes have room they score higher; ${failures(results)}`,
    ).toEqual([]);
  });
});
