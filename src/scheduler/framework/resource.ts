// Resources as the scheduler counts them: plain integers (milli-CPU, bytes, counts), added and
// compared thousands of times per pod, so parsed once from the API's quantity strings.
//
// Reference: pkg/scheduler/framework/types.go (Resource), k8s.io/component-helpers/resource
// (PodRequests), pkg/scheduler/util/pod_resources.go (DefaultMilliCPURequest,
// DefaultMemoryRequest).
import type { Container, Pod, ResourceRequirements } from "kubernetes-types/core/v1";
import { Quantity } from "../../api";

//> non-zero-defaults
/**
 * What a container that states no CPU request counts as when *scoring* (never when filtering):
 * without it, a hundred best-effort pods would all score a node as empty and pile onto it.
 */
export const DefaultMilliCPURequest = 100; // 0.1 core
/** The same for memory: 200 MiB. */
export const DefaultMemoryRequest = 200 * 1024 * 1024;
//< non-zero-defaults

export const ResourceCPU = "cpu";
export const ResourceMemory = "memory";
export const ResourceEphemeralStorage = "ephemeral-storage";
export const ResourcePods = "pods";

/** Anything that is not cpu, memory, ephemeral-storage or pods: `nvidia.com/gpu`, hugepages-2Mi. */
export function isScalarResourceName(name: string): boolean {
  return name !== ResourceCPU && name !== ResourceMemory && name !== ResourceEphemeralStorage && name !== ResourcePods;
}

/** framework.Resource: one number per resource; cpu in milli-cores, the rest in base units. */
export class Resource {
  milliCPU = 0;
  memory = 0;
  ephemeralStorage = 0;
  /** Only meaningful for allocatable: how many pods the node accepts. */
  allowedPodNumber = 0;
  /** Extended and other scalar resources (`nvidia.com/gpu`), in base units. */
  scalar = new Map<string, number>();

  /** A Resource from a ResourceList such as `node.status.allocatable`. */
  static fromList(list: Readonly<Record<string, string | number>> | undefined): Resource {
    const r = new Resource();
    for (const [name, q] of Object.entries(list ?? {})) r.set(name, quantityValue(name, q));
    return r;
  }

  get(name: string): number {
    switch (name) {
      case ResourceCPU:
        return this.milliCPU;
      case ResourceMemory:
        return this.memory;
      case ResourceEphemeralStorage:
        return this.ephemeralStorage;
      case ResourcePods:
        return this.allowedPodNumber;
      default:
        return this.scalar.get(name) ?? 0;
    }
  }

  set(name: string, value: number): void {
    switch (name) {
      case ResourceCPU:
        this.milliCPU = value;
        break;
      case ResourceMemory:
        this.memory = value;
        break;
      case ResourceEphemeralStorage:
        this.ephemeralStorage = value;
        break;
      case ResourcePods:
        this.allowedPodNumber = value;
        break;
      default:
        this.scalar.set(name, value);
    }
  }

  /** Adds (sign 1) or subtracts (sign -1) another resource vector. */
  add(other: Resource, sign: 1 | -1 = 1): void {
    this.milliCPU += sign * other.milliCPU;
    this.memory += sign * other.memory;
    this.ephemeralStorage += sign * other.ephemeralStorage;
    for (const [name, v] of other.scalar) this.scalar.set(name, (this.scalar.get(name) ?? 0) + sign * v);
  }

  clone(): Resource {
    const r = new Resource();
    r.milliCPU = this.milliCPU;
    r.memory = this.memory;
    r.ephemeralStorage = this.ephemeralStorage;
    r.allowedPodNumber = this.allowedPodNumber;
    r.scalar = new Map(this.scalar);
    return r;
  }

  /** Resource names present with a value (for messages and tests). */
  toJSON(): Record<string, number> {
    const out: Record<string, number> = { cpu: this.milliCPU, memory: this.memory };
    if (this.ephemeralStorage) out[ResourceEphemeralStorage] = this.ephemeralStorage;
    if (this.allowedPodNumber) out[ResourcePods] = this.allowedPodNumber;
    for (const [k, v] of this.scalar) out[k] = v;
    return out;
  }
}

// Parsing a quantity is exact (bigint) and so not free: cache by (resource kind, text).
const quantityCache = new Map<string, number>();

/** CPU in milli-cores (MilliValue), everything else in base units (Value), both rounded up. */
export function quantityValue(name: string, q: string | number): number {
  const text = String(q);
  const cpu = name === ResourceCPU;
  const key = (cpu ? "m:" : "v:") + text;
  let v = quantityCache.get(key);
  if (v === undefined) {
    const parsed = Quantity.parse(text);
    v = cpu ? parsed.milliValue() : parsed.value();
    quantityCache.set(key, v);
  }
  return v;
}

/** A ResourceList as numbers, keeping only the names that are present. */
type Amounts = Map<string, number>;

function containerRequests(c: Container, nonMissing: Amounts | undefined): Amounts {
  const out: Amounts = new Map();
  const requests = (c.resources as ResourceRequirements | undefined)?.requests ?? {};
  for (const [name, q] of Object.entries(requests)) out.set(name, quantityValue(name, q));
  if (nonMissing) for (const [name, v] of nonMissing) if (!out.has(name)) out.set(name, v);
  return out;
}

function addInto(into: Amounts, from: Amounts): void {
  for (const [k, v] of from) into.set(k, (into.get(k) ?? 0) + v);
}

function maxInto(into: Amounts, from: Amounts): void {
  for (const [k, v] of from) if (!into.has(k) || (into.get(k) ?? 0) < v) into.set(k, v);
}

//> pod-requests
/**
 * resource.PodRequests: what a pod asks of a node.
 *   sum(regular containers + restartable init containers (sidecars))
 *   max with each non-restartable init container (plus the sidecars started before it),
 *   plus the pod overhead.
 * `nonMissing` fills in requests a container leaves unset (the non-zero scoring defaults).
 */
export function podRequests(pod: Pod, nonMissing?: Amounts): Amounts {
  const reqs: Amounts = new Map();
  for (const c of pod.spec?.containers ?? []) addInto(reqs, containerRequests(c, nonMissing));
  const restartable: Amounts = new Map();
  const initMax: Amounts = new Map();
  for (const c of pod.spec?.initContainers ?? []) {
    const r = containerRequests(c, nonMissing);
    if (c.restartPolicy === "Always") {
      // A sidecar keeps running next to the app containers.
      addInto(reqs, r);
      addInto(restartable, r);
      maxInto(initMax, restartable);
    } else {
      const withSidecars = new Map(r);
      addInto(withSidecars, restartable);
      maxInto(initMax, withSidecars);
    }
  }
  maxInto(reqs, initMax);
  for (const [name, q] of Object.entries(pod.spec?.overhead ?? {})) {
    reqs.set(name, (reqs.get(name) ?? 0) + quantityValue(name, q));
  }
  return reqs;
}
//< pod-requests

/** The scoring defaults for containers without a cpu or memory request. */
export const nonZeroDefaults: Amounts = new Map([
  [ResourceCPU, DefaultMilliCPURequest],
  [ResourceMemory, DefaultMemoryRequest],
]);

/** Amounts as a Resource. */
export function toResource(amounts: Amounts): Resource {
  const r = new Resource();
  for (const [k, v] of amounts) r.set(k, v);
  return r;
}
