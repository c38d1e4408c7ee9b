// PodDisruptionBudgets, as the eviction subresource reads them: which budget guards a pod, how
// many disruptions it allows now, and the check-and-decrement an eviction makes. Pure functions
// of the objects and the time; eviction.ts does the reads and writes.
//
// A budget's status is the disruption controller's to write: it counts the healthy (Ready) pods
// the selector matches, derives how many must stay healthy from minAvailable or maxUnavailable,
// and publishes the difference as status.disruptionsAllowed. An eviction spends one, and
// records the pod in status.disruptedPods so that the controller does not count it as healthy
// while it terminates.
//
// SIMPLIFICATION: this course has no disruption controller yet. A budget whose status carries no
// observedGeneration (no controller has looked at it) gets its status computed here, on each
// eviction, as the controller would (`computeBudgetStatus`); upstream such a budget refuses every
// eviction with 429 "is still being processed by the server" until the controller catches up.
// The expected pod count for maxUnavailable and percentages is the number of matching pods, not
// the replicas of the controllers that own them (getExpectedScale), so once an evicted pod is
// gone, the budget is computed over one pod fewer.
//
// Reference: pkg/registry/core/pod/storage/eviction.go (getPodDisruptionBudgets,
// checkAndDecrement), pkg/controller/disruption/disruption.go (getExpectedPodCount,
// countHealthyPods, buildDisruptedPodMap, updatePdbStatus), pkg/apis/policy/helper
// (UpdateDisruptionAllowedCondition).

import type { Pod } from "kubernetes-types/core/v1";
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from "kubernetes-types/policy/v1";
import { labelSelectorAsSelector } from "../../api/label-selector";
import { rfc3339 } from "../../api/meta";
import { newForbidden, newTooManyRequests, StatusError } from "../../api/status";

/** disruption.DeletionTimeout: an evicted pod not deleted by then counts as healthy again. */
export const DeletionTimeoutMs = 2 * 60 * 1000;
/** policyv1.DisruptionBudgetCause: the cause of a 429 from an eviction (a StatusCause's Type, `reason` in JSON). */
export const DisruptionBudgetCause = "DisruptionBudget";

/** getPodDisruptionBudgets: the budgets whose selector matches the pod. A missing or empty selector matches nothing. */
export function budgetsFor(pod: Pod, budgets: readonly PodDisruptionBudget[]): PodDisruptionBudget[] {
  return budgets.filter((pdb) => {
    if (pdb.metadata?.namespace !== pod.metadata?.namespace) return false;
    let selector;
    try {
      selector = labelSelectorAsSelector(pdb.spec?.selector);
    } catch {
      return false; // an invalid selector matches nothing
    }
    return !selector.isEmpty() && !selector.matchesNothing && selector.matches(pod.metadata?.labels ?? {});
  });
}

/** podutil.IsPodReady: the Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
}

/** intstr.GetScaledValueFromIntOrPercent(v, total, roundUp=true). */
function scaled(v: number | string, total: number): number {
  if (typeof v === "number") return v;
  return Math.ceil((parseInt(v, 10) * total) / 100);
}

/** buildDisruptedPodMap: entries for pods that still exist, are not terminating, and are recent. */
function liveDisruptedPods(pdb: PodDisruptionBudget, pods: readonly Pod[], now: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, at] of Object.entries(pdb.status?.disruptedPods ?? {})) {
    const pod = pods.find((p) => p.metadata?.name === name);
    if (pod === undefined || pod.metadata?.deletionTimestamp) continue;
    if (Date.parse(at) + DeletionTimeoutMs < now) continue;
    out[name] = at;
  }
  return out;
}

/** UpdateDisruptionAllowedCondition: DisruptionAllowed True (SufficientPods) or False (InsufficientPods). */
function withAllowedCondition(status: PodDisruptionBudgetStatus, now: number): PodDisruptionBudgetStatus {
  const allowed = status.disruptionsAllowed > 0;
  const previous = status.conditions?.find((c) => c.type === "DisruptionAllowed");
  const wanted = allowed ? "True" : "False";
  const condition = {
    type: "DisruptionAllowed", status: wanted, reason: allowed ? "SufficientPods" : "InsufficientPods", message: "",
    lastTransitionTime: previous?.status === wanted ? previous.lastTransitionTime : rfc3339(now),
    ...(status.observedGeneration ? { observedGeneration: status.observedGeneration } : {}),
  };
  return { ...status, conditions: [...(status.conditions ?? []).filter((c) => c.type !== "DisruptionAllowed"), condition] };
}

//> compute-budget-status
/** The status the disruption controller would write, from the namespace's pods. */
export function computeBudgetStatus(pdb: PodDisruptionBudget, namespacePods: readonly Pod[], now: number): PodDisruptionBudgetStatus {
  const selector = labelSelectorAsSelector(pdb.spec?.selector);
  const pods = namespacePods.filter((p) => selector.matches(p.metadata?.labels ?? {}));
  const disruptedPods = liveDisruptedPods(pdb, pods, now);
  // countHealthyPods: Ready, not terminating, not just evicted.
  const currentHealthy = pods.filter((p) => !p.metadata?.deletionTimestamp && !((p.metadata?.name ?? "") in disruptedPods) && isPodReady(p)).length;
  // getExpectedPodCount.
  const expectedPods = pods.length;
  let desiredHealthy = 0;
  if (pdb.spec?.maxUnavailable !== undefined) desiredHealthy = Math.max(0, expectedPods - scaled(pdb.spec.maxUnavailable, expectedPods));
  else if (pdb.spec?.minAvailable !== undefined) desiredHealthy = scaled(pdb.spec.minAvailable, expectedPods);
  const disruptionsAllowed = expectedPods <= 0 ? 0 : Math.max(0, currentHealthy - desiredHealthy);
  const status: PodDisruptionBudgetStatus = {
    ...(Object.keys(disruptedPods).length > 0 ? { disruptedPods } : {}),
    disruptionsAllowed, currentHealthy, desiredHealthy, expectedPods,
    ...(pdb.status?.conditions === undefined ? {} : { conditions: pdb.status.conditions }),
  };
  return withAllowedCondition(status, now);
}
//< compute-budget-status

/** The budget's status to decide on: its own, or (no controller has observed it) a computed one. */
export function effectiveStatus(pdb: PodDisruptionBudget, namespacePods: readonly Pod[], now: number): PodDisruptionBudgetStatus {
  const status = pdb.status;
  if (status?.observedGeneration !== undefined) return status;
  return computeBudgetStatus(pdb, namespacePods, now);
}

/** createTooManyRequestsError and its kin: 429 with a DisruptionBudget cause saying why. */
function tooManyRequests(retryAfterSeconds: number, cause: string): StatusError {
  const err = newTooManyRequests("Cannot evict pod as it would violate the pod's disruption budget.", retryAfterSeconds);
  err.status.details = { ...err.status.details, causes: [{ reason: DisruptionBudgetCause, message: cause }] };
  return err;
}

//> check-and-decrement
/**
 * checkAndDecrement: may one more pod go? Returns the budget with one disruption spent and the
 * pod recorded in disruptedPods (dry run: not recorded), or throws the 429 (or 403) the client sees.
 */
export function checkAndDecrement(pdb: PodDisruptionBudget, status: PodDisruptionBudgetStatus, podName: string, now: number, dryRun: boolean): PodDisruptionBudget {
  const name = pdb.metadata?.name ?? "";
  if (status.observedGeneration !== undefined && status.observedGeneration < (pdb.metadata?.generation ?? 0)) {
    throw tooManyRequests(10, `The disruption budget ${name} is still being processed by the server.`);
  }
  if (status.disruptionsAllowed < 0) throw newForbidden({ group: "policy", resource: "poddisruptionbudget" }, name, "pdb disruptions allowed is negative");
  if (status.disruptionsAllowed === 0) {
    throw tooManyRequests(0, `The disruption budget ${name} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently`);
  }
  let next: PodDisruptionBudgetStatus = { ...status, disruptionsAllowed: status.disruptionsAllowed - 1 };
  if (next.disruptionsAllowed === 0) next = withAllowedCondition(next, now);
  if (!dryRun) next = { ...next, disruptedPods: { ...(next.disruptedPods ?? {}), [podName]: rfc3339(now) } };
  return { ...pdb, status: next };
}
//< check-and-decrement
