// Compaction: how etcd forgets history it no longer needs, without changing any answer a reader
// may still ask for.
//
// etcd keeps every revision of every key (see the exercise "mvcc-range-at-revision"), so its
// database only grows. Compacting at revision R gives up the ability to read before R: afterwards
// a read or a watch at a revision below R fails with "mvcc: required revision has been compacted"
// (a Kubernetes client sees "410 Gone: too old resource version" and lists again). Reads at R and
// later must still give exactly the same answers. The kube-apiserver asks etcd to compact every
// five minutes (--etcd-compaction-interval).
//
// For one key's history (generations, oldest first, as in "mvcc-range-at-revision"), compacting
// at atRev means:
//   - a generation that ended (tombstone) before atRev is gone entirely: the key did not exist
//     at atRev, and nobody may read earlier;
//   - in the first generation that is still alive at atRev, or ended exactly at atRev, or was
//     created after it, every revision <= atRev goes EXCEPT the newest one: it holds the key's
//     value (or its deletion) as of atRev, which a read at atRev still needs. That revision is
//     `kept`, and the backend deletes every revision <= atRev that no key kept;
//   - the last generation is never removed, even when empty: it is where the next put goes.
// A key left with nothing but one empty generation is forgotten by the index.
//
// Your function replaces the compaction in src/etcd/mvcc/generation.ts in the real store: the
// graded tests compact MvccStores with it and check every read, watch and write afterwards.
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

/**
 * A key's history after compacting at `atRev`, and the revision kept to answer reads at atRev
 * (undefined when the key did not exist at atRev and was not deleted exactly at atRev). Returns
 * new arrays and generation objects where anything changed: `generations` must not be modified,
 * because the store also asks "what would compaction keep?" without compacting (for hashKV).
 * `ver` and `created` of a generation never change: they describe the whole life of the key.
 */
export function compactGenerations(
  generations: readonly Generation[],
  atRev: number,
): { generations: Generation[]; kept: Revision | undefined } {
  // SOLUTION BEGIN
  // TODO(compaction): skip the generations that ended before atRev (never the last one); in the
  // first remaining one, keep only the newest revision <= atRev and those after it. Read: etcd
  // server/storage/mvcc/key_index.go, keyIndex.compact and doCompact; etcd docs, "Maintenance",
  // section "History compaction" (https://etcd.io/docs/v3.6/op-guide/maintenance/).
  // STUB: return { generations: [], kept: undefined };
  let genIdx = 0;
  while (genIdx < generations.length - 1) {
    const g = generations[genIdx]!;
    if (g.revs[g.revs.length - 1]!.main >= atRev) break;
    genIdx++;
  }
  const g = generations[genIdx]!;
  let revIndex = g.revs.length - 1;
  while (revIndex >= 0 && g.revs[revIndex]!.main > atRev) revIndex--;
  const kept = revIndex === -1 ? undefined : g.revs[revIndex];
  const first = revIndex === -1 ? g : { ...g, revs: g.revs.slice(revIndex) };
  return { generations: [first, ...generations.slice(genIdx + 1)], kept };
  // SOLUTION END
}
