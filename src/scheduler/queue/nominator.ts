// The nominator: which pods preemption nominated to which node. Those pods are not bound yet,
// but the room on their node is held for them (see runFilterPluginsWithNominatedPods).
//
// Reference: pkg/scheduler/backend/queue/nominator.go.
import type { Pod } from "kubernetes-types/core/v1";
import { type PodInfo, podInfoOf } from "../framework/pod-info";

export class Nominator {
  private readonly byNode = new Map<string, PodInfo[]>();
  private readonly nodeOf = new Map<string, string>();

  /** Records `pod` as nominated to `nodeName` (or to its status.nominatedNodeName). */
  add(pod: Pod, nodeName = pod.status?.nominatedNodeName ?? ""): void {
    this.delete(pod);
    if (!nodeName) return;
    const info = podInfoOf(pod);
    this.nodeOf.set(info.key, nodeName);
    let list = this.byNode.get(nodeName);
    if (!list) this.byNode.set(nodeName, (list = []));
    list.push(info);
  }

  delete(pod: Pod): void {
    const key = podInfoOf(pod).key;
    const node = this.nodeOf.get(key);
    if (node === undefined) return;
    this.nodeOf.delete(key);
    const list = (this.byNode.get(node) ?? []).filter((p) => p.key !== key);
    if (list.length > 0) this.byNode.set(node, list);
    else this.byNode.delete(node);
  }

  nominatedPodsForNode(nodeName: string): readonly PodInfo[] {
    return this.byNode.get(nodeName) ?? [];
  }

  nominatedNodeOf(pod: Pod): string | undefined {
    return this.nodeOf.get(podInfoOf(pod).key);
  }
}
