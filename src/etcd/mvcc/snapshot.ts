// Snapshot and restore: the whole store as one string, and back.
//
// Raft needs this to compact its log: once a snapshot of the state machine at index i is saved,
// entries up to i can be dropped, and a follower that fell too far behind is sent the snapshot
// instead (InstallSnapshot). Operators need it for backups: `etcdctl snapshot save` streams
// the backend database; `etcdutl snapshot restore` builds a new member's data directory from it.
//
// What a snapshot holds is exactly the replicated state: every backend entry still in history
// (so reads and watches at past revisions keep working after restore), the current and
// compaction revisions, the leases with their expiry, the lease ID counter and the alarms. The
// index is not saved: restore rebuilds it from the entries, as etcd rebuilds its treeIndex from
// the key bucket when a member starts (kvstore.go `restore`). Lease attachments are rebuilt
// from the live keys' lease fields, as etcd does. Watchers are not state: they are not saved.
//
// The file size is saved too, so a restored member reports the same dbSize (a real snapshot is
// a copy of the bbolt file).
import type { AlarmType } from "./types";
import { crc32c } from "./hash";
import { MvccStore, type StoreConfig } from "./mvcc-store";

/** [main, sub, tombstone (0|1), key, value, createRevision, modRevision, version, lease] */
type RecordTuple = [number, number, 0 | 1, string, string, number, number, number, number];

export interface SnapshotData {
  format: "etcd-mvcc-snapshot/v1";
  revision: number;
  compactRevision: number;
  records: RecordTuple[];
  leases: Array<{ id: number; ttl: number; expiry: number }>;
  nextLeaseId: number;
  alarms: AlarmType[];
  dbSize: number;
}

//> mvcc-snapshot-save
export function snapshot(store: MvccStore): string {
  const data: SnapshotData = {
    format: "etcd-mvcc-snapshot/v1",
    revision: store.kv.currentRev,
    compactRevision: store.kv.compactMainRev,
    records: store.kv.backend.all().map((r) => [
      r.rev.main, r.rev.sub, r.tombstone ? 1 : 0, r.kv.key, r.kv.value,
      r.kv.createRevision, r.kv.modRevision, r.kv.version, r.kv.lease,
    ]),
    leases: store.leases(),
    nextLeaseId: store.lessor.nextId,
    alarms: store.alarmList(),
    dbSize: store.kv.backend.size,
  };
  return JSON.stringify(data);
}
//< mvcc-snapshot-save

/** Thrown when a snapshot cannot be read; says what was wrong with it. */
export class SnapshotFormatError extends Error {
  constructor(detail: string) {
    super(`snapshot: ${detail}`);
    this.name = "SnapshotFormatError";
  }
}

//> mvcc-snapshot-restore
/** A new store holding the snapshot's state. `config` is the new member's, not the snapshot's. */
export function restore(text: string, config: Partial<StoreConfig> = {}): MvccStore {
  const data = parse(text);
  const store = new MvccStore(config);
  for (const [main, sub, tomb, key, value, createRevision, modRevision, version, lease] of data.records) {
    const rev = { main, sub };
    const kv = { key, value, createRevision, modRevision, version, lease };
    store.kv.backend.put({ rev, kv, tombstone: tomb === 1 });
    store.kv.index.restoreEntry(key, rev, createRevision, version, tomb === 1);
  }
  store.kv.currentRev = data.revision;
  store.kv.compactMainRev = data.compactRevision;
  for (const l of data.leases) {
    const lease = store.lessor.grant(l.id, l.ttl, 0);
    lease.ttl = l.ttl; // as granted then, even if this member's minimum differs
    lease.expiry = l.expiry;
    store.kv.backend.putLease();
  }
  store.lessor.nextId = data.nextLeaseId;
  for (const kv of store.kv.range("\0", "").kvs) {
    if (kv.lease !== 0 && store.lessor.lookup(kv.lease)) store.lessor.attach(kv.lease, kv.key);
  }
  for (const a of data.alarms) store.alarms.add(a);
  store.kv.backend.setFileSize(data.dbSize);
  return store;
}
//< mvcc-snapshot-restore

/** What `etcdutl snapshot status` prints: hash, revision, total keys, total size. */
export function snapshotStatus(text: string): { hash: number; revision: number; totalKey: number; totalSize: number } {
  const data = parse(text);
  // etcdutl hashes the whole file and counts every key of every bucket: entries and leases here.
  return { hash: crc32c(text), revision: data.revision, totalKey: data.records.length + data.leases.length, totalSize: data.dbSize };
}

function parse(text: string): SnapshotData {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err: unknown) {
    throw new SnapshotFormatError(`not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const d = data as Partial<SnapshotData> | null;
  if (!d || d.format !== "etcd-mvcc-snapshot/v1") {
    throw new SnapshotFormatError(`unknown format ${JSON.stringify(d?.format)}; expected "etcd-mvcc-snapshot/v1" from snapshot()`);
  }
  if (!Array.isArray(d.records) || !Array.isArray(d.leases) || typeof d.revision !== "number") {
    throw new SnapshotFormatError("missing records, leases or revision");
  }
  return d as SnapshotData;
}
