// What the API-server driver writes and how it reads changes: the v1 Binding, the core/v1
// Events, the pods/status patches, and which informer updates are cluster events the queue
// cares about. Pure functions; the driver (api-server.ts) does the requests.
//
// Reference: pkg/scheduler/framework/plugins/defaultbinder/default_binder.go (the Binding),
// pkg/scheduler/schedule_one.go (updatePod: patch only what changed), pkg/scheduler/util/utils.go
// (PatchPodStatus), pkg/scheduler/framework/events.go (NodeSchedulingPropertiesChange),
// pkg/scheduler/backend/queue/scheduling_queue.go (isPodUpdated),
// staging/src/k8s.io/client-go/tools/record/event.go (event names: <object>.<nanoseconds in hex>).
import type { Event, Node, Pod, PodCondition, Service } from "kubernetes-types/core/v1";
import type { ReplicaSet, StatefulSet } from "kubernetes-types/apps/v1";
import { rfc3339 } from "../../api";
import { ActionType, type ClusterEvent, type WorkloadSelectors } from "../framework/interface";
import { podNamespace } from "../framework/pod-info";

/** A JSON deep copy: informer objects are shared with the informer's store and never mutated. */
export const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** kubernetes-types marks server-set fields readonly; the driver's local copies are its own. */
export type Writable<T> = { -readonly [K in keyof T]: T[K] };
export const writable = <T>(x: T): Writable<T> => x as Writable<T>;

//> api-server-binding
/** DefaultBinder's request body: POST /api/v1/namespaces/<ns>/pods/<name>/binding. */
export function bindingFor(pod: Pod, nodeName: string): object {
  return {
    apiVersion: "v1",
    kind: "Binding",
    // The uid is a precondition: a pod deleted and re-created under the same name is not bound.
    metadata: { name: pod.metadata?.name, namespace: podNamespace(pod), uid: pod.metadata?.uid },
    target: { kind: "Node", name: nodeName },
  };
}
//< api-server-binding

/**
 * The pods/status patch for a scheduling failure (upstream's updatePod), or undefined when the
 * pod already says so: the PodScheduled condition is written only when its status, reason or
 * message changes (keeping lastTransitionTime when only the message does, as
 * podutil.UpdatePodCondition), nominatedNodeName only when it changes ("" clears it).
 * A strategic merge patch: conditions merge by `type`, the pod's other conditions stay.
 */
export function podStatusPatch(pod: Pod, condition: PodCondition, nominatedNodeName: string | undefined): object | undefined {
  const old = pod.status?.conditions?.find((c) => c.type === condition.type);
  const conditionChanged = old === undefined || old.status !== condition.status || old.reason !== condition.reason || old.message !== condition.message;
  const nominatedChanged = nominatedNodeName !== undefined && (pod.status?.nominatedNodeName ?? "") !== nominatedNodeName;
  if (!conditionChanged && !nominatedChanged) return undefined;
  const status: Record<string, unknown> = {};
  if (conditionChanged) {
    const lastTransitionTime = old !== undefined && old.status === condition.status ? old.lastTransitionTime : condition.lastTransitionTime;
    status["conditions"] = [{ ...condition, lastTransitionTime }];
  }
  if (nominatedChanged) status["nominatedNodeName"] = nominatedNodeName === "" ? null : nominatedNodeName;
  return { status };
}

/** Sets a condition on a local pod copy, replacing the one of the same type. */
export function setCondition(pod: Pod, condition: PodCondition): void {
  const status = (writable(pod).status ??= {});
  const conditions = (status.conditions ?? []).filter((c) => c.type !== condition.type);
  conditions.push(condition);
  status.conditions = conditions;
}

/** The condition preemption puts on a victim before deleting it (preemption.go, PreemptPod). */
export function disruptionTargetCondition(profileName: string, now: number): PodCondition {
  return {
    type: "DisruptionTarget", status: "True", reason: "PreemptionByScheduler",
    message: `${profileName}: preempting to accommodate a higher priority pod`, lastTransitionTime: rfc3339(now),
  };
}

export interface EventInput {
  pod: Pod;
  type: "Normal" | "Warning";
  /** Scheduled, FailedScheduling, Preempted. */
  reason: string;
  /** What the scheduler was doing: Binding, Scheduling, Preempting. */
  action: string;
  message: string;
  /** The profile's schedulerName: the event's source. */
  component: string;
  now: number;
  /** Makes the name unique when two events for one pod fall in the same virtual millisecond. */
  seq: number;
}

/**
 * A core/v1 Event about a pod, named as client-go's recorder names them: `<pod>.<time in ns, hex>`.
 * SIMPLIFICATION: upstream's scheduler records events.k8s.io/v1 Events through a broadcaster
 * that aggregates repeats (count, series); this server serves core/v1 events only, and each
 * event here is a new object with count 1.
 */
export function newEvent(e: EventInput): Event {
  const nanos = BigInt(e.now) * 1_000_000n + BigInt(e.seq % 1_000_000);
  const time = rfc3339(e.now);
  const meta = e.pod.metadata ?? {};
  return {
    apiVersion: "v1", kind: "Event",
    metadata: { name: `${meta.name ?? ""}.${nanos.toString(16)}`, namespace: podNamespace(e.pod) },
    involvedObject: { apiVersion: "v1", kind: "Pod", namespace: podNamespace(e.pod), name: meta.name, uid: meta.uid, resourceVersion: meta.resourceVersion },
    reason: e.reason, message: e.message, type: e.type, action: e.action,
    source: { component: e.component }, reportingComponent: e.component, reportingInstance: e.component,
    firstTimestamp: time, lastTimestamp: time, count: 1,
  };
}

//> node-scheduling-properties-change
/**
 * NodeSchedulingPropertiesChange: the cluster events a node update is, one per kind of change
 * that may make a pod fit (allocatable grew, labels or taints changed, it became schedulable...).
 */
export function nodeSchedulingPropertiesChange(oldNode: Node | undefined, newNode: Node): ClusterEvent[] {
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  const out: ClusterEvent[] = [];
  const push = (actionType: number, label: string): void => void out.push({ resource: "Node", actionType, label });
  if (oldNode?.spec?.unschedulable !== newNode.spec?.unschedulable) push(ActionType.UpdateNodeTaint, "NodeSpecUnschedulableChange");
  if (!same(oldNode?.status?.allocatable, newNode.status?.allocatable)) push(ActionType.UpdateNodeAllocatable, "NodeAllocatableChange");
  if (!same(oldNode?.metadata?.labels, newNode.metadata?.labels)) push(ActionType.UpdateNodeLabel, "NodeLabelChange");
  if (!same(oldNode?.spec?.taints, newNode.spec?.taints)) push(ActionType.UpdateNodeTaint, "NodeTaintChange");
  const conditions = (n: Node | undefined) => (n?.status?.conditions ?? []).map((c) => [c.type, c.status]);
  if (!same(conditions(oldNode), conditions(newNode))) push(ActionType.UpdateNodeCondition, "NodeConditionChange");
  if (!same(oldNode?.metadata?.annotations, newNode.metadata?.annotations)) push(ActionType.UpdateNodeAnnotation, "NodeAnnotationChange");
  return out;
}
//< node-scheduling-properties-change

/**
 * isPodUpdated: did anything but the status and bookkeeping change? A status-only update (our
 * own PodScheduled patch coming back through the watch) must not pull the pod out of
 * unschedulablePods, or every failure would retry itself at once.
 */
export function isPodUpdated(oldPod: Pod, newPod: Pod): boolean {
  const strip = (p: Pod): unknown => {
    const { resourceVersion: _rv, generation: _g, managedFields: _m, finalizers: _f, ...meta } = p.metadata ?? {};
    return { ...p, metadata: meta, status: undefined };
  };
  return JSON.stringify(strip(oldPod)) !== JSON.stringify(strip(newPod));
}

/** The Services, ReplicaSets and StatefulSets that select a pod (for default topology spreading). */
export function workloadSelectors(pod: Pod, services: readonly Service[], replicaSets: readonly ReplicaSet[], statefulSets: readonly StatefulSet[]): WorkloadSelectors {
  const ns = podNamespace(pod);
  const labels = pod.metadata?.labels ?? {};
  const out: WorkloadSelectors = { services: [], controllers: [] };
  for (const s of services) {
    const selector = s.spec?.selector;
    if ((s.metadata?.namespace || "default") !== ns || !selector || Object.keys(selector).length === 0) continue;
    if (Object.entries(selector).every(([k, v]) => labels[k] === v)) out.services.push(selector);
  }
  const owner = (pod.metadata?.ownerReferences ?? []).find((o) => o.controller);
  const owned = (o: { metadata?: { name?: string; namespace?: string } }): boolean => o.metadata?.name === owner?.name && (o.metadata?.namespace || "default") === ns;
  const selector =
    owner?.kind === "ReplicaSet" ? replicaSets.find(owned)?.spec?.selector : owner?.kind === "StatefulSet" ? statefulSets.find(owned)?.spec?.selector : undefined;
  if (selector) out.controllers.push(selector);
  return out;
}
