// Reading a key at a past revision: the lookup under every etcd read, write and watch.
//
// etcd never overwrites a value. Every change gets the next store-wide *revision*, and the index
// remembers, for each key, every revision that changed it. Kubernetes leans on this everywhere:
// `resourceVersion` is an etcd revision, a LIST at resourceVersion R is a range read at revision
// R, and an informer's WATCH from R+1 replays what changed since.
//
// A key's history is a list of *generations*, oldest first. A generation is one life of the key:
// from the put that creates it to the delete (tombstone) that ends it; a delete closes the
// generation and opens a new, empty one. Example: put at 2, put at 3, delete at 4, put at 6 gives
//
//     [ {created 2, ver 3, revs [2, 3, 4(tombstone)]},  {created 6, ver 1, revs [6]} ]
//
// (a closed generation's `ver` counts its tombstone too, as etcd does: it is never read). Reading
// the key at revision r means: find the generation alive at r (created at or before r, and not
// ended by a tombstone at or before r), then its last revision <= r. The version at that revision
// counts the puts of the generation up to it; the newest revision of the generation has `ver`.
// After a compaction, the oldest revisions of a generation are gone, so count from the newest end.
//
// Your function replaces the lookup in src/etcd/mvcc/generation.ts in the real store: the graded
// tests run puts, deletes, transactions, ranges at past revisions and watches on an MvccStore
// with it. A put asks it for the key's current create revision and version, so a wrong answer
// shows up in every write too.
// src/etcd/mvcc/generation.ts is the course's own answer: try before you look at it.

/** A revision: (main, sub). `main` is the store revision of the write; `sub` orders changes within one transaction. */
export interface Revision {
  main: number;
  sub: number;
}

/** One life of a key. */
export interface Generation {
  /** Number of puts in this generation so far: the key's version at its newest revision. */
  ver: number;
  /** Revision of the put that created this generation. */
  created: Revision;
  /** Revisions that changed the key, ascending; the last one is a tombstone if the generation ended. Empty for the fresh generation after a delete. */
  revs: Revision[];
}

/** The key as of a revision: the revision holding its value then, its create revision and its version. */
export interface KeyAtRevision {
  modified: Revision;
  created: Revision;
  version: number;
}

/**
 * The key's state as of main revision `atRev`, or undefined if it did not exist then (not yet
 * created, or deleted). `generations` is the key's history, oldest first; only the last
 * generation can still be open (not ended by a tombstone), and it may be empty.
 */
export function revisionAt(generations: readonly Generation[], atRev: number): KeyAtRevision | undefined {
  // SOLUTION BEGIN
  // TODO(mvcc-range-at-revision): find the generation alive at atRev, then its last revision with
  // main <= atRev; a generation whose tombstone is at or before atRev means the key was deleted
  // then. Read: etcd server/storage/mvcc/key_index.go, keyIndex.get and findGeneration; etcd docs,
  // "Data model" (https://etcd.io/docs/v3.6/learning/data_model/).
  // STUB: return undefined;
  const last = generations.length - 1;
  for (let i = last; i >= 0; i--) {
    const g = generations[i]!;
    if (g.revs.length === 0) continue;
    // A closed generation whose tombstone is at or before atRev: the key was dead at atRev.
    if (i !== last && g.revs[g.revs.length - 1]!.main <= atRev) return undefined;
    if (g.revs[0]!.main > atRev) continue;
    let n = g.revs.length - 1;
    while (g.revs[n]!.main > atRev) n--;
    return { modified: g.revs[n]!, created: g.created, version: g.ver - (g.revs.length - 1 - n) };
  }
  return undefined;
  // SOLUTION END
}
