// The scheduler's cache, as the API-server driver keeps it: the Snapshot (nodes and the pods
// counted on them) plus the two kinds of pods upstream's cache tells apart:
//
//   assumed   placed by a scheduling cycle, binding in flight: counted on the node already,
//             confirmed when the watch shows the pod bound, forgotten when the binding fails
//   assigned  bound, as the informer reports them (also those whose node is not known yet:
//             they are counted when it appears)
//
// Reference: pkg/scheduler/backend/cache/cache.go (AssumePod, ForgetPod, AddPod, UpdatePod,
// RemovePod, AddNode).
//
// SIMPLIFICATION: no expiry of assumed pods (upstream's TTL is 0, never, since v1.27, too), and,
// as in framework/snapshot.ts, the cache is the snapshot: no copy per cycle.
import type { Node, Pod } from "kubernetes-types/core/v1";
import { podKey } from "../framework/pod-info";
import type { Snapshot } from "../framework/snapshot";

export class SchedulerCache {
  private readonly assumed = new Map<string, { pod: Pod; nodeName: string }>();
  private readonly assigned = new Map<string, Pod>();

  constructor(readonly snapshot: Snapshot) {}

  /**
   * AssumePod. The scheduling cycle has already added the pod to its node in the snapshot
   * (scheduler.ts); the cache remembers that it is only assumed.
   */
  assume(pod: Pod, nodeName: string): void {
    this.assumed.set(podKey(pod), { pod, nodeName });
  }

  isAssumed(key: string): boolean {
    return this.assumed.has(key);
  }

  /** ForgetPod: takes an assumed pod off its node. The pod it was, or undefined if it was not assumed. */
  forget(key: string): Pod | undefined {
    const a = this.assumed.get(key);
    if (a === undefined) return undefined;
    this.assumed.delete(key);
    this.snapshot.removePod(a.pod, a.nodeName);
    return a.pod;
  }

  /** AddPod: a bound pod; if it was assumed, it is confirmed (on the node the API says). */
  addPod(pod: Pod): void {
    const key = podKey(pod);
    this.forget(key);
    const old = this.assigned.get(key);
    if (old !== undefined) this.snapshot.removePod(old, old.spec?.nodeName ?? "");
    this.assigned.set(key, pod);
    this.snapshot.addPod(pod, pod.spec?.nodeName ?? ""); // an unknown node: counted when it is added
  }

  updatePod(pod: Pod): void {
    this.addPod(pod);
  }

  /** RemovePod: the copy the cache holds is removed (its priority and node are the cache's). */
  removePod(pod: Pod): Pod {
    const key = podKey(pod);
    const local = this.assigned.get(key) ?? pod;
    this.assigned.delete(key);
    this.snapshot.removePod(local, local.spec?.nodeName ?? "");
    return local;
  }

  /** AddNode: the node, and the bound pods that were waiting for it. */
  addNode(node: Node): void {
    const name = node.metadata?.name ?? "";
    const known = this.snapshot.get(name) !== undefined;
    this.snapshot.addNode(node);
    if (!known) for (const p of this.assigned.values()) if (p.spec?.nodeName === name) this.snapshot.addPod(p, name);
  }

  /** UpdateNode: returns the node as it was, for the cluster events. */
  updateNode(node: Node): Node | undefined {
    const old = this.snapshot.get(node.metadata?.name ?? "")?.node;
    this.snapshot.updateNode(node);
    return old;
  }

  removeNode(name: string): void {
    this.snapshot.removeNode(name);
  }
}
