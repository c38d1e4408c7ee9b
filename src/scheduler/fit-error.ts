// FitError: why a pod fits no node, in the words `kubectl describe pod` shows:
//
//   0/5 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match Pod's node
//   affinity/selector, 2 node(s) had untolerated taint(s). preemption: 0/5 nodes are
//   available: 2 No preemption victims found for incoming pod, 3 Preemption is not helpful
//   for scheduling.
//
// Every reason of every node is counted; the "count reason" strings are sorted as strings
// (so "10 ..." sorts before "2 ..."), as upstream does.
//
// Reference: pkg/scheduler/framework/types.go (FitError.Error, NoNodeAvailableMsg).
import type { Pod } from "kubernetes-types/core/v1";
import type { NodeToStatus } from "./framework/interface";
import { podKey } from "./framework/pod-info";

export const NoNodeAvailableMsg = "0/%v nodes are available";

export interface FitDiagnosis {
  nodeToStatus: NodeToStatus;
  /** Set when PreFilter rejected the pod: then it is the whole reason. */
  preFilterMsg: string;
  /** What PostFilter (preemption) said, appended after the node reasons. */
  postFilterMsg: string;
  /** Plugins that rejected the pod (the queue's hints). */
  unschedulablePlugins?: Set<string>;
}

//> fit-error-message
export function fitErrorMessage(numAllNodes: number, d: FitDiagnosis): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (d.preFilterMsg !== "") {
    msg += ` ${d.preFilterMsg}.`;
  } else {
    const reasons = new Map<string, number>();
    for (const [, status] of d.nodeToStatus.entries()) {
      for (const r of status.reasons) reasons.set(r, (reasons.get(r) ?? 0) + 1);
    }
    // Nodes without an explicit status share the "absent nodes" status.
    const absent = numAllNodes - d.nodeToStatus.size;
    if (absent > 0 && d.nodeToStatus.absentNodesStatus) {
      for (const r of d.nodeToStatus.absentNodesStatus.reasons) reasons.set(r, (reasons.get(r) ?? 0) + absent);
    }
    const sorted = [...reasons].map(([r, n]) => `${n} ${r}`).sort();
    if (sorted.length > 0) msg += ` ${sorted.join(", ")}.`;
  }
  // PostFilter messages (joined by ", " when several plugins speak) already end with a period.
  if (d.postFilterMsg !== "") msg += ` ${d.postFilterMsg}${d.postFilterMsg.endsWith(".") ? "" : "."}`;
  return msg;
}
//< fit-error-message

export class FitError extends Error {
  override readonly name = "FitError";

  constructor(
    readonly pod: Pod,
    readonly numAllNodes: number,
    readonly diagnosis: FitDiagnosis,
  ) {
    super(fitErrorMessage(numAllNodes, diagnosis));
  }

  /** The message again, recomputed (after PostFilter added its part). */
  override toString(): string {
    return fitErrorMessage(this.numAllNodes, this.diagnosis);
  }

  get podKey(): string {
    return podKey(this.pod);
  }
}
