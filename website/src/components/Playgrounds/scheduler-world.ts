// The model behind the scheduler playground, without React: a scenario the learner edits (nodes,
// the pods already running, and one pod to schedule), turned into Node and Pod objects and
// scheduled once by src/scheduler's InMemoryCluster in explain mode. What comes back is a view:
// per node, every filter plugin's verdict and every score plugin's raw, normalized and weighted
// score, the total, the chosen node or the FitError message, and a short narration of why.
//
// Determinism: each evaluation builds a fresh cluster from the scenario and the seed. The seed
// feeds the scheduler's Rng, which breaks ties between equally scored nodes (selectHost) and picks
// where preemption's dry run starts; the same scenario and seed always give the same answer.
//
// The scenario holds text exactly as typed ("4Gi", "disktype=ssd, zone=a"); it is parsed on every
// evaluation, and any mistake is reported as a problem instead of being dropped.
import type { Node, NodeSelectorRequirement, Pod, PodAffinityTerm, Toleration } from 'kubernetes-types/core/v1';
import {
  InMemoryCluster, LabelHostname, LabelTopologyZone, makeNode, makePod, type NodeDiagnosis, type PluginScore, type ScheduleResult,
} from '@course/scheduler';
import { EFFECTS, type Effect, Problems, parseAmount, parseImages, parseLabels, parseTaints, splitList } from './scheduler-text';

export { LabelHostname, LabelTopologyZone };
export const GPU = 'nvidia.com/gpu';
export const POD_NAMESPACE = 'default';
/** How long a preemption victim takes to go (its terminationGracePeriodSeconds). */
export const GRACE_SECONDS = 30;

// ---- The scenario --------------------------------------------------------------------------------
export interface NodeSpec {
  name: string;
  zone: string;
  cpu: string;
  memory: string;
  gpu: string;
  /** Other labels: "disktype=ssd, tier=web". */
  labels: string;
  /** "key=value:Effect, ...". */
  taints: string;
  /** Images already pulled, for ImageLocality: "registry.example/web:1.0=400Mi, ...". */
  images: string;
  unschedulable: boolean;
}

export const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'] as const;
export type Operator = (typeof OPERATORS)[number];

export interface ExpressionSpec {
  key: string;
  operator: Operator;
  /** Comma-separated; none for Exists and DoesNotExist, one integer for Gt and Lt. */
  values: string;
}

/** A node selector term: its expressions are ANDed. Weight (1-100) counts for preferred terms only. */
export interface NodeTermSpec {
  weight: number;
  expressions: ExpressionSpec[];
}

export interface TolerationSpec {
  key: string;
  operator: 'Equal' | 'Exists';
  value: string;
  /** Empty: every effect. */
  effect: '' | Effect;
}

export interface PodTermSpec {
  kind: 'affinity' | 'anti-affinity';
  mode: 'required' | 'preferred';
  weight: number;
  /** matchLabels: "app=web". */
  selector: string;
  topologyKey: string;
}

export interface PodSpec {
  name: string;
  labels: string;
  /** The container's image (one container). */
  image: string;
  cpu: string;
  memory: string;
  gpu: string;
  priority: string;
  preemptNever: boolean;
  /** spec.nodeSelector: "disktype=ssd". */
  nodeSelector: string;
  /** requiredDuringScheduling...nodeSelectorTerms: ORed. */
  required: NodeTermSpec[];
  preferred: NodeTermSpec[];
  tolerations: TolerationSpec[];
  podTerms: PodTermSpec[];
}

/** A pod already bound to a node: load for NodeResourcesFit, targets for pod (anti-)affinity, victims. */
export interface RunningPodSpec {
  name: string;
  node: string;
  labels: string;
  cpu: string;
  memory: string;
  priority: string;
}

export interface Scenario {
  nodes: NodeSpec[];
  running: RunningPodSpec[];
  pod: PodSpec;
}

export const newNode = (name: string): NodeSpec => ({ name, zone: 'zone-a', cpu: '4', memory: '8Gi', gpu: '', labels: '', taints: '', images: '', unschedulable: false });
export const newExpression = (): ExpressionSpec => ({ key: '', operator: 'In', values: '' });
export const newToleration = (): TolerationSpec => ({ key: '', operator: 'Equal', value: '', effect: 'NoSchedule' });
export const newPodTerm = (): PodTermSpec => ({ kind: 'anti-affinity', mode: 'required', weight: 100, selector: 'app=web', topologyKey: LabelHostname });

// ---- From the scenario to API objects --------------------------------------------------------
function priorityOf(text: string, where: string, problems: Problems): number {
  const t = text.trim();
  if (t === '') return 0;
  const n = Number(t);
  if (!Number.isInteger(n) || Math.abs(n) > 1_000_000_000) problems.add(where, `priority "${t}" must be an integer up to 1000000000 (higher runs are for system pods)`);
  return Number.isInteger(n) ? n : 0;
}

function requests(spec: { cpu: string; memory: string; gpu?: string }, where: string, problems: Problems): Record<string, string> {
  const out: Record<string, string> = {};
  const cpu = parseAmount(spec.cpu, `${where} cpu`, problems);
  const memory = parseAmount(spec.memory, `${where} memory`, problems);
  const gpu = spec.gpu === undefined ? undefined : parseAmount(spec.gpu, `${where} ${GPU}`, problems);
  if (cpu !== undefined) out.cpu = cpu;
  if (memory !== undefined) out.memory = memory;
  if (gpu !== undefined) out[GPU] = gpu;
  return out;
}

export function buildNode(spec: NodeSpec, problems: Problems): Node {
  const where = `node ${spec.name || '(no name)'}`;
  const w = makeNode().name(spec.name);
  const zone = spec.zone.trim() ? parseLabels(`${LabelTopologyZone}=${spec.zone.trim()}`, `${where} zone`, problems) : {};
  for (const [k, v] of Object.entries({ ...parseLabels(spec.labels, `${where} labels`, problems), ...zone })) w.label(k, v);
  w.capacity(requests(spec, where, problems));
  for (const t of parseTaints(spec.taints, `${where} taints`, problems)) w.taint(t);
  const images = parseImages(spec.images, `${where} images`, problems);
  if (Object.keys(images).length > 0) w.images(images);
  if (spec.unschedulable) w.unschedulable();
  return w.obj();
}

function expression(e: ExpressionSpec, where: string, problems: Problems): NodeSelectorRequirement | undefined {
  const key = e.key.trim();
  if (key === '') {
    problems.add(where, 'an expression needs a label key');
    return undefined;
  }
  const values = splitList(e.values);
  if ((e.operator === 'In' || e.operator === 'NotIn') && values.length === 0) {
    problems.add(where, `${key} ${e.operator}: give at least one value (comma-separated)`);
    return undefined;
  }
  if ((e.operator === 'Exists' || e.operator === 'DoesNotExist') && values.length > 0) {
    problems.add(where, `${key} ${e.operator}: takes no values`);
    return undefined;
  }
  if ((e.operator === 'Gt' || e.operator === 'Lt') && (values.length !== 1 || !/^-?\d+$/.test(values[0]!))) {
    problems.add(where, `${key} ${e.operator}: exactly one integer value (the label is compared as a number)`);
    return undefined;
  }
  return values.length > 0 ? { key, operator: e.operator, values } : { key, operator: e.operator };
}

function expressions(term: NodeTermSpec, where: string, problems: Problems): NodeSelectorRequirement[] {
  return term.expressions.map((e) => expression(e, where, problems)).filter((e): e is NodeSelectorRequirement => e !== undefined);
}

function toleration(t: TolerationSpec, where: string, problems: Problems): Toleration | undefined {
  const key = t.key.trim();
  if (key === '' && t.operator !== 'Exists') {
    problems.add(where, 'operator must be Exists when `key` is empty, which means "match all values and all keys"');
    return undefined;
  }
  if (t.operator === 'Exists' && t.value.trim() !== '') {
    problems.add(where, 'value must be empty when `operator` is \'Exists\'');
    return undefined;
  }
  const out: Toleration = { operator: t.operator };
  if (key) out.key = key;
  if (t.operator === 'Equal') out.value = t.value.trim();
  if (t.effect) out.effect = t.effect;
  return out;
}

export function buildPod(spec: PodSpec, problems: Problems): Pod {
  const w = makePod()
    .name(spec.name || 'pod')
    .namespace(POD_NAMESPACE)
    .labels(parseLabels(spec.labels, 'pod labels', problems))
    .container({ image: spec.image.trim() || 'pause', resources: { requests: requests(spec, 'pod', problems) } })
    .priority(priorityOf(spec.priority, 'pod', problems));
  if (spec.preemptNever) w.preemptionPolicy('Never');
  const selector = parseLabels(spec.nodeSelector, 'pod nodeSelector', problems);
  if (Object.keys(selector).length > 0) w.nodeSelector(selector);
  for (const [i, t] of spec.tolerations.entries()) {
    const tol = toleration(t, `toleration ${i + 1}`, problems);
    if (tol) w.toleration(tol);
  }
  const pod = w.obj();

  const affinity: NonNullable<NonNullable<Pod['spec']>['affinity']> = {};
  const required = spec.required.map((t, i) => ({ matchExpressions: expressions(t, `required node affinity term ${i + 1}`, problems) }));
  const preferred = spec.preferred.map((t, i) => {
    if (!(t.weight >= 1 && t.weight <= 100)) problems.add(`preferred node affinity term ${i + 1}`, 'weight must be in the range 1-100');
    return { weight: t.weight, preference: { matchExpressions: expressions(t, `preferred node affinity term ${i + 1}`, problems) } };
  });
  if (required.length > 0 || preferred.length > 0) {
    affinity.nodeAffinity = {};
    if (required.length > 0) affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = { nodeSelectorTerms: required };
    if (preferred.length > 0) affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution = preferred;
  }
  for (const [i, t] of spec.podTerms.entries()) {
    const where = `pod ${t.kind} term ${i + 1}`;
    const term: PodAffinityTerm = { labelSelector: { matchLabels: parseLabels(t.selector, where, problems) }, topologyKey: t.topologyKey.trim() };
    if (!term.topologyKey) problems.add(where, 'topologyKey is required');
    if (t.mode === 'preferred' && !(t.weight >= 1 && t.weight <= 100)) problems.add(where, 'weight must be in the range 1-100');
    const group = t.kind === 'affinity' ? (affinity.podAffinity ??= {}) : (affinity.podAntiAffinity ??= {});
    if (t.mode === 'required') (group.requiredDuringSchedulingIgnoredDuringExecution ??= []).push(term);
    else (group.preferredDuringSchedulingIgnoredDuringExecution ??= []).push({ weight: t.weight, podAffinityTerm: term });
  }
  if (Object.keys(affinity).length > 0) pod.spec!.affinity = affinity;
  return pod;
}

export function buildRunningPod(spec: RunningPodSpec, nodes: ReadonlySet<string>, problems: Problems): Pod | undefined {
  const where = `running pod ${spec.name || '(no name)'}`;
  if (!nodes.has(spec.node)) {
    problems.add(where, `runs on node "${spec.node}", which is not in the cluster`);
    return undefined;
  }
  return makePod()
    .name(spec.name)
    .namespace(POD_NAMESPACE)
    .labels(parseLabels(spec.labels, `${where} labels`, problems))
    .req(requests(spec, where, problems))
    .priority(priorityOf(spec.priority, where, problems))
    .terminationGracePeriodSeconds(GRACE_SECONDS)
    .node(spec.node)
    .obj();
}

function checkNames(scenario: Scenario, problems: Problems): void {
  const seen = new Set<string>();
  for (const n of scenario.nodes) {
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(n.name)) problems.add(`node "${n.name}"`, 'a node name is lower case letters, digits, "-" and "."');
    else if (seen.has(n.name)) problems.add(`node "${n.name}"`, 'two nodes have this name');
    seen.add(n.name);
  }
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(scenario.pod.name)) problems.add(`pod "${scenario.pod.name}"`, 'a pod name is lower case letters, digits and "-"');
  const pods = new Set<string>([scenario.pod.name]);
  for (const p of scenario.running) {
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(p.name)) problems.add(`running pod "${p.name}"`, 'a pod name is lower case letters, digits and "-"');
    else if (pods.has(p.name)) problems.add(`pod "${p.name}"`, 'two pods have this name');
    pods.add(p.name);
  }
}

// ---- The view ------------------------------------------------------------------------------------
export type FilterState = 'pass' | 'fail' | 'skipped' | 'not-run';

export interface FilterCell {
  state: FilterState;
  /** Status code name when it failed: Unschedulable (preemption may help) or UnschedulableAndUnresolvable. */
  code?: string;
  reasons: string[];
}

export interface NodeRow {
  name: string;
  zone: string;
  feasible: boolean;
  filters: Record<string, FilterCell>;
  /** Absent when the node was not scored (infeasible, or the only feasible node). */
  scores?: Record<string, PluginScore>;
  total?: number;
  chosen: boolean;
  nominated: boolean;
  /** Running pods preemption evicts from this node. */
  victims: string[];
}

export interface SchedulerView {
  seed: string;
  problems: string[];
  podName: string;
  /** The pod as submitted to the scheduler (before it set nodeName and conditions). */
  pod?: Pod;
  filterPlugins: string[];
  scorePlugins: Array<{ name: string; weight: number }>;
  /** Filter plugins whose PreFilter returned Skip: nothing in the pod for them to check. */
  skippedFilters: string[];
  /** Score plugins whose PreScore returned Skip (known only when scoring ran). */
  skippedScores: string[];
  scored: boolean;
  rows: NodeRow[];
  outcome: 'Scheduled' | 'Unschedulable' | 'Error' | 'Invalid';
  chosen?: string;
  message?: string;
  nominated?: string;
  victims: string[];
  /** With a nomination: what the next attempt does once the victims have gone. */
  afterPreemption?: { node?: string; seconds: number; message?: string };
  why: string[];
}

const shortKey = (key: string) => key.replace(`${POD_NAMESPACE}/`, '');

/** Schedules the scenario's pod once, from a fresh cluster seeded with `seed`. */
export function schedule(scenario: Scenario, seed: string): SchedulerView {
  const problems = new Problems();
  checkNames(scenario, problems);
  const nodes = scenario.nodes.map((n) => buildNode(n, problems));
  const names = new Set(scenario.nodes.map((n) => n.name));
  const running = scenario.running.map((p) => buildRunningPod(p, names, problems)).filter((p): p is Pod => p !== undefined);
  const pod = buildPod(scenario.pod, problems);
  const podName = scenario.pod.name || 'pod';
  // The pod as submitted: scheduling fills in uid, nodeName and conditions on the original.
  const submitted = structuredClone(pod);
  const base: SchedulerView = {
    seed, problems: problems.list, podName, pod: submitted, filterPlugins: [], scorePlugins: [], skippedFilters: [], skippedScores: [], scored: false,
    rows: [], outcome: 'Invalid', victims: [], why: [],
  };
  if (problems.list.length > 0) return base;

  const cluster = new InMemoryCluster({ nodes, pods: running, seed, explain: true });
  const fwk = cluster.scheduler.frameworkFor(pod)!;
  const filterPlugins = fwk.filterPlugins.map((p) => p.name);
  const scorePlugins = fwk.scorePlugins.map((p) => ({ name: p.name, weight: fwk.scoreWeights.get(p.name) ?? 1 }));
  let result: ScheduleResult | undefined;
  try {
    result = cluster.scheduleOne(pod);
  } catch (err: unknown) {
    return { ...base, filterPlugins, scorePlugins, outcome: 'Error', message: `the scheduler threw: ${(err as Error).message}` };
  }
  if (!result) return { ...base, filterPlugins, scorePlugins, outcome: 'Error', message: 'the pod was never tried (is it gated?)' };

  const d = result.diagnosis;
  const skippedFilters = d.preFilter.filter((v) => v.code === 'Skip' && filterPlugins.includes(v.plugin)).map((v) => v.plugin);
  const byNode = new Map<string, NodeDiagnosis>(d.nodes.map((n) => [n.node, n]));
  const victims = (result.victims ?? []).map(shortKey);
  const victimNode = new Map(scenario.running.map((p) => [p.name, p.node]));
  const scored = d.nodes.some((n) => n.scores !== undefined);
  const scoredPlugins = new Set(d.nodes.flatMap((n) => (n.scores ?? []).map((s) => s.plugin)));
  const rows: NodeRow[] = scenario.nodes.map((spec) => {
    const n = byNode.get(spec.name);
    const filters: Record<string, FilterCell> = {};
    for (const plugin of filterPlugins) {
      const v = n?.filters.find((f) => f.plugin === plugin);
      if (v) filters[plugin] = v.code === 'Success' ? { state: 'pass', reasons: [] } : { state: 'fail', code: v.code, reasons: v.reasons };
      else filters[plugin] = { state: skippedFilters.includes(plugin) ? 'skipped' : 'not-run', reasons: [] };
    }
    return {
      name: spec.name,
      zone: spec.zone,
      feasible: n?.feasible ?? false,
      filters,
      scores: n?.scores ? Object.fromEntries(n.scores.map((s) => [s.plugin, s])) : undefined,
      total: n?.totalScore,
      chosen: result.outcome === 'Scheduled' && result.nodeName === spec.name,
      nominated: result.nominatedNodeName === spec.name,
      victims: victims.filter((v) => victimNode.get(v) === spec.name),
    };
  });

  const view: SchedulerView = {
    ...base,
    filterPlugins,
    scorePlugins,
    skippedFilters,
    skippedScores: scored ? scorePlugins.map((p) => p.name).filter((p) => !scoredPlugins.has(p)) : [],
    scored,
    rows,
    outcome: result.outcome === 'Scheduled' ? 'Scheduled' : result.outcome === 'Unschedulable' ? 'Unschedulable' : 'Error',
    chosen: result.outcome === 'Scheduled' ? result.nodeName : undefined,
    message: result.message,
    nominated: result.nominatedNodeName || undefined,
    victims,
  };
  if (view.nominated) {
    // Let virtual time run: the victims terminate after their grace period, their deletion
    // requeues the pod, and the next cycle tries its nominated node first.
    const start = cluster.clock.now();
    const key = `${POD_NAMESPACE}/${podName}`;
    const later = cluster.runFor(2 * GRACE_SECONDS * 1000).find((r) => r.pod === key);
    const bound = cluster.events.find((e) => e.reason === 'Scheduled' && e.object === `pod/${key}`);
    view.afterPreemption = later && {
      node: later.outcome === 'Scheduled' ? later.nodeName : undefined,
      seconds: Math.round(((bound?.time ?? cluster.clock.now()) - start) / 1000),
      message: later.message,
    };
  }
  view.why = narrate(view, scenario);
  return view;
}

// ---- Why ---------------------------------------------------------------------------------------
const list = (items: string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);

/** A few sentences on what decided the outcome, from the view alone. */
export function narrate(v: SchedulerView, scenario: Scenario): string[] {
  const out: string[] = [];
  const feasible = v.rows.filter((r) => r.feasible);
  if (v.rows.length === 0) return ['There are no nodes: add one.'];
  out.push(`Filter: ${feasible.length} of ${v.rows.length} node${v.rows.length === 1 ? '' : 's'} pass${v.rows.length === 1 ? 'es' : ''} every filter plugin.`);
  for (const r of v.rows.filter((x) => !x.feasible)) {
    const failed = Object.entries(r.filters).filter(([, c]) => c.state === 'fail');
    if (failed.length === 0) continue;
    out.push(`${r.name} is out: ${failed.map(([p, c]) => `${p} says "${c.reasons.join(', ')}"`).join('; ')}.`);
  }
  if (feasible.length === 1 && v.outcome === 'Scheduled') {
    out.push(`Only ${feasible[0]!.name} is feasible, so, as in kube-scheduler, it is chosen without scoring: there is nothing to compare.`);
  }
  if (v.scored && v.chosen) {
    const ranked = [...feasible].sort((a, b) => (b.total ?? 0) - (a.total ?? 0));
    const best = ranked[0]!;
    const max = 100 * v.scorePlugins.filter((p) => !v.skippedScores.includes(p.name)).reduce((s, p) => s + p.weight, 0);
    const ties = ranked.filter((r) => r.total === best.total);
    const chosen = v.rows.find((r) => r.name === v.chosen)!;
    out.push(`Score: ${chosen.name} has the highest weighted total, ${chosen.total} of a possible ${max}.`);
    const runnerUp = ranked.find((r) => r.total !== best.total);
    if (runnerUp) {
      const diffs = Object.values(chosen.scores ?? {})
        .map((s) => ({ plugin: s.plugin, d: s.weighted - (runnerUp.scores?.[s.plugin]?.weighted ?? 0) }))
        .filter((x) => x.d !== 0)
        .sort((a, b) => Math.abs(b.d) - Math.abs(a.d))
        .slice(0, 3);
      out.push(
        `It beats ${runnerUp.name} (${runnerUp.total}) by ${(chosen.total ?? 0) - (runnerUp.total ?? 0)}` +
          (diffs.length ? `: ${diffs.map((x) => `${x.plugin} ${x.d > 0 ? '+' : '−'}${Math.abs(x.d)}`).join(', ')}.` : '.'),
      );
    }
    if (ties.length > 1) {
      out.push(
        `${list(ties.map((t) => t.name))} tie at ${best.total}: selectHost picks one of them at random with the scheduler's seeded Rng, and seed ${v.seed} picks ${v.chosen}. Change the seed to see the tie go another way.`,
      );
    }
  }
  if (v.outcome === 'Unschedulable') {
    out.push('No node fits: the pod stays Pending, with the message above as its FailedScheduling event and its PodScheduled=False condition, and goes back to the queue.');
    const pod = v.pod;
    if (v.nominated) {
      const prio = pod?.spec?.priority ?? 0;
      const victims = scenario.running.filter((p) => v.victims.includes(p.name));
      out.push(
        `DefaultPreemption (the PostFilter plugin) finds that evicting ${list(victims.map((p) => `${p.name} (priority ${p.priority || 0})`))} on ${v.nominated} makes room for a pod of priority ${prio}; it nominates ${v.nominated} (status.nominatedNodeName) and the victims get ${GRACE_SECONDS} s to terminate.`,
      );
      if (v.afterPreemption?.node) out.push(`${v.afterPreemption.seconds} s later the victims are gone and the next attempt binds ${v.podName} to ${v.afterPreemption.node}.`);
      else if (v.afterPreemption) out.push(`Once the victims are gone, the next attempt still fails: ${v.afterPreemption.message ?? ''}`);
    } else if (pod?.spec?.preemptionPolicy === 'Never') {
      out.push('The pod has preemptionPolicy: Never, so it may not evict anyone.');
    } else if (v.rows.some((r) => Object.values(r.filters).some((c) => c.code === 'Unschedulable'))) {
      out.push('Preemption looked for lower-priority pods to evict and found no node where that would help (the "preemption:" part of the message says why).');
    } else {
      out.push('Every rejection is UnschedulableAndUnresolvable (taints, affinity, a cordoned node): evicting pods cannot change those, so preemption does not try.');
    }
  }
  return out;
}

/** Filters and score plugins left out, said once under the matrix. */
export function skippedNote(v: SchedulerView): string | undefined {
  const parts: string[] = [];
  if (v.skippedFilters.length) parts.push(`PreFilter of ${list(v.skippedFilters)} returned Skip (nothing in the pod for them to check), so their Filter did not run`);
  if (v.skippedScores.length) parts.push(`PreScore of ${list(v.skippedScores)} returned Skip, so they did not score`);
  return parts.length ? `${parts.join('; ')}.` : undefined;
}

export { EFFECTS };
