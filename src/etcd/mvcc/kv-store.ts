// The revisioned key-value store: one global revision, an index, a backend, and write
// transactions that each add exactly one revision.
//
// A write goes like this (server/storage/mvcc/kvstore_txn.go, `storeTxnWrite`):
//   1. open a write txn at `beginRev` = the current revision;
//   2. each put or delete becomes a new backend entry at (beginRev + 1, sub), sub counting
//      from 0, and the key's index records that revision;
//   3. on `end()`, if anything changed, the current revision becomes beginRev + 1 and the
//      changes are handed to the watchers as events.
// So a txn of three puts is one revision with sub-revisions 0, 1, 2, and a delete that matched
// nothing, or a txn that only read, leaves the revision alone.
//
// A read at revision r asks the index which revision holds each key's value at r and fetches
// those entries. The store starts at revision 1 with nothing in it: the first write is
// revision 2, as in etcd (kvstore.go NewStore, `currentRev: 1`).
//
// Reads inside a write txn see the txn's own earlier writes: the index is updated as each change
// is made, as in etcd 3.5's kvstore_txn.go.
import { Backend, type StoredRecord } from "./backend";
import { CompactedError, FutureRevisionError } from "./errors";
import type { Lessor } from "./lessor";
import type { RangeEnd } from "./range-end";
import type { Revision } from "./revision";
import { TreeIndex } from "./tree-index";
import type { KeyValue } from "./types";

export interface RangeOptions {
  /** 0 or less: no limit. */
  limit?: number;
  /** 0 or less: the current revision. */
  rev?: number;
  /** Only count. */
  count?: boolean;
}

/** kvstore_txn.go `RangeResult`. */
export interface RangeResult {
  kvs: KeyValue[];
  /** The revision the read ran against (header revision). */
  rev: number;
  count: number;
}

/** What the store tells its watchers after each write txn: the new revision and its changes. */
export type ChangeListener = (rev: number, changes: StoredRecord[]) => void;

export class KVStore {
  readonly index = new TreeIndex();
  readonly backend = new Backend();
  /** Revision of the last completed write txn. */
  currentRev = 1;
  /** Main revision of the last compaction; -1 before any. */
  compactMainRev = -1;
  private listener: ChangeListener | undefined;

  constructor(readonly lessor: Lessor) {}

  onChanges(listener: ChangeListener): void {
    this.listener = listener;
  }

  //> mvcc-kv-store-range
  /**
   * kvstore_txn.go `rangeKeys`. A revision above `curRev` is in the future; one below the last
   * compaction is gone. Reading *at* the compaction revision is still allowed: compaction keeps
   * each key's newest value as of that revision.
   */
  rangeKeys(key: string, end: RangeEnd, curRev: number, ro: RangeOptions): RangeResult {
    let rev = ro.rev ?? 0;
    if (rev > curRev) throw new FutureRevisionError(curRev);
    if (rev <= 0) rev = curRev;
    if (rev < this.compactMainRev) throw new CompactedError(this.compactMainRev);
    if (ro.count) {
      const { total } = this.index.revisions(key, end, rev, 0);
      return { kvs: [], rev: curRev, count: total };
    }
    const { revs, total } = this.index.revisions(key, end, rev, ro.limit ?? 0);
    const kvs = revs.map((r) => ({ ...this.backend.get(r)!.kv }));
    return { kvs, rev: curRev, count: total };
  }
  //< mvcc-kv-store-range

  /** A read at the current revision. */
  range(key: string, end: RangeEnd, ro: RangeOptions = {}): RangeResult {
    return this.rangeKeys(key, end, this.currentRev, ro);
  }

  /** Opens a write transaction. Call `end()` when done; nothing is visible to watchers before. */
  write(): TxnWrite {
    return new TxnWrite(this);
  }

  //> mvcc-kv-store-compact
  /**
   * Drops history below `rev`: kvstore.go `updateCompactRev` then `compact`. Compacting at or
   * below the last compaction is "compacted"; beyond the current revision, "future".
   * Returns how many backend entries were deleted.
   */
  compact(rev: number): number {
    if (rev <= this.compactMainRev) throw new CompactedError(this.compactMainRev);
    if (rev > this.currentRev) throw new FutureRevisionError(this.currentRev);
    this.compactMainRev = rev;
    const keep = this.index.compact(rev);
    return this.backend.compact(rev, keep);
  }
  //< mvcc-kv-store-compact

  /** Called by TxnWrite.end(). */
  commit(rev: number, changes: StoredRecord[]): void {
    this.currentRev = rev;
    this.listener?.(rev, changes);
  }
}

//> mvcc-txn-write
export class TxnWrite {
  readonly beginRev: number;
  readonly changes: StoredRecord[] = [];
  private ended = false;

  constructor(private readonly s: KVStore) {
    this.beginRev = s.currentRev;
  }

  /** The revision this txn's reads see: its own writes count once it has made any. */
  get rev(): number {
    return this.changes.length > 0 ? this.beginRev + 1 : this.beginRev;
  }

  range(key: string, end: RangeEnd, ro: RangeOptions = {}): RangeResult {
    return this.s.rangeKeys(key, end, this.rev, ro);
  }

  //> mvcc-txn-put
  /** kvstore_txn.go `put`: a new entry at (beginRev+1, sub); version and create revision carry on. */
  put(key: string, value: string, leaseId: number): number {
    const rev = this.beginRev + 1;
    const idxRev: Revision = { main: rev, sub: this.changes.length };
    const prev = this.s.index.get(key, rev);
    const kv: KeyValue = {
      key,
      createRevision: prev ? prev.created.main : rev,
      modRevision: rev,
      version: (prev?.version ?? 0) + 1,
      value,
      lease: leaseId,
    };
    this.s.backend.put({ rev: idxRev, kv, tombstone: false });
    this.s.index.put(key, idxRev);
    this.changes.push({ rev: idxRev, kv, tombstone: false });

    // Move the key between leases if its lease changed.
    const oldLease = prev ? this.s.lessor.getLease(key) : 0;
    if (oldLease !== leaseId) {
      if (oldLease !== 0) this.s.lessor.detach(oldLease, key);
      if (leaseId !== 0) this.s.lessor.attach(leaseId, key);
    }
    return rev;
  }
  //< mvcc-txn-put

  /** Deletes every live key in the range; returns how many and the revision of the change. */
  deleteRange(key: string, end: RangeEnd): { deleted: number; rev: number } {
    const keys = this.s.index.range(key, end, this.rev);
    for (const k of keys) this.delete(k);
    if (keys.length > 0 || this.changes.length > 0) return { deleted: keys.length, rev: this.beginRev + 1 };
    return { deleted: 0, rev: this.beginRev };
  }

  private delete(key: string): void {
    const idxRev: Revision = { main: this.beginRev + 1, sub: this.changes.length };
    // A tombstone carries only the key (kvstore_txn.go `delete`: mvccpb.KeyValue{Key: key}).
    const kv: KeyValue = { key, createRevision: 0, modRevision: 0, version: 0, value: "", lease: 0 };
    this.s.backend.put({ rev: idxRev, kv, tombstone: true });
    this.s.index.tombstone(key, idxRev);
    this.changes.push({ rev: idxRev, kv, tombstone: true });
    const leaseId = this.s.lessor.getLease(key);
    if (leaseId !== 0) this.s.lessor.detach(leaseId, key);
  }

  /** Publishes the txn: the store's revision moves on only if something changed. */
  end(): number {
    if (this.ended) throw new Error("TxnWrite.end called twice");
    this.ended = true;
    if (this.changes.length > 0) this.s.commit(this.beginRev + 1, this.changes);
    return this.rev;
  }
}
//< mvcc-txn-write
