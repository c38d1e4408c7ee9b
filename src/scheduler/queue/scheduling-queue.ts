// The scheduling queue: which pod the scheduler tries next, and when a pod that did not fit
// gets another try.
//
//   activeQ            pods ready to be scheduled, ordered by the QueueSort plugin
//                      (PrioritySort: higher priority first, then first come first served)
//   backoffQ           pods that failed recently, waiting out an exponential backoff
//                      (1 s, 2 s, 4 s, ... capped at 10 s) before returning to activeQ
//   unschedulablePods  pods that did not fit; they stay until a cluster event that could help
//                      them happens (a node added, a pod deleted...), as told by the plugins that
//                      rejected them (EventsToRegister + QueueingHints), or for at most 5 minutes
//
// Time comes from the injected Clock: `run()` sets the two periodic flushes as timers, so on a
// VirtualClock a test can jump ten seconds and watch a pod come back.
//
// What it does not do: upstream's queue also hands pods to several scheduler goroutines and
// tracks in-flight events per pod; ours serves one scheduling cycle at a time.
//
// Reference: pkg/scheduler/backend/queue/scheduling_queue.go.
import type { Pod } from "kubernetes-types/core/v1";
import type { Clock, TimerId } from "../../sim";
import { MinHeap } from "../../sim/heap";
import type { ClusterEvent, ClusterEventWithHint, QueuedPodInfo } from "../framework/interface";
import { QueueingHint } from "../framework/interface";
import { podInfoOf } from "../framework/pod-info";
import type { Status } from "../framework/status";
import type { Nominator } from "./nominator";

//> queue-durations
/** How long a pod may sit in unschedulablePods before it is retried anyway. */
export const podMaxInUnschedulablePodsDuration = 5 * 60 * 1000;
/** The backoffQ is checked every second... */
export const backoffQFlushInterval = 1000;
/** ... and the unschedulable pods every 30 seconds. */
export const unschedulableQFlushInterval = 30 * 1000;
//< queue-durations

export interface QueueOptions {
  clock: Clock;
  less: (a: QueuedPodInfo, b: QueuedPodInfo) => boolean;
  /** PreEnqueue plugins of the pod's profile; a rejection keeps the pod out of activeQ. */
  preEnqueue?: (pod: Pod) => Status | null;
  /** Plugin name → events that may make pods it rejected schedulable. */
  eventsToRegister?: Map<string, ClusterEventWithHint[]>;
  nominator: Nominator;
  /** Defaults 1000 and 10000 ms. */
  podInitialBackoffMs?: number;
  podMaxBackoffMs?: number;
}

type Where = "active" | "backoff" | "unschedulable";

export class SchedulingQueue {
  private readonly clock: Clock;
  private readonly activeQ: MinHeap<QueuedPodInfo>;
  private readonly backoffQ: MinHeap<QueuedPodInfo>;
  /** Where each queued pod is; heap entries not matching this map are stale (lazy deletion). */
  private readonly where = new Map<string, { where: Where; qpi: QueuedPodInfo }>();
  private readonly unschedulablePods = new Map<string, QueuedPodInfo>();
  private readonly initialBackoff: number;
  private readonly maxBackoff: number;
  private readonly timers: TimerId[] = [];
  /** Incremented by every pop: the scheduling cycle number. */
  schedulingCycle = 0;
  /** The cycle during which the last move request (cluster event) happened. */
  private moveRequestCycle = -1;

  constructor(private readonly opts: QueueOptions) {
    this.clock = opts.clock;
    this.initialBackoff = opts.podInitialBackoffMs ?? 1000;
    this.maxBackoff = opts.podMaxBackoffMs ?? 10000;
    this.activeQ = new MinHeap((a, b) => (opts.less(a, b) ? -1 : opts.less(b, a) ? 1 : 0));
    this.backoffQ = new MinHeap((a, b) => this.backoffTime(a) - this.backoffTime(b));
  }

  /** Starts the periodic flushes on the clock. */
  run(): void {
    const every = (ms: number, fn: () => void, label: string): void => {
      const tick = (): void => {
        fn();
        this.timers.push(this.clock.setTimer(ms, tick, label));
      };
      this.timers.push(this.clock.setTimer(ms, tick, label));
    };
    every(backoffQFlushInterval, () => this.flushBackoffQCompleted(), "queue/flushBackoffQCompleted");
    every(unschedulableQFlushInterval, () => this.flushUnschedulablePodsLeftover(), "queue/flushUnschedulablePodsLeftover");
  }

  close(): void {
    for (const t of this.timers) this.clock.clearTimer(t);
    this.timers.length = 0;
  }

  newQueuedPodInfo(pod: Pod): QueuedPodInfo {
    const now = this.clock.now();
    return {
      podInfo: podInfoOf(pod), pod, timestamp: now, attempts: 0, unschedulableCount: 0, initialAttemptTimestamp: now,
      unschedulablePlugins: new Set(), pendingPlugins: new Set(), gatingPlugin: undefined,
    };
  }

  /** Add: a new pending pod. Gated pods (PreEnqueue rejected) wait in unschedulablePods. */
  add(pod: Pod): void {
    const qpi = this.newQueuedPodInfo(pod);
    if (pod.status?.nominatedNodeName) this.opts.nominator.add(pod);
    this.moveToActiveOrGate(qpi);
  }

  private moveToActiveOrGate(qpi: QueuedPodInfo): void {
    const s = this.opts.preEnqueue?.(qpi.pod) ?? null;
    if (s !== null && !s.isSuccess()) {
      qpi.gatingPlugin = s.plugin;
      this.put(qpi, "unschedulable");
      return;
    }
    qpi.gatingPlugin = undefined;
    this.put(qpi, "active");
  }

  private put(qpi: QueuedPodInfo, where: Where): void {
    const key = qpi.podInfo.key;
    this.unschedulablePods.delete(key);
    this.where.set(key, { where, qpi });
    if (where === "active") this.activeQ.push(qpi);
    else if (where === "backoff") this.backoffQ.push(qpi);
    else this.unschedulablePods.set(key, qpi);
  }

  private isCurrent(qpi: QueuedPodInfo, where: Where): boolean {
    const e = this.where.get(qpi.podInfo.key);
    return e !== undefined && e.where === where && e.qpi === qpi;
  }

  /** Pop: the next pod to schedule, or undefined when activeQ is empty (the driver then waits). */
  pop(): QueuedPodInfo | undefined {
    for (let qpi = this.activeQ.pop(); qpi; qpi = this.activeQ.pop()) {
      if (!this.isCurrent(qpi, "active")) continue;
      this.where.delete(qpi.podInfo.key);
      qpi.attempts++;
      this.schedulingCycle++;
      return qpi;
    }
    return undefined;
  }

  //> backoff-duration
  /** calculateBackoffDuration: initial × 2^(attempts−1), at most the maximum. */
  backoffDuration(qpi: QueuedPodInfo): number {
    let d = this.initialBackoff;
    for (let i = 1; i < qpi.attempts; i++) {
      if (d > this.maxBackoff - d) return this.maxBackoff;
      d += d;
    }
    return d;
  }
  //< backoff-duration

  backoffTime(qpi: QueuedPodInfo): number {
    return qpi.timestamp + this.backoffDuration(qpi);
  }

  isPodBackingoff(qpi: QueuedPodInfo): boolean {
    return this.backoffTime(qpi) > this.clock.now();
  }

  //> add-unschedulable
  /**
   * AddUnschedulableIfNotPresent: a pod came back from a failed scheduling cycle.
   * - failed with an error (no plugin rejected it): backoffQ, it may work next time;
   * - a cluster event arrived while it was being scheduled: backoffQ, that event may have helped;
   * - otherwise: unschedulablePods, until an event its rejecting plugins care about.
   */
  addUnschedulableIfNotPresent(qpi: QueuedPodInfo, podSchedulingCycle: number): void {
    if (this.where.has(qpi.podInfo.key)) return;
    qpi.timestamp = this.clock.now();
    const rejected = qpi.unschedulablePlugins.size > 0 || qpi.pendingPlugins.size > 0;
    if (rejected) qpi.unschedulableCount++;
    if (!rejected || this.moveRequestCycle >= podSchedulingCycle) this.put(qpi, "backoff");
    else this.put(qpi, "unschedulable");
  }
  //< add-unschedulable

  /** flushBackoffQCompleted: pods whose backoff has expired go to activeQ. */
  flushBackoffQCompleted(): void {
    for (let qpi = this.backoffQ.peek(); qpi; qpi = this.backoffQ.peek()) {
      if (!this.isCurrent(qpi, "backoff")) {
        this.backoffQ.pop();
        continue;
      }
      if (this.isPodBackingoff(qpi)) break;
      this.backoffQ.pop();
      this.put(qpi, "active");
    }
  }

  /** flushUnschedulablePodsLeftover: pods unschedulable for 5 minutes are retried anyway. */
  flushUnschedulablePodsLeftover(): void {
    const now = this.clock.now();
    for (const qpi of [...this.unschedulablePods.values()]) {
      if (qpi.gatingPlugin === undefined && now - qpi.timestamp > podMaxInUnschedulablePodsDuration) this.requeue(qpi);
    }
  }

  private requeue(qpi: QueuedPodInfo): void {
    if (qpi.gatingPlugin !== undefined) {
      this.moveToActiveOrGate(qpi);
      return;
    }
    this.put(qpi, this.isPodBackingoff(qpi) ? "backoff" : "active");
  }

  //> move-all
  /**
   * MoveAllToActiveOrBackoffQueue: a cluster event happened; every unschedulable pod that one of
   * its rejecting plugins says the event may help goes back (to backoffQ while still backing off).
   */
  moveAllToActiveOrBackoffQueue(event: ClusterEvent, oldObj?: unknown, newObj?: unknown): number {
    let moved = 0;
    for (const qpi of [...this.unschedulablePods.values()]) {
      if (qpi.gatingPlugin !== undefined) continue;
      if (this.isPodWorthRequeuing(qpi, event, oldObj, newObj)) {
        this.requeue(qpi);
        moved++;
      }
    }
    this.moveRequestCycle = this.schedulingCycle;
    return moved;
  }
  //< move-all

  /** isPodWorthRequeuing: does a plugin that rejected the pod care about this event? */
  isPodWorthRequeuing(qpi: QueuedPodInfo, event: ClusterEvent, oldObj: unknown, newObj: unknown): boolean {
    const rejectors = new Set([...qpi.unschedulablePlugins, ...qpi.pendingPlugins]);
    if (rejectors.size === 0) return true; // failed for an unknown reason: any event may help
    for (const plugin of rejectors) {
      for (const reg of this.opts.eventsToRegister?.get(plugin) ?? [{ event: { resource: "*" as const, actionType: 0x7ff } }]) {
        if (!eventMatches(reg.event, event)) continue;
        if (!reg.queueingHintFn || reg.queueingHintFn(qpi.pod, oldObj, newObj) === QueueingHint.Queue) return true;
      }
    }
    return false;
  }

  /** Update: a pending pod changed (e.g. a scheduling gate removed, a toleration added). */
  update(newPod: Pod): void {
    const key = podInfoOf(newPod).key;
    const e = this.where.get(key);
    if (!e) {
      this.add(newPod);
      return;
    }
    const qpi: QueuedPodInfo = { ...e.qpi, pod: newPod, podInfo: podInfoOf(newPod) };
    if (e.where === "unschedulable") this.requeue(qpi);
    else this.put(qpi, e.where);
  }

  delete(pod: Pod): void {
    const key = podInfoOf(pod).key;
    this.where.delete(key);
    this.unschedulablePods.delete(key);
    this.opts.nominator.delete(pod);
  }

  /** Moves a pod to activeQ right away (upstream's Activate), e.g. after its gate was lifted. */
  activate(pod: Pod): void {
    const e = this.where.get(podInfoOf(pod).key);
    if (e && e.where !== "active") this.moveToActiveOrGate(e.qpi);
  }

  /** Pending pods by queue, for tests, notebooks and the playground. */
  pendingPods(): { active: string[]; backoff: string[]; unschedulable: string[]; gated: string[] } {
    const out = { active: [] as string[], backoff: [] as string[], unschedulable: [] as string[], gated: [] as string[] };
    for (const [key, e] of this.where) {
      if (e.where === "unschedulable" && e.qpi.gatingPlugin !== undefined) out.gated.push(key);
      else out[e.where].push(key);
    }
    for (const list of Object.values(out)) list.sort();
    return out;
  }

  get length(): number {
    return this.where.size;
  }

  has(pod: Pod): boolean {
    return this.where.has(podInfoOf(pod).key);
  }

  /** Time at which the earliest backoff ends, if any pod is backing off. */
  nextBackoffExpiry(): number | undefined {
    for (let qpi = this.backoffQ.peek(); qpi; qpi = this.backoffQ.peek()) {
      if (this.isCurrent(qpi, "backoff")) return this.backoffTime(qpi);
      this.backoffQ.pop();
    }
    return undefined;
  }
}

function eventMatches(registered: ClusterEvent, event: ClusterEvent): boolean {
  const resourceOk =
    registered.resource === "*" ||
    registered.resource === event.resource ||
    (registered.resource === "Pod" && (event.resource === "AssignedPod" || event.resource === "UnscheduledPod"));
  return resourceOk && (registered.actionType & event.actionType) !== 0;
}
