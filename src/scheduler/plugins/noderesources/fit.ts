// NodeResourcesFit: does the node have room for the pod's requests (pod count, cpu, memory,
// ephemeral-storage, extended resources such as nvidia.com/gpu)? Filter compares the pod's
// requests with allocatable minus what the node's pods already request; Score applies the
// configured strategy (LeastAllocated by default). Weight 1 in the default profile.
//
// Reference: pkg/scheduler/framework/plugins/noderesources/fit.go.
import type { Node, Pod } from "kubernetes-types/core/v1";
import type { CycleState, StateData } from "../../framework/cycle-state";
import {
  ActionType, type ClusterEventWithHint, type EnqueueExtensions, type FilterPlugin, type PreFilterPlugin, type PreScorePlugin,
  QueueingHint, type ScorePlugin,
} from "../../framework/interface";
import type { NodeInfo } from "../../framework/node-info";
import { podInfoOf } from "../../framework/pod-info";
import { Resource } from "../../framework/resource";
import { asStatus, Code, newStatus, type Status } from "../../framework/status";
import { names } from "../names";
import { leastResourceScorer } from "./least-allocated";
import { mostResourceScorer } from "./most-allocated";
import { requestedToCapacityRatioScorer, type UtilizationShapePoint } from "./requested-to-capacity-ratio";
import { defaultResources, ResourceAllocationScorer, type ResourceSpec, validateResources } from "./resource-allocation";

export type ScoringStrategyType = "LeastAllocated" | "MostAllocated" | "RequestedToCapacityRatio";

export interface NodeResourcesFitArgs {
  /** Extended resources Filter does not check (e.g. managed by an external device plugin). */
  ignoredResources?: string[];
  /** Groups (the part before "/") of extended resources Filter does not check. */
  ignoredResourceGroups?: string[];
  scoringStrategy?: {
    type?: ScoringStrategyType;
    /** Resources to score and their weights; default cpu and memory, weight 1 each. */
    resources?: ResourceSpec[];
    requestedToCapacityRatio?: { shape: UtilizationShapePoint[] };
  };
}

const preFilterStateKey = "PreFilter" + names.NodeResourcesFit;
const preScoreStateKey = "PreScore" + names.NodeResourcesFit;

class PreFilterState implements StateData {
  constructor(readonly request: Resource) {}
  clone(): StateData {
    return this;
  }
}

class PreScoreState implements StateData {
  constructor(readonly podRequests: readonly number[]) {}
  clone(): StateData {
    return this;
  }
}

/** Why a node does not fit; `unresolvable` when even an empty node could not fit the pod. */
export interface InsufficientResource {
  resourceName: string;
  reason: string;
  requested: number;
  used: number;
  capacity: number;
  unresolvable: boolean;
}

//> fits-request
/** fitsRequest: every resource the node lacks for this request, in upstream's order. */
export function fitsRequest(
  podRequest: Resource,
  nodeInfo: NodeInfo,
  ignoredExtendedResources: ReadonlySet<string> = new Set(),
  ignoredResourceGroups: ReadonlySet<string> = new Set(),
): InsufficientResource[] {
  const out: InsufficientResource[] = [];
  const alloc = nodeInfo.allocatable;
  const used = nodeInfo.requested;

  if (nodeInfo.pods.length + 1 > alloc.allowedPodNumber) {
    out.push({ resourceName: "pods", reason: "Too many pods", requested: 1, used: nodeInfo.pods.length, capacity: alloc.allowedPodNumber, unresolvable: false });
  }
  if (podRequest.milliCPU === 0 && podRequest.memory === 0 && podRequest.ephemeralStorage === 0 && podRequest.scalar.size === 0) {
    return out;
  }
  if (podRequest.milliCPU > 0 && podRequest.milliCPU > alloc.milliCPU - used.milliCPU) {
    out.push({ resourceName: "cpu", reason: "Insufficient cpu", requested: podRequest.milliCPU, used: used.milliCPU, capacity: alloc.milliCPU, unresolvable: podRequest.milliCPU > alloc.milliCPU });
  }
  if (podRequest.memory > 0 && podRequest.memory > alloc.memory - used.memory) {
    out.push({ resourceName: "memory", reason: "Insufficient memory", requested: podRequest.memory, used: used.memory, capacity: alloc.memory, unresolvable: podRequest.memory > alloc.memory });
  }
  if (podRequest.ephemeralStorage > 0 && podRequest.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage) {
    out.push({
      resourceName: "ephemeral-storage", reason: "Insufficient ephemeral-storage", requested: podRequest.ephemeralStorage,
      used: used.ephemeralStorage, capacity: alloc.ephemeralStorage, unresolvable: podRequest.ephemeralStorage > alloc.ephemeralStorage,
    });
  }
  // Go iterates a map here (random order); we sort by name so messages are reproducible.
  for (const [name, quantity] of [...podRequest.scalar].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (quantity === 0) continue;
    if (name.includes("/") && !name.startsWith("kubernetes.io/")) {
      if (ignoredExtendedResources.has(name) || ignoredResourceGroups.has(name.split("/")[0]!)) continue;
    }
    const capacity = alloc.scalar.get(name) ?? 0;
    const inUse = used.scalar.get(name) ?? 0;
    if (quantity > capacity - inUse) {
      out.push({ resourceName: name, reason: `Insufficient ${name}`, requested: quantity, used: inUse, capacity, unresolvable: quantity > capacity });
    }
  }
  return out;
}
//< fits-request

export class Fit implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = names.NodeResourcesFit;
  private readonly ignoredResources: Set<string>;
  private readonly ignoredResourceGroups: Set<string>;
  readonly scorer: ResourceAllocationScorer;

  constructor(args: NodeResourcesFitArgs = {}) {
    this.ignoredResources = new Set(args.ignoredResources ?? []);
    this.ignoredResourceGroups = new Set(args.ignoredResourceGroups ?? []);
    const type = args.scoringStrategy?.type ?? "LeastAllocated";
    const resources = args.scoringStrategy?.resources ?? defaultResources;
    validateResources(resources, "scoringStrategy.resources");
    switch (type) {
      case "LeastAllocated":
        this.scorer = new ResourceAllocationScorer(type, leastResourceScorer(resources), resources, false);
        break;
      case "MostAllocated":
        this.scorer = new ResourceAllocationScorer(type, mostResourceScorer(resources), resources, false);
        break;
      case "RequestedToCapacityRatio": {
        const shape = args.scoringStrategy?.requestedToCapacityRatio?.shape;
        if (!shape || shape.length === 0) throw new Error("scoringStrategy.requestedToCapacityRatio.shape: Required value");
        this.scorer = new ResourceAllocationScorer(type, requestedToCapacityRatioScorer(resources, shape), resources, false);
        break;
      }
      default:
        throw new Error(`scoring strategy ${String(type)} is not supported`);
    }
  }

  preFilter(state: CycleState, pod: Pod): Status | null {
    state.write(preFilterStateKey, new PreFilterState(podInfoOf(pod).requests));
    return null;
  }

  //> fit-filter
  filter(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): Status | null {
    const s = state.tryRead<PreFilterState>(preFilterStateKey);
    if (!s) return asStatus(new Error(`error reading "${preFilterStateKey}" from cycleState: not found`));
    const insufficient = fitsRequest(s.request, nodeInfo, this.ignoredResources, this.ignoredResourceGroups);
    if (insufficient.length === 0) return null;
    // Unresolvable when the pod asks for more than the node has in total: evicting pods
    // (preemption) could not help.
    const code = insufficient.some((r) => r.unresolvable) ? Code.UnschedulableAndUnresolvable : Code.Unschedulable;
    return newStatus(code, ...insufficient.map((r) => r.reason));
  }
  //< fit-filter

  preScore(state: CycleState, pod: Pod): Status | null {
    state.write(preScoreStateKey, new PreScoreState(this.scorer.podRequestList(pod)));
    return null;
  }

  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number | Status {
    const s = state.tryRead<PreScoreState>(preScoreStateKey) ?? new PreScoreState(this.scorer.podRequestList(pod));
    return this.scorer.score(nodeInfo, s.podRequests);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: "AssignedPod", actionType: ActionType.Delete | ActionType.UpdatePodScaleDown },
        queueingHintFn: () => QueueingHint.Queue,
      },
      {
        event: { resource: "Node", actionType: ActionType.Add | ActionType.UpdateNodeAllocatable },
        queueingHintFn: (pod, _old, newObj) => {
          const node = newObj as Node;
          const probe = Resource.fromList(node.status?.allocatable ?? node.status?.capacity);
          const req = podInfoOf(pod).requests;
          const fits = probe.allowedPodNumber > 0 && req.milliCPU <= probe.milliCPU && req.memory <= probe.memory &&
            req.ephemeralStorage <= probe.ephemeralStorage && [...req.scalar].every(([n, q]) => q <= (probe.scalar.get(n) ?? 0));
          return fits ? QueueingHint.Queue : QueueingHint.QueueSkip;
        },
      },
    ];
  }
}

export const newFit = (args: unknown): Fit => new Fit((args ?? {}) as NodeResourcesFitArgs);
