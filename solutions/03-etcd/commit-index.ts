// The commit index from match indexes: how a Raft leader learns that an entry is stored on a
// majority of the cluster.
//
// The leader keeps, for every voter, the highest log index known to be stored there: its *match
// index* (Raft Figure 2, "matchIndex[]"; the leader counts its own last index too). An entry is
// safe from crashes once a majority holds it, because any future leader needs votes from a
// majority, and two majorities always share a member (Raft §5.3, §5.4). So the leader looks for
// the highest index N such that a majority of match indexes are >= N.
//
// Your function replaces src/etcd/raft/quorum.ts in the real Raft: the graded tests run elections
// and replication on a five-node cluster (src/etcd/raft/pump-network.ts) with it. A second rule
// then decides whether N may really be committed (only if its entry is from the leader's current
// term, Raft §5.4.2); that is the exercise "figure-8", not this one.
// src/etcd/raft/quorum.ts is the course's own answer: try before you look at it.

/**
 * The highest log index stored on a majority of the voters, given every voter's match index (the
 * leader's own last index included), in no particular order. [9, 7, 5, 4, 2] gives 5: three of the
 * five voters (9, 7, 5) hold index 5, and no index above 5 is held by three. No voters: 0.
 * Must not modify its argument.
 */
export function committedIndex(matchIndexes: readonly number[]): number {
  // SOLUTION BEGIN
  // TODO(commit-index): find the highest index that at least a majority (floor(n/2)+1) of the match
  // indexes reach. Read: Raft paper §5.3 and Figure 2 ("Rules for Servers", Leaders, last bullet:
  // "a majority of matchIndex[i] >= N"); etcd-io/raft quorum/majority.go, CommittedIndex.
  // STUB: return 0;
  if (matchIndexes.length === 0) return 0;
  const sorted = [...matchIndexes].sort((a, b) => b - a);
  const majority = Math.floor(matchIndexes.length / 2) + 1;
  return sorted[majority - 1]!;
  // SOLUTION END
}
