// LeastAllocated (the default): prefer the node with the most room left, so pods spread out.
//   score(resource) = (allocatable - requested) * 100 / allocatable, 0 when over capacity
//   node score      = weighted average over the resources (integer division, as upstream)
// Reference: pkg/scheduler/framework/plugins/noderesources/least_allocated.go.
import { MaxNodeScore } from "../../framework/interface";
import type { ResourceSpec, Scorer } from "./resource-allocation";

//> least-allocated
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MaxNodeScore) / capacity);
}

export function leastResourceScorer(resources: readonly ResourceSpec[]): Scorer {
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const weight = resources[i]!.weight;
      nodeScore += leastRequestedScore(requested[i]!, allocatable[i]!) * weight;
      weightSum += weight;
    }
    return weightSum === 0 ? 0 : Math.trunc(nodeScore / weightSum);
  };
}
//< least-allocated
