// Stable storage as Raft sees it: the persisted HardState, the persisted log entries after the
// last snapshot, and that snapshot. Raft only *reads* Storage; the driver writes to it when it
// handles a Ready (see the order rule on `Ready`). Mirrors etcd-io/raft's storage.go.
//
// MemoryStorage keeps everything in memory, like etcd's. "Stable" here means "written by the
// driver before it sent the Ready's messages": a simulation that models crashes keeps its own
// durable copy (the simulated Disk) and rebuilds a MemoryStorage from it on restart, exactly as
// etcd rebuilds its MemoryStorage from the WAL and snapshot files.
import {
  ErrCompacted,
  ErrSnapOutOfDate,
  ErrUnavailable,
  panic,
} from "./errors";
import { emptyHardState, type ConfState, type Entry, type HardState, type Snapshot } from "./types";

//> raft-storage
export interface Storage {
  /** The saved HardState and the membership recorded in the latest snapshot. */
  initialState(): { hardState: HardState; confState: ConfState };
  /**
   * Entries in [lo, hi), at most `maxSize` bytes of data but always at least one entry.
   * Throws ErrCompacted if lo is older than firstIndex().
   */
  entries(lo: number, hi: number, maxSize: number): Entry[];
  /**
   * The term of entry i, for i in [firstIndex()-1, lastIndex()]. The entry just before the first
   * one is compacted away, but its term is kept (it is the snapshot's) for the consistency check.
   */
  term(i: number): number;
  lastIndex(): number;
  /** The first index still available as an entry (older ones went into the snapshot). */
  firstIndex(): number;
  /** The most recent snapshot. */
  snapshot(): Snapshot;
}
//< raft-storage

/**
 * Bytes an entry counts for against maxSizePerMsg. SIMPLIFICATION: its data's length plus a
 * fixed 16 bytes for term, index and type (etcd measures the protobuf encoding). Never 0, so
 * maxSizePerMsg 0 means one entry per message, as in etcd.
 */
export function entrySize(e: Entry): number {
  return e.data.length + 16;
}

/** The longest prefix of `entries` within `maxSize` bytes; never empty if `entries` is not. */
export function limitSize(entries: Entry[], maxSize: number): Entry[] {
  if (entries.length === 0) return entries;
  let size = entrySize(entries[0]!);
  let n = 1;
  for (; n < entries.length; n++) {
    size += entrySize(entries[n]!);
    if (size > maxSize) break;
  }
  return entries.slice(0, n);
}

export class MemoryStorage implements Storage {
  private hardState: HardState = { ...emptyHardState };
  private snap: Snapshot = { metadata: { index: 0, term: 0, confState: { voters: [] } }, data: "" };
  /**
   * ents[i] has log index ents[0].index + i. ents[0] is a dummy entry standing for the snapshot:
   * it records the index and term of the last compacted entry.
   */
  private ents: Entry[] = [{ term: 0, index: 0, type: "normal", data: "" }];

  initialState(): { hardState: HardState; confState: ConfState } {
    return { hardState: { ...this.hardState }, confState: { voters: [...this.snap.metadata.confState.voters] } };
  }

  setHardState(hs: HardState): void {
    this.hardState = { ...hs };
  }

  entries(lo: number, hi: number, maxSize: number): Entry[] {
    const offset = this.offset();
    if (lo <= offset) throw new ErrCompacted(lo, offset + 1);
    if (hi > this.lastIndex() + 1) panic(`entries' hi(${hi}) is out of bound lastindex(${this.lastIndex()})`);
    // Only the dummy entry: nothing stored yet.
    if (this.ents.length === 1) throw new ErrUnavailable(lo, this.lastIndex());
    return limitSize(this.ents.slice(lo - offset, hi - offset), maxSize);
  }

  term(i: number): number {
    const offset = this.offset();
    if (i < offset) throw new ErrCompacted(i, offset + 1);
    const e = this.ents[i - offset];
    if (e === undefined) throw new ErrUnavailable(i, this.lastIndex());
    return e.term;
  }

  lastIndex(): number {
    return this.offset() + this.ents.length - 1;
  }

  firstIndex(): number {
    return this.offset() + 1;
  }

  snapshot(): Snapshot {
    return this.snap;
  }

  /** Replaces the whole log with a snapshot received from the leader (Raft §7). */
  applySnapshot(snap: Snapshot): void {
    const index = snap.metadata.index;
    if (this.snap.metadata.index >= index) throw new ErrSnapOutOfDate(index, this.snap.metadata.index);
    this.snap = snap;
    this.ents = [{ term: snap.metadata.term, index, type: "normal", data: "" }];
  }

  /**
   * Records a snapshot of the application state as of applied index `i` (the application calls
   * it, then usually `compact(i)`). `confState` is the membership at `i`.
   */
  createSnapshot(i: number, confState: ConfState | undefined, data: string): Snapshot {
    if (i <= this.snap.metadata.index) throw new ErrSnapOutOfDate(i, this.snap.metadata.index);
    if (i > this.lastIndex()) panic(`snapshot ${i} is out of bound lastindex(${this.lastIndex()})`);
    const term = this.ents[i - this.offset()]!.term;
    this.snap = {
      metadata: { index: i, term, confState: confState ?? this.snap.metadata.confState },
      data,
    };
    return this.snap;
  }

  /**
   * Discards entries up to and including `compactIndex` (Raft §7, log compaction). The caller
   * must have made a snapshot covering them first; Raft never compacts on its own.
   */
  compact(compactIndex: number): void {
    const offset = this.offset();
    if (compactIndex <= offset) throw new ErrCompacted(compactIndex, offset + 1);
    if (compactIndex > this.lastIndex()) panic(`compact ${compactIndex} is out of bound lastindex(${this.lastIndex()})`);
    const i = compactIndex - offset;
    const kept = this.ents[i]!;
    this.ents = [{ term: kept.term, index: kept.index, type: "normal", data: "" }, ...this.ents.slice(i + 1)];
  }

  /**
   * Appends entries persisted from a Ready. Entries may overlap the stored log: the overlapping
   * suffix is replaced (a follower truncating a conflicting tail, Raft §5.3).
   */
  append(entries: readonly Entry[]): void {
    if (entries.length === 0) return;
    const first = this.firstIndex();
    const last = entries[0]!.index + entries.length - 1;
    // Everything offered is already compacted.
    if (last < first) return;
    // Drop what is already compacted.
    const fresh = first > entries[0]!.index ? entries.slice(first - entries[0]!.index) : entries;
    const offset = fresh[0]!.index - this.offset();
    if (this.ents.length > offset) {
      this.ents = [...this.ents.slice(0, offset), ...fresh.map(copyEntry)];
    } else if (this.ents.length === offset) {
      this.ents.push(...fresh.map(copyEntry));
    } else {
      panic(`missing log entry [last: ${this.lastIndex()}, append at: ${fresh[0]!.index}]`);
    }
  }

  private offset(): number {
    return this.ents[0]!.index;
  }
}

function copyEntry(e: Entry): Entry {
  return { ...e };
}
