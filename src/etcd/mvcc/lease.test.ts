import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../sim/virtual-clock";
import { LeaseNotFoundError } from "./errors";
import { LeaseRevoker } from "./lease-revoker";
import { MvccStore } from "./mvcc-store";
import { getPrefix } from "./range-end";

const SECOND = 1000;

/** A store with a LeaseRevoker on a virtual clock that applies revokes directly. */
function withRevoker() {
  const clock = new VirtualClock();
  const store = new MvccStore();
  const revoker = new LeaseRevoker({
    clock,
    expired: (now, limit) => store.expiredLeases(now, limit),
    revoke: (id) => void store.apply({ type: "leaseRevoke", request: { id } }),
  });
  revoker.start();
  return { clock, store, revoker };
}

describe("leases", () => {
  it("grant hands out IDs from a counter and reports the TTL granted", () => {
    const s = new MvccStore();
    expect(s.leaseGrant(10, 0)).toMatchObject({ id: 1, ttl: 10 });
    expect(s.leaseGrant(10, 0).id).toBe(2);
    expect(s.leaseGrant(10, 0, 42).id).toBe(42);
    expect(s.leaseGrant(10, 0).id).toBe(43);
  });

  it("raises a TTL below the minimum to the minimum (2 s by default)", () => {
    expect(new MvccStore().leaseGrant(1, 0).ttl).toBe(2);
    expect(new MvccStore({ minLeaseTtl: 5 }).leaseGrant(1, 0).ttl).toBe(5);
  });

  it("refuses an ID in use, and a TTL above the maximum", () => {
    const s = new MvccStore();
    s.leaseGrant(10, 0, 7);
    expect(() => s.leaseGrant(10, 0, 7)).toThrow("etcdserver: lease already exists");
    expect(() => s.leaseGrant(9_000_000_001, 0)).toThrow("etcdserver: too large lease TTL");
  });

  it("a grant takes no revision: leases are not keys", () => {
    const s = new MvccStore();
    s.leaseGrant(10, 0);
    expect(s.revision).toBe(1);
  });

  it("a put naming a lease that does not exist fails with etcd's message", () => {
    const s = new MvccStore();
    expect(() => s.put("k", "v", { lease: 123 })).toThrow(LeaseNotFoundError);
    expect(() => s.put("k", "v", { lease: 123 })).toThrow("etcdserver: requested lease not found");
  });

  it("revoke deletes every attached key in one revision, and the lease is gone", () => {
    const s = new MvccStore();
    const id = s.leaseGrant(60, 0).id;
    s.put("/registry/events/default/e1", "1", { lease: id });
    s.put("/registry/events/default/e2", "2", { lease: id });
    s.put("/registry/pods/default/p", "stays");
    expect(s.leaseRevoke(id).header.revision).toBe(5);
    expect(s.range({ key: "/registry/", rangeEnd: getPrefix("/registry/") }).kvs.map((kv) => kv.key)).toEqual(["/registry/pods/default/p"]);
    expect(() => s.leaseRevoke(id)).toThrow("etcdserver: requested lease not found");
  });

  it("a key put again without the lease is detached and survives the revoke", () => {
    const s = new MvccStore();
    const id = s.leaseGrant(60, 0).id;
    s.put("k", "1", { lease: id });
    s.put("k", "2");
    s.leaseRevoke(id);
    expect(s.range({ key: "k" }).kvs[0]).toMatchObject({ value: "2", lease: 0 });
  });

  it("timeToLive reports remaining and granted TTL, the keys, and -1 for a lease that is gone", () => {
    const s = new MvccStore();
    const id = s.leaseGrant(10, 0).id;
    s.put("b", "1", { lease: id });
    s.put("a", "1", { lease: id });
    expect(s.leaseTimeToLive(id, 3_500, true)).toMatchObject({ id, ttl: 6, grantedTtl: 10, keys: ["a", "b"] });
    s.leaseRevoke(id);
    expect(s.leaseTimeToLive(id, 4_000)).toMatchObject({ id, ttl: -1, grantedTtl: 0 });
  });

  it("expire on the virtual clock and delete their keys in one revision", () => {
    const { clock, store } = withRevoker();
    const id = store.leaseGrant(10, clock.now()).id;
    store.put("session/a", "1", { lease: id });
    store.put("session/b", "1", { lease: id });
    const w = store.watch({ key: "session/", rangeEnd: getPrefix("session/") });
    clock.advance(9.9 * SECOND);
    expect(store.range({ key: "session/", rangeEnd: getPrefix("session/") }).count).toBe(2);
    clock.advance(0.6 * SECOND); // the revoker looks every 500 ms
    expect(store.range({ key: "session/", rangeEnd: getPrefix("session/") }).count).toBe(0);
    const [resp] = w.take();
    expect(resp?.events.map((e) => `${e.type} ${e.kv.key}@${e.kv.modRevision}`)).toEqual(["DELETE session/a@4", "DELETE session/b@4"]);
    expect(store.leases()).toEqual([]);
  });

  it("keep-alive restarts the countdown from now", () => {
    const { clock, store } = withRevoker();
    const id = store.leaseGrant(10, clock.now()).id;
    store.put("k", "v", { lease: id });
    clock.advance(8 * SECOND);
    expect(store.leaseKeepAlive(id, clock.now())).toMatchObject({ id, ttl: 10 });
    clock.advance(9 * SECOND); // t = 17 s: past the original expiry
    expect(store.range({ key: "k" }).count).toBe(1);
    clock.advance(1.5 * SECOND); // t = 18.5 s: past 8 s + 10 s
    expect(store.range({ key: "k" }).count).toBe(0);
  });

  it("keep-alive cannot save a lease that has already expired", () => {
    const s = new MvccStore();
    const id = s.leaseGrant(10, 0).id;
    expect(() => s.leaseKeepAlive(id, 10_000)).toThrow("etcdserver: requested lease not found");
  });

  it("the revoker proposes each expired lease once per retry interval when the revoke has not applied yet", () => {
    const clock = new VirtualClock();
    const store = new MvccStore();
    const proposals: number[] = [];
    const revoker = new LeaseRevoker({ clock, expired: (now, limit) => store.expiredLeases(now, limit), revoke: (id) => proposals.push(id) });
    revoker.start();
    store.leaseGrant(2, 0);
    clock.advance(6 * SECOND); // expired at 2 s; proposals at 2 s and 5 s, never applied
    expect(revoker.proposed.map((p) => p.at)).toEqual([2000, 5000]);
    expect(proposals).toEqual([1, 1]);
  });
});
