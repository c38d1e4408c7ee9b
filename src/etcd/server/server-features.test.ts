import { describe, expect, it } from "vitest";
import { EtcdCluster } from "./etcd-cluster";
import { CompactedError, NoSpaceError } from "../mvcc/errors";

const keysOn = (c: EtcdCluster, prefix = "/"): string[][] =>
  c.live().map((m) => m.store.range({ key: prefix, rangeEnd: "0" }).kvs.map((kv) => kv.key));

describe("etcd server: leases, compaction, quota and watch through Raft", () => {
  it("a lease that is not kept alive expires, and the leader's revoke deletes its keys on every member", () => {
    const c = new EtcdCluster({ seed: 21, size: 3 });
    c.waitForLeader();
    const client = c.client();
    const lease = c.settle(client.leaseGrant(3)).unwrap();
    expect(lease.ttl).toBe(3);
    c.settle(client.put("/leased", "x", { lease: lease.id }));
    c.settle(client.put("/kept", "y"));
    c.clock.advance(2_000);
    expect(keysOn(c)).toEqual([["/kept", "/leased"], ["/kept", "/leased"], ["/kept", "/leased"]]);
    c.clock.advance(2_000); // expired at 3 s; the revoker looks every 500 ms and proposes a revoke
    expect(keysOn(c)).toEqual([["/kept"], ["/kept"], ["/kept"]]);
    expect(c.settle(client.leaseTimeToLive(lease.id)).unwrap().ttl).toBe(-1);
    // Puts at revisions 2 and 3 (a lease grant does not change the revision); the revoke is 4 everywhere.
    expect(c.live().map((m) => m.store.revision), "the revoke is one revision, the same on every member").toEqual([4, 4, 4]);
  });

  it("keep-alives through any member keep a lease and its keys", () => {
    const c = new EtcdCluster({ seed: 22, size: 3 });
    const leader = c.waitForLeader()!;
    const follower = c.ids.find((id) => id !== leader.id)!;
    const client = c.client({ endpoints: [follower] });
    const { id } = c.settle(client.leaseGrant(2)).unwrap();
    c.settle(client.put("/session", "alive", { lease: id }));
    for (let i = 0; i < 5; i++) {
      c.clock.advance(1_000);
      expect(c.settle(client.leaseKeepAlive(id)).unwrap().ttl).toBe(2);
    }
    expect(keysOn(c)).toEqual([["/session"], ["/session"], ["/session"]]);
    const ttl = c.settle(client.leaseTimeToLive(id, true)).unwrap();
    expect(ttl.keys).toEqual(["/session"]);
  });

  it("the leader's auto-compactor compacts every member through Raft; old revisions are then gone", () => {
    const c = new EtcdCluster({ seed: 23, size: 3, autoCompaction: { mode: "periodic", retention: 10_000 } });
    c.waitForLeader();
    const client = c.client();
    for (let i = 0; i < 30; i++) {
      client.put("/counter", String(i));
      c.clock.advance(1_000);
    }
    const compactRevisions = c.live().map((m) => m.store.compactRevision);
    expect(compactRevisions[0]).toBeGreaterThan(2);
    expect(new Set(compactRevisions).size, "members compacted at different revisions").toBe(1);
    const leaderAttempts = c.leader()!.compactions;
    expect(leaderAttempts.length).toBeGreaterThan(0);
    for (const m of c.live()) if (!m.isLeader) expect(m.compactions, `n${m.id} is not the leader, it must not compact`).toEqual([]);
    const old = c.settle(client.get("/counter", { revision: 2 }));
    expect(old.error).toBeInstanceOf(CompactedError);
    expect(old.error?.message).toBe("etcdserver: mvcc: required revision has been compacted");
  });

  it("a tiny quota raises the NOSPACE alarm on every member: writes fail, reads and deletes still work", () => {
    const c = new EtcdCluster({ seed: 24, size: 3, store: { quotaBackendBytes: 32 * 1024 } });
    c.waitForLeader();
    const client = c.client();
    let failed;
    for (let i = 0; i < 100 && !failed; i++) {
      const put = c.settle(client.put(`/big/${i}`, "x".repeat(500)));
      if (put.status !== "ok") failed = put;
    }
    expect(failed?.error).toBeInstanceOf(NoSpaceError);
    expect(failed?.error?.message).toBe("etcdserver: mvcc: database space exceeded");
    expect(failed?.status, "refused before proposing: certainly not applied").toBe("failed");
    c.clock.advance(100);
    for (const m of c.live()) expect(m.store.alarmList(), `n${m.id}`).toEqual(["NOSPACE"]);
    expect(c.settle(client.put("/small", "1")).error).toBeInstanceOf(NoSpaceError);
    expect(c.settle(client.get("/big/0")).status).toBe("ok");
    expect(c.settle(client.delete("/big/", { rangeEnd: "/big0" })).status).toBe("ok");
    const status = c.settle(client.request({ type: "status" })).unwrap();
    expect(status.errors).toEqual([`memberID:${status.header.memberId} alarm:NOSPACE`]);
  });

  it("refuses a request over --max-request-bytes before proposing it", () => {
    const c = new EtcdCluster({ seed: 25, size: 3, store: { maxRequestBytes: 1024 } });
    c.waitForLeader();
    const put = c.settle(c.client().put("/big", "x".repeat(2_000)));
    expect(put.status).toBe("failed");
    expect(put.error?.message).toBe("etcdserver: request is too large");
    expect(c.leader()!.node.committed).toBe(c.leader()!.applier.applied);
  });

  it("a watch on a follower sees the writes made through the leader, in revision order", () => {
    const c = new EtcdCluster({ seed: 26, size: 3 });
    const leader = c.waitForLeader()!;
    const follower = c.member(c.ids.find((id) => id !== leader.id)!);
    const watch = follower.watch({ key: "/pods/", rangeEnd: "/pods0" });
    const client = c.client({ endpoints: [leader.id] });
    c.settle(client.put("/pods/a", "1"));
    c.settle(client.put("/other", "x"));
    c.settle(client.delete("/pods/a"));
    c.clock.advance(100);
    const events = watch.take().flatMap((r) => r.events.map((e) => `${e.type} ${e.kv.key} @${e.kv.modRevision}`));
    expect(events).toEqual(["PUT /pods/a @2", "DELETE /pods/a @4"]);
  });

  it("a watch survives the member installing a snapshot from the leader", () => {
    const c = new EtcdCluster({ seed: 27, size: 3, snapshotCount: 10, catchUpEntries: 2 });
    const leader = c.waitForLeader()!;
    const lagging = c.ids.find((id) => id !== leader.id)!;
    const watch = c.member(lagging).watch({ key: "/k" });
    const client = c.client({ endpoints: [leader.id] });
    c.partition([lagging], c.ids.filter((id) => id !== lagging));
    for (let i = 0; i < 30; i++) c.settle(client.put("/k", String(i)));
    c.heal();
    c.clock.advance(5_000);
    expect(c.member(lagging).applier.stats.snapshotsInstalled).toBeGreaterThan(0);
    const values = watch.take().flatMap((r) => r.events.map((e) => e.kv.value));
    expect(values).toEqual(Array.from({ length: 30 }, (_, i) => String(i)));
  });
});
