// MostAllocated: prefer the fullest node (bin packing), so whole nodes stay free.
//   score(resource) = requested * 100 / allocatable (requested capped at allocatable)
// Reference: pkg/scheduler/framework/plugins/noderesources/most_allocated.go.
import { MaxNodeScore } from "../../framework/interface";
import type { ResourceSpec, Scorer } from "./resource-allocation";

export function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  // requested can exceed capacity because pods without requests count the non-zero defaults.
  if (requested > capacity) requested = capacity;
  return Math.trunc((requested * MaxNodeScore) / capacity);
}

export function mostResourceScorer(resources: readonly ResourceSpec[]): Scorer {
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const weight = resources[i]!.weight;
      nodeScore += mostRequestedScore(requested[i]!, allocatable[i]!) * weight;
      weightSum += weight;
    }
    return weightSum === 0 ? 0 : Math.trunc(nodeScore / weightSum);
  };
}
