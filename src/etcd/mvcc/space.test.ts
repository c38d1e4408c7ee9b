import { describe, expect, it } from "vitest";
import { EMPTY_DB_BYTES, PAGE_SIZE } from "./backend";
import { NoSpaceError } from "./errors";
import { MvccStore } from "./mvcc-store";
import { DEFAULT_QUOTA_BYTES, MAX_QUOTA_BYTES } from "./quota";
import { DEFAULT_MAX_REQUEST_BYTES } from "./validation";

const KiB = 1024;
const value = (bytes: number) => "x".repeat(bytes);

describe("database size and defragmentation", () => {
  it("a fresh store reports a small database, all of it in use", () => {
    const st = new MvccStore().status();
    expect(st.dbSize).toBe(EMPTY_DB_BYTES);
    expect(st.dbSizeInUse).toBe(EMPTY_DB_BYTES);
  });

  it("grows with every revision written, not with the number of live keys", () => {
    const s = new MvccStore();
    for (let i = 0; i < 100; i++) s.put("one-key", value(KiB));
    const st = s.status();
    expect(st.keys).toBe(1);
    expect(st.dbSizeInUse).toBeGreaterThan(100 * KiB);
    expect(st.dbSize).toBeGreaterThanOrEqual(st.dbSizeInUse);
    expect(st.dbSize % PAGE_SIZE).toBe(0);
  });

  it("compaction frees space in use but the file keeps its size; defragment gives it back", () => {
    const s = new MvccStore();
    for (let i = 0; i < 100; i++) s.put("one-key", value(KiB));
    const before = s.status();
    s.compact(s.revision);
    const compacted = s.status();
    expect(compacted.dbSize).toBe(before.dbSize);
    // Only the live key's last revision is left on top of the empty database's pages.
    expect(compacted.dbSizeInUse - EMPTY_DB_BYTES).toBeLessThan(2 * KiB);
    expect(before.dbSizeInUse - EMPTY_DB_BYTES).toBeGreaterThan(100 * KiB);

    const { before: fileBefore, after } = s.defragment();
    expect(fileBefore).toBe(before.dbSize);
    const defragged = s.status();
    expect(defragged.dbSize).toBe(after);
    expect(defragged.dbSize).toBeLessThan(before.dbSize / 5);
    expect(defragged.dbSize - defragged.dbSizeInUse).toBeLessThan(PAGE_SIZE);
    expect(defragged.dbSize).toBeGreaterThanOrEqual(defragged.dbSizeInUse);
  });

  it("after compaction, new writes reuse the freed pages before the file grows again", () => {
    const s = new MvccStore();
    for (let i = 0; i < 50; i++) s.put("k", value(KiB));
    s.compact(s.revision);
    const file = s.status().dbSize;
    for (let i = 0; i < 40; i++) s.put("k", value(KiB));
    expect(s.status().dbSize).toBe(file);
  });
});

describe("space quota and the NOSPACE alarm", () => {
  it("defaults to 2 GiB, with 8 GiB the suggested maximum", () => {
    expect(DEFAULT_QUOTA_BYTES).toBe(2 * 1024 * 1024 * 1024);
    expect(MAX_QUOTA_BYTES).toBe(8 * 1024 * 1024 * 1024);
    expect(new MvccStore().config.quotaBackendBytes).toBe(DEFAULT_QUOTA_BYTES);
  });

  function filled(): MvccStore {
    const s = new MvccStore({ quotaBackendBytes: 64 * KiB });
    s.put("keep", "me");
    for (let i = 0; i < 1000; i++) {
      const r = s.apply({ type: "put", request: { key: "big", value: value(KiB) } });
      if (!r.ok) return s;
    }
    throw new Error("quota never reached");
  }

  it("refuses the write that would pass the quota and raises NOSPACE", () => {
    const s = filled();
    expect(s.alarmList()).toEqual(["NOSPACE"]);
    // Refused because dbSize + cost (key + value + 256 bytes) would reach the quota.
    expect(s.status().dbSize + 256 + "big".length + KiB).toBeGreaterThanOrEqual(64 * KiB);
    expect(() => s.put("small", "1")).toThrow(NoSpaceError);
    expect(() => s.put("small", "1")).toThrow("etcdserver: mvcc: database space exceeded");
  });

  it("with NOSPACE raised, reads, deletes and delete-only txns still work; puts, put txns and lease grants do not", () => {
    const s = filled();
    const rev = s.revision;
    expect(s.range({ key: "keep" }).kvs[0]?.value).toBe("me");
    expect(s.deleteRange({ key: "keep" }).deleted).toBe(1);
    expect(s.txn({ success: [{ requestDeleteRange: { key: "big" } }] }).header.revision).toBe(rev + 2);
    expect(() => s.txn({ success: [{ requestPut: { key: "a", value: "1" } }] })).toThrow("etcdserver: mvcc: database space exceeded");
    expect(() => s.leaseGrant(60, 0)).toThrow("etcdserver: mvcc: database space exceeded");
  });

  it("recovers after compact, defragment and alarm disarm, the documented procedure", () => {
    const s = filled();
    s.compact(s.revision);
    s.defragment();
    expect(() => s.put("a", "1")).toThrow(NoSpaceError); // the alarm stays until disarmed
    s.alarmDisarm();
    expect(s.alarmList()).toEqual([]);
    expect(s.put("a", "1").header.revision).toBe(s.revision);
  });

  it("compaction alone is not enough: the file is still full, so the next big write raises the alarm again", () => {
    const s = filled();
    s.compact(s.revision);
    s.alarmDisarm();
    expect(() => s.put("big", value(KiB))).toThrow(NoSpaceError);
    expect(s.alarmList()).toEqual(["NOSPACE"]);
  });

  it("a negative quota disables the check", () => {
    const s = new MvccStore({ quotaBackendBytes: -1 });
    for (let i = 0; i < 100; i++) s.put("k", value(KiB));
    expect(s.alarmList()).toEqual([]);
  });
});

describe("request size limit", () => {
  it("defaults to 1.5 MiB", () => {
    expect(DEFAULT_MAX_REQUEST_BYTES).toBe(1.5 * 1024 * 1024);
  });

  it("refuses a put whose encoding is larger than --max-request-bytes, and writes nothing", () => {
    const s = new MvccStore();
    const result = s.apply({ type: "put", request: { key: "k", value: value(DEFAULT_MAX_REQUEST_BYTES) } });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).toBe("etcdserver: request is too large");
      expect(result.error.code).toBe("InvalidArgument");
    }
    expect(s.revision).toBe(1);
  });

  it("accepts a put just under the limit", () => {
    const s = new MvccStore();
    expect(s.put("k", value(DEFAULT_MAX_REQUEST_BYTES - 200)).header.revision).toBe(2);
  });

  it("counts UTF-8 bytes, as etcd does", () => {
    const s = new MvccStore({ maxRequestBytes: 200 });
    expect(() => s.put("k", "é".repeat(90))).toThrow("etcdserver: request is too large"); // 180 bytes of value
    expect(s.put("k", "e".repeat(90)).header.revision).toBe(2);
  });

  it("applies to every op of a txn together", () => {
    const s = new MvccStore({ maxRequestBytes: 1000 });
    const ops = Array.from({ length: 5 }, (_, i) => ({ requestPut: { key: `k${i}`, value: value(300) } }));
    expect(() => s.txn({ success: ops })).toThrow("etcdserver: request is too large");
  });
});
