import { describe, expect, it } from "vitest";
import { MvccStore } from "./mvcc-store";
import { getPrefix } from "./range-end";

function seeded(): MvccStore {
  const s = new MvccStore();
  s.put("/registry/pods/default/a", "pa"); // 2
  s.put("/registry/pods/default/b", "pb"); // 3
  s.put("/registry/pods/kube-system/c", "pc"); // 4
  s.put("/registry/services/default/svc", "s"); // 5
  s.put("/registry/pods/default/a", "pa2"); // 6
  return s;
}

const keys = (kvs: { key: string }[]) => kvs.map((kv) => kv.key);

describe("getPrefix", () => {
  it("increments the last character to make the prefix's range end", () => {
    expect(getPrefix("/registry/pods/")).toBe("/registry/pods0");
    expect(getPrefix("a")).toBe("b");
  });

  it("gives \\0 (all keys >= prefix) when no character can be incremented", () => {
    expect(getPrefix("")).toBe("\0");
    expect(getPrefix("\uffff\uffff")).toBe("\0");
  });
});

describe("range", () => {
  it("without a range end reads exactly one key", () => {
    const r = seeded().range({ key: "/registry/pods/default/a" });
    expect(keys(r.kvs)).toEqual(["/registry/pods/default/a"]);
    expect(r).toMatchObject({ count: 1, more: false, header: { revision: 6 } });
  });

  it("with a prefix range end reads every key under the prefix, in key order", () => {
    const r = seeded().range({ key: "/registry/pods/", rangeEnd: getPrefix("/registry/pods/") });
    expect(keys(r.kvs)).toEqual(["/registry/pods/default/a", "/registry/pods/default/b", "/registry/pods/kube-system/c"]);
    expect(r.count).toBe(3);
  });

  it("with range end \\0 reads every key >= key; key \\0 with range end \\0 reads everything", () => {
    const s = seeded();
    expect(keys(s.range({ key: "/registry/pods/kube-system/", rangeEnd: "\0" }).kvs)).toEqual([
      "/registry/pods/kube-system/c",
      "/registry/services/default/svc",
    ]);
    expect(s.range({ key: "\0", rangeEnd: "\0" }).count).toBe(4);
  });

  it("with [key, rangeEnd) is half-open", () => {
    const s = seeded();
    expect(keys(s.range({ key: "/registry/pods/default/a", rangeEnd: "/registry/pods/default/b" }).kvs)).toEqual(["/registry/pods/default/a"]);
  });

  it("with a limit returns that many, sets more, and still counts the whole range", () => {
    const r = seeded().range({ key: "/registry/", rangeEnd: getPrefix("/registry/"), limit: 2 });
    expect(keys(r.kvs)).toEqual(["/registry/pods/default/a", "/registry/pods/default/b"]);
    expect(r).toMatchObject({ more: true, count: 4 });
  });

  it("with a limit equal to the number of keys does not set more", () => {
    const r = seeded().range({ key: "/registry/", rangeEnd: getPrefix("/registry/"), limit: 4 });
    expect(r).toMatchObject({ more: false, count: 4 });
  });

  it("with countOnly returns no pairs, only the count", () => {
    const r = seeded().range({ key: "/registry/pods/", rangeEnd: getPrefix("/registry/pods/"), countOnly: true });
    expect(r.kvs).toEqual([]);
    expect(r.count).toBe(3);
  });

  it("with keysOnly returns keys and metadata without values", () => {
    const r = seeded().range({ key: "/registry/pods/default/a", keysOnly: true });
    expect(r.kvs[0]).toMatchObject({ key: "/registry/pods/default/a", value: "", version: 2, modRevision: 6 });
  });

  it("at a past revision sees the keys and values of that time, with the header at the current revision", () => {
    const r = seeded().range({ key: "/registry/pods/", rangeEnd: getPrefix("/registry/pods/"), revision: 3 });
    expect(r.kvs.map((kv) => [kv.key, kv.value])).toEqual([
      ["/registry/pods/default/a", "pa"],
      ["/registry/pods/default/b", "pb"],
    ]);
    expect(r.header.revision).toBe(6);
  });

  it("sorts by mod revision descending when asked", () => {
    const r = seeded().range({ key: "/registry/", rangeEnd: getPrefix("/registry/"), sortTarget: "MOD", sortOrder: "DESCEND" });
    expect(r.kvs.map((kv) => kv.modRevision)).toEqual([6, 5, 4, 3]);
  });

  it("sorts by value ascending when only a sort target is given", () => {
    const r = seeded().range({ key: "/registry/", rangeEnd: getPrefix("/registry/"), sortTarget: "VALUE" });
    expect(r.kvs.map((kv) => kv.value)).toEqual(["pa2", "pb", "pc", "s"]);
  });

  it("sorts before applying the limit", () => {
    const r = seeded().range({ key: "/registry/", rangeEnd: getPrefix("/registry/"), sortTarget: "KEY", sortOrder: "DESCEND", limit: 1 });
    expect(keys(r.kvs)).toEqual(["/registry/services/default/svc"]);
    expect(r.more).toBe(true);
  });

  it("filters by mod and create revision", () => {
    const s = seeded();
    const all = { key: "/registry/", rangeEnd: getPrefix("/registry/") };
    expect(keys(s.range({ ...all, minModRevision: 5 }).kvs)).toEqual(["/registry/pods/default/a", "/registry/services/default/svc"]);
    expect(keys(s.range({ ...all, maxCreateRevision: 3 }).kvs)).toEqual(["/registry/pods/default/a", "/registry/pods/default/b"]);
  });

  it("deleteRange on a prefix deletes every key in it in one revision and can return them", () => {
    const s = seeded();
    const resp = s.deleteRange({ key: "/registry/pods/", rangeEnd: getPrefix("/registry/pods/"), prevKv: true });
    expect(resp.deleted).toBe(3);
    expect(resp.header.revision).toBe(7);
    expect(resp.prevKvs?.map((kv) => kv.value)).toEqual(["pa2", "pb", "pc"]);
    expect(s.range({ key: "\0", rangeEnd: "\0" }).count).toBe(1);
  });
});
