// Watch: a stream of the changes to a key or a range, in revision order, from any revision
// still in history.
//
// This is what every Kubernetes informer stands on. A controller lists at revision R, then
// watches from R+1: etcd first *replays* the history from R+1 to now, then *streams* each new
// change as it commits, so the controller sees every change exactly once and in order. If R+1
// has been compacted away, the watch fails with the compacted error (and reports the
// compaction revision), and the client must list again: the "410 Gone, resourceVersion too old"
// a Kubernetes client sees.
//
// etcd's watchable store (server/storage/mvcc/watchable_store.go) keeps two groups: *synced*
// watchers, which get each commit's events from `notify`, and *unsynced* ones, still catching up
// from history in batches by a background loop every 100 ms. Here the catch-up happens at once,
// inside `watch()`: a watcher is unsynced only for the duration of that call.
//
// Delivery (this course's design): each watcher has a pull queue, `take()`, and may also give
// an `onResponse` callback. Both receive the same responses in the same order. Responses are
// delivered synchronously at the end of the write that produced them, through one store-wide
// FIFO: if a callback writes to the store, the events of that write are queued behind the ones
// being delivered, so every watcher still sees revisions in increasing order.
//
// Not modelled: the "created" and progress-notify responses, fragmenting large responses, slow
// watchers ("victims") whose channel is full: delivery here never blocks.
import type { StoredRecord } from "./backend";
import { CompactedError } from "./errors";
import type { KVStore } from "./kv-store";
import { inRange, mkGteRange, type RangeEnd } from "./range-end";
import type { KeyValue } from "./types";

export type EventType = "PUT" | "DELETE";

/** mvccpb.Event. A DELETE's kv holds the key and the deletion's mod revision, nothing else. */
export interface Event {
  type: EventType;
  kv: KeyValue;
  /** The key's value before this change, when the watch asked for it and history still has it. */
  prevKv?: KeyValue;
}

/** Watch filters (etcdserverpb.WatchCreateRequest.FilterType): drop puts or deletes. */
export type WatchFilter = "NOPUT" | "NODELETE";

export interface WatchRequest {
  key: string;
  /** As in RangeRequest: omitted for one key, "\0" for all keys >= key, getPrefix(p) for a prefix. */
  rangeEnd?: string;
  /** First revision to report; 0 or omitted: the next one to commit. */
  startRevision?: number;
  prevKv?: boolean;
  filters?: WatchFilter[];
  /** Called with each response, synchronously, in order (also queued for `take()`). */
  onResponse?: (response: WatchResponse) => void;
}

export interface WatchResponse {
  watchId: number;
  /** The store revision this response brings the watcher up to. */
  header: { revision: number };
  events: Event[];
  /** Set when the watch was cancelled because its start revision is compacted. */
  compactRevision?: number;
  canceled?: boolean;
  /** clientv3 `WatchResponse.Err()`: CompactedError when compactRevision is set. */
  error?: CompactedError;
}

export class Watcher {
  private queue: WatchResponse[] = [];
  canceled = false;
  /** Next revision this watcher has not seen yet. */
  minRev = 0;

  constructor(
    readonly id: number,
    readonly key: string,
    readonly end: RangeEnd,
    readonly prevKv: boolean,
    readonly filters: readonly WatchFilter[],
    private readonly onResponse: ((r: WatchResponse) => void) | undefined,
    private readonly unregister: (w: Watcher) => void,
  ) {}

  /** Returns the responses delivered since the last call, oldest first, and forgets them. */
  take(): WatchResponse[] {
    const out = this.queue;
    this.queue = [];
    return out;
  }

  /** Every event in the queued responses, without dequeuing them. */
  peekEvents(): Event[] {
    return this.queue.flatMap((r) => r.events);
  }

  cancel(): void {
    if (this.canceled) return;
    this.canceled = true;
    this.unregister(this);
  }

  /** @internal */
  deliver(response: WatchResponse): void {
    this.queue.push(response);
    this.onResponse?.(response);
  }
}

export class WatchableStore {
  private readonly watchers = new Map<number, Watcher>();
  private nextId = 0;
  private readonly outbox: Array<[Watcher, WatchResponse]> = [];
  private delivering = false;

  constructor(private readonly kv: KVStore) {
    kv.onChanges((rev, changes) => this.notify(rev, changes));
  }

  //> mvcc-watch
  watch(req: WatchRequest): Watcher {
    const end = mkGteRange(req.rangeEnd);
    const w = new Watcher(this.nextId++, req.key, end, req.prevKv ?? false, req.filters ?? [], req.onResponse, (x) =>
      this.watchers.delete(x.id),
    );
    const startRev = req.startRevision ?? 0;
    const current = this.kv.currentRev;
    if (startRev === 0 || startRev > current) {
      // Synced at once: nothing to replay.
      w.minRev = Math.max(current + 1, startRev);
      this.watchers.set(w.id, w);
      return w;
    }
    const compactRev = this.kv.compactMainRev;
    if (startRev < compactRev) {
      // watcher_group.go `chooseAll`: minRev < compactRev, the history it needs is gone.
      w.canceled = true;
      this.send(w, { watchId: w.id, header: { revision: current }, events: [], compactRevision: compactRev, canceled: true, error: new CompactedError(compactRev) });
      this.flush();
      return w;
    }
    // Unsynced: replay history [startRev, current] from the backend (`syncWatchers`), then join.
    const history = this.kv.backend.between(startRev, current + 1).filter((r) => inRange(r.kv.key, w.key, w.end));
    w.minRev = current + 1;
    this.watchers.set(w.id, w);
    this.send(w, { watchId: w.id, header: { revision: current }, events: this.toEvents(w, history) });
    this.flush();
    return w;
  }
  //< mvcc-watch

  /** Watchers still registered. */
  get size(): number {
    return this.watchers.size;
  }

  //> mvcc-notify
  /** watchable_store.go `notify`: the changes of one committed txn, to every synced watcher. */
  private notify(rev: number, changes: StoredRecord[]): void {
    for (const w of this.watchers.values()) {
      if (rev < w.minRev) continue; // a watch that starts in the future
      const mine = changes.filter((c) => inRange(c.kv.key, w.key, w.end));
      if (mine.length > 0) this.send(w, { watchId: w.id, header: { revision: rev }, events: this.toEvents(w, mine) });
      w.minRev = rev + 1;
    }
    this.flush();
  }
  //< mvcc-notify

  private toEvents(w: Watcher, records: StoredRecord[]): Event[] {
    const events: Event[] = [];
    for (const r of records) {
      const type: EventType = r.tombstone ? "DELETE" : "PUT";
      if (w.filters.includes(type === "PUT" ? "NOPUT" : "NODELETE")) continue;
      // A tombstone's mod revision is patched in so watchers can order it (kvsToEvents).
      const kv = r.tombstone ? { ...r.kv, modRevision: r.rev.main } : { ...r.kv };
      const event: Event = { type, kv };
      if (w.prevKv && !(type === "PUT" && kv.createRevision === kv.modRevision)) {
        const prev = this.previous(kv.key, kv.modRevision - 1);
        if (prev) event.prevKv = prev;
      }
      events.push(event);
    }
    return events;
  }

  /** The watch server reads prev_kv at mod_revision - 1; nothing if that is compacted. */
  private previous(key: string, rev: number): KeyValue | undefined {
    if (rev < this.kv.compactMainRev || rev <= 0) return undefined;
    return this.kv.rangeKeys(key, undefined, this.kv.currentRev, { rev }).kvs[0];
  }

  private send(w: Watcher, response: WatchResponse): void {
    // Filters may leave a response empty: etcd sends nothing then (watcher.send).
    if (response.events.length === 0 && !response.canceled) return;
    this.outbox.push([w, response]);
  }

  private flush(): void {
    if (this.delivering) return; // an outer flush is draining; it will get to these
    this.delivering = true;
    try {
      for (let next = this.outbox.shift(); next; next = this.outbox.shift()) {
        const [w, response] = next;
        if (!w.canceled || response.canceled) w.deliver(response);
      }
    } finally {
      this.delivering = false;
    }
  }
}
