// Put, DeleteRange, Range and Txn as etcd's apply step runs them against the store.
//
// Reference: server/etcdserver/txn/txn.go (etcd 3.6; apply.go in 3.5). The functions keep their
// upstream names. A Txn runs in three phases:
//   1. `compareToPath`: evaluate the compares of the txn, and of every nested txn on the branch
//      taken, against the state *before* the txn: the "path" of success/failure decisions;
//   2. `checkTxn`: check everything that could fail (a read of a compacted revision, a put on a
//      lease that does not exist, ignore_value on a missing key) before writing anything;
//   3. `executeTxn`: run the ops in one write transaction, so the whole txn is one revision.
// Phase 2 is what makes a txn atomic: once writing starts, nothing can fail halfway.
import { applyCompare } from "./compare";
import { KeyNotFoundError, LeaseNotFoundError } from "./errors";
import type { KVStore, RangeResult, RangeOptions, TxnWrite } from "./kv-store";
import type { Lessor } from "./lessor";
import { mkGteRange, type RangeEnd } from "./range-end";
import type {
  DeleteRangeRequest,
  DeleteRangeResponse,
  KeyValue,
  PutRequest,
  PutResponse,
  RangeRequest,
  RangeResponse,
  RequestOp,
  ResponseOp,
  TxnRequest,
  TxnResponse,
} from "./types";

/** Anything that can serve a read: the store itself, or a write txn in progress. */
export interface ReadView {
  range(key: string, end: RangeEnd, ro?: RangeOptions): RangeResult;
}

//> mvcc-execute-put
export function put(tw: TxnWrite, p: PutRequest): PutResponse {
  let value = p.value ?? "";
  let leaseId = p.lease ?? 0;
  let prev: KeyValue | undefined;
  if (p.ignoreValue || p.ignoreLease || p.prevKv) prev = tw.range(p.key, undefined).kvs[0];
  if ((p.ignoreValue || p.ignoreLease) && !prev) throw new KeyNotFoundError(p.key);
  if (p.ignoreValue) value = prev!.value;
  if (p.ignoreLease) leaseId = prev!.lease;
  const revision = tw.put(p.key, value, leaseId);
  return p.prevKv && prev ? { header: { revision }, prevKv: prev } : { header: { revision } };
}
//< mvcc-execute-put

export function deleteRange(tw: TxnWrite, dr: DeleteRangeRequest): DeleteRangeResponse {
  const end = mkGteRange(dr.rangeEnd);
  const prevKvs = dr.prevKv ? tw.range(dr.key, end).kvs : undefined;
  const { deleted, rev } = tw.deleteRange(dr.key, end);
  return prevKvs ? { header: { revision: rev }, deleted, prevKvs } : { header: { revision: rev }, deleted };
}

//> mvcc-execute-range
/** txn.go `executeRange`: limit, count, filters, sort, keys only. */
export function executeRange(view: ReadView, r: RangeRequest): RangeResponse {
  const sortOrder = r.sortOrder ?? "NONE";
  const sortTarget = r.sortTarget ?? "KEY";
  const filtered = !!(r.minModRevision || r.maxModRevision || r.minCreateRevision || r.maxCreateRevision);
  let limit = r.limit ?? 0;
  // Sorting or filtering needs every key first; otherwise fetch one extra to learn `more`.
  if (sortOrder !== "NONE" || filtered) limit = 0;
  if (limit > 0) limit++;

  const rr = view.range(r.key, mkGteRange(r.rangeEnd), { limit, rev: r.revision ?? 0, count: r.countOnly ?? false });
  let kvs = rr.kvs;
  if (r.maxModRevision) kvs = kvs.filter((kv) => kv.modRevision <= r.maxModRevision!);
  if (r.minModRevision) kvs = kvs.filter((kv) => kv.modRevision >= r.minModRevision!);
  if (r.maxCreateRevision) kvs = kvs.filter((kv) => kv.createRevision <= r.maxCreateRevision!);
  if (r.minCreateRevision) kvs = kvs.filter((kv) => kv.createRevision >= r.minCreateRevision!);

  // The index returns keys ascending; sort only when asked for something else.
  let order = sortOrder;
  if (sortTarget !== "KEY" && order === "NONE") order = "ASCEND";
  else if (sortTarget === "KEY" && order === "ASCEND") order = "NONE";
  if (order !== "NONE") {
    const by = sortKey(sortTarget);
    // A stable sort: equal elements keep key order, as Go's sort.Sort happens to for small inputs.
    kvs = [...kvs].sort((a, b) => (order === "ASCEND" ? by(a, b) : by(b, a)));
  }

  let more = false;
  if (r.limit && r.limit > 0 && kvs.length > r.limit) {
    kvs = kvs.slice(0, r.limit);
    more = true;
  }
  if (r.keysOnly) kvs = kvs.map((kv) => ({ ...kv, value: "" }));
  return { header: { revision: rr.rev }, kvs, more, count: rr.count };
}
//< mvcc-execute-range

function sortKey(target: NonNullable<RangeRequest["sortTarget"]>): (a: KeyValue, b: KeyValue) => number {
  const cmp = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  switch (target) {
    case "KEY":
      return (a, b) => cmp(a.key, b.key);
    case "VERSION":
      return (a, b) => a.version - b.version;
    case "CREATE":
      return (a, b) => a.createRevision - b.createRevision;
    case "MOD":
      return (a, b) => a.modRevision - b.modRevision;
    case "VALUE":
      return (a, b) => cmp(a.value, b.value);
  }
}

/** A txn with no put and no delete on any branch, at any depth, never takes a revision. */
export function isTxnReadonly(rt: TxnRequest): boolean {
  const ops = [...(rt.success ?? []), ...(rt.failure ?? [])];
  return ops.every((op) => "requestRange" in op || ("requestTxn" in op && isTxnReadonly(op.requestTxn)));
}

//> mvcc-compare-to-path
/** The success/failure decision of this txn, then of each nested txn on the branch taken, in order. */
export function compareToPath(view: ReadView, rt: TxnRequest): boolean[] {
  const read = (key: string, end: RangeEnd): KeyValue[] => view.range(key, end).kvs;
  const succeeded = (rt.compare ?? []).every((c) => applyCompare(read, c));
  const path = [succeeded];
  for (const op of branch(rt, succeeded)) {
    if ("requestTxn" in op) path.push(...compareToPath(view, op.requestTxn));
  }
  return path;
}
//< mvcc-compare-to-path

/** txn.go `checkTxn`: everything that could fail mid-write is checked before writing. */
export function checkTxn(s: KVStore, lessor: Lessor, rt: TxnRequest, path: boolean[]): number {
  let consumed = 1;
  for (const op of branch(rt, path[0]!)) {
    if ("requestRange" in op) {
      const rev = op.requestRange.revision ?? 0;
      if (rev > 0) s.rangeKeys(op.requestRange.key, undefined, s.currentRev, { rev, count: true }); // throws future/compacted
    } else if ("requestPut" in op) {
      const p = op.requestPut;
      if ((p.ignoreValue || p.ignoreLease) && s.range(p.key, undefined).kvs.length === 0) throw new KeyNotFoundError(p.key);
      if (p.lease && !lessor.lookup(p.lease)) throw new LeaseNotFoundError(p.lease);
    } else if ("requestTxn" in op) {
      consumed += checkTxn(s, lessor, op.requestTxn, path.slice(consumed));
    }
  }
  return consumed;
}

//> mvcc-execute-txn
export function txn(s: KVStore, lessor: Lessor, rt: TxnRequest): TxnResponse {
  const path = compareToPath(s, rt);
  checkTxn(s, lessor, rt, path);
  const tw = s.write();
  const { response } = executeTxn(tw, rt, path);
  const revision = tw.end();
  setHeaders(response, revision);
  return response;
}
//< mvcc-execute-txn

function executeTxn(tw: TxnWrite, rt: TxnRequest, path: boolean[]): { response: TxnResponse; consumed: number } {
  const succeeded = path[0]!;
  let consumed = 1;
  const responses: ResponseOp[] = [];
  for (const op of branch(rt, succeeded)) {
    if ("requestRange" in op) responses.push({ responseRange: executeRange(tw, op.requestRange) });
    else if ("requestPut" in op) responses.push({ responsePut: put(tw, op.requestPut) });
    else if ("requestDeleteRange" in op) responses.push({ responseDeleteRange: deleteRange(tw, op.requestDeleteRange) });
    else {
      const nested = executeTxn(tw, op.requestTxn, path.slice(consumed));
      consumed += nested.consumed;
      responses.push({ responseTxn: nested.response });
    }
  }
  return { response: { header: { revision: 0 }, succeeded, responses }, consumed };
}

/** Nested txn responses carry the revision of the whole txn. */
function setHeaders(resp: TxnResponse, revision: number): void {
  resp.header.revision = revision;
  for (const r of resp.responses) if ("responseTxn" in r) setHeaders(r.responseTxn, revision);
}

function branch(rt: TxnRequest, succeeded: boolean): RequestOp[] {
  return (succeeded ? rt.success : rt.failure) ?? [];
}
