// The shared machinery of the resource scoring plugins: for each configured resource, what the
// node would have requested if the pod landed there, against what it can allocate. A strategy
// (LeastAllocated, MostAllocated, RequestedToCapacityRatio, BalancedAllocation) turns those two
// vectors into a score from 0 to 100.
//
// Reference: pkg/scheduler/framework/plugins/noderesources/resource_allocation.go.
import type { Pod } from "kubernetes-types/core/v1";
import type { NodeInfo } from "../../framework/node-info";
import { isScalarResourceName, nonZeroDefaults, podRequests, ResourceCPU, ResourceEphemeralStorage, ResourceMemory } from "../../framework/resource";
import { asStatus, type Status } from "../../framework/status";

/** A resource to score, and its weight in the average (1..100). */
export interface ResourceSpec {
  name: string;
  weight: number;
}

export const defaultResources: ResourceSpec[] = [
  { name: ResourceCPU, weight: 1 },
  { name: ResourceMemory, weight: 1 },
];

/** A strategy: (requested, allocatable) per resource, in the order of `resources` → 0..100. */
export type Scorer = (requested: readonly number[], allocatable: readonly number[]) => number;

export class ResourceAllocationScorer {
  constructor(
    readonly name: string,
    readonly scorer: Scorer,
    readonly resources: readonly ResourceSpec[],
    /**
     * true: score with the pods' actual requests (BalancedAllocation);
     * false: with the non-zero defaults for containers without requests (the Fit strategies).
     */
    readonly useRequested: boolean,
  ) {
    this.requested = new Array<number>(resources.length).fill(0);
    this.allocatable = new Array<number>(resources.length).fill(0);
  }

  private readonly requested: number[];
  private readonly allocatable: number[];

  //> resource-allocation-score
  score(nodeInfo: NodeInfo, podRequests: readonly number[]): number | Status {
    if (this.resources.length === 0) return asStatus(new Error("resources not found"));
    // Scratch vectors reused across nodes (one cycle at a time): scoring 500 nodes per pod
    // should not allocate 1000 arrays.
    const requested = this.requested.fill(0);
    const allocatable = this.allocatable.fill(0);
    for (let i = 0; i < this.resources.length; i++) {
      const [alloc, req] = this.allocatableAndRequested(nodeInfo, this.resources[i]!.name, podRequests[i] ?? 0);
      // Only fill in an extended resource when the node has it.
      if (alloc === 0) continue;
      allocatable[i] = alloc;
      requested[i] = req;
    }
    return this.scorer(requested, allocatable);
  }
  //< resource-allocation-score

  /** calculateResourceAllocatableRequest: (allocatable, requested including this pod). */
  private allocatableAndRequested(nodeInfo: NodeInfo, resource: string, podRequest: number): [number, number] {
    const requested = this.useRequested ? nodeInfo.requested : nodeInfo.nonZeroRequested;
    // An extended resource the pod does not request is left out of the score.
    if (podRequest === 0 && isScalarResourceName(resource)) return [0, 0];
    switch (resource) {
      case ResourceCPU:
        return [nodeInfo.allocatable.milliCPU, requested.milliCPU + podRequest];
      case ResourceMemory:
        return [nodeInfo.allocatable.memory, requested.memory + podRequest];
      case ResourceEphemeralStorage:
        return [nodeInfo.allocatable.ephemeralStorage, nodeInfo.requested.ephemeralStorage + podRequest];
      default:
        if (nodeInfo.allocatable.scalar.has(resource)) {
          return [nodeInfo.allocatable.scalar.get(resource) ?? 0, (nodeInfo.requested.scalar.get(resource) ?? 0) + podRequest];
        }
        return [0, 0];
    }
  }

  /** The pod's request for each configured resource (non-zero defaults unless useRequested). */
  podRequestList(pod: Pod): number[] {
    const reqs = podRequests(pod, this.useRequested ? undefined : nonZeroDefaults);
    return this.resources.map((r) => reqs.get(r.name) ?? 0);
  }
}

/** Validates scoringStrategy.resources as upstream does (weights 1..100). */
export function validateResources(resources: readonly ResourceSpec[], path: string): void {
  resources.forEach((r, i) => {
    if (!Number.isInteger(r.weight) || r.weight <= 0 || r.weight > 100) {
      throw new Error(`${path}[${i}].weight: Invalid value: ${r.weight}: resource weight of ${r.name} should be in the range of [1, 100]`);
    }
  });
}
