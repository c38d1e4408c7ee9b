// The history of one key: which revisions changed it, grouped into generations (generation.ts
// explains them, and holds the rules for reading the history at a revision and compacting it).
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
import { compactGenerations, revisionAt, type Generation, type KeyAtRevision } from "./generation";
import { revisionGreaterThan, revisionKey, type Revision } from "./revision";

export type { Generation, KeyAtRevision } from "./generation";

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

  /** The key's state as of main revision `atRev`, or undefined if it did not exist then (generation.ts). */
  get(atRev: number): KeyAtRevision | undefined {
    return revisionAt(this.generations, atRev);
  }

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

  /**
   * Drops revisions <= atRev except the newest one, which still holds the key's value as of
   * atRev; drops generations that ended before atRev (generation.ts). Adds the kept revision to
   * `available`: the backend deletes every revision <= atRev that is not in it.
   */
  compact(atRev: number, available: Set<string>): void {
    const { generations, kept } = compactGenerations(this.generations, atRev);
    if (kept) available.add(revisionKey(kept));
    this.generations = generations;
  }

  /**
   * What `compact(atRev)` would keep, without changing anything; a tombstone at exactly atRev is
   * left out, as etcd's `keep` does, so that hashes agree whether or not compaction has run.
   */
  keep(atRev: number, available: Set<string>): void {
    if (this.isEmpty()) return;
    const { generations, kept } = compactGenerations(this.generations, atRev);
    // The kept revision is a tombstone when it is the last of a generation that has ended.
    const isTombstone = generations.length > 1 && generations[0]!.revs.length === 1;
    if (kept && !isTombstone) available.add(revisionKey(kept));
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
