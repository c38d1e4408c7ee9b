// NodeInfo: everything the scheduler knows about one node, kept up to date incrementally.
//
// Binding a pod adds its requests to `requested` in O(1) instead of re-adding every pod on the
// node; that, plus the PreFilter/PreScore precomputation, is what lets one scheduling cycle look
// at hundreds of nodes in well under a millisecond.
//
// Reference: pkg/scheduler/framework/types.go (NodeInfo, AddPodInfo, RemovePod, update,
// HostPortInfo).
import type { Node, Pod } from "kubernetes-types/core/v1";
import { type HostPort, type PodInfo, podInfoOf } from "./pod-info";
import { Resource } from "./resource";

//> node-info
export class NodeInfo {
  /** The pods on the node, including ones assumed (being bound) by this scheduler. */
  pods: PodInfo[] = [];
  /** The subset with any pod affinity or anti-affinity (for InterPodAffinity scoring). */
  podsWithAffinity: PodInfo[] = [];
  /** The subset with required anti-affinity (for InterPodAffinity filtering). */
  podsWithRequiredAntiAffinity: PodInfo[] = [];
  /** Host ports in use: ip → "protocol/port" set. */
  usedPorts = new Map<string, Set<string>>();
  /** Sum of the pods' requests, as NodeResourcesFit filters against allocatable. */
  requested = new Resource();
  /**
   * Sum with the non-zero defaults (100m CPU, 200Mi memory) for containers without requests:
   * what LeastAllocated and friends score with.
   */
  nonZeroRequested = new Resource();
  /** node.status.allocatable. */
  allocatable = new Resource();
  /** Image name → size in bytes, for every name of every image the node reports. */
  imageSizes = new Map<string, number>();
  /** Bumped on every change: lets observers notice a node changed. */
  generation = 0;

  constructor(public node: Node) {
    this.setNode(node);
  }

  get name(): string {
    return this.node.metadata?.name ?? "";
  }

  setNode(node: Node): void {
    this.node = node;
    this.allocatable = Resource.fromList(node.status?.allocatable ?? node.status?.capacity);
    this.imageSizes = new Map();
    for (const image of node.status?.images ?? []) {
      for (const name of image.names ?? []) this.imageSizes.set(name, image.sizeBytes ?? 0);
    }
    this.generation++;
  }

  addPod(pod: Pod): PodInfo {
    const info = podInfoOf(pod);
    this.addPodInfo(info);
    return info;
  }

  addPodInfo(info: PodInfo): void {
    this.pods.push(info);
    if (info.hasAffinity) this.podsWithAffinity.push(info);
    if (info.requiredAntiAffinityTerms.length > 0) this.podsWithRequiredAntiAffinity.push(info);
    this.update(info, 1);
  }

  /** Removes the pod with the same namespace/name; returns false if it was not here. */
  removePod(pod: Pod): boolean {
    const key = podInfoOf(pod).key;
    const i = this.pods.findIndex((p) => p.key === key);
    if (i < 0) return false;
    const info = this.pods[i]!;
    this.pods.splice(i, 1);
    this.podsWithAffinity = this.podsWithAffinity.filter((p) => p.key !== key);
    this.podsWithRequiredAntiAffinity = this.podsWithRequiredAntiAffinity.filter((p) => p.key !== key);
    this.update(info, -1);
    return true;
  }

  private update(info: PodInfo, sign: 1 | -1): void {
    this.requested.add(info.requests, sign);
    this.nonZeroRequested.milliCPU += sign * info.nonZeroCPU;
    this.nonZeroRequested.memory += sign * info.nonZeroMemory;
    for (const p of info.hostPorts) this.updatePort(p, sign);
    this.generation++;
  }

  private updatePort(p: HostPort, sign: 1 | -1): void {
    const key = `${p.protocol}/${p.port}`;
    let set = this.usedPorts.get(p.ip);
    if (sign > 0) {
      if (!set) this.usedPorts.set(p.ip, (set = new Set()));
      set.add(key);
    } else {
      set?.delete(key);
      if (set?.size === 0) this.usedPorts.delete(p.ip);
    }
  }

  /** HostPortInfo.CheckConflict: 0.0.0.0 conflicts with every address on the same port. */
  portConflicts(p: HostPort): boolean {
    const key = `${p.protocol}/${p.port}`;
    if (p.ip === "0.0.0.0") {
      for (const set of this.usedPorts.values()) if (set.has(key)) return true;
      return false;
    }
    return (this.usedPorts.get(p.ip)?.has(key) ?? false) || (this.usedPorts.get("0.0.0.0")?.has(key) ?? false);
  }

  /** A deep-enough copy for preemption's dry runs (pods are shared, sums are copied). */
  snapshot(): NodeInfo {
    const c = Object.create(NodeInfo.prototype) as NodeInfo;
    c.node = this.node;
    c.pods = [...this.pods];
    c.podsWithAffinity = [...this.podsWithAffinity];
    c.podsWithRequiredAntiAffinity = [...this.podsWithRequiredAntiAffinity];
    c.usedPorts = new Map([...this.usedPorts].map(([ip, s]) => [ip, new Set(s)]));
    c.requested = this.requested.clone();
    c.nonZeroRequested = this.nonZeroRequested.clone();
    c.allocatable = this.allocatable;
    c.imageSizes = this.imageSizes;
    c.generation = this.generation;
    return c;
  }
}
//< node-info
