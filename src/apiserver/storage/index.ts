// The API server's storage layer (chapter 2, phases 6 "Persistence" and 8 "Watch").
//
// interfaces.ts     the Storage interface (storage.Interface), its options and watch events
// keys.ts           /registry/<resource>/<namespace>/<name>
// etcd-store.ts     Storage on an etcd-like KV: optimistic concurrency with mod_revision compares
// etcd-watcher.ts   a watch straight from the store
// kv.ts             the narrow KV interface each backend implements:
//   mvcc-kv.ts        the in-memory MVCC store (synchronous)
//   raft-kv.ts        the Raft-replicated etcd cluster on virtual time
//   etcd3-kv.ts       a real etcd through the `etcd3` npm client: Node only (gRPC), so NOT exported
//                     here (the browser imports this index); import it by its own path
// watch-cache.ts    the cache's objects and bounded window of events
// cacher.ts         one store watch per resource, fanned out to many filtered watchers, bookmarks
// cached-storage.ts Storage with a watch cache per resource: what the API server uses
// update.ts         update with the client's resourceVersion: the 409 Conflict
// continue.ts       continue tokens for paged lists
// errors.ts         the upstream Status errors of this layer
// contract.test-util.ts  the shared test suite every backend runs (etcd3.interop.ts: on a real etcd)
export type {
  DeleteOptions, GetOptions, GuaranteedUpdateOptions, ListOptions, ListResult, Preconditions, ResourceVersionMatch, Storage,
  UpdateFunc, Watch, WatchEvent, WatchEventType, WatchOptions,
} from "./interfaces";
export { collectionKey, groupResourceOf, objectKey, parseKey, REGISTRY_PREFIX, resourcePrefixOf, type ParsedKey } from "./keys";
export { defaultAttrs, everything, isEmptyPredicate, matches, predicate, type SelectionPredicate } from "./predicate";
export { EtcdStore } from "./etcd-store";
export type { KV, KVWatch, KVWatchRequest } from "./kv";
export { MvccKV } from "./mvcc-kv";
export { RaftKV } from "./raft-kv";
export { WatchCache, DEFAULT_WATCH_CACHE_CAPACITY, type WatchCacheEvent } from "./watch-cache";
export { Cacher, DEFAULT_BOOKMARK_INTERVAL_MS, type CacherOptions } from "./cacher";
export { CachedStorage, type CachedStorageOptions } from "./cached-storage";
export { update } from "./update";
export { encodeContinue, decodeContinue } from "./continue";
export {
  CONTINUE_EXPIRED_MSG, LIST_EXPIRED_MSG, OPTIMISTIC_LOCK_ERROR_MSG, WATCH_EXPIRED_MSG, keyExists, keyNotFound,
  optimisticLockError, parseResourceVersion, preconditionFailed, tooLargeResourceVersion, tooOldResourceVersion,
} from "./errors";
