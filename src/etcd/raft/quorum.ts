// The commit index a majority has reached: the quorum arithmetic at the heart of Raft's
// replication, on its own so that it can be read (and replaced) in one place. Mirrors
// etcd-io/raft's quorum/majority.go (`MajorityConfig.CommittedIndex`).
//
// It answers "which is the highest log index stored on a majority of the voters?", nothing more.
// Whether that index may be *committed* is a second rule, the current-term rule of Raft §5.4.2
// (commit-rule.ts): an entry from an earlier term can be on a majority and still be overwritten.
//
// SIMPLIFICATION: etcd also handles joint configurations (two majorities during a membership
// change, the committed index is the smaller of the two) and learners, who never count.

//> raft-committed-index
/**
 * The highest index stored on a majority, given every voter's match index (the leader's own last
 * index included): sort from high to low and take the majority-th one. With matches
 * [9, 7, 5, 4, 2] the majority is 3, and three voters (9, 7, 5) hold index 5, so it is 5.
 * No voters: 0.
 */
export function committedIndex(matchIndexes: readonly number[]): number {
  if (matchIndexes.length === 0) return 0;
  const sorted = [...matchIndexes].sort((a, b) => b - a);
  const majority = Math.floor(matchIndexes.length / 2) + 1;
  return sorted[majority - 1]!;
}
//< raft-committed-index
