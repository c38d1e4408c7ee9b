// The apply layer: committed Raft entries in, MVCC store changes and answers out.
//
// This is the `StateMachine` that RaftNode drives (raft-node.ts). etcd's equivalent is the apply
// half of server/etcdserver/server.go (`applyAll` → `applyEntries` → `applyEntryNormal`) and
// apply/apply.go (`applierV3backend`):
//
//   1. decode the entry: etcd's InternalRaftRequest, here `{ id, command }` as JSON;
//      an empty entry (a new leader's first, Raft §8) only advances the applied index;
//   2. apply the command to the MVCC store: the same commands in the same order on every
//      member give the same store, byte for byte;
//   3. if this member proposed it, hand the result to the waiting request (wait.ts);
//   4. tell whoever waits for an applied index (linearizable reads) that it moved.
//
// A snapshot is the store's own snapshot string (mvcc/snapshot.ts). Installing one replaces the
// store; watchers opened through `watch()` are moved to the new store and resume from the
// revision they had reached, as etcd's watchable store resynchronises its watchers after
// `applySnapshot`.
import type { Entry } from "../raft/types";
import { MvccStore, type StoreConfig } from "../mvcc/mvcc-store";
import { restore as restoreStore, snapshot as snapshotStore } from "../mvcc/snapshot";
import type { StoreResult } from "../mvcc/types";
import type { Watcher, WatchRequest, WatchResponse } from "../mvcc/watchable-store";
import type { StateMachine } from "./raft-node";
import type { RaftRequest } from "./requests";
import { Wait } from "./wait";

export class ApplyLayer implements StateMachine {
  private current: MvccStore;
  /** Requests proposed by this member, waiting for their entry to be applied. */
  readonly wait = new Wait<StoreResult>();
  private appliedIndex = 0;
  private readonly appliedListeners: Array<(index: number) => void> = [];
  private readonly watches = new Set<MemberWatch>();
  /** Entries applied since this process started, and how many carried a command. */
  readonly stats = { entries: 0, commands: 0, snapshotsInstalled: 0 };

  constructor(private readonly storeConfig: Partial<StoreConfig>) {
    this.current = new MvccStore(storeConfig);
  }

  /** The member's store. Replaced when a snapshot is installed: do not keep a reference. */
  get store(): MvccStore {
    return this.current;
  }

  get applied(): number {
    return this.appliedIndex;
  }

  /** Calls `listener` with the applied index after every entry or snapshot. */
  onApplied(listener: (index: number) => void): void {
    this.appliedListeners.push(listener);
  }

  //> etcd-apply-entry
  apply(entry: Entry): void {
    this.stats.entries++;
    if (entry.data !== "") {
      const { id, command } = JSON.parse(entry.data) as RaftRequest;
      const result = this.current.apply(command);
      this.stats.commands++;
      this.wait.trigger(id, result);
    }
    this.appliedIndex = entry.index;
    for (const listener of this.appliedListeners) listener(entry.index);
  }
  //< etcd-apply-entry

  snapshot(): string {
    return snapshotStore(this.current);
  }

  restore(data: string, index: number): void {
    this.current = restoreStore(data, this.storeConfig);
    this.appliedIndex = index;
    this.stats.snapshotsInstalled++;
    for (const w of this.watches) w.moveTo(this.current);
    for (const listener of this.appliedListeners) listener(index);
  }

  /** Opens a watch on this member's store that survives snapshot installs. */
  watch(request: WatchRequest): MemberWatch {
    const w = new MemberWatch(request, this.current, (x) => this.watches.delete(x));
    if (!w.canceled) this.watches.add(w);
    return w;
  }
}

/**
 * A watch on one member. Delivers what the store's Watcher delivers (same responses, same order),
 * and re-registers on the new store when a snapshot replaces it, from the next revision it has
 * not seen.
 */
export class MemberWatch {
  private inner: Watcher;
  private queue: WatchResponse[] = [];
  private nextRevision: number;
  canceled = false;

  constructor(
    private readonly request: WatchRequest,
    store: MvccStore,
    private readonly unregister: (w: MemberWatch) => void,
  ) {
    this.nextRevision = request.startRevision && request.startRevision > 0 ? request.startRevision : store.revision + 1;
    this.inner = this.open(store);
  }

  /** Responses delivered since the last call, oldest first. */
  take(): WatchResponse[] {
    const out = this.queue;
    this.queue = [];
    return out;
  }

  cancel(): void {
    if (this.canceled) return;
    this.canceled = true;
    this.inner.cancel();
    this.unregister(this);
  }

  /** @internal the member installed a snapshot: continue on the new store. */
  moveTo(store: MvccStore): void {
    if (this.canceled) return;
    this.inner.cancel();
    this.inner = this.open(store);
  }

  private open(store: MvccStore): Watcher {
    return store.watch({ ...this.request, startRevision: this.nextRevision, onResponse: (r) => this.deliver(r) });
  }

  private deliver(response: WatchResponse): void {
    this.nextRevision = Math.max(this.nextRevision, response.header.revision + 1);
    this.queue.push(response);
    this.request.onResponse?.(response);
    if (response.canceled) {
      this.canceled = true;
      this.unregister(this);
    }
  }
}
