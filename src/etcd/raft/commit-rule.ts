// The current-term commit rule (Raft §5.4.2, Figure 8), on its own: knowing which index a majority
// stores (quorum.ts) is not enough to commit it. An entry from an earlier term can sit on a
// majority and still be overwritten by a later leader; a leader commits by counting replicas only
// entries of its own term, and everything before such an entry is committed with it.
//
// The same fact limits reads (Raft §8): until a new leader has committed an entry of its own term,
// its commit index may lag behind entries an earlier leader committed, so it must not serve a
// linearizable read (ReadIndex) from it.
//
// Mirrors etcd-io/raft's log.go `maybeCommit` and raft.go `committedEntryInCurrentTerm`.

/** What the rule needs to know about the leader's log. */
export interface LeaderLog {
  /** The highest index known to be committed. */
  committed: number;
  /** The term of the entry at `index`, or 0 when the log holds no entry there (compacted, or beyond its end). */
  term(index: number): number;
}

//> raft-log-maybe-commit
/**
 * The index the leader may commit up to, given `quorumIndex`, the highest index stored on a
 * majority: quorumIndex if its entry is from the leader's `currentTerm` (and it is above the
 * commit index), else the commit index unchanged. Raft §5.4.2 (Figure 8): an entry from an
 * earlier term becomes committed only indirectly, when an entry of the current term after it is.
 */
export function commitTarget(log: LeaderLog, quorumIndex: number, currentTerm: number): number {
  if (quorumIndex > log.committed && log.term(quorumIndex) === currentTerm) return quorumIndex;
  return log.committed;
}
//< raft-log-maybe-commit

/** Raft §8: has the leader committed an entry of its own term? Until then its commit index may lag. */
export function committedInCurrentTerm(log: LeaderLog, currentTerm: number): boolean {
  return log.term(log.committed) === currentTerm;
}
