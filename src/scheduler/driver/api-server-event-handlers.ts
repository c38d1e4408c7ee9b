// What the API-server driver does with each informer event: upstream's eventhandlers.go.
//
//   pod, unassigned, one of our schedulerNames   → the scheduling queue (add, update, delete)
//   pod, assigned (or just bound)                → the cache; AssignedPodAdd/Delete events
//   node added, updated, deleted                 → the cache; NodeAdd, NodeLabelChange... events
//   namespace added, labels changed              → Namespace events (InterPodAffinity cares)
//   PriorityClass added                          → pods that named it are admitted at last
//
// A cluster event goes to MoveAllToActiveOrBackoffQueue, which moves back the unschedulable pods
// whose rejecting plugins registered for it (queue/scheduling-queue.ts).
//
// Every object is copied on arrival (informer objects are shared with the informer's store).
// Its spec.priority is the Priority admission plugin's, which chapter 2's server now runs on pod
// creation (src/apiserver/admission/priority.ts), as upstream's scheduler takes it from the pod.
// SIMPLIFICATION: a fallback remains for a server without that plugin (an ApiServer built with
// its own admission chain): a pod arriving without spec.priority gets it here from the
// PriorityClasses (driver/priority.ts), and one naming a class that does not exist waits for it.
//
// Reference: pkg/scheduler/eventhandlers.go (addPod, updatePod, deletePod,
// updatePodInSchedulingQueue, handleAssumedPodDeletion, addNodeToCache, updateNodeInCache).
import type { Node, Pod } from "kubernetes-types/core/v1";
import type { PriorityClass } from "kubernetes-types/scheduling/v1";
import type { Informer } from "../../apiserver/client";
import type { KubeObject } from "../../apiserver/types";
import { ActionType, type ClusterEvent } from "../framework/interface";
import { podKey } from "../framework/pod-info";
import type { Scheduler } from "../scheduler";
import { copy, isPodUpdated, nodeSchedulingPropertiesChange, writable } from "./api-server-objects";
import type { SchedulerCache } from "./api-server-cache";
import { admitPriority, systemPriorityClasses } from "./priority";

export const AssignedPodAdd: ClusterEvent = { resource: "AssignedPod", actionType: ActionType.Add, label: "AssignedPodAdd" };
export const AssignedPodDelete: ClusterEvent = { resource: "AssignedPod", actionType: ActionType.Delete, label: "AssignedPodDelete" };

const asPod = (o: KubeObject): Pod => copy(o) as unknown as Pod;
const sameLabels = (a: KubeObject | Pod, b: KubeObject | Pod): boolean => JSON.stringify(a.metadata?.labels ?? {}) === JSON.stringify(b.metadata?.labels ?? {});

export interface EventHandlerInformers {
  pods: Informer;
  nodes: Informer;
  namespaces: Informer;
  priorityClasses: Informer;
}

export class EventHandlers {
  /** Local copies of the unassigned pods we schedule: the very objects the queue holds. */
  readonly pending = new Map<string, Pod>();
  /** Pods whose PriorityClass does not exist (the Priority admission plugin would refuse them). */
  private readonly unadmitted = new Map<string, Pod>();

  constructor(
    private readonly scheduler: Scheduler,
    private readonly cache: SchedulerCache,
    private readonly informers: EventHandlerInformers,
    private readonly errors: string[],
  ) {}

  private move(event: ClusterEvent, oldObj?: unknown, newObj?: unknown): void {
    this.scheduler.queue.moveAllToActiveOrBackoffQueue(event, oldObj, newObj);
  }

  private responsibleForPod(pod: Pod): boolean {
    return this.scheduler.frameworkFor(pod) !== undefined;
  }

  /** addAllEventHandlers. */
  register(): void {
    const { pods, nodes, namespaces, priorityClasses } = this.informers;
    pods.on({ add: (o) => this.addPod(asPod(o)), update: (o, n) => this.updatePod(asPod(o), asPod(n)), delete: (o) => this.deletePod(asPod(o)) });
    nodes.on({
      add: (o) => {
        const node = copy(o) as unknown as Node;
        this.cache.addNode(node);
        this.move({ resource: "Node", actionType: ActionType.Add, label: "NodeAdd" }, undefined, node);
      },
      update: (_o, n) => {
        const node = copy(n) as unknown as Node;
        const old = this.cache.updateNode(node);
        // Only changes that may make a pod fit are events (NodeSchedulingPropertiesChange).
        for (const event of nodeSchedulingPropertiesChange(old, node)) this.move(event, old, node);
      },
      delete: (o) => {
        this.move({ resource: "Node", actionType: ActionType.Delete, label: "NodeDelete" }, o, undefined);
        this.cache.removeNode(o.metadata?.name ?? "");
      },
    });
    namespaces.on({
      add: (o) => this.move({ resource: "Namespace", actionType: ActionType.Add, label: "NamespaceAdd" }, undefined, o),
      update: (o, n) => {
        if (!sameLabels(o, n)) this.move({ resource: "Namespace", actionType: ActionType.Update, label: "NamespaceUpdate" }, o, n);
      },
    });
    priorityClasses.on({ add: () => this.readmit(), update: () => this.readmit() });
  }

  //> api-server-pod-handlers
  private addPod(pod: Pod): void {
    if (pod.spec?.nodeName) this.addAssignedPodToCache(pod);
    else if (this.responsibleForPod(pod)) this.addPodToSchedulingQueue(pod);
  }

  private updatePod(oldPod: Pod, newPod: Pod): void {
    if (oldPod.spec?.nodeName) this.updateAssignedPodInCache(oldPod, newPod);
    else if (newPod.spec?.nodeName) {
      // This update is a binding (ours, or someone else's): the cache takes it from here.
      this.addAssignedPodToCache(newPod);
      if (this.responsibleForPod(oldPod)) this.deletePodFromSchedulingQueue(oldPod, true);
    } else if (this.responsibleForPod(oldPod)) this.updatePodInSchedulingQueue(oldPod, newPod);
  }

  private deletePod(pod: Pod): void {
    if (pod.spec?.nodeName) this.deleteAssignedPodFromCache(pod);
    else if (this.responsibleForPod(pod)) this.deletePodFromSchedulingQueue(pod, false);
  }
  //< api-server-pod-handlers

  /**
   * spec.priority as the server's Priority plugin set it; the fallback fills it in (and
   * preemptionPolicy) from the PriorityClasses when it is missing. False if the class is missing.
   */
  private admit(pod: Pod): boolean {
    if (pod.spec?.priority !== undefined) return true;
    const classes = this.informers.priorityClasses.list() as unknown as PriorityClass[];
    const names = new Set(classes.map((c) => c.metadata?.name));
    try {
      admitPriority(pod, [...classes, ...systemPriorityClasses.filter((c) => !names.has(c.metadata?.name))]);
      return true;
    } catch (err) {
      this.errors.push(err instanceof Error ? err.message : String(err));
      return false;
    }
  }

  private readmit(): void {
    for (const [key, pod] of [...this.unadmitted]) {
      this.unadmitted.delete(key);
      this.addPodToSchedulingQueue(pod);
    }
  }

  private addPodToSchedulingQueue(pod: Pod): void {
    const key = podKey(pod);
    if (!this.admit(pod)) {
      this.unadmitted.set(key, pod);
      return;
    }
    this.pending.set(key, pod);
    this.scheduler.queue.add(pod);
  }

  //> update-pod-in-scheduling-queue
  private updatePodInSchedulingQueue(oldPod: Pod, newPod: Pod): void {
    if (oldPod.metadata?.resourceVersion === newPod.metadata?.resourceVersion) return;
    const key = podKey(newPod);
    if (this.cache.isAssumed(key)) {
      if (newPod.metadata?.deletionTimestamp && !oldPod.metadata?.deletionTimestamp) this.handleAssumedPodDeletion(key);
      return;
    }
    const local = this.pending.get(key);
    if (local !== undefined && !isPodUpdated(oldPod, newPod)) {
      // Status only (often our own patch, back through the watch): the queued copy follows, and
      // the pod stays where it is, as upstream's queue does when isPodUpdated is false.
      writable(local).status = newPod.status;
      writable(local.metadata!).resourceVersion = newPod.metadata?.resourceVersion;
      if (local.status?.nominatedNodeName) this.scheduler.nominator.add(local);
      else this.scheduler.nominator.delete(local);
    } else if (this.admit(newPod)) {
      this.pending.set(key, newPod);
      this.scheduler.queue.update(newPod);
    }
    // hasNominatedNodeNameChanged: the room held on the old node is free for others.
    const oldNominated = oldPod.status?.nominatedNodeName;
    if (oldNominated && oldNominated !== newPod.status?.nominatedNodeName) this.move(AssignedPodDelete, oldPod, undefined);
  }
  //< update-pod-in-scheduling-queue

  private deletePodFromSchedulingQueue(pod: Pod, inBinding: boolean): void {
    const key = podKey(pod);
    this.scheduler.queue.delete(this.pending.get(key) ?? pod);
    this.pending.delete(key);
    this.unadmitted.delete(key);
    if (inBinding) return;
    if (this.cache.isAssumed(key)) this.handleAssumedPodDeletion(key);
    else if (pod.status?.nominatedNodeName) this.move(AssignedPodDelete, pod, undefined);
  }

  /** handleAssumedPodDeletion: its binding will fail; free the node now. */
  private handleAssumedPodDeletion(key: string): void {
    const pod = this.cache.forget(key);
    if (pod !== undefined) this.move(AssignedPodDelete, pod, undefined);
  }

  //> add-assigned-pod-to-cache
  /** addAssignedPodToCache: a bound pod counts on its node; an assumed one is confirmed. */
  private addAssignedPodToCache(pod: Pod): void {
    this.admit(pod); // a running pod keeps a priority (0 if its class is gone): preemption picks victims by it
    this.cache.addPod(pod);
    this.scheduler.nominator.delete(pod);
    this.move(AssignedPodAdd, undefined, pod);
  }
  //< add-assigned-pod-to-cache

  /** SIMPLIFICATION: of an assigned pod's changes, only a label change is a cluster event. */
  private updateAssignedPodInCache(oldPod: Pod, newPod: Pod): void {
    this.admit(newPod);
    this.cache.updatePod(newPod);
    if (!sameLabels(oldPod, newPod)) this.move({ resource: "AssignedPod", actionType: ActionType.UpdatePodLabel, label: "AssignedPodUpdate" }, oldPod, newPod);
  }

  private deleteAssignedPodFromCache(pod: Pod): void {
    this.move(AssignedPodDelete, this.cache.removePod(pod), undefined);
  }
}
