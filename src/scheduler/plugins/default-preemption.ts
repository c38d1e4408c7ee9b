// DefaultPreemption: when no node fits, find a node where evicting lower-priority pods would let
// the pod in, evict the fewest and least important of them, and nominate the pod to that node.
//
//   1. Is the pod allowed to preempt? (not with preemptionPolicy: Never; not while victims of its
//      last preemption are still terminating on its nominated node)
//   2. Candidates: nodes that failed with Unschedulable (not UnschedulableAndUnresolvable), tried
//      in a dry run starting at a random offset, until enough candidates are found
//      (10% of the nodes, at least 100).
//   3. Per node (selectVictimsOnNode, in select-victims-on-node.ts): remove every lower-priority
//      pod; if the pod then fits, add them back one by one, most important first, PDB-protected
//      ones before the others, keeping each one that still lets the pod fit ("reprieve"). The
//      rest are the victims.
//   4. Pick one node by pickOneNodeForPreemption's criteria, in order.
//   5. Evict the victims, clear lower-priority pods nominated to that node, nominate the pod.
//
// Reference: pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go,
// pkg/scheduler/framework/preemption/preemption.go.
import type { Pod } from "kubernetes-types/core/v1";
import type { PodDisruptionBudget } from "kubernetes-types/policy/v1";
import type { CycleState } from "../framework/cycle-state";
import { type Handle, NodeToStatus, type PostFilterPlugin, type PostFilterResult } from "../framework/interface";
import type { NodeInfo } from "../framework/node-info";
import { type PodInfo, podPriority } from "../framework/pod-info";
import { asStatus, Code, newStatus, type Status } from "../framework/status";
import { FitError } from "../fit-error";
import { filterPodsWithPDBViolation, moreImportantPod, startTime } from "./helper/preemption";
import { names } from "./names";
import { selectVictimsOnNode, type VictimSelection } from "./select-victims-on-node";

export { filterPodsWithPDBViolation, moreImportantPod };

export interface DefaultPreemptionArgs {
  /** Dry-run at least this share of the potential nodes (default 10). */
  minCandidateNodesPercentage?: number;
  /** ... and at least this many (default 100). */
  minCandidateNodesAbsolute?: number;
}

export interface Victims {
  pods: Pod[];
  numPDBViolations: number;
}

export interface Candidate {
  name: string;
  victims: Victims;
}

//> pick-one-node-for-preemption
/**
 * pickOneNodeForPreemption: each criterion keeps the nodes with the best value; the next one
 * breaks ties among those.
 *   1. fewest PodDisruptionBudget violations
 *   2. lowest priority among the most important victim
 *   3. smallest sum of victim priorities (each shifted by 2^31 so negatives count)
 *   4. fewest victims
 *   5. latest start time of the most important victims (disturb the youngest)
 *   then the first remaining candidate.
 */
export function pickOneNodeForPreemption(candidates: readonly Candidate[], now: number): string | undefined {
  if (candidates.length === 0) return undefined;
  const earliestStartOfHighest = (v: Victims): number => {
    const highest = Math.max(...v.pods.map(podPriority));
    return Math.min(...v.pods.filter((p) => podPriority(p) === highest).map((p) => startTime(p, now)));
  };
  const scoreFuncs: Array<(c: Candidate) => number> = [
    (c) => -c.victims.numPDBViolations,
    (c) => -podPriority(c.victims.pods[0]!),
    (c) => -c.victims.pods.reduce((sum, p) => sum + podPriority(p) + 2 ** 31, 0),
    (c) => -c.victims.pods.length,
    (c) => earliestStartOfHighest(c.victims),
  ];
  let remaining = [...candidates];
  for (const f of scoreFuncs) {
    let best = -Infinity;
    let selected: Candidate[] = [];
    for (const c of remaining) {
      const s = f(c);
      if (s > best) {
        best = s;
        selected = [];
      }
      if (s === best) selected.push(c);
    }
    if (selected.length === 1) return selected[0]!.name;
    remaining = selected;
  }
  return remaining[0]!.name;
}
//< pick-one-node-for-preemption

export class DefaultPreemption implements PostFilterPlugin {
  readonly name = names.DefaultPreemption;
  private readonly minCandidateNodesPercentage: number;
  private readonly minCandidateNodesAbsolute: number;

  constructor(
    private readonly handle: Handle,
    args: DefaultPreemptionArgs = {},
  ) {
    this.minCandidateNodesPercentage = args.minCandidateNodesPercentage ?? 10;
    this.minCandidateNodesAbsolute = args.minCandidateNodesAbsolute ?? 100;
  }

  postFilter(state: CycleState, pod: Pod, m: NodeToStatus): { result: PostFilterResult | null; status: Status } {
    const { result, status } = this.preempt(state, pod, m);
    const msg = status.message();
    if (msg.length > 0) return { result, status: newStatus(status.code, "preemption: " + msg) };
    return { result, status };
  }

  /** PodEligibleToPreemptOthers. */
  podEligibleToPreemptOthers(pod: Pod, nominatedNodeStatus: Status | null): [boolean, string] {
    if (pod.spec?.preemptionPolicy === "Never") return [false, "not eligible due to preemptionPolicy=Never."];
    const nominated = pod.status?.nominatedNodeName;
    if (nominated) {
      // The nominated node stopped fitting for good: preempt again elsewhere.
      if (nominatedNodeStatus?.code === Code.UnschedulableAndUnresolvable) return [true, ""];
      const nodeInfo = this.handle.snapshotSharedLister().get(nominated);
      if (nodeInfo) {
        const prio = podPriority(pod);
        for (const p of nodeInfo.pods) {
          if (p.priority < prio && p.pod.metadata?.deletionTimestamp) {
            return [false, "not eligible due to a terminating pod on the nominated node."];
          }
        }
      }
    }
    return [true, ""];
  }

  //> preempt
  preempt(state: CycleState, pod: Pod, m: NodeToStatus): { result: PostFilterResult | null; status: Status } {
    // 1) Is the pod eligible to preempt?
    const [eligible, msg] = this.podEligibleToPreemptOthers(pod, m.get(pod.status?.nominatedNodeName ?? ""));
    if (!eligible) return { result: null, status: newStatus(Code.Unschedulable, msg) };

    // 2) Find candidates by dry runs.
    const allNodes = this.handle.snapshotSharedLister().list();
    if (allNodes.length === 0) return { result: null, status: asStatus(new Error("no nodes available")) };
    const potential = allNodes.filter((n) => m.get(n.name)?.code === Code.Unschedulable);
    const pdbs = this.handle.client.listPodDisruptionBudgets();
    const statuses = new NodeToStatus();
    let candidates: Candidate[] = [];
    if (potential.length > 0) {
      const offset = this.handle.rng.int(0, potential.length);
      candidates = this.dryRunPreemption(state, pod, potential, pdbs, offset, this.calculateNumCandidates(potential.length), statuses);
    }
    if (candidates.length === 0) {
      statuses.absentNodesStatus = newStatus(Code.UnschedulableAndUnresolvable, "Preemption is not helpful for scheduling");
      const fitError = new FitError(pod, allNodes.length, { nodeToStatus: statuses, preFilterMsg: "", postFilterMsg: "" });
      return { result: { nominatedNodeName: "" }, status: newStatus(Code.Unschedulable, fitError.message) };
    }

    // 3) Pick the best candidate.
    const best = pickOneNodeForPreemption(candidates, this.handle.clock.now());
    const chosen = candidates.find((c) => c.name === best);
    if (!chosen) return { result: null, status: newStatus(Code.Unschedulable, "no candidate node for preemption") };

    // 4) Evict the victims; lower-priority pods nominated to this node lose their nomination.
    for (const victim of chosen.victims.pods) this.handle.client.evictPod(victim, pod);
    for (const p of this.handle.nominatedPodsForNode(chosen.name)) {
      if (p.priority < podPriority(pod)) this.handle.client.setNominatedNodeName(p.pod, "");
    }
    return {
      result: { nominatedNodeName: chosen.name, victims: chosen.victims.pods.map((p) => `${p.metadata?.namespace || "default"}/${p.metadata?.name}`) },
      status: newStatus(Code.Success),
    };
  }
  //< preempt

  calculateNumCandidates(numNodes: number): number {
    let n = Math.trunc((numNodes * this.minCandidateNodesPercentage) / 100);
    if (n < this.minCandidateNodesAbsolute) n = this.minCandidateNodesAbsolute;
    return Math.min(n, numNodes);
  }

  private dryRunPreemption(
    state: CycleState,
    pod: Pod,
    potential: readonly NodeInfo[],
    pdbs: readonly PodDisruptionBudget[],
    offset: number,
    numCandidates: number,
    statuses: NodeToStatus,
  ): Candidate[] {
    const nonViolating: Candidate[] = [];
    const violating: Candidate[] = [];
    for (let i = 0; i < potential.length; i++) {
      const nodeInfo = potential[(offset + i) % potential.length]!.snapshot();
      const { victims, numPDBViolations, status } = this.selectVictimsOnNode(state.clone(), pod, nodeInfo, pdbs);
      if (status === null && victims.length > 0) {
        (numPDBViolations === 0 ? nonViolating : violating).push({ name: nodeInfo.name, victims: { pods: victims, numPDBViolations } });
        if (nonViolating.length > 0 && nonViolating.length + violating.length >= numCandidates) break;
        continue;
      }
      statuses.set(nodeInfo.name, status ?? asStatus(new Error(`expected at least one victim pod on node "${nodeInfo.name}"`)));
    }
    return [...nonViolating, ...violating];
  }

  /**
   * SelectVictimsOnNode on a copy of the node (select-victims-on-node.ts): removing and adding
   * pods there also runs the PreFilter extensions (AddPod, RemovePod) on the cycle's state.
   */
  selectVictimsOnNode(state: CycleState, pod: Pod, nodeInfo: NodeInfo, pdbs: readonly PodDisruptionBudget[]): VictimSelection {
    return selectVictimsOnNode(pod, {
      get pods() {
        return nodeInfo.pods;
      },
      removePod: (p: PodInfo) => {
        nodeInfo.removePod(p.pod);
        this.handle.runPreFilterExtensionRemovePod(state, pod, p, nodeInfo);
      },
      addPod: (p: PodInfo) => {
        nodeInfo.addPodInfo(p);
        this.handle.runPreFilterExtensionAddPod(state, pod, p, nodeInfo);
      },
      filter: () => this.handle.runFilterPluginsWithNominatedPods(state, pod, nodeInfo),
    }, pdbs, this.handle.clock.now());
  }
}

export const newDefaultPreemption = (args: unknown, handle: Handle): DefaultPreemption =>
  new DefaultPreemption(handle, (args ?? {}) as DefaultPreemptionArgs);
