// Preemption's victims on one node: the fewest, least important pods whose eviction lets the
// preemptor in. DefaultPreemption runs this on a copy of every candidate node (a dry run) and
// then picks one node by pickOneNodeForPreemption.
//
//   1. Remove every pod of lower priority than the preemptor. None: the node cannot help.
//   2. Run the Filter plugins. If the preemptor still does not fit, evicting cannot help here:
//      that filter status is the node's answer.
//   3. Reprieve: put the removed pods back one at a time, most important first (higher priority,
//      then earlier start), first those whose eviction would break a PodDisruptionBudget, then
//      the others. A pod that still lets the preemptor fit stays; one that does not is taken off
//      again and becomes a victim.
//
// Equal priority never preempts: a pod only evicts pods it outranks. The result is minimal in
// the greedy sense upstream uses, not the smallest set overall (that is a knapsack problem).
//
// Reference: pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go
// (SelectVictimsOnNode).
import type { Pod } from "kubernetes-types/core/v1";
import type { PodDisruptionBudget } from "kubernetes-types/policy/v1";
import { type PodInfo, podPriority } from "../framework/pod-info";
import { Code, newStatus, type Status } from "../framework/status";
import { filterPodsWithPDBViolation, moreImportantPod } from "./helper/preemption";

/** The node's status when no pod on it has a lower priority than the preemptor. */
export const ErrReasonNoVictims = "No preemption victims found for incoming pod";

/**
 * A copy of one node that a dry run may change: remove pods, add them back, and ask whether the
 * preemptor fits now. Removing and adding also update the cycle's PreFilter state (for example
 * InterPodAffinity's counts), so `filter` sees the node exactly as it would be.
 */
export interface PreemptionDryRun {
  /** The pods on the copy right now. The array changes as pods are removed: copy what you keep. */
  readonly pods: readonly PodInfo[];
  removePod(p: PodInfo): void;
  addPod(p: PodInfo): void;
  /** Every Filter plugin, for the preemptor, on the copy as it is now: null or a success means it fits. */
  filter(): Status | null;
}

export interface VictimSelection {
  /** The pods to evict, most important first. */
  victims: Pod[];
  /** How many of the victims are protected by a PodDisruptionBudget that allows no more disruptions. */
  numPDBViolations: number;
  /** null when `victims` make room; otherwise why this node cannot be a candidate. */
  status: Status | null;
}

//> select-victims-on-node
export function selectVictimsOnNode(
  preemptor: Pod,
  node: PreemptionDryRun,
  pdbs: readonly PodDisruptionBudget[],
  now: number,
): VictimSelection {
  const fits = (): [boolean, Status | null] => {
    const s = node.filter();
    return [s === null || s.isSuccess(), s];
  };
  // First remove every lower-priority pod and see whether the pod fits at all.
  const prio = podPriority(preemptor);
  const potentialVictims = node.pods.filter((p) => p.priority < prio);
  if (potentialVictims.length === 0) {
    return { victims: [], numPDBViolations: 0, status: newStatus(Code.UnschedulableAndUnresolvable, ErrReasonNoVictims) };
  }
  for (const p of potentialVictims) node.removePod(p);
  const [fitsWithoutThem, status] = fits();
  if (!fitsWithoutThem) return { victims: [], numPDBViolations: 0, status };

  // Then reprieve as many as possible, most important first, PDB-protected ones first.
  potentialVictims.sort((a, b) => (moreImportantPod(a.pod, b.pod, now) ? -1 : moreImportantPod(b.pod, a.pod, now) ? 1 : 0));
  const [violatingVictims, nonViolatingVictims] = filterPodsWithPDBViolation(potentialVictims, pdbs);
  const victims: Pod[] = [];
  const reprieve = (p: PodInfo): boolean => {
    node.addPod(p);
    const [stillFits] = fits();
    if (!stillFits) {
      node.removePod(p);
      victims.push(p.pod);
    }
    return stillFits;
  };
  let numViolating = 0;
  for (const p of violatingVictims) if (!reprieve(p)) numViolating++;
  for (const p of nonViolatingVictims) reprieve(p);
  if (violatingVictims.length > 0 && nonViolatingVictims.length > 0) {
    victims.sort((a, b) => (moreImportantPod(a, b, now) ? -1 : moreImportantPod(b, a, now) ? 1 : 0));
  }
  return { victims, numPDBViolations: numViolating, status: null };
}
//< select-victims-on-node
