import { describe, expect, it } from "vitest";
import { EtcdCluster } from "./etcd-cluster";
import type { Call } from "./client";
import type { NodeId } from "../raft/types";
import type { RangeResponse } from "../mvcc/types";

const value = (call: Call<RangeResponse>): string | undefined => call.unwrap().kvs[0]?.value;

describe("etcd cluster on the simulation: the write path and reads", () => {
  it.each([1, 3, 5])("a %i-member cluster elects a leader and serves a write and a read", (size) => {
    const c = new EtcdCluster({ seed: `size-${size}`, size });
    expect(c.waitForLeader(), "no leader within 10 s of virtual time").toBeDefined();
    const client = c.client();
    expect(c.settle(client.put("/registry/pods/default/web", "v1")).unwrap().header.revision).toBe(2);
    expect(value(c.settle(client.get("/registry/pods/default/web")))).toBe("v1");
  });

  it("serves put, get, txn and delete, and every member applies the same revisions", () => {
    const c = new EtcdCluster({ seed: 1, size: 3 });
    c.waitForLeader();
    const client = c.client();
    c.settle(client.put("/a", "1"));
    c.settle(client.put("/b", "2"));
    const txn = c.settle(
      client.txn({
        compare: [{ key: "/a", target: "VALUE", result: "EQUAL", value: "1" }],
        success: [{ requestPut: { key: "/a", value: "one" } }, { requestRange: { key: "/b" } }],
        failure: [{ requestPut: { key: "/a", value: "other" } }],
      }),
    ).unwrap();
    expect(txn.succeeded).toBe(true);
    expect(txn.header.revision).toBe(4);
    expect(c.settle(client.delete("/b")).unwrap().deleted).toBe(1);
    expect(c.settle(client.get("/", { rangeEnd: "0" })).unwrap().kvs.map((kv) => `${kv.key}=${kv.value}`)).toEqual(["/a=one"]);
    c.clock.advance(100);
    const hashes = c.live().map((m) => m.store.hashKV());
    expect(new Set(hashes.map((h) => h.hash)).size, "members disagree on the key space").toBe(1);
    expect(hashes.map((h) => h.header.revision)).toEqual([5, 5, 5]);
  });

  it("serves a read-only txn without a log entry: the revision does not move", () => {
    const c = new EtcdCluster({ seed: 11, size: 3 });
    c.waitForLeader();
    const client = c.client();
    c.settle(client.put("/a", "1"));
    const before = c.leader()!.node.committed;
    const txn = c.settle(client.txn({ success: [{ requestRange: { key: "/a" } }] })).unwrap();
    expect(txn.responses).toHaveLength(1);
    expect(c.leader()!.node.committed).toBe(before);
  });

  it("a read from a follower right after a write through the leader sees the write (ReadIndex)", () => {
    const c = new EtcdCluster({ seed: 2, size: 3, link: { latency: { kind: "uniform", min: 1, max: 20 } } });
    const leader = c.waitForLeader()!;
    const follower = c.ids.find((id) => id !== leader.id)!;
    const writer = c.client({ endpoints: [leader.id] });
    const reader = c.client({ endpoints: [follower] });
    for (let i = 0; i < 20; i++) {
      const put = c.settle(writer.put("/x", String(i)));
      expect(put.status).toBe("ok");
      // The follower may not have applied the write yet; the read waits for the read index.
      const get = c.settle(reader.get("/x"));
      expect(value(get), `read ${i} on n${follower} is stale`).toBe(String(i));
      expect(get.attempts[0]!.servedBy?.memberId).toBe(follower);
    }
  });

  it("a serializable read is served from the local store at once, and may be stale", () => {
    const c = new EtcdCluster({ seed: 3, size: 3 });
    const leader = c.waitForLeader()!;
    const follower = c.ids.find((id) => id !== leader.id)!;
    c.partition([follower], c.ids.filter((id) => id !== follower));
    c.settle(c.client({ endpoints: [leader.id] }).put("/x", "new"));
    const reader = c.client({ endpoints: [follower] });
    expect(c.settle(reader.get("/x", { serializable: true })).unwrap().kvs).toEqual([]);
    c.clock.advance(3_000); // the cut-off follower has lost its leader by now
    expect(c.settle(reader.get("/x", { timeoutMs: 500 })).status).toBe("failed");
  });

  it("when the leader crashes, the client skips the dead member and its requests succeed on the new leader", () => {
    const c = new EtcdCluster({ seed: 1, size: 3 });
    const old = c.waitForLeader()!;
    const client = c.client({ endpoints: [old.id, ...c.ids.filter((id) => id !== old.id)] });
    c.settle(client.put("/a", "1"));
    c.crash(old.id);
    const get = c.settle(client.get("/a"));
    expect(get.status).toBe("ok");
    expect(value(get)).toBe("1");
    expect(get.attempts[0]!.error).toMatch(/connection refused/);
    expect(get.attempts.length).toBeGreaterThan(1);
    const put = c.settle(client.put("/a", "2"));
    expect(put.status).toBe("ok");
    const leader = c.leader()!;
    expect(leader.id).not.toBe(old.id);
    expect(leader.node.term).toBeGreaterThan(old.node.term);
  });

  it("a write in flight when its leader crashes ends 'unknown': the client does not retry it (it may still commit)", () => {
    const c = new EtcdCluster({ seed: 1, size: 3 });
    const leader = c.waitForLeader()!;
    const client = c.client({ endpoints: [leader.id] });
    const put = client.put("/b", "x");
    c.clock.advance(1); // the request has reached the leader, which proposed it
    c.crash(leader.id);
    c.settle(put);
    expect(put.status).toBe("unknown");
    expect(put.return).toBe(Infinity);
    expect(put.attempts).toHaveLength(1);
  });

  it("in a partition the minority cannot write, and the majority can once it has elected a leader", () => {
    const c = new EtcdCluster({ seed: 2, size: 5 });
    const old = c.waitForLeader()!;
    const others = c.ids.filter((id) => id !== old.id);
    const minority = [old.id, others[0]!];
    const majority = others.slice(1);
    c.partition(minority, majority);
    const minorityClient = c.client({ endpoints: minority, timeoutMs: 3_000 });
    const early = c.settle(minorityClient.put("/m", "minority"));
    // The old leader accepted the proposal but cannot commit it: the outcome is unknown...
    expect(early.status).toBe("unknown");
    // ...and CheckQuorum deposes it. Once no member of the minority knows a leader, writes are
    // refused at once with "no leader", and the client retries until its deadline.
    c.clock.runUntil(() => minority.every((id) => c.member(id).leader === 0), { limitMs: 10_000 });
    const late = c.settle(minorityClient.put("/m", "minority-2"));
    expect(late.status).toBe("failed");
    expect(late.error?.message).toMatch(/context deadline exceeded.*etcdserver: no leader/);

    c.clock.runUntil(() => majority.some((id) => c.member(id).isLeader), { limitMs: 10_000 });
    const majorityClient = c.client({ endpoints: majority });
    expect(c.settle(majorityClient.put("/m", "majority")).status).toBe("ok");

    c.heal();
    c.clock.advance(3_000);
    for (const id of c.ids) {
      expect(c.member(id).store.range({ key: "/m" }).kvs.map((kv) => kv.value), `member ${id}`).toEqual(["majority"]);
    }
  });

  it("a restarted member catches up from its WAL and the leader", () => {
    const c = new EtcdCluster({ seed: 4, size: 3 });
    const leader = c.waitForLeader()!;
    const follower: NodeId = c.ids.find((id) => id !== leader.id)!;
    const client = c.client({ endpoints: [leader.id] });
    c.settle(client.put("/before", "1"));
    c.crash(follower);
    c.settle(client.put("/during", "2"));
    c.restart(follower);
    c.clock.advance(2_000);
    expect(c.member(follower).store.range({ key: "/", rangeEnd: "0" }).kvs.map((kv) => kv.key)).toEqual(["/before", "/during"]);
  });

  it("records a history a linearizability checker can read: input, output, invocation and response times", () => {
    const c = new EtcdCluster({ seed: 5, size: 3 });
    c.waitForLeader();
    const a = c.client();
    const b = c.client();
    const put = a.put("/k", "1");
    const get = b.get("/k");
    c.clock.runUntil(() => put.done && get.done);
    const history = c.history();
    expect(history.map((h) => [h.client, h.input.type, h.status])).toEqual([
      ["client1", "put", "ok"],
      ["client2", "range", "ok"],
    ]);
    for (const h of history) expect(h.return).toBeGreaterThan(h.call);
  });

  it("prints `etcdctl endpoint status -w table`: one leader, every member at the same raft index", () => {
    const c = new EtcdCluster({ seed: 6, size: 3 });
    const leader = c.waitForLeader()!;
    c.settle(c.client().put("/a", "1"));
    c.clock.advance(100);
    const lines = c.endpointStatus().split("\n");
    expect(lines[1]).toBe("| ENDPOINT | ID | VERSION | DB SIZE | IS LEADER | IS LEARNER | RAFT TERM | RAFT INDEX | RAFT APPLIED INDEX | ERRORS |");
    const rows = lines.slice(3, 6).map((l) => l.split("|").map((cell) => cell.trim()));
    expect(rows.map((r) => r[5])).toEqual(c.ids.map((id) => String(id === leader.id)));
    expect(new Set(rows.map((r) => r[8])).size).toBe(1);
  });

  it("replays the same run from the same seed, byte for byte", () => {
    const run = (): string => {
      const c = new EtcdCluster({ seed: "replay", size: 3, link: { latency: { kind: "uniform", min: 1, max: 10 }, loss: 0.02 } });
      const old = c.waitForLeader()!;
      const client = c.client();
      for (let i = 0; i < 5; i++) client.put(`/k${i}`, String(i));
      c.crash(old.id);
      c.clock.advance(5_000);
      return c.sim.trace.toJSONL() + JSON.stringify(c.history().map((h) => [h.status, h.return]));
    };
    expect(run()).toBe(run());
  });
});
