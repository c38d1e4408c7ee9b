// The request paths of an etcd member: how a write becomes a Raft entry and comes back as an
// answer, and how a read is made linearizable without one.
//
// Writes follow v3_server.go `processInternalRaftRequestOnce`, after the gRPC layer's checks:
//
//   1. no leader known               → "etcdserver: no leader" (the require-leader interceptor)
//   2. commit index > applied + 5000 → "etcdserver: too many requests"
//   3. request too large, bad shape  → the store's errors (v3rpc key.go checks, 1.5 MiB limit)
//   4. would not fit in the quota    → propose the NOSPACE alarm, answer "database space exceeded"
//                                      (v3rpc/quota.go `quotaAlarmer.check`)
//   5. register the request ID in the wait registry, propose `{ id, command }` to Raft
//      (a follower's Raft forwards the proposal to the leader: any member accepts writes)
//   6. answer with the apply result, or after the request timeout with "request timed out"
//      (the entry may still commit: the answer does not say it will not).
//
// Reads: `serializable` ones come straight from the local store, even without a leader (they may
// be stale); the others wait for the read loop (read-loop.ts) first. Status and HashKV are
// per-member maintenance calls and never wait.
//
// SIMPLIFICATION: etcd checks `--max-request-bytes` against the protobuf encoding; this measures
// the JSON command (mvcc/validation.ts). Metrics for requests (grpc_server_handled_total) are not kept.
import type { TimerId } from "../../sim/clock";
import { MvccError, NoSpaceError } from "../mvcc/errors";
import type { MvccStore } from "../mvcc/mvcc-store";
import { available, cost } from "../mvcc/quota";
import type { StoreCommand } from "../mvcc/types";
import { checkRequestSize, validate } from "../mvcc/validation";
import type { ReadLoop } from "./read-loop";
import type { RaftNode } from "./raft-node";
import type { ApplyLayer } from "./apply";
import { NoLeaderError, ProposalDroppedError, RequestTimeoutError, TimeoutDueToLeaderFailError, TooManyRequestsError } from "./errors";
import { isRead, type ClientRequest, type ClientResult, type EndpointStatus } from "./requests";

/** v3_server.go maxGapBetweenApplyAndCommitIndex. */
export const MAX_GAP_BETWEEN_APPLY_AND_COMMIT_INDEX = 5000;

/** What the request paths need from a member (EtcdMember implements it). */
export interface ServerContext {
  readonly id: number;
  readonly clusterId: string;
  readonly node: RaftNode;
  readonly applier: ApplyLayer;
  readonly readLoop: ReadLoop;
  readonly store: MvccStore;
  readonly clock: { now(): number; clearTimer(id: TimerId): void };
  readonly requestTimeoutMs: number;
  readonly electionTimeoutMs: number;
  readonly leadElectedTime: number;
  readonly stats: { proposalsFailed: number; proposalsPending: number };
  nextRequestId(): string;
  proposeInternal(command: StoreCommand): Error | undefined;
  setTimer(ms: number, callback: () => void, label: string): TimerId;
}

type Reply = (result: ClientResult) => void;

export function serveRequest(s: ServerContext, request: ClientRequest, reply: Reply): void {
  if (isRead(request)) serveRead(s, request, reply);
  else serveWrite(s, request, reply);
}

//> etcd-serve-read
function serveRead(s: ServerContext, request: ClientRequest, reply: Reply): void {
  const local = (): void => reply(readLocal(s, request));
  const serializable = "serializable" in request && request.serializable === true;
  if (request.type === "status" || request.type === "hashKV" || serializable) return local();
  if (s.node.leader === 0) return reply({ ok: false, error: new NoLeaderError() });
  s.readLoop.wait((error) => (error ? reply({ ok: false, error }) : local()));
}
//< etcd-serve-read

function readLocal(s: ServerContext, request: ClientRequest): ClientResult {
  const store = s.store;
  try {
    switch (request.type) {
      case "range":
        return store.apply({ type: "range", request: request.request });
      case "txn":
        return store.apply({ type: "txn", request: request.request }); // read-only: changes nothing
      case "leaseTimeToLive":
        return { ok: true, response: store.leaseTimeToLive(request.request.id, s.clock.now(), request.request.keys ?? false) };
      case "hashKV":
        return { ok: true, response: store.hashKV(request.request.revision ?? 0) };
      case "status":
        return { ok: true, response: endpointStatus(s) };
      default:
        throw new Error(`not a read: ${request.type}`);
    }
  } catch (err: unknown) {
    if (err instanceof MvccError) return { ok: false, error: err };
    throw err;
  }
}

/** Maintenance.Status of this member. */
export function endpointStatus(s: ServerContext): EndpointStatus {
  const st = s.store.status();
  const term = s.node.term;
  return {
    header: { clusterId: s.clusterId, memberId: s.id, revision: st.header.revision, raftTerm: term },
    leader: s.node.leader,
    dbSize: st.dbSize,
    dbSizeInUse: st.dbSizeInUse,
    raftIndex: s.node.committed,
    raftTerm: term,
    raftAppliedIndex: s.applier.applied,
    errors: st.alarms.map((a) => `memberID:${s.id} alarm:${a}`),
  };
}

/** The command a write becomes. Lease commands are stamped with this member's clock. */
function toCommand(request: ClientRequest, now: number): StoreCommand {
  switch (request.type) {
    case "leaseGrant":
    case "leaseKeepAlive":
      return { type: request.type, request: request.request, now } as StoreCommand;
    case "put":
    case "deleteRange":
    case "txn":
    case "compaction":
    case "leaseRevoke":
    case "alarm":
      return { type: request.type, request: request.request } as StoreCommand;
    default:
      throw new Error(`not a write: ${request.type}`);
  }
}

//> etcd-process-internal-raft-request
function serveWrite(s: ServerContext, request: ClientRequest, reply: Reply): void {
  if (s.node.leader === 0) return reply({ ok: false, error: new NoLeaderError() });
  if (s.node.committed > s.applier.applied + MAX_GAP_BETWEEN_APPLY_AND_COMMIT_INDEX) {
    return reply({ ok: false, error: new TooManyRequestsError() });
  }
  const command = toCommand(request, s.clock.now());
  try {
    checkRequestSize(command, s.store.config.maxRequestBytes);
    validate(command, s.store.config.maxTxnOps);
  } catch (err: unknown) {
    if (err instanceof MvccError) return reply({ ok: false, error: err });
    throw err;
  }
  // quotaKVServer: a write that would not fit raises the alarm (through Raft) and is refused.
  // SIMPLIFICATION: reads the backend size directly; MvccStore.status() would count every key.
  if (!available(s.store.config.quotaBackendBytes, s.store.kv.backend.size, cost(command))) {
    s.proposeInternal({ type: "alarm", request: { action: "ACTIVATE", alarm: "NOSPACE" } });
    return reply({ ok: false, error: new NoSpaceError() });
  }

  const id = s.nextRequestId();
  const start = s.clock.now();
  let timer: TimerId | undefined;
  let answered = false;
  s.applier.wait.register(id, (result) => {
    answered = true;
    if (timer !== undefined) {
      s.clock.clearTimer(timer);
      s.stats.proposalsPending--;
    }
    reply(result);
  });
  const err = s.node.propose(JSON.stringify({ id, command }));
  if (err) {
    s.stats.proposalsFailed++;
    s.applier.wait.cancel(id);
    return reply({ ok: false, error: new ProposalDroppedError(err.message) });
  }
  if (answered) return;
  s.stats.proposalsPending++;
  timer = s.setTimer(s.requestTimeoutMs, () => {
    if (!s.applier.wait.cancel(id)) return;
    s.stats.proposalsPending--;
    s.stats.proposalsFailed++;
    reply({ ok: false, error: parseProposeCtxErr(s, start) });
  }, `request timeout ${id}`);
}
//< etcd-process-internal-raft-request

/**
 * v3_server.go `parseProposeCtxErr`: a request that started within two election timeouts before
 * this member became leader most likely went to the leader that failed.
 */
function parseProposeCtxErr(s: ServerContext, start: number): RequestTimeoutError {
  const prevLeadLost = s.leadElectedTime - 2 * s.electionTimeoutMs;
  if (start > prevLeadLost && start < s.leadElectedTime) return new TimeoutDueToLeaderFailError();
  return new RequestTimeoutError();
}
