// TaintToleration: a node's NoSchedule and NoExecute taints keep off every pod that does not
// tolerate them (Filter); PreferNoSchedule taints only make the node less attractive (Score:
// fewer untolerated PreferNoSchedule taints is better). Weight 3 in the default profile.
//
// Reference: pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go.
import type { Node, Pod, Toleration } from "kubernetes-types/core/v1";
import type { CycleState, StateData } from "../framework/cycle-state";
import {
  ActionType, type ClusterEventWithHint, type EnqueueExtensions, type FilterPlugin, MaxNodeScore, type NodeScore,
  type PreScorePlugin, QueueingHint, type ScorePlugin,
} from "../framework/interface";
import type { NodeInfo } from "../framework/node-info";
import { asStatus, Code, newStatus, type Status } from "../framework/status";
import { defaultNormalizeScore } from "./helper/normalize-score";
import { doNotScheduleTaints, findMatchingUntoleratedTaint, tolerationsTolerateTaint } from "./helper/taints";
import { names } from "./names";

/**
 * Current upstream wording. Earlier releases named the taint ("node(s) had untolerated taint
 * {key: value}", and before that "node(s) had taint {key: value}, that the pod didn't tolerate");
 * the short form keeps events from revealing node taints to whoever can read the pod.
 */
export const ErrReasonNotMatch = "node(s) had untolerated taint(s)";
const preScoreStateKey = "PreScore" + names.TaintToleration;

class PreScoreState implements StateData {
  constructor(readonly tolerationsPreferNoSchedule: readonly Toleration[]) {}
  clone(): StateData {
    return this;
  }
}

export class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = names.TaintToleration;

  //> taint-toleration-filter
  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | null {
    const taint = findMatchingUntoleratedTaint(nodeInfo.node.spec?.taints, pod.spec?.tolerations, doNotScheduleTaints);
    if (taint === undefined) return null;
    return newStatus(Code.UnschedulableAndUnresolvable, ErrReasonNotMatch);
  }
  //< taint-toleration-filter

  preScore(state: CycleState, pod: Pod): Status | null {
    // An empty effect means all effects, PreferNoSchedule included.
    const tolerations = (pod.spec?.tolerations ?? []).filter((t) => !t.effect || t.effect === "PreferNoSchedule");
    state.write(preScoreStateKey, new PreScoreState(tolerations));
    return null;
  }

  /** The number of PreferNoSchedule taints the pod does not tolerate: higher is worse. */
  score(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): number | Status {
    let s: PreScoreState;
    try {
      s = state.read<PreScoreState>(preScoreStateKey);
    } catch (err: unknown) {
      return asStatus(err);
    }
    let intolerable = 0;
    for (const taint of nodeInfo.node.spec?.taints ?? []) {
      if (taint.effect === "PreferNoSchedule" && !tolerationsTolerateTaint(s.tolerationsPreferNoSchedule, taint)) intolerable++;
    }
    return intolerable;
  }

  /** Reversed: the node with the most untolerated taints gets 0, nodes with none get 100. */
  normalizeScore(_state: CycleState, _pod: Pod, scores: NodeScore[]): Status | null {
    return defaultNormalizeScore(MaxNodeScore, true, scores);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: "Node", actionType: ActionType.Add | ActionType.UpdateNodeTaint },
        queueingHintFn: (pod, _old, newObj) =>
          findMatchingUntoleratedTaint((newObj as Node).spec?.taints, pod.spec?.tolerations, doNotScheduleTaints) === undefined
            ? QueueingHint.Queue
            : QueueingHint.QueueSkip,
      },
      { event: { resource: "Pod", actionType: ActionType.UpdatePodToleration } },
    ];
  }
}

export const newTaintToleration = (): TaintToleration => new TaintToleration();
