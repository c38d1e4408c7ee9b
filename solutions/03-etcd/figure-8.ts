// The current-term commit rule: why a Raft leader must not commit an old entry just because a
// majority stores it (Raft §5.4.2 and Figure 8).
//
// Figure 8 in five lines. (a) S1 leads term 2 and copies index 2 to S2 only. (b) S1 crashes; S5
// wins term 3 with votes from S3 and S4 and writes a different index 2 that reaches no one.
// (c) S5 crashes; S1 wins term 4 and copies its old index 2 (term 2) to S3: it is now on S1, S2
// and S3, a majority. If S1 counted that as committed and crashed, (d) S5 could still win term 5
// (its last term, 3, beats theirs, 2) and overwrite index 2 everywhere: an entry that was
// "committed", and maybe applied, would be gone. So a leader commits by counting replicas only
// entries of ITS OWN term; once such an entry is committed, every entry before it is committed
// too (Log Matching). A new leader therefore appends an empty entry of its term at once.
//
// The same fact limits reads (Raft §8): a new leader does not know what its predecessor committed
// until it has committed an entry of its own term, so until then it must not answer a
// linearizable read (ReadIndex) from its commit index.
//
// Your functions replace src/etcd/raft/commit-rule.ts in the real Raft: the graded tests replay
// Figure 8 on a five-node cluster and run randomized crashes with them.
// src/etcd/raft/commit-rule.ts is the course's own answer: try before you look at it.

/** What the rule needs to know about the leader's log. */
export interface LeaderLog {
  /** The highest index known to be committed. */
  committed: number;
  /** The term of the entry at `index`, or 0 when the log holds no entry there (compacted, or beyond its end). */
  term(index: number): number;
}

/**
 * The index the leader may commit up to. `quorumIndex` is the highest index stored on a majority
 * (the exercise "commit-index" computes it). Commit it if it is above the commit index and its
 * entry is from `currentTerm`; otherwise return the commit index unchanged (never lower).
 */
export function commitTarget(log: LeaderLog, quorumIndex: number, currentTerm: number): number {
  // SOLUTION BEGIN
  // TODO(figure-8): an entry on a majority is committed only if it is from the current term. Read:
  // Raft paper §5.4.2 "Committing entries from previous terms" and Figure 8; Figure 2, Rules for
  // Servers, Leaders, last bullet ("and log[N].term == currentTerm"); etcd-io/raft log.go, maybeCommit.
  // STUB: return 0;
  if (quorumIndex > log.committed && log.term(quorumIndex) === currentTerm) return quorumIndex;
  return log.committed;
  // SOLUTION END
}

/**
 * May the leader serve linearizable reads from its commit index? Only once the entry at its
 * commit index is from its current term.
 */
export function committedInCurrentTerm(log: LeaderLog, currentTerm: number): boolean {
  // SOLUTION BEGIN
  // TODO(figure-8): look at the term of the entry at the commit index. Read: Raft paper §8 "Client
  // interaction" (a leader must commit an entry of its term before it knows which entries are
  // committed); etcd-io/raft raft.go, committedEntryInCurrentTerm.
  // STUB: return false;
  return log.term(log.committed) === currentTerm;
  // SOLUTION END
}
