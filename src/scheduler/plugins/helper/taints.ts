// Taints and tolerations: matching rules shared by TaintToleration, NodeUnschedulable and
// PodTopologySpread's nodeTaintsPolicy.
//
// Reference: k8s.io/api/core/v1/toleration.go (ToleratesTaint),
// k8s.io/component-helpers/scheduling/corev1 (FindMatchingUntoleratedTaint).
import type { Taint, Toleration } from "kubernetes-types/core/v1";

//> tolerates-taint
/**
 * Toleration.ToleratesTaint. An empty effect matches every effect, an empty key with operator
 * Exists matches every taint, and an empty operator means Equal.
 */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? "") {
    case "":
    case "Equal":
      return (t.value ?? "") === (taint.value ?? "");
    case "Exists":
      return true;
    default:
      return false;
  }
}
//< tolerates-taint

export function tolerationsTolerateTaint(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

/** The first taint that passes `include` and no toleration tolerates, or undefined. */
export function findMatchingUntoleratedTaint(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[] | undefined,
  include: (t: Taint) => boolean,
): Taint | undefined {
  for (const taint of taints ?? []) {
    if (include(taint) && !tolerationsTolerateTaint(tolerations, taint)) return taint;
  }
  return undefined;
}

/** The taints Filter cares about: NoSchedule and NoExecute (PreferNoSchedule only scores). */
export const doNotScheduleTaints = (t: Taint): boolean => t.effect === "NoSchedule" || t.effect === "NoExecute";
