// The in-memory driver: a cluster held in plain objects (nodes, pods, PodDisruptionBudgets,
// PriorityClasses, namespaces, workloads), scheduled by the real scheduler. Notebooks, the
// benchmark and the browser playground use it; there is no API server, no informers, no kubelet.
//
//   const cluster = new InMemoryCluster({ nodes, seed: 1 });
//   const r = cluster.scheduleOne(pod);   // r.outcome, r.nodeName, r.message, r.diagnosis
//   cluster.scheduleAll();                // every pod that is ready, one cycle each
//   cluster.runFor(60_000);               // a minute of virtual time: backoffs, evictions, retries
//
// What it stands in for: the API server (binding sets spec.nodeName, failures write the
// PodScheduled condition and a FailedScheduling event), the Priority admission plugin, the
// disruption controller (disruptionsAllowed when a PDB has no status), and the kubelet
// (a preemption victim disappears after its terminationGracePeriodSeconds).
import type { Namespace, Node, Pod, PodCondition, Service } from "kubernetes-types/core/v1";
import type { ReplicaSet, StatefulSet } from "kubernetes-types/apps/v1";
import type { PodDisruptionBudget } from "kubernetes-types/policy/v1";
import type { PriorityClass } from "kubernetes-types/scheduling/v1";
import { type Labels, labelSelectorAsSelector, rfc3339 } from "../../api";
import { type Clock, Rng, type Seed, VirtualClock } from "../../sim";
import type { KubeSchedulerConfiguration } from "../config/config";
import { ActionType, type ClusterEvent, type WorkloadSelectors } from "../framework/interface";
import { podKey, podNamespace } from "../framework/pod-info";
import type { Registry } from "../framework/registry";
import { Snapshot } from "../framework/snapshot";
import { Code, newStatus, type Status } from "../framework/status";
import { type ScheduleResult, Scheduler, type SchedulerCluster } from "../scheduler";
import { admitPriority, systemPriorityClasses } from "./priority";

/** kubernetes-types marks server-set fields readonly; the in-memory "API server" sets them. */
type Writable<T> = { -readonly [K in keyof T]: T[K] };
const w = <T>(x: T): Writable<T> => x as Writable<T>;

export interface InMemoryClusterOptions {
  nodes?: Node[];
  /** Pods; those with spec.nodeName are running there, the others are queued. */
  pods?: Pod[];
  priorityClasses?: PriorityClass[];
  podDisruptionBudgets?: PodDisruptionBudget[];
  namespaces?: Namespace[];
  services?: Service[];
  replicaSets?: ReplicaSet[];
  statefulSets?: StatefulSet[];
  config?: KubeSchedulerConfiguration;
  registry?: Registry;
  /** Defaults to a new VirtualClock. */
  clock?: Clock;
  seed?: Seed;
  /** Record every plugin's verdict and raw score per node (see SchedulerOptions.explain). */
  explain?: boolean;
}

export interface ClusterEventRecord {
  time: number;
  type: "Normal" | "Warning";
  reason: string;
  object: string;
  message: string;
}

export class InMemoryCluster implements SchedulerCluster {
  readonly clock: Clock;
  readonly snapshot = new Snapshot();
  readonly scheduler: Scheduler;
  readonly pods = new Map<string, Pod>();
  readonly events: ClusterEventRecord[] = [];
  /** Every scheduling result, in order. */
  readonly history: ScheduleResult[] = [];
  private readonly priorityClasses: PriorityClass[];
  private readonly pdbs: PodDisruptionBudget[];
  private readonly namespaceObjs = new Map<string, Labels>();
  private readonly services: Service[];
  private readonly replicaSets: ReplicaSet[];
  private readonly statefulSets: StatefulSet[];

  constructor(opts: InMemoryClusterOptions = {}) {
    this.clock = opts.clock ?? new VirtualClock();
    const rng = new Rng(opts.seed ?? 1);
    this.priorityClasses = [...systemPriorityClasses, ...(opts.priorityClasses ?? [])];
    this.pdbs = opts.podDisruptionBudgets ?? [];
    for (const ns of opts.namespaces ?? []) this.namespaceObjs.set(ns.metadata?.name ?? "", { ...(ns.metadata?.labels ?? {}) });
    this.services = opts.services ?? [];
    this.replicaSets = opts.replicaSets ?? [];
    this.statefulSets = opts.statefulSets ?? [];
    this.scheduler = new Scheduler({
      config: opts.config, registry: opts.registry, clock: this.clock, rng: rng.fork("scheduler"), cluster: this, explain: opts.explain,
    });
    for (const n of opts.nodes ?? []) this.snapshot.addNode(n);
    for (const p of opts.pods ?? []) this.addPod(p);
    this.scheduler.queue.run();
  }

  // ---- Cluster changes (what informers would deliver) ------------------------------------------
  addNode(node: Node): void {
    this.snapshot.addNode(node);
    this.emit({ resource: "Node", actionType: ActionType.Add, label: "NodeAdd" }, undefined, node);
  }

  updateNode(node: Node): void {
    const old = this.snapshot.get(node.metadata?.name ?? "")?.node;
    this.snapshot.updateNode(node);
    let action = 0;
    const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
    if (!same(old?.status?.allocatable, node.status?.allocatable)) action |= ActionType.UpdateNodeAllocatable;
    if (!same(old?.metadata?.labels, node.metadata?.labels)) action |= ActionType.UpdateNodeLabel;
    if (!same(old?.spec?.taints, node.spec?.taints) || old?.spec?.unschedulable !== node.spec?.unschedulable) action |= ActionType.UpdateNodeTaint;
    if (action !== 0) this.emit({ resource: "Node", actionType: action, label: "NodeUpdate" }, old, node);
  }

  removeNode(name: string): void {
    const old = this.snapshot.get(name)?.node;
    this.snapshot.removeNode(name);
    for (const p of this.pods.values()) if (p.spec?.nodeName === name) this.pods.delete(podKey(p));
    this.emit({ resource: "Node", actionType: ActionType.Delete, label: "NodeDelete" }, old, undefined);
  }

  /** Creates a pod (after priority admission). Bound pods join their node; others are queued. */
  addPod(pod: Pod): Pod {
    pod.metadata ??= {};
    pod.metadata.namespace ||= "default";
    w(pod.metadata).uid ||= `uid-${podKey(pod)}`;
    w(pod.metadata).creationTimestamp ||= rfc3339(this.clock.now());
    admitPriority(pod, this.priorityClasses);
    this.pods.set(podKey(pod), pod);
    const nodeName = pod.spec?.nodeName;
    if (nodeName) {
      this.snapshot.addPod(pod, nodeName);
      this.emit({ resource: "AssignedPod", actionType: ActionType.Add, label: "AssignedPodAdd" }, undefined, pod);
    } else if (this.scheduler.frameworkFor(pod)) {
      this.scheduler.queue.add(pod);
    } // else: a pod for another scheduler (spec.schedulerName); it stays pending here
    return pod;
  }

  /** Replaces a pending pod (e.g. new tolerations, a scheduling gate removed). */
  updatePod(pod: Pod): void {
    this.pods.set(podKey(pod), pod);
    if (pod.spec?.nodeName) return;
    admitPriority(pod, this.priorityClasses);
    if (this.scheduler.frameworkFor(pod)) this.scheduler.queue.update(pod);
  }

  deletePod(key: string): void {
    const pod = this.pods.get(key);
    if (!pod) return;
    this.pods.delete(key);
    const nodeName = pod.spec?.nodeName;
    if (nodeName) {
      this.snapshot.removePod(pod, nodeName);
      this.emit({ resource: "AssignedPod", actionType: ActionType.Delete, label: "AssignedPodDelete" }, pod, undefined);
    } else {
      this.scheduler.queue.delete(pod);
    }
  }

  private emit(event: ClusterEvent, oldObj: unknown, newObj: unknown): void {
    this.scheduler.queue.moveAllToActiveOrBackoffQueue(event, oldObj, newObj);
  }

  // ---- Scheduling ------------------------------------------------------------------------------
  //> in-memory-schedule-one
  /**
   * With a pod: creates it and runs cycles until that pod has been tried once; returns its
   * result. Without: runs one cycle for the next ready pod (undefined if none is ready).
   */
  scheduleOne(pod?: Pod): ScheduleResult | undefined {
    if (pod === undefined) return this.cycle();
    const key = podKey(this.addPod(pod));
    for (let r = this.cycle(); r; r = this.cycle()) if (r.pod === key) return r;
    return undefined;
  }
  //< in-memory-schedule-one

  /** Schedules every pod that is ready now (one cycle each, in queue order). */
  scheduleAll(): ScheduleResult[] {
    const out: ScheduleResult[] = [];
    for (let r = this.cycle(); r; r = this.cycle()) out.push(r);
    return out;
  }

  /**
   * Runs the cluster for `ms` of virtual time: schedules whatever is ready, then lets the clock
   * move to the next timer (a backoff expiring, a victim terminating), and so on.
   * Needs a VirtualClock.
   */
  runFor(ms: number): ScheduleResult[] {
    if (!(this.clock instanceof VirtualClock)) throw new Error("runFor needs a VirtualClock");
    const clock = this.clock;
    const end = clock.now() + ms;
    const out: ScheduleResult[] = [];
    for (;;) {
      out.push(...this.scheduleAll());
      const due = clock.nextDue();
      if (due === undefined || due > end) break;
      clock.advance(due - clock.now());
    }
    if (clock.now() < end) clock.advance(end - clock.now());
    out.push(...this.scheduleAll());
    return out;
  }

  private cycle(): ScheduleResult | undefined {
    const r = this.scheduler.scheduleOne();
    if (r) this.history.push(r);
    return r;
  }

  // ---- SchedulerClient ---------------------------------------------------------------------------
  bind(pod: Pod, nodeName: string): Status | null {
    if (!this.snapshot.get(nodeName)) return newStatus(Code.Error, `node "${nodeName}" not found`);
    pod.spec!.nodeName = nodeName;
    const status = (w(pod).status ??= {});
    status.nominatedNodeName = undefined;
    setCondition(pod, { type: "PodScheduled", status: "True", lastTransitionTime: rfc3339(this.clock.now()) });
    this.record("Normal", "Scheduled", pod, `Successfully assigned ${podKey(pod)} to ${nodeName}`);
    this.emit({ resource: "AssignedPod", actionType: ActionType.Add, label: "AssignedPodAdd" }, undefined, pod);
    return null;
  }

  recordSchedulingFailure(pod: Pod, condition: PodCondition, nominatedNodeName: string | undefined, message: string): void {
    const status = (w(pod).status ??= {});
    setCondition(pod, condition);
    if (nominatedNodeName !== undefined) status.nominatedNodeName = nominatedNodeName || undefined;
    this.record("Warning", "FailedScheduling", pod, message);
  }

  //> evict-pod
  /** A preemption victim: marked, then deleted after its grace period (what the kubelet does). */
  evictPod(victim: Pod, preemptor: Pod): void {
    const key = podKey(victim);
    w(victim).status ??= {};
    setCondition(victim, {
      type: "DisruptionTarget", status: "True", reason: "PreemptionByScheduler",
      message: `${this.scheduler.frameworkFor(preemptor)?.profileName ?? "default-scheduler"}: preempting to accommodate a higher priority pod`,
    });
    w(victim.metadata!).deletionTimestamp = rfc3339(this.clock.now());
    this.record("Normal", "Preempted", victim, `Preempted by pod ${preemptor.metadata?.uid} on node ${victim.spec?.nodeName}`);
    const grace = (victim.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
    if (grace === 0) this.deletePod(key);
    else this.clock.setTimer(grace, () => this.deletePod(key), `terminate/${key}`);
  }
  //< evict-pod

  setNominatedNodeName(pod: Pod, nodeName: string): void {
    const status = (w(pod).status ??= {});
    status.nominatedNodeName = nodeName || undefined;
    if (nodeName) this.scheduler.nominator.add(pod, nodeName);
    else this.scheduler.nominator.delete(pod);
  }

  /** PDBs; without a status, disruptionsAllowed is computed as the disruption controller would. */
  listPodDisruptionBudgets(): readonly PodDisruptionBudget[] {
    return this.pdbs.map((pdb) => {
      if (pdb.status?.disruptionsAllowed !== undefined) return pdb;
      const selector = labelSelectorAsSelector(pdb.spec?.selector);
      const ns = pdb.metadata?.namespace || "default";
      const matching = [...this.pods.values()].filter(
        (p) => p.spec?.nodeName && podNamespace(p) === ns && !p.metadata?.deletionTimestamp && selector.matches(p.metadata?.labels ?? {}),
      ).length;
      const resolve = (v: number | string | undefined): number | undefined =>
        v === undefined ? undefined : typeof v === "number" ? v : Math.ceil((parseInt(v, 10) / 100) * matching);
      const minAvailable = resolve(pdb.spec?.minAvailable);
      const maxUnavailable = resolve(pdb.spec?.maxUnavailable);
      const allowed = minAvailable !== undefined ? matching - minAvailable : maxUnavailable !== undefined ? maxUnavailable : 0;
      return { ...pdb, status: { currentHealthy: matching, desiredHealthy: matching - Math.max(allowed, 0), expectedPods: matching, disruptionsAllowed: Math.max(allowed, 0) } };
    });
  }

  namespaceLabels(namespace: string): Labels | undefined {
    return this.namespaceObjs.get(namespace) ?? { "kubernetes.io/metadata.name": namespace };
  }

  *namespaces(): Iterable<[string, Labels]> {
    const seen = new Set<string>();
    for (const [name, labels] of this.namespaceObjs) {
      seen.add(name);
      yield [name, labels];
    }
    for (const p of this.pods.values()) {
      const ns = podNamespace(p);
      if (!seen.has(ns)) {
        seen.add(ns);
        yield [ns, { "kubernetes.io/metadata.name": ns }];
      }
    }
  }

  workloadSelectorsFor(pod: Pod): WorkloadSelectors {
    const ns = podNamespace(pod);
    const labels = pod.metadata?.labels ?? {};
    const services = this.services
      .filter((s) => (s.metadata?.namespace || "default") === ns && s.spec?.selector && Object.keys(s.spec.selector).length > 0)
      .filter((s) => Object.entries(s.spec!.selector!).every(([k, v]) => labels[k] === v))
      .map((s) => s.spec!.selector!);
    const owner = (pod.metadata?.ownerReferences ?? []).find((o) => o.controller);
    const controllers = [];
    if (owner?.kind === "ReplicaSet") {
      const rs = this.replicaSets.find((r) => r.metadata?.name === owner.name && (r.metadata?.namespace || "default") === ns);
      if (rs?.spec?.selector) controllers.push(rs.spec.selector);
    } else if (owner?.kind === "StatefulSet") {
      const ss = this.statefulSets.find((r) => r.metadata?.name === owner.name && (r.metadata?.namespace || "default") === ns);
      if (ss?.spec?.selector) controllers.push(ss.spec.selector);
    }
    return { services, controllers };
  }

  private record(type: "Normal" | "Warning", reason: string, pod: Pod, message: string): void {
    this.events.push({ time: this.clock.now(), type, reason, object: `pod/${podKey(pod)}`, message });
  }

  /** Pods bound to a node, by node name. */
  podsByNode(): Map<string, Pod[]> {
    const out = new Map<string, Pod[]>();
    for (const n of this.snapshot.list()) out.set(n.name, n.pods.map((p) => p.pod));
    return out;
  }
}

function setCondition(pod: Pod, condition: PodCondition): void {
  const status = (w(pod).status ??= {});
  const conditions = (status.conditions ?? []).filter((c) => c.type !== condition.type);
  conditions.push(condition);
  status.conditions = conditions;
}
