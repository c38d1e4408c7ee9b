// A small informer: client-go's Reflector, Store and event handlers in one class. It keeps a
// local copy of a collection current, the way every controller and the scheduler read the
// cluster without asking the API server on each decision:
//
//   1. list          the collection, at the server's resourceVersion R: the store is that snapshot
//   2. watch from R  every change after the snapshot, in order; the store follows
//   3. watch ended   normally (the server's timeout): watch again from the last resourceVersion
//                    with ERROR 410 Expired (the server no longer has R's history): list again,
//                    and report the differences as add, update and delete
//
//   const pods = new Informer(client, { resource: "pods" }, { clock });
//   pods.on({ add: (p) => console.log("new pod", p.metadata?.name) });
//   await pods.start();         // resolves once the first list is in the store (hasSynced)
//
// Reference: k8s.io/client-go/tools/cache (reflector.go ListAndWatch, store.go,
// shared_informer.go ResourceEventHandler).
//
// What it does not guarantee: an update handler may see the same object twice after a relist;
// handlers run synchronously in event order and must not throw. SIMPLIFICATION: no resync
// period, no paginated initial list, no indexers beyond namespace/name.

import { StatusError } from "../../api/status";
import type { Clock, TimerId } from "../../sim/clock";
import type { KubeObject } from "../types";
import type { ApiClient, ClientWatchEvent, ResourceRef } from "./api-client";

export interface InformerHandlers<T> {
  add?(obj: T): void;
  update?(oldObj: T, newObj: T): void;
  delete?(obj: T): void;
}

export interface InformerOptions {
  /** Time for the retry backoff after a failed list (default 1 s of this clock). */
  clock: Clock;
  labelSelector?: string;
  fieldSelector?: string;
  /** Ask the server for BOOKMARK events (default true), so a re-watch starts from a recent resourceVersion. */
  allowWatchBookmarks?: boolean;
  /** Wait after a failed list before trying again. Default 1000 ms. */
  retryMs?: number;
}

/** The store key: `namespace/name`, or `name` for cluster-scoped objects (cache.MetaNamespaceKeyFunc). */
export function keyOf(obj: KubeObject): string {
  const ns = obj.metadata?.namespace ?? "";
  const name = obj.metadata?.name ?? "";
  return ns === "" ? name : `${ns}/${name}`;
}

export class Informer<T extends KubeObject = KubeObject> {
  /** The local copy, by `namespace/name`. */
  readonly store = new Map<string, T>();
  /** The resourceVersion the store is current to. */
  resourceVersion = "";
  /** True once the first list is in the store. */
  hasSynced = false;
  /** How many times the collection was listed (1 + one per 410 or failed watch). */
  lists = 0;
  private readonly handlers: InformerHandlers<T>[] = [];
  private stopWatch: (() => void) | undefined;
  private retryTimer: TimerId | undefined;
  private stopped = false;

  constructor(readonly client: ApiClient, readonly ref: ResourceRef, readonly options: InformerOptions) {}

  /** Adds handlers; with `start` already done, `add` is called for what the store holds. */
  on(handlers: InformerHandlers<T>): this {
    this.handlers.push(handlers);
    if (this.hasSynced) for (const obj of this.store.values()) handlers.add?.(obj);
    return this;
  }

  get(namespace: string, name: string): T | undefined {
    return this.store.get(namespace === "" ? name : `${namespace}/${name}`);
  }

  list(): T[] {
    return [...this.store.values()];
  }

  /** Lists, then watches; resolves after the first list (rejects if it fails). */
  async start(): Promise<void> {
    this.stopped = false;
    await this.listAndWatch();
  }

  stop(): void {
    this.stopped = true;
    this.stopWatch?.();
    this.stopWatch = undefined;
    if (this.retryTimer !== undefined) this.options.clock.clearTimer(this.retryTimer);
  }

  //> apiserver-informer-list-and-watch
  private async listAndWatch(): Promise<void> {
    const list = await this.client.list<T>(this.ref, this.selectors());
    this.lists++;
    this.replace(list.items, list.metadata.resourceVersion ?? "");
    this.hasSynced = true;
    await this.watchFrom(this.resourceVersion);
  }

  private async watchFrom(resourceVersion: string): Promise<void> {
    if (this.stopped) return;
    let expired = false;
    const handle = await this.client.watch<T>(
      this.ref,
      { ...this.selectors(), resourceVersion, allowWatchBookmarks: this.options.allowWatchBookmarks ?? true },
      (e) => {
        if (e.type === "ERROR") {
          expired = (e.object as unknown as { code?: number }).code === 410;
          return;
        }
        this.apply(e);
      },
      () => {
        if (this.stopped) return;
        // 410: our resourceVersion is gone from the server's history; only a new list helps.
        if (expired) this.relist();
        else void this.watchFrom(this.resourceVersion).catch(() => this.relist());
      },
    );
    if (this.stopped) handle.stop();
    else this.stopWatch = handle.stop;
  }
  //< apiserver-informer-list-and-watch

  /** List again now; after a failure, again after `retryMs`. */
  private relist(): void {
    if (this.stopped) return;
    this.listAndWatch().catch((err: unknown) => {
      if (this.stopped) return;
      if (!(err instanceof StatusError) && !(err instanceof Error)) return;
      this.retryTimer = this.options.clock.setTimer(this.options.retryMs ?? 1000, () => this.relist(), `informer ${this.ref.resource} relist`);
    });
  }

  private selectors(): { labelSelector?: string; fieldSelector?: string } {
    const out: { labelSelector?: string; fieldSelector?: string } = {};
    if (this.options.labelSelector !== undefined) out.labelSelector = this.options.labelSelector;
    if (this.options.fieldSelector !== undefined) out.fieldSelector = this.options.fieldSelector;
    return out;
  }

  private apply(e: ClientWatchEvent<T>): void {
    const rv = e.object.metadata?.resourceVersion;
    if (rv !== undefined && rv !== "") this.resourceVersion = rv;
    if (e.type === "BOOKMARK") return;
    const key = keyOf(e.object);
    const old = this.store.get(key);
    if (e.type === "DELETED") {
      this.store.delete(key);
      for (const h of this.handlers) h.delete?.(e.object);
      return;
    }
    this.store.set(key, e.object);
    for (const h of this.handlers) {
      if (old === undefined) h.add?.(e.object);
      else h.update?.(old, e.object);
    }
  }

  /** Store.Replace: the list becomes the store; the differences are reported. */
  private replace(items: T[], resourceVersion: string): void {
    const fresh = new Map(items.map((i) => [keyOf(i), i]));
    for (const [key, old] of this.store) {
      if (fresh.has(key)) continue;
      this.store.delete(key);
      for (const h of this.handlers) h.delete?.(old);
    }
    for (const [key, obj] of fresh) {
      const old = this.store.get(key);
      this.store.set(key, obj);
      for (const h of this.handlers) {
        if (old === undefined) h.add?.(obj);
        else if (old.metadata?.resourceVersion !== obj.metadata?.resourceVersion) h.update?.(old, obj);
      }
    }
    this.resourceVersion = resourceVersion;
  }
}
