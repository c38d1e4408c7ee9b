// POST pods/<name>/eviction: a delete that asks the pod's PodDisruptionBudget first. This is
// what `kubectl drain` sends for each pod, and what it retries while the answer is 429.
//
//   1. The Eviction's name must be the URL's (400).
//   2. A pod that is Pending, Succeeded, Failed or already terminating is deleted at once: it
//      disrupts nothing that is not disrupted already (canIgnorePDB).
//   3. The budgets matching the pod: none → delete; more than one → 500, the eviction
//      subresource does not support overlapping budgets.
//   4. An unready pod is deleted without spending the budget when the budget is met anyway
//      (or its unhealthyPodEvictionPolicy is AlwaysAllow): it is not counted as healthy.
//   5. Otherwise checkAndDecrement: 429 TooManyRequests when disruptionsAllowed is 0; else the
//      budget's status is written with one disruption spent and the pod in disruptedPods,
//      then the pod is deleted, as the Eviction's deleteOptions say.
//
// Reference: pkg/registry/core/pod/storage/eviction.go (EvictionREST.Create). The budget rules
// are in disruption-budget.ts, with what this course simplifies there.
// SIMPLIFICATION: no retries on conflict (the budget's update is a guaranteedUpdate, which
// retries by itself), and the pod's delete carries no resourceVersion precondition against a
// pod that becomes ready in between.

import type { Pod } from "kubernetes-types/core/v1";
import type { PodDisruptionBudget } from "kubernetes-types/policy/v1";
import { newBadRequest, newSuccessStatus, StatusError } from "../../api/status";
import type { StorageOutcome, StorageRequest } from "../pipeline/rest-handler";
import type { KubeObject } from "../types";
import type { ResolvedResource } from "./decode";
import { parseDeleteOptions } from "./delete-options";
import { budgetsFor, checkAndDecrement, effectiveStatus, isPodReady } from "./disruption-budget";
import type { RestContext } from "./rest-context";
import { resourceByName } from "./resources";

/** canIgnorePDB: the pod is not running, or is on its way out already. */
function canIgnorePDB(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === "Succeeded" || phase === "Failed" || phase === "Pending" || pod.metadata?.deletionTimestamp !== undefined;
}

/** The 500 upstream answers, a Status without a reason. */
function moreThanOneBudget(): StatusError {
  return new StatusError({
    kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", code: 500,
    message: "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.",
  });
}

//> apiserver-pod-eviction
export async function createEviction(ctx: RestContext, req: StorageRequest, resolved: ResolvedResource): Promise<StorageOutcome> {
  const eviction = req.object as KubeObject;
  const { info } = req;
  if (eviction.metadata?.name !== info.name) throw newBadRequest("name in URL does not match name in Eviction object");
  const options = parseDeleteOptions(eviction["deleteOptions"] ?? {}, {});
  const evicted = { kind: "Created", object: { ...newSuccessStatus(), code: 201 } } as const;
  const pods = ctx.registry(resolved.info);
  const deletePod = async () => {
    await ctx.registry(resolved.info, req.dryRun).delete(info.namespace, info.name, options);
    return evicted;
  };

  const pod = (await pods.get(info.namespace, info.name)) as unknown as Pod;
  if (canIgnorePDB(pod)) return deletePod();
  const pdbInfo = resourceByName("poddisruptionbudgets")!;
  const budgets = budgetsFor(pod, (await ctx.registry(pdbInfo).list(info.namespace)).items as unknown as PodDisruptionBudget[]);
  if (budgets.length > 1) throw moreThanOneBudget();
  const pdb = budgets[0];
  if (pdb === undefined) return deletePod();

  const namespacePods = async () => (await pods.list(info.namespace)).items as unknown as Pod[];
  const now = ctx.o.clock.now();
  if (!isPodReady(pod)) {
    // The pod is not counted as healthy: deleting it spends nothing, when the budget allows that.
    if (pdb.spec?.unhealthyPodEvictionPolicy === "AlwaysAllow") return deletePod();
    const status = effectiveStatus(pdb, await namespacePods(), now);
    if (status.currentHealthy >= status.desiredHealthy && status.desiredHealthy > 0) return deletePod();
  }
  const podsNow = await namespacePods();
  await ctx.registry(pdbInfo, req.dryRun).update(info.namespace, pdb.metadata?.name ?? "", { metadata: { name: pdb.metadata?.name ?? "" } }, {
    transform: (_ignored, current) => {
      const budget = current as unknown as PodDisruptionBudget;
      const spent = checkAndDecrement(budget, effectiveStatus(budget, podsNow, now), info.name, now, req.dryRun);
      return spent as unknown as KubeObject;
    },
  });
  return deletePod();
}
//< apiserver-pod-eviction
