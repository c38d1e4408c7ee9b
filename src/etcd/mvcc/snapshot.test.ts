import { describe, expect, it } from "vitest";
import { Rng } from "../../sim/rng";
import { crc32c } from "./hash";
import { MvccStore } from "./mvcc-store";
import { getPrefix } from "./range-end";
import { restore, snapshot, snapshotStatus } from "./snapshot";
import type { StoreCommand } from "./types";

/** A seeded stream of commands: puts, deletes, txns, leases and compactions over a few keys. */
function commandLog(seed: number, length: number): StoreCommand[] {
  const rng = new Rng(seed);
  const keys = ["/a/1", "/a/2", "/a/3", "/b/1", "/b/2"];
  const log: StoreCommand[] = [];
  let rev = 1;
  let leases = 0;
  for (let i = 0; i < length; i++) {
    const roll = rng.int(0, 100);
    const key = rng.pick(keys);
    if (roll < 50) {
      const lease = leases > 0 && rng.chance(0.2) ? rng.int(1, leases + 1) : 0;
      log.push({ type: "put", request: { key, value: `v${i}`, lease } });
      rev++;
    } else if (roll < 65) log.push({ type: "deleteRange", request: { key, rangeEnd: rng.chance(0.3) ? getPrefix(key.slice(0, 3)) : undefined } });
    else if (roll < 80) {
      log.push({
        type: "txn",
        request: {
          compare: [{ key, target: "VERSION", result: "GREATER", version: rng.int(0, 3) }],
          success: [{ requestPut: { key, value: `t${i}` } }],
          failure: [{ requestDeleteRange: { key } }],
        },
      });
    } else if (roll < 88) {
      log.push({ type: "leaseGrant", request: { ttl: rng.int(2, 30) }, now: i * 1000 });
      leases++;
    } else if (roll < 93 && leases > 0) log.push({ type: "leaseRevoke", request: { id: rng.int(1, leases + 1) } });
    else log.push({ type: "compaction", request: { revision: Math.max(1, rev - rng.int(0, 5)) } });
  }
  return log;
}

function applyAll(store: MvccStore, log: StoreCommand[]): string[] {
  return log.map((c) => {
    const r = store.apply(c);
    return r.ok ? "ok" : r.error.message;
  });
}

describe("determinism", () => {
  it("two stores applying the same command log end with the same state, hash and results", () => {
    const log = commandLog(7, 400);
    const a = new MvccStore();
    const b = new MvccStore();
    expect(applyAll(a, log)).toEqual(applyAll(b, log));
    expect(snapshot(a)).toBe(snapshot(b));
    expect(a.hashKV().hash).toBe(b.hashKV().hash);
  });

  it("a different history gives a different hash", () => {
    const a = new MvccStore();
    const b = new MvccStore();
    a.put("k", "1");
    b.put("k", "2");
    expect(a.hashKV().hash).not.toBe(b.hashKV().hash);
  });
});

describe("hashKV", () => {
  it("uses CRC-32C (Castagnoli), as etcd", () => {
    expect(crc32c("123456789")).toBe(0xe3069283);
  });

  it("hashes the history up to a revision: a later write does not change an earlier hash", () => {
    const s = new MvccStore();
    s.put("a", "1");
    s.put("b", "2");
    const at3 = s.hashKV(3).hash;
    s.put("c", "3");
    expect(s.hashKV(3).hash).toBe(at3);
    expect(s.hashKV().hash).not.toBe(at3);
  });

  it("refuses a compacted or future revision", () => {
    const s = new MvccStore();
    s.put("a", "1");
    s.put("a", "2");
    s.compact(2);
    expect(() => s.hashKV(2)).toThrow("etcdserver: mvcc: required revision has been compacted");
    expect(() => s.hashKV(9)).toThrow("etcdserver: mvcc: required revision is a future revision");
  });
});

describe("snapshot and restore", () => {
  function busy(): MvccStore {
    const s = new MvccStore();
    applyAll(s, commandLog(11, 300));
    return s;
  }

  it("round-trips the whole state: revision, compaction, hash, leases, alarms and file size", () => {
    const s = busy();
    const r = restore(snapshot(s));
    expect(r.revision).toBe(s.revision);
    expect(r.compactRevision).toBe(s.compactRevision);
    expect(r.hashKV().hash).toBe(s.hashKV().hash);
    expect(r.leases()).toEqual(s.leases());
    expect(r.status()).toEqual(s.status());
    expect(snapshot(r)).toBe(snapshot(s));
  });

  it("keeps history: reads at past revisions and watch replay work on the restored store", () => {
    const s = new MvccStore();
    s.put("k", "1");
    s.put("k", "2");
    s.deleteRange({ key: "k" });
    s.put("k", "3");
    const r = restore(snapshot(s));
    expect(r.range({ key: "k", revision: 3 }).kvs[0]).toMatchObject({ value: "2", version: 2 });
    expect(r.range({ key: "k" }).kvs[0]).toMatchObject({ value: "3", version: 1, createRevision: 5 });
    expect(r.watch({ key: "k", startRevision: 2 }).peekEvents().map((e) => e.type)).toEqual(["PUT", "PUT", "DELETE", "PUT"]);
  });

  it("a restored store then behaves exactly like the original under the same commands", () => {
    const s = busy();
    const r = restore(snapshot(s));
    const more = commandLog(12, 200);
    expect(applyAll(r, more)).toEqual(applyAll(s, more));
    expect(r.hashKV().hash).toBe(s.hashKV().hash);
    expect(snapshot(r)).toBe(snapshot(s));
  });

  it("re-attaches keys to their leases, so revoking after restore still deletes them", () => {
    const s = new MvccStore();
    const id = s.leaseGrant(30, 0).id;
    s.put("k", "v", { lease: id });
    const r = restore(snapshot(s));
    expect(r.leaseTimeToLive(id, 0, true).keys).toEqual(["k"]);
    r.leaseRevoke(id);
    expect(r.range({ key: "k" }).count).toBe(0);
  });

  it("reports what etcdutl snapshot status prints: hash, revision, total keys, total size", () => {
    const s = new MvccStore();
    s.put("a", "1");
    s.put("a", "2");
    s.leaseGrant(10, 0);
    const text = snapshot(s);
    expect(snapshotStatus(text)).toEqual({ hash: crc32c(text), revision: 3, totalKey: 3, totalSize: s.status().dbSize });
  });

  it("says what is wrong with a snapshot it cannot read", () => {
    expect(() => restore("not json")).toThrow(/^snapshot: not JSON/);
    expect(() => restore("{}")).toThrow('snapshot: unknown format undefined; expected "etcd-mvcc-snapshot/v1" from snapshot()');
  });
});
