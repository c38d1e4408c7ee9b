// Raft consensus as a pure state machine, in the style of etcd-io/raft. Start at rawnode.ts
// (the driver's API) and types.ts (the `Ready` and its order rule); the algorithm is in raft.ts,
// step-term.ts, step-follower.ts and step-leader.ts; the log in log.ts.
export {
  None,
  emptyHardState,
  emptySnapshot,
  isEmptyHardState,
  isHardStateEqual,
  isEmptySnap,
  isLocalMsg,
  isResponseMsg,
  describeMessage,
  type NodeId,
  type Entry,
  type EntryType,
  type HardState,
  type ConfState,
  type ConfChange,
  type Snapshot,
  type StateType,
  type SoftState,
  type ReadState,
  type Message,
  type MessageType,
  type MessageOf,
  type Ready,
} from "./types";
export {
  ErrCompacted,
  ErrUnavailable,
  ErrSnapOutOfDate,
  ErrSnapshotTemporarilyUnavailable,
  ErrProposalDropped,
  ErrStepLocalMsg,
  ErrStepPeerNotFound,
  ConfigError,
  RaftPanic,
  type StepError,
} from "./errors";
export { validateConfig, type Config, type ResolvedConfig } from "./config";
export { MemoryStorage, limitSize, type Storage } from "./storage";
export { RaftLog } from "./log";
export { Progress, Inflights, type ProgressStateType } from "./progress";
export { ProgressTracker, type VoteResult } from "./tracker";
export type { ReadOnlyOption } from "./read-only";
export { encodeConfChange, decodeConfChange, confChangeOf } from "./confchange";
export { Raft, type CampaignType } from "./raft";
export { RawNode, type Status, type SnapshotStatus } from "./rawnode";
export { PumpNetwork, type PumpNode, type PumpNetworkOptions } from "./pump-network";
