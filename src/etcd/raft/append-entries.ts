// The follower's side of AppendEntries, as a decision: does the message fit our log (the
// consistency check), which of its entries must be written (conflict truncation), and how far may
// we commit? Raft §5.3 and Figure 2, "AppendEntries RPC", Receiver implementation, steps 2–5.
// RaftLog.maybeAppend (log.ts) carries the decision out; it owns the log and the invariants it
// panics on (never overwrite a committed entry).
//
// Mirrors etcd-io/raft's log.go `maybeAppend` and `findConflict`.
import type { Entry } from "./types";

/** What the decision needs to know about the follower's log. */
export interface FollowerLog {
  /**
   * The term of the entry at `index`, or undefined when the log holds no entry there (beyond its
   * end, or compacted into a snapshot). Index 0 is the empty prefix every log shares: term 0.
   */
  term(index: number): number | undefined;
}

/** The part of a MsgApp the follower decides on. */
export interface AppendRequest {
  /** prevLogIndex: the index of the entry just before `entries`. */
  index: number;
  /** prevLogTerm: the term of that entry in the leader's log. */
  logTerm: number;
  /** The entries, at indexes index+1, index+2, ... */
  entries: readonly Entry[];
  /** leaderCommit. */
  commit: number;
}

export type AppendDecision =
  /** The consistency check failed: the log has no entry at `index` with term `logTerm`. */
  | { ok: false }
  | {
      ok: true;
      /** The index of the last entry this message proved we share with the leader: index + entries.length. */
      lastNewIndex: number;
      /** The entries to write, from the first conflicting or new one on (which replaces everything after). Empty: none. */
      append: Entry[];
      /** How far we may commit. The caller never lowers its commit index. */
      commit: number;
    };

/**
 * The index of the first of `entries` that the log does not hold (beyond its end, or a different
 * term at the same index: a conflict); 0 when the log already holds all of them.
 */
export function findConflict(log: FollowerLog, entries: readonly Entry[]): number {
  for (const e of entries) if (log.term(e.index) !== e.term) return e.index;
  return 0;
}

//> raft-append-entries-decision
/** AppendEntries receiver, Raft Figure 2, steps 2–5. */
export function appendEntries(log: FollowerLog, m: AppendRequest): AppendDecision {
  // Step 2: reply false if the log doesn't contain an entry at prevLogIndex whose term matches.
  if (log.term(m.index) !== m.logTerm) return { ok: false };
  const lastNewIndex = m.index + m.entries.length;
  // Steps 3–4: skip entries we already have; at the first conflict (same index, different
  // term) delete it and all that follow, and append the rest. Never truncate blindly: a
  // delayed, shorter MsgApp must not cut off entries a newer MsgApp already added.
  const ci = findConflict(log, m.entries);
  const append = ci === 0 ? [] : m.entries.slice(ci - (m.index + 1));
  // Step 5: advance commit, but only over entries this message proved we share with the leader.
  return { ok: true, lastNewIndex, append, commit: Math.min(m.commit, lastNewIndex) };
}
//< raft-append-entries-decision
