// How much of a ResourceQuota one object uses: the quota "evaluators".
//
// A quota's `spec.hard` names resources; each object kind knows which of them it consumes:
//   - every object: `count/<resource>[.<group>]` = 1 (object count quota, e.g. count/deployments.apps);
//   - Pods: `pods`, `requests.cpu` (alias `cpu`), `requests.memory` (alias `memory`),
//     `limits.cpu`, `limits.memory`, and the ephemeral-storage pair;
//   - PersistentVolumeClaims: `persistentvolumeclaims`, `requests.storage`, and the same per
//     StorageClass as `<class>.storageclass.storage.k8s.io/requests.storage`;
//   - Services, ConfigMaps, Secrets...: their legacy count names (`services`, `configmaps`...).
//
// Reference: pkg/quota/v1/evaluator/core/pods.go (podUsageHelper, Constraints),
// persistent_volume_claims.go, services.go, and staging/src/k8s.io/apiserver/pkg/quota/v1/
// generic/evaluator.go (ObjectCountQuotaResourceNameFor).
// SIMPLIFICATION: hugepages, extended resources and quota scopes are not evaluated.

import { Quantity } from "../../api/quantity";
import type { KubeObject } from "../types";
import { podResources } from "./limit-ranger";
import { asPod, type Pod } from "./pod-spec";

/** A ResourceList with parsed quantities. */
export type Usage = Map<string, Quantity>;

/** `count/pods`, `count/deployments.apps`. */
export function objectCountQuotaResourceNameFor(group: string, resource: string): string {
  return group === "" ? `count/${resource}` : `count/${resource}.${group}`;
}

const one = (): Quantity => Quantity.fromInt(1);
/** The core kinds that had a quota name before `count/` existed. */
const legacyCountNames = new Set(["pods", "services", "replicationcontrollers", "resourcequotas", "secrets", "configmaps", "persistentvolumeclaims"]);

/** A Pod in phase Succeeded or Failed no longer holds its resources. */
export function isTerminalPod(pod: Pod): boolean {
  const phase = (pod["status"] as { phase?: string } | undefined)?.phase;
  return phase === "Succeeded" || phase === "Failed";
}

//> pod-usage
function podUsage(pod: Pod): Usage {
  const usage: Usage = new Map([["pods", one()], ["count/pods", one()]]);
  if (isTerminalPod(pod)) return new Map();
  const requests = podResources(pod, "requests");
  const limits = podResources(pod, "limits");
  for (const r of ["cpu", "memory", "ephemeral-storage"]) {
    if (requests[r] !== undefined) {
      usage.set(`requests.${r}`, Quantity.parse(requests[r]));
      if (r !== "ephemeral-storage") usage.set(r, Quantity.parse(requests[r])); // "cpu" means requests.cpu
    }
    if (limits[r] !== undefined) usage.set(`limits.${r}`, Quantity.parse(limits[r]));
  }
  return usage;
}
//< pod-usage

function pvcUsage(pvc: KubeObject): Usage {
  const spec = (pvc["spec"] ?? {}) as { storageClassName?: string; resources?: { requests?: { storage?: string } } };
  const usage: Usage = new Map([["persistentvolumeclaims", one()], ["count/persistentvolumeclaims", one()]]);
  const storage = spec.resources?.requests?.storage;
  const cls = spec.storageClassName;
  if (cls) usage.set(`${cls}.storageclass.storage.k8s.io/persistentvolumeclaims`, one());
  if (storage !== undefined) {
    usage.set("requests.storage", Quantity.parse(storage));
    if (cls) usage.set(`${cls}.storageclass.storage.k8s.io/requests.storage`, Quantity.parse(storage));
  }
  return usage;
}

/** Evaluator.Usage: what `obj`, a `resource` in `group`, counts against quota. */
export function usageFor(group: string, resource: string, obj: KubeObject): Usage {
  if (group === "" && resource === "pods") {
    const pod = asPod(obj);
    if (pod !== undefined) return podUsage(pod);
  }
  if (group === "" && resource === "persistentvolumeclaims") return pvcUsage(obj);
  const usage: Usage = new Map([[objectCountQuotaResourceNameFor(group, resource), one()]]);
  if (group === "" && legacyCountNames.has(resource)) usage.set(resource, one());
  if (group === "" && resource === "services") {
    const type = (obj["spec"] as { type?: string } | undefined)?.type;
    if (type === "LoadBalancer") usage.set("services.loadbalancers", one());
    if (type === "NodePort" || type === "LoadBalancer") usage.set("services.nodeports", one());
  }
  return usage;
}

/** The quota names that force every container to say how much it wants. */
const validationSet = new Set(["cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory"]);

/**
 * podEvaluator.Constraints: if a quota limits cpu or memory, every container must set that
 * request or limit, or usage could not be counted. Upstream calls this coupling "a mistake" it
 * keeps for compatibility. Returns the error text, or undefined.
 */
export function podConstraints(required: Iterable<string>, pod: Pod): string | undefined {
  const requiredSet = [...required].filter((r) => validationSet.has(r));
  const missing = new Map<string, Set<string>>();
  for (const c of [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]) {
    const has = new Set<string>();
    for (const k of Object.keys(c.resources?.requests ?? {})) { has.add(`requests.${k}`); has.add(k); }
    for (const k of Object.keys(c.resources?.limits ?? {})) has.add(`limits.${k}`);
    for (const r of requiredSet) if (!has.has(r)) (missing.get(r) ?? missing.set(r, new Set()).get(r)!).add(c.name);
  }
  if (missing.size === 0) return undefined;
  const parts = [...missing.keys()].sort().map((r) => `${r} for: ${[...missing.get(r)!].sort().join(",")}`);
  return `must specify ${parts.join("; ")}`;
}
