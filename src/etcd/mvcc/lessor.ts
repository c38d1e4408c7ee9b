// Leases: a TTL that keys can be attached to; when the lease goes, its keys go.
//
// Kubernetes uses them for Events (kube-apiserver attaches every Event to a lease so that it
// expires after --event-ttl, one hour by default) and etcd clients use them for sessions and
// locks. A client grants a lease with a TTL, attaches keys with `put --lease`, and keeps the
// lease alive; if it stops, the lease expires and every attached key is deleted, in one
// revision.
//
// What this module keeps, per lease: its ID, granted TTL, absolute expiry time, and attached
// keys. It decides nothing about time by itself: `grant` and `renew` take `now`, and
// `expired(now)` lists leases past their expiry; the caller revokes them.
//
// How real etcd does it (server/lease/lessor.go): only the leader's lessor ("primary") tracks
// expiry, in memory. Its runLoop checks every 500 ms, hands expired leases to the server,
// which *proposes a LeaseRevoke through Raft*; every member deletes the keys when it applies
// that entry. Followers keep leases alive forever until they become leader, and a new leader
// restarts every lease's countdown (Promote), so a leader change can only lengthen a lease.
// Keep-alives go to the leader and are not replicated.
//
// SIMPLIFICATION: here the expiry is part of the replicated state, computed from the `now`
// that the proposer stamped on the grant and keep-alive commands. Deterministic, and the same
// on every member; the trade-off is that keep-alives are log entries, and that a leader change
// does not extend leases.
import { LeaseExistsError, LeaseNotFoundError, LeaseTtlTooLargeError } from "./errors";

/** lease.MaxLeaseTTL: 9,000,000,000 seconds, about 285 years. */
export const MAX_LEASE_TTL = 9_000_000_000;
/**
 * etcd's minimum TTL is ceil(1.5 election timeouts): with the default 100 ms heartbeat and 10
 * election ticks, ceil(15 * 100 ms) = 2 s (server/etcdserver/server.go, `minTTL`). A shorter
 * lease could expire during a normal leader election.
 */
export const DEFAULT_MIN_LEASE_TTL = 2;

export interface Lease {
  id: number;
  /** Granted TTL in seconds (after raising to the minimum). */
  ttl: number;
  /** Virtual milliseconds at which the lease expires. */
  expiry: number;
  /** Attached keys. */
  keys: Set<string>;
}

export class Lessor {
  private readonly leases = new Map<number, Lease>();
  /** Which lease each attached key belongs to (lessor.go `itemMap`). */
  private readonly itemMap = new Map<string, number>();
  /** Next ID to hand out when a grant does not name one. */
  nextId = 1;

  constructor(readonly minLeaseTtl = DEFAULT_MIN_LEASE_TTL) {}

  //> mvcc-lessor-grant
  grant(id: number, ttl: number, now: number): Lease {
    if (id === 0) id = this.allocateId();
    if (ttl > MAX_LEASE_TTL) throw new LeaseTtlTooLargeError(ttl);
    if (this.leases.has(id)) throw new LeaseExistsError(id);
    const granted = Math.max(ttl, this.minLeaseTtl);
    const lease: Lease = { id, ttl: granted, expiry: now + granted * 1000, keys: new Set() };
    this.leases.set(id, lease);
    if (id >= this.nextId) this.nextId = id + 1;
    return lease;
  }
  //< mvcc-lessor-grant

  /**
   * Restarts the countdown. A lease already past its expiry cannot be saved: etcd's Renew waits
   * for the pending revoke and answers "lease not found".
   */
  renew(id: number, now: number): number {
    const lease = this.leases.get(id);
    if (!lease || lease.expiry <= now) throw new LeaseNotFoundError(id);
    lease.expiry = now + lease.ttl * 1000;
    return lease.ttl;
  }

  /** Forgets the lease and returns its keys, sorted (lessor.go `Revoke` deletes them in key order). */
  revoke(id: number): string[] {
    const lease = this.leases.get(id);
    if (!lease) throw new LeaseNotFoundError(id);
    const keys = [...lease.keys].sort();
    for (const key of keys) this.itemMap.delete(key);
    this.leases.delete(id);
    return keys;
  }

  lookup(id: number): Lease | undefined {
    return this.leases.get(id);
  }

  attach(id: number, key: string): void {
    const lease = this.leases.get(id);
    if (!lease) throw new LeaseNotFoundError(id);
    lease.keys.add(key);
    this.itemMap.set(key, id);
  }

  detach(id: number, key: string): void {
    this.leases.get(id)?.keys.delete(key);
    this.itemMap.delete(key);
  }

  /** The lease a key is attached to, 0 for none. */
  getLease(key: string): number {
    return this.itemMap.get(key) ?? 0;
  }

  /** Leases whose expiry is at or before `now`, soonest first (ties by ID), at most `limit`. */
  expired(now: number, limit = Infinity): Lease[] {
    return [...this.leases.values()]
      .filter((l) => l.expiry <= now)
      .sort((a, b) => a.expiry - b.expiry || a.id - b.id)
      .slice(0, limit);
  }

  /** Every lease, by ID. */
  list(): Lease[] {
    return [...this.leases.values()].sort((a, b) => a.id - b.id);
  }

  private allocateId(): number {
    while (this.leases.has(this.nextId)) this.nextId++;
    return this.nextId;
  }
}
