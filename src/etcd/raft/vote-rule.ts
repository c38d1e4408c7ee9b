// RequestVote's two rules, on their own: whether a node may vote for a candidate at all (Raft
// §5.2: one vote per term), and whether the candidate's log is up to date enough (§5.4.1: so that
// whoever wins holds every committed entry). step-term.ts applies them to incoming MsgVote and
// MsgPreVote; terms have been compared before they are called (a request from an older term never
// gets here, one from a newer term has already made us a follower of that term, forgetting our
// vote, unless it was a pre-vote, which changes nothing).
//
// Mirrors the vote branch of etcd-io/raft's raft.go `Step` and log.go `isUpToDate`.
import { None, type NodeId } from "./types";

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
  vote: NodeId;
  /** The leader it follows in `term`, or None. */
  lead: NodeId;
  /** The last entry of its log. */
  last: LastEntry;
}

/** A RequestVote (MsgVote) or a PreVote request (MsgPreVote, thesis §9.6). */
export interface VoteRequest {
  type: "MsgVote" | "MsgPreVote";
  /** The candidate. */
  from: NodeId;
  /** The term the candidate campaigns for. */
  term: number;
  /** The last entry of the candidate's log (lastLogIndex, lastLogTerm). */
  last: LastEntry;
}

//> raft-is-up-to-date
/**
 * Raft §5.4.1: is the candidate's log at least as up-to-date as the voter's? "If the logs have
 * last entries with different terms, then the log with the later term is more up-to-date. If the
 * logs end with the same term, then whichever log is longer is more up-to-date." Equal logs count
 * as up-to-date.
 */
export function isUpToDate(candidate: LastEntry, voter: LastEntry): boolean {
  return candidate.term > voter.term || (candidate.term === voter.term && candidate.index >= voter.index);
}
//< raft-is-up-to-date

//> raft-can-grant-vote
/** RequestVote receiver (Raft Figure 2; §5.2 one vote per term; §5.4.1 the up-to-date check). */
export function canGrantVote(voter: VoterState, m: VoteRequest): boolean {
  // We can vote if this repeats a vote we already cast (the response was lost)...
  const canVote =
    voter.vote === m.from ||
    // ...or we haven't voted and know of no leader in this term...
    (voter.vote === None && voter.lead === None) ||
    // ...or it is a pre-vote for a future term (which binds us to nothing).
    (m.type === "MsgPreVote" && m.term > voter.term);
  // ...and the candidate's log is at least as up-to-date as ours (§5.4.1: so that the winner
  // holds every committed entry).
  return canVote && isUpToDate(m.last, voter.last);
}
//< raft-can-grant-vote
