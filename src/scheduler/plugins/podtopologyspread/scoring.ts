// PodTopologySpread, scoring half (whenUnsatisfiable: ScheduleAnyway, and the system defaults).
//
// For each constraint, a node scores (matching pods in its domain) × log(domains + 2) +
// (maxSkew − 1); fewer pods is better, so NormalizeScore reverses:
//   100 × (max + min − score) / max
//
// Reference: pkg/scheduler/framework/plugins/podtopologyspread/scoring.go.
import type { Pod } from "kubernetes-types/core/v1";
import type { StateData } from "../../framework/cycle-state";
import { MaxNodeScore, type NodeScore } from "../../framework/interface";
import type { NodeInfo } from "../../framework/node-info";
import { LabelHostname } from "../../framework/snapshot";
import { RequiredNodeAffinity } from "../helper/node-selector";
import { type Constraint, countPodsMatchSelector, matchNodeInclusionPolicies, nodeLabelsMatchSpreadConstraints } from "./common";

const invalidScore = -1;

export class PreScoreState implements StateData {
  constructor(
    readonly constraints: readonly Constraint[],
    /** Nodes missing a topology key: they score 0. */
    readonly ignoredNodes: ReadonlySet<string>,
    /** Per constraint: domain → matching pods (hostname domains are counted in Score). */
    readonly topologyValueToPodCounts: Array<Map<string, number>>,
    readonly topologyNormalizingWeight: readonly number[],
  ) {}
  clone(): StateData {
    return this;
  }
}

export function topologyNormalizingWeight(size: number): number {
  return Math.log(size + 2);
}

export function scoreForCount(cnt: number, maxSkew: number, tpWeight: number): number {
  return cnt * tpWeight + (maxSkew - 1);
}

/** initPreScoreState + the counting half of PreScore. */
export function calPreScoreState(
  pod: Pod,
  constraints: readonly Constraint[],
  filteredNodes: readonly NodeInfo[],
  allNodes: readonly NodeInfo[],
  requireAllTopologies: boolean,
): PreScoreState {
  const ignored = new Set<string>();
  const counts = constraints.map(() => new Map<string, number>());
  for (const nodeInfo of filteredNodes) {
    const labels = nodeInfo.node.metadata?.labels ?? {};
    if (requireAllTopologies && !nodeLabelsMatchSpreadConstraints(labels, constraints)) {
      ignored.add(nodeInfo.name);
      continue;
    }
    constraints.forEach((c, i) => {
      if (c.topologyKey === LabelHostname) return; // counted per node in Score
      const v = labels[c.topologyKey];
      if (v !== undefined && !counts[i]!.has(v)) counts[i]!.set(v, 0);
    });
  }
  const weights = constraints.map((c, i) =>
    topologyNormalizingWeight(c.topologyKey === LabelHostname ? filteredNodes.length - ignored.size : counts[i]!.size),
  );
  const required = new RequiredNodeAffinity(pod);
  const namespace = pod.metadata?.namespace || "default";
  for (const nodeInfo of allNodes) {
    const labels = nodeInfo.node.metadata?.labels ?? {};
    if (requireAllTopologies && !nodeLabelsMatchSpreadConstraints(labels, constraints)) continue;
    constraints.forEach((c, i) => {
      if (!matchNodeInclusionPolicies(c, pod, nodeInfo.node, required)) return;
      const v = labels[c.topologyKey];
      if (v === undefined) return;
      const m = counts[i]!;
      const cur = m.get(v);
      if (cur === undefined) return; // no candidate node in this domain
      m.set(v, cur + countPodsMatchSelector(nodeInfo.pods, c.selector, namespace));
    });
  }
  return new PreScoreState(constraints, ignored, counts, weights);
}

export function scoreNode(s: PreScoreState, pod: Pod, nodeInfo: NodeInfo): number {
  if (s.ignoredNodes.has(nodeInfo.name)) return 0;
  const labels = nodeInfo.node.metadata?.labels ?? {};
  const namespace = pod.metadata?.namespace || "default";
  let score = 0;
  s.constraints.forEach((c, i) => {
    const v = labels[c.topologyKey];
    if (v === undefined) return;
    const cnt = c.topologyKey === LabelHostname
      ? countPodsMatchSelector(nodeInfo.pods, c.selector, namespace)
      : (s.topologyValueToPodCounts[i]!.get(v) ?? 0);
    score += scoreForCount(cnt, c.maxSkew, s.topologyNormalizingWeight[i]!);
  });
  return Math.round(score);
}

export function normalize(s: PreScoreState, scores: NodeScore[]): void {
  let min = Number.MAX_SAFE_INTEGER;
  let max = 0;
  for (const sc of scores) {
    if (s.ignoredNodes.has(sc.name)) {
      sc.score = invalidScore;
      continue;
    }
    if (sc.score < min) min = sc.score;
    if (sc.score > max) max = sc.score;
  }
  for (const sc of scores) {
    if (sc.score === invalidScore) {
      sc.score = 0;
      continue;
    }
    if (max === 0) {
      sc.score = MaxNodeScore;
      continue;
    }
    sc.score = Math.trunc((MaxNodeScore * (max + min - sc.score)) / max);
  }
}
