/// <reference types="node" />
// The storage contract on a real etcd (Debian's etcd-server 3.4), through the etcd3 client.
// Not part of `npm test` (learners need not install etcd): run with `npm run test:interop`.
// Without an etcd binary every test here fails, with the message saying how to install it.
import { Etcd3 } from "etcd3";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CompactedError, FutureRevisionError } from "../../etcd/mvcc/errors";
import { VirtualClock } from "../../sim/virtual-clock";
import { CachedStorage } from "./cached-storage";
import { runStorageContract } from "./contract.test-util";
import { EtcdStore } from "./etcd-store";
import { SettlingKV, startEtcd, type EtcdServer } from "./etcd-server.interop-util";
import { Etcd3KV } from "./etcd3-kv";

let server: EtcdServer | undefined;
let admin: Etcd3 | undefined;
const clients = new Set<Etcd3>();

beforeAll(async () => {
  server = await startEtcd();
  admin = new Etcd3({ hosts: server.endpoint });
  console.log(`etcd on ${server.endpoint} (data dir ${server.dataDir}) answered after ${server.startupMs} ms`);
}, 30_000);

afterAll(async () => {
  for (const c of clients) c.close();
  admin?.close();
  await server?.stop();
}, 15_000);

// Every test starts from an empty keyspace (revisions keep growing: etcd's are never reset).
beforeEach(async () => {
  if (admin === undefined) throw new Error("etcd did not start (see the beforeAll error above)");
  await admin.delete().all();
});

function connect(): Etcd3 {
  if (server === undefined) throw new Error("etcd did not start (see the beforeAll error above)");
  const client = new Etcd3({ hosts: server.endpoint });
  clients.add(client);
  return client;
}

runStorageContract("real etcd (etcd3 client)", ({ watchCacheCapacity, bookmarkIntervalMs }) => {
  const client = connect();
  const kv = new SettlingKV(new Etcd3KV(client));
  const clock = new VirtualClock(); // drives only the cache's bookmark timer; etcd runs on real time
  const direct = new EtcdStore(kv);
  const storage = new CachedStorage(direct, { clock, watchCacheCapacity, bookmarkIntervalMs });
  return {
    storage,
    direct,
    run: async (p) => {
      const value = await p;
      await kv.settle();
      return value;
    },
    compact: async (revision) => void (await client.kv.compact({ revision, physical: true })),
    advance: (ms) => clock.advance(ms),
    close: () => {
      storage.stop();
      clients.delete(client);
      client.close();
    },
  };
});

describe("Etcd3KV: etcd's errors as the store's", () => {
  it("a range at a compacted revision rejects with CompactedError, one past the current with FutureRevisionError", async () => {
    const client = connect();
    const kv = new Etcd3KV(client);
    const put = (v: string) => kv.txn({ success: [{ requestPut: { key: "/interop/k", value: v } }] });
    const first = await put("1");
    const last = await put("2");
    await client.kv.compact({ revision: last.header.revision, physical: true });
    await expect(kv.range({ key: "/interop/k", revision: first.header.revision })).rejects.toBeInstanceOf(CompactedError);
    const future = await kv.range({ key: "/interop/k", revision: last.header.revision + 5 }).catch((e: unknown) => e);
    expect(future).toBeInstanceOf(FutureRevisionError);
    expect((future as FutureRevisionError).currentRevision).toBe(last.header.revision);
    const now = await kv.range({ key: "/interop/k" });
    expect(now.kvs.map((k) => k.value)).toEqual(["2"]);
    client.close();
    clients.delete(client);
  });
});
