// The backend: where every revision's key-value pair is stored, and how big the file gets.
//
// etcd writes each change as a new entry of the bbolt bucket "key", keyed by its revision
// (server/storage/schema/bucket.go). Nothing is overwritten: a put adds an entry, a delete adds
// a tombstone entry. So the database grows with every write, not with the number of live keys.
//
// Two sizes matter to an operator, and `etcdctl endpoint status` shows both (DB SIZE, IN USE;
// StatusResponse `db_size` and `db_size_in_use`, etcd 3.4+):
//   - `size`, the file: bbolt never gives pages back to the file system;
//   - `sizeInUse`, the pages holding data. Compaction deletes old revisions, so `sizeInUse`
//     drops, but the freed pages only go on bbolt's free list for later writes to reuse: the
//     file does not shrink.
// `defragment()` rewrites the database into a new file holding only the pages in use
// (etcdctl defrag), so `size` drops to `sizeInUse`. The space quota is checked against `size`,
// which is why a cluster that hit NOSPACE needs compaction *and* defragmentation to recover.
//
// SIMPLIFICATION: a page-level model, not bbolt. Each entry costs its revision key, key, value
// and a fixed overhead for bbolt's leaf element and the protobuf fields; the file grows in 4 KiB
// pages to cover what is in use; B+tree branch pages, fill factor and bbolt's mmap growth steps
// are ignored. The numbers are the right shape (growth, plateau after compaction, drop after
// defrag), not byte-exact.
import type { KeyValue } from "./types";
import { utf8Length } from "./range-end";
import { compareRevisions, REVISION_BYTES, revisionKey, type Revision } from "./revision";

/** One entry of the "key" bucket. A tombstone's kv holds only the key (etcd: `mvccpb.KeyValue{Key: key}`). */
export interface StoredRecord {
  rev: Revision;
  kv: KeyValue;
  tombstone: boolean;
}

/** bbolt's page size on most systems (os.Getpagesize()). */
export const PAGE_SIZE = 4096;
/** A fresh member's database: meta, freelist and bucket root pages. etcd reports about 20 kB. */
export const EMPTY_DB_BYTES = 5 * PAGE_SIZE;
/** bbolt leaf element header (16 bytes) plus protobuf tags and varints for the revisions, version, lease. */
export const RECORD_OVERHEAD_BYTES = 64;
/** A lease in the "lease" bucket; etcd's quota estimates a lease at 64 bytes (storage/quota.go leaseOverhead). */
export const LEASE_RECORD_BYTES = 64;

export function recordBytes(kv: KeyValue): number {
  return REVISION_BYTES + 1 + utf8Length(kv.key) + utf8Length(kv.value) + RECORD_OVERHEAD_BYTES;
}

export class Backend {
  private readonly records = new Map<string, StoredRecord>();
  /** Revisions in ascending order: appends are always newest, compaction filters. */
  private order: Revision[] = [];
  private leaseBytes = 0;
  private dataBytes = 0;
  private fileBytes = EMPTY_DB_BYTES;

  /** The database file's size in bytes (`dbSize`). */
  get size(): number {
    return this.fileBytes;
  }

  /** Bytes of pages holding data (`dbSizeInUse`). */
  get sizeInUse(): number {
    return EMPTY_DB_BYTES + this.dataBytes + this.leaseBytes;
  }

  put(record: StoredRecord): void {
    const last = this.order[this.order.length - 1];
    if (last && compareRevisions(record.rev, last) <= 0) {
      throw new Error(`backend: revision ${revisionKey(record.rev)} written after ${revisionKey(last)}`);
    }
    this.records.set(revisionKey(record.rev), record);
    this.order.push(record.rev);
    this.dataBytes += recordBytes(record.kv);
    this.grow();
  }

  get(rev: Revision): StoredRecord | undefined {
    return this.records.get(revisionKey(rev));
  }

  /** Entries with minMain <= main < maxMainExclusive, in revision order (a watch's catch-up read). */
  between(minMain: number, maxMainExclusive: number): StoredRecord[] {
    const out: StoredRecord[] = [];
    for (let i = this.firstAtOrAfter(minMain); i < this.order.length; i++) {
      const rev = this.order[i]!;
      if (rev.main >= maxMainExclusive) break;
      out.push(this.records.get(revisionKey(rev))!);
    }
    return out;
  }

  /** Every entry, in revision order. */
  all(): StoredRecord[] {
    return this.order.map((rev) => this.records.get(revisionKey(rev))!);
  }

  //> mvcc-backend-compact
  /**
   * kvstore_compaction.go `scheduleCompaction`: deletes every entry with main <= `rev` whose
   * revision is not in `keep`. Returns how many were deleted. Frees space in use, not the file.
   */
  compact(rev: number, keep: Set<string>): number {
    let deleted = 0;
    this.order = this.order.filter((r) => {
      if (r.main > rev) return true;
      const k = revisionKey(r);
      if (keep.has(k)) return true;
      this.dataBytes -= recordBytes(this.records.get(k)!.kv);
      this.records.delete(k);
      deleted++;
      return false;
    });
    return deleted;
  }
  //< mvcc-backend-compact

  putLease(): void {
    this.leaseBytes += LEASE_RECORD_BYTES;
    this.grow();
  }

  deleteLease(): void {
    this.leaseBytes -= LEASE_RECORD_BYTES;
  }

  //> mvcc-backend-defragment
  /** Rewrites the file with only the pages in use. Returns the sizes before and after. */
  defragment(): { before: number; after: number } {
    const before = this.fileBytes;
    this.fileBytes = roundUpToPage(this.sizeInUse);
    return { before, after: this.fileBytes };
  }
  //< mvcc-backend-defragment

  /** For restore: the file size a snapshot recorded. */
  setFileSize(bytes: number): void {
    this.fileBytes = Math.max(bytes, roundUpToPage(this.sizeInUse));
  }

  private grow(): void {
    // Freed pages are reused first: the file grows only when the data no longer fits.
    this.fileBytes = Math.max(this.fileBytes, roundUpToPage(this.sizeInUse));
  }

  private firstAtOrAfter(main: number): number {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.order[mid]!.main < main) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function roundUpToPage(bytes: number): number {
  return Math.ceil(bytes / PAGE_SIZE) * PAGE_SIZE;
}
