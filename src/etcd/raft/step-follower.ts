// The step functions of followers and (pre-)candidates, etcd-io/raft's stepFollower and
// stepCandidate. By the time a message gets here, stepTerm has already made its term equal to
// ours and answered any vote request.
import { restoreConfState } from "./confchange";
import type { StepError } from "./errors";
import type { Raft } from "./raft";
import { None, type Message, type MsgApp, type MsgHeartbeat, type MsgSnap, type Snapshot } from "./types";

//> raft-step-candidate
/** Shared by the candidate and the pre-candidate; they differ in which vote responses count. */
export function stepCandidate(r: Raft, m: Message): StepError | undefined {
  // While a candidate, stale pre-vote responses from our pre-candidacy may still arrive.
  const myVoteRespType = r.state === "StatePreCandidate" ? "MsgPreVoteResp" : "MsgVoteResp";
  switch (m.type) {
    case "MsgProp":
      return r.dropped(`no leader at term ${r.term}; dropping proposal`);
    case "MsgApp":
      // Raft §5.2: "If AppendEntries RPC received from new leader: convert to follower."
      // (m.term === r.term here: another node won this term.)
      r.becomeFollower(m.term, m.from);
      handleAppendEntries(r, m);
      return undefined;
    case "MsgHeartbeat":
      r.becomeFollower(m.term, m.from);
      handleHeartbeat(r, m);
      return undefined;
    case "MsgSnap":
      r.becomeFollower(m.term, m.from);
      handleSnapshot(r, m);
      return undefined;
    case "MsgVoteResp":
    case "MsgPreVoteResp": {
      if (m.type !== myVoteRespType) return undefined;
      const result = r.poll(m.from, m.type, !m.reject);
      if (result === "VoteWon") {
        if (r.state === "StatePreCandidate") {
          r.campaign("CampaignElection");
        } else {
          r.becomeLeader();
          r.bcastAppend();
        }
      } else if (result === "VoteLost") {
        // A pre-vote response may carry a future term; keep our own.
        r.becomeFollower(r.term, None);
      }
      return undefined;
    }
    case "MsgTimeoutNow":
      // Only a follower of the leader that sent it acts on a transfer.
      return undefined;
    default:
      return undefined;
  }
}
//< raft-step-candidate

//> raft-step-follower
export function stepFollower(r: Raft, m: Message): StepError | undefined {
  switch (m.type) {
    case "MsgProp":
      if (r.lead === None) return r.dropped(`no leader at term ${r.term}; dropping proposal`);
      if (r.disableProposalForwarding) return r.dropped(`not forwarding to leader ${r.lead} at term ${r.term}; dropping proposal`);
      // Forward to the leader, keeping the original sender.
      r.send({ ...m, to: r.lead, term: undefined });
      return undefined;
    case "MsgApp":
      // Hearing from the leader resets the election timer (Raft §5.2).
      r.electionElapsed = 0;
      r.lead = m.from;
      handleAppendEntries(r, m);
      return undefined;
    case "MsgHeartbeat":
      r.electionElapsed = 0;
      r.lead = m.from;
      handleHeartbeat(r, m);
      return undefined;
    case "MsgSnap":
      r.electionElapsed = 0;
      r.lead = m.from;
      handleSnapshot(r, m);
      return undefined;
    case "MsgTransferLeader":
      if (r.lead === None) return undefined;
      r.send({ ...m, to: r.lead, term: undefined });
      return undefined;
    case "MsgTimeoutNow":
      // The leader says our log is up to date and asks us to take over (thesis §3.10). Skip the
      // pre-vote: we are not rejoining from a partition, and voters must ignore their lease.
      r.hup("CampaignTransfer");
      return undefined;
    case "MsgReadIndex":
      if (r.lead === None) return undefined;
      r.send({ ...m, to: r.lead, term: undefined });
      return undefined;
    case "MsgReadIndexResp":
      r.readStates.push({ index: m.index, requestCtx: m.context });
      return undefined;
    default:
      return undefined;
  }
}
//< raft-step-follower

//> raft-handle-append-entries
/** Follower side of AppendEntries (Raft §5.3). */
export function handleAppendEntries(r: Raft, m: MsgApp): void {
  // Everything up to our commit index is already known to match the leader's log.
  if (m.index < r.raftLog.committed) {
    r.send({ type: "MsgAppResp", to: m.from, index: r.raftLog.committed, reject: false, rejectHint: 0, logTerm: 0 });
    return;
  }
  const lastNewIndex = r.raftLog.maybeAppend(m.index, m.logTerm, m.commit, m.entries);
  if (lastNewIndex !== undefined) {
    r.send({ type: "MsgAppResp", to: m.from, index: lastNewIndex, reject: false, rejectHint: 0, logTerm: 0 });
    return;
  }
  // The consistency check failed. Help the leader back up fast: find the last index at or
  // below m.index whose term is <= m.logTerm; nothing after it can match (findConflictByTerm).
  const hint = r.raftLog.findConflictByTerm(Math.min(m.index, r.raftLog.lastIndex()), m.logTerm);
  r.send({ type: "MsgAppResp", to: m.from, index: m.index, reject: true, rejectHint: hint.index, logTerm: hint.term });
}
//< raft-handle-append-entries

export function handleHeartbeat(r: Raft, m: MsgHeartbeat): void {
  r.raftLog.commitTo(m.commit);
  r.send({ type: "MsgHeartbeatResp", to: m.from, context: m.context });
}

/** Follower side of InstallSnapshot (Raft §7). */
export function handleSnapshot(r: Raft, m: MsgSnap): void {
  if (restore(r, m.snapshot)) {
    r.send({ type: "MsgAppResp", to: m.from, index: r.raftLog.lastIndex(), reject: false, rejectHint: 0, logTerm: 0 });
  } else {
    r.send({ type: "MsgAppResp", to: m.from, index: r.raftLog.committed, reject: false, rejectHint: 0, logTerm: 0 });
  }
}

/**
 * Replaces our log with a snapshot, unless it is stale. If our log already has the snapshot's
 * last entry, only the commit index moves: Raft §7, "If existing log entry has same index and
 * term as snapshot's last included entry, retain log entries following it".
 */
function restore(r: Raft, s: Snapshot): boolean {
  const { index, term, confState } = s.metadata;
  if (index <= r.raftLog.committed) return false;
  if (r.state !== "StateFollower") {
    // Defense in depth, as in etcd: never restore a snapshot in another role.
    r.becomeFollower(r.term + 1, None);
    return false;
  }
  if (!confState.voters.includes(r.id)) return false;
  if (r.raftLog.matchTerm(index, term)) {
    r.raftLog.commitTo(index);
    return false;
  }
  r.raftLog.restore(s);
  restoreConfState(r, confState);
  return true;
}
