// The Raft state machine (Ongaro and Ousterhout, "In Search of an Understandable Consensus
// Algorithm", 2014; Ongaro's thesis, 2014), in the shape of etcd-io/raft's raft.go.
//
// The big picture. A Raft node is a pure, synchronous state machine with two inputs:
//   - `tick()`: one unit of time passed (the driver calls it every heartbeat interval / N);
//   - `step(m)`: a message arrived (from a peer, or a local request such as a proposal).
// It never performs I/O. Everything it wants done (entries and HardState to persist, messages to
// send, committed entries to apply) accumulates in its fields until the driver collects it as a
// `Ready` (rawnode.ts) and carries it out in the order written on that type.
//
// Roles change by swapping two functions, exactly as in etcd-io/raft:
//
//   role          tick            step            becomes it by
//   follower      tickElection    stepFollower    becomeFollower
//   pre-candidate tickElection    stepCandidate   becomePreCandidate (PreVote, thesis §9.6)
//   candidate     tickElection    stepCandidate   becomeCandidate    (Raft §5.2)
//   leader        tickHeartbeat   stepLeader      becomeLeader
//
// `step(m)` first handles what every role does the same way (step-term.ts): compare terms (Raft
// §5.1: a newer term makes us a follower, an older one is ignored) and answer votes (§5.2,
// §5.4.1). Everything else goes to the role's step function: step-leader.ts, step-follower.ts
// (which also holds the follower's side of AppendEntries, heartbeats and InstallSnapshot).
// This file holds the node's state, the role changes, elections and the leader's sending.
//
// Not guaranteed here: durability (the driver's job, see Ready), delivery (messages may be lost,
// duplicated or reordered; Raft tolerates all three), or liveness without a stable leader.
import { validateConfig, type Config } from "./config";
import { applyConfChange, restoreConfState } from "./confchange";
import { committedInCurrentTerm } from "./commit-rule";
import { ErrCompacted, ErrProposalDropped, ErrSnapshotTemporarilyUnavailable, panic, type StepError } from "./errors";
import { RaftLog } from "./log";
import { Progress } from "./progress";
import { ReadOnly } from "./read-only";
import { stepLeader } from "./step-leader";
import { stepCandidate, stepFollower } from "./step-follower";
import { stepTerm } from "./step-term";
import { ProgressTracker, type VoteResult } from "./tracker";
import type { Rng } from "../../sim/rng";
import {
  None,
  isEmptyHardState,
  isEmptySnap,
  voteRespMsgType,
  type ConfChange,
  type ConfState,
  type Entry,
  type HardState,
  type Message,
  type MsgReadIndex,
  type NodeId,
  type ReadState,
  type SoftState,
  type StateType,
} from "./types";

/** Why a node campaigns: a normal timeout, the first phase of PreVote, or a leadership transfer. */
export type CampaignType = "CampaignPreElection" | "CampaignElection" | "CampaignTransfer";

/** A message as code inside raft.ts writes it: `send` fills in `from` and `term`. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type Outgoing = DistributiveOmit<Message, "from" | "term"> & { from?: NodeId; term?: number };

export type StepFunc = (r: Raft, m: Message) => StepError | undefined;

export class Raft {
  readonly id: NodeId;
  /** currentTerm (Raft Figure 2). Persisted. */
  term = 0;
  /** votedFor (Raft Figure 2): whom we voted for in `term`, or None. Persisted. */
  vote: NodeId = None;
  readonly raftLog: RaftLog;
  trk: ProgressTracker;
  state: StateType = "StateFollower";
  /** The leader we currently follow (ourselves if leader), or None. */
  lead: NodeId = None;
  /** Messages to send, collected into the next Ready. */
  msgs: Message[] = [];
  readStates: ReadState[] = [];

  /** The node we are handing leadership to (thesis §3.10), or None. */
  leadTransferee: NodeId = None;
  /**
   * An index >= that of the latest conf change in the log. A new conf change is only accepted
   * once everything up to it is applied: one membership change at a time (thesis §4.1).
   */
  pendingConfIndex = 0;
  readOnly: ReadOnly;
  /** Reads received before this leader committed an entry of its own term; answered after. */
  pendingReadIndexMessages: MsgReadIndex[] = [];

  /** Leader and candidate: ticks since the last election timeout. Follower: since the leader was heard. */
  electionElapsed = 0;
  /** Leader: ticks since the last heartbeat broadcast. */
  heartbeatElapsed = 0;
  readonly electionTimeout: number;
  readonly heartbeatTimeout: number;
  /** Drawn from [electionTimeout, 2*electionTimeout) at every reset (Raft §5.2). */
  randomizedElectionTimeout = 0;
  readonly checkQuorum: boolean;
  readonly preVote: boolean;
  readonly disableProposalForwarding: boolean;
  readonly maxMsgSize: number;
  private readonly rng: Rng;

  /** The current role's tick function (tickElection or tickHeartbeat). */
  tick: () => void;
  /** The current role's step function. etcd-io/raft names this field `step` and the entry `Step`. */
  roleStep: StepFunc;

  constructor(config: Config) {
    const c = validateConfig(config);
    this.id = c.id;
    this.raftLog = new RaftLog(c.storage);
    this.maxMsgSize = c.maxSizePerMsg;
    this.trk = new ProgressTracker(c.maxInflightMsgs);
    this.electionTimeout = c.electionTick;
    this.heartbeatTimeout = c.heartbeatTick;
    this.checkQuorum = c.checkQuorum;
    this.preVote = c.preVote;
    this.disableProposalForwarding = c.disableProposalForwarding;
    this.readOnly = new ReadOnly(c.readOnlyOption);
    this.rng = c.rng;
    this.tick = this.tickElection;
    this.roleStep = stepFollower;

    const { hardState, confState } = c.storage.initialState();
    if (confState.voters.length > 0 && c.peers.length > 0) {
      panic(`cannot specify both peers [${c.peers}] and a ConfState [${confState.voters}] in storage`);
    }
    restoreConfState(this, confState.voters.length > 0 ? confState : { voters: c.peers });
    if (!isEmptyHardState(hardState)) this.loadState(hardState);
    if (c.applied > 0) this.raftLog.appliedTo(c.applied);
    this.becomeFollower(this.term, None);
  }

  hasLeader(): boolean {
    return this.lead !== None;
  }

  softState(): SoftState {
    return { lead: this.lead, raftState: this.state };
  }

  hardState(): HardState {
    return { term: this.term, vote: this.vote, commit: this.raftLog.committed };
  }

  /** The entry point for every message, local or remote. See step-term.ts for the rules. */
  step(m: Message): StepError | undefined {
    return stepTerm(this, m);
  }

  //> raft-send
  /**
   * Queues a message for the next Ready. The driver sends it only after persisting that Ready's
   * state, so a vote or an acknowledgement never outruns the disk (Raft §5.1, thesis §3.8).
   */
  send(m: Outgoing): void {
    const from = m.from !== undefined && m.from !== None ? m.from : this.id;
    let term: number;
    if (m.type === "MsgVote" || m.type === "MsgVoteResp" || m.type === "MsgPreVote" || m.type === "MsgPreVoteResp") {
      // Campaign messages name their term explicitly: a pre-vote asks about term+1.
      if (!m.term) panic(`term should be set when sending ${m.type}`);
      term = m.term;
    } else {
      if (m.term) panic(`term should not be set when sending ${m.type} (was ${m.term})`);
      // Proposals and read requests are forwarded as if local: no term.
      term = m.type === "MsgProp" || m.type === "MsgReadIndex" ? 0 : this.term;
    }
    if (m.to === this.id) panic(`message should not be self-addressed when sending ${m.type}`);
    this.msgs.push({ ...m, from, term } as Message);
  }
  //< raft-send

  /** Sends the follower the entries it lacks (or a probe, or a snapshot). */
  sendAppend(to: NodeId): void {
    this.maybeSendAppend(to, true);
  }

  //> raft-maybe-send-append
  /**
   * AppendEntries from the leader (Raft §5.3): entries from the follower's nextIndex, anchored
   * at (nextIndex-1, its term) for the consistency check. If that part of the log was compacted,
   * send a snapshot instead (Raft §7). Returns true if a message was sent; with
   * `sendIfEmpty` false, nothing is sent when there are no entries.
   */
  maybeSendAppend(to: NodeId, sendIfEmpty: boolean): boolean {
    const pr = this.trk.progress.get(to);
    if (!pr || pr.isPaused()) return false;

    const prevIndex = pr.next - 1;
    const prevTerm = compactedToUndefined(() => this.raftLog.term(prevIndex));
    const ents = compactedToUndefined(() => this.raftLog.entries(pr.next, this.maxMsgSize));
    if ((ents?.length ?? 0) === 0 && !sendIfEmpty) return false;

    if (prevTerm === undefined || ents === undefined) return this.maybeSendSnapshot(to, pr);

    this.send({ type: "MsgApp", to, index: prevIndex, logTerm: prevTerm, entries: ents, commit: this.raftLog.committed });
    pr.sentEntries(ents.length, prevIndex + ents.length);
    return true;
  }
  //< raft-maybe-send-append

  /** InstallSnapshot (Raft §7): the follower needs entries we no longer have. */
  private maybeSendSnapshot(to: NodeId, pr: Progress): boolean {
    // Don't ship a (large) snapshot to a node we haven't heard from lately: it may be down.
    if (!pr.recentActive) return false;
    let snapshot;
    try {
      snapshot = this.raftLog.snapshot();
    } catch (e: unknown) {
      if (e instanceof ErrSnapshotTemporarilyUnavailable) return false;
      throw e;
    }
    if (isEmptySnap(snapshot)) panic("need non-empty snapshot");
    pr.becomeSnapshot(snapshot.metadata.index);
    this.send({ type: "MsgSnap", to, snapshot });
    return true;
  }

  /** Heartbeat: an empty AppendEntries that keeps followers from starting elections (Raft §5.2). */
  sendHeartbeat(to: NodeId, context: string): void {
    const pr = this.trk.progress.get(to)!;
    // Never tell a follower to commit past what it is known to hold: its log may still differ
    // from ours beyond pr.match.
    const commit = Math.min(pr.match, this.raftLog.committed);
    this.send({ type: "MsgHeartbeat", to, commit, context });
  }

  bcastAppend(): void {
    this.trk.visit((id) => {
      if (id !== this.id) this.sendAppend(id);
    });
  }

  bcastHeartbeat(): void {
    this.bcastHeartbeatWithCtx(this.readOnly.lastPendingRequestCtx());
  }

  bcastHeartbeatWithCtx(context: string): void {
    this.trk.visit((id) => {
      if (id !== this.id) this.sendHeartbeat(id, context);
    });
  }

  /** Leader: commit whatever a quorum now stores, if it is from this term (Raft §5.4.2, commit-rule.ts). */
  maybeCommit(): boolean {
    return this.raftLog.maybeCommit(this.trk.committed(), this.term);
  }

  /** Common to every role change: new term (forgetting the vote), fresh timers and progress. */
  reset(term: number): void {
    if (this.term !== term) {
      this.term = term;
      this.vote = None;
    }
    this.lead = None;
    this.electionElapsed = 0;
    this.heartbeatElapsed = 0;
    this.resetRandomizedElectionTimeout();
    this.abortLeaderTransfer();
    this.trk.resetVotes();
    const lastIndex = this.raftLog.lastIndex();
    for (const id of this.trk.progress.keys()) {
      const fresh = this.newProgress(lastIndex + 1);
      if (id === this.id) fresh.match = lastIndex;
      this.trk.progress.set(id, fresh);
    }
    this.pendingConfIndex = 0;
    this.readOnly = new ReadOnly(this.readOnly.option);
    // A deposed leader cannot answer these any more; the client retries elsewhere.
    this.pendingReadIndexMessages = [];
  }

  newProgress(next: number): Progress {
    return new Progress(next, this.trk.maxInflight);
  }

  /** Leader: appends entries of the current term to its own log and counts itself. */
  appendEntry(es: Entry[]): void {
    const li = this.raftLog.lastIndex();
    const stamped = es.map((e, i) => ({ ...e, term: this.term, index: li + 1 + i }));
    const last = this.raftLog.append(stamped);
    // The leader's own copy counts toward the quorum. It is on disk before any MsgApp carrying
    // these entries is sent, because the Ready persists entries before sending messages.
    this.trk.progress.get(this.id)?.maybeUpdate(last);
    this.maybeCommit();
  }

  //> raft-tick
  /** Followers and candidates: start an election when the randomized timeout passes (Raft §5.2). */
  tickElection = (): void => {
    this.electionElapsed++;
    if (this.promotable() && this.pastElectionTimeout()) {
      this.electionElapsed = 0;
      this.step({ type: "MsgHup", from: this.id, to: this.id, term: 0 });
    }
  };

  /** Leaders: heartbeat every heartbeatTimeout; CheckQuorum every electionTimeout. */
  tickHeartbeat = (): void => {
    this.heartbeatElapsed++;
    this.electionElapsed++;
    if (this.electionElapsed >= this.electionTimeout) {
      this.electionElapsed = 0;
      if (this.checkQuorum) this.step({ type: "MsgCheckQuorum", from: this.id, to: this.id, term: 0 });
      // A transfer that did not finish within an election timeout is abandoned (thesis §3.10).
      if (this.state === "StateLeader" && this.leadTransferee !== None) this.abortLeaderTransfer();
    }
    if (this.state !== "StateLeader") return;
    if (this.heartbeatElapsed >= this.heartbeatTimeout) {
      this.heartbeatElapsed = 0;
      this.step({ type: "MsgBeat", from: this.id, to: this.id, term: 0 });
    }
  };
  //< raft-tick

  //> raft-become
  becomeFollower(term: number, lead: NodeId): void {
    this.roleStep = stepFollower;
    this.reset(term);
    this.tick = this.tickElection;
    this.lead = lead;
    this.state = "StateFollower";
  }

  /** PreVote's first phase: ask for votes at term+1 without changing our term or vote. */
  becomePreCandidate(): void {
    if (this.state === "StateLeader") panic("invalid transition [leader -> pre-candidate]");
    this.roleStep = stepCandidate;
    this.trk.resetVotes();
    this.tick = this.tickElection;
    this.lead = None;
    this.state = "StatePreCandidate";
  }

  /** Raft §5.2: increment the term and vote for ourselves. */
  becomeCandidate(): void {
    if (this.state === "StateLeader") panic("invalid transition [leader -> candidate]");
    this.roleStep = stepCandidate;
    this.reset(this.term + 1);
    this.tick = this.tickElection;
    this.vote = this.id;
    this.state = "StateCandidate";
  }

  becomeLeader(): void {
    if (this.state === "StateFollower") panic("invalid transition [follower -> leader]");
    this.roleStep = stepLeader;
    this.reset(this.term);
    this.tick = this.tickHeartbeat;
    this.lead = this.id;
    this.state = "StateLeader";
    const self = this.trk.progress.get(this.id);
    if (self) {
      self.becomeReplicate();
      self.recentActive = true;
    }
    // There may be an unapplied conf change in the log; conservatively wait until everything
    // in it is applied before accepting another one.
    this.pendingConfIndex = this.raftLog.lastIndex();
    // Raft §8 and §5.4.2: a new leader commits an entry of its own term at once (an empty one),
    // which also commits everything before it and lets it answer ReadIndex requests.
    this.appendEntry([{ term: 0, index: 0, type: "normal", data: "" }]);
  }
  //< raft-become

  /** Starts an election, unless we are leader, not a voter, or have a conf change to apply. */
  hup(t: CampaignType): void {
    if (this.state === "StateLeader") return;
    if (!this.promotable()) return;
    const pending = this.raftLog.slice(this.raftLog.applied + 1, this.raftLog.committed + 1, Number.MAX_SAFE_INTEGER);
    if (pending.some((e) => e.type === "confChange")) return;
    this.campaign(t);
  }

  //> raft-campaign
  campaign(t: CampaignType): void {
    let term: number;
    let voteMsg: "MsgVote" | "MsgPreVote";
    if (t === "CampaignPreElection") {
      this.becomePreCandidate();
      voteMsg = "MsgPreVote";
      // Pre-votes are requested for the term we would campaign in, without incrementing ours.
      term = this.term + 1;
    } else {
      this.becomeCandidate();
      voteMsg = "MsgVote";
      term = this.term;
    }
    // Our own vote first: a single-node cluster wins right here.
    if (this.poll(this.id, voteRespMsgType(voteMsg), true) === "VoteWon") {
      if (t === "CampaignPreElection") this.campaign("CampaignElection");
      else this.becomeLeader();
      return;
    }
    const index = this.raftLog.lastIndex();
    const logTerm = this.raftLog.lastTerm();
    for (const id of [...this.trk.voters].sort((a, b) => a - b)) {
      if (id === this.id) continue;
      if (voteMsg === "MsgPreVote") this.send({ type: "MsgPreVote", to: id, term, index, logTerm });
      else if (t === "CampaignTransfer") this.send({ type: "MsgVote", to: id, term, index, logTerm, context: "CampaignTransfer" });
      else this.send({ type: "MsgVote", to: id, term, index, logTerm });
    }
  }
  //< raft-campaign

  poll(id: NodeId, _type: "MsgVoteResp" | "MsgPreVoteResp", granted: boolean): VoteResult {
    this.trk.recordVote(id, granted);
    return this.trk.tallyVotes().result;
  }

  /** Can this node become leader? Only a voter without a pending snapshot. */
  promotable(): boolean {
    return this.trk.progress.has(this.id) && !this.raftLog.hasPendingSnapshot();
  }

  /** Applies a committed membership change; returns the new membership. See confchange.ts. */
  applyConfChange(cc: ConfChange): ConfState {
    return applyConfChange(this, cc);
  }

  loadState(hs: HardState): void {
    if (hs.commit < this.raftLog.committed || hs.commit > this.raftLog.lastIndex()) {
      panic(`${this.id} state.commit ${hs.commit} is out of range [${this.raftLog.committed}, ${this.raftLog.lastIndex()}]`);
    }
    this.raftLog.committed = hs.commit;
    this.term = hs.term;
    this.vote = hs.vote;
  }

  //> raft-randomized-election-timeout
  pastElectionTimeout(): boolean {
    return this.electionElapsed >= this.randomizedElectionTimeout;
  }

  resetRandomizedElectionTimeout(): void {
    this.randomizedElectionTimeout = this.electionTimeout + this.rng.int(0, this.electionTimeout);
  }
  //< raft-randomized-election-timeout

  sendTimeoutNow(to: NodeId): void {
    this.send({ type: "MsgTimeoutNow", to });
  }

  abortLeaderTransfer(): void {
    this.leadTransferee = None;
  }

  /** Has this leader committed an entry of its own term? Until then its commit index may lag. */
  committedEntryInCurrentTerm(): boolean {
    return committedInCurrentTerm(this.raftLog.leaderView(), this.term);
  }

  /** Answers a read: locally as a ReadState, or to the follower that forwarded it. */
  responseToReadIndexReq(req: MsgReadIndex, readIndex: number): void {
    if (req.from === None || req.from === this.id) {
      this.readStates.push({ index: readIndex, requestCtx: req.context });
      return;
    }
    this.send({ type: "MsgReadIndexResp", to: req.from, index: readIndex, context: req.context });
  }

  /** The ErrProposalDropped a step function returns, with the reason. */
  dropped(reason: string): ErrProposalDropped {
    return new ErrProposalDropped(`${this.id} ${reason}`);
  }
}

function compactedToUndefined<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch (e: unknown) {
    if (e instanceof ErrCompacted) return undefined;
    throw e;
  }
}
