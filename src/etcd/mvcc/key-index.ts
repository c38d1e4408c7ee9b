// The history of one key: which revisions changed it, grouped into generations.
//
// A *generation* is one life of a key: from the put that creates it to the delete (tombstone)
// that ends it. Deleting a key closes the current generation and opens an empty one; putting it
// again fills that one, so the version restarts at 1 and create_revision moves forward.
//
// Example, straight from etcd's doc comment: put(1.0); put(2.0); tombstone(3.0); put(4.0);
// tombstone(5.0) on key "foo" gives
//
//     generations: {empty} {4.0, 5.0(t)} {1.0, 2.0, 3.0(t)}      (newest first)
//
// Reading "foo" at revision r finds the generation alive at r and, in it, the last revision
// <= r. Compaction at r drops every revision <= r except the newest one of each key, and drops
// whole generations that ended (tombstone) before r.
//
// Reference: server/storage/mvcc/key_index.go (`keyIndex`, `generation`). Method names follow it.
import { revisionGreaterThan, revisionKey, type Revision } from "./revision";

export interface Generation {
  /** Number of puts in this generation so far (the key's version at its newest revision). */
  ver: number;
  /** Revision of the put that created this generation. */
  created: Revision;
  /** Revisions that changed the key, ascending; the last one is a tombstone if the generation ended. */
  revs: Revision[];
}

/** What `get` finds: the revision holding the key's value at that time, and its metadata. */
export interface KeyAtRevision {
  modified: Revision;
  created: Revision;
  version: number;
}

export class KeyIndex {
  /** Main revision of the last change (put or tombstone). */
  modified: Revision = { main: 0, sub: 0 };
  generations: Generation[] = [];

  constructor(readonly key: string) {}

  //> mvcc-key-index-put
  put(main: number, sub: number): void {
    const rev = { main, sub };
    if (!revisionGreaterThan(rev, this.modified)) {
      throw new Error(`keyIndex ${this.key}: put with revision ${revisionKey(rev)} not after ${revisionKey(this.modified)}`);
    }
    if (this.generations.length === 0) this.generations.push(emptyGeneration());
    const g = this.generations[this.generations.length - 1]!;
    if (g.revs.length === 0) g.created = rev; // first put of a new life of the key
    g.revs.push(rev);
    g.ver++;
    this.modified = rev;
  }

  /** Ends the current generation with a tombstone at (main, sub) and opens an empty one. */
  tombstone(main: number, sub: number): void {
    const last = this.generations[this.generations.length - 1];
    if (!last || last.revs.length === 0) {
      throw new Error(`keyIndex ${this.key}: tombstone on a key that does not exist (etcd: ErrRevisionNotFound)`);
    }
    this.put(main, sub);
    this.generations.push(emptyGeneration());
  }
  //< mvcc-key-index-put

  /**
   * Restore from a snapshot whose older history was compacted away: the first entry seen for
   * the key is a put with its create revision and version (key_index.go `restore`).
   */
  restore(created: Revision, modified: Revision, ver: number): void {
    if (this.generations.length !== 0) throw new Error(`keyIndex ${this.key}: restore on a non-empty index`);
    this.modified = modified;
    this.generations.push({ ver, created, revs: [modified] });
  }

  /** The first entry seen is a tombstone (its creation was compacted): key_index.go `restoreTombstone`. */
  restoreTombstone(main: number, sub: number): void {
    this.restore({ main: 0, sub: 0 }, { main, sub }, 1);
    this.generations.push(emptyGeneration());
  }

  //> mvcc-key-index-get
  /** The key's state as of main revision `atRev`, or undefined if it did not exist then. */
  get(atRev: number): KeyAtRevision | undefined {
    const g = this.findGeneration(atRev);
    if (!g) return undefined;
    const n = findRevisionIndex(g, atRev);
    if (n === -1) return undefined;
    // The version counts puts: the newest revision has `ver`, each older one one less.
    return { modified: g.revs[n]!, created: g.created, version: g.ver - (g.revs.length - n - 1) };
  }

  /** The generation alive at `rev`; undefined when the key was deleted (or not yet created) then. */
  findGeneration(rev: number): Generation | undefined {
    const lastg = this.generations.length - 1;
    for (let cg = lastg; cg >= 0; cg--) {
      const g = this.generations[cg]!;
      if (g.revs.length === 0) continue;
      // A closed generation whose tombstone is at or before rev: the key was dead at rev.
      if (cg !== lastg && g.revs[g.revs.length - 1]!.main <= rev) return undefined;
      if (g.revs[0]!.main <= rev) return g;
    }
    return undefined;
  }
  //< mvcc-key-index-get

  /**
   * Revisions >= main revision `rev`, ascending. etcd's `since` keeps only the largest sub of a
   * main revision; a txn cannot change one key twice, so every main appears once anyway.
   */
  since(rev: number): Revision[] {
    const out: Revision[] = [];
    for (const g of this.generations) {
      for (const r of g.revs) {
        if (r.main < rev) continue;
        const prev = out[out.length - 1];
        if (prev && prev.main === r.main) out[out.length - 1] = r;
        else out.push(r);
      }
    }
    return out;
  }

  //> mvcc-key-index-compact
  /**
   * Drops revisions <= atRev except the newest one, which still holds the key's value as of
   * atRev; drops generations that ended before atRev. Adds the kept revision to `available`:
   * the backend deletes every revision <= atRev that is not in it.
   */
  compact(atRev: number, available: Set<string>): void {
    const { genIdx, revIndex } = this.doCompact(atRev, available);
    const g = this.generations[genIdx]!;
    if (g.revs.length > 0 && revIndex !== -1) g.revs = g.revs.slice(revIndex);
    this.generations = this.generations.slice(genIdx);
  }
  //< mvcc-key-index-compact

  /**
   * What `compact(atRev)` would keep, without changing anything; a tombstone at exactly atRev is
   * left out, as etcd's `keep` does, so that hashes agree whether or not compaction has run.
   */
  keep(atRev: number, available: Set<string>): void {
    if (this.isEmpty()) return;
    const { genIdx, revIndex } = this.doCompact(atRev, available);
    const g = this.generations[genIdx]!;
    if (g.revs.length > 0 && revIndex === g.revs.length - 1 && genIdx !== this.generations.length - 1) {
      available.delete(revisionKey(g.revs[revIndex]!));
    }
  }

  private doCompact(atRev: number, available: Set<string>): { genIdx: number; revIndex: number } {
    // Find the first generation that includes atRev or was created after it.
    let genIdx = 0;
    let g = this.generations[0]!;
    while (genIdx < this.generations.length - 1) {
      const tomb = g.revs[g.revs.length - 1]!.main;
      if (tomb >= atRev) break;
      genIdx++;
      g = this.generations[genIdx]!;
    }
    const revIndex = findRevisionIndex(g, atRev);
    if (revIndex !== -1) available.add(revisionKey(g.revs[revIndex]!));
    return { genIdx, revIndex };
  }

  /** True when compaction removed the whole history: the index should forget the key. */
  isEmpty(): boolean {
    return this.generations.length === 1 && this.generations[0]!.revs.length === 0;
  }

  /** A deep copy, for snapshots of the index in tests. */
  clone(): KeyIndex {
    const copy = new KeyIndex(this.key);
    copy.modified = { ...this.modified };
    copy.generations = this.generations.map((g) => ({ ver: g.ver, created: { ...g.created }, revs: g.revs.map((r) => ({ ...r })) }));
    return copy;
  }
}

function emptyGeneration(): Generation {
  return { ver: 0, created: { main: 0, sub: 0 }, revs: [] };
}

/** Binary search: index of the last revision with main <= atRev, or -1. */
function findRevisionIndex(g: Generation, atRev: number): number {
  let lo = 0;
  let hi = g.revs.length - 1;
  let result = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (g.revs[mid]!.main <= atRev) {
      result = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return result;
}
