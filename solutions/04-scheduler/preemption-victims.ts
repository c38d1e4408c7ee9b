// Preemption: which pods on a node must go so that a more important pod fits there?
//
// When no node fits a pod, DefaultPreemption looks for a node where evicting pods of LOWER
// priority would make room. For each candidate node it makes a copy (a dry run) and asks you for
// the victims; then it compares the nodes (fewest PodDisruptionBudget violations, least important
// victims, fewest victims, ...: pickOneNodeForPreemption) and evicts the victims on the best one.
//
// Upstream's procedure, which you implement on the copy `node`:
//
//   1. The potential victims are the pods with a priority strictly below the preemptor's. If
//      there are none, this node cannot help: no victims, status UnschedulableAndUnresolvable with
//      the reason ErrReasonNoVictims.
//   2. Remove all of them (node.removePod) and run the filters (node.filter()). If the preemptor
//      still does not fit, evicting cannot help here either: no victims, and the filter's status.
//   3. Reprieve: put the potential victims back one at a time (node.addPod), the most important
//      first (moreImportantPod: higher priority, then the earlier start), and first those whose
//      eviction would violate a PodDisruptionBudget, then the rest (filterPodsWithPDBViolation
//      splits them). After each, run the filters: if the preemptor still fits, the pod stays;
//      if not, remove it again: it is a victim. Count the victims that came from the
//      PDB-violating group: that is numPDBViolations.
//   4. If victims came from both groups, sort them most important first.
//
// Why this order? Putting back the most important pods first keeps them; the pods that end up
// evicted are the least important ones that have to go. It is greedy, not the smallest possible
// set (that would be a knapsack problem), and that is what kube-scheduler does.
//
// node.filter() runs the real Filter plugins on the copy, so removePod and addPod are the only
// way to change what it sees: they also update the scheduling cycle's state (InterPodAffinity's
// counts, PodTopologySpread's), so a victim whose presence broke an anti-affinity rule is found
// too. Always remove a pod that does not get its reprieve, or the next checks see it still there.
//
// Your function replaces src/scheduler/plugins/select-victims-on-node.ts in the real scheduler:
// DefaultPreemption calls it for every candidate node, and the graded tests preempt whole clusters
// with it. select-victims-on-node.ts is the course's own answer: try before you look at it.
import type { Pod } from "kubernetes-types/core/v1";
import type { PodDisruptionBudget } from "kubernetes-types/policy/v1";
import { type PodInfo, podPriority } from "../../src/scheduler/framework/pod-info";
import { Code, newStatus } from "../../src/scheduler/framework/status";
import { filterPodsWithPDBViolation, moreImportantPod } from "../../src/scheduler/plugins/helper/preemption";
import { ErrReasonNoVictims, type PreemptionDryRun, type VictimSelection } from "../../src/scheduler/plugins/select-victims-on-node";

/**
 * SelectVictimsOnNode: the pods to evict from `node` so that `preemptor` fits, or why none can
 * help. `now` (ms) is the start time of pods that have not started, for moreImportantPod.
 *   no lower-priority pod     { victims: [], numPDBViolations: 0, status: UnschedulableAndUnresolvable, ErrReasonNoVictims }
 *   does not fit even so      { victims: [], numPDBViolations: 0, status: <what node.filter() said> }
 *   otherwise                 { victims, numPDBViolations, status: null }
 */
export function selectVictimsOnNode(
  preemptor: Pod,
  node: PreemptionDryRun,
  pdbs: readonly PodDisruptionBudget[],
  now: number,
): VictimSelection {
  // SOLUTION BEGIN
  // TODO(preemption-victims): follow steps 1-4 above. Useful: podPriority(pod) or podInfo.priority;
  // moreImportantPod(a, b, now); filterPodsWithPDBViolation(pods, pdbs) → [violating, nonViolating];
  // newStatus(Code.UnschedulableAndUnresolvable, ErrReasonNoVictims). A filter status s means "fits"
  // when s === null || s.isSuccess(). Read: Kubernetes docs, "Pod Priority and Preemption"
  // (https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/#preemption);
  // pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go, SelectVictimsOnNode.
  // STUB: return { victims: [], numPDBViolations: 0, status: null };
  const fits = (): boolean => {
    const s = node.filter();
    return s === null || s.isSuccess();
  };
  const prio = podPriority(preemptor);
  const potentialVictims: PodInfo[] = node.pods.filter((p) => p.priority < prio);
  if (potentialVictims.length === 0) {
    return { victims: [], numPDBViolations: 0, status: newStatus(Code.UnschedulableAndUnresolvable, ErrReasonNoVictims) };
  }
  for (const p of potentialVictims) node.removePod(p);
  const status = node.filter();
  if (status !== null && !status.isSuccess()) return { victims: [], numPDBViolations: 0, status };

  const byImportance = (a: Pod, b: Pod): number => (moreImportantPod(a, b, now) ? -1 : moreImportantPod(b, a, now) ? 1 : 0);
  potentialVictims.sort((a, b) => byImportance(a.pod, b.pod));
  const [violating, nonViolating] = filterPodsWithPDBViolation(potentialVictims, pdbs);
  const victims: Pod[] = [];
  const reprieve = (p: PodInfo): boolean => {
    node.addPod(p);
    if (fits()) return true;
    node.removePod(p);
    victims.push(p.pod);
    return false;
  };
  let numPDBViolations = 0;
  for (const p of violating) if (!reprieve(p)) numPDBViolations++;
  for (const p of nonViolating) reprieve(p);
  if (violating.length > 0 && nonViolating.length > 0) victims.sort(byImportance);
  return { victims, numPDBViolations, status: null };
  // SOLUTION END
}
