import { describe, expect, it } from "vitest";
import { EtcdCluster } from "./etcd-cluster";
import { formatSnapshotStatus, prepareRestore, statusOf } from "./snapshot-file";
import { humanizeBytes } from "./etcdctl-printer";
import { CompactedError } from "../mvcc/errors";
import { SnapshotFormatError } from "../mvcc/snapshot";

function populated(seed: number): EtcdCluster {
  const c = new EtcdCluster({ seed, size: 3 });
  c.waitForLeader();
  const client = c.client();
  for (let i = 0; i < 10; i++) c.settle(client.put(`/registry/configmaps/default/cm${i}`, `data-${i}`));
  c.settle(client.delete("/registry/configmaps/default/cm0"));
  c.clock.advance(100);
  return c;
}

describe("snapshot save, status and restore (etcdctl snapshot save, etcdutl snapshot status/restore)", () => {
  it("reports hash, revision, total keys and total size, as etcdutl prints them", () => {
    const c = populated(31);
    const saved = c.snapshotSave(c.leader()!.id);
    expect(saved.status.revision).toBe(12);
    expect(saved.status.totalKey, "every revision's entry: 10 puts and 1 tombstone").toBe(11);
    expect(saved.status.totalSize).toBe(c.leader()!.store.status().dbSize);
    const table = formatSnapshotStatus(saved.status);
    expect(table.split("\n")).toEqual([
      "+----------+----------+------------+------------+",
      "|   HASH   | REVISION | TOTAL KEYS | TOTAL SIZE |",
      "+----------+----------+------------+------------+",
      `| ${saved.status.hash.toString(16).padStart(8)} |       12 |         11 |      25 kB |`,
      "+----------+----------+------------+------------+",
    ]);
    expect(formatSnapshotStatus(saved.status, "simple")).toBe(`${saved.status.hash.toString(16)}, 12, 11, 25 kB`);
  });

  it("gives the same file from every member once they have applied the same entries", () => {
    const c = populated(32);
    const hashes = c.ids.map((id) => c.snapshotSave(id).status.hash);
    expect(new Set(hashes).size).toBe(1);
  });

  it("restores into a new cluster with the same data, the same KV hash and the same revision", () => {
    const source = populated(33);
    const saved = source.snapshotSave(source.leader()!.id);
    const restored = EtcdCluster.restore(saved.file, { seed: 34, size: 3 });
    expect(restored.clusterId).not.toBe(source.clusterId);
    expect(restored.waitForLeader()).toBeDefined();
    const sourceHash = source.leader()!.store.hashKV();
    for (const m of restored.live()) {
      expect(m.store.hashKV(), `n${m.id}`).toEqual(sourceHash);
    }
    const client = restored.client();
    const get = restored.settle(client.get("/registry/configmaps/", { rangeEnd: "/registry/configmaps0" })).unwrap();
    expect(get.kvs.map((kv) => kv.value)).toEqual(Array.from({ length: 9 }, (_, i) => `data-${i + 1}`));
    expect(get.header.revision).toBe(12);
    expect(restored.settle(client.put("/after", "restore")).unwrap().header.revision, "revisions continue after the snapshot's").toBe(13);
  });

  it("restores a single-member cluster from a snapshot of a three-member one", () => {
    const source = populated(35);
    const restored = EtcdCluster.restore(source.snapshotSave(1).file, { seed: 36, size: 1 });
    restored.waitForLeader();
    expect(restored.member(1).store.hashKV()).toEqual(source.member(1).store.hashKV());
  });

  it("--bump-revision with --mark-compacted moves the revision past the old one and makes old watches fail", () => {
    const source = populated(37);
    const restored = EtcdCluster.restore(source.snapshotSave(1).file, { seed: 38, size: 3, bumpRevision: 1_000_000, markCompacted: true });
    restored.waitForLeader();
    const client = restored.client();
    expect(restored.settle(client.put("/x", "1")).unwrap().header.revision).toBe(1_000_013);
    const watch = restored.member(1).watch({ key: "/x", startRevision: 12 });
    expect(watch.take()[0]?.error).toBeInstanceOf(CompactedError);
  });

  it("refuses a file that is not a snapshot, and --mark-compacted without a bump, with what is wrong", () => {
    expect(() => statusOf("{}")).toThrow(SnapshotFormatError);
    expect(() => EtcdCluster.restore("not json", { seed: 1, size: 1 })).toThrow(/snapshot: not JSON/);
    const file = populated(39).snapshotSave(1).file;
    expect(() => prepareRestore(file, { markCompacted: true })).toThrow("--mark-compacted requires --bump-revision > 0");
  });

  it.each([
    [0, "0 B"],
    [9, "9 B"],
    [512, "512 B"],
    [20480, "20 kB"],
    [2_100_000, "2.1 MB"],
    [82_854_982, "83 MB"],
    [2_147_483_648, "2.1 GB"],
  ])("humanizes %i bytes as %s (go-humanize, SI units)", (bytes, text) => {
    expect(humanizeBytes(bytes)).toBe(text);
  });
});
