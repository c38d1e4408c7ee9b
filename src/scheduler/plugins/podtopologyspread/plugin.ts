// PodTopologySpread: spread matching pods evenly over topology domains (zones, nodes...).
// Hard constraints (DoNotSchedule) filter, soft ones (ScheduleAnyway) score. Pods without
// constraints get the system defaults when a workload selects them. Weight 2 by default.
//
// Reference: pkg/scheduler/framework/plugins/podtopologyspread/plugin.go.
import type { Pod, TopologySpreadConstraint } from "kubernetes-types/core/v1";
import type { CycleState } from "../../framework/cycle-state";
import {
  ActionType, type ClusterEventWithHint, type EnqueueExtensions, type FilterPlugin, type Handle, type NodeScore,
  type PreFilterPlugin, type PreScorePlugin, type ScorePlugin,
} from "../../framework/interface";
import type { NodeInfo } from "../../framework/node-info";
import type { PodInfo } from "../../framework/pod-info";
import { asStatus, Code, newStatus, type Status } from "../../framework/status";
import { names } from "../names";
import { buildDefaultConstraints, type Constraint, filterConstraints, systemDefaultConstraints } from "./common";
import { calPreFilterState, checkSpread, ErrReasonConstraintsNotMatch, ErrReasonNodeLabelNotMatch, PreFilterState } from "./filtering";
import { calPreScoreState, normalize, PreScoreState, scoreNode } from "./scoring";

export interface PodTopologySpreadArgs {
  /** Constraints for pods that have none (defaultingType List). */
  defaultConstraints?: TopologySpreadConstraint[];
  /** System (default): use systemDefaultConstraints; List: use defaultConstraints. */
  defaultingType?: "System" | "List";
}

const preFilterStateKey = "PreFilter" + names.PodTopologySpread;
const preScoreStateKey = "PreScore" + names.PodTopologySpread;

export class PodTopologySpread implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = names.PodTopologySpread;
  private readonly defaultConstraints: readonly TopologySpreadConstraint[];
  private readonly systemDefaulted: boolean;

  constructor(
    private readonly handle: Handle,
    args: PodTopologySpreadArgs = {},
  ) {
    this.systemDefaulted = (args.defaultingType ?? "System") === "System";
    this.defaultConstraints = this.systemDefaulted ? systemDefaultConstraints : (args.defaultConstraints ?? []);
  }

  private getConstraints(pod: Pod, action: "DoNotSchedule" | "ScheduleAnyway"): Constraint[] {
    const own = pod.spec?.topologySpreadConstraints ?? [];
    if (own.length > 0) return filterConstraints(own, pod.metadata?.labels ?? {}, action);
    return buildDefaultConstraints(this.defaultConstraints, pod, action, () => this.handle.workloadSelectorsFor(pod));
  }

  preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | null {
    let constraints: Constraint[];
    try {
      constraints = this.getConstraints(pod, "DoNotSchedule");
    } catch (err: unknown) {
      return asStatus(err);
    }
    if (constraints.length === 0) return newStatus(Code.Skip);
    state.write(preFilterStateKey, calPreFilterState(pod, constraints, nodes));
    return null;
  }

  addPod(state: CycleState, pod: Pod, podInfoToAdd: PodInfo, nodeInfo: NodeInfo): Status | null {
    state.tryRead<PreFilterState>(preFilterStateKey)?.updateWithPod(podInfoToAdd, pod, nodeInfo.node, 1);
    return null;
  }

  removePod(state: CycleState, pod: Pod, podInfoToRemove: PodInfo, nodeInfo: NodeInfo): Status | null {
    state.tryRead<PreFilterState>(preFilterStateKey)?.updateWithPod(podInfoToRemove, pod, nodeInfo.node, -1);
    return null;
  }

  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | null {
    const s = state.tryRead<PreFilterState>(preFilterStateKey);
    if (!s) return asStatus(new Error(`reading "${preFilterStateKey}" from cycleState: not found`));
    const verdict = checkSpread(s, pod, nodeInfo);
    if (verdict === "missing-label") return newStatus(Code.UnschedulableAndUnresolvable, ErrReasonNodeLabelNotMatch);
    if (verdict === "skew") return newStatus(Code.Unschedulable, ErrReasonConstraintsNotMatch);
    return null;
  }

  preScore(state: CycleState, pod: Pod, filteredNodes: readonly NodeInfo[]): Status | null {
    const allNodes = this.handle.snapshotSharedLister().list();
    if (filteredNodes.length === 0 || allNodes.length === 0) return newStatus(Code.Skip);
    let constraints: Constraint[];
    try {
      constraints = this.getConstraints(pod, "ScheduleAnyway");
    } catch (err: unknown) {
      return asStatus(err);
    }
    if (constraints.length === 0) return newStatus(Code.Skip);
    // Only explicit constraints require nodes to carry every topology key: a node without a zone
    // label still gets hostname spreading from the system defaults.
    const requireAllTopologies = (pod.spec?.topologySpreadConstraints ?? []).length > 0 || !this.systemDefaulted;
    state.write(preScoreStateKey, calPreScoreState(pod, constraints, filteredNodes, allNodes, requireAllTopologies));
    return null;
  }

  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number | Status {
    const s = state.tryRead<PreScoreState>(preScoreStateKey);
    if (!s) return asStatus(new Error(`reading "${preScoreStateKey}" from cycleState: not found`));
    return scoreNode(s, pod, nodeInfo);
  }

  normalizeScore(state: CycleState, _pod: Pod, scores: NodeScore[]): Status | null {
    const s = state.tryRead<PreScoreState>(preScoreStateKey);
    if (s) normalize(s, scores);
    return null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      { event: { resource: "AssignedPod", actionType: ActionType.Add | ActionType.UpdatePodLabel | ActionType.Delete } },
      { event: { resource: "Node", actionType: ActionType.Add | ActionType.Delete | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint } },
    ];
  }
}

export const newPodTopologySpread = (args: unknown, handle: Handle): PodTopologySpread =>
  new PodTopologySpread(handle, (args ?? {}) as PodTopologySpreadArgs);
