// A Raft node's stable storage on the simulated disk: a write-ahead log and a snapshot file.
//
// etcd keeps two things on disk for Raft (server/storage/wal, server/etcdserver/api/snap): the WAL,
// an append-only file of records (entries, HardState, snapshot markers), and snapshot files. On
// restart it loads the newest snapshot and replays the WAL after it. This file does the same with
// JSON lines on a `Disk` from src/sim, and mirrors everything into the MemoryStorage that the Raft
// state machine reads from.
//
// Nothing here is durable until the disk's fsync completes: the driver (raft-node.ts) waits for
// it before sending the messages of the same Ready (Raft §5.1: persist before you reply).
//
// SIMPLIFICATION: one WAL file, rewritten after a snapshot (etcd cuts 64 MB segments and purges
// old ones; its records carry CRCs so a torn write is detected). The simulated disk never tears a
// write: an unsynced append is lost whole.
import type { Disk } from "../../sim/disk";
import { MemoryStorage } from "../raft/storage";
import { emptyHardState, isEmptySnap, type ConfState, type Entry, type HardState, type Snapshot } from "../raft/types";

const WAL = "wal";
const SNAP = "snap";

type WalRecord = { t: "hs"; hs: HardState } | { t: "ent"; e: Entry };

export interface LoadedState {
  storage: MemoryStorage;
  /** The newest snapshot, if one was saved: the state machine restarts from it. */
  snapshot: Snapshot | undefined;
  hardState: HardState;
  /** How many WAL records were replayed (a restart's cost). */
  replayed: number;
}

export class WalStorage {
  readonly storage: MemoryStorage;
  private lastHardState: HardState;

  private constructor(
    private readonly disk: Disk,
    loaded: LoadedState,
  ) {
    this.storage = loaded.storage;
    this.lastHardState = loaded.hardState;
  }

  /** Opens the WAL on `disk`: empty for a new member, replayed for a restarted one. */
  static open(disk: Disk): { wal: WalStorage; loaded: LoadedState } {
    const loaded = load(disk);
    return { wal: new WalStorage(disk, loaded), loaded };
  }

  //> wal-save
  /**
   * Writes what a Ready asks to persist: snapshot first, then entries, then the HardState (etcd's
   * order in raftNode's loop). Becomes durable at the next fsync.
   */
  save(snapshot: Snapshot | undefined, entries: readonly Entry[], hardState: HardState | undefined): void {
    if (snapshot && !isEmptySnap(snapshot)) {
      // A snapshot from the leader replaces the whole log: what the WAL held is superseded.
      this.saveSnapshotFile(snapshot);
      this.disk.writeFile(WAL, "");
      this.storage.applySnapshot(snapshot);
    }
    if (entries.length > 0) {
      this.disk.append(WAL, entries.map((e) => line({ t: "ent", e })).join(""));
      this.storage.append(entries);
    }
    if (hardState) {
      this.disk.append(WAL, line({ t: "hs", hs: hardState }));
      this.storage.setHardState(hardState);
      this.lastHardState = hardState;
    }
  }
  //< wal-save

  /**
   * The application took a snapshot at `index` (Raft §7): save it, drop log entries before
   * `index - catchUpEntries` (kept so slow followers can catch up without a snapshot), and rewrite
   * the WAL without what the snapshot covers.
   */
  createSnapshot(index: number, confState: ConfState, data: string, catchUpEntries: number): Snapshot {
    const snapshot = this.storage.createSnapshot(index, confState, data);
    this.saveSnapshotFile(snapshot);
    const compactTo = index - catchUpEntries;
    if (compactTo > this.storage.firstIndex()) this.storage.compact(compactTo);
    const kept = this.storage.lastIndex() >= this.storage.firstIndex()
      ? this.storage.entries(this.storage.firstIndex(), this.storage.lastIndex() + 1, Number.MAX_SAFE_INTEGER)
      : [];
    this.disk.writeFile(WAL, kept.map((e) => line({ t: "ent", e })).join("") + line({ t: "hs", hs: this.lastHardState }));
    return snapshot;
  }

  private saveSnapshotFile(snapshot: Snapshot): void {
    this.disk.writeFile(SNAP, JSON.stringify(snapshot));
  }
}

function line(record: WalRecord): string {
  return JSON.stringify(record) + "\n";
}

//> wal-load
/** Rebuilds Raft's storage from disk: the snapshot, then every WAL record after it, in order. */
function load(disk: Disk): LoadedState {
  const storage = new MemoryStorage();
  const snapText = disk.read(SNAP);
  const snapshot = snapText ? (JSON.parse(snapText) as Snapshot) : undefined;
  if (snapshot) storage.applySnapshot(snapshot);
  let hardState = emptyHardState;
  let replayed = 0;
  for (const text of (disk.read(WAL) ?? "").split("\n")) {
    if (text === "") continue;
    const record = JSON.parse(text) as WalRecord;
    replayed++;
    if (record.t === "hs") {
      hardState = record.hs;
      storage.setHardState(hardState);
    } else if (record.e.index > storage.lastIndex() + 1) {
      continue; // cannot happen with a consistent WAL: entries are appended in index order
    } else if (record.e.index > (snapshot?.metadata.index ?? 0)) {
      storage.append([record.e]); // a later record for the same index replaces the earlier one
    }
  }
  return { storage, snapshot, hardState, replayed };
}
//< wal-load
