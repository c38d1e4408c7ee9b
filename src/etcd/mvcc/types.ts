// The data the store speaks: etcd's v3 API messages (api/etcdserverpb/rpc.proto and
// api/mvccpb/kv.proto), with field names in camelCase, and the commands the Raft log carries.
//
// SIMPLIFICATION: etcd keys and values are byte strings; here they are JavaScript strings.
// Keys are ordered by UTF-16 code units, which is the same as etcd's byte order for ASCII (every
// `/registry/...` key the API server writes) and for all characters below U+E000. Sizes are
// counted in UTF-8 bytes, as etcd counts them. Revisions, versions and lease IDs are numbers:
// exact up to 2^53, far beyond anything a simulation reaches.
//
// Every mutating operation is a `StoreCommand`: plain JSON, so it can be an entry in the Raft
// log, and applying it depends only on the store's state and the command. Time enters only as
// the `now` field of lease commands, stamped by whoever proposed them.
import type { MvccError } from "./errors";

/** A key's state at one revision. mvccpb.KeyValue. */
export interface KeyValue {
  key: string;
  /** Revision of the put that created this generation of the key. */
  createRevision: number;
  /** Revision of the last change to the key. */
  modRevision: number;
  /** Number of puts since the key was (re)created: 1 after the first put, reset by a delete. */
  version: number;
  value: string;
  /** Lease the key is attached to, 0 for none. */
  lease: number;
}

/** etcdserverpb.ResponseHeader, without cluster_id, member_id and raft_term (a single store has none). */
export interface ResponseHeader {
  /** The store's revision when the request was applied. */
  revision: number;
}

export type SortOrder = "NONE" | "ASCEND" | "DESCEND";
export type SortTarget = "KEY" | "VERSION" | "CREATE" | "MOD" | "VALUE";

/** etcdserverpb.RangeRequest. */
export interface RangeRequest {
  key: string;
  /**
   * Omitted or "": the single key `key`. "\0": every key >= `key`. Otherwise every key in
   * [key, rangeEnd). `getPrefix(key)` computes the end for "all keys starting with key".
   */
  rangeEnd?: string;
  /** 0 or omitted: no limit. */
  limit?: number;
  /** Read at this past revision; 0 or omitted: the current one. */
  revision?: number;
  sortOrder?: SortOrder;
  sortTarget?: SortTarget;
  keysOnly?: boolean;
  countOnly?: boolean;
  minModRevision?: number;
  maxModRevision?: number;
  minCreateRevision?: number;
  maxCreateRevision?: number;
}

export interface RangeResponse {
  header: ResponseHeader;
  kvs: KeyValue[];
  /** True when `limit` cut the result short. */
  more: boolean;
  /** Number of keys in the range at that revision, before `limit`. */
  count: number;
}

/** etcdserverpb.PutRequest. */
export interface PutRequest {
  key: string;
  value?: string;
  /** Attach the key to this lease (0 or omitted: detach). */
  lease?: number;
  /** Return the key's previous state in the response. */
  prevKv?: boolean;
  /** Keep the current value (the key must exist). */
  ignoreValue?: boolean;
  /** Keep the current lease (the key must exist). */
  ignoreLease?: boolean;
}

export interface PutResponse {
  header: ResponseHeader;
  prevKv?: KeyValue;
}

/** etcdserverpb.DeleteRangeRequest. `rangeEnd` as in RangeRequest. */
export interface DeleteRangeRequest {
  key: string;
  rangeEnd?: string;
  prevKv?: boolean;
}

export interface DeleteRangeResponse {
  header: ResponseHeader;
  deleted: number;
  prevKvs?: KeyValue[];
}

export type CompareResult = "EQUAL" | "GREATER" | "LESS" | "NOT_EQUAL";

/** etcdserverpb.Compare: one condition of a txn, on a key or on every key of a range. */
export type Compare = {
  key: string;
  rangeEnd?: string;
  result: CompareResult;
} & (
  | { target: "VALUE"; value: string }
  | { target: "VERSION"; version: number }
  | { target: "CREATE"; createRevision: number }
  | { target: "MOD"; modRevision: number }
  | { target: "LEASE"; lease: number }
);

/** etcdserverpb.RequestOp. */
export type RequestOp =
  | { requestRange: RangeRequest }
  | { requestPut: PutRequest }
  | { requestDeleteRange: DeleteRangeRequest }
  | { requestTxn: TxnRequest };

/** etcdserverpb.ResponseOp. */
export type ResponseOp =
  | { responseRange: RangeResponse }
  | { responsePut: PutResponse }
  | { responseDeleteRange: DeleteRangeResponse }
  | { responseTxn: TxnResponse };

/** etcdserverpb.TxnRequest: if every compare holds, run `success`, else `failure`. */
export interface TxnRequest {
  compare?: Compare[];
  success?: RequestOp[];
  failure?: RequestOp[];
}

export interface TxnResponse {
  header: ResponseHeader;
  succeeded: boolean;
  responses: ResponseOp[];
}

export interface CompactionRequest {
  revision: number;
  /** etcd waits for the backend deletion when set; here compaction is always finished on return. */
  physical?: boolean;
}

export interface CompactionResponse {
  header: ResponseHeader;
}

export interface LeaseGrantRequest {
  /** Seconds. Raised to the minimum TTL when smaller. */
  ttl: number;
  /** 0 or omitted: the store picks the next free ID. */
  id?: number;
}

export interface LeaseGrantResponse {
  header: ResponseHeader;
  id: number;
  /** The TTL actually granted, in seconds. */
  ttl: number;
}

export interface LeaseRevokeResponse {
  header: ResponseHeader;
}

export interface LeaseKeepAliveResponse {
  header: ResponseHeader;
  id: number;
  ttl: number;
}

export interface LeaseTimeToLiveResponse {
  header: ResponseHeader;
  id: number;
  /** Remaining seconds, truncated; -1 when the lease does not exist (etcdctl: "already expired"). */
  ttl: number;
  grantedTtl: number;
  keys?: string[];
}

export type AlarmType = "NOSPACE";

export interface AlarmRequest {
  action: "GET" | "ACTIVATE" | "DEACTIVATE";
  alarm?: AlarmType;
}

export interface AlarmResponse {
  header: ResponseHeader;
  alarms: AlarmType[];
}

//> mvcc-store-command
/**
 * One entry of the replicated log. Applying the same commands in the same order to two stores
 * gives the same state, byte for byte: there is no clock read and no randomness inside `apply`.
 * Lease commands carry `now` (virtual milliseconds), stamped once by the proposer.
 */
export type StoreCommand =
  | { type: "range"; request: RangeRequest }
  | { type: "put"; request: PutRequest }
  | { type: "deleteRange"; request: DeleteRangeRequest }
  | { type: "txn"; request: TxnRequest }
  | { type: "compaction"; request: CompactionRequest }
  | { type: "leaseGrant"; request: LeaseGrantRequest; now: number }
  | { type: "leaseRevoke"; request: { id: number } }
  | { type: "leaseKeepAlive"; request: { id: number }; now: number }
  | { type: "alarm"; request: AlarmRequest };
//< mvcc-store-command

/** The response type of each command. */
export interface ResponseByType {
  range: RangeResponse;
  put: PutResponse;
  deleteRange: DeleteRangeResponse;
  txn: TxnResponse;
  compaction: CompactionResponse;
  leaseGrant: LeaseGrantResponse;
  leaseRevoke: LeaseRevokeResponse;
  leaseKeepAlive: LeaseKeepAliveResponse;
  alarm: AlarmResponse;
}

/** What `apply` returns: a response, or the error a client would see. Never throws for those. */
export type StoreResult<R = ResponseByType[StoreCommand["type"]]> =
  | { ok: true; response: R }
  | { ok: false; error: MvccError };
