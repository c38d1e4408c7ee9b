// The two orderings preemption relies on: which of two pods is more important (victims are
// reprieved most important first), and which pods' eviction would break a PodDisruptionBudget
// (those are reprieved before the others, and a node that needs fewer of them is preferred).
//
// Reference: pkg/scheduler/util/utils.go (MoreImportantPod, GetPodStartTime);
// pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go (filterPodsWithPDBViolation).
import type { Pod } from "kubernetes-types/core/v1";
import type { PodDisruptionBudget } from "kubernetes-types/policy/v1";
import { labelSelectorAsSelector } from "../../../api";
import { type PodInfo, podPriority } from "../../framework/pod-info";

/** The start time used to compare equally important pods; pods not started yet count as now. */
export function startTime(pod: Pod, now: number): number {
  const t = pod.status?.startTime;
  return t ? Date.parse(t) : now;
}

/** util.MoreImportantPod: higher priority, or the same priority and started earlier. */
export function moreImportantPod(a: Pod, b: Pod, now: number): boolean {
  const p1 = podPriority(a);
  const p2 = podPriority(b);
  if (p1 !== p2) return p1 > p2;
  return startTime(a, now) < startTime(b, now);
}

/** filterPodsWithPDBViolation: split pods into those whose eviction would break a PDB, and the rest. */
export function filterPodsWithPDBViolation(pods: readonly PodInfo[], pdbs: readonly PodDisruptionBudget[]): [PodInfo[], PodInfo[]] {
  const allowed = pdbs.map((p) => p.status?.disruptionsAllowed ?? 0);
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  for (const p of pods) {
    let violated = false;
    const labels = p.pod.metadata?.labels ?? {};
    // A pod with no labels matches no PDB.
    if (Object.keys(labels).length > 0) {
      pdbs.forEach((pdb, i) => {
        if ((pdb.metadata?.namespace || "default") !== p.namespace) return;
        let selector;
        try {
          selector = labelSelectorAsSelector(pdb.spec?.selector);
        } catch {
          return;
        }
        // A PDB with a nil or empty selector matches nothing.
        if (selector.isEmpty() || !selector.matches(labels)) return;
        // Already counted by the disruption controller: not a new violation.
        if (pdb.status?.disruptedPods?.[p.pod.metadata?.name ?? ""] !== undefined) return;
        allowed[i]!--;
        if (allowed[i]! < 0) violated = true;
      });
    }
    (violated ? violating : nonViolating).push(p);
  }
  return [violating, nonViolating];
}
