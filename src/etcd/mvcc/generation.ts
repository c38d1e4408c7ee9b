// A key's history as generations, and the two questions the store asks of it: what was the key
// at revision r (every read, every put, every watch's previous value), and what survives a
// compaction at r. key-index.ts keeps the history; this file holds the rules, as pure functions.
//
// A *generation* is one life of a key: from the put that creates it to the delete (tombstone)
// that ends it. Deleting a key closes the current generation and opens an empty one; putting it
// again fills that one, so the version restarts at 1 and create_revision moves forward.
//
// Example, straight from etcd's doc comment: put(1.0); put(2.0); tombstone(3.0); put(4.0);
// tombstone(5.0) on key "foo" gives (oldest first, as stored)
//
//     generations: {1.0, 2.0, 3.0(t)} {4.0, 5.0(t)} {empty}
//
// Reference: server/storage/mvcc/key_index.go (`keyIndex.get`, `findGeneration`, `compact`,
// `doCompact`).
import type { Revision } from "./revision";

export interface Generation {
  /** Number of puts in this generation so far (the key's version at its newest revision). */
  ver: number;
  /** Revision of the put that created this generation. */
  created: Revision;
  /** Revisions that changed the key, ascending; the last one is a tombstone if the generation ended. */
  revs: Revision[];
}

/** What `revisionAt` finds: the revision holding the key's value at that time, and its metadata. */
export interface KeyAtRevision {
  modified: Revision;
  created: Revision;
  version: number;
}

//> mvcc-key-index-get
/**
 * The key's state as of main revision `atRev`, or undefined if it did not exist then (not yet
 * created, or deleted). Finds the generation alive at atRev, then its last revision <= atRev.
 */
export function revisionAt(generations: readonly Generation[], atRev: number): KeyAtRevision | undefined {
  const g = findGeneration(generations, atRev);
  if (!g) return undefined;
  const n = findRevisionIndex(g, atRev);
  if (n === -1) return undefined;
  // The version counts puts: the newest revision has `ver`, each older one one less. (Counting
  // from the front would go wrong after a compaction has dropped the oldest revisions.)
  return { modified: g.revs[n]!, created: g.created, version: g.ver - (g.revs.length - n - 1) };
}

/** The generation alive at `rev`; undefined when the key was deleted (or not yet created) then. */
function findGeneration(generations: readonly Generation[], rev: number): Generation | undefined {
  const lastg = generations.length - 1;
  for (let cg = lastg; cg >= 0; cg--) {
    const g = generations[cg]!;
    if (g.revs.length === 0) continue;
    // A closed generation whose tombstone is at or before rev: the key was dead at rev.
    if (cg !== lastg && g.revs[g.revs.length - 1]!.main <= rev) return undefined;
    if (g.revs[0]!.main <= rev) return g;
  }
  return undefined;
}
//< mvcc-key-index-get

//> mvcc-key-index-compact
/**
 * The history after a compaction at `atRev`, as new arrays (the input is not changed): every
 * revision <= atRev goes except the newest one, which still holds the key's value as of atRev
 * (`kept`; the backend deletes every revision <= atRev that no key kept); generations that ended
 * before atRev go. A tombstone at exactly atRev is kept: the key must still read as deleted at atRev.
 */
export function compactGenerations(
  generations: readonly Generation[],
  atRev: number,
): { generations: Generation[]; kept: Revision | undefined } {
  // Find the first generation that includes atRev or was created after it; never skip the last
  // (current) one.
  let genIdx = 0;
  while (genIdx < generations.length - 1) {
    const g = generations[genIdx]!;
    if (g.revs[g.revs.length - 1]!.main >= atRev) break;
    genIdx++;
  }
  const g = generations[genIdx]!;
  const revIndex = findRevisionIndex(g, atRev);
  const kept = revIndex === -1 ? undefined : g.revs[revIndex];
  const first = revIndex === -1 ? g : { ...g, revs: g.revs.slice(revIndex) };
  return { generations: [first, ...generations.slice(genIdx + 1)], kept };
}
//< mvcc-key-index-compact

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
