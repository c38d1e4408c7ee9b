// Membership changes, one server at a time (Raft thesis §4.1).
//
// Adding or removing a single voter is safe without joint consensus: any majority of the old
// configuration and any majority of the new one overlap, so two leaders cannot be elected in the
// same term across the change. The change is an entry in the log (type "confChange"); it takes
// effect on each node when that node *applies* it (etcd's rule, calling
// RawNode.applyConfChange), and the leader accepts at most one unapplied change at a time
// (pendingConfIndex). Mirrors etcd-io/raft's confchange.Changer.Simple and raft.switchToConfig.
//
// SIMPLIFICATION: no joint consensus (ConfChangeV2 with several changes), no learners, no
// ConfChangeUpdateNode. etcd's server only uses single changes for `member add/remove` too.
import { panic } from "./errors";
import type { Raft } from "./raft";
import { ProgressTracker } from "./tracker";
import { None, type ConfChange, type ConfState, type Entry } from "./types";

/** A conf change as the data of a log entry. */
export function encodeConfChange(cc: ConfChange): string {
  return JSON.stringify({ type: cc.type, nodeId: cc.nodeId });
}

export function decodeConfChange(data: string): ConfChange {
  const v = JSON.parse(data) as Partial<ConfChange>;
  if ((v.type !== "ConfChangeAddNode" && v.type !== "ConfChangeRemoveNode") || typeof v.nodeId !== "number") {
    panic(`invalid conf change entry data: ${data}`);
  }
  return { type: v.type, nodeId: v.nodeId };
}

/** The conf change carried by a committed entry, or undefined for a normal entry. */
export function confChangeOf(e: Entry): ConfChange | undefined {
  return e.type === "confChange" ? decodeConfChange(e.data) : undefined;
}

/** Replaces the configuration wholesale (at start-up, or from a snapshot). */
export function restoreConfState(r: Raft, cs: ConfState): void {
  r.trk = new ProgressTracker(r.trk.maxInflight);
  const next = r.raftLog.lastIndex() + 1;
  for (const id of cs.voters) {
    r.trk.voters.add(id);
    r.trk.progress.set(id, r.newProgress(next));
  }
}

//> raft-apply-conf-change
export function applyConfChange(r: Raft, cc: ConfChange): ConfState {
  if (cc.nodeId === None) return r.trk.confState();
  switch (cc.type) {
    case "ConfChangeAddNode":
      if (!r.trk.voters.has(cc.nodeId)) {
        r.trk.voters.add(cc.nodeId);
        // Probe the newcomer from our last index; it will most likely reject and back up, or
        // need a snapshot. Count it as active so CheckQuorum gives it time to answer.
        const pr = r.newProgress(Math.max(r.raftLog.lastIndex(), 1));
        pr.recentActive = true;
        r.trk.progress.set(cc.nodeId, pr);
      }
      break;
    case "ConfChangeRemoveNode":
      if (r.trk.voters.has(cc.nodeId) && r.trk.voters.size === 1) panic("removed all voters");
      r.trk.voters.delete(cc.nodeId);
      r.trk.progress.delete(cc.nodeId);
      break;
  }
  return switchToConfig(r);
}
//< raft-apply-conf-change

/** What changes for the leader once the configuration changed. */
function switchToConfig(r: Raft): ConfState {
  const cs = r.trk.confState();
  if (r.state !== "StateLeader") return cs;
  if (!r.trk.progress.has(r.id)) {
    // The leader removed itself: step down, and let the remaining voters elect a leader.
    // (etcd does this when Config.StepDownOnRemoval is set, and plans to make it the default.)
    r.becomeFollower(r.term, None);
    return cs;
  }
  // A smaller quorum may commit more at once; otherwise probe new members right away.
  if (r.maybeCommit()) {
    r.bcastAppend();
  } else {
    r.trk.visit((id) => {
      if (id !== r.id) r.maybeSendAppend(id, false);
    });
  }
  if (r.leadTransferee !== None && !r.trk.voters.has(r.leadTransferee)) r.abortLeaderTransfer();
  return cs;
}
