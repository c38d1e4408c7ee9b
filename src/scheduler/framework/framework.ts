// The framework runtime: one per profile. It builds the profile's plugins from the registry and
// runs each extension point over them, in order, turning their Statuses into what happens next.
// It is also the Handle the plugins receive.
//
// Reference: pkg/scheduler/framework/runtime/framework.go.
import type { Pod } from "kubernetes-types/core/v1";
import type { Labels } from "../../api";
import type { Clock, Rng } from "../../sim";
import { ConfigError, defaultPlugins, type ExtensionPoint, extensionPoints, type KubeSchedulerProfile, type PluginRef } from "../config/config";
import { CycleState } from "./cycle-state";
import {
  type BindPlugin, type ClusterEventWithHint, type EnqueueExtensions, type FilterPlugin, type Handle, MaxNodeScore, mergePreFilterResults,
  MinNodeScore, type NodeScore, type NodeToStatus, type PermitPlugin, type Plugin, type PostBindPlugin, type PostFilterPlugin,
  type PostFilterResult, type PreBindPlugin, type PreEnqueuePlugin, type PreFilterPlugin, type PreFilterResult, type PreScorePlugin,
  type QueuedPodInfo, type QueueSortPlugin, type ReservePlugin, type SchedulerClient, type ScorePlugin, type WorkloadSelectors,
} from "./interface";
import type { NodeInfo } from "./node-info";
import { type PodInfo, podPriority } from "./pod-info";
import { inTreeRegistry, type Registry } from "./registry";
import type { NodeInfoLister } from "./snapshot";
import { asStatus, Code, newStatus, Status } from "./status";

/** The method that tells whether a plugin implements an extension point. */
const methodOf: Record<ExtensionPoint, string> = {
  preEnqueue: "preEnqueue", queueSort: "less", preFilter: "preFilter", filter: "filter", postFilter: "postFilter",
  preScore: "preScore", score: "score", reserve: "reserve", permit: "permit", preBind: "preBind", bind: "bind", postBind: "postBind",
};

function implementsPoint(p: Plugin, point: ExtensionPoint): boolean {
  return typeof (p as unknown as Record<string, unknown>)[methodOf[point]] === "function";
}

/** One plugin's filter verdict on one node (null status = passed). */
export interface FilterVerdict {
  plugin: string;
  status: Status | null;
}

/** One plugin's score for one node: raw, after NormalizeScore, and weighted. */
export interface PluginScore {
  plugin: string;
  raw: number;
  normalized: number;
  weight: number;
  weighted: number;
}

export interface NodePluginScores {
  name: string;
  scores: PluginScore[];
  totalScore: number;
}

/** Where the framework gets the cluster and its side effects from (the driver provides them). */
export interface FrameworkDeps {
  registry?: Registry;
  clock: Clock;
  rng: Rng;
  lister: () => NodeInfoLister;
  client: SchedulerClient;
  nominatedPodsForNode: (nodeName: string) => readonly PodInfo[];
  namespaceLabels?: (namespace: string) => Labels | undefined;
  namespaces?: () => Iterable<[string, Labels]>;
  workloadSelectorsFor?: (pod: Pod) => WorkloadSelectors;
}

export class Framework implements Handle {
  readonly profileName: string;
  readonly percentageOfNodesToScore: number | undefined;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly client: SchedulerClient;
  private readonly plugins = new Map<string, Plugin>();
  readonly preEnqueuePlugins: PreEnqueuePlugin[] = [];
  readonly queueSortPlugins: QueueSortPlugin[] = [];
  readonly preFilterPlugins: PreFilterPlugin[] = [];
  readonly filterPlugins: FilterPlugin[] = [];
  readonly postFilterPlugins: PostFilterPlugin[] = [];
  readonly preScorePlugins: PreScorePlugin[] = [];
  readonly scorePlugins: ScorePlugin[] = [];
  readonly reservePlugins: ReservePlugin[] = [];
  readonly permitPlugins: PermitPlugin[] = [];
  readonly preBindPlugins: PreBindPlugin[] = [];
  readonly bindPlugins: BindPlugin[] = [];
  readonly postBindPlugins: PostBindPlugin[] = [];
  readonly scoreWeights = new Map<string, number>();

  constructor(
    profile: KubeSchedulerProfile,
    private readonly deps: FrameworkDeps,
  ) {
    this.profileName = profile.schedulerName;
    this.percentageOfNodesToScore = profile.percentageOfNodesToScore;
    this.clock = deps.clock;
    this.rng = deps.rng;
    this.client = deps.client;
    const registry = deps.registry ?? inTreeRegistry();
    const args = new Map((profile.pluginConfig ?? []).map((pc) => [pc.name, pc.args]));

    const byPoint = resolvePlugins(profile);
    const instance = (name: string): Plugin => {
      let p = this.plugins.get(name);
      if (!p) {
        const factory = registry[name];
        if (!factory) throw new ConfigError(`profiles[${profile.schedulerName}]: plugin "${name}" is not registered`);
        p = factory(args.get(name), this);
        this.plugins.set(name, p);
      }
      return p;
    };
    for (const point of extensionPoints) {
      for (const ref of byPoint.get(point) ?? []) {
        const p = instance(ref.name);
        if (!implementsPoint(p, point)) {
          if (ref.explicit) throw new ConfigError(`plugin "${ref.name}" does not extend ${point} plugin`);
          continue;
        }
        (this.listFor(point) as Plugin[]).push(p);
        if (point === "score") this.scoreWeights.set(ref.name, ref.weight === undefined || ref.weight === 0 ? 1 : ref.weight);
      }
    }
    if (this.queueSortPlugins.length !== 1) {
      throw new ConfigError(`profiles[${profile.schedulerName}]: one queue sort plugin required for profile, got ${this.queueSortPlugins.length}`);
    }
    if (this.bindPlugins.length === 0) throw new ConfigError(`profiles[${profile.schedulerName}]: at least one bind plugin is needed`);
  }

  private listFor(point: ExtensionPoint): unknown[] {
    switch (point) {
      case "preEnqueue": return this.preEnqueuePlugins;
      case "queueSort": return this.queueSortPlugins;
      case "preFilter": return this.preFilterPlugins;
      case "filter": return this.filterPlugins;
      case "postFilter": return this.postFilterPlugins;
      case "preScore": return this.preScorePlugins;
      case "score": return this.scorePlugins;
      case "reserve": return this.reservePlugins;
      case "permit": return this.permitPlugins;
      case "preBind": return this.preBindPlugins;
      case "bind": return this.bindPlugins;
      case "postBind": return this.postBindPlugins;
    }
  }

  /** A plugin of this profile by name (for tests and the playground). */
  plugin<T extends Plugin = Plugin>(name: string): T | undefined {
    return this.plugins.get(name) as T | undefined;
  }

  // ---- Handle -------------------------------------------------------------------------------
  snapshotSharedLister(): NodeInfoLister {
    return this.deps.lister();
  }

  nominatedPodsForNode(nodeName: string): readonly PodInfo[] {
    return this.deps.nominatedPodsForNode(nodeName);
  }

  namespaceLabels(namespace: string): Labels | undefined {
    return this.deps.namespaceLabels?.(namespace);
  }

  namespacesMatching(selector: { matches(labels: Labels): boolean }): string[] {
    const out: string[] = [];
    for (const [name, labels] of this.deps.namespaces?.() ?? []) if (selector.matches(labels)) out.push(name);
    return out;
  }

  workloadSelectorsFor(pod: Pod): WorkloadSelectors {
    return this.deps.workloadSelectorsFor?.(pod) ?? { services: [], controllers: [] };
  }

  // ---- Queue ---------------------------------------------------------------------------------
  runPreEnqueuePlugins(pod: Pod): Status | null {
    for (const pl of this.preEnqueuePlugins) {
      const s = pl.preEnqueue(pod);
      if (s && !s.isSuccess()) return s.withPlugin(pl.name);
    }
    return null;
  }

  queueSortLess(): (a: QueuedPodInfo, b: QueuedPodInfo) => boolean {
    const pl = this.queueSortPlugins[0]!;
    return (a, b) => pl.less(a, b);
  }

  /** Every plugin's registered events (EnqueueExtensions); plugins without it get every event. */
  eventsToRegister(): Map<string, ClusterEventWithHint[]> {
    const out = new Map<string, ClusterEventWithHint[]>();
    for (const [name, p] of this.plugins) {
      const ext = p as Partial<EnqueueExtensions>;
      out.set(name, typeof ext.eventsToRegister === "function" ? ext.eventsToRegister() : [{ event: { resource: "*", actionType: 0x7ff } }]);
    }
    return out;
  }

  // ---- Scheduling cycle ----------------------------------------------------------------------
  //> run-prefilter-plugins
  /**
   * RunPreFilterPlugins. A Skip adds the plugin to state.skipFilterPlugins. The first rejection
   * stops the loop and rejects the pod for every node; PreFilterResults are intersected.
   */
  runPreFilterPlugins(
    state: CycleState,
    pod: Pod,
    nodes: readonly NodeInfo[],
    trace?: FilterVerdict[],
  ): { result: PreFilterResult | undefined; status: Status | null; unschedulablePlugins: Set<string>; resultPlugins: string[] } {
    let result: PreFilterResult | undefined;
    const unschedulablePlugins = new Set<string>();
    const resultPlugins: string[] = [];
    for (const pl of this.preFilterPlugins) {
      let r: PreFilterResult | Status | null;
      try {
        r = pl.preFilter(state, pod, nodes);
      } catch (err: unknown) {
        r = asStatus(err);
      }
      if (!(r instanceof Status)) {
        trace?.push({ plugin: pl.name, status: null });
        if (r !== null && r.nodeNames !== undefined) {
          result = mergePreFilterResults(result, r);
          resultPlugins.push(pl.name);
          if (result.nodeNames !== undefined && result.nodeNames.size === 0) {
            for (const n of resultPlugins) unschedulablePlugins.add(n);
            const s = newStatus(Code.UnschedulableAndUnresolvable, `node(s) didn't satisfy plugin(s) [${resultPlugins.join(" ")}] simultaneously`).withPlugin(pl.name);
            return { result, status: s, unschedulablePlugins, resultPlugins };
          }
        }
        continue;
      }
      const s = r.withPlugin(pl.name);
      trace?.push({ plugin: pl.name, status: s });
      if (s.isSkip()) {
        state.skipFilterPlugins.add(pl.name);
        continue;
      }
      if (!s.isSuccess()) {
        if (s.isRejected()) unschedulablePlugins.add(pl.name);
        else return { result, status: asStatus(new Error(`running PreFilter plugin "${pl.name}": ${s.message()}`)).withPlugin(pl.name), unschedulablePlugins, resultPlugins };
        return { result, status: s, unschedulablePlugins, resultPlugins };
      }
    }
    return { result, status: null, unschedulablePlugins, resultPlugins };
  }
  //< run-prefilter-plugins

  //> run-filter-plugins
  /**
   * RunFilterPlugins: the node passes if every filter passes. Upstream stops at the first
   * failure; with `verdicts`, every plugin runs and records its verdict (for the playground),
   * and the first failure is still what counts.
   */
  runFilterPlugins(state: CycleState, pod: Pod, nodeInfo: NodeInfo, verdicts?: FilterVerdict[]): Status | null {
    let first: Status | null = null;
    for (const pl of this.filterPlugins) {
      if (state.skipFilterPlugins.has(pl.name)) continue;
      let s = pl.filter(state, pod, nodeInfo);
      if (s !== null && !s.isSuccess()) {
        if (!s.isRejected()) s = asStatus(new Error(`running "${pl.name}" filter plugin: ${s.message()}`));
        s.withPlugin(pl.name);
        if (!verdicts) return s;
        first ??= s;
      }
      verdicts?.push({ plugin: pl.name, status: s !== null && !s.isSuccess() ? s : null });
    }
    return first;
  }
  //< run-filter-plugins

  /**
   * RunFilterPluginsWithNominatedPods: pods nominated to this node with equal or higher priority
   * are treated as already running, so the pod does not take the room preemption made for them.
   * If the node passes with them, it must also pass without them (affinity to a nominated pod
   * does not count, since it might go elsewhere).
   */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: Pod, nodeInfo: NodeInfo, verdicts?: FilterVerdict[]): Status | null {
    const all = this.nominatedPodsForNode(nodeInfo.name);
    if (all.length === 0) return this.runFilterPlugins(state, pod, nodeInfo, verdicts);
    const nominated = all.filter((p) => p.pod.metadata?.uid !== pod.metadata?.uid && p.priority >= podPriority(pod));
    if (nominated.length === 0) return this.runFilterPlugins(state, pod, nodeInfo, verdicts);
    const stateWith = state.clone();
    const nodeWith = nodeInfo.snapshot();
    for (const p of nominated) {
      nodeWith.addPodInfo(p);
      const s = this.runPreFilterExtensionAddPod(stateWith, pod, p, nodeWith);
      if (s !== null && !s.isSuccess()) return s;
    }
    const s = this.runFilterPlugins(stateWith, pod, nodeWith, verdicts);
    if (s !== null && !s.isSuccess()) return s;
    return this.runFilterPlugins(state, pod, nodeInfo);
  }

  runPreFilterExtensionAddPod(state: CycleState, podToSchedule: Pod, podInfoToAdd: PodInfo, nodeInfo: NodeInfo): Status | null {
    for (const pl of this.preFilterPlugins) {
      if (!pl.addPod || state.skipFilterPlugins.has(pl.name)) continue;
      const s = pl.addPod(state, podToSchedule, podInfoToAdd, nodeInfo);
      if (s !== null && !s.isSuccess()) return asStatus(new Error(`running AddPod on PreFilter plugin "${pl.name}": ${s.message()}`));
    }
    return null;
  }

  runPreFilterExtensionRemovePod(state: CycleState, podToSchedule: Pod, podInfoToRemove: PodInfo, nodeInfo: NodeInfo): Status | null {
    for (const pl of this.preFilterPlugins) {
      if (!pl.removePod || state.skipFilterPlugins.has(pl.name)) continue;
      const s = pl.removePod(state, podToSchedule, podInfoToRemove, nodeInfo);
      if (s !== null && !s.isSuccess()) return asStatus(new Error(`running RemovePod on PreFilter plugin "${pl.name}": ${s.message()}`));
    }
    return null;
  }

  /** RunPostFilterPlugins: the first plugin that succeeds (or errors) wins. */
  runPostFilterPlugins(state: CycleState, pod: Pod, m: NodeToStatus): { result: PostFilterResult | null; status: Status } {
    const reasons: string[] = [];
    let result: PostFilterResult | null = null;
    for (const pl of this.postFilterPlugins) {
      const r = pl.postFilter(state, pod, m);
      r.status.withPlugin(pl.name);
      if (r.status.isSuccess() || r.status.code === Code.Error) return r;
      if (r.result) result = r.result;
      reasons.push(...r.status.reasons);
    }
    return { result, status: newStatus(Code.Unschedulable, ...reasons) };
  }

  runPreScorePlugins(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | null {
    for (const pl of this.preScorePlugins) {
      const s = pl.preScore(state, pod, nodes);
      if (s === null || s.isSuccess()) continue;
      if (s.isSkip()) {
        state.skipScorePlugins.add(pl.name);
        continue;
      }
      return asStatus(new Error(`running PreScore plugin "${pl.name}": ${s.message()}`)).withPlugin(pl.name);
    }
    return null;
  }

  //> run-score-plugins
  /**
   * RunScorePlugins: Score every node with every plugin, NormalizeScore each plugin's list,
   * check the range [0, 100], multiply by the plugin's weight, and sum per node.
   */
  runScorePlugins(state: CycleState, pod: Pod, nodes: readonly NodeInfo[], keepRaw = false): NodePluginScores[] | Status {
    const plugins = this.scorePlugins.filter((pl) => !state.skipScorePlugins.has(pl.name));
    const perPlugin: NodeScore[][] = [];
    const raw: number[][] = [];
    for (const pl of plugins) {
      const list: NodeScore[] = new Array(nodes.length);
      for (let i = 0; i < nodes.length; i++) {
        const nodeInfo = nodes[i]!;
        const s = pl.score(state, pod, nodeInfo);
        if (typeof s !== "number") return asStatus(new Error(`running Score plugin "${pl.name}": ${s.message()}`)).withPlugin(pl.name);
        list[i] = { name: nodeInfo.name, score: s };
      }
      if (keepRaw) raw.push(list.map((s) => s.score));
      if (pl.normalizeScore) {
        const s = pl.normalizeScore(state, pod, list);
        if (s !== null && !s.isSuccess()) return asStatus(new Error(`running Normalize on Score plugin "${pl.name}": ${s.message()}`));
      }
      perPlugin.push(list);
    }
    const weights = plugins.map((pl) => this.scoreWeights.get(pl.name) ?? 1);
    const out: NodePluginScores[] = new Array(nodes.length);
    for (let i = 0; i < nodes.length; i++) {
      let total = 0;
      for (let j = 0; j < plugins.length; j++) {
        const normalized = perPlugin[j]![i]!.score;
        if (normalized > MaxNodeScore || normalized < MinNodeScore) {
          return asStatus(new Error(`plugin "${plugins[j]!.name}" returns an invalid score ${normalized}, it should in the range of [${MinNodeScore}, ${MaxNodeScore}] after normalizing`));
        }
        total += normalized * weights[j]!;
      }
      // The per-plugin breakdown is built on demand (explain mode, or for the chosen nodes):
      // 500 nodes × 7 plugins of small objects per pod is what the garbage collector notices.
      const index = i;
      let scores: PluginScore[] | undefined;
      out[i] = {
        name: nodes[i]!.name,
        totalScore: total,
        get scores(): PluginScore[] {
          scores ??= plugins.map((pl, j) => {
            const normalized = perPlugin[j]![index]!.score;
            return { plugin: pl.name, raw: keepRaw ? raw[j]![index]! : normalized, normalized, weight: weights[j]!, weighted: normalized * weights[j]! };
          });
          return scores;
        },
      };
    }
    return out;
  }
  //< run-score-plugins

  // ---- Binding cycle -------------------------------------------------------------------------
  runReservePluginsReserve(state: CycleState, pod: Pod, nodeName: string): Status | null {
    for (const pl of this.reservePlugins) {
      const s = pl.reserve(state, pod, nodeName);
      if (s !== null && !s.isSuccess()) return s.withPlugin(pl.name);
    }
    return null;
  }

  /** Unreserve runs in reverse order. */
  runReservePluginsUnreserve(state: CycleState, pod: Pod, nodeName: string): void {
    for (let i = this.reservePlugins.length - 1; i >= 0; i--) this.reservePlugins[i]!.unreserve(state, pod, nodeName);
  }

  /** RunPermitPlugins: a rejection wins; otherwise Wait (with the shortest timeout) if any plugin waits. */
  runPermitPlugins(state: CycleState, pod: Pod, nodeName: string): { status: Status | null; waitMs: number } {
    let wait = false;
    let waitMs = Infinity;
    for (const pl of this.permitPlugins) {
      const { status, timeoutMs } = pl.permit(state, pod, nodeName);
      if (status === null || status.isSuccess()) continue;
      if (status.code === Code.Wait) {
        wait = true;
        waitMs = Math.min(waitMs, timeoutMs);
        continue;
      }
      return { status: status.withPlugin(pl.name), waitMs: 0 };
    }
    return wait ? { status: newStatus(Code.Wait), waitMs } : { status: null, waitMs: 0 };
  }

  runPreBindPlugins(state: CycleState, pod: Pod, nodeName: string): Status | null {
    for (const pl of this.preBindPlugins) {
      const s = pl.preBind(state, pod, nodeName);
      if (s !== null && !s.isSuccess()) return s.withPlugin(pl.name);
    }
    return null;
  }

  /** RunBindPlugins: the first binder that does not Skip binds. */
  runBindPlugins(state: CycleState, pod: Pod, nodeName: string): Status | null {
    for (const pl of this.bindPlugins) {
      const s = pl.bind(state, pod, nodeName);
      if (s !== null && s.isSkip()) continue;
      if (s !== null && !s.isSuccess()) return s.withPlugin(pl.name);
      return null;
    }
    return newStatus(Code.Skip);
  }

  runPostBindPlugins(state: CycleState, pod: Pod, nodeName: string): void {
    for (const pl of this.postBindPlugins) pl.postBind(state, pod, nodeName);
  }

  newCycleState(): CycleState {
    return new CycleState();
  }
}

interface ResolvedRef extends PluginRef {
  /** Enabled explicitly for this extension point (an error if the plugin does not implement it). */
  explicit: boolean;
}

//> resolve-plugins
/**
 * The plugins of each extension point, as upstream expands MultiPoint: the default MultiPoint
 * list (minus multiPoint.disabled, plus multiPoint.enabled), filtered to the plugins that
 * implement the point, then that point's own disabled/enabled lists. Plugins named in both
 * MultiPoint and a point's enabled list come first, in the point's order.
 */
export function resolvePlugins(profile: KubeSchedulerProfile): Map<ExtensionPoint, ResolvedRef[]> {
  const plugins = profile.plugins ?? {};
  let multi: PluginRef[] = defaultPlugins();
  const multiDisabled = plugins.multiPoint?.disabled ?? [];
  if (multiDisabled.some((d) => d.name === "*")) multi = [];
  else multi = multi.filter((p) => !multiDisabled.some((d) => d.name === p.name));
  for (const e of plugins.multiPoint?.enabled ?? []) {
    const i = multi.findIndex((p) => p.name === e.name);
    if (i >= 0) multi[i] = { ...multi[i]!, ...e };
    else multi.push(e);
  }
  const out = new Map<ExtensionPoint, ResolvedRef[]>();
  for (const point of extensionPoints) {
    const set = plugins[point];
    const disabled = set?.disabled ?? [];
    const all = disabled.some((d) => d.name === "*");
    const enabled = set?.enabled ?? [];
    const fromMulti = all ? [] : multi.filter((p) => !disabled.some((d) => d.name === p.name));
    const overrides = enabled.filter((e) => fromMulti.some((p) => p.name === e.name));
    const multiOnly = fromMulti.filter((p) => !enabled.some((e) => e.name === p.name));
    const pointOnly = enabled.filter((e) => !fromMulti.some((p) => p.name === e.name));
    out.set(point, [
      ...overrides.map((e) => ({ ...fromMulti.find((p) => p.name === e.name), ...e, explicit: true })),
      ...multiOnly.map((p) => ({ ...p, explicit: false })),
      ...pointOnly.map((e) => ({ ...e, explicit: true })),
    ]);
  }
  return out;
}
//< resolve-plugins
