// The LeastAllocated score: how NodeResourcesFit, by default, ranks the nodes a pod fits on.
//
// For each resource the scheduler knows two numbers per node: what the node can allocate, and
// what would be requested on it if the pod landed there (the pods already on it, plus this one;
// containers without requests count as 100m cpu and 200Mi memory for scoring). LeastAllocated
// prefers the node with the most room left, so that pods spread out:
//
//   score(resource) = (allocatable - requested) * 100 / allocatable     (0 when it would not fit)
//   node score      = the weighted average of the resource scores (weights from the plugin's
//                     scoringStrategy.resources; cpu and memory, 1 each, by default)
//
// Everything is integer arithmetic, as in Go: every division drops the fraction. A node with 4000m
// cpu where 1000m would be requested scores (4000 - 1000) * 100 / 4000 = 75 for cpu.
//
// Your functions replace src/scheduler/plugins/noderesources/least-allocated.ts in the real
// scheduler: NodeResourcesFit builds its scorer with your leastResourceScorer, and the graded tests
// schedule whole clusters with it. MostAllocated (most-allocated.ts, next door) is the mirror image.
// src/scheduler/plugins/noderesources/least-allocated.ts is the course's own answer: try before you
// look at it.
import { MaxNodeScore } from "../../src/scheduler/framework/interface";
import type { ResourceSpec, Scorer } from "../../src/scheduler/plugins/noderesources/resource-allocation";

/**
 * leastRequestedScore: the score of one resource, 0..100 (MaxNodeScore), for a node that can
 * allocate `capacity` of it and would have `requested` requested. More room left is better;
 * nothing left, more requested than the node has, or a node without this resource: 0.
 * Integer arithmetic: (4000 - 3000) * 100 / 3000 would be 33, not 33.33.
 */
export function leastRequestedScore(requested: number, capacity: number): number {
  // SOLUTION BEGIN
  // TODO(least-allocated): return (capacity - requested) * 100 / capacity, dropping the fraction,
  // and 0 when capacity is 0 or requested is more than capacity. Read: the Kubernetes docs,
  // "Resource Bin Packing" (https://kubernetes.io/docs/concepts/scheduling-eviction/resource-bin-packing/);
  // pkg/scheduler/framework/plugins/noderesources/least_allocated.go, leastRequestedScore.
  // STUB: return 0;
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MaxNodeScore) / capacity);
  // SOLUTION END
}

/**
 * leastResourceScorer: the node's score from every configured resource. `requested[i]` and
 * `allocatable[i]` belong to `resources[i]`, whose `weight` counts in the average. A resource the
 * node does not have (allocatable 0; e.g. a GPU the pod does not ask for) is left out of the
 * average entirely, weight included. No resource left: 0.
 */
export function leastResourceScorer(resources: readonly ResourceSpec[]): Scorer {
  // SOLUTION BEGIN
  // TODO(least-allocated): return a function (requested, allocatable) => score: the weighted
  // average of leastRequestedScore over the resources with allocatable > 0, with integer division.
  // Read: pkg/scheduler/framework/plugins/noderesources/least_allocated.go, leastResourceScorer;
  // src/scheduler/plugins/noderesources/resource-allocation.ts, where your scorer is called.
  // STUB: return () => 0;
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
  // SOLUTION END
}
