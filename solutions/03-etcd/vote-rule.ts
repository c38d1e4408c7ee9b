// RequestVote's vote-granting rules: when a Raft node gives its vote to a candidate.
//
// Two rules make elections safe. One vote per term (Raft §5.2): a node votes for at most one
// candidate in a term, so two candidates cannot both collect a majority, and there is at most one
// leader per term (Election Safety). The up-to-date check (§5.4.1): a node refuses a candidate
// whose log is less up-to-date than its own, so a candidate missing a committed entry (which sits
// on a majority) cannot collect a majority either, and every leader holds every committed entry
// (Leader Completeness).
//
// etcd adds two things you will meet in raft.go: a node that follows a leader in this term does
// not vote for anyone else in it, and a *pre-vote* (thesis §9.6: "would you vote for me in term
// t+1?") changes nothing, so a node may answer it even after voting in its current term.
//
// Terms are compared before your function is called (src/etcd/raft/step-term.ts): a request from
// an older term never arrives here, and a real vote request from a newer term has already made the
// voter a follower of that term, with no vote and no leader yet.
//
// Your functions replace src/etcd/raft/vote-rule.ts in the real Raft: the graded tests run elections
// on clusters of three and five nodes with them.
// src/etcd/raft/vote-rule.ts is the course's own answer: try before you look at it.

/** No node: node ids start at 1 (etcd-io/raft's `None`). */
export const None = 0;

/** The last entry of a log: its index and term (0 and 0 for an empty log). */
export interface LastEntry {
  index: number;
  term: number;
}

/** What the voter knows about itself when a vote request arrives. */
export interface VoterState {
  /** Its current term. */
  term: number;
  /** Whom it voted for in `term` (votedFor, Raft Figure 2), or None. */
  vote: number;
  /** The leader it follows in `term`, or None. */
  lead: number;
  /** The last entry of its log. */
  last: LastEntry;
}

/** A RequestVote (MsgVote), or a pre-vote request (MsgPreVote). */
export interface VoteRequest {
  type: "MsgVote" | "MsgPreVote";
  /** The candidate's id. */
  from: number;
  /** The term the candidate campaigns for. */
  term: number;
  /** The last entry of the candidate's log (lastLogIndex and lastLogTerm in Figure 2). */
  last: LastEntry;
}

/**
 * Is the candidate's log at least as up-to-date as the voter's? Compare the last entries: the
 * later term wins; with equal terms, the longer log wins; identical logs are up-to-date.
 */
export function isUpToDate(candidate: LastEntry, voter: LastEntry): boolean {
  // SOLUTION BEGIN
  // TODO(vote-rule): compare the last entries' terms first, and the indexes only when the terms are
  // equal. Read: Raft paper §5.4.1, the paragraph that defines "more up-to-date"; etcd-io/raft
  // log.go, isUpToDate.
  // STUB: return false;
  return candidate.term > voter.term || (candidate.term === voter.term && candidate.index >= voter.index);
  // SOLUTION END
}

/**
 * Should the voter grant its (pre-)vote? Yes when both hold:
 *   1. it may vote for this candidate: it already voted for this very candidate in this term (the
 *      first answer was lost), or it has not voted and follows no leader in this term, or the
 *      request is a pre-vote for a term later than the voter's;
 *   2. the candidate's log is at least as up-to-date as the voter's (isUpToDate).
 */
export function canGrantVote(voter: VoterState, m: VoteRequest): boolean {
  // SOLUTION BEGIN
  // TODO(vote-rule): one vote per term, and only for an up-to-date candidate. Read: Raft paper
  // Figure 2 ("RequestVote RPC", Receiver implementation, step 2), §5.2 and §5.4.1; for the leader
  // and pre-vote conditions, etcd-io/raft raft.go, the `case pb.MsgVote, pb.MsgPreVote:` of Step.
  // STUB: return false;
  const canVote =
    voter.vote === m.from ||
    (voter.vote === None && voter.lead === None) ||
    (m.type === "MsgPreVote" && m.term > voter.term);
  return canVote && isUpToDate(m.last, voter.last);
  // SOLUTION END
}
