// One scheduling cycle, as pure functions of the framework and the node list: how many nodes
// to look at, which of them pass the filters, how they score, and which one wins.
//
// Reference: pkg/scheduler/schedule_one.go (numFeasibleNodesToFind, findNodesThatPassFilters,
// prioritizeNodes, selectHost).
import type { Pod } from "kubernetes-types/core/v1";
import type { Rng } from "../sim";
import type { CycleState } from "./framework/cycle-state";
import type { FilterVerdict, Framework, NodePluginScores } from "./framework/framework";
import { NodeToStatus } from "./framework/interface";
import type { NodeInfo } from "./framework/node-info";
import { Code, codeName, newStatus, type Status } from "./framework/status";

//> num-feasible-nodes-to-find
/** Below this many nodes, every node is examined. */
export const minFeasibleNodesToFind = 100;
/** The adaptive percentage never goes below 5%. */
export const minFeasibleNodesPercentageToFind = 5;

/**
 * numFeasibleNodesToFind: how many feasible nodes to find before filtering stops. Looking at
 * every node of a 5000-node cluster for every pod buys little placement quality and costs a lot,
 * so by default (percentage 0) the share shrinks as the cluster grows: 50% − nodes/125,
 * at least 5%, and never fewer than 100 nodes.
 */
export function numFeasibleNodesToFind(percentageOfNodesToScore: number, numAllNodes: number): number {
  if (numAllNodes < minFeasibleNodesToFind) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage === 0) {
    // Integer division, as upstream's int32 arithmetic: 1001 nodes give 50 − 8 = 42, not 41.
    percentage = 50 - Math.trunc(numAllNodes / 125);
    if (percentage < minFeasibleNodesPercentageToFind) percentage = minFeasibleNodesPercentageToFind;
  }
  const numNodes = Math.trunc((numAllNodes * percentage) / 100);
  return numNodes < minFeasibleNodesToFind ? minFeasibleNodesToFind : numNodes;
}
//< num-feasible-nodes-to-find

/** A filter verdict as plain data (for the playground and notebooks). */
export interface VerdictView {
  plugin: string;
  code: string;
  reasons: string[];
}

export function verdictView(v: FilterVerdict): VerdictView {
  return { plugin: v.plugin, code: v.status ? codeName(v.status.code) : "Success", reasons: v.status ? [...v.status.reasons] : [] };
}

export interface FilterOutcome {
  feasible: NodeInfo[];
  /** Nodes that failed, and why; PreFilter rejections are the absent-nodes status. */
  nodeToStatus: NodeToStatus;
  /** Per examined node, in examination order, every filter plugin's verdict (explain mode only). */
  verdicts: Map<string, FilterVerdict[]>;
  /** Nodes examined in this cycle (feasible + failed), to move the start index on. */
  processed: number;
}

//> find-nodes-that-pass-filters
/**
 * findNodesThatPassFilters: filter nodes starting where the previous cycle stopped (so every node
 * gets its turn), until `numNodesToFind` feasible nodes are found or all nodes were examined.
 * SIMPLIFICATION: upstream checks nodes in parallel (16 goroutines), so it may examine a few more
 * nodes than needed; we check them one by one, in the same order.
 */
export function findNodesThatPassFilters(
  fwk: Framework,
  state: CycleState,
  pod: Pod,
  nodes: readonly NodeInfo[],
  startIndex: number,
  numNodesToFind: number,
  explain: boolean,
  nodeToStatus = new NodeToStatus(),
): FilterOutcome {
  const feasible: NodeInfo[] = [];
  const verdicts = new Map<string, FilterVerdict[]>();
  let processed = 0;
  for (let i = 0; i < nodes.length && feasible.length < numNodesToFind; i++) {
    const nodeInfo = nodes[(startIndex + i) % nodes.length]!;
    const trace: FilterVerdict[] | undefined = explain ? [] : undefined;
    const status = fwk.runFilterPluginsWithNominatedPods(state, pod, nodeInfo, trace);
    processed++;
    if (trace) verdicts.set(nodeInfo.name, trace);
    if (status === null || status.isSuccess()) feasible.push(nodeInfo);
    else if (status.code === Code.Error) throw status.error ?? new Error(status.message());
    else nodeToStatus.set(nodeInfo.name, status);
  }
  return { feasible, nodeToStatus, verdicts, processed };
}
//< find-nodes-that-pass-filters

/** prioritizeNodes: PreScore, then Score, NormalizeScore and weights, per feasible node. */
export function prioritizeNodes(fwk: Framework, state: CycleState, pod: Pod, nodes: readonly NodeInfo[], keepRaw: boolean): NodePluginScores[] | Status {
  if (fwk.scorePlugins.length === 0) return nodes.map((n) => ({ name: n.name, scores: [], totalScore: 1 }));
  const s = fwk.runPreScorePlugins(state, pod, nodes);
  if (s !== null) return s;
  return fwk.runScorePlugins(state, pod, nodes, keepRaw);
}

//> select-host
/**
 * selectHost: the node with the highest total score; ties are broken uniformly at random by
 * reservoir sampling (the k-th tied node replaces the choice with probability 1/k), with the
 * seeded Rng so that a run replays. Also returns the `count` best nodes, for the diagnosis.
 */
export function selectHost(list: readonly NodePluginScores[], count: number, rng: Rng): { host: string; top: NodePluginScores[] } {
  if (list.length === 0) throw new Error("empty priorityList");
  let best = list[0]!;
  let ties = 1;
  for (let i = 1; i < list.length; i++) {
    const ns = list[i]!;
    if (ns.totalScore > best.totalScore) {
      best = ns;
      ties = 1;
    } else if (ns.totalScore === best.totalScore) {
      ties++;
      if (rng.int(0, ties) === 0) best = ns;
    }
  }
  // The next best `count − 1` nodes, by a linear scan (no sort of the whole list).
  const top = [best];
  for (const ns of list) {
    if (ns === best) continue;
    let i = top.length;
    while (i > 1 && top[i - 1]!.totalScore < ns.totalScore) i--;
    if (i < count) {
      top.splice(i, 0, ns);
      if (top.length > count) top.pop();
    }
  }
  return { host: best.name, top };
}
//< select-host

/** The status a PreFilterResult gives the nodes it leaves out. */
export function preFilterResultExcluded(plugins: Iterable<string>): Status {
  return newStatus(Code.UnschedulableAndUnresolvable, `node(s) didn't satisfy plugin(s) [${[...plugins].sort().join(" ")}]`);
}
