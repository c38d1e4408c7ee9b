// Keeping ResourceQuota status honest. Upstream two parties write a quota's status.used: the
// ResourceQuota admission plugin charges it before a create is stored, and the resourcequota
// controller recounts every namespace periodically and on changes (releasing what deleted
// objects held). This server has no controller manager, so it recounts a namespace's quotas
// itself after every successful write in that namespace.
//
// SIMPLIFICATION: the count is synchronous with the write that caused it, so the admission
// plugin's own charge is not stored (QuotaStore.updateUsed does nothing); two concurrent creates
// may both pass a nearly full quota, which upstream's optimistic charge would refuse.
// Reference: pkg/controller/resourcequota/resource_quota_controller.go (syncResourceQuota).

import { Quantity } from "../../api/quantity";
import { usageFor } from "../admission/quota-usage";
import { collectionKey, objectKey } from "../storage/keys";
import type { KubeObject } from "../types";
import type { RestContext } from "./rest-context";
import { RESOURCES } from "./resources";

type ResourceList = Record<string, string>;

/** What the objects of a namespace use, for the resource names in `hard`. */
async function usageIn(ctx: RestContext, namespace: string, names: ReadonlySet<string>): Promise<ResourceList> {
  const total = new Map<string, Quantity>([...names].map((n) => [n, Quantity.fromInt(0)]));
  for (const info of RESOURCES) {
    if (!info.namespaced) continue;
    const list = await ctx.storage.getList(collectionKey(info.resource, namespace));
    for (const obj of list.items) {
      for (const [name, q] of usageFor(info.group, info.resource, obj)) {
        const sum = total.get(name);
        if (sum !== undefined) total.set(name, sum.add(q));
      }
    }
  }
  return Object.fromEntries([...total].map(([k, v]) => [k, v.toString()]));
}

const sameList = (a: unknown, b: ResourceList): boolean => JSON.stringify(a ?? {}) === JSON.stringify(b);

//> apiserver-quota-recount
/** syncResourceQuota for every quota of `namespace`: status.hard from spec.hard, status.used recounted. */
export async function recountQuotas(ctx: RestContext, namespace: string): Promise<void> {
  if (namespace === "") return;
  const quotas = ctx.o.state.caches.resourcequotas.list(namespace);
  for (const quota of quotas) {
    const hard = ((quota["spec"] as { hard?: ResourceList } | undefined)?.hard) ?? {};
    const used = await usageIn(ctx, namespace, new Set(Object.keys(hard)));
    const status = (quota["status"] ?? {}) as { hard?: unknown; used?: unknown };
    if (sameList(status.hard, hard) && sameList(status.used, used)) continue;
    const key = objectKey("resourcequotas", namespace, quota.metadata?.name ?? "");
    await ctx.storage.guaranteedUpdate(key, (current: KubeObject) => ({ ...current, status: { hard: { ...hard }, used } }), { ignoreNotFound: false })
      .catch(() => undefined); // deleted meanwhile: nothing to count
  }
}
//< apiserver-quota-recount
