// The watch cache's memory: the current objects of one resource, and a bounded window of the most
// recent events. k8s.io/apiserver/pkg/storage/cacher/watch_cache.go.
//
// The window is a ring buffer (`startIndex`/`endIndex` count events ever added, as upstream's do):
// a watch from resourceVersion N is served from it if N is recent enough, without touching etcd.
// Once events older than N have been pushed out, N is "too old" (410) and the client must list
// again. A larger capacity means fewer relists after a blip and more memory.
import type { KubeObject } from "../types";
import { tooOldResourceVersion } from "./errors";
import type { StatusError } from "../../api/status";

/** watchCacheEvent: one change, with the object before it (for filter transitions). */
export interface WatchCacheEvent {
  type: "ADDED" | "MODIFIED" | "DELETED";
  key: string;
  /** The new state; for DELETED the last state, stamped with the deletion's resourceVersion. */
  object: KubeObject;
  prevObject: KubeObject | undefined;
  resourceVersion: number;
}

/**
 * Default window size. Upstream sizes it dynamically between 100 and 100 * 1024 events to hold
 * about 75 s of history (defaultLowerBoundCapacity, defaultUpperBoundCapacity, eventFreshDuration);
 * SIMPLIFICATION: here it is fixed.
 */
export const DEFAULT_WATCH_CACHE_CAPACITY = 100;

export class WatchCache {
  private readonly ring: Array<WatchCacheEvent | undefined>;
  private startIndex = 0;
  private endIndex = 0;
  /** Current objects by key. */
  readonly store = new Map<string, KubeObject>();
  /** The revision the cache has reached: the last event's, or the initial list's. */
  resourceVersion = 0;
  private listResourceVersion = 0;

  constructor(readonly capacity = DEFAULT_WATCH_CACHE_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`watch cache capacity must be a positive integer, got ${capacity}`);
    this.ring = new Array<WatchCacheEvent | undefined>(capacity);
  }

  /** watchCache.Replace: the result of the initial list. */
  replace(objects: Array<[string, KubeObject]>, resourceVersion: number): void {
    this.store.clear();
    for (const [key, obj] of objects) this.store.set(key, obj);
    this.startIndex = this.endIndex = 0;
    this.listResourceVersion = this.resourceVersion = resourceVersion;
  }

  //> watch-cache-process-event
  /** watchCache.processEvent: update the store, append to the window (evicting the oldest). */
  add(type: "ADDED" | "MODIFIED" | "DELETED", key: string, object: KubeObject, resourceVersion: number): WatchCacheEvent {
    const event: WatchCacheEvent = { type, key, object, prevObject: this.store.get(key), resourceVersion };
    if (type === "DELETED") this.store.delete(key);
    else this.store.set(key, object);
    if (this.endIndex - this.startIndex === this.capacity) this.startIndex++;
    this.ring[this.endIndex % this.capacity] = event;
    this.endIndex++;
    this.resourceVersion = resourceVersion;
    return event;
  }
  //< watch-cache-process-event

  //> watch-cache-events-since
  /**
   * getAllEventsSinceLocked: the events after `resourceVersion`, or 410 if some of them have been
   * evicted. The oldest event a watch can start after is the initial list's revision while nothing
   * has been evicted, and otherwise the one before the oldest event still in the window.
   */
  eventsSince(resourceVersion: number): WatchCacheEvent[] | StatusError {
    const oldest = this.startIndex === 0 ? this.listResourceVersion + 1 : this.at(this.startIndex).resourceVersion;
    if (resourceVersion < oldest - 1) return tooOldResourceVersion(resourceVersion, oldest - 1);
    const out: WatchCacheEvent[] = [];
    for (let i = this.startIndex; i < this.endIndex; i++) {
      const e = this.at(i);
      if (e.resourceVersion > resourceVersion) out.push(e);
    }
    return out;
  }
  //< watch-cache-events-since

  /** Events in the window now. */
  get size(): number {
    return this.endIndex - this.startIndex;
  }

  private at(i: number): WatchCacheEvent {
    return this.ring[i % this.capacity]!;
  }
}
