// The first half of etcd-io/raft's `raft.Step`: what every role does with an incoming message
// before its own step function sees it. Two rules of Raft §5.1 and the vote rules of §5.2:
//
//   - a message from a newer term means we are out of date: become a follower in that term;
//   - a message from an older term is stale: ignore it (with two careful exceptions below);
//   - RequestVote is answered here, the same way in every role (the rules: vote-rule.ts).
//
// and two refinements from etcd:
//   - the leader lease (with CheckQuorum): a node that heard from a leader within the minimum
//     election timeout ignores vote requests, so a node that was partitioned away cannot depose
//     a healthy leader by showing up with a higher term (thesis §4.2.3);
//   - pre-votes (thesis §9.6) never change anyone's term.
import type { StepError } from "./errors";
import type { Raft } from "./raft";
import { None, voteRespMsgType, type Message, type MsgPreVote, type MsgVote } from "./types";
import { canGrantVote } from "./vote-rule";

//> raft-step
export function stepTerm(r: Raft, m: Message): StepError | undefined {
  if (m.term === 0) {
    // A local message (MsgHup, MsgProp, MsgReadIndex, ...): no term to compare.
  } else if (m.term > r.term) {
    if (m.type === "MsgVote" || m.type === "MsgPreVote") {
      const force = m.type === "MsgVote" && m.context === "CampaignTransfer";
      const inLease = r.checkQuorum && r.lead !== None && r.electionElapsed < r.electionTimeout;
      if (!force && inLease) {
        // "If a server receives a RequestVote request within the minimum election timeout of
        // hearing from a current leader, it does not update its term or grant its vote."
        return undefined;
      }
    }
    if (m.type === "MsgPreVote") {
      // Never change our term in response to a pre-vote.
    } else if (m.type === "MsgPreVoteResp" && !m.reject) {
      // We asked about a future term; a granted pre-vote carries that term. We'll raise our
      // own term only when a quorum grants.
    } else if (m.type === "MsgApp" || m.type === "MsgHeartbeat" || m.type === "MsgSnap") {
      // Raft §5.1: a newer term exists; only a leader sends these, so we know who leads.
      r.becomeFollower(m.term, m.from);
    } else {
      r.becomeFollower(m.term, None);
    }
  } else if (m.term < r.term) {
    if ((r.checkQuorum || r.preVote) && (m.type === "MsgHeartbeat" || m.type === "MsgApp")) {
      // A leader of an older term is still talking to us. Usually a delayed message; but it
      // may be a leader stranded in an old term after we moved on (with CheckQuorum or PreVote
      // it cannot learn our term from our vote requests). Answer, so it sees our term and steps
      // down.
      r.send({ type: "MsgAppResp", to: m.from, index: 0, reject: false, rejectHint: 0, logTerm: 0 });
    } else if (m.type === "MsgPreVote") {
      // Reject explicitly, so a pre-candidate with a stale term learns ours instead of waiting.
      r.send({ type: "MsgPreVoteResp", to: m.from, term: r.term, reject: true });
    }
    // Otherwise: stale, ignore (Raft §5.1).
    return undefined;
  }

  switch (m.type) {
    case "MsgHup":
      r.hup(r.preVote ? "CampaignPreElection" : "CampaignElection");
      return undefined;
    case "MsgVote":
    case "MsgPreVote":
      handleVote(r, m);
      return undefined;
    default:
      return r.roleStep(r, m);
  }
}
//< raft-step

//> raft-handle-vote
/** RequestVote receiver: vote-rule.ts decides, this records the vote and answers. */
function handleVote(r: Raft, m: MsgVote | MsgPreVote): void {
  const voter = { term: r.term, vote: r.vote, lead: r.lead, last: { index: r.raftLog.lastIndex(), term: r.raftLog.lastTerm() } };
  if (canGrantVote(voter, { type: m.type, from: m.from, term: m.term, last: { index: m.index, term: m.logTerm } })) {
    // Reply with the message's term, not ours: for a pre-vote ours is older, and the
    // pre-candidate would ignore a reply from an older term.
    r.send({ type: voteRespMsgType(m.type), to: m.from, term: m.term, reject: false });
    if (m.type === "MsgVote") {
      // Only real votes are recorded. Granting a vote also resets our election timer, so we
      // don't compete with the candidate we just voted for.
      r.electionElapsed = 0;
      r.vote = m.from;
    }
  } else {
    r.send({ type: voteRespMsgType(m.type), to: m.from, term: r.term, reject: true });
  }
}
//< raft-handle-vote
