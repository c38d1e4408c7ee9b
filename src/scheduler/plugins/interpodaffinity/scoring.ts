// InterPodAffinity, scoring half: preferred (anti-)affinity of the incoming pod, and of the pods
// already running (symmetry), summed per topology pair; plus existing pods' *required* affinity
// terms that the incoming pod matches, at hardPodAffinityWeight.
// Normalized as (score − min) / (max − min) × 100.
//
// Reference: pkg/scheduler/framework/plugins/interpodaffinity/scoring.go.
import type { Node, Pod } from "kubernetes-types/core/v1";
import type { Labels } from "../../../api";
import type { StateData } from "../../framework/cycle-state";
import type { NodeInfo } from "../../framework/node-info";
import { type AffinityTerm, type PodInfo, termMatches, type WeightedAffinityTerm } from "../../framework/pod-info";

/** topologyKey → topologyValue → score. */
export type ScoreMap = Map<string, Map<string, number>>;

export class PreScoreState implements StateData {
  constructor(readonly topologyScore: ScoreMap) {}
  clone(): StateData {
    return this;
  }
}

function processTerm(m: ScoreMap, term: AffinityTerm, weight: number, pod: Pod, nsLabels: Labels | undefined, node: Node, multiplier: number): void {
  if (!termMatches(term, pod, nsLabels)) return;
  const value = node.metadata?.labels?.[term.topologyKey];
  if (value === undefined) return;
  let byValue = m.get(term.topologyKey);
  if (!byValue) m.set(term.topologyKey, (byValue = new Map()));
  byValue.set(value, (byValue.get(value) ?? 0) + weight * multiplier);
}

function processTerms(m: ScoreMap, terms: readonly WeightedAffinityTerm[], pod: Pod, nsLabels: Labels | undefined, node: Node, multiplier: number): void {
  for (const t of terms) processTerm(m, t, t.weight, pod, nsLabels, node, multiplier);
}

export interface IncomingTerms {
  pod: Pod;
  preferredAffinityTerms: WeightedAffinityTerm[];
  preferredAntiAffinityTerms: WeightedAffinityTerm[];
  namespaceLabels: Labels | undefined;
}

//> process-existing-pod
export function processExistingPod(
  m: ScoreMap,
  incoming: IncomingTerms,
  existing: PodInfo,
  existingNode: Node,
  hardPodAffinityWeight: number,
): void {
  if (Object.keys(existingNode.metadata?.labels ?? {}).length === 0) return;
  // The incoming pod's preferred affinity (+) and anti-affinity (−) towards the existing pod.
  processTerms(m, incoming.preferredAffinityTerms, existing.pod, undefined, existingNode, 1);
  processTerms(m, incoming.preferredAntiAffinityTerms, existing.pod, undefined, existingNode, -1);
  // The existing pod's required affinity towards the incoming pod counts at hardPodAffinityWeight.
  if (hardPodAffinityWeight > 0) {
    for (const t of existing.requiredAffinityTerms) processTerm(m, t, hardPodAffinityWeight, incoming.pod, incoming.namespaceLabels, existingNode, 1);
  }
  // The existing pod's preferred affinity (+) and anti-affinity (−) towards the incoming pod.
  processTerms(m, existing.preferredAffinityTerms, incoming.pod, incoming.namespaceLabels, existingNode, 1);
  processTerms(m, existing.preferredAntiAffinityTerms, incoming.pod, incoming.namespaceLabels, existingNode, -1);
}
//< process-existing-pod

export function scoreNode(s: PreScoreState, nodeInfo: NodeInfo): number {
  const labels = nodeInfo.node.metadata?.labels ?? {};
  let score = 0;
  for (const [key, byValue] of s.topologyScore) {
    const v = labels[key];
    if (v !== undefined) score += byValue.get(v) ?? 0;
  }
  return score;
}
