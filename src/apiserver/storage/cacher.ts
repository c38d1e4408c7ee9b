// The watch cache: one etcd watch per resource, fanned out to every client watching it.
// k8s.io/apiserver/pkg/storage/cacher/cacher.go and cache_watcher.go.
//
// A cluster with 5,000 nodes has 5,000 kubelets watching pods. If each opened its own etcd watch,
// etcd would send every pod change 5,000 times. Instead the API server keeps, per resource:
//
//   etcd ──one watch──► Cacher ──► WatchCache (current objects + window of recent events)
//                         │
//                         └──► CacheWatcher × N, each with its own key, selector, start revision
//
// A new watch from revision N is served from the window (replay), then joins the live stream; the
// filtering (label and field selectors) happens here, per watcher. Watchers are indexed by the
// key they watch (one object, one namespace, or the whole resource), so an event only visits the
// watchers that can want it: a kubelet's watch on one pod costs nothing when other pods change.
//
// Bookmarks: a watcher that allows them receives, every `bookmarkIntervalMs`, a BOOKMARK carrying
// the cache's revision, so that after a disconnect it can resume from there rather than from an
// older revision that may have left the window in the meantime.
//
// What it does not guarantee (SIMPLIFICATIONS, with what upstream does):
//   - the bookmark revision is the last event *of this resource*; upstream asks etcd for progress
//     notifications so the revision also advances when other resources change;
//   - a watch from a revision the cache has not reached waits silently for it, with no 3 s
//     "Too large resource version" timeout (cacher.waitUntilFreshAndBlock);
//   - if the underlying watch ends (compaction while disconnected), the cache does not relist
//     (upstream's reflector does); its watchers end with the error;
//   - watchers are indexed by key only, not by field triggers such as spec.nodeName
//     (upstream's IndexedTrigger); slow watchers are never dropped, delivery never blocks.
import type { Clock, TimerId } from "../../sim/clock";
import { StatusError } from "../../api/status";
import type { KubeObject } from "../types";
import { withResourceVersion } from "./codec";
import { parseResourceVersion } from "./errors";
import type { Watch, WatchEvent, WatchOptions } from "./interfaces";
import type { Storage } from "./interfaces";
import { collectionKey, parseKey } from "./keys";
import { everything, matches, type SelectionPredicate } from "./predicate";
import { DEFAULT_WATCH_CACHE_CAPACITY, WatchCache, type WatchCacheEvent } from "./watch-cache";
import { WatchQueue } from "./watch-queue";

/** cacher.go bookmarkFrequency: one bookmark a minute per watcher that asked for them. */
export const DEFAULT_BOOKMARK_INTERVAL_MS = 60_000;

export interface CacherOptions {
  /** Where objects are stored, and the watch the cache consumes. */
  storage: Storage;
  /** The resource's key prefix, `/registry/pods/`. */
  resourcePrefix: string;
  clock: Clock;
  /** Events kept for replay. Default 100: more memory, fewer 410s after a reconnect. */
  capacity?: number;
  /** Default 60 s. */
  bookmarkIntervalMs?: number;
}

/** One client's watch on the cache (cacheWatcher). */
class CacheWatcher {
  /** Events at or below this revision are not for this watcher (it has them already). */
  fromRV = 0;

  constructor(
    readonly queue: WatchQueue,
    readonly key: string,
    readonly pred: SelectionPredicate,
    readonly allowBookmarks: boolean,
  ) {}

  //> cache-watcher-convert
  /** convertToWatchEvent: ADDED/MODIFIED/DELETED as *this* watcher's filter sees the change. */
  deliver(e: WatchCacheEvent): void {
    if (e.resourceVersion <= this.fromRV) return;
    this.fromRV = e.resourceVersion;
    const curPasses = e.type !== "DELETED" && matches(this.pred, e.object);
    const oldPasses = e.prevObject !== undefined && matches(this.pred, e.prevObject);
    if (curPasses && oldPasses) this.queue.push({ type: "MODIFIED", object: e.object });
    else if (curPasses) this.queue.push({ type: "ADDED", object: e.object });
    else if (oldPasses) {
      // It left this watcher's selector (or was deleted): its previous state, at the event's revision.
      this.queue.push({ type: "DELETED", object: withResourceVersion(e.prevObject!, e.resourceVersion) });
    }
  }
  //< cache-watcher-convert

  bookmark(resourceVersion: number): void {
    if (!this.allowBookmarks || resourceVersion < this.fromRV || resourceVersion === 0) return;
    this.queue.push({ type: "BOOKMARK", object: { metadata: { resourceVersion: String(resourceVersion) } } });
  }
}

export class Cacher {
  readonly cache: WatchCache;
  private readonly watchers = new Map<string, Set<CacheWatcher>>();
  private readonly ready: Promise<void>;
  private source: Watch | undefined;
  private bookmarkTimer: TimerId | undefined;
  private failure: StatusError | undefined;
  private stopped = false;
  /** Watchers visited by dispatch, summed over all events: what the key index keeps small. */
  dispatchVisits = 0;

  constructor(private readonly o: CacherOptions) {
    this.cache = new WatchCache(o.capacity ?? DEFAULT_WATCH_CACHE_CAPACITY);
    this.ready = this.start();
  }

  /** Watchers currently registered. */
  get watcherCount(): number {
    let n = 0;
    for (const set of this.watchers.values()) n += set.size;
    return n;
  }

  //> cacher-start
  /** The reflector's ListAndWatch: list the resource, then watch it from the list's revision. */
  private async start(): Promise<void> {
    const list = await this.o.storage.getList(this.o.resourcePrefix);
    const rv = parseResourceVersion(list.resourceVersion);
    this.cache.replace(list.items.map((obj) => [this.keyOf(obj), obj]), rv);
    this.source = await this.o.storage.watch(this.o.resourcePrefix, {
      recursive: true,
      resourceVersion: list.resourceVersion,
      onEvent: (e) => this.process(e),
    });
    if (this.stopped) this.source.stop(); // stopped while starting
    this.scheduleBookmarks();
  }
  //< cacher-start

  //> cacher-watch
  /** Cacher.Watch: replay from the window, then live events; 410 if the window no longer reaches back. */
  async watch(key: string, options: WatchOptions = {}): Promise<Watch> {
    await this.ready;
    const rv = parseResourceVersion(options.resourceVersion);
    if (this.failure) return WatchQueue.failed(this.failure, options.onEvent);
    const queue = new WatchQueue(options.onEvent);
    const watchKey = options.recursive && !key.endsWith("/") ? `${key}/` : key;
    const w = new CacheWatcher(queue, watchKey, options.predicate ?? everything, options.allowWatchBookmarks ?? false);
    if (rv === 0) {
      // "Get State and Start at Most Recent": the current objects as ADDED, in key order.
      const keys = watchKey.endsWith("/")
        ? [...this.cache.store.keys()].filter((k) => k.startsWith(watchKey)).sort()
        : this.cache.store.has(watchKey) ? [watchKey] : [];
      for (const k of keys) {
        const obj = this.cache.store.get(k)!;
        if (matches(w.pred, obj)) queue.push({ type: "ADDED", object: obj });
      }
      w.fromRV = this.cache.resourceVersion;
    } else {
      const events = this.cache.eventsSince(rv);
      if (!Array.isArray(events)) return WatchQueue.failed(events, options.onEvent);
      w.fromRV = rv;
      for (const e of events) if (this.covers(watchKey, e.key)) w.deliver(e);
    }
    this.register(w);
    return queue;
  }
  //< cacher-watch

  /** Stops the cache: the store watch, the bookmark timer, and every client watch. */
  stop(): void {
    this.stopped = true;
    this.source?.stop();
    if (this.bookmarkTimer !== undefined) this.o.clock.clearTimer(this.bookmarkTimer);
    for (const set of this.watchers.values()) for (const w of set) w.queue.stop();
    this.watchers.clear();
  }

  //> cacher-dispatch
  /** One event from the store: into the cache, then to the watchers of its object, namespace and resource. */
  private process(e: WatchEvent): void {
    if (e.type === "ERROR") {
      this.failure = new StatusError(e.object);
      for (const set of this.watchers.values()) for (const w of set) w.queue.fail(e.object);
      this.watchers.clear();
      return;
    }
    if (e.type === "BOOKMARK") return;
    const key = this.keyOf(e.object);
    const event = this.cache.add(e.type, key, e.object, parseResourceVersion(e.object.metadata?.resourceVersion));
    const { namespace } = parseKey(key);
    for (const indexKey of [this.o.resourcePrefix, namespace === "" ? undefined : `${this.o.resourcePrefix}${namespace}/`, key]) {
      if (indexKey === undefined) continue;
      for (const w of this.watchers.get(indexKey) ?? []) {
        this.dispatchVisits++;
        w.deliver(event);
      }
    }
  }
  //< cacher-dispatch

  private register(w: CacheWatcher): void {
    let set = this.watchers.get(w.key);
    if (set === undefined) this.watchers.set(w.key, (set = new Set()));
    set.add(w);
    w.queue.whenStopped(() => {
      set.delete(w);
      if (set.size === 0 && this.watchers.get(w.key) === set) this.watchers.delete(w.key);
    });
  }

  private scheduleBookmarks(): void {
    if (this.stopped) return;
    this.bookmarkTimer = this.o.clock.setTimer(this.o.bookmarkIntervalMs ?? DEFAULT_BOOKMARK_INTERVAL_MS, () => {
      const rv = this.cache.resourceVersion;
      for (const set of this.watchers.values()) for (const w of set) w.bookmark(rv);
      this.scheduleBookmarks();
    }, `watch cache ${this.o.resourcePrefix} bookmarks`);
  }

  /** Does a watch on `watchKey` (an object key, or a prefix ending in "/") cover `key`? */
  private covers(watchKey: string, key: string): boolean {
    return watchKey.endsWith("/") ? key.startsWith(watchKey) : key === watchKey;
  }

  private keyOf(obj: KubeObject): string {
    const { resource } = parseKey(this.o.resourcePrefix);
    const ns = obj.metadata?.namespace ?? "";
    return `${collectionKey(resource, ns)}${obj.metadata?.name ?? ""}`;
  }
}
