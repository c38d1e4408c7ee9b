// The API server's storage interface: what every registry (pods, nodes, deployments...) calls to
// persist objects, and what every backend (our MVCC store, the Raft-replicated store of chapter
// 3, a real etcd) implements. Modelled on k8s.io/apiserver/pkg/storage/interfaces.go
// (`storage.Interface`).
//
// Three ideas carry the whole interface:
//   - `resourceVersion` is the store's revision. An object's `metadata.resourceVersion` is the
//     revision of its last change (etcd's mod_revision); a list's is the store revision it was
//     read at. Clients treat it as opaque; the storage layer compares it as a number.
//   - Writes are optimistic: `guaranteedUpdate` reads, computes, and writes only if nobody
//     wrote in between (a txn comparing mod_revision), retrying with a fresh read otherwise.
//   - Watch continues a list: list at revision R, then watch from R to see every change after it.
//
// Every method returns a Promise so that synchronous (in-memory MVCC), simulated (Raft on virtual
// time) and real (etcd over gRPC) backends fit the same shape. Errors are `StatusError`s with the
// upstream messages (see errors.ts).
//
// What this layer does not do: defaulting, validation, admission, uid or timestamps (the registry
// above it does, k8s.io/apiserver/pkg/registry/generic/registry/store.go); finalizers and graceful
// deletion (also the registry's: they are updates that set deletionTimestamp).
import type { ApiStatus } from "../../api/status";
import type { KubeObject } from "../types";
import type { SelectionPredicate } from "./predicate";

/** storage.Preconditions: a write or delete proceeds only if the stored object still matches. */
export interface Preconditions {
  uid?: string;
  resourceVersion?: string;
}

/**
 * metav1.ResourceVersionMatch for lists (https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions):
 *   undefined with resourceVersion "" — the latest, read from the store (a consistent read);
 *   undefined with "0" — any version: the latest here;
 *   "NotOlderThan" (the default for any other value) — at least that version: the latest;
 *   "Exact" — exactly that version: a read of the store's history, 410 once it is compacted.
 */
export type ResourceVersionMatch = "NotOlderThan" | "Exact";

export interface GetOptions {
  /** "" or "0": the latest. Otherwise the store must have reached it (504 "Too large resource version"). */
  resourceVersion?: string;
  /** Return undefined instead of throwing 404. */
  ignoreNotFound?: boolean;
}

export interface ListOptions {
  resourceVersion?: string;
  resourceVersionMatch?: ResourceVersionMatch;
  /** Which objects; omitted: all (labels.Everything(), fields.Everything()). */
  predicate?: SelectionPredicate;
  /** At most this many items; 0 or omitted: all. */
  limit?: number;
  /** The `continue` token of the previous page. */
  continue?: string;
}

/** metav1.ListMeta plus the items. */
export interface ListResult {
  items: KubeObject[];
  /** The store revision the list was read at. Watch from it to see every later change. */
  resourceVersion: string;
  /** Set when `limit` cut the list short: pass it back to get the next page. */
  continue?: string;
  /** How many more items the next pages hold; only when no predicate filters the list (upstream's rule). */
  remainingItemCount?: number;
}

/**
 * The function guaranteedUpdate calls with the current object (storage.UpdateFunc). Return the
 * new object, or throw (a StatusError) to abort. It may be called several times: once per retry,
 * each time with a fresher object, so it must not have side effects.
 */
export type UpdateFunc = (current: KubeObject) => KubeObject | Promise<KubeObject>;

export interface GuaranteedUpdateOptions {
  preconditions?: Preconditions;
  /** When the object does not exist, call tryUpdate with `{}` (an upsert) instead of throwing 404. */
  ignoreNotFound?: boolean;
}

export interface DeleteOptions {
  preconditions?: Preconditions;
  /** storage.ValidateObjectFunc: a last check on the object about to be deleted; throw to refuse. */
  validateDeletion?: (current: KubeObject) => void | Promise<void>;
}

//> storage-watch-event
/**
 * watch.Event. ADDED, MODIFIED and DELETED carry the object (DELETED: its last state, with the
 * deletion's resourceVersion); BOOKMARK carries an object with only metadata.resourceVersion,
 * "you are up to date to here"; ERROR carries a Status, and is the last event of its watch.
 */
export type WatchEvent =
  | { type: "ADDED" | "MODIFIED" | "DELETED"; object: KubeObject }
  | { type: "BOOKMARK"; object: KubeObject }
  | { type: "ERROR"; object: ApiStatus };
//< storage-watch-event

export type WatchEventType = WatchEvent["type"];

export interface WatchOptions {
  /**
   * "" or "0": the current state as ADDED events, then every change ("Get State and Start at
   * Most Recent"). "N": every change after revision N, or ERROR 410 when N is compacted.
   */
  resourceVersion?: string;
  /** Treat the key as a prefix (a collection); otherwise it names one object. */
  recursive?: boolean;
  predicate?: SelectionPredicate;
  /** The client accepts BOOKMARK events (`allowWatchBookmarks=true`). */
  allowWatchBookmarks?: boolean;
  /** Called with each event, synchronously and in order (also queued for `take()`). */
  onEvent?: (event: WatchEvent) => void;
}

/**
 * watch.Interface. Events are queued until taken (a pull model that tests, notebooks and the HTTP
 * front can all drive), and also pushed to `onEvent` when given.
 * Objects in events may be shared between watchers: copy before mutating.
 */
export interface Watch {
  /** The events delivered since the last call, oldest first. */
  take(): WatchEvent[];
  /** Stops the watch; no event is delivered after it. */
  stop(): void;
  readonly stopped: boolean;
}

//> storage-interface
/** storage.Interface: keys are `/registry/<resource>/<namespace>/<name>` (keys.ts). */
export interface Storage {
  /** Creates `obj` at `key`; 409 AlreadyExists if something is there. Returns it with its resourceVersion. */
  create(key: string, obj: KubeObject): Promise<KubeObject>;
  /** The object at `key`; 404 unless ignoreNotFound (then undefined). */
  get(key: string, options?: GetOptions): Promise<KubeObject | undefined>;
  /** The objects under the prefix `key`, in key order, filtered, paged. */
  getList(key: string, options?: ListOptions): Promise<ListResult>;
  /** Read, tryUpdate, write-if-unchanged; on a lost race, read again and retry. */
  guaranteedUpdate(key: string, tryUpdate: UpdateFunc, options?: GuaranteedUpdateOptions): Promise<KubeObject>;
  /** Deletes the object at `key` if the preconditions hold; returns its last state. */
  delete(key: string, options?: DeleteOptions): Promise<KubeObject>;
  /** Changes to the object at `key` (or, recursive, under the prefix `key`). */
  watch(key: string, options?: WatchOptions): Promise<Watch>;
}
//< storage-interface
