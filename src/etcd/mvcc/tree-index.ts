// The in-memory index from keys to their histories: etcd's `treeIndex`.
//
// etcd keeps a B-tree of `keyIndex` ordered by key (server/storage/mvcc/index.go). Every read
// first asks the index which revision holds each key's value at the requested revision, then
// fetches those revisions from the backend. The backend never needs to be searched by key.
//
// SIMPLIFICATION: a sorted array of keys with binary search instead of a B-tree. Inserting a new
// key is O(n), which is fine for the few thousand keys a simulation holds.
import { KeyIndex, type KeyAtRevision } from "./key-index";
import { inRange, type RangeEnd } from "./range-end";
import { compareRevisions, type Revision } from "./revision";

export class TreeIndex {
  private readonly byKey = new Map<string, KeyIndex>();
  /** Keys in ascending order. */
  private sorted: string[] = [];

  put(key: string, rev: Revision): void {
    let ki = this.byKey.get(key);
    if (!ki) {
      ki = new KeyIndex(key);
      this.byKey.set(key, ki);
      this.sorted.splice(this.lowerBound(key), 0, key);
    }
    ki.put(rev.main, rev.sub);
  }

  tombstone(key: string, rev: Revision): void {
    const ki = this.byKey.get(key);
    if (!ki) throw new Error(`treeIndex: tombstone on unknown key ${key}`);
    ki.tombstone(rev.main, rev.sub);
  }

  /** Rebuilds a key's index from backend entries read in revision order (kvstore.go `restoreIntoIndex`). */
  restoreEntry(key: string, rev: Revision, createRevision: number, version: number, tombstone: boolean): void {
    let ki = this.byKey.get(key);
    if (ki) {
      if (tombstone) ki.tombstone(rev.main, rev.sub);
      else ki.put(rev.main, rev.sub);
      return;
    }
    ki = new KeyIndex(key);
    if (tombstone) ki.restoreTombstone(rev.main, rev.sub);
    else ki.restore({ main: createRevision, sub: createRevision === rev.main ? rev.sub : 0 }, rev, version);
    this.byKey.set(key, ki);
    this.sorted.splice(this.lowerBound(key), 0, key);
  }

  get(key: string, atRev: number): KeyAtRevision | undefined {
    return this.byKey.get(key)?.get(atRev);
  }

  keyIndex(key: string): KeyIndex | undefined {
    return this.byKey.get(key);
  }

  /** Calls `visit` on each key index in the range, in key order, until it returns false. */
  visit(key: string, end: RangeEnd, visit: (ki: KeyIndex) => boolean): void {
    if (end === undefined) {
      const ki = this.byKey.get(key);
      if (ki) visit(ki);
      return;
    }
    for (let i = this.lowerBound(key); i < this.sorted.length; i++) {
      const k = this.sorted[i]!;
      if (!inRange(k, key, end)) break;
      if (!visit(this.byKey.get(k)!)) break;
    }
  }

  //> mvcc-tree-index-revisions
  /**
   * index.go `Revisions`: the revision holding each live key's value at `atRev`, in key order,
   * at most `limit` of them (0: all), and how many keys were live in the range in total.
   */
  revisions(key: string, end: RangeEnd, atRev: number, limit: number): { revs: Revision[]; total: number } {
    const revs: Revision[] = [];
    let total = 0;
    this.visit(key, end, (ki) => {
      const found = ki.get(atRev);
      if (found) {
        if (limit <= 0 || revs.length < limit) revs.push(found.modified);
        total++;
      }
      return true;
    });
    return { revs, total };
  }
  //< mvcc-tree-index-revisions

  /** The live keys in the range at `atRev`, in key order. */
  range(key: string, end: RangeEnd, atRev: number): string[] {
    const keys: string[] = [];
    this.visit(key, end, (ki) => {
      if (ki.get(atRev)) keys.push(ki.key);
      return true;
    });
    return keys;
  }

  /** Every revision >= `rev` of every key in the range, ordered by revision: a watch's replay. */
  rangeSince(key: string, end: RangeEnd, rev: number): Revision[] {
    const out: Revision[] = [];
    this.visit(key, end, (ki) => {
      out.push(...ki.since(rev));
      return true;
    });
    return out.sort(compareRevisions);
  }

  /** Compacts every key at `rev`; forgets keys with no history left. Returns the kept revisions. */
  compact(rev: number): Set<string> {
    const available = new Set<string>();
    for (const key of this.sorted) {
      const ki = this.byKey.get(key)!;
      ki.compact(rev, available);
      if (ki.isEmpty()) this.byKey.delete(key);
    }
    this.sorted = this.sorted.filter((k) => this.byKey.has(k));
    return available;
  }

  /** The revisions compaction at `rev` would keep, for hashing (index.go `Keep`). */
  keep(rev: number): Set<string> {
    const available = new Set<string>();
    for (const key of this.sorted) this.byKey.get(key)!.keep(rev, available);
    return available;
  }

  /** Number of keys the index tracks, live or with history only. */
  get size(): number {
    return this.sorted.length;
  }

  private lowerBound(key: string): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
