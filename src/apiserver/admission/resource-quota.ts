// ResourceQuota admission: refuse a write that would push a namespace past its quota, and
// charge the quota for the writes it lets through.
//
//   kind: ResourceQuota
//   spec: {hard: {pods: "10", requests.cpu: "4", limits.memory: 8Gi, count/configmaps: "20"}}
//   status: {hard: ..., used: ...}   # kept up to date by admission (charges) and the
//                                    # quota controller (recounts, releases on delete)
//
// For each quota in the namespace that limits something the object uses:
//   1. constraints: a quota on cpu/memory requires every container to set it ("must specify");
//   2. status.used + delta <= status.hard for every limited resource the request increases,
//      else 403 `exceeded quota: <name>, requested: <r=q,...>, used: <...>, limited: <...>`;
//   3. if all quotas agree, each quota's status.used grows by the delta (not on dry run).
// It runs last in the chain, after the mutating webhooks, so it charges for the final object.
//
// Reference: staging/src/k8s.io/apiserver/pkg/admission/plugin/resourcequota/controller.go
// (checkRequest, prettyPrint) and pkg/quota/v1/resources.go (Mask, LessThanOrEqual).
// SIMPLIFICATION: upstream updates quota status with optimistic concurrency and retries, batching
// concurrent requests; here a synchronous in-memory store makes the check-and-charge atomic.
// Deleting an object releases nothing here: upstream, the quota controller recounts.

import { Quantity } from "../../api/quantity";
import type { AdmissionAttributes, KubeObject } from "../types";
import { admissionForbidden } from "./errors";
import { AdmissionContext, handlesOperations, type AdmissionPlugin } from "./plugin";
import { asPod } from "./pod-spec";
import { podConstraints, usageFor, type Usage } from "./quota-usage";

type ResourceList = Record<string, string>;
interface QuotaStatus { hard?: ResourceList; used?: ResourceList }

/** Where the plugin reads and charges quotas; the API server backs it with storage. */
export interface QuotaStore {
  list(namespace: string): KubeObject[];
  /** Replace the quota's status.used (a status subresource update). */
  updateUsed(namespace: string, name: string, used: ResourceList): void;
}

/**
 * An in-memory QuotaStore. `add` plays the quota controller's first sync: it copies spec.hard to
 * status.hard and starts every used amount at 0, unless a status is given.
 */
export class InMemoryQuotaStore implements QuotaStore {
  private readonly quotas = new Map<string, KubeObject>();

  add(quota: KubeObject): void {
    const copy = JSON.parse(JSON.stringify(quota)) as KubeObject;
    const hard = ((copy["spec"] as { hard?: ResourceList } | undefined)?.hard) ?? {};
    const status = (copy["status"] ??= {}) as QuotaStatus;
    status.hard ??= { ...hard };
    status.used ??= Object.fromEntries(Object.keys(hard).map((k) => [k, "0"]));
    this.quotas.set(`${copy.metadata?.namespace ?? ""}/${copy.metadata?.name ?? ""}`, copy);
  }

  get(namespace: string, name: string): KubeObject | undefined {
    return this.quotas.get(`${namespace}/${name}`);
  }

  list(namespace: string): KubeObject[] {
    return [...this.quotas.values()]
      .filter((q) => q.metadata?.namespace === namespace)
      .sort((a, b) => ((a.metadata?.name ?? "") < (b.metadata?.name ?? "") ? -1 : 1));
  }

  updateUsed(namespace: string, name: string, used: ResourceList): void {
    const q = this.quotas.get(`${namespace}/${name}`);
    if (q !== undefined) ((q["status"] ??= {}) as QuotaStatus).used = { ...used };
  }
}

/** prettyPrint: `limits.cpu=2,requests.cpu=1`, keys sorted. */
export function prettyPrint(list: ReadonlyMap<string, Quantity>): string {
  return [...list.keys()].sort().map((k) => `${k}=${list.get(k)!.toString()}`).join(",");
}

const parse = (list: ResourceList | undefined): Usage =>
  new Map(Object.entries(list ?? {}).map(([k, v]) => [k, Quantity.parse(v)]));
const mask = (list: Usage, names: Iterable<string>): Usage => {
  const keep = new Set(names);
  return new Map([...list].filter(([k]) => keep.has(k)));
};

//> quota-check
function checkRequest(a: AdmissionAttributes, store: QuotaStore): void {
  const obj = a.object;
  if (obj === undefined) return;
  const { group, resource } = a.resource;
  // The delta this request adds; on UPDATE only growth counts (SubtractWithNonNegativeResult).
  let delta = usageFor(group, resource, obj);
  if (a.operation === "UPDATE" && a.oldObject !== undefined) {
    const prev = usageFor(group, resource, a.oldObject);
    delta = new Map([...delta].map(([k, v]) => {
      const d = v.sub(prev.get(k) ?? Quantity.fromInt(0));
      return [k, d.sign() < 0 ? Quantity.fromInt(0) : d];
    }));
  }
  delta = new Map([...delta].filter(([, v]) => !v.isZero()));
  if (delta.size === 0) return;

  const charges: { name: string; used: Usage }[] = [];
  for (const quota of store.list(a.namespace)) {
    const name = quota.metadata?.name ?? "";
    const status = (quota["status"] ?? {}) as QuotaStatus;
    const hard = parse(status.hard);
    const used = parse(status.used);
    const pod = asPod(obj);
    if (pod !== undefined && group === "" && resource === "pods") {
      const err = podConstraints(hard.keys(), pod);
      if (err !== undefined) throw admissionForbidden(a, `failed quota: ${name}: ${err}`);
    }
    const requested = mask(delta, hard.keys());
    if (requested.size === 0) continue; // this quota limits nothing the object uses
    const unknown = [...requested.keys()].filter((k) => !used.has(k)).sort();
    if (unknown.length > 0) throw admissionForbidden(a, `status unknown for quota: ${name}, resources: ${unknown.join(",")}`);

    const newUsed = new Map(used);
    for (const [k, v] of requested) newUsed.set(k, (used.get(k) ?? Quantity.fromInt(0)).add(v));
    const exceeded = [...requested.keys()].filter((k) => newUsed.get(k)!.cmp(hard.get(k)!) > 0);
    if (exceeded.length > 0) {
      throw admissionForbidden(a,
        `exceeded quota: ${name}, requested: ${prettyPrint(mask(requested, exceeded))}, ` +
        `used: ${prettyPrint(mask(used, exceeded))}, limited: ${prettyPrint(mask(hard, exceeded))}`);
    }
    charges.push({ name, used: newUsed });
  }
  // Every quota agreed: charge them all (all or nothing).
  if (a.dryRun) return;
  for (const { name, used } of charges) {
    store.updateUsed(a.namespace, name, Object.fromEntries([...used].map(([k, v]) => [k, v.toString()])));
  }
}
//< quota-check

export function resourceQuotaPlugin(store: QuotaStore): AdmissionPlugin {
  return {
    name: "ResourceQuota",
    handles: handlesOperations("CREATE", "UPDATE"),
    validate(a: AdmissionAttributes, _ctx: AdmissionContext): void {
      if (a.subresource !== "" || a.namespace === "") return; // quotas are per namespace
      checkRequest(a, store);
    },
  };
}
