// The scheduler: takes the next pod from the queue and runs one scheduling cycle for it,
// then its binding cycle. Everything it needs from the cluster comes through a
// SchedulerCluster (the in-memory driver, or later an API-server driver).
//
//   scheduleOne:
//     1. pop a pod; pick the framework of its spec.schedulerName
//     2. schedulePod: PreFilter → Filter (up to numFeasibleNodesToFind nodes, from where the last
//        cycle stopped) → PreScore/Score → selectHost
//     3. no node fits: PostFilter (preemption), then FailedScheduling: the PodScheduled=False
//        condition with reason Unschedulable and the FitError message; back to the queue
//     4. a node fits: assume the pod on it (the NodeInfo counts it at once), Reserve, Permit,
//        then PreBind, Bind, PostBind; any failure unreserves, forgets the pod, and requeues it
//
// SIMPLIFICATION: upstream binds in a separate goroutine so that the next cycle starts while
// the binding is in flight; here the binding cycle runs to completion before scheduleOne returns.
//
// Reference: pkg/scheduler/schedule_one.go, pkg/scheduler/scheduler.go.
import type { Pod, PodCondition } from "kubernetes-types/core/v1";
import { type Labels, rfc3339 } from "../api";
import type { Clock, Rng } from "../sim";
import { DefaultSchedulerName, type KubeSchedulerConfiguration, withDefaults } from "./config/config";
import type { CycleState } from "./framework/cycle-state";
import { Framework, type NodePluginScores, type PluginScore } from "./framework/framework";
import { NodeToStatus, type QueuedPodInfo, type SchedulerClient, type WorkloadSelectors } from "./framework/interface";
import type { NodeInfo } from "./framework/node-info";
import { podKey } from "./framework/pod-info";
import type { Registry } from "./framework/registry";
import type { Snapshot } from "./framework/snapshot";
import { Code, codeName, type Status } from "./framework/status";
import { FitError, type FitDiagnosis } from "./fit-error";
import { Nominator } from "./queue/nominator";
import { SchedulingQueue } from "./queue/scheduling-queue";
import {
  findNodesThatPassFilters, numFeasibleNodesToFind, preFilterResultExcluded, prioritizeNodes, selectHost, type VerdictView,
  verdictView,
} from "./schedule-one";

/** The cluster as the scheduler sees it. The in-memory driver implements this. */
export interface SchedulerCluster extends SchedulerClient {
  snapshot: Snapshot;
  namespaceLabels(namespace: string): Labels | undefined;
  namespaces(): Iterable<[string, Labels]>;
  workloadSelectorsFor(pod: Pod): WorkloadSelectors;
  /** Records the outcome on the pod: PodScheduled condition, nominatedNodeName, an event. */
  recordSchedulingFailure(pod: Pod, condition: PodCondition, nominatedNodeName: string | undefined, eventMessage: string): void;
}

export interface SchedulerOptions {
  config?: KubeSchedulerConfiguration;
  registry?: Registry;
  clock: Clock;
  rng: Rng;
  cluster: SchedulerCluster;
  /**
   * Record every filter plugin's verdict on every examined node and the raw scores (for the
   * playground and notebooks). Off, the scheduler stops at a node's first failing filter, as
   * upstream does, and the diagnosis only keeps failures and weighted scores.
   */
  explain?: boolean;
}

/** Per examined node: what each filter said and, if it was feasible and scored, the scores. */
export interface NodeDiagnosis {
  node: string;
  feasible: boolean;
  /** Filter verdicts in plugin order; in explain mode all of them, otherwise the first failure. */
  filters: VerdictView[];
  scores?: PluginScore[];
  totalScore?: number;
}

export interface ScheduleDiagnosis {
  numAllNodes: number;
  /** How many feasible nodes filtering looked for (numFeasibleNodesToFind). */
  numNodesToFind: number;
  evaluatedNodes: number;
  feasibleNodes: number;
  preFilter: VerdictView[];
  /** Nodes a PreFilterResult narrowed the search to, if any. */
  preFilterNodeNames?: string[];
  /**
   * Explain mode: every examined node, in the order examined, with all filter verdicts and (if
   * scored) all scores. Otherwise, when no node fits: the nodes that failed, with their first
   * failing filter (when a node was chosen, topNodes tells why).
   */
  nodes: NodeDiagnosis[];
  /** Highest scores first (up to 3), with each plugin's weighted score. */
  topNodes: Array<{ name: string; totalScore: number; scores?: PluginScore[] }>;
  selectedNode?: string;
  postFilter?: { message: string; nominatedNodeName?: string; victims: string[] };
}

export type ScheduleOutcome = "Scheduled" | "Unschedulable" | "Error" | "Waiting";

export interface ScheduleResult {
  pod: string;
  cycle: number;
  outcome: ScheduleOutcome;
  nodeName?: string;
  /** For Unschedulable: the FitError message (the PodScheduled condition's message). */
  message?: string;
  nominatedNodeName?: string;
  victims?: string[];
  diagnosis: ScheduleDiagnosis;
}

export class Scheduler {
  readonly frameworks = new Map<string, Framework>();
  readonly queue: SchedulingQueue;
  readonly nominator = new Nominator();
  readonly percentageOfNodesToScore: number;
  /** Where the next cycle starts examining nodes. */
  nextStartNodeIndex = 0;
  explain: boolean;
  private readonly clock: Clock;
  private readonly rng: Rng;
  private readonly cluster: SchedulerCluster;
  private readonly waiting = new Map<string, { pod: Pod; nodeName: string; fwk: Framework; state: CycleState; qpi: QueuedPodInfo; cycle: number; timer: number }>();

  constructor(opts: SchedulerOptions) {
    const config = withDefaults(opts.config);
    this.clock = opts.clock;
    this.rng = opts.rng;
    this.cluster = opts.cluster;
    this.explain = opts.explain ?? false;
    this.percentageOfNodesToScore = config.percentageOfNodesToScore;
    for (const profile of config.profiles) {
      this.frameworks.set(
        profile.schedulerName,
        new Framework(profile, {
          registry: opts.registry,
          clock: opts.clock,
          rng: opts.rng.fork(`framework/${profile.schedulerName}`),
          lister: () => this.cluster.snapshot,
          client: this.cluster,
          nominatedPodsForNode: (n) => this.nominator.nominatedPodsForNode(n),
          namespaceLabels: (ns) => this.cluster.namespaceLabels(ns),
          namespaces: () => this.cluster.namespaces(),
          workloadSelectorsFor: (p) => this.cluster.workloadSelectorsFor(p),
        }),
      );
    }
    const first = this.frameworks.values().next().value as Framework;
    const events = new Map<string, import("./framework/interface").ClusterEventWithHint[]>();
    for (const fwk of this.frameworks.values()) for (const [name, ev] of fwk.eventsToRegister()) events.set(name, ev);
    this.queue = new SchedulingQueue({
      clock: opts.clock,
      less: first.queueSortLess(),
      preEnqueue: (pod) => this.frameworkFor(pod)?.runPreEnqueuePlugins(pod) ?? null,
      eventsToRegister: events,
      nominator: this.nominator,
      podInitialBackoffMs: config.podInitialBackoffSeconds * 1000,
      podMaxBackoffMs: config.podMaxBackoffSeconds * 1000,
    });
  }

  /** The framework of the pod's profile (spec.schedulerName, "default-scheduler" if unset). */
  frameworkFor(pod: Pod): Framework | undefined {
    return this.frameworks.get(pod.spec?.schedulerName || DefaultSchedulerName);
  }

  //> schedule-one
  /** Pops one pod and schedules it. Undefined when no pod is ready. */
  scheduleOne(): ScheduleResult | undefined {
    const qpi = this.queue.pop();
    if (!qpi) return undefined;
    const pod = qpi.pod;
    const fwk = this.frameworkFor(pod);
    const cycle = this.queue.schedulingCycle;
    if (!fwk) throw new Error(`profile not found for scheduler name "${pod.spec?.schedulerName}"`);
    const state = fwk.newCycleState();
    const { host, diagnosis, error } = this.schedulePod(fwk, state, pod);

    if (host === undefined) {
      // No node fits: try preemption, then record the failure and requeue.
      let nominatedNodeName: string | undefined;
      let victims: string[] = [];
      let message: string;
      if (error instanceof FitError) {
        if (fwk.postFilterPlugins.length > 0) {
          const { result, status } = fwk.runPostFilterPlugins(state, pod, error.diagnosis.nodeToStatus);
          if (status.code !== Code.Error) error.diagnosis.postFilterMsg = status.message();
          nominatedNodeName = result?.nominatedNodeName;
          victims = result?.victims ?? [];
          diagnosis.postFilter = { message: status.message(), nominatedNodeName, victims };
        }
        message = error.toString();
        qpi.unschedulablePlugins = error.diagnosis.unschedulablePlugins ?? new Set();
      } else {
        message = error?.message ?? "unknown error";
        qpi.unschedulablePlugins = new Set();
      }
      this.handleSchedulingFailure(qpi, cycle, error instanceof FitError ? "Unschedulable" : "SchedulerError", message, nominatedNodeName);
      return { pod: podKey(pod), cycle, outcome: error instanceof FitError ? "Unschedulable" : "Error", message, nominatedNodeName, victims, diagnosis };
    }

    // Assume: the pod counts on the node from now on, before the binding is written.
    const assumed = this.cluster.snapshot.addPod(pod, host);
    if (!assumed) throw new Error(`node "${host}" vanished`);
    const fail = (s: Status): ScheduleResult => {
      fwk.runReservePluginsUnreserve(state, pod, host);
      this.cluster.snapshot.removePod(pod, host);
      qpi.unschedulablePlugins = s.isRejected() && s.plugin ? new Set([s.plugin]) : new Set();
      this.handleSchedulingFailure(qpi, cycle, s.isRejected() ? "Unschedulable" : "SchedulerError", s.message(), undefined);
      this.queue.moveAllToActiveOrBackoffQueue({ resource: "AssignedPod", actionType: 2, label: "AssignedPodDelete" }, pod, undefined);
      return { pod: podKey(pod), cycle, outcome: s.isRejected() ? "Unschedulable" : "Error", message: s.message(), diagnosis };
    };
    const reserve = fwk.runReservePluginsReserve(state, pod, host);
    if (reserve !== null) return fail(reserve);
    const permit = fwk.runPermitPlugins(state, pod, host);
    if (permit.status !== null && permit.status.code === Code.Wait) {
      const key = podKey(pod);
      const timer = this.clock.setTimer(permit.waitMs, () => this.rejectWaitingPod(key, "rejected due to timeout after waiting"), `permit/${key}`);
      this.waiting.set(key, { pod, nodeName: host, fwk, state, qpi, cycle, timer });
      return { pod: key, cycle, outcome: "Waiting", nodeName: host, diagnosis };
    }
    if (permit.status !== null) return fail(permit.status);
    return this.bindingCycle(fwk, state, qpi, cycle, host, diagnosis, fail);
  }
  //< schedule-one

  private bindingCycle(
    fwk: Framework, state: CycleState, qpi: QueuedPodInfo, cycle: number, host: string, diagnosis: ScheduleDiagnosis,
    fail: (s: Status) => ScheduleResult,
  ): ScheduleResult {
    const pod = qpi.pod;
    const preBind = fwk.runPreBindPlugins(state, pod, host);
    if (preBind !== null) return fail(preBind);
    const bind = fwk.runBindPlugins(state, pod, host);
    if (bind !== null) return fail(bind);
    this.nominator.delete(pod);
    fwk.runPostBindPlugins(state, pod, host);
    return { pod: podKey(pod), cycle, outcome: "Scheduled", nodeName: host, diagnosis };
  }

  /** Lets a pod held by a Permit plugin (Wait) proceed to binding. */
  allowWaitingPod(key: string): ScheduleResult | undefined {
    const w = this.waiting.get(key);
    if (!w) return undefined;
    this.waiting.delete(key);
    this.clock.clearTimer(w.timer);
    const diagnosis = emptyDiagnosis(this.cluster.snapshot.numNodes());
    const fail = (s: Status): ScheduleResult => {
      w.fwk.runReservePluginsUnreserve(w.state, w.pod, w.nodeName);
      this.cluster.snapshot.removePod(w.pod, w.nodeName);
      this.handleSchedulingFailure(w.qpi, w.cycle, "SchedulerError", s.message(), undefined);
      return { pod: key, cycle: w.cycle, outcome: "Error", message: s.message(), diagnosis };
    };
    return this.bindingCycle(w.fwk, w.state, w.qpi, w.cycle, w.nodeName, diagnosis, fail);
  }

  rejectWaitingPod(key: string, message: string): void {
    const w = this.waiting.get(key);
    if (!w) return;
    this.waiting.delete(key);
    this.clock.clearTimer(w.timer);
    w.fwk.runReservePluginsUnreserve(w.state, w.pod, w.nodeName);
    this.cluster.snapshot.removePod(w.pod, w.nodeName);
    this.handleSchedulingFailure(w.qpi, w.cycle, "Unschedulable", message, undefined);
  }

  //> handle-scheduling-failure
  /** handleSchedulingFailure: requeue, nominate, and write PodScheduled=False with the reason. */
  private handleSchedulingFailure(qpi: QueuedPodInfo, cycle: number, reason: string, message: string, nominatedNodeName: string | undefined): void {
    const pod = qpi.pod;
    if (nominatedNodeName !== undefined) {
      if (nominatedNodeName === "") this.nominator.delete(pod);
      else this.nominator.add(pod, nominatedNodeName);
    }
    this.cluster.recordSchedulingFailure(
      pod,
      { type: "PodScheduled", status: "False", reason, message, lastTransitionTime: rfc3339(this.clock.now()) },
      nominatedNodeName,
      message,
    );
    this.queue.addUnschedulableIfNotPresent(qpi, cycle);
  }
  //< handle-scheduling-failure

  //> schedule-pod
  /** schedulePod: the scheduling algorithm proper. Returns the chosen node, or why none. */
  schedulePod(fwk: Framework, state: CycleState, pod: Pod): { host?: string; diagnosis: ScheduleDiagnosis; error?: Error } {
    const snapshot = this.cluster.snapshot;
    const allNodes = snapshot.list();
    const diagnosis = emptyDiagnosis(allNodes.length);
    if (allNodes.length === 0) return { diagnosis, error: new Error("no nodes available to schedule pods") };
    const fitDiagnosis: FitDiagnosis = { nodeToStatus: new NodeToStatus(), preFilterMsg: "", postFilterMsg: "", unschedulablePlugins: new Set() };

    // PreFilter.
    const preTrace: import("./framework/framework").FilterVerdict[] = [];
    const pre = fwk.runPreFilterPlugins(state, pod, allNodes, preTrace);
    diagnosis.preFilter = preTrace.map(verdictView);
    fitDiagnosis.unschedulablePlugins = pre.unschedulablePlugins;
    if (pre.status !== null && !pre.status.isSuccess()) {
      if (!pre.status.isRejected()) return { diagnosis, error: pre.status.error ?? new Error(pre.status.message()) };
      fitDiagnosis.nodeToStatus.absentNodesStatus = pre.status;
      fitDiagnosis.preFilterMsg = pre.status.message();
      return { diagnosis, error: new FitError(pod, allNodes.length, fitDiagnosis) };
    }

    // A pod nominated by an earlier preemption tries its nominated node first.
    const nominated = pod.status?.nominatedNodeName;
    if (nominated) {
      const nodeInfo = snapshot.get(nominated);
      if (nodeInfo) {
        const s = fwk.runFilterPluginsWithNominatedPods(state, pod, nodeInfo);
        if (s === null || s.isSuccess()) return this.finish(fwk, state, pod, [nodeInfo], fitDiagnosis, diagnosis, 1);
      }
    }

    let nodes: readonly NodeInfo[] = allNodes;
    if (pre.result?.nodeNames !== undefined) {
      diagnosis.preFilterNodeNames = [...pre.result.nodeNames].sort();
      nodes = diagnosis.preFilterNodeNames.map((n) => snapshot.get(n)).filter((n): n is NodeInfo => n !== undefined);
      fitDiagnosis.nodeToStatus.absentNodesStatus = preFilterResultExcluded(pre.resultPlugins);
    }
    const numNodesToFind = numFeasibleNodesToFind(fwk.percentageOfNodesToScore ?? this.percentageOfNodesToScore, nodes.length);
    diagnosis.numNodesToFind = numNodesToFind;
    const out = findNodesThatPassFilters(
      fwk, state, pod, nodes, this.nextStartNodeIndex % Math.max(nodes.length, 1), numNodesToFind, this.explain, fitDiagnosis.nodeToStatus,
    );
    this.nextStartNodeIndex = (this.nextStartNodeIndex + out.processed) % allNodes.length;
    // Node diagnoses. Explain mode: every examined node, in examination order, with every filter's
    // verdict. Otherwise only the nodes that failed (feasible nodes appear in topNodes).
    if (this.explain) {
      for (const [name, verdicts] of out.verdicts) {
        diagnosis.nodes.push({ node: name, feasible: !out.nodeToStatus.get(name), filters: verdicts.map(verdictView) });
      }
    }
    diagnosis.evaluatedNodes = out.processed;
    if (out.feasible.length === 0) {
      // Only now, on failure, collect the rejecting plugins and (outside explain mode) the
      // per-node reasons: on success nobody needs them, and 5000 nodes' worth is not free.
      for (const [name, failed] of out.nodeToStatus.entries()) {
        if (failed.plugin) fitDiagnosis.unschedulablePlugins.add(failed.plugin);
        if (!this.explain) diagnosis.nodes.push({ node: name, feasible: false, filters: [{ plugin: failed.plugin, code: codeName(failed.code), reasons: [...failed.reasons] }] });
      }
      return { diagnosis, error: new FitError(pod, allNodes.length, fitDiagnosis) };
    }
    return this.finish(fwk, state, pod, out.feasible, fitDiagnosis, diagnosis, out.processed);
  }
  //< schedule-pod

  private finish(
    fwk: Framework, state: CycleState, pod: Pod, feasible: NodeInfo[], _fit: FitDiagnosis, diagnosis: ScheduleDiagnosis, evaluated: number,
  ): { host?: string; diagnosis: ScheduleDiagnosis; error?: Error } {
    diagnosis.feasibleNodes = feasible.length;
    diagnosis.evaluatedNodes = evaluated;
    // With a single feasible node there is nothing to compare: upstream skips scoring.
    if (feasible.length === 1) {
      diagnosis.selectedNode = feasible[0]!.name;
      return { host: feasible[0]!.name, diagnosis };
    }
    const scored = prioritizeNodes(fwk, state, pod, feasible, this.explain);
    if (!Array.isArray(scored)) return { diagnosis, error: (scored as Status).error ?? new Error((scored as Status).message()) };
    const list = scored as NodePluginScores[];
    if (this.explain) {
      const byName = new Map(list.map((s) => [s.name, s]));
      for (const n of diagnosis.nodes) {
        const s = byName.get(n.node);
        if (s) {
          n.scores = s.scores;
          n.totalScore = s.totalScore;
        }
      }
    }
    const { host, top } = selectHost(list, 3, this.rng);
    diagnosis.topNodes = top.map((t) => ({ name: t.name, totalScore: t.totalScore, scores: t.scores }));
    // (t.scores is built on demand: only these three nodes pay for the breakdown.)
    diagnosis.selectedNode = host;
    return { host, diagnosis };
  }
}

function emptyDiagnosis(numAllNodes: number): ScheduleDiagnosis {
  return { numAllNodes, numNodesToFind: 0, evaluatedNodes: 0, feasibleNodes: 0, preFilter: [], nodes: [], topNodes: [] };
}
