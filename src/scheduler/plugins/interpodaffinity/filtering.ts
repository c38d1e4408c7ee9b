// InterPodAffinity, filtering half: required (anti-)affinity, in both directions.
//
// PreFilter counts, per topology pair (say zone=us-east-1a):
//   existingAntiAffinityCounts  existing pods whose required anti-affinity the incoming pod matches
//   affinityCounts              existing pods matching all of the incoming pod's affinity terms
//   antiAffinityCounts          existing pods matching one of its anti-affinity terms
// Filter then only looks up the node's own topology values in those maps.
//
// Reference: pkg/scheduler/framework/plugins/interpodaffinity/filtering.go.
import type { Node, Pod } from "kubernetes-types/core/v1";
import type { Labels } from "../../../api";
import type { StateData } from "../../framework/cycle-state";
import type { NodeInfo } from "../../framework/node-info";
import { type AffinityTerm, type PodInfo, termMatches } from "../../framework/pod-info";

export const ErrReasonExistingAntiAffinityRulesNotMatch = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ErrReasonAffinityRulesNotMatch = "node(s) didn't match pod affinity rules";
export const ErrReasonAntiAffinityRulesNotMatch = "node(s) didn't match pod anti-affinity rules";

/** topologyToMatchedTermCount, keyed by "key\x00value". */
export class TopologyCounts {
  readonly m = new Map<string, number>();

  static pair(key: string, value: string): string {
    return key + "\x00" + value;
  }

  get size(): number {
    return this.m.size;
  }

  get(key: string, value: string): number {
    return this.m.get(TopologyCounts.pair(key, value)) ?? 0;
  }

  /** Adds `value` to the pair (topologyKey, node's label), if the node has the label. */
  update(node: Node, topologyKey: string, value: number): void {
    const tv = node.metadata?.labels?.[topologyKey];
    if (tv === undefined) return;
    const k = TopologyCounts.pair(topologyKey, tv);
    const n = (this.m.get(k) ?? 0) + value;
    if (n === 0) this.m.delete(k);
    else this.m.set(k, n);
  }

  /** +value for every term if the pod matches ALL terms (affinity is an AND of terms). */
  updateWithAffinityTerms(terms: readonly AffinityTerm[], pod: Pod, node: Node, value: number): void {
    if (podMatchesAllAffinityTerms(terms, pod)) for (const t of terms) this.update(node, t.topologyKey, value);
  }

  /** +value for each anti-affinity term the pod matches. */
  updateWithAntiAffinityTerms(terms: readonly AffinityTerm[], pod: Pod, nsLabels: Labels | undefined, node: Node, value: number): void {
    for (const t of terms) if (termMatches(t, pod, nsLabels)) this.update(node, t.topologyKey, value);
  }

  clone(): TopologyCounts {
    const c = new TopologyCounts();
    for (const [k, v] of this.m) c.m.set(k, v);
    return c;
  }
}

export function podMatchesAllAffinityTerms(terms: readonly AffinityTerm[], pod: Pod): boolean {
  if (terms.length === 0) return false;
  return terms.every((t) => termMatches(t, pod, undefined));
}

export class PreFilterState implements StateData {
  constructor(
    readonly podInfo: PodInfo,
    /** The incoming pod's required terms, with namespaceSelector resolved into namespaces. */
    readonly requiredAffinityTerms: AffinityTerm[],
    readonly requiredAntiAffinityTerms: AffinityTerm[],
    readonly namespaceLabels: Labels | undefined,
    public existingAntiAffinityCounts: TopologyCounts,
    public affinityCounts: TopologyCounts,
    public antiAffinityCounts: TopologyCounts,
  ) {}

  clone(): PreFilterState {
    return new PreFilterState(
      this.podInfo, this.requiredAffinityTerms, this.requiredAntiAffinityTerms, this.namespaceLabels,
      this.existingAntiAffinityCounts.clone(), this.affinityCounts.clone(), this.antiAffinityCounts.clone(),
    );
  }

  /** updateWithPod: preemption adds (+1) or removes (−1) a pod on a node. */
  updateWithPod(existing: PodInfo, node: Node, multiplier: 1 | -1): void {
    this.existingAntiAffinityCounts.updateWithAntiAffinityTerms(existing.requiredAntiAffinityTerms, this.podInfo.pod, this.namespaceLabels, node, multiplier);
    this.affinityCounts.updateWithAffinityTerms(this.requiredAffinityTerms, existing.pod, node, multiplier);
    this.antiAffinityCounts.updateWithAntiAffinityTerms(this.requiredAntiAffinityTerms, existing.pod, undefined, node, multiplier);
  }
}

/** Existing pods with required anti-affinity that the incoming pod would violate. */
export function getExistingAntiAffinityCounts(pod: Pod, nsLabels: Labels | undefined, nodes: readonly NodeInfo[]): TopologyCounts {
  const counts = new TopologyCounts();
  for (const nodeInfo of nodes) {
    for (const existing of nodeInfo.podsWithRequiredAntiAffinity) {
      counts.updateWithAntiAffinityTerms(existing.requiredAntiAffinityTerms, pod, nsLabels, nodeInfo.node, 1);
    }
  }
  return counts;
}

/** Existing pods matching the incoming pod's affinity and anti-affinity terms. */
export function getIncomingAffinityAntiAffinityCounts(
  affinityTerms: readonly AffinityTerm[],
  antiAffinityTerms: readonly AffinityTerm[],
  nodes: readonly NodeInfo[],
): [TopologyCounts, TopologyCounts] {
  const affinity = new TopologyCounts();
  const anti = new TopologyCounts();
  if (affinityTerms.length === 0 && antiAffinityTerms.length === 0) return [affinity, anti];
  for (const nodeInfo of nodes) {
    for (const existing of nodeInfo.pods) {
      affinity.updateWithAffinityTerms(affinityTerms, existing.pod, nodeInfo.node, 1);
      // The incoming pod's terms have namespaceSelector merged into namespaces: no labels needed.
      anti.updateWithAntiAffinityTerms(antiAffinityTerms, existing.pod, undefined, nodeInfo.node, 1);
    }
  }
  return [affinity, anti];
}

//> satisfy-pod-affinity
/** Every affinity term must have a matching pod in the node's topology domain. */
export function satisfyPodAffinity(s: PreFilterState, nodeInfo: NodeInfo): boolean {
  let podsExist = true;
  const labels = nodeInfo.node.metadata?.labels ?? {};
  for (const term of s.requiredAffinityTerms) {
    const value = labels[term.topologyKey];
    if (value === undefined) return false; // all topology labels must exist on the node
    if (s.affinityCounts.get(term.topologyKey, value) <= 0) podsExist = false;
  }
  if (!podsExist) {
    // The first pod of a group with affinity to itself: if no pod anywhere matches yet and the
    // pod matches its own terms, let it through, or it would wait forever.
    return s.affinityCounts.size === 0 && podMatchesAllAffinityTerms(s.requiredAffinityTerms, s.podInfo.pod);
  }
  return true;
}

/** No pod matching an anti-affinity term may be in the node's topology domain. */
export function satisfyPodAntiAffinity(s: PreFilterState, nodeInfo: NodeInfo): boolean {
  if (s.antiAffinityCounts.size === 0) return true;
  const labels = nodeInfo.node.metadata?.labels ?? {};
  for (const term of s.requiredAntiAffinityTerms) {
    const value = labels[term.topologyKey];
    if (value !== undefined && s.antiAffinityCounts.get(term.topologyKey, value) > 0) return false;
  }
  return true;
}

/** Symmetry: the incoming pod may not break an existing pod's required anti-affinity. */
export function satisfyExistingPodsAntiAffinity(s: PreFilterState, nodeInfo: NodeInfo): boolean {
  if (s.existingAntiAffinityCounts.size === 0) return true;
  for (const [key, value] of Object.entries(nodeInfo.node.metadata?.labels ?? {})) {
    if (s.existingAntiAffinityCounts.get(key, value) > 0) return false;
  }
  return true;
}
//< satisfy-pod-affinity
