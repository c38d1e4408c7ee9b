// The driver that turns lease expiry into revoke commands.
//
// The store never decides on its own that time has passed: `apply` reads no clock. Something
// outside it has to look at the time, find the leases that have run out, and *propose* their
// revocation, so that every member deletes the keys at the same point of the log. In etcd that
// something is the leader's lessor: its runLoop wakes every 500 ms, collects up to
// leaseRevokeRate/2 = 500 expired leases, and the server proposes a LeaseRevoke for each
// through Raft (server/lease/lessor.go `runLoop`, `revokeExpiredLeases`; server.go
// `revokeExpiredLeases`). A lease whose revoke was proposed is not proposed again for
// expiredLeaseRetryInterval = 3 s, to give the first proposal time to commit.
//
// This class is that loop on an injected `Clock`. `revoke` is the proposal: for a single store,
// `id => store.apply({ type: "leaseRevoke", request: { id } })`.
import type { Clock, TimerId } from "../../sim/clock";

export interface LeaseRevokerOptions {
  clock: Clock;
  /** Leases expired at `now`, soonest first (MvccStore.expiredLeases). */
  expired: (now: number, limit: number) => number[];
  /** Proposes (or applies) the revocation of one lease. */
  revoke: (id: number) => void;
  /** How often to look. Default 500 ms, as etcd's runLoop. */
  intervalMs?: number;
  /** Most leases revoked per look. Default 500 (leaseRevokeRate / 2). */
  limit?: number;
  /** Do not propose the same lease again within this time. Default 3000 ms. */
  retryIntervalMs?: number;
}

export class LeaseRevoker {
  private timer: TimerId | undefined;
  private readonly proposedAt = new Map<number, number>();
  /** Every revoke proposed, for timelines. */
  readonly proposed: Array<{ at: number; id: number }> = [];

  constructor(private readonly o: LeaseRevokerOptions) {}

  start(): void {
    this.schedule();
  }

  stop(): void {
    if (this.timer !== undefined) this.o.clock.clearTimer(this.timer);
    this.timer = undefined;
  }

  //> mvcc-revoke-expired-leases
  /** One look: propose a revoke for each expired lease not proposed in the last retry interval. */
  revokeExpiredLeases(): void {
    const now = this.o.clock.now();
    const retry = this.o.retryIntervalMs ?? 3000;
    for (const id of this.o.expired(now, this.o.limit ?? 500)) {
      const last = this.proposedAt.get(id);
      if (last !== undefined && now - last < retry) continue;
      this.proposedAt.set(id, now);
      this.proposed.push({ at: now, id });
      this.o.revoke(id);
    }
  }
  //< mvcc-revoke-expired-leases

  private schedule(): void {
    this.timer = this.o.clock.setTimer(this.o.intervalMs ?? 500, () => {
      this.revokeExpiredLeases();
      this.schedule();
    }, "lease-revoker");
  }
}
