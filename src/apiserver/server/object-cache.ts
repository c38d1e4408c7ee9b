// The API server's own informers: in-memory copies of the objects its admission plugins and
// authorizers read on every request (Namespaces for Pod Security, LimitRanges, RBAC roles and
// bindings, the pods a node runs...). Upstream kube-apiserver runs a SharedInformerFactory on
// a loopback client for exactly this; reading storage on every request would be too slow, and
// the plugins' interfaces are synchronous.
//
// Each cache lists its resource, then watches from the list's resourceVersion; a watch that ends
// (410 after a compaction) is followed by a fresh list, as a reflector does.
//
// What it does not guarantee: freshness. With the in-memory store, watch events arrive at the end
// of the write that caused them, so the cache is current when the write's promise settles; with
// the Raft or etcd backends it lags by the watch's latency, as upstream's informers do.

import type { Storage, Watch, WatchEvent } from "../storage/interfaces";
import { collectionKey } from "../storage/keys";
import type { KubeObject } from "../types";

export type CacheListener = (type: "ADDED" | "MODIFIED" | "DELETED", obj: KubeObject, old: KubeObject | undefined) => void;

export class ObjectCache {
  /** Objects by `namespace/name` (or `name` when cluster-scoped). */
  readonly items = new Map<string, KubeObject>();
  private watch: Watch | undefined;
  private stopped = false;
  private readonly listeners: CacheListener[] = [];

  constructor(private readonly storage: Storage, readonly resource: string, private readonly kind: string, private readonly apiVersion: string) {}

  static keyOf(namespace: string, name: string): string {
    return namespace === "" ? name : `${namespace}/${name}`;
  }

  /** Called for every change, after the cache has applied it. */
  onChange(listener: CacheListener): void {
    this.listeners.push(listener);
  }

  get(namespace: string, name: string): KubeObject | undefined {
    return this.items.get(ObjectCache.keyOf(namespace, name));
  }

  list(namespace?: string): KubeObject[] {
    const out = [...this.items.values()];
    return namespace === undefined ? out : out.filter((o) => (o.metadata?.namespace ?? "") === namespace);
  }

  //> apiserver-object-cache-sync
  /** ListAndWatch: resolves once the initial list is in the cache. */
  async start(): Promise<void> {
    const prefix = collectionKey(this.resource);
    const list = await this.storage.getList(prefix);
    const fresh = new Map(list.items.map((o) => [this.keyFor(o), this.typed(o)]));
    for (const [key, old] of this.items) if (!fresh.has(key)) this.apply("DELETED", old);
    for (const obj of fresh.values()) this.apply(this.items.has(this.keyFor(obj)) ? "MODIFIED" : "ADDED", obj);
    if (this.stopped) return;
    this.watch = await this.storage.watch(prefix, {
      recursive: true, resourceVersion: list.resourceVersion, onEvent: (e) => this.handle(e),
    });
    if (this.stopped) this.watch.stop();
  }
  //< apiserver-object-cache-sync

  stop(): void {
    this.stopped = true;
    this.watch?.stop();
  }

  private handle(e: WatchEvent): void {
    if (e.type === "ERROR") {
      // The watch is over (410 Expired): list again, as a reflector does.
      if (!this.stopped) void this.start().catch(() => undefined);
      return;
    }
    if (e.type === "BOOKMARK") return;
    this.apply(e.type, this.typed(e.object));
  }

  private apply(type: "ADDED" | "MODIFIED" | "DELETED", obj: KubeObject): void {
    const key = this.keyFor(obj);
    const old = this.items.get(key);
    if (type === "DELETED") this.items.delete(key);
    else this.items.set(key, obj);
    for (const l of this.listeners) l(type, obj, old);
  }

  private keyFor(obj: KubeObject): string {
    return ObjectCache.keyOf(obj.metadata?.namespace ?? "", obj.metadata?.name ?? "");
  }

  /** Stored objects carry apiVersion and kind; ones written by other means may not. */
  private typed(obj: KubeObject): KubeObject {
    return obj.kind === undefined || obj.apiVersion === undefined ? { ...obj, apiVersion: this.apiVersion, kind: this.kind } : obj;
  }
}
