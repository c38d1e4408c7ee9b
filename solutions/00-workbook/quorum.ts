// Majority quorums: why a Raft cluster (and so etcd, and so Kubernetes) wants an odd number of
// members, and which side of a network partition can still elect a leader and commit writes.
//
// Raft decides everything by majority vote (Raft paper §5.2 for elections, §5.3 for committing
// log entries). Any two majorities of the same n members share at least one member, and that
// shared member is what stops two leaders from being elected in one term and stops a committed
// entry from being forgotten (§5.4). From this one rule follow the numbers etcd's documentation
// gives: a cluster of n members needs floor(n/2)+1 of them, and survives floor((n-1)/2) failures.
//
// What this file does not model: learners (non-voting members), joint consensus during membership
// changes (§6), and the fact that a majority must also be able to talk to each other, not merely
// be alive. A "side" here is a group of members that can all reach one another.

/**
 * The number of votes that make a majority of a cluster of `n` voting members: the smallest
 * number strictly greater than n/2. Throws a RangeError when n is not a positive integer.
 */
export function majority(n: number): number {
  // SOLUTION BEGIN
  // TODO(quorum): return the smallest whole number of votes strictly greater than n/2, and throw a
  // RangeError when n is not a positive integer. Read: Raft paper §5.2 ("votes from a majority of
  // the servers in the full cluster").
  // STUB: return 0;
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`a cluster has a positive whole number of members, got ${n}`);
  }
  return Math.floor(n / 2) + 1;
  // SOLUTION END
}

/**
 * How many members of a cluster of `n` may fail (crash, or be cut off) while the others still
 * form a majority. etcd's FAQ calls this the cluster's failure tolerance.
 */
export function faultTolerance(n: number): number {
  // SOLUTION BEGIN
  // TODO(quorum): the members that remain must still be a majority of all n. Read: etcd FAQ,
  // "What is failure tolerance?" (https://etcd.io/docs/v3.6/faq/).
  // STUB: return 0;
  return n - majority(n);
  // SOLUTION END
}

/**
 * Whether the members on one side of a partition are enough to elect a leader and commit: they
 * must be a majority of ALL the cluster's voting `members`, not of the members they can see.
 * Names on the side that are not members do not vote, and a member listed twice votes once.
 */
export function hasQuorum(members: readonly string[], side: readonly string[]): boolean {
  // SOLUTION BEGIN
  // TODO(quorum): count the distinct voting members on this side and compare with a majority of
  // the whole membership. Read: Raft paper §5.2, "Leader election".
  // STUB: return false;
  const voters = new Set(members);
  const present = new Set(side.filter((name) => voters.has(name)));
  return present.size >= majority(voters.size);
  // SOLUTION END
}

/**
 * Given the groups a partition has split the cluster into (members in no group are down), returns
 * the group that can still make progress, or undefined when none can. At most one group can:
 * two disjoint groups cannot both hold a majority of the same members.
 */
export function sideWithQuorum(
  members: readonly string[],
  groups: readonly (readonly string[])[],
): readonly string[] | undefined {
  // SOLUTION BEGIN
  // TODO(quorum): find the one group, if any, that holds a quorum (use hasQuorum). Read: Raft
  // paper §5.4, "Safety": why two majorities of the same cluster always overlap.
  // STUB: return undefined;
  return groups.find((group) => hasQuorum(members, group));
  // SOLUTION END
}
