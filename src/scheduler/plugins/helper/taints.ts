// Taints and tolerations: matching rules shared by TaintToleration, NodeUnschedulable and
// PodTopologySpread's nodeTaintsPolicy.
//
// Reference: k8s.io/component-helpers/scheduling/corev1 (FindMatchingUntoleratedTaint). The rule
// for one toleration and one taint (k8s.io/api/core/v1/toleration.go) is in toleration.ts.
import type { Taint, Toleration } from "kubernetes-types/core/v1";
import { toleratesTaint } from "./toleration";

export { toleratesTaint };

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
