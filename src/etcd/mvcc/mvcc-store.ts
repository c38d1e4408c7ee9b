// The store as a state machine: `apply(command)` is the only way to change it.
//
// This is the piece that sits under Raft. Every member applies the same committed commands in
// the same order; because `apply` reads no clock, draws no random number and iterates nothing
// in hash order, every member ends in the same state, and `hashKV()` can prove it. It mirrors
// etcd's apply path (server/etcdserver/apply/apply.go, `applierV3backend`), with the quota
// decorator folded in (`quotaApplierV3`, `applierV3Capped`).
//
// `apply` never throws for an error a client can cause: it returns `{ ok: false, error }` with
// etcd's message, and a failed command changes nothing (except raising the NOSPACE alarm, which
// is itself replicated state in etcd). The convenience methods (`put`, `txn`, ...) build the
// command, apply it, and throw the error: handy in tests and notebooks.
//
// What is *not* part of the replicated state: watchers (each member serves its own), and the
// backend file size, which `defragment()` (a per-member maintenance call in etcd, never
// proposed through Raft) changes.
import { CompactedError, FutureRevisionError, LeaseNotFoundError, MvccError, NoSpaceError } from "./errors";
import { hashRecords } from "./hash";
import { KVStore } from "./kv-store";
import { DEFAULT_MIN_LEASE_TTL, Lessor } from "./lessor";
import { available, cost, DEFAULT_QUOTA_BYTES } from "./quota";
import { deleteRange, executeRange, put, txn } from "./txn";
import type {
  AlarmResponse,
  AlarmType,
  DeleteRangeRequest,
  LeaseTimeToLiveResponse,
  PutRequest,
  RangeRequest,
  RangeResponse,
  ResponseByType,
  StoreCommand,
  StoreResult,
  TxnRequest,
} from "./types";
import { checkRequestSize, DEFAULT_MAX_REQUEST_BYTES, DEFAULT_MAX_TXN_OPS, validate } from "./validation";
import { WatchableStore, type Watcher, type WatchRequest } from "./watchable-store";

export interface StoreConfig {
  /** --quota-backend-bytes. Default 2 GiB; negative disables the quota. Scale down for demos. */
  quotaBackendBytes: number;
  /** --max-request-bytes. Default 1.5 MiB. */
  maxRequestBytes: number;
  /** --max-txn-ops. Default 128. */
  maxTxnOps: number;
  /** Minimum lease TTL in seconds. Default 2 (1.5 x the default 1 s election timeout, rounded up). */
  minLeaseTtl: number;
}

export const DEFAULT_STORE_CONFIG: StoreConfig = {
  quotaBackendBytes: DEFAULT_QUOTA_BYTES,
  maxRequestBytes: DEFAULT_MAX_REQUEST_BYTES,
  maxTxnOps: DEFAULT_MAX_TXN_OPS,
  minLeaseTtl: DEFAULT_MIN_LEASE_TTL,
};

/** etcdserverpb.StatusResponse, the storage part (`etcdctl endpoint status`). */
export interface StoreStatus {
  header: { revision: number };
  /** Backend file size in bytes (DB SIZE). */
  dbSize: number;
  /** Bytes in use (IN USE); dbSize - dbSizeInUse is what defragment would give back. */
  dbSizeInUse: number;
  compactRevision: number;
  /** Live keys at the current revision. */
  keys: number;
  alarms: AlarmType[];
}

export class MvccStore {
  readonly config: StoreConfig;
  /** @internal exposed for snapshot/restore and hashing in this module. */
  readonly lessor: Lessor;
  /** @internal */
  readonly kv: KVStore;
  private readonly watchable: WatchableStore;
  /** @internal */
  readonly alarms = new Set<AlarmType>();

  constructor(config: Partial<StoreConfig> = {}) {
    this.config = { ...DEFAULT_STORE_CONFIG, ...config };
    this.lessor = new Lessor(this.config.minLeaseTtl);
    this.kv = new KVStore(this.lessor);
    this.watchable = new WatchableStore(this.kv);
  }

  /** The revision of the last write. */
  get revision(): number {
    return this.kv.currentRev;
  }

  /** The revision of the last compaction, -1 before any. */
  get compactRevision(): number {
    return this.kv.compactMainRev;
  }

  //> mvcc-apply
  apply<C extends StoreCommand>(command: C): StoreResult<ResponseByType[C["type"]]> {
    try {
      return { ok: true, response: this.applyOrThrow(command) as ResponseByType[C["type"]] };
    } catch (err: unknown) {
      if (err instanceof MvccError) return { ok: false, error: err };
      throw err; // a bug, not a client error
    }
  }

  private applyOrThrow(command: StoreCommand): ResponseByType[StoreCommand["type"]] {
    // The order of etcd's checks: request size and shape (gRPC layer), quota, then apply.
    checkRequestSize(command, this.config.maxRequestBytes);
    validate(command, this.config.maxTxnOps);
    this.checkQuota(command);
    switch (command.type) {
      case "range":
        return executeRange(this.kv, command.request);
      case "put": {
        const leaseId = command.request.lease ?? 0;
        if (leaseId !== 0 && !this.lessor.lookup(leaseId)) throw new LeaseNotFoundError(leaseId);
        return this.inWriteTxn((tw) => put(tw, command.request));
      }
      case "deleteRange":
        return this.inWriteTxn((tw) => deleteRange(tw, command.request));
      case "txn":
        return txn(this.kv, this.lessor, command.request);
      case "compaction":
        this.kv.compact(command.request.revision);
        return { header: { revision: this.kv.currentRev } };
      case "leaseGrant": {
        const lease = this.lessor.grant(command.request.id ?? 0, command.request.ttl, command.now);
        this.kv.backend.putLease();
        return { header: { revision: this.kv.currentRev }, id: lease.id, ttl: lease.ttl };
      }
      case "leaseRevoke":
        return { header: { revision: this.revokeLease(command.request.id) } };
      case "leaseKeepAlive": {
        const ttl = this.lessor.renew(command.request.id, command.now);
        return { header: { revision: this.kv.currentRev }, id: command.request.id, ttl };
      }
      case "alarm":
        return this.applyAlarm(command.request.action, command.request.alarm ?? "NOSPACE");
    }
  }
  //< mvcc-apply

  //> mvcc-check-quota
  /**
   * With the NOSPACE alarm raised, anything that costs space is refused (applierV3Capped).
   * Otherwise a request that would not fit raises the alarm and is refused.
   */
  private checkQuota(command: StoreCommand): void {
    const c = cost(command);
    if (c === 0) return;
    if (this.alarms.has("NOSPACE")) throw new NoSpaceError();
    if (!available(this.config.quotaBackendBytes, this.kv.backend.size, c)) {
      this.alarms.add("NOSPACE");
      throw new NoSpaceError();
    }
  }
  //< mvcc-check-quota

  //> mvcc-revoke-lease
  /** lessor.go `Revoke`: delete the lease's keys in key order, in one write txn: one revision. */
  private revokeLease(id: number): number {
    const keys = this.lessor.revoke(id);
    this.kv.backend.deleteLease();
    const tw = this.kv.write();
    for (const key of keys) tw.deleteRange(key, undefined);
    return tw.end();
  }
  //< mvcc-revoke-lease

  private applyAlarm(action: "GET" | "ACTIVATE" | "DEACTIVATE", alarm: AlarmType): AlarmResponse {
    const header = { revision: this.kv.currentRev };
    if (action === "GET") return { header, alarms: [...this.alarms].sort() };
    const had = this.alarms.has(alarm);
    if (action === "ACTIVATE") this.alarms.add(alarm);
    else this.alarms.delete(alarm);
    return { header, alarms: action === "ACTIVATE" || had ? [alarm] : [] };
  }

  private inWriteTxn<R>(body: (tw: ReturnType<KVStore["write"]>) => R): R {
    const tw = this.kv.write();
    try {
      return body(tw);
    } finally {
      tw.end();
    }
  }

  // ---- Reads and per-member operations: not commands ----

  /** A serializable read from this member's state. */
  range(request: RangeRequest): RangeResponse {
    return unwrap(this.apply({ type: "range", request }));
  }

  watch(request: WatchRequest): Watcher {
    return this.watchable.watch(request);
  }

  /** LeaseTimeToLive at `now`. A lease that does not exist reports ttl -1, as etcd does. */
  leaseTimeToLive(id: number, now: number, keys = false): LeaseTimeToLiveResponse {
    const header = { revision: this.kv.currentRev };
    const lease = this.lessor.lookup(id);
    if (!lease) return { header, id, ttl: -1, grantedTtl: 0 };
    const ttl = Math.max(0, Math.trunc((lease.expiry - now) / 1000));
    return keys ? { header, id, ttl, grantedTtl: lease.ttl, keys: [...lease.keys].sort() } : { header, id, ttl, grantedTtl: lease.ttl };
  }

  /** IDs of leases expired at `now`, soonest first: what the leader would propose to revoke. */
  expiredLeases(now: number, limit?: number): number[] {
    return this.lessor.expired(now, limit).map((l) => l.id);
  }

  /** Every lease: id, granted TTL, expiry (virtual ms). */
  leases(): Array<{ id: number; ttl: number; expiry: number }> {
    return this.lessor.list().map((l) => ({ id: l.id, ttl: l.ttl, expiry: l.expiry }));
  }

  status(): StoreStatus {
    const keys = this.kv.range("\0", "", { count: true }).count;
    return {
      header: { revision: this.kv.currentRev },
      dbSize: this.kv.backend.size,
      dbSizeInUse: this.kv.backend.sizeInUse,
      compactRevision: this.kv.compactMainRev,
      keys,
      alarms: [...this.alarms].sort(),
    };
  }

  //> mvcc-hash-kv
  /**
   * Maintenance.HashKV: CRC-32C of the key space up to `rev` (0: now). Two members that applied
   * the same commands return the same hash at the same revision, compacted or not.
   */
  hashKV(rev = 0): { header: { revision: number }; hash: number; hashRevision: number; compactRevision: number } {
    const compactRev = this.kv.compactMainRev;
    const currentRev = this.kv.currentRev;
    if (rev > 0 && rev <= compactRev) throw new CompactedError(compactRev);
    if (rev > currentRev) throw new FutureRevisionError(currentRev);
    const hashRevision = rev === 0 ? currentRev : rev;
    const keep = this.kv.index.keep(hashRevision);
    const hash = hashRecords(this.kv.backend.all(), hashRevision, compactRev, keep);
    return { header: { revision: currentRev }, hash, hashRevision, compactRevision: compactRev };
  }
  //< mvcc-hash-kv

  //> mvcc-defragment
  /** Maintenance.Defragment on this member: the file shrinks to what is in use. */
  defragment(): { before: number; after: number } {
    return this.kv.backend.defragment();
  }
  //< mvcc-defragment

  // ---- Convenience: build a command, apply it, throw on error ----

  put(key: string, value: string, options: Omit<PutRequest, "key" | "value"> = {}) {
    return unwrap(this.apply({ type: "put", request: { key, value, ...options } }));
  }

  deleteRange(request: DeleteRangeRequest) {
    return unwrap(this.apply({ type: "deleteRange", request }));
  }

  txn(request: TxnRequest) {
    return unwrap(this.apply({ type: "txn", request }));
  }

  compact(revision: number) {
    return unwrap(this.apply({ type: "compaction", request: { revision } }));
  }

  leaseGrant(ttl: number, now: number, id?: number) {
    return unwrap(this.apply({ type: "leaseGrant", request: id === undefined ? { ttl } : { ttl, id }, now }));
  }

  leaseRevoke(id: number) {
    return unwrap(this.apply({ type: "leaseRevoke", request: { id } }));
  }

  leaseKeepAlive(id: number, now: number) {
    return unwrap(this.apply({ type: "leaseKeepAlive", request: { id }, now }));
  }

  alarmDisarm(alarm: AlarmType = "NOSPACE") {
    return unwrap(this.apply({ type: "alarm", request: { action: "DEACTIVATE", alarm } }));
  }

  alarmList(): AlarmType[] {
    return [...this.alarms].sort();
  }
}

/** The response of a successful result; throws the MvccError of a failed one. */
export function unwrap<R>(result: StoreResult<R>): R {
  if (!result.ok) throw result.error;
  return result.response;
}
