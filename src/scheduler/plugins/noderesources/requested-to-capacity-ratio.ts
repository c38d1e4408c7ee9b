// RequestedToCapacityRatio: a piecewise-linear function of utilization, given as points
// (utilization 0..100 → score 0..10), scaled to 0..100. Shape [{0,10},{100,0}] behaves like
// LeastAllocated; [{0,0},{100,10}] like MostAllocated.
// Reference: pkg/scheduler/framework/plugins/noderesources/requested_to_capacity_ratio.go,
// pkg/scheduler/framework/plugins/helper/shape_score.go.
import { MaxNodeScore } from "../../framework/interface";
import type { ResourceSpec, Scorer } from "./resource-allocation";

export interface UtilizationShapePoint {
  utilization: number;
  score: number;
}

/** Scores in the shape go up to 10 (config.MaxCustomPriorityScore). */
export const MaxCustomPriorityScore = 10;
const maxUtilization = 100;

/** BuildBrokenLinearFunction (integer arithmetic, truncating as Go does). */
export function buildBrokenLinearFunction(shape: readonly UtilizationShapePoint[]): (p: number) => number {
  return (p) => {
    for (let i = 0; i < shape.length; i++) {
      const cur = shape[i]!;
      if (p <= cur.utilization) {
        if (i === 0) return cur.score;
        const prev = shape[i - 1]!;
        return prev.score + Math.trunc(((cur.score - prev.score) * (p - prev.utilization)) / (cur.utilization - prev.utilization));
      }
    }
    return shape[shape.length - 1]?.score ?? 0;
  };
}

export function requestedToCapacityRatioScorer(resources: readonly ResourceSpec[], shape: readonly UtilizationShapePoint[]): Scorer {
  const scaled = shape.map((p) => ({ utilization: p.utilization, score: p.score * (MaxNodeScore / MaxCustomPriorityScore) }));
  const raw = buildBrokenLinearFunction(scaled);
  const resourceScore = (requested: number, capacity: number): number =>
    capacity === 0 || requested > capacity ? raw(maxUtilization) : raw(Math.trunc((requested * maxUtilization) / capacity));
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const weight = resources[i]!.weight;
      const s = resourceScore(requested[i]!, allocatable[i]!);
      if (s > 0) {
        nodeScore += s * weight;
        weightSum += weight;
      }
    }
    return weightSum === 0 ? 0 : Math.round(nodeScore / weightSum);
  };
}
