// What a client asks an etcd member, what it answers, and what travels on the simulated network.
//
// The requests are etcd's KV, Lease and Maintenance RPCs (api/etcdserverpb/rpc.proto), with the
// store's message types from src/etcd/mvcc. Two kinds of requests exist from the server's point of
// view, and the difference is the whole of chapter 3's write path:
//
//   - writes (put, delete, txn with a write, compaction, lease grant/revoke/keep-alive, alarms)
//     become a Raft entry `{ id, command }` and are answered when the entry is applied;
//   - reads (range, read-only txn, lease time-to-live, status, hash) are served from the member's
//     own store, after a ReadIndex round unless the client asked for a serializable read.
//
// SIMPLIFICATION: etcd renews a lease on the leader's lessor without a Raft entry (and forwards a
// keep-alive that reaches a follower to the leader over HTTP); here a keep-alive is a Raft entry
// stamped with the proposer's clock, because the store's lease expiry is replicated state.
import type { RaftWire } from "./transport";
import type {
  AlarmRequest, CompactionRequest, DeleteRangeRequest, LeaseGrantRequest, PutRequest, RangeRequest,
  RequestOp, ResponseByType, StoreCommand, TxnRequest, LeaseTimeToLiveResponse,
} from "../mvcc/types";
import type { NodeId } from "../raft/types";

/** A request as a client sends it. Lease commands carry no `now`: the member stamps it. */
export type ClientRequest =
  | { type: "range"; request: RangeRequest; serializable?: boolean }
  | { type: "put"; request: PutRequest }
  | { type: "deleteRange"; request: DeleteRangeRequest }
  | { type: "txn"; request: TxnRequest; serializable?: boolean }
  | { type: "compaction"; request: CompactionRequest }
  | { type: "leaseGrant"; request: LeaseGrantRequest }
  | { type: "leaseRevoke"; request: { id: number } }
  | { type: "leaseKeepAlive"; request: { id: number } }
  | { type: "leaseTimeToLive"; request: { id: number; keys?: boolean } }
  | { type: "alarm"; request: AlarmRequest }
  | { type: "status" }
  | { type: "hashKV"; request: { revision?: number } };

/** etcdserverpb.StatusResponse: what `etcdctl endpoint status` prints. */
export interface EndpointStatus {
  header: { clusterId: string; memberId: NodeId; revision: number; raftTerm: number };
  leader: NodeId;
  dbSize: number;
  dbSizeInUse: number;
  raftIndex: number;
  raftTerm: number;
  raftAppliedIndex: number;
  errors: string[];
}

export interface HashKVResponse {
  header: { revision: number };
  hash: number;
  hashRevision: number;
  compactRevision: number;
}

/** The response type of each client request. */
export interface ClientResponseByType extends ResponseByType {
  leaseTimeToLive: LeaseTimeToLiveResponse;
  status: EndpointStatus;
  hashKV: HashKVResponse;
}

/** What the member answers: the response, or the error (a store error or a server error). */
export type ClientResult<R = ClientResponseByType[ClientRequest["type"]]> =
  | { ok: true; response: R }
  | { ok: false; error: Error };

/** Where and how a response was produced, as etcd's ResponseHeader says (cluster, member, term). */
export interface ServedBy {
  clusterId: string;
  memberId: NodeId;
  raftTerm: number;
}

/** Messages on the simulated network: Raft's own, plus client requests and responses. */
export type EtcdWire =
  | RaftWire
  | { kind: "client-request"; callId: number; request: ClientRequest }
  | { kind: "client-response"; callId: number; result: ClientResult; servedBy: ServedBy };

/** The payload of a Raft entry proposed by this server: etcd's InternalRaftRequest with its header ID. */
export interface RaftRequest {
  id: string;
  command: StoreCommand;
}

//> etcd-is-txn-readonly
/** txn.IsTxnReadonly: a txn whose every branch, nested txns included, only reads. */
export function isTxnReadonly(r: TxnRequest): boolean {
  const readOnly = (ops: RequestOp[] | undefined): boolean =>
    (ops ?? []).every((op) => "requestRange" in op || ("requestTxn" in op && isTxnReadonly(op.requestTxn)));
  return readOnly(r.success) && readOnly(r.failure);
}
//< etcd-is-txn-readonly

/** True when the request is served from the member's store without a Raft entry. */
export function isRead(r: ClientRequest): boolean {
  switch (r.type) {
    case "range":
    case "leaseTimeToLive":
    case "status":
    case "hashKV":
      return true;
    case "txn":
      return isTxnReadonly(r.request);
    default:
      // Including alarm GET: etcd's Alarm RPC goes through Raft whatever the action.
      return false;
  }
}

/** A short text of a request for traces and explanations: `put /a=1`, `range /a`. */
export function describeRequest(r: ClientRequest): string {
  switch (r.type) {
    case "range":
      return `range ${r.request.key}${r.request.rangeEnd !== undefined ? `..${r.request.rangeEnd}` : ""}${r.serializable ? " (serializable)" : ""}`;
    case "put":
      return `put ${r.request.key}=${r.request.value ?? ""}`;
    case "deleteRange":
      return `delete ${r.request.key}${r.request.rangeEnd !== undefined ? `..${r.request.rangeEnd}` : ""}`;
    case "txn":
      return `txn (${r.request.compare?.length ?? 0} compares)`;
    case "compaction":
      return `compact ${r.request.revision}`;
    case "leaseGrant":
      return `lease grant ttl=${r.request.ttl}`;
    case "leaseRevoke":
    case "leaseKeepAlive":
    case "leaseTimeToLive":
      return `${r.type} ${r.request.id}`;
    case "alarm":
      return `alarm ${r.request.action}`;
    case "status":
      return "status";
    case "hashKV":
      return `hashkv ${r.request.revision ?? 0}`;
  }
}
