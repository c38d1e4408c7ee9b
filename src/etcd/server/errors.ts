// The errors an etcd *server* (not its store) can answer with, spelled as a client sees them.
//
// The store's errors (compacted, NOSPACE, request too large, ...) live in src/etcd/mvcc/errors.ts.
// These are the ones that come from being a member of a cluster: there is no leader, the request
// timed out waiting for consensus, the leader changed under a linearizable read. Messages and
// gRPC codes are etcd's (api/v3rpc/rpctypes/error.go, server/etcdserver/errors/errors.go).
//
// The code is what a client's retry logic reads (clientv3 retry_interceptor.go): `Unavailable`
// means "try again, maybe elsewhere"; anything else is returned to the caller. Whether a retry is
// *safe* is a separate question for writes: a request that timed out may still commit later.
// `maybeApplied` on each class says which case a server error is, so a client can tell a failed
// write (it did not happen) from an unknown one (it may yet happen).
import type { GrpcCode } from "../mvcc/errors";

/** gRPC codes used by the server on top of those the store uses. */
export type ServerCode = GrpcCode | "Unavailable" | "Unknown" | "DeadlineExceeded";

/** Base class of the server's errors. */
export abstract class EtcdServerError extends Error {
  abstract readonly code: ServerCode;
  /**
   * True when the request may have been proposed and may still be applied (a timeout after
   * proposing). False when the server answered before proposing anything.
   */
  abstract readonly maybeApplied: boolean;

  protected constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

//> etcd-no-leader-error
/**
 * rpctypes `ErrGRPCNoLeader`. etcd's gRPC interceptor answers it at once, before proposing, when
 * the member knows no leader and the client asked for one (clientv3.WithRequireLeader, which
 * this course's client always sets). Without that option etcd would queue the request until
 * its timeout.
 */
export class NoLeaderError extends EtcdServerError {
  readonly code = "Unavailable";
  readonly maybeApplied = false;
  constructor() {
    super("etcdserver: no leader");
  }
}
//< etcd-no-leader-error

/** rpctypes `ErrGRPCTimeout`: the proposal (or read index) did not complete within the request timeout. */
export class RequestTimeoutError extends EtcdServerError {
  readonly code = "Unavailable";
  readonly maybeApplied = true;
  constructor(message = "etcdserver: request timed out") {
    super(message);
  }
}

/**
 * rpctypes `ErrGRPCTimeoutDueToLeaderFail`: a timeout for a request that started shortly before
 * this member became leader (v3_server.go `parseProposeCtxErr`): its proposal was most likely
 * lost with the previous leader.
 */
export class TimeoutDueToLeaderFailError extends RequestTimeoutError {
  constructor() {
    super("etcdserver: request timed out, possibly due to previous leader failure");
  }
}

/** rpctypes `ErrGRPCLeaderChanged`: the leader changed while a linearizable read waited for its read index. */
export class LeaderChangedError extends EtcdServerError {
  readonly code = "Unavailable";
  readonly maybeApplied = false;
  constructor() {
    super("etcdserver: leader changed");
  }
}

/** rpctypes `ErrGRPCStopped`: the member is shutting down. */
export class ServerStoppedError extends EtcdServerError {
  readonly code = "Unavailable";
  readonly maybeApplied = false;
  constructor() {
    super("etcdserver: server stopped");
  }
}

/**
 * rpctypes `ErrGRPCRequestTooManyRequests`: committed entries are more than 5000 ahead of applied
 * ones (v3_server.go `maxGapBetweenApplyAndCommitIndex`); the member sheds load instead of proposing.
 */
export class TooManyRequestsError extends EtcdServerError {
  readonly code = "ResourceExhausted";
  readonly maybeApplied = false;
  constructor() {
    super("etcdserver: too many requests");
  }
}

/**
 * Raft refused the proposal (raft.ErrProposalDropped: a leadership transfer is in progress, or
 * the node is not in a state to forward). etcd has no gRPC mapping for it, so a client sees code
 * Unknown with Raft's own message, and clientv3 does not retry it.
 */
export class ProposalDroppedError extends EtcdServerError {
  readonly code = "Unknown";
  readonly maybeApplied = false;
  constructor(readonly reason: string) {
    super("raft proposal dropped");
  }
}

// ---- Client side: errors that no server sent ----------------------------------------------------

/**
 * The member's address did not accept a connection (its process is down). gRPC reports
 * "connection refused" as code Unavailable before anything was sent, so it is always safe to
 * try another endpoint.
 */
export class ConnectionRefusedError extends EtcdServerError {
  readonly code = "Unavailable";
  readonly maybeApplied = false;
  constructor(readonly endpoint: string) {
    super(`connection error: dial ${endpoint}: connect: connection refused`);
  }
}

/**
 * An attempt got no answer in time: the member, or the network to it, is gone. The request may
 * have arrived and been proposed, so for a write the outcome is unknown.
 */
export class NoResponseError extends EtcdServerError {
  readonly code = "Unavailable";
  readonly maybeApplied = true;
  constructor(readonly endpoint: string, readonly waitedMs: number) {
    super(`no response from ${endpoint} within ${waitedMs} ms`);
  }
}

/**
 * The caller's deadline passed (gRPC `context deadline exceeded`). `lastError` is what the last
 * attempt got, which usually says why.
 */
export class DeadlineExceededError extends EtcdServerError {
  readonly code = "DeadlineExceeded";
  readonly maybeApplied: boolean;
  constructor(readonly lastError: Error | undefined, maybeApplied: boolean) {
    super(`context deadline exceeded${lastError ? ` (last error: ${lastError.message})` : ""}`);
    this.maybeApplied = maybeApplied;
  }
}
