// The data Raft talks in: log entries, the state a node must never forget (HardState), snapshots,
// the messages nodes exchange, and `Ready`, the batch of effects the state machine hands to its
// driver. These mirror etcd-io/raft's `raftpb` package and `Ready` in node.go, with the protobuf
// wire format replaced by plain objects.

/**
 * A node's identity. `0` (`None`) means "nobody": no leader known, no vote cast.
 * SIMPLIFICATION: etcd uses random uint64 member IDs (`8e9e05c52164694d`); small integers
 * read better in a timeline. A driver maps them to network addresses (`n1`, `n2`, ...).
 */
export type NodeId = number;
export const None: NodeId = 0;

//> raft-entry
/** `normal` entries carry application data; `confChange` entries carry a membership change. */
export type EntryType = "normal" | "confChange";

/** One slot of the replicated log. Raft §5.3: each entry remembers the term it was created in. */
export interface Entry {
  term: number;
  index: number;
  type: EntryType;
  /** Opaque to Raft. A new leader's first entry has empty data (Raft §8, §5.4.2). */
  data: string;
}
//< raft-entry

//> hard-state
/**
 * What a node must persist before it sends any message (Raft Figure 2, "Persistent state on all
 * servers"): the current term, whom it voted for in that term, and the commit index (etcd keeps
 * the commit index too, so a restarted node can re-apply up to it without waiting for a leader).
 */
export interface HardState {
  term: number;
  vote: NodeId;
  commit: number;
}
//< hard-state

export const emptyHardState: HardState = { term: 0, vote: None, commit: 0 };

export function isEmptyHardState(hs: HardState): boolean {
  return isHardStateEqual(hs, emptyHardState);
}

export function isHardStateEqual(a: HardState, b: HardState): boolean {
  return a.term === b.term && a.vote === b.vote && a.commit === b.commit;
}

/** The membership at some point of the log: who votes. */
export interface ConfState {
  voters: NodeId[];
}

/**
 * A compacted prefix of the log (Raft §7): the application's state up to `metadata.index`, with
 * the term of that entry and the membership at that point.
 */
export interface Snapshot {
  metadata: { index: number; term: number; confState: ConfState };
  data: string;
}

export const emptySnapshot: Snapshot = { metadata: { index: 0, term: 0, confState: { voters: [] } }, data: "" };

export function isEmptySnap(s: Snapshot | undefined): boolean {
  return s === undefined || s.metadata.index === 0;
}

/** A single-server membership change (Raft thesis §4.1), the payload of a `confChange` entry. */
export interface ConfChange {
  type: "ConfChangeAddNode" | "ConfChangeRemoveNode";
  nodeId: NodeId;
}

/** The roles of Raft §5.1, plus etcd's pre-candidate (thesis §9.6). */
export type StateType = "StateFollower" | "StatePreCandidate" | "StateCandidate" | "StateLeader";

/** Volatile state worth showing (who leads, which role). Not persisted. */
export interface SoftState {
  lead: NodeId;
  raftState: StateType;
}

/**
 * The answer to a `readIndex(ctx)` request: reads that wait until the state machine has applied
 * `index` are linearizable (Raft thesis §6.4). `requestCtx` is the caller's context, returned as is.
 */
export interface ReadState {
  index: number;
  requestCtx: string;
}

// ---------------------------------------------------------------------------------------------
// Messages. Every message carries `from`, `to` and the sender's `term`; local messages (MsgHup,
// MsgBeat, MsgProp, ...) are never sent over the network and have term 0.

interface Envelope {
  from: NodeId;
  to: NodeId;
  term: number;
}

/** Local: start an election (sent by tickElection or campaign()). */
export interface MsgHup extends Envelope { type: "MsgHup" }
/** Local: the leader should broadcast heartbeats (sent by tickHeartbeat). */
export interface MsgBeat extends Envelope { type: "MsgBeat" }
/** Local: the leader should check that a quorum was recently active (CheckQuorum). */
export interface MsgCheckQuorum extends Envelope { type: "MsgCheckQuorum" }
/** A proposal: entries to append. Local on the leader; forwarded by followers. */
export interface MsgProp extends Envelope { type: "MsgProp"; entries: Entry[] }
/** AppendEntries RPC (Raft §5.3): entries following (index, logTerm), plus the leader's commit. */
export interface MsgApp extends Envelope {
  type: "MsgApp";
  /** prevLogIndex */
  index: number;
  /** prevLogTerm */
  logTerm: number;
  entries: Entry[];
  commit: number;
}
/**
 * The reply to MsgApp (and MsgSnap). Accepting: `index` is the follower's last matching index.
 * Rejecting: `index` is the rejected prevLogIndex, and (`rejectHint`, `logTerm`) is the follower's
 * guess at the last index where the logs may match and its term there (fast backup, see
 * raftLog.findConflictByTerm).
 */
export interface MsgAppResp extends Envelope {
  type: "MsgAppResp";
  index: number;
  reject: boolean;
  rejectHint: number;
  logTerm: number;
}
/** RequestVote RPC (Raft §5.2); `index`/`logTerm` describe the candidate's last entry (§5.4.1). */
export interface MsgVote extends Envelope {
  type: "MsgVote";
  index: number;
  logTerm: number;
  /** Set by a leadership transfer: voters grant it even inside a leader lease. */
  context?: "CampaignTransfer";
}
export interface MsgVoteResp extends Envelope { type: "MsgVoteResp"; reject: boolean }
/** Pre-vote (thesis §9.6): "would you vote for me at term `term`?" Changes no state. */
export interface MsgPreVote extends Envelope { type: "MsgPreVote"; index: number; logTerm: number }
export interface MsgPreVoteResp extends Envelope { type: "MsgPreVoteResp"; reject: boolean }
/** InstallSnapshot RPC (Raft §7). */
export interface MsgSnap extends Envelope { type: "MsgSnap"; snapshot: Snapshot }
/** Heartbeat: an empty AppendEntries. `context` carries a pending ReadIndex request. */
export interface MsgHeartbeat extends Envelope { type: "MsgHeartbeat"; commit: number; context: string }
export interface MsgHeartbeatResp extends Envelope { type: "MsgHeartbeatResp"; context: string }
/** Local to the leader: the driver could not reach `from`. */
export interface MsgUnreachable extends Envelope { type: "MsgUnreachable" }
/** Local to the leader: whether a snapshot sent to `from` was delivered. */
export interface MsgSnapStatus extends Envelope { type: "MsgSnapStatus"; reject: boolean }
/** Ask the leader to hand leadership to `from` (thesis §3.10). */
export interface MsgTransferLeader extends Envelope { type: "MsgTransferLeader" }
/** From the leader to the transferee: "start an election now". */
export interface MsgTimeoutNow extends Envelope { type: "MsgTimeoutNow" }
/** A linearizable read request (thesis §6.4), identified by the caller's `context`. */
export interface MsgReadIndex extends Envelope { type: "MsgReadIndex"; context: string }
export interface MsgReadIndexResp extends Envelope { type: "MsgReadIndexResp"; index: number; context: string }

export type Message =
  | MsgHup
  | MsgBeat
  | MsgCheckQuorum
  | MsgProp
  | MsgApp
  | MsgAppResp
  | MsgVote
  | MsgVoteResp
  | MsgPreVote
  | MsgPreVoteResp
  | MsgSnap
  | MsgHeartbeat
  | MsgHeartbeatResp
  | MsgUnreachable
  | MsgSnapStatus
  | MsgTransferLeader
  | MsgTimeoutNow
  | MsgReadIndex
  | MsgReadIndexResp;

export type MessageType = Message["type"];

/** A message of one kind: `MessageOf<"MsgApp">`. */
export type MessageOf<T extends MessageType> = Extract<Message, { type: T }>;

const localTypes: ReadonlySet<MessageType> = new Set([
  "MsgHup",
  "MsgBeat",
  "MsgCheckQuorum",
  "MsgUnreachable",
  "MsgSnapStatus",
]);

/** Messages a node makes for itself; RawNode.step refuses them from the network. */
export function isLocalMsg(type: MessageType): boolean {
  return localTypes.has(type);
}

export function isResponseMsg(type: MessageType): boolean {
  return (
    type === "MsgAppResp" ||
    type === "MsgVoteResp" ||
    type === "MsgHeartbeatResp" ||
    type === "MsgUnreachable" ||
    type === "MsgPreVoteResp"
  );
}

export function voteRespMsgType(type: "MsgVote" | "MsgPreVote"): "MsgVoteResp" | "MsgPreVoteResp" {
  return type === "MsgVote" ? "MsgVoteResp" : "MsgPreVoteResp";
}

/** One line describing a message, for traces and test failures: `MsgApp 1→2 t3 i5/t2 +2 c4`. */
export function describeMessage(m: Message): string {
  const head = `${m.type} ${m.from}→${m.to} t${m.term}`;
  switch (m.type) {
    case "MsgApp":
      return `${head} i${m.index}/t${m.logTerm} +${m.entries.length} c${m.commit}`;
    case "MsgAppResp":
      return m.reject ? `${head} reject i${m.index} hint ${m.rejectHint}/t${m.logTerm}` : `${head} i${m.index}`;
    case "MsgVote":
    case "MsgPreVote":
      return `${head} last ${m.index}/t${m.logTerm}`;
    case "MsgVoteResp":
    case "MsgPreVoteResp":
      return m.reject ? `${head} reject` : `${head} granted`;
    case "MsgSnap":
      return `${head} snap ${m.snapshot.metadata.index}/t${m.snapshot.metadata.term}`;
    case "MsgHeartbeat":
      return `${head} c${m.commit}`;
    case "MsgReadIndexResp":
      return `${head} i${m.index}`;
    default:
      return head;
  }
}

//> raft-ready
/**
 * Everything the state machine wants done, returned by `RawNode.ready()`. Raft itself does no
 * I/O; the driver carries out a Ready in this ORDER, then calls `RawNode.advance()`:
 *
 *   1. Persist `hardState`, `entries` and `snapshot` to stable storage (and fsync). A vote or an
 *      acknowledgement must never leave the node before the state it promises is durable:
 *      Raft §5.1 and Figure 2 ("updated on stable storage before responding to RPCs"),
 *      thesis §3.8. A node that voted, crashed and forgot would vote twice in one term.
 *   2. Send `messages`. (After step 1: a MsgAppResp says "I have these entries", a MsgVoteResp
 *      says "I voted for you"; both must already be true on disk.)
 *   3. Apply `snapshot` (if any) and then `committedEntries` to the state machine, in order.
 *      A committed `confChange` entry is applied by calling `RawNode.applyConfChange`.
 *   4. Call `advance()`. Only then may `ready()` be called again.
 *
 * SIMPLIFICATION: etcd lets a leader send its MsgApps in parallel with its own disk write
 * (thesis §10.2.1) and offers asynchronous storage writes; here every message waits for the
 * Ready's persistence, which is always safe.
 */
export interface Ready {
  /** Set when the leader or role changed since the last Ready. Never needs persisting. */
  softState?: SoftState;
  /** Set when term, vote or commit changed: persist it. */
  hardState?: HardState;
  /** Reads that may now be served once `index` has been applied (ReadIndex). */
  readStates: ReadState[];
  /** New log entries to persist (they may replace a conflicting suffix already stored). */
  entries: Entry[];
  /** A snapshot received from the leader, to persist and then apply. */
  snapshot?: Snapshot;
  /** Entries known to be committed, to apply to the state machine. */
  committedEntries: Entry[];
  /** Messages to send, after persisting. */
  messages: Message[];
  /** False when only `commit` changed and nothing else needs an fsync (etcd's MustSync). */
  mustSync: boolean;
}
//< raft-ready
