import { describe, expect, it } from "vitest";
import { EtcdCluster } from "../../etcd/server/etcd-cluster";
import { CachedStorage } from "./cached-storage";
import { runStorageContract } from "./contract.test-util";
import { EtcdStore } from "./etcd-store";
import { collectionKey, objectKey } from "./keys";
import { RaftKV } from "./raft-kv";

runStorageContract("Raft-replicated etcd cluster (3 members, virtual time)", ({ watchCacheCapacity, bookmarkIntervalMs }) => {
  const cluster = new EtcdCluster({ seed: "storage-contract", size: 3 });
  cluster.waitForLeader();
  const kv = new RaftKV(cluster);
  const direct = new EtcdStore(kv);
  const storage = new CachedStorage(direct, { clock: cluster.clock, watchCacheCapacity, bookmarkIntervalMs });
  return {
    storage,
    direct,
    run: (p) => kv.settle(p),
    compact: async (revision) => {
      cluster.settle(kv.client.compact(revision)).unwrap();
      cluster.clock.advance(100); // every member applies it
    },
    advance: (ms) => cluster.clock.advance(ms),
    close: () => storage.stop(),
  };
});

describe("storage on the Raft-replicated cluster, when a member fails", () => {
  it("after a leader crash and an election, writes succeed and the watch moves to another member without losing or repeating an event", async () => {
    const cluster = new EtcdCluster({ seed: "storage-failover", size: 3 });
    const oldLeader = cluster.waitForLeader()!;
    const kv = new RaftKV(cluster);
    const storage = new CachedStorage(new EtcdStore(kv), { clock: cluster.clock });
    const w = await kv.settle(storage.watch(collectionKey("pods"), { recursive: true }));
    for (const n of ["a", "b"]) await kv.settle(storage.create(objectKey("pods", "default", n), pod(n)));
    cluster.crash(oldLeader.id);
    // While there is no leader, a write may time out (500 from the API server); wait for the election.
    cluster.clock.runUntil(() => (cluster.leader()?.id ?? oldLeader.id) !== oldLeader.id, { limitMs: 10_000 });
    for (const n of ["c", "d"]) await kv.settle(storage.create(objectKey("pods", "default", n), pod(n)));
    cluster.clock.advance(2_000); // the watch notices its member is gone and reopens elsewhere
    await kv.settle(storage.create(objectKey("pods", "default", "e"), pod("e")));
    expect(cluster.leader()?.id).not.toBe(oldLeader.id);
    const events = w.take();
    expect(events.map((e) => `${e.type} ${e.object.metadata?.name ?? ""}`)).toEqual(["ADDED a", "ADDED b", "ADDED c", "ADDED d", "ADDED e"]);
    storage.stop();
  });

  it("replays the same run from the same seed: same revisions, same events", async () => {
    const run = async (): Promise<string> => {
      const cluster = new EtcdCluster({ seed: "storage-replay", size: 3, link: { latency: { kind: "uniform", min: 1, max: 15 } } });
      cluster.waitForLeader();
      const kv = new RaftKV(cluster);
      const storage = new CachedStorage(new EtcdStore(kv), { clock: cluster.clock });
      const w = await kv.settle(storage.watch(collectionKey("pods"), { recursive: true }));
      for (const n of ["a", "b", "c"]) await kv.settle(storage.create(objectKey("pods", "default", n), pod(n)));
      await kv.settle(storage.guaranteedUpdate(objectKey("pods", "default", "b"), (o) => ({ ...o, spec: { nodeName: "n1" } })));
      storage.stop();
      return JSON.stringify([cluster.clock.now(), w.take()]);
    };
    expect(await run()).toBe(await run());
  });
});

function pod(name: string) {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default" } };
}
