// Toleration matching: does one toleration of a pod tolerate one taint of a node?
//
// A taint repels pods: `key=value:effect` on a node keeps off every pod that does not tolerate it.
// The effect says how hard: NoSchedule (the scheduler places no new pod there), PreferNoSchedule
// (it avoids the node if it can), NoExecute (and the node's running pods are evicted too). A pod
// tolerates a taint when ANY of its tolerations matches it; a node is open to the pod when every
// NoSchedule and NoExecute taint on it is tolerated. Those two loops are done for you
// (src/scheduler/plugins/helper/taints.ts); you write the match of one toleration and one taint:
//
//   effect    an empty effect matches every effect; otherwise it must equal the taint's
//   key       an empty key matches every key (with operator Exists: "tolerate everything");
//             otherwise it must equal the taint's
//   operator  Exists: any value; Equal, or no operator at all: the values must be equal (a missing
//             value is the empty string); any other operator matches nothing
//
// Your function replaces src/scheduler/plugins/helper/toleration.ts in the real scheduler: the
// TaintToleration plugin (Filter and Score), NodeUnschedulable (a cordoned node's taint) and
// PodTopologySpread all call it, and the graded tests schedule whole clusters with it.
// src/scheduler/plugins/helper/toleration.ts is the course's own answer: try before you look at it.
import type { Taint, Toleration } from "kubernetes-types/core/v1";

/**
 * Toleration.ToleratesTaint: does toleration `t` tolerate `taint`? For example
 * `{ key: "gpu", operator: "Exists", effect: "NoSchedule" }` tolerates the taint
 * `gpu=nvidia:NoSchedule`, but not `gpu=nvidia:NoExecute`.
 */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  // SOLUTION BEGIN
  // TODO(toleration-matching): compare the effect, then the key, then the value by the operator,
  // each time letting an empty field match everything as described above. Read: Kubernetes docs,
  // "Taints and Tolerations" (https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/);
  // k8s.io/api/core/v1/toleration.go, ToleratesTaint.
  // STUB: return false;
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
  // SOLUTION END
}
