// InterPodAffinity: place pods near (affinity) or away from (anti-affinity) other pods, per
// topology domain (`topologyKey`: a node, a zone, a rack...). Weight 2 in the default profile.
//
// Required terms filter (filtering.ts); preferred terms score (scoring.ts). Rules are checked in
// both directions: an incoming pod may not land where an *existing* pod's required anti-affinity
// forbids it ("symmetry").
//
// Reference: pkg/scheduler/framework/plugins/interpodaffinity/plugin.go.
import type { Pod } from "kubernetes-types/core/v1";
import { LabelsSelector } from "../../../api";
import type { CycleState } from "../../framework/cycle-state";
import {
  ActionType, type ClusterEventWithHint, type EnqueueExtensions, type FilterPlugin, type Handle, MaxNodeScore, type NodeScore,
  type PreFilterPlugin, type PreScorePlugin, type ScorePlugin,
} from "../../framework/interface";
import type { NodeInfo } from "../../framework/node-info";
import { type AffinityTerm, type PodInfo, podInfoOf, podNamespace } from "../../framework/pod-info";
import { asStatus, Code, newStatus, type Status } from "../../framework/status";
import { names } from "../names";
import {
  ErrReasonAffinityRulesNotMatch, ErrReasonAntiAffinityRulesNotMatch, ErrReasonExistingAntiAffinityRulesNotMatch,
  getExistingAntiAffinityCounts, getIncomingAffinityAntiAffinityCounts, PreFilterState, satisfyExistingPodsAntiAffinity,
  satisfyPodAffinity, satisfyPodAntiAffinity,
} from "./filtering";
import { type IncomingTerms, PreScoreState, processExistingPod, type ScoreMap, scoreNode } from "./scoring";

export interface InterPodAffinityArgs {
  /** Weight of an existing pod's *required* affinity term that the incoming pod matches (0..100). Default 1. */
  hardPodAffinityWeight?: number;
  /** Skip existing pods' preferred terms when the incoming pod has none (faster). Default false. */
  ignorePreferredTermsOfExistingPods?: boolean;
}

const preFilterStateKey = "PreFilter" + names.InterPodAffinity;
const preScoreStateKey = "PreScore" + names.InterPodAffinity;

export class InterPodAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = names.InterPodAffinity;
  private readonly hardPodAffinityWeight: number;
  private readonly ignorePreferredTermsOfExistingPods: boolean;

  constructor(
    private readonly handle: Handle,
    args: InterPodAffinityArgs = {},
  ) {
    this.hardPodAffinityWeight = args.hardPodAffinityWeight ?? 1;
    if (this.hardPodAffinityWeight < 0 || this.hardPodAffinityWeight > 100) {
      throw new Error(`hardPodAffinityWeight: Invalid value: ${this.hardPodAffinityWeight}: not in valid range [0-100]`);
    }
    this.ignorePreferredTermsOfExistingPods = args.ignorePreferredTermsOfExistingPods ?? false;
  }

  /** mergeAffinityTermNamespacesIfNotEmpty: resolve namespaceSelector into namespace names. */
  private mergeNamespaces<T extends AffinityTerm>(term: T): T {
    if (term.namespaceSelector.matchesNothing) return term; // no namespaceSelector
    const namespaces = new Set(term.namespaces);
    for (const ns of this.handle.namespacesMatching(term.namespaceSelector)) namespaces.add(ns);
    return { ...term, namespaces, namespaceSelector: LabelsSelector.nothing() };
  }

  preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | null {
    const podInfo = podInfoOf(pod);
    if (podInfo.parseError) return newStatus(Code.UnschedulableAndUnresolvable, `parsing pod: ${podInfo.parseError.message}`);
    const lister = this.handle.snapshotSharedLister();
    const withAntiAffinity = lister.havePodsWithRequiredAntiAffinityList();
    const affinityTerms = podInfo.requiredAffinityTerms.map((t) => this.mergeNamespaces(t));
    const antiAffinityTerms = podInfo.requiredAntiAffinityTerms.map((t) => this.mergeNamespaces(t));
    const nsLabels = this.handle.namespaceLabels(podNamespace(pod));
    const existing = getExistingAntiAffinityCounts(pod, nsLabels, withAntiAffinity);
    const [affinity, anti] = getIncomingAffinityAntiAffinityCounts(affinityTerms, antiAffinityTerms, nodes);
    if (existing.size === 0 && affinityTerms.length === 0 && antiAffinityTerms.length === 0) return newStatus(Code.Skip);
    state.write(preFilterStateKey, new PreFilterState(podInfo, affinityTerms, antiAffinityTerms, nsLabels, existing, affinity, anti));
    return null;
  }

  addPod(state: CycleState, _pod: Pod, podInfoToAdd: PodInfo, nodeInfo: NodeInfo): Status | null {
    state.tryRead<PreFilterState>(preFilterStateKey)?.updateWithPod(podInfoToAdd, nodeInfo.node, 1);
    return null;
  }

  removePod(state: CycleState, _pod: Pod, podInfoToRemove: PodInfo, nodeInfo: NodeInfo): Status | null {
    state.tryRead<PreFilterState>(preFilterStateKey)?.updateWithPod(podInfoToRemove, nodeInfo.node, -1);
    return null;
  }

  //> inter-pod-affinity-filter
  filter(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): Status | null {
    const s = state.tryRead<PreFilterState>(preFilterStateKey);
    if (!s) return asStatus(new Error(`reading "${preFilterStateKey}" from cycleState: not found`));
    if (!satisfyPodAffinity(s, nodeInfo)) return newStatus(Code.UnschedulableAndUnresolvable, ErrReasonAffinityRulesNotMatch);
    if (!satisfyPodAntiAffinity(s, nodeInfo)) return newStatus(Code.Unschedulable, ErrReasonAntiAffinityRulesNotMatch);
    if (!satisfyExistingPodsAntiAffinity(s, nodeInfo)) return newStatus(Code.Unschedulable, ErrReasonExistingAntiAffinityRulesNotMatch);
    return null;
  }
  //< inter-pod-affinity-filter

  preScore(state: CycleState, pod: Pod): Status | null {
    const podInfo = podInfoOf(pod);
    const hasConstraints = podInfo.preferredAffinityTerms.length > 0 || podInfo.preferredAntiAffinityTerms.length > 0;
    if (this.ignorePreferredTermsOfExistingPods && !hasConstraints) return newStatus(Code.Skip);
    if (podInfo.parseError) return asStatus(podInfo.parseError);
    const lister = this.handle.snapshotSharedLister();
    // Unless the incoming pod has preferred terms, only nodes hosting pods with affinity matter.
    const nodes = hasConstraints ? lister.list() : lister.havePodsWithAffinityList();
    const incoming: IncomingTerms = {
      pod,
      preferredAffinityTerms: podInfo.preferredAffinityTerms.map((t) => this.mergeNamespaces(t)),
      preferredAntiAffinityTerms: podInfo.preferredAntiAffinityTerms.map((t) => this.mergeNamespaces(t)),
      namespaceLabels: this.handle.namespaceLabels(podNamespace(pod)),
    };
    const topologyScore: ScoreMap = new Map();
    for (const nodeInfo of nodes) {
      const podsToProcess = hasConstraints ? nodeInfo.pods : nodeInfo.podsWithAffinity;
      for (const existing of podsToProcess) processExistingPod(topologyScore, incoming, existing, nodeInfo.node, this.hardPodAffinityWeight);
    }
    // Drop topology pairs that summed to zero, as upstream only keeps non-empty maps.
    for (const [key, byValue] of topologyScore) if (byValue.size === 0) topologyScore.delete(key);
    if (topologyScore.size === 0) return newStatus(Code.Skip);
    state.write(preScoreStateKey, new PreScoreState(topologyScore));
    return null;
  }

  score(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): number | Status {
    const s = state.tryRead<PreScoreState>(preScoreStateKey);
    if (!s) return asStatus(new Error(`reading "${preScoreStateKey}" from cycleState: not found`));
    return scoreNode(s, nodeInfo);
  }

  normalizeScore(state: CycleState, _pod: Pod, scores: NodeScore[]): Status | null {
    const s = state.tryRead<PreScoreState>(preScoreStateKey);
    if (!s || s.topologyScore.size === 0) return null;
    let min = Infinity;
    let max = -Infinity;
    for (const { score } of scores) {
      if (score > max) max = score;
      if (score < min) min = score;
    }
    const diff = max - min;
    for (const s2 of scores) s2.score = diff > 0 ? Math.trunc(MaxNodeScore * ((s2.score - min) / diff)) : 0;
    return null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      { event: { resource: "AssignedPod", actionType: ActionType.Add | ActionType.UpdatePodLabel | ActionType.Delete } },
      { event: { resource: "Node", actionType: ActionType.Add | ActionType.UpdateNodeLabel } },
    ];
  }
}

export const newInterPodAffinity = (args: unknown, handle: Handle): InterPodAffinity =>
  new InterPodAffinity(handle, (args ?? {}) as InterPodAffinityArgs);
