// NodeResourcesBalancedAllocation: prefer nodes whose cpu and memory would be used in equal
// shares after placing the pod (a node at 80% cpu and 10% memory is lopsided).
//   fraction(r) = requested(r) / allocatable(r), capped at 1
//   std         = |f(cpu) - f(mem)| / 2 for two resources, the standard deviation for more
//   score       = (1 - std) * 100
// Scores with the pods' actual requests (not the non-zero defaults), and skips best-effort pods
// (no requests at all): they would otherwise all land on the same node (kubernetes#129138).
//
// Reference: pkg/scheduler/framework/plugins/noderesources/balanced_allocation.go.
import type { Pod } from "kubernetes-types/core/v1";
import type { CycleState, StateData } from "../../framework/cycle-state";
import { MaxNodeScore, type PreScorePlugin, type ScorePlugin } from "../../framework/interface";
import type { NodeInfo } from "../../framework/node-info";
import { Code, newStatus, type Status } from "../../framework/status";
import { names } from "../names";
import { defaultResources, ResourceAllocationScorer, type ResourceSpec, validateResources } from "./resource-allocation";

export interface NodeResourcesBalancedAllocationArgs {
  resources?: ResourceSpec[];
}

const preScoreStateKey = "PreScore" + names.NodeResourcesBalancedAllocation;

class PreScoreState implements StateData {
  constructor(readonly podRequests: readonly number[]) {}
  clone(): StateData {
    return this;
  }
}

//> balanced-resource-scorer
export function balancedResourceScorer(requested: readonly number[], allocatable: readonly number[]): number {
  const fractions: number[] = [];
  let total = 0;
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    const fraction = Math.min(requested[i]! / allocatable[i]!, 1);
    total += fraction;
    fractions.push(fraction);
  }
  let std = 0;
  if (fractions.length === 2) {
    std = Math.abs((fractions[0]! - fractions[1]!) / 2);
  } else if (fractions.length > 2) {
    const mean = total / fractions.length;
    let sum = 0;
    for (const f of fractions) sum += (f - mean) * (f - mean);
    std = Math.sqrt(sum / fractions.length);
  }
  return Math.trunc((1 - std) * MaxNodeScore);
}
//< balanced-resource-scorer

export class BalancedAllocation implements PreScorePlugin, ScorePlugin {
  readonly name = names.NodeResourcesBalancedAllocation;
  readonly scorer: ResourceAllocationScorer;

  constructor(args: NodeResourcesBalancedAllocationArgs = {}) {
    const resources = args.resources ?? defaultResources;
    validateResources(resources, "resources");
    this.scorer = new ResourceAllocationScorer(names.NodeResourcesBalancedAllocation, balancedResourceScorer, resources, true);
  }

  preScore(state: CycleState, pod: Pod): Status | null {
    const podRequests = this.scorer.podRequestList(pod);
    if (podRequests.every((r) => r === 0)) return newStatus(Code.Skip);
    state.write(preScoreStateKey, new PreScoreState(podRequests));
    return null;
  }

  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number | Status {
    let s = state.tryRead<PreScoreState>(preScoreStateKey);
    if (!s) {
      s = new PreScoreState(this.scorer.podRequestList(pod));
      if (s.podRequests.every((r) => r === 0)) return 0;
    }
    return this.scorer.score(nodeInfo, s.podRequests);
  }
}

export const newBalancedAllocation = (args: unknown): BalancedAllocation =>
  new BalancedAllocation((args ?? {}) as NodeResourcesBalancedAllocationArgs);
