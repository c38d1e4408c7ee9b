// RawNode: the API a driver (an etcd server, a simulation, a playground) uses to run one Raft
// node. Mirrors etcd-io/raft's rawnode.go. It is still synchronous and does no I/O: the driver
// feeds it time and messages, and takes effects out as a `Ready`.
//
// The driver loop, in full:
//
//   every tick interval:      node.tick()
//   on a message from a peer: node.step(message)
//   on a client write:        node.propose(data)           (or readIndex, transferLeader, ...)
//   then, whenever node.hasReady():
//     const rd = node.ready();
//     persist rd.hardState, rd.entries, rd.snapshot   (fsync!)
//     send rd.messages
//     apply rd.snapshot, then rd.committedEntries     (applyConfChange for conf change entries)
//     node.advance();
//
// See the order rule on `Ready` (types.ts) for why the steps go in this order.
import type { Config } from "./config";
import { encodeConfChange } from "./confchange";
import { ErrStepLocalMsg, ErrStepPeerNotFound, panic, type StepError } from "./errors";
import type { ProgressStateType } from "./progress";
import { Raft } from "./raft";
import {
  isEmptyHardState,
  isHardStateEqual,
  isLocalMsg,
  isResponseMsg,
  type ConfChange,
  type ConfState,
  type HardState,
  type Message,
  type NodeId,
  type Ready,
  type SoftState,
  type StateType,
} from "./types";

/** A snapshot of a node's state for tests, dashboards and the playground. */
export interface Status {
  id: NodeId;
  term: number;
  vote: NodeId;
  commit: number;
  applied: number;
  lead: NodeId;
  raftState: StateType;
  leadTransferee: NodeId;
  voters: NodeId[];
  /** The leader's view of each member; empty on other roles. */
  progress: Record<NodeId, { match: number; next: number; state: ProgressStateType; recentActive: boolean }>;
}

export type SnapshotStatus = "SnapshotFinish" | "SnapshotFailure";

export class RawNode {
  /** The state machine itself, for tests and visualizations. Drive it through RawNode. */
  readonly raft: Raft;
  private prevSoftSt: SoftState;
  private prevHardSt: HardState;
  /** The Ready handed out and not yet advanced. */
  private outstanding: Ready | undefined;

  constructor(config: Config) {
    this.raft = new Raft(config);
    this.prevSoftSt = this.raft.softState();
    this.prevHardSt = this.raft.hardState();
  }

  /** One unit of time passed. Election and heartbeat timeouts are counted in ticks. */
  tick(): void {
    this.raft.tick();
  }

  /** Starts an election now instead of waiting for the timeout. */
  campaign(): StepError | undefined {
    return this.raft.step({ type: "MsgHup", from: this.raft.id, to: this.raft.id, term: 0 });
  }

  /** Proposes data to be appended to the log. Forwarded to the leader if we are a follower. */
  propose(data: string): StepError | undefined {
    return this.raft.step({
      type: "MsgProp",
      from: this.raft.id,
      to: this.raft.id,
      term: 0,
      entries: [{ term: 0, index: 0, type: "normal", data }],
    });
  }

  /** Proposes a membership change. It takes effect when applied (see applyConfChange). */
  proposeConfChange(cc: ConfChange): StepError | undefined {
    return this.raft.step({
      type: "MsgProp",
      from: this.raft.id,
      to: this.raft.id,
      term: 0,
      entries: [{ term: 0, index: 0, type: "confChange", data: encodeConfChange(cc) }],
    });
  }

  /** Call when applying a committed conf change entry. Returns the new membership. */
  applyConfChange(cc: ConfChange): ConfState {
    return this.raft.applyConfChange(cc);
  }

  /** Delivers a message from a peer. Local message types are refused. */
  step(m: Message): StepError | undefined {
    if (isLocalMsg(m.type)) return new ErrStepLocalMsg(m.type);
    if (this.raft.trk.progress.has(m.from) || !isResponseMsg(m.type)) return this.raft.step(m);
    return new ErrStepPeerNotFound(m.from);
  }

  /**
   * Requests a linearizable read. When it is safe, a ReadState with this `context` appears in
   * a Ready: serve the read once the state machine has applied ReadState.index. Requests that
   * cannot be served (no leader, leader deposed) are silently dropped: time out and retry.
   */
  readIndex(context: string): void {
    this.raft.step({ type: "MsgReadIndex", from: this.raft.id, to: this.raft.id, term: 0, context });
  }

  /** Asks the leader to hand leadership to `transferee`. */
  transferLeader(transferee: NodeId): void {
    this.raft.step({ type: "MsgTransferLeader", from: transferee, to: this.raft.id, term: 0 });
  }

  /** The driver could not deliver a message to `id`. */
  reportUnreachable(id: NodeId): void {
    this.raft.step({ type: "MsgUnreachable", from: id, to: this.raft.id, term: 0 });
  }

  /**
   * The driver tells the leader whether a MsgSnap reached `id`. Without this, a lost snapshot
   * leaves that follower paused in StateSnapshot.
   */
  reportSnapshot(id: NodeId, status: SnapshotStatus): void {
    this.raft.step({ type: "MsgSnapStatus", from: id, to: this.raft.id, term: 0, reject: status === "SnapshotFailure" });
  }

  //> raft-has-ready
  /** True if ready() would return something to do. False while a Ready awaits advance(). */
  hasReady(): boolean {
    if (this.outstanding) return false;
    const r = this.raft;
    const soft = r.softState();
    if (soft.lead !== this.prevSoftSt.lead || soft.raftState !== this.prevSoftSt.raftState) return true;
    const hard = r.hardState();
    if (!isEmptyHardState(hard) && !isHardStateEqual(hard, this.prevHardSt)) return true;
    if (r.raftLog.hasPendingSnapshot()) return true;
    if (r.msgs.length > 0 || r.raftLog.unstable.entries.length > 0 || r.raftLog.hasNextEnts()) return true;
    return r.readStates.length > 0;
  }
  //< raft-has-ready

  /** Collects everything to do. Carry it out in the order documented on `Ready`, then advance(). */
  ready(): Ready {
    if (this.outstanding) panic("ready() called again before advance(): handle the previous Ready first");
    const r = this.raft;
    const rd: Ready = {
      entries: r.raftLog.unstableEntries(),
      committedEntries: r.raftLog.nextEnts(),
      messages: r.msgs,
      readStates: r.readStates,
      mustSync: false,
    };
    const soft = r.softState();
    if (soft.lead !== this.prevSoftSt.lead || soft.raftState !== this.prevSoftSt.raftState) {
      rd.softState = soft;
      this.prevSoftSt = soft;
    }
    const hard = r.hardState();
    if (!isHardStateEqual(hard, this.prevHardSt)) rd.hardState = hard;
    if (r.raftLog.unstable.snapshot) rd.snapshot = r.raftLog.unstable.snapshot;
    rd.mustSync =
      rd.entries.length > 0 || rd.snapshot !== undefined || hard.term !== this.prevHardSt.term || hard.vote !== this.prevHardSt.vote;
    r.msgs = [];
    r.readStates = [];
    this.outstanding = rd;
    return rd;
  }

  //> raft-advance
  /** The last Ready has been persisted, sent and applied. */
  advance(): void {
    const rd = this.outstanding;
    if (!rd) panic("advance() called without an outstanding Ready");
    this.outstanding = undefined;
    if (rd.hardState) this.prevHardSt = rd.hardState;
    const log = this.raft.raftLog;
    const lastCommitted = rd.committedEntries[rd.committedEntries.length - 1];
    if (lastCommitted) log.appliedTo(lastCommitted.index);
    else if (rd.snapshot) log.appliedTo(rd.snapshot.metadata.index);
    const lastEntry = rd.entries[rd.entries.length - 1];
    if (lastEntry) log.stableTo(lastEntry.index, lastEntry.term);
    if (rd.snapshot) log.stableSnapTo(rd.snapshot.metadata.index);
  }
  //< raft-advance

  status(): Status {
    const r = this.raft;
    const progress: Status["progress"] = {};
    if (r.state === "StateLeader") {
      r.trk.visit((id, pr) => {
        progress[id] = { match: pr.match, next: pr.next, state: pr.state, recentActive: pr.recentActive };
      });
    }
    return {
      id: r.id,
      term: r.term,
      vote: r.vote,
      commit: r.raftLog.committed,
      applied: r.raftLog.applied,
      lead: r.lead,
      raftState: r.state,
      leadTransferee: r.leadTransferee,
      voters: r.trk.confState().voters,
      progress,
    };
  }
}
