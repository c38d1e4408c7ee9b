import { describe, expect, it } from "vitest";
import { MvccStore } from "../../etcd/mvcc/mvcc-store";
import { VirtualClock } from "../../sim/virtual-clock";
import { CachedStorage } from "./cached-storage";
import { EtcdStore } from "./etcd-store";
import { collectionKey, objectKey } from "./keys";
import { MvccKV } from "./mvcc-kv";

const pod = (name: string, ns = "default") => ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: ns } });

describe("watch cache fan-out", () => {
  it("serves 5,000 watchers from one store watch, visiting only the watchers each event concerns", async () => {
    const store = new MvccStore();
    const storage = new CachedStorage(new EtcdStore(new MvccKV(store)), { clock: new VirtualClock() });
    const n = 5_000;
    let delivered = 0;
    const onEvent = () => void delivered++;
    for (let i = 0; i < n; i++) await storage.watch(objectKey("pods", "default", `p${i}`), { onEvent });
    await storage.watch(collectionKey("pods", "other"), { recursive: true, onEvent });
    for (let i = 0; i < n; i++) await storage.create(objectKey("pods", "default", `p${i}`), pod(`p${i}`));
    await storage.create(objectKey("pods", "other", "q"), pod("q", "other"));
    const cacher = storage.cacherFor(collectionKey("pods"));
    expect(cacher.watcherCount).toBe(n + 1);
    expect(delivered).toBe(n + 1);
    // Without the key index each event would visit all 5,001 watchers: 25 million visits.
    expect(cacher.dispatchVisits).toBe(n + 1);
    storage.stop();
    expect(cacher.watcherCount).toBe(0);
  });

  it("a stopped watcher leaves the index, and the resource's other watchers keep receiving", async () => {
    const storage = new CachedStorage(new EtcdStore(new MvccKV(new MvccStore())), { clock: new VirtualClock() });
    const a = await storage.watch(collectionKey("pods"), { recursive: true });
    const b = await storage.watch(collectionKey("pods"), { recursive: true });
    a.stop();
    await storage.create(objectKey("pods", "default", "x"), pod("x"));
    expect(a.take()).toEqual([]);
    expect(b.take().map((e) => e.type)).toEqual(["ADDED"]);
    expect(storage.cacherFor(collectionKey("pods")).watcherCount).toBe(1);
    storage.stop();
  });

  it("each resource gets its own cache: a node change does not reach pod watchers", async () => {
    const storage = new CachedStorage(new EtcdStore(new MvccKV(new MvccStore())), { clock: new VirtualClock() });
    const pods = await storage.watch(collectionKey("pods"), { recursive: true });
    const nodes = await storage.watch(collectionKey("nodes"), { recursive: true });
    await storage.create(objectKey("nodes", "", "node-1"), { kind: "Node", metadata: { name: "node-1" } });
    expect(pods.take()).toEqual([]);
    expect(nodes.take().map((e) => `${e.type} ${(e.object as { metadata: { name: string } }).metadata.name}`)).toEqual(["ADDED node-1"]);
    storage.stop();
  });
});
