// The scheduling framework's extension points: one small interface each.
//
// A scheduling cycle calls them in this order, for one pod at a time:
//
//   queue:    PreEnqueue ─► QueueSort
//   cycle:    PreFilter ─► Filter (per node) ─► [PostFilter if no node fits]
//             ─► PreScore ─► Score (per feasible node) ─► NormalizeScore ─► pick the best
//             ─► Reserve ─► Permit
//   binding:  PreBind ─► Bind ─► PostBind          (Unreserve undoes Reserve on any failure)
//
// A plugin is an object with a `name` and any of the methods below; the framework finds out
// which extension points it implements by looking at which methods it has, as upstream's
// `MultiPoint` configuration does. A learner's plugin is registered the same way as the
// in-tree ones: a name and a factory in the registry (see registry.ts).
//
// Reference: k8s.io/kube-scheduler/framework/interface.go.
import type { Pod } from "kubernetes-types/core/v1";
import type { PodDisruptionBudget } from "kubernetes-types/policy/v1";
import type { Clock, Rng } from "../../sim";
import type { Labels } from "../../api";
import type { CycleState } from "./cycle-state";
import type { NodeInfo } from "./node-info";
import type { PodInfo } from "./pod-info";
import type { NodeInfoLister } from "./snapshot";
import type { Status } from "./status";

/** The highest score a plugin may return after normalization. */
export const MaxNodeScore = 100;
export const MinNodeScore = 0;

export interface NodeScore {
  name: string;
  score: number;
}

/** Every plugin has a name, used in configuration, messages and the diagnosis. */
export interface Plugin {
  readonly name: string;
}

//> extension-points
/** Decides whether a pod may enter the active queue at all (e.g. SchedulingGates). */
export interface PreEnqueuePlugin extends Plugin {
  preEnqueue(pod: Pod): Status | null;
}

/** Orders the active queue. Only one QueueSort plugin may be enabled. */
export interface QueueSortPlugin extends Plugin {
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean;
}

/**
 * PreFilter: runs once per cycle, before any Filter. Computes what Filter needs, or rejects the
 * pod for every node at once. May narrow the nodes to look at with a PreFilterResult; may return
 * Skip to say its Filter has nothing to check for this pod.
 */
export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): PreFilterResult | Status | null;
  /**
   * Keeps the PreFilter state right when preemption pretends to add or remove a pod on a node.
   * Plugins whose PreFilter state depends on other pods (affinity, spreading) must implement it.
   */
  addPod?(state: CycleState, podToSchedule: Pod, podInfoToAdd: PodInfo, nodeInfo: NodeInfo): Status | null;
  removePod?(state: CycleState, podToSchedule: Pod, podInfoToRemove: PodInfo, nodeInfo: NodeInfo): Status | null;
}

/** Filter: can the pod run on this node? Success, Unschedulable or UnschedulableAndUnresolvable. */
export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | null;
}

/** PostFilter: called when no node passed Filter; DefaultPreemption evicts pods to make room. */
export interface PostFilterPlugin extends Plugin {
  postFilter(state: CycleState, pod: Pod, filteredNodeStatus: NodeToStatus): { result: PostFilterResult | null; status: Status };
}

/** PreScore: once per cycle, with the feasible nodes; may return Skip. */
export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | null;
}

/**
 * Score: a raw score for one feasible node (any range), or a Status when scoring failed.
 * NormalizeScore (upstream's ScoreExtensions) then maps all nodes' raw scores into
 * [0, MaxNodeScore] in place; plugins that already score in that range leave it out.
 */
export interface ScorePlugin extends Plugin {
  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number | Status;
  normalizeScore?(state: CycleState, pod: Pod, scores: NodeScore[]): Status | null;
}

/** Reserve: the node was chosen; update plugin state before binding. Unreserve undoes it. */
export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: Pod, nodeName: string): Status | null;
  unreserve(state: CycleState, pod: Pod, nodeName: string): void;
}

/** Permit: approve, deny, or hold (Wait) the pod before binding. */
export interface PermitPlugin extends Plugin {
  permit(state: CycleState, pod: Pod, nodeName: string): { status: Status | null; timeoutMs: number };
}

/** PreBind: work that must succeed before the pod is bound (e.g. attach a volume). */
export interface PreBindPlugin extends Plugin {
  preBind(state: CycleState, pod: Pod, nodeName: string): Status | null;
}

/** Bind: writes the binding. A binder that does not handle the pod returns Skip. */
export interface BindPlugin extends Plugin {
  bind(state: CycleState, pod: Pod, nodeName: string): Status | null;
}

/** PostBind: informational, after a successful bind. */
export interface PostBindPlugin extends Plugin {
  postBind(state: CycleState, pod: Pod, nodeName: string): void;
}
//< extension-points

/** Tells the queue which cluster events might make a pod this plugin rejected schedulable. */
export interface EnqueueExtensions extends Plugin {
  eventsToRegister(): ClusterEventWithHint[];
}

/** PreFilterResult: `nodeNames` undefined means all nodes; otherwise only these are filtered. */
export interface PreFilterResult {
  readonly kind: "PreFilterResult";
  nodeNames: ReadonlySet<string> | undefined;
}

export function preFilterResult(nodeNames: Iterable<string> | undefined): PreFilterResult {
  return { kind: "PreFilterResult", nodeNames: nodeNames === undefined ? undefined : new Set(nodeNames) };
}

/** Merge: the intersection (undefined = everything). */
export function mergePreFilterResults(a: PreFilterResult | undefined, b: PreFilterResult): PreFilterResult {
  if (a === undefined || a.nodeNames === undefined) return b;
  if (b.nodeNames === undefined) return a;
  const bNames = b.nodeNames;
  return preFilterResult([...a.nodeNames].filter((n) => bNames.has(n)));
}

/** PostFilterResult: the node the pod is nominated to after preemption ("" clears it). */
export interface PostFilterResult {
  nominatedNodeName: string;
  /** The pods evicted to make room (namespace/name); for the diagnosis, upstream only logs them. */
  victims?: string[];
}

/**
 * NodeToStatus: why each node was turned down. Nodes not listed explicitly share
 * `absentNodesStatus` (for example all of them, when PreFilter rejected the pod).
 */
export class NodeToStatus {
  private readonly statuses = new Map<string, Status>();

  constructor(public absentNodesStatus: Status | null = null) {}

  set(nodeName: string, status: Status): void {
    this.statuses.set(nodeName, status);
  }

  get(nodeName: string): Status | null {
    return this.statuses.get(nodeName) ?? this.absentNodesStatus;
  }

  /** Number of nodes with an explicit status. */
  get size(): number {
    return this.statuses.size;
  }

  entries(): IterableIterator<[string, Status]> {
    return this.statuses.entries();
  }
}

//> cluster-events
/** What changed in the cluster: the queue moves pods back when a relevant event happens. */
export type EventResource = "Pod" | "AssignedPod" | "UnscheduledPod" | "Node" | "PodDisruptionBudget" | "Namespace" | "*";

/** ActionType bit flags (upstream's framework.ActionType). */
export const ActionType = {
  Add: 1,
  Delete: 2,
  UpdateNodeAllocatable: 4,
  UpdateNodeLabel: 8,
  UpdateNodeTaint: 16,
  UpdateNodeCondition: 32,
  UpdateNodeAnnotation: 64,
  UpdatePodLabel: 128,
  UpdatePodScaleDown: 256,
  UpdatePodToleration: 512,
  UpdatePodSchedulingGatesEliminated: 1024,
  /** Any update. */
  Update: 4 | 8 | 16 | 32 | 64 | 128 | 256 | 512 | 1024,
  All: 0x7ff,
} as const;

export interface ClusterEvent {
  resource: EventResource;
  actionType: number;
  /** A label for traces and the queue's reasons ("NodeAdd", "AssignedPodDelete"). */
  label?: string;
}

export const QueueingHint = { QueueSkip: 0, Queue: 1 } as const;
export type QueueingHint = (typeof QueueingHint)[keyof typeof QueueingHint];

/** Returns Queue if this change may make `pod` schedulable, QueueSkip if it surely does not. */
export type QueueingHintFn = (pod: Pod, oldObj: unknown, newObj: unknown) => QueueingHint;

export interface ClusterEventWithHint {
  event: ClusterEvent;
  queueingHintFn?: QueueingHintFn;
}
//< cluster-events

/** A pod waiting in the scheduling queue. */
export interface QueuedPodInfo {
  podInfo: PodInfo;
  pod: Pod;
  /** When the pod was last added to the queue (ms on the scheduler's clock). */
  timestamp: number;
  /** How many times the scheduler tried to schedule the pod. */
  attempts: number;
  /** How many of those attempts ended with the pod unschedulable. */
  unschedulableCount: number;
  /** When the pod was first added (for the scheduling latency). */
  initialAttemptTimestamp: number | undefined;
  /** Plugins that rejected the pod last time: only events they registered move it back. */
  unschedulablePlugins: Set<string>;
  /** Plugins that returned Pending last time. */
  pendingPlugins: Set<string>;
  /** PreEnqueue plugin that is holding the pod back, if any. */
  gatingPlugin: string | undefined;
}

/** What plugins can use besides their arguments (upstream's framework.Handle). */
export interface Handle {
  snapshotSharedLister(): NodeInfoLister;
  readonly clock: Clock;
  /** Random choices (tie breaks, preemption offsets), from a seeded stream. */
  readonly rng: Rng;
  /** Pods nominated to a node by preemption, still waiting to be scheduled there. */
  nominatedPodsForNode(nodeName: string): readonly PodInfo[];
  /** Filters with nominated pods accounted for (used by preemption's dry runs). */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | null;
  runPreFilterExtensionAddPod(state: CycleState, podToSchedule: Pod, podInfoToAdd: PodInfo, nodeInfo: NodeInfo): Status | null;
  runPreFilterExtensionRemovePod(state: CycleState, podToSchedule: Pod, podInfoToRemove: PodInfo, nodeInfo: NodeInfo): Status | null;
  /** The cluster's side effects: what a real scheduler does through the API server. */
  readonly client: SchedulerClient;
  /** Labels of a namespace (for namespaceSelector in affinity terms). */
  namespaceLabels(namespace: string): Labels | undefined;
  /** Names of namespaces whose labels match (for namespaceSelector). */
  namespacesMatching(selector: { matches(labels: Labels): boolean }): string[];
  /** Label selectors of the Services, ReplicaSets and StatefulSets that select this pod (for default spreading). */
  workloadSelectorsFor(pod: Pod): WorkloadSelectors;
}

export interface WorkloadSelectors {
  /** Services' `spec.selector` maps. */
  services: Array<Record<string, string>>;
  /** ReplicaSets', ReplicationControllers' and StatefulSets' selectors, as label selectors. */
  controllers: Array<import("kubernetes-types/meta/v1").LabelSelector>;
}

/** What preemption and binding do to the cluster. The in-memory driver implements it. */
export interface SchedulerClient {
  listPodDisruptionBudgets(): readonly PodDisruptionBudget[];
  /** Evicts a preemption victim: marks it with a DisruptionTarget condition and deletes it gracefully. */
  evictPod(victim: Pod, preemptor: Pod): void;
  /** Sets or clears (nodeName "") `status.nominatedNodeName` of a pod. */
  setNominatedNodeName(pod: Pod, nodeName: string): void;
  /** Writes the binding (pods/binding). */
  bind(pod: Pod, nodeName: string): Status | null;
}
