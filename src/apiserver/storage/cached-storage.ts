// The storage the API server actually uses: writes and reads go to the store, watches to a watch
// cache per resource, created on the first watch (k8s.io/apiserver/pkg/storage/cacher, wired by
// the registry's `StorageWithCacher`).
//
// A resource's cache starts with the first watch on it, and remembers only what happens after
// that: a watch from an older resourceVersion gets 410 and must relist.
// SIMPLIFICATION: upstream starts every resource's cache when the API server starts, and also serves gets and lists from the cache when the client allows it
// (resourceVersion "0", and, since 1.31, consistent lists once the cache has caught up with etcd);
// here every read goes to the store.
import type { Clock } from "../../sim/clock";
import type { KubeObject } from "../types";
import { Cacher } from "./cacher";
import type {
  DeleteOptions, GetOptions, GuaranteedUpdateOptions, ListOptions, ListResult, Storage, UpdateFunc, Watch, WatchOptions,
} from "./interfaces";
import { resourcePrefixOf } from "./keys";

export interface CachedStorageOptions {
  clock: Clock;
  /** Watch cache window per resource. Default 100 events. */
  watchCacheCapacity?: number;
  /** Default 60 s. */
  bookmarkIntervalMs?: number;
}

export class CachedStorage implements Storage {
  private readonly cachers = new Map<string, Cacher>();

  constructor(readonly storage: Storage, private readonly options: CachedStorageOptions) {}

  create(key: string, obj: KubeObject): Promise<KubeObject> {
    return this.storage.create(key, obj);
  }
  get(key: string, options?: GetOptions): Promise<KubeObject | undefined> {
    return this.storage.get(key, options);
  }
  getList(key: string, options?: ListOptions): Promise<ListResult> {
    return this.storage.getList(key, options);
  }
  guaranteedUpdate(key: string, tryUpdate: UpdateFunc, options?: GuaranteedUpdateOptions): Promise<KubeObject> {
    return this.storage.guaranteedUpdate(key, tryUpdate, options);
  }
  delete(key: string, options?: DeleteOptions): Promise<KubeObject> {
    return this.storage.delete(key, options);
  }

  async watch(key: string, options?: WatchOptions): Promise<Watch> {
    const cacher = this.cacherFor(key);
    try {
      return await cacher.watch(key, options);
    } catch (err: unknown) {
      // The cache could not start (its initial list failed): forget it, so the next watch tries afresh.
      if (this.cachers.get(resourcePrefixOf(key)) === cacher) this.cachers.delete(resourcePrefixOf(key));
      throw err;
    }
  }

  /** The watch cache of the resource `key` belongs to (created on first use). */
  cacherFor(key: string): Cacher {
    const prefix = resourcePrefixOf(key);
    let cacher = this.cachers.get(prefix);
    if (cacher === undefined) {
      cacher = new Cacher({
        storage: this.storage,
        resourcePrefix: prefix,
        clock: this.options.clock,
        capacity: this.options.watchCacheCapacity,
        bookmarkIntervalMs: this.options.bookmarkIntervalMs,
      });
      this.cachers.set(prefix, cacher);
    }
    return cacher;
  }

  /** Stops every watch cache (their store watches and bookmark timers). */
  stop(): void {
    for (const c of this.cachers.values()) c.stop();
    this.cachers.clear();
  }
}
