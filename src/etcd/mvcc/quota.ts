// The space quota: how etcd stops a database from filling the disk.
//
// Every write is charged a *cost* before it is applied (server/storage/quota.go): a put costs
// its key and value plus 256 bytes of estimated metadata (`kvOverhead`), a txn costs the larger
// of its two branches' puts, a lease grant 64 bytes (`leaseOverhead`); reads and deletes cost
// nothing. A request is admitted when `size + cost < quota`, where `size` is the backend *file*
// size, not the size in use.
//
// When a request does not fit, etcd raises the NOSPACE alarm. From then on the member is
// "capped" (server/etcdserver/apply/capped.go, `applierV3Capped`): puts, lease grants and
// txns that contain a put fail with "etcdserver: mvcc: database space exceeded", while
// reads, deletes, compaction and read-only or delete-only txns still work. Deletes must work:
// they are how an operator makes room. The alarm stays until someone disarms it
// (`etcdctl alarm disarm`); the documented recovery is compact, defragment, disarm
// (etcd.io/docs/v3.6/op-guide/maintenance/#space-quota).
//
// Default quota 2 GiB; etcd warns at startup above the suggested maximum of 8 GiB
// (etcd.io/docs/v3.6/dev-guide/limit/). A negative quota disables the check; 0 means default.
//
// SIMPLIFICATION: etcd checks the quota twice, once before proposing (the gRPC layer raises the
// alarm and fails the request) and once at apply (the write is applied, then reported as
// NOSPACE). This store checks once, at apply, and rejects the write without applying it.
import { utf8Length } from "./range-end";
import type { PutRequest, RequestOp, StoreCommand, TxnRequest } from "./types";

/** storage/quota.go DefaultQuotaBytes. */
export const DEFAULT_QUOTA_BYTES = 2 * 1024 * 1024 * 1024;
/** storage/quota.go MaxQuotaBytes: the suggested maximum, not a hard limit. */
export const MAX_QUOTA_BYTES = 8 * 1024 * 1024 * 1024;
const KV_OVERHEAD = 256;
const LEASE_OVERHEAD = 64;

export function costPut(r: PutRequest): number {
  return KV_OVERHEAD + utf8Length(r.key) + utf8Length(r.value ?? "");
}

function costOps(ops: RequestOp[] | undefined): number {
  // Like etcd's costTxnReq, only top-level puts of a branch are counted.
  return (ops ?? []).reduce((sum, op) => sum + ("requestPut" in op ? costPut(op.requestPut) : 0), 0);
}

export function costTxn(r: TxnRequest): number {
  return Math.max(costOps(r.success), costOps(r.failure));
}

//> mvcc-quota-cost
/** quota.go `Cost`: bytes this command is expected to add; 0 for reads, deletes, revokes. */
export function cost(command: StoreCommand): number {
  switch (command.type) {
    case "put":
      return costPut(command.request);
    case "txn":
      return costTxn(command.request);
    case "leaseGrant":
      return LEASE_OVERHEAD;
    default:
      return 0;
  }
}

/** quota.go `Available`: does a request of this cost fit? Free requests always do. */
export function available(quotaBytes: number, dbSize: number, requestCost: number): boolean {
  if (quotaBytes < 0 || requestCost === 0) return true;
  const quota = quotaBytes === 0 ? DEFAULT_QUOTA_BYTES : quotaBytes;
  return dbSize + requestCost < quota;
}
//< mvcc-quota-cost
