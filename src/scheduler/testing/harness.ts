// A test harness: one plugin of a real framework over a snapshot of nodes and pods, the way
// upstream's plugin tests build `runtime.NewFramework(..., WithSnapshotSharedLister(snapshot))`.
import type { Node, Pod } from "kubernetes-types/core/v1";
import { Rng, VirtualClock } from "../../sim";
import type { PluginConfig } from "../config/config";
import { CycleState } from "../framework/cycle-state";
import { Framework } from "../framework/framework";
import type { FilterPlugin, NodeScore, PreFilterPlugin, PreScorePlugin, ScorePlugin } from "../framework/interface";
import { Snapshot } from "../framework/snapshot";
import { type Status } from "../framework/status";

export interface PluginHarness {
  fwk: Framework;
  snapshot: Snapshot;
  state: CycleState;
}

export function harness(nodes: Node[], pods: Pod[] = [], pluginConfig: PluginConfig[] = []): PluginHarness {
  for (const p of pods) {
    p.metadata ??= {};
    p.metadata.name ||= `pod-${pods.indexOf(p)}`;
  }
  const snapshot = new Snapshot(nodes, pods);
  const fwk = new Framework(
    { schedulerName: "default-scheduler", pluginConfig },
    {
      clock: new VirtualClock(),
      rng: new Rng(1),
      lister: () => snapshot,
      client: { listPodDisruptionBudgets: () => [], evictPod: () => {}, setNominatedNodeName: () => {}, bind: () => null },
      nominatedPodsForNode: () => [],
    },
  );
  return { fwk, snapshot, state: new CycleState() };
}

/** PreScore (if the plugin has it and returns success), Score on every node, NormalizeScore. */
export function scoreAll(h: PluginHarness, pluginName: string, pod: Pod, runPreScore = true): NodeScore[] | Status {
  const pl = h.fwk.plugin<ScorePlugin & Partial<PreScorePlugin>>(pluginName);
  if (!pl) throw new Error(`no plugin ${pluginName}`);
  const nodes = h.snapshot.list();
  if (runPreScore && pl.preScore) {
    const s = pl.preScore(h.state, pod, nodes);
    if (s !== null && !s.isSuccess()) return s;
  }
  const ordered = nodes;
  const list: NodeScore[] = [];
  for (const n of ordered) {
    const s = pl.score(h.state, pod, n);
    if (typeof s !== "number") return s;
    list.push({ name: n.name, score: s });
  }
  const s = pl.normalizeScore?.(h.state, pod, list);
  if (s) return s;
  return list;
}

/** PreFilter then Filter on the named node; returns the PreFilter status if it rejected. */
export function filterNode(h: PluginHarness, pluginName: string, pod: Pod, nodeName: string): Status | null {
  const pl = h.fwk.plugin<FilterPlugin & Partial<PreFilterPlugin>>(pluginName);
  if (!pl) throw new Error(`no plugin ${pluginName}`);
  const state = new CycleState();
  if (pl.preFilter) {
    const r = pl.preFilter(state, pod, h.snapshot.list());
    if (r !== null && "code" in r && !r.isSuccess()) {
      if (r.isSkip()) return null;
      return r;
    }
  }
  const n = h.snapshot.get(nodeName);
  if (!n) throw new Error(`no node ${nodeName}`);
  return pl.filter(state, pod, n);
}
