// PodTopologySpread, filtering half (whenUnsatisfiable: DoNotSchedule).
//
// A node passes a constraint when placing the pod there keeps the skew within maxSkew:
//   matching pods in the node's domain + (1 if the pod matches its own selector) − global minimum
//   over the eligible domains ≤ maxSkew
// PreFilter counts matching pods per domain once; Filter is then a lookup per node.
//
// Reference: pkg/scheduler/framework/plugins/podtopologyspread/filtering.go.
import type { Node, Pod } from "kubernetes-types/core/v1";
import type { StateData } from "../../framework/cycle-state";
import type { NodeInfo } from "../../framework/node-info";
import type { PodInfo } from "../../framework/pod-info";
import { RequiredNodeAffinity } from "../helper/node-selector";
import { type Constraint, countPodsMatchSelector, matchNodeInclusionPolicies, nodeLabelsMatchSpreadConstraints } from "./common";

export const ErrReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";
export const ErrReasonNodeLabelNotMatch = ErrReasonConstraintsNotMatch + " (missing required label)";

export class PreFilterState implements StateData {
  /** Cached global minimum per constraint; undefined = recompute. */
  private mins: Array<number | undefined>;

  constructor(
    readonly constraints: readonly Constraint[],
    /** Per constraint: topology value → number of matching pods in that domain. */
    readonly tpValueToMatchNum: Array<Map<string, number>>,
  ) {
    this.mins = constraints.map(() => undefined);
  }

  clone(): PreFilterState {
    return new PreFilterState(this.constraints, this.tpValueToMatchNum.map((m) => new Map(m)));
  }

  //> min-match-num
  /** The global minimum for constraint i; 0 while there are fewer domains than minDomains. */
  minMatchNum(i: number): number {
    const counts = this.tpValueToMatchNum[i]!;
    if (counts.size < this.constraints[i]!.minDomains) return 0;
    let min = this.mins[i];
    if (min === undefined) {
      min = Infinity;
      for (const n of counts.values()) if (n < min) min = n;
      this.mins[i] = min;
    }
    return min;
  }
  //< min-match-num

  /** updateWithPod: preemption's dry run adds (+1) or removes (−1) a pod on a node. */
  updateWithPod(p: PodInfo, preemptor: Pod, node: Node, delta: 1 | -1): void {
    if (p.namespace !== (preemptor.metadata?.namespace || "default")) return;
    const labels = node.metadata?.labels ?? {};
    if (!nodeLabelsMatchSpreadConstraints(labels, this.constraints)) return;
    const required = new RequiredNodeAffinity(preemptor);
    this.constraints.forEach((c, i) => {
      if (!c.selector.matches(p.pod.metadata?.labels ?? {})) return;
      if (!matchNodeInclusionPolicies(c, preemptor, node, required)) return;
      const v = labels[c.topologyKey]!;
      const counts = this.tpValueToMatchNum[i]!;
      counts.set(v, (counts.get(v) ?? 0) + delta);
      this.mins[i] = undefined;
    });
  }
}

/** calPreFilterState: count matching pods per domain over the nodes the constraints apply to. */
export function calPreFilterState(pod: Pod, constraints: readonly Constraint[], nodes: readonly NodeInfo[]): PreFilterState {
  const counts = constraints.map(() => new Map<string, number>());
  const required = new RequiredNodeAffinity(pod);
  const namespace = pod.metadata?.namespace || "default";
  for (const nodeInfo of nodes) {
    const labels = nodeInfo.node.metadata?.labels ?? {};
    if (!nodeLabelsMatchSpreadConstraints(labels, constraints)) continue;
    constraints.forEach((c, i) => {
      if (!matchNodeInclusionPolicies(c, pod, nodeInfo.node, required)) return;
      const v = labels[c.topologyKey]!;
      const m = counts[i]!;
      m.set(v, (m.get(v) ?? 0) + countPodsMatchSelector(nodeInfo.pods, c.selector, namespace));
    });
  }
  return new PreFilterState(constraints, counts);
}

/** "missing label" (unresolvable), "skew" (unschedulable), or undefined when the node fits. */
export function checkSpread(s: PreFilterState, pod: Pod, nodeInfo: NodeInfo): "missing-label" | "skew" | undefined {
  const labels = nodeInfo.node.metadata?.labels ?? {};
  const podLabels = pod.metadata?.labels ?? {};
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i]!;
    const value = labels[c.topologyKey];
    if (value === undefined) return "missing-label";
    const selfMatch = c.selector.matches(podLabels) ? 1 : 0;
    const matchNum = s.tpValueToMatchNum[i]!.get(value) ?? 0;
    const skew = matchNum + selfMatch - s.minMatchNum(i);
    if (skew > c.maxSkew) return "skew";
  }
  return undefined;
}
