// Checks a request must pass before it is even proposed: the gRPC layer's job in etcd.
//
//   - Request size. etcd refuses to propose a request whose encoding is larger than
//     --max-request-bytes, 1.5 MiB by default (server/etcdserver/v3_server.go,
//     `processInternalRaftRequestOnce`: "etcdserver: request is too large"). Large entries make
//     every follower's append, every snapshot and every watch slower; etcd is for metadata.
//   - Empty keys (api/v3rpc/key.go `checkPutRequest` and friends).
//   - Transactions: at most --max-txn-ops (128) operations per branch and compares
//     (`checkTxnRequest`), and no key written twice on one branch (`checkIntervals`): a put
//     may not repeat a key or fall inside a delete range of the same txn, because the outcome
//     would depend on the order of the ops.
//
// They run inside `apply` too, so a command that bypassed them cannot corrupt the state.
//
// SIMPLIFICATION: etcd measures the protobuf encoding of the request; this measures the UTF-8
// JSON encoding of the command, a few dozen bytes larger for the same request.
import { DuplicateKeyError, EmptyKeyError, InvalidCommandError, RequestTooLargeError, TooManyOpsError } from "./errors";
import { inRange, mkGteRange, utf8Length, type RangeEnd } from "./range-end";
import type { RequestOp, StoreCommand, TxnRequest } from "./types";

/** --max-request-bytes default: 1.5 MiB (embed/config.go DefaultMaxRequestBytes = 1.5 * 1024 * 1024). */
export const DEFAULT_MAX_REQUEST_BYTES = 1572864;
/** --max-txn-ops default (embed/config.go DefaultMaxTxnOps). */
export const DEFAULT_MAX_TXN_OPS = 128;

/** Size of a command as this store measures it: its JSON encoding, in UTF-8 bytes. */
export function requestBytes(command: StoreCommand): number {
  return utf8Length(JSON.stringify(command));
}

//> mvcc-check-request-size
export function checkRequestSize(command: StoreCommand, maxRequestBytes: number): void {
  const bytes = requestBytes(command);
  if (bytes > maxRequestBytes) throw new RequestTooLargeError(bytes, maxRequestBytes);
}
//< mvcc-check-request-size

//> mvcc-validate
/** Everything about a command that can be checked without looking at the store. */
export function validate(command: StoreCommand, maxTxnOps: number): void {
  switch (command.type) {
    case "range":
    case "put":
    case "deleteRange":
      checkKey(command.request.key);
      return;
    case "txn":
      checkTxnRequest(command.request, maxTxnOps);
      return;
    case "compaction":
      checkFinite("compaction revision", command.request.revision);
      return;
    case "leaseGrant":
      checkFinite("lease TTL", command.request.ttl);
      checkFinite("lease grant time (now)", command.now);
      return;
    case "leaseKeepAlive":
      checkFinite("lease keep-alive time (now)", command.now);
      return;
    case "leaseRevoke":
    case "alarm":
      return;
    default:
      throw new InvalidCommandError(`unknown command type ${JSON.stringify((command as { type: unknown }).type)}`);
  }
}
//< mvcc-validate

function checkFinite(what: string, n: unknown): void {
  if (typeof n !== "number" || !Number.isFinite(n)) throw new InvalidCommandError(`${what} must be a finite number, got ${typeof n === "number" ? String(n) : JSON.stringify(n)}`);
}

export function checkKey(key: string): void {
  if (key.length === 0) throw new EmptyKeyError();
}

/** key.go `checkRequestOp`, recursively. */
function checkRequestOp(op: RequestOp, maxTxnOps: number): void {
  if ("requestRange" in op) checkKey(op.requestRange.key);
  else if ("requestPut" in op) checkKey(op.requestPut.key);
  else if ("requestDeleteRange" in op) checkKey(op.requestDeleteRange.key);
  else checkTxnRequest(op.requestTxn, maxTxnOps);
}

//> mvcc-check-txn-request
export function checkTxnRequest(r: TxnRequest, maxTxnOps: number): void {
  const opc = Math.max(r.compare?.length ?? 0, r.success?.length ?? 0, r.failure?.length ?? 0);
  if (opc > maxTxnOps) throw new TooManyOpsError(opc, maxTxnOps);
  for (const c of r.compare ?? []) checkKey(c.key);
  for (const op of [...(r.success ?? []), ...(r.failure ?? [])]) checkRequestOp(op, maxTxnOps);
  checkIntervals(r.success ?? []);
  checkIntervals(r.failure ?? []);
}
//< mvcc-check-txn-request

interface Interval {
  start: string;
  end: RangeEnd;
}

/**
 * key.go `checkIntervals`: the keys this branch puts and the ranges it deletes, including those
 * of nested txns. A key put in both the success and the failure branch of one nested txn is
 * fine: only one of them runs.
 */
function checkIntervals(reqs: RequestOp[]): { puts: Set<string>; dels: Interval[] } {
  const dels: Interval[] = [];
  for (const op of reqs) {
    if ("requestDeleteRange" in op) dels.push({ start: op.requestDeleteRange.key, end: mkGteRange(op.requestDeleteRange.rangeEnd) });
  }
  const deleted = (k: string): boolean => dels.some((d) => inRange(k, d.start, d.end));
  const puts = new Set<string>();
  for (const op of reqs) {
    if (!("requestTxn" in op)) continue;
    const thenSide = checkIntervals(op.requestTxn.success ?? []);
    const elseSide = checkIntervals(op.requestTxn.failure ?? []);
    for (const k of thenSide.puts) {
      if (puts.has(k) || deleted(k)) throw new DuplicateKeyError(k);
      puts.add(k);
    }
    for (const k of elseSide.puts) {
      if ((puts.has(k) && !thenSide.puts.has(k)) || deleted(k)) throw new DuplicateKeyError(k);
      puts.add(k);
    }
    dels.push(...thenSide.dels, ...elseSide.dels);
  }
  for (const op of reqs) {
    if (!("requestPut" in op)) continue;
    const k = op.requestPut.key;
    if (puts.has(k) || deleted(k)) throw new DuplicateKeyError(k);
    puts.add(k);
  }
  return { puts, dels };
}
