// NodeAffinity: `spec.nodeSelector` and required node affinity filter nodes; preferred node
// affinity terms score them (the sum of the weights of the terms a node matches, scaled so the
// best node gets 100). Weight 2 in the default profile.
//
// Operators: In, NotIn, Exists, DoesNotExist, Gt, Lt (Gt/Lt compare the label as an integer).
// `addedAffinity` in the plugin args is applied to every pod of the profile.
//
// Reference: pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go.
import type { Node, NodeAffinity as NodeAffinityAPI, Pod } from "kubernetes-types/core/v1";
import type { CycleState, StateData } from "../framework/cycle-state";
import {
  ActionType, type ClusterEventWithHint, type EnqueueExtensions, type FilterPlugin, MaxNodeScore, type NodeScore,
  type PreFilterPlugin, type PreFilterResult, preFilterResult, type PreScorePlugin, QueueingHint, type ScorePlugin,
} from "../framework/interface";
import type { NodeInfo } from "../framework/node-info";
import { asStatus, Code, newStatus, type Status } from "../framework/status";
import { defaultNormalizeScore } from "./helper/normalize-score";
import { NodeSelectorMatcher, PreferredSchedulingTerms, RequiredNodeAffinity } from "./helper/node-selector";
import { names } from "./names";

export const ErrReasonPod = "node(s) didn't match Pod's node affinity/selector";
export const ErrReasonEnforced = "node(s) didn't match scheduler-enforced node affinity";
export const ErrReasonConflict = "pod affinity terms conflict";

export interface NodeAffinityArgs {
  /** Node affinity added to every pod of the profile (required terms ANDed, preferred added). */
  addedAffinity?: NodeAffinityAPI;
}

const preFilterStateKey = "PreFilter" + names.NodeAffinity;
const preScoreStateKey = "PreScore" + names.NodeAffinity;

class PreFilterState implements StateData {
  constructor(readonly required: RequiredNodeAffinity) {}
  clone(): StateData {
    return this;
  }
}

class PreScoreState implements StateData {
  constructor(readonly preferred: PreferredSchedulingTerms) {}
  clone(): StateData {
    return this;
  }
}

export class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = names.NodeAffinity;
  private readonly addedNodeSelector: NodeSelectorMatcher | undefined;
  private readonly addedPrefSchedTerms: PreferredSchedulingTerms | undefined;

  constructor(args: NodeAffinityArgs = {}) {
    const added = args.addedAffinity;
    const required = added?.requiredDuringSchedulingIgnoredDuringExecution;
    this.addedNodeSelector = required ? new NodeSelectorMatcher(required) : undefined;
    const preferred = added?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    this.addedPrefSchedTerms = preferred.length > 0 ? new PreferredSchedulingTerms(preferred) : undefined;
  }

  //> node-affinity-prefilter
  preFilter(state: CycleState, pod: Pod): PreFilterResult | Status | null {
    const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (required === undefined && this.addedNodeSelector === undefined && pod.spec?.nodeSelector === undefined) {
      return newStatus(Code.Skip); // nothing to check for this pod
    }
    state.write(preFilterStateKey, new PreFilterState(new RequiredNodeAffinity(pod)));
    const terms = required?.nodeSelectorTerms ?? [];
    if (terms.length === 0) return null;

    // Affinity to specific node names (matchFields metadata.name In [...]) narrows the nodes to
    // filter: terms are ORed, requirements within a term ANDed.
    let nodeNames: Set<string> | undefined;
    for (const t of terms) {
      let termNames: Set<string> | undefined;
      for (const r of t.matchFields ?? []) {
        if (r.key === "metadata.name" && r.operator === "In") {
          const s = new Set(r.values ?? []);
          termNames = termNames === undefined ? s : new Set([...termNames].filter((n) => s.has(n)));
        }
      }
      if (termNames === undefined) return null; // this term may match any node
      nodeNames = new Set([...(nodeNames ?? []), ...termNames]);
    }
    if (nodeNames !== undefined && nodeNames.size === 0) return newStatus(Code.UnschedulableAndUnresolvable, ErrReasonConflict);
    return preFilterResult(nodeNames);
  }
  //< node-affinity-prefilter

  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | null {
    const node = nodeInfo.node;
    if (this.addedNodeSelector && !this.addedNodeSelector.match(node)) {
      return newStatus(Code.UnschedulableAndUnresolvable, ErrReasonEnforced);
    }
    const s = state.tryRead<PreFilterState>(preFilterStateKey);
    const required = s ? s.required : new RequiredNodeAffinity(pod);
    if (!required.match(node)) return newStatus(Code.UnschedulableAndUnresolvable, ErrReasonPod);
    return null;
  }

  preScore(state: CycleState, pod: Pod): Status | null {
    const preferred = pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    if (preferred.length === 0 && this.addedPrefSchedTerms === undefined) return newStatus(Code.Skip);
    try {
      state.write(preScoreStateKey, new PreScoreState(new PreferredSchedulingTerms(preferred)));
    } catch (err: unknown) {
      return asStatus(err);
    }
    return null;
  }

  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number | Status {
    let count = this.addedPrefSchedTerms?.score(nodeInfo.node) ?? 0;
    let s = state.tryRead<PreScoreState>(preScoreStateKey);
    if (!s) {
      try {
        s = new PreScoreState(new PreferredSchedulingTerms(pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []));
      } catch (err: unknown) {
        return asStatus(err);
      }
    }
    count += s.preferred.score(nodeInfo.node);
    return count;
  }

  normalizeScore(_state: CycleState, _pod: Pod, scores: NodeScore[]): Status | null {
    return defaultNormalizeScore(MaxNodeScore, false, scores);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: "Node", actionType: ActionType.Add | ActionType.UpdateNodeLabel },
        queueingHintFn: (pod, _old, newObj) => {
          const node = newObj as Node;
          if (this.addedNodeSelector && !this.addedNodeSelector.match(node)) return QueueingHint.QueueSkip;
          return new RequiredNodeAffinity(pod).match(node) ? QueueingHint.Queue : QueueingHint.QueueSkip;
        },
      },
    ];
  }
}

export const newNodeAffinity = (args: unknown): NodeAffinity => new NodeAffinity((args ?? {}) as NodeAffinityArgs);
