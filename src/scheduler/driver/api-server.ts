// The API-server driver: the real scheduler against chapter 2's API server, the way
// kube-scheduler runs against kube-apiserver. Everything it knows comes from informers (list,
// then watch); everything it decides goes back as API requests.
//
//   const driver = new ApiServerCluster({ client: ApiClient.forUser(server, "system:kube-scheduler"), clock });
//   await driver.start();              // informers listed: nodes and bound pods in the snapshot, pending pods queued
//   await driver.scheduleAll();        // cycles until nothing is ready; bindings and patches awaited
//   await driver.runFor(60_000);       // a minute of virtual time: backoffs, victims terminating, retries
//
// The informer handlers (api-server-event-handlers.ts) are upstream's eventhandlers.go: an
// unassigned pod with one of our schedulerNames goes to the queue, an assigned pod to the cache
// (api-server-cache.ts), and node, pod and namespace changes become cluster events that move
// pods out of unschedulablePods (MoveAllToActiveOrBackoffQueue).
//
// Binding, as schedule_one.go: the scheduling cycle assumes the pod on its node (the snapshot
// counts it at once) and `bind` returns at once, so the next cycle can start; the POST of the
// v1 Binding to pods/<name>/binding is in flight meanwhile. When the watch shows the pod bound,
// the assumed pod is confirmed. When the POST fails, handleBindingCycleError: the pod is
// forgotten (its node's resources freed), that counts as an AssignedPodDelete event, and the
// pod goes back to the queue with backoff (unless the informer shows it deleted or bound).
//
// Failures write PodScheduled=False with the FitError message (a strategic merge patch of
// pods/status) and a FailedScheduling event; preemption marks each victim DisruptionTarget,
// deletes it with its grace period, and writes nominatedNodeName on the preemptor.
//
// What it does not guarantee: requests are not retried (upstream's do not either, apart from the
// informers); the driver does not delete a victim when its grace period ends (the kubelet
// does: with no kubelet, a victim stays Terminating and its room is not freed). It reads no
// PodDisruptionBudgets when the server does not serve policy/v1 (`unserved` says so).
import type { Namespace, Pod, PodCondition, Service } from "kubernetes-types/core/v1";
import type { ReplicaSet, StatefulSet } from "kubernetes-types/apps/v1";
import type { PodDisruptionBudget } from "kubernetes-types/policy/v1";
import { StatusError } from "../../api/status";
import { type Labels, rfc3339 } from "../../api";
import { type ApiClient, Informer } from "../../apiserver/client";
import { type Clock, Rng, type Seed, VirtualClock } from "../../sim";
import type { KubeSchedulerConfiguration } from "../config/config";
import type { WorkloadSelectors } from "../framework/interface";
import { podKey, podNamespace } from "../framework/pod-info";
import type { Registry } from "../framework/registry";
import { Snapshot } from "../framework/snapshot";
import type { Status } from "../framework/status";
import { type ScheduleResult, Scheduler, type SchedulerCluster } from "../scheduler";
import { SchedulerCache } from "./api-server-cache";
import { AssignedPodDelete, EventHandlers } from "./api-server-event-handlers";
import { bindingFor, disruptionTargetCondition, newEvent, podStatusPatch, setCondition, workloadSelectors, writable } from "./api-server-objects";

export interface ApiServerClusterOptions {
  /** The scheduler's client: as user system:kube-scheduler (the bootstrap policy's ClusterRole), or an admin. */
  client: ApiClient;
  /** The API server's clock (a VirtualClock for runFor). */
  clock: Clock;
  seed?: Seed;
  config?: KubeSchedulerConfiguration;
  registry?: Registry;
  explain?: boolean;
}

/** How a binding request ended. */
export interface BindingRecord {
  time: number;
  pod: string;
  nodeName: string;
  outcome: "Bound" | "Failed";
  message?: string;
}

/** The user kube-scheduler authenticates as; the API server's bootstrap policy gives it its ClusterRole. */
export const KubeSchedulerUser = "system:kube-scheduler";

export class ApiServerCluster implements SchedulerCluster {
  readonly clock: Clock;
  readonly client: ApiClient;
  readonly snapshot = new Snapshot();
  readonly scheduler: Scheduler;
  /** Every scheduling cycle's result, in order ("Scheduled" means assumed; see `bindings`). */
  readonly history: ScheduleResult[] = [];
  readonly bindings: BindingRecord[] = [];
  /** Requests that failed besides bindings (upstream logs them and goes on). */
  readonly errors: string[] = [];
  /** Resources the server does not serve; the driver reads them as empty lists. */
  readonly unserved: string[] = [];
  readonly informers: {
    pods: Informer; nodes: Informer; namespaces: Informer; services: Informer; replicaSets: Informer;
    statefulSets: Informer; podDisruptionBudgets: Informer; priorityClasses: Informer;
  };
  /** Assumed and bound pods over the snapshot (upstream's scheduler cache). */
  readonly cache = new SchedulerCache(this.snapshot);
  private readonly handlers: EventHandlers;
  private readonly attempts = new Map<string, number>();
  private readonly inflight = new Set<Promise<void>>();
  private eventSeq = 0;

  constructor(opts: ApiServerClusterOptions) {
    this.clock = opts.clock;
    this.client = opts.client;
    const rng = new Rng(opts.seed ?? 1);
    this.scheduler = new Scheduler({
      config: opts.config, registry: opts.registry, clock: this.clock, rng: rng.fork("scheduler"), cluster: this, explain: opts.explain,
    });
    const informer = (resource: string, group?: string, version?: string): Informer =>
      new Informer(this.client, group === undefined ? { resource } : { resource, group, version }, { clock: this.clock });
    this.informers = {
      pods: informer("pods"), nodes: informer("nodes"), namespaces: informer("namespaces"), services: informer("services"),
      replicaSets: informer("replicasets", "apps", "v1"), statefulSets: informer("statefulsets", "apps", "v1"),
      podDisruptionBudgets: informer("poddisruptionbudgets", "policy", "v1"), priorityClasses: informer("priorityclasses", "scheduling.k8s.io", "v1"),
    };
    this.handlers = new EventHandlers(this.scheduler, this.cache, this.informers, this.errors);
    this.handlers.register();
  }

  //> api-server-driver-start
  /**
   * Lists and watches (upstream: informerFactory.Start, then WaitForCacheSync before the first
   * cycle). PriorityClasses first, so pods have their priority; nodes before pods.
   */
  async start(): Promise<void> {
    const i = this.informers;
    await i.priorityClasses.start();
    await Promise.all([i.namespaces, i.services, i.replicaSets, i.statefulSets].map((inf) => inf.start()));
    try {
      await i.podDisruptionBudgets.start();
    } catch (err) {
      if (!(err instanceof StatusError && err.code === 404)) throw err;
      i.podDisruptionBudgets.stop();
      this.unserved.push("poddisruptionbudgets.policy");
    }
    await i.nodes.start();
    await i.pods.start();
    this.scheduler.queue.run();
  }
  //< api-server-driver-start

  stop(): void {
    for (const inf of Object.values(this.informers)) inf.stop();
    this.scheduler.queue.close();
  }

  // ---- Scheduling, on virtual time --------------------------------------------------------------
  /** One scheduling cycle for the next ready pod; its binding (if any) is left in flight. */
  scheduleOne(): ScheduleResult | undefined {
    const r = this.scheduler.scheduleOne();
    if (r) {
      this.history.push(r);
      this.attempts.set(r.pod, (this.attempts.get(r.pod) ?? 0) + 1);
    }
    return r;
  }

  /** Waits until no request of ours is in flight (the watch events they caused are delivered). */
  async settle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.all([...this.inflight]);
  }

  //> api-server-schedule-all
  /**
   * Cycles until no pod is ready: back to back while pods are ready (their bindings in flight,
   * as upstream's binding goroutines), then waits for the requests; their watch events may make
   * more pods ready (a failed binding, a node added), and so on.
   */
  async scheduleAll(): Promise<ScheduleResult[]> {
    const out: ScheduleResult[] = [];
    for (;;) {
      for (let r = this.scheduleOne(); r; r = this.scheduleOne()) out.push(r);
      if (this.inflight.size === 0) return out;
      await this.settle();
    }
  }
  //< api-server-schedule-all

  /** Runs `ms` of virtual time: schedules, moves the clock to the next timer, schedules... */
  async runFor(ms: number): Promise<ScheduleResult[]> {
    if (!(this.clock instanceof VirtualClock)) throw new Error("runFor needs a VirtualClock");
    const clock = this.clock;
    const end = clock.now() + ms;
    const out: ScheduleResult[] = [];
    for (;;) {
      out.push(...(await this.scheduleAll()));
      const due = clock.nextDue();
      if (due === undefined || due > end) break;
      clock.advance(due - clock.now());
    }
    if (clock.now() < end) clock.advance(end - clock.now());
    out.push(...(await this.scheduleAll()));
    return out;
  }

  // ---- SchedulerClient: what the scheduler asks of the API -----------------------------------------
  //> api-server-bind
  /** Assumed already (by the scheduling cycle); the Binding is POSTed in the background. */
  bind(pod: Pod, nodeName: string): Status | null {
    this.cache.assume(pod, nodeName);
    this.track(this.bindAsync(pod, nodeName));
    return null;
  }

  private async bindAsync(pod: Pod, nodeName: string): Promise<void> {
    const key = podKey(pod);
    try {
      await this.client.create({ resource: "pods", namespace: podNamespace(pod), name: pod.metadata?.name ?? "", subresource: "binding" }, bindingFor(pod, nodeName));
    } catch (err) {
      // RunBindPlugins wraps the binder's error (framework/runtime/framework.go).
      this.handleBindingCycleError(pod, nodeName, `running Bind plugin "DefaultBinder": ${messageOf(err)}`);
      return;
    }
    this.bindings.push({ time: this.clock.now(), pod: key, nodeName, outcome: "Bound" });
    await this.recordEvent(pod, "Normal", "Scheduled", "Binding", `Successfully assigned ${key} to ${nodeName}`);
  }

  /** handleBindingCycleError: forget the assumed pod, then the FailureHandler (requeue with backoff). */
  private handleBindingCycleError(pod: Pod, nodeName: string, message: string): void {
    const key = podKey(pod);
    this.bindings.push({ time: this.clock.now(), pod: key, nodeName, outcome: "Failed", message });
    // SIMPLIFICATION: Reserve plugins' Unreserve is not run (the cycle's state stays with the
    // scheduler); no in-tree plugin here implements Reserve.
    if (this.cache.forget(key) !== undefined) this.scheduler.queue.moveAllToActiveOrBackoffQueue(AssignedPodDelete, pod, undefined);
    const condition: PodCondition = { type: "PodScheduled", status: "False", reason: "SchedulerError", message, lastTransitionTime: rfc3339(this.clock.now()) };
    // handleSchedulingFailure asks the informer: a pod deleted or bound meanwhile is not requeued.
    const cached = this.informers.pods.get(podNamespace(pod), pod.metadata?.name ?? "");
    const local = this.handlers.pending.get(key);
    if (cached === undefined || local === undefined || (cached["spec"] as Pod["spec"])?.nodeName) {
      // Not upstream: it patches PodScheduled=False even onto a pod someone else bound.
      this.track(this.recordEvent(pod, "Warning", "FailedScheduling", "Scheduling", message));
      return;
    }
    const qpi = this.scheduler.queue.newQueuedPodInfo(local);
    qpi.attempts = this.attempts.get(key) ?? 1;
    this.scheduler.queue.addUnschedulableIfNotPresent(qpi, this.scheduler.queue.schedulingCycle);
    this.recordSchedulingFailure(local, condition, undefined, message);
  }
  //< api-server-bind

  recordSchedulingFailure(pod: Pod, condition: PodCondition, nominatedNodeName: string | undefined, message: string): void {
    const patch = podStatusPatch(pod, condition, nominatedNodeName);
    // The queued copy says it at once; the watch brings back the same status.
    setCondition(pod, condition);
    if (nominatedNodeName !== undefined) writable(pod.status!).nominatedNodeName = nominatedNodeName || undefined;
    if (patch !== undefined) this.track(this.patchStatus(pod, patch));
    this.track(this.recordEvent(pod, "Warning", "FailedScheduling", "Scheduling", message));
  }

  //> api-server-evict
  /**
   * A preemption victim (preemption.go PreemptPod): the DisruptionTarget condition first, then a
   * DELETE with the pod's own grace period; the kubelet finishes the deletion later.
   */
  evictPod(victim: Pod, preemptor: Pod): void {
    const profile = this.scheduler.frameworkFor(preemptor)?.profileName ?? "default-scheduler";
    const ref = { resource: "pods", namespace: podNamespace(victim), name: victim.metadata?.name ?? "" };
    this.track((async () => {
      await this.patchStatus(victim, { status: { conditions: [disruptionTargetCondition(profile, this.clock.now())] } });
      try {
        await this.client.delete(ref);
      } catch (err) {
        if (!(err instanceof StatusError && err.code === 404)) throw err;
      }
      await this.recordEvent(victim, "Normal", "Preempted", "Preempting", `Preempted by pod ${preemptor.metadata?.uid} on node ${victim.spec?.nodeName}`);
    })());
  }
  //< api-server-evict

  setNominatedNodeName(pod: Pod, nodeName: string): void {
    writable(pod).status ??= {};
    writable(pod.status!).nominatedNodeName = nodeName || undefined;
    if (nodeName) this.scheduler.nominator.add(pod, nodeName);
    else this.scheduler.nominator.delete(pod);
    this.track(this.patchStatus(pod, { status: { nominatedNodeName: nodeName || null } }));
  }

  listPodDisruptionBudgets(): readonly PodDisruptionBudget[] {
    return this.informers.podDisruptionBudgets.list() as unknown as PodDisruptionBudget[];
  }

  namespaceLabels(namespace: string): Labels | undefined {
    const ns = this.informers.namespaces.get("", namespace);
    return ns?.metadata?.labels ?? { "kubernetes.io/metadata.name": namespace };
  }

  *namespaces(): Iterable<[string, Labels]> {
    for (const ns of this.informers.namespaces.list() as unknown as Namespace[]) {
      const name = ns.metadata?.name ?? "";
      yield [name, ns.metadata?.labels ?? { "kubernetes.io/metadata.name": name }];
    }
  }

  workloadSelectorsFor(pod: Pod): WorkloadSelectors {
    const i = this.informers;
    return workloadSelectors(
      pod, i.services.list() as unknown as Service[], i.replicaSets.list() as unknown as ReplicaSet[], i.statefulSets.list() as unknown as StatefulSet[],
    );
  }

  // ---- Requests in flight ----------------------------------------------------------------------------
  /**
   * Counts work done by someone else on this clock (a simulated kubelet's DELETE) as in flight,
   * so that `scheduleAll` and `runFor` wait for it and see its watch events before going on.
   */
  waitFor(p: Promise<unknown>): void {
    this.track(p.then(() => undefined));
  }

  private track(p: Promise<void>): void {
    const t: Promise<void> = p.catch((err: unknown) => void this.errors.push(messageOf(err))).finally(() => this.inflight.delete(t));
    this.inflight.add(t);
  }

  private async patchStatus(pod: Pod, patch: object): Promise<void> {
    await this.client.patch({ resource: "pods", namespace: podNamespace(pod), name: pod.metadata?.name ?? "", subresource: "status" }, patch, "strategic");
  }

  private async recordEvent(pod: Pod, type: "Normal" | "Warning", reason: string, action: string, message: string): Promise<void> {
    const component = this.scheduler.frameworkFor(pod)?.profileName ?? "default-scheduler";
    const event = newEvent({ pod, type, reason, action, message, component, now: this.clock.now(), seq: this.eventSeq++ });
    await this.client.create({ resource: "events", namespace: podNamespace(pod) }, event);
  }

  /** Pods bound to a node, by node name (as the snapshot counts them, assumed ones included). */
  podsByNode(): Map<string, Pod[]> {
    const out = new Map<string, Pod[]>();
    for (const n of this.snapshot.list()) out.set(n.name, n.pods.map((p) => p.pod));
    return out;
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
