// Does one toleration tolerate one taint? The rule behind every taint decision the scheduler
// makes (TaintToleration's Filter and Score, NodeUnschedulable, PodTopologySpread's
// nodeTaintsPolicy), on its own so that it can be read, and replaced, in one place.
//
// Reference: k8s.io/api/core/v1/toleration.go (Toleration.ToleratesTaint).
//
// SIMPLIFICATION: newer releases add the operators Lt and Gt (numeric taint values, behind the
// TaintTolerationComparisonOperators feature gate); here, as before them, any operator other than
// Equal and Exists tolerates nothing.
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
