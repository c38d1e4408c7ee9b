// How many nodes does one scheduling cycle look at?
//
// Filtering every node of a 5000-node cluster for every pod costs a lot and buys little: once
// enough feasible nodes are found, scoring more of them rarely changes the choice. So the scheduler
// stops filtering once it has found numFeasibleNodesToFind(...) feasible nodes, and the next cycle
// starts where this one stopped, so that every node gets its turn.
//
// The rule, from kube-scheduler (all integer arithmetic, as in Go's int32):
//
//   - a cluster of fewer than 100 nodes (minFeasibleNodesToFind): every node;
//   - otherwise a percentage of the nodes: percentageOfNodesToScore from the configuration (the
//     profile's, or the global one; the caller picks), or, when it is 0 (the default), an adaptive
//     percentage: 50 - numAllNodes / 125, but at least 5 (minFeasibleNodesPercentageToFind);
//   - numAllNodes * percentage / 100 nodes, but never fewer than 100.
//
// So 1000 nodes: 50 - 8 = 42%, 420 nodes. 5000 nodes: 50 - 40 = 10%, 500 nodes. 6000 nodes: the
// adaptive 2% is raised to 5%: 300 nodes. 150 nodes with 40%: 60, raised to 100.
//
// Your function replaces numFeasibleNodesToFind in src/scheduler/schedule-one.ts in the real
// scheduler (Scheduler.schedulePod calls it every cycle), and the graded tests schedule clusters
// of hundreds of nodes with it. schedule-one.ts is the course's own answer: try before you look.
import { minFeasibleNodesPercentageToFind, minFeasibleNodesToFind } from "../../src/scheduler/schedule-one";

/**
 * numFeasibleNodesToFind: how many feasible nodes filtering should find before it stops, in a
 * cluster of `numAllNodes` nodes, with `percentageOfNodesToScore` (0..100; 0 means adaptive).
 */
export function numFeasibleNodesToFind(percentageOfNodesToScore: number, numAllNodes: number): number {
  // SOLUTION BEGIN
  // TODO(num-feasible-nodes): follow the rule above, with minFeasibleNodesToFind (100) and
  // minFeasibleNodesPercentageToFind (5); divide with Math.trunc, as Go divides integers. Read:
  // Kubernetes docs, "Scheduler Performance Tuning"
  // (https://kubernetes.io/docs/concepts/scheduling-eviction/scheduler-perf-tuning/);
  // pkg/scheduler/schedule_one.go, numFeasibleNodesToFind.
  // STUB: return 0;
  if (numAllNodes < minFeasibleNodesToFind) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage === 0) {
    percentage = 50 - Math.trunc(numAllNodes / 125);
    if (percentage < minFeasibleNodesPercentageToFind) percentage = minFeasibleNodesPercentageToFind;
  }
  const numNodes = Math.trunc((numAllNodes * percentage) / 100);
  return numNodes < minFeasibleNodesToFind ? minFeasibleNodesToFind : numNodes;
  // SOLUTION END
}
