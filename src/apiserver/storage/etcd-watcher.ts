// A watch served straight from the store: k8s.io/apiserver/pkg/storage/etcd3/watcher.go.
//
// It opens one etcd watch (with prev_kv) and turns etcd's PUT and DELETE events into ADDED,
// MODIFIED and DELETED. The previous value matters because of filtering: when a pod's label
// changes so that it leaves a selector, the watcher must see DELETED, not nothing; when it
// enters one, ADDED, not MODIFIED.
//
// The API server does not open one of these per client: the watch cache (cacher.ts) opens one
// per resource and fans it out. This is what the cache itself consumes.
import { getPrefix } from "../../etcd/mvcc/range-end";
import type { Event } from "../../etcd/mvcc/watchable-store";
import type { StatusError } from "../../api/status";
import type { KubeObject } from "../types";
import { decode } from "./codec";
import { parseResourceVersion, watchExpired } from "./errors";
import type { Watch, WatchEvent, WatchOptions } from "./interfaces";
import type { KV } from "./kv";
import { everything, matches, type SelectionPredicate } from "./predicate";
import { WatchQueue } from "./watch-queue";

type Call = <T>(p: Promise<T>, onCompacted: () => StatusError) => Promise<T>;

//> etcd-watch
/**
 * resourceVersion "" or "0": list the current state (as ADDED events) and watch from the next
 * revision, as etcd3's watcher does (`sync`). "N": watch from N+1. A compacted N ends the watch
 * with ERROR 410 `The resourceVersion for the provided watch is too old.`
 */
export async function watchStore(kv: KV, key: string, options: WatchOptions, call: Call): Promise<Watch> {
  const rv = parseResourceVersion(options.resourceVersion);
  const pred = options.predicate ?? everything;
  const prefix = options.recursive && !key.endsWith("/") ? `${key}/` : key;
  const rangeEnd = options.recursive ? getPrefix(prefix) : undefined;
  const queue = new WatchQueue(options.onEvent);
  let startRevision = rv + 1;
  if (rv === 0) {
    const resp = await call(kv.range({ key: prefix, rangeEnd }), watchExpired);
    for (const item of resp.kvs) {
      const obj = decode(item.value, item.modRevision);
      if (matches(pred, obj)) queue.push({ type: "ADDED", object: obj });
    }
    startRevision = resp.header.revision + 1;
  }
  const watch = kv.watch({ key: prefix, rangeEnd, startRevision, prevKv: true }, (response) => {
    if (response.canceled || response.compactRevision !== undefined) return queue.fail(watchExpired().status);
    for (const e of response.events) {
      const event = transform(e, pred);
      if (event) queue.push(event);
    }
  });
  queue.whenStopped(() => watch.cancel());
  return queue;
}
//< etcd-watch

//> etcd-watch-transform
/** watcher.go `transform`: an etcd event as the watcher's filter sees it, or nothing. */
export function transform(e: Event, pred: SelectionPredicate): WatchEvent | undefined {
  const rev = e.kv.modRevision;
  const prev: KubeObject | undefined = e.prevKv ? decode(e.prevKv.value, rev) : undefined;
  if (e.type === "DELETE") {
    // The last state, stamped with the deletion's revision. Without prev_kv (compacted) there is nothing to show.
    return prev !== undefined && matches(pred, prev) ? { type: "DELETED", object: prev } : undefined;
  }
  const cur = decode(e.kv.value, rev);
  const curPasses = matches(pred, cur);
  const oldPasses = prev !== undefined && e.kv.createRevision !== rev && matches(pred, prev);
  if (curPasses && oldPasses) return { type: "MODIFIED", object: cur };
  if (curPasses) return { type: "ADDED", object: cur };
  if (oldPasses) return { type: "DELETED", object: prev! }; // it left the selector: gone, for this watcher
  return undefined;
}
//< etcd-watch-transform
