// The errors of the Raft package, named as in etcd-io/raft so that `instanceof ErrCompacted`
// reads like Go's `err == ErrCompacted`. Messages are etcd's, with the numbers that explain them.

/** Storage: the requested index is older than the first index kept (it went into a snapshot). */
export class ErrCompacted extends Error {
  constructor(index?: number, firstIndex?: number) {
    super(
      "requested index is unavailable due to compaction" +
        (index === undefined ? "" : ` (index ${index}, first available ${firstIndex ?? "?"})`),
    );
    this.name = "ErrCompacted";
  }
}

/** Storage: the requested index is newer than the last index stored. */
export class ErrUnavailable extends Error {
  constructor(index?: number, lastIndex?: number) {
    super("requested entry at index is unavailable" + (index === undefined ? "" : ` (index ${index}, last ${lastIndex ?? "?"})`));
    this.name = "ErrUnavailable";
  }
}

/** Storage: a snapshot older than the one already held was offered. */
export class ErrSnapOutOfDate extends Error {
  constructor(index?: number, current?: number) {
    super(
      "requested index is older than the existing snapshot" +
        (index === undefined ? "" : ` (index ${index}, snapshot at ${current ?? "?"})`),
    );
    this.name = "ErrSnapOutOfDate";
  }
}

/** Storage: no snapshot can be produced right now; the leader will retry later. */
export class ErrSnapshotTemporarilyUnavailable extends Error {
  constructor() {
    super("snapshot is temporarily unavailable");
    this.name = "ErrSnapshotTemporarilyUnavailable";
  }
}

/**
 * A proposal (or conf change) was not appended: there is no leader to forward it to, a leadership
 * transfer is in progress, or this node was removed. The caller may retry, typically after a new
 * leader is known. `reason` says which case it was.
 */
export class ErrProposalDropped extends Error {
  constructor(readonly reason: string) {
    super(`raft proposal dropped: ${reason}`);
    this.name = "ErrProposalDropped";
  }
}

/** RawNode.step was given a message that only the node itself may create (MsgHup, MsgBeat, ...). */
export class ErrStepLocalMsg extends Error {
  constructor(type: string) {
    super(`raft: cannot step raft local message (${type})`);
    this.name = "ErrStepLocalMsg";
  }
}

/** RawNode.step was given a response from a node this leader does not track. */
export class ErrStepPeerNotFound extends Error {
  constructor(from: number) {
    super(`raft: cannot step as peer not found (from ${from})`);
    this.name = "ErrStepPeerNotFound";
  }
}

/** What `step`, `propose` and friends can return instead of succeeding. */
export type StepError = ErrProposalDropped | ErrStepLocalMsg | ErrStepPeerNotFound;

/** An invalid `Config`; the message names the broken rule, as etcd-io/raft's validate() does. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(`raft config: ${message}`);
    this.name = "ConfigError";
  }
}

/**
 * An invariant of the algorithm was broken: a bug in this package or a driver that broke the
 * Ready contract (etcd panics in the same places). Never caught and retried.
 */
export class RaftPanic extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RaftPanic";
  }
}

export function panic(message: string): never {
  throw new RaftPanic(message);
}
