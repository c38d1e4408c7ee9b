// AppendEntries on the follower: the consistency check and conflict truncation that keep every
// log a copy of the leader's.
//
// The leader sends entries together with the index and term of the entry just before them
// (prevLogIndex, prevLogTerm). The follower accepts only if its own log has that entry: by
// induction, its log then equals the leader's up to there (the Log Matching property, Raft §5.3).
// Of the entries it accepts, the ones it already holds are skipped; at the first one that differs
// (same index, different term: a leftover of an old leader) the follower deletes that entry and
// everything after it, and takes the leader's. Finally it may commit, but only as far as this
// message proved its log matches the leader's.
//
// Messages can be delayed, duplicated and reordered. A late copy of an old, shorter AppendEntries
// must change nothing: the entries it carries are already there, and deleting what follows them
// ("truncate blindly") would throw away entries the leader has counted as stored here.
//
// Your functions replace src/etcd/raft/append-entries.ts in the real Raft: the graded tests feed
// AppendEntries to a real follower and replicate logs across a five-node cluster with them.
// src/etcd/raft/append-entries.ts is the course's own answer: try before you look at it.
import type { Entry } from "../../src/etcd/raft/types";

/** What the decision needs to know about the follower's log. */
export interface FollowerLog {
  /**
   * The term of the entry at `index`, or undefined when the log holds no entry there (beyond its
   * end, or compacted into a snapshot). Index 0 is the empty prefix every log shares: term 0.
   */
  term(index: number): number | undefined;
}

/** The part of an AppendEntries message (MsgApp) the follower decides on. */
export interface AppendRequest {
  /** prevLogIndex: the index of the entry just before `entries`. */
  index: number;
  /** prevLogTerm: the term of that entry in the leader's log. */
  logTerm: number;
  /** The entries, at indexes index+1, index+2, ... (each Entry has its own `index` and `term`). */
  entries: readonly Entry[];
  /** leaderCommit: the leader's commit index. */
  commit: number;
}

export type AppendDecision =
  /** The consistency check failed: the log has no entry at `index` with term `logTerm`. */
  | { ok: false }
  | {
      ok: true;
      /** The index of the last entry this message proved the follower shares with the leader. */
      lastNewIndex: number;
      /** The entries to write, from the first conflicting or new one on; the caller replaces everything from there. Empty: none. */
      append: Entry[];
      /** How far the follower may commit (the caller never lowers its commit index). */
      commit: number;
    };

/**
 * The index of the first of `entries` that the log does not hold: either beyond the log's end, or
 * at an index where the log has a different term (a conflict). 0 when the log holds all of them.
 */
export function findConflict(log: FollowerLog, entries: readonly Entry[]): number {
  // SOLUTION BEGIN
  // TODO(append-consistency): walk the entries in order and return the index of the first one whose
  // term the log does not have at that index. Read: Raft paper Figure 2, "AppendEntries RPC",
  // Receiver implementation, steps 3 and 4; etcd-io/raft log.go, findConflict.
  // STUB: return 0;
  for (const e of entries) if (log.term(e.index) !== e.term) return e.index;
  return 0;
  // SOLUTION END
}

/**
 * The follower's decision on an AppendEntries message (Raft Figure 2, receiver steps 2 to 5):
 *   2. reject unless the log holds an entry at m.index with term m.logTerm;
 *   3-4. write the entries from the first conflicting or new one on (findConflict); nothing if
 *        the log already holds them all; never cut off entries that match;
 *   5. commit up to the smaller of m.commit and the last entry this message carried.
 */
export function appendEntries(log: FollowerLog, m: AppendRequest): AppendDecision {
  // SOLUTION BEGIN
  // TODO(append-consistency): the consistency check, then which entries to write, then the commit
  // index. Read: Raft paper §5.3 and Figure 2, "AppendEntries RPC", Receiver implementation;
  // etcd-io/raft log.go, maybeAppend. Where it is called: src/etcd/raft/log.ts, maybeAppend.
  // STUB: return { ok: false };
  if (log.term(m.index) !== m.logTerm) return { ok: false };
  const lastNewIndex = m.index + m.entries.length;
  const ci = findConflict(log, m.entries);
  const append = ci === 0 ? [] : m.entries.slice(ci - (m.index + 1));
  return { ok: true, lastNewIndex, append, commit: Math.min(m.commit, lastNewIndex) };
  // SOLUTION END
}
