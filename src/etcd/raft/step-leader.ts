// The leader's step function: etcd-io/raft's stepLeader. The leader appends proposals to its log,
// replicates them (Raft §5.3), advances the commit index when a quorum stores an entry of its
// term (§5.4.2), checks that it still has a quorum (CheckQuorum), answers linearizable reads
// (ReadIndex, thesis §6.4) and hands over leadership on request (thesis §3.10).
import type { StepError } from "./errors";
import type { Raft } from "./raft";
import { None, type Entry, type Message, type MsgAppResp, type MsgHeartbeatResp, type MsgReadIndex } from "./types";
import type { Progress } from "./progress";

export function stepLeader(r: Raft, m: Message): StepError | undefined {
  // Messages that do not come from a particular follower.
  switch (m.type) {
    case "MsgBeat":
      r.bcastHeartbeat();
      return undefined;
    case "MsgCheckQuorum": {
      //> raft-check-quorum
      // CheckQuorum: a leader that has not heard from a quorum in an election timeout steps
      // down, so a leader cut off in a minority stops accepting writes it could never commit.
      const self = r.trk.progress.get(r.id);
      if (self) self.recentActive = true;
      if (!r.trk.quorumActive()) r.becomeFollower(r.term, None);
      // Start the next period from scratch.
      r.trk.visit((id, pr) => {
        if (id !== r.id) pr.recentActive = false;
      });
      //< raft-check-quorum
      return undefined;
    }
    case "MsgProp":
      return propose(r, m.entries);
    case "MsgReadIndex":
      return readIndex(r, m);
  }

  // Everything else is from a follower we track.
  const pr = r.trk.progress.get(m.from);
  if (!pr) return undefined;
  switch (m.type) {
    case "MsgAppResp":
      handleAppendResponse(r, m, pr);
      return undefined;
    case "MsgHeartbeatResp":
      handleHeartbeatResponse(r, m, pr);
      return undefined;
    case "MsgSnapStatus":
      if (pr.state !== "StateSnapshot") return undefined;
      // Failure: forget the snapshot and probe again. Success: probe from after the snapshot.
      if (m.reject) pr.pendingSnapshot = 0;
      pr.becomeProbe();
      // Wait for the follower's MsgAppResp (or a heartbeat response) before the next MsgApp.
      pr.msgAppFlowPaused = true;
      return undefined;
    case "MsgUnreachable":
      // While streaming, an unreachable follower has probably lost messages: probe again.
      if (pr.state === "StateReplicate") pr.becomeProbe();
      return undefined;
    case "MsgTransferLeader":
      transferLeader(r, m.from, pr);
      return undefined;
    default:
      return undefined;
  }
}

//> raft-propose
function propose(r: Raft, entries: Entry[]): StepError | undefined {
  if (!r.trk.progress.has(r.id)) return r.dropped("was removed from the configuration; dropping proposal");
  if (r.leadTransferee !== None) {
    return r.dropped(`[term ${r.term}] transfer leadership to ${r.leadTransferee} is in progress; dropping proposal`);
  }
  const es = entries.map((e, i) => {
    if (e.type !== "confChange") return e;
    // One membership change at a time (thesis §4.1): refuse a new one while an earlier one may
    // be unapplied. As in etcd, it is replaced by an empty entry rather than rejected.
    if (r.pendingConfIndex > r.raftLog.applied) return { ...e, type: "normal" as const, data: "" };
    r.pendingConfIndex = r.raftLog.lastIndex() + i + 1;
    return e;
  });
  r.appendEntry(es);
  r.bcastAppend();
  return undefined;
}
//< raft-propose

//> raft-handle-append-response
function handleAppendResponse(r: Raft, m: MsgAppResp, pr: Progress): void {
  pr.recentActive = true;
  if (m.reject) {
    // Fast backup. The follower said: "I don't have your entry at m.index; my log may match
    // yours up to m.rejectHint, where my term is m.logTerm". Every index of ours above the
    // last one with term <= m.logTerm must mismatch too (terms only grow along a log), so jump
    // there at once: at most one round trip per term instead of one per entry.
    let nextProbeIdx = m.rejectHint;
    if (m.logTerm > 0) nextProbeIdx = r.raftLog.findConflictByTerm(m.rejectHint, m.logTerm).index;
    if (pr.maybeDecrTo(m.index, nextProbeIdx)) {
      if (pr.state === "StateReplicate") pr.becomeProbe();
      r.sendAppend(m.from);
    }
    return;
  }

  const oldPaused = pr.isPaused();
  if (!pr.maybeUpdate(m.index)) return;
  switch (pr.state) {
    case "StateProbe":
      // The follower's log matches ours up to m.index: start streaming.
      pr.becomeReplicate();
      break;
    case "StateSnapshot":
      // The snapshot arrived (or the follower caught up another way): resume from the log.
      if (pr.match + 1 >= r.raftLog.firstIndex()) {
        pr.becomeProbe();
        pr.becomeReplicate();
      }
      break;
    case "StateReplicate":
      pr.inflights.freeLE(m.index);
      break;
  }

  if (r.maybeCommit()) {
    // An entry of this term is committed: pending reads can be answered, and followers told.
    releasePendingReadIndexMessages(r);
    r.bcastAppend();
  } else if (oldPaused) {
    // The follower was paused and may have missed our commit index.
    r.sendAppend(m.from);
  }
  // Send whatever more the flow control now allows.
  while (r.maybeSendAppend(m.from, false)) {
    // keep sending
  }
  // A transfer waits for the transferee to catch up (thesis §3.10).
  if (m.from === r.leadTransferee && pr.match === r.raftLog.lastIndex()) r.sendTimeoutNow(m.from);
}
//< raft-handle-append-response

function handleHeartbeatResponse(r: Raft, m: MsgHeartbeatResp, pr: Progress): void {
  pr.recentActive = true;
  pr.msgAppFlowPaused = false;
  // If all in-flight MsgApps were lost, free one slot so replication can resume.
  if (pr.state === "StateReplicate" && pr.inflights.full()) pr.inflights.freeFirstOne();
  if (pr.match < r.raftLog.lastIndex()) r.sendAppend(m.from);

  if (r.readOnly.option !== "ReadOnlySafe" || m.context === "") return;
  //> raft-read-index-ack
  // ReadIndex: this heartbeat round confirms our leadership once a quorum has answered it.
  const acks = r.readOnly.recvAck(m.from, m.context);
  let granted = 0;
  for (const id of r.trk.voters) if (acks.has(id)) granted++;
  if (granted < r.trk.quorum()) return;
  for (const rs of r.readOnly.advance(m.context)) r.responseToReadIndexReq(rs.req, rs.index);
  //< raft-read-index-ack
}

//> raft-read-index
function readIndex(r: Raft, m: MsgReadIndex): StepError | undefined {
  // Alone in the cluster: we are trivially still the leader.
  if (r.trk.isSingleton()) {
    r.responseToReadIndexReq(m, r.raftLog.committed);
    return undefined;
  }
  // A new leader's commit index may be behind the true one until it commits an entry of its
  // own term (Raft §8): postpone the read until then.
  if (!r.committedEntryInCurrentTerm()) {
    r.pendingReadIndexMessages.push(m);
    return undefined;
  }
  sendMsgReadIndexResponse(r, m);
  return undefined;
}

function sendMsgReadIndexResponse(r: Raft, m: MsgReadIndex): void {
  if (r.readOnly.option === "ReadOnlySafe") {
    // Remember the commit index now, then confirm leadership with a heartbeat round.
    r.readOnly.addRequest(r.raftLog.committed, m);
    r.readOnly.recvAck(r.id, m.context);
    r.bcastHeartbeatWithCtx(m.context);
  } else {
    // ReadOnlyLeaseBased: trust the lease that CheckQuorum maintains; no round trip.
    r.responseToReadIndexReq(m, r.raftLog.committed);
  }
}
//< raft-read-index

function releasePendingReadIndexMessages(r: Raft): void {
  if (r.pendingReadIndexMessages.length === 0) return;
  if (!r.committedEntryInCurrentTerm()) return;
  const msgs = r.pendingReadIndexMessages;
  r.pendingReadIndexMessages = [];
  for (const m of msgs) sendMsgReadIndexResponse(r, m);
}

//> raft-transfer-leader
/** Leadership transfer (thesis §3.10): bring the transferee up to date, then tell it to run. */
function transferLeader(r: Raft, transferee: number, pr: Progress): void {
  if (r.leadTransferee !== None) {
    if (r.leadTransferee === transferee) return; // already in progress
    r.abortLeaderTransfer();
  }
  if (transferee === r.id) return; // already leader
  // The transfer must finish within an election timeout (tickHeartbeat aborts it otherwise);
  // meanwhile new proposals are dropped so that the transferee can catch up.
  r.electionElapsed = 0;
  r.leadTransferee = transferee;
  if (pr.match === r.raftLog.lastIndex()) r.sendTimeoutNow(transferee);
  else r.sendAppend(transferee);
}
//< raft-transfer-leader
