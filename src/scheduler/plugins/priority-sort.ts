// PrioritySort: the default QueueSort plugin. Higher priority first; among equals, the pod that
// entered the queue earlier.
//
// Reference: pkg/scheduler/framework/plugins/queuesort/priority_sort.go.
import type { QueuedPodInfo, QueueSortPlugin } from "../framework/interface";
import { podPriority } from "../framework/pod-info";
import { names } from "./names";

export class PrioritySort implements QueueSortPlugin {
  readonly name = names.PrioritySort;

  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
    const p1 = podPriority(a.pod);
    const p2 = podPriority(b.pod);
    return p1 > p2 || (p1 === p2 && a.timestamp < b.timestamp);
  }
}

export const newPrioritySort = (): PrioritySort => new PrioritySort();
