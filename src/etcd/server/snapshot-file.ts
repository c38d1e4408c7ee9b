// Backups: `etcdctl snapshot save`, `etcdutl snapshot status` and `etcdutl snapshot restore`.
//
// A snapshot file is one member's whole MVCC store at one moment (etcd streams the member's bbolt
// file through Maintenance.Snapshot). It holds the key space with its history since the last
// compaction, the leases and the revision counter; it does not hold the Raft log, the membership
// or the cluster ID. Restoring it therefore makes a *new* cluster (new cluster ID, members that
// start from the snapshot, an empty log) that continues the old revision sequence: the next write
// after a restore gets the snapshot's revision + 1.
//
// That last point is why Kubernetes needs care on restore. API servers and their informers hold
// resource versions (= revisions) they saw before the backup. If they keep running, a watch from
// a revision that the restored store reached again by other writes would silently skip events.
// So the API servers stop first, and etcdutl (3.6) can `--bump-revision` the restored store well
// past anything seen and `--mark-compacted`, so that every old watch fails with "required revision
// has been compacted" and every informer relists (etcd.io/docs/v3.6/op-guide/recovery/).
//
// SIMPLIFICATION: the file is the store's JSON snapshot (mvcc/snapshot.ts), not a bbolt file;
// its hash is a CRC-32C of that text, so it identifies the file but does not match a real one.
import { snapshotStatus, SnapshotFormatError, type SnapshotData } from "../mvcc/snapshot";
import { formatTable, humanizeBytes } from "./etcdctl-printer";

/** What `etcdutl snapshot status` reports (snapshot.Status). */
export interface SnapshotFileStatus {
  hash: number;
  revision: number;
  totalKey: number;
  totalSize: number;
}

export interface SavedSnapshot {
  /** The file's contents. */
  file: string;
  status: SnapshotFileStatus;
  /** The member it was taken from. */
  member: string;
}

/** Status of a snapshot file, as `etcdutl snapshot status` computes it. */
export function statusOf(file: string): SnapshotFileStatus {
  return snapshotStatus(file);
}

//> etcd-snapshot-status-table
/**
 * The status as etcdutl prints it: `-w table` (the default) or `-w simple`
 * (etcdutl printer.go `makeDBStatusTable`: hash in hex, size humanized, cells right-aligned).
 */
export function formatSnapshotStatus(status: SnapshotFileStatus, format: "table" | "simple" = "table"): string {
  const header = ["HASH", "REVISION", "TOTAL KEYS", "TOTAL SIZE"];
  const row = [status.hash.toString(16), String(status.revision), String(status.totalKey), humanizeBytes(status.totalSize)];
  if (format === "simple") return row.join(", ");
  return formatTable(header, [row]);
}
//< etcd-snapshot-status-table

export interface RestoreOptions {
  /** etcdutl --bump-revision: add this to the restored revision. Default 0. */
  bumpRevision?: number;
  /** etcdutl --mark-compacted: mark the restored revision as compacted (needs a bump). Default false. */
  markCompacted?: boolean;
}

//> etcd-snapshot-restore-prepare
/**
 * The store state a restored member starts from: the file's, with the revision bumped and
 * compacted if asked. etcdutl refuses --mark-compacted without --bump-revision, and so does this.
 */
export function prepareRestore(file: string, options: RestoreOptions = {}): string {
  statusOf(file); // validates the file, with a SnapshotFormatError that says what is wrong
  const bump = options.bumpRevision ?? 0;
  if (!Number.isInteger(bump) || bump < 0) throw new SnapshotFormatError(`--bump-revision must be an integer >= 0, got ${bump}`);
  if (options.markCompacted && bump === 0) throw new SnapshotFormatError("--mark-compacted requires --bump-revision > 0");
  if (bump === 0) return file;
  const data = JSON.parse(file) as SnapshotData;
  data.revision += bump;
  if (options.markCompacted) data.compactRevision = data.revision;
  return JSON.stringify(data);
}
//< etcd-snapshot-restore-prepare
