import { describe, expect, it } from "vitest";
import { MvccStore } from "./mvcc-store";
import type { Compare, RequestOp } from "./types";

const putOp = (key: string, value: string): RequestOp => ({ requestPut: { key, value } });
const getOp = (key: string): RequestOp => ({ requestRange: { key } });

describe("txn", () => {
  it("runs success when every compare holds and reports succeeded", () => {
    const s = new MvccStore();
    s.put("k", "v1");
    const r = s.txn({ compare: [{ key: "k", target: "VALUE", result: "EQUAL", value: "v1" }], success: [putOp("k", "v2")], failure: [getOp("k")] });
    expect(r.succeeded).toBe(true);
    expect(r.header.revision).toBe(3);
    expect(s.range({ key: "k" }).kvs[0]?.value).toBe("v2");
  });

  it("runs failure when a compare fails, and a read-only branch takes no revision", () => {
    const s = new MvccStore();
    s.put("k", "v1");
    const r = s.txn({ compare: [{ key: "k", target: "VALUE", result: "EQUAL", value: "nope" }], success: [putOp("k", "v2")], failure: [getOp("k")] });
    expect(r.succeeded).toBe(false);
    expect(r.header.revision).toBe(2);
    expect(r.responses[0]).toMatchObject({ responseRange: { kvs: [{ value: "v1" }] } });
  });

  it("is Kubernetes' optimistic update: compare mod revision, and the loser of a race takes the failure branch", () => {
    const s = new MvccStore();
    const rev = s.put("/registry/pods/default/web", "v1").header.revision;
    const update = (value: string) =>
      s.txn({
        compare: [{ key: "/registry/pods/default/web", target: "MOD", result: "EQUAL", modRevision: rev }],
        success: [putOp("/registry/pods/default/web", value)],
        failure: [getOp("/registry/pods/default/web")],
      });
    expect(update("from-writer-1").succeeded).toBe(true);
    const lost = update("from-writer-2");
    expect(lost.succeeded).toBe(false);
    expect(lost.responses[0]).toMatchObject({ responseRange: { kvs: [{ value: "from-writer-1" }] } });
  });

  // server/etcdserver/txn/txn.go applyCompare: no key matched -> compare against a zero KeyValue,
  // except VALUE, which always fails.
  const missingKeyCases: Array<[string, Compare, boolean]> = [
    ["create revision = 0 holds for a missing key (create-if-absent)", { key: "m", target: "CREATE", result: "EQUAL", createRevision: 0 }, true],
    ["version = 0 holds for a missing key", { key: "m", target: "VERSION", result: "EQUAL", version: 0 }, true],
    ["mod revision > 0 fails for a missing key", { key: "m", target: "MOD", result: "GREATER", modRevision: 0 }, false],
    ["lease = 0 holds for a missing key", { key: "m", target: "LEASE", result: "EQUAL", lease: 0 }, true],
    ["value = \"\" fails for a missing key: a missing value is not an empty one", { key: "m", target: "VALUE", result: "EQUAL", value: "" }, false],
    ["value != \"x\" also fails for a missing key", { key: "m", target: "VALUE", result: "NOT_EQUAL", value: "x" }, false],
  ];
  for (const [name, compare, expected] of missingKeyCases) {
    it(`compare on a missing key: ${name}`, () => {
      const s = new MvccStore();
      expect(s.txn({ compare: [compare] }).succeeded).toBe(expected);
    });
  }

  const presentKeyCases: Array<[string, Compare, boolean]> = [
    ["version < 3 holds at version 2", { key: "k", target: "VERSION", result: "LESS", version: 3 }, true],
    ["version > 2 fails at version 2", { key: "k", target: "VERSION", result: "GREATER", version: 2 }, false],
    ["create revision = 2 holds", { key: "k", target: "CREATE", result: "EQUAL", createRevision: 2 }, true],
    ["mod revision != 3 fails at mod revision 3", { key: "k", target: "MOD", result: "NOT_EQUAL", modRevision: 3 }, false],
    ["value > \"a\" holds for \"b\" (byte order)", { key: "k", target: "VALUE", result: "GREATER", value: "a" }, true],
    ["value < \"a\" fails for \"b\"", { key: "k", target: "VALUE", result: "LESS", value: "a" }, false],
  ];
  for (const [name, compare, expected] of presentKeyCases) {
    it(`compare on an existing key: ${name}`, () => {
      const s = new MvccStore();
      s.put("k", "a");
      s.put("k", "b");
      expect(s.txn({ compare: [compare] }).succeeded).toBe(expected);
    });
  }

  it("a compare with a range end must hold for every key in the range", () => {
    const s = new MvccStore();
    s.put("a/1", "x");
    s.put("a/2", "y");
    const allX: Compare = { key: "a/", rangeEnd: "a0", target: "VALUE", result: "EQUAL", value: "x" };
    expect(s.txn({ compare: [allX] }).succeeded).toBe(false);
    s.put("a/2", "x");
    expect(s.txn({ compare: [allX] }).succeeded).toBe(true);
  });

  it("a nested txn runs on the branch taken, and the whole thing is still one revision", () => {
    const s = new MvccStore();
    s.put("flag", "on");
    const r = s.txn({
      compare: [{ key: "flag", target: "VALUE", result: "EQUAL", value: "on" }],
      success: [
        putOp("a", "1"),
        { requestTxn: { compare: [{ key: "missing", target: "CREATE", result: "EQUAL", createRevision: 0 }], success: [putOp("b", "2")], failure: [putOp("c", "3")] } },
      ],
    });
    expect(r.succeeded).toBe(true);
    expect(r.header.revision).toBe(3);
    expect(r.responses[1]).toMatchObject({ responseTxn: { succeeded: true, header: { revision: 3 } } });
    expect(s.range({ key: "a", rangeEnd: "d" }).kvs.map((kv) => [kv.key, kv.modRevision])).toEqual([["a", 3], ["b", 3]]);
  });

  it("nested compares are evaluated against the state before the txn, not after its earlier writes", () => {
    const s = new MvccStore();
    const r = s.txn({
      success: [
        putOp("x", "1"),
        { requestTxn: { compare: [{ key: "x", target: "CREATE", result: "EQUAL", createRevision: 0 }], success: [putOp("y", "x-was-absent")], failure: [putOp("y", "x-was-present")] } },
      ],
    });
    expect(r.responses[1]).toMatchObject({ responseTxn: { succeeded: true } });
    expect(s.range({ key: "y" }).kvs[0]?.value).toBe("x-was-absent");
  });

  it("a range after a put in the same txn sees the put", () => {
    const s = new MvccStore();
    const r = s.txn({ success: [putOp("k", "new"), getOp("k")] });
    expect(r.responses[1]).toMatchObject({ responseRange: { kvs: [{ value: "new", modRevision: 2 }] } });
  });

  it("a put on a lease that does not exist fails the whole txn before anything is written", () => {
    const s = new MvccStore();
    expect(() => s.txn({ success: [putOp("a", "1"), { requestPut: { key: "b", value: "2", lease: 99 } }] })).toThrow("etcdserver: requested lease not found");
    expect(s.revision).toBe(1);
    expect(s.range({ key: "a" }).count).toBe(0);
  });

  it("refuses two puts of one key in one branch", () => {
    const s = new MvccStore();
    expect(() => s.txn({ success: [putOp("a", "1"), putOp("a", "2")] })).toThrow("etcdserver: duplicate key given in txn request");
  });

  it("refuses a put inside a range the same branch deletes", () => {
    const s = new MvccStore();
    expect(() => s.txn({ success: [{ requestDeleteRange: { key: "a", rangeEnd: "c" } }, putOp("b", "1")] })).toThrow("etcdserver: duplicate key given in txn request");
  });

  it("allows the same key in the success and failure branch of a nested txn, since only one runs", () => {
    const s = new MvccStore();
    expect(s.txn({ success: [{ requestTxn: { success: [putOp("a", "1")], failure: [putOp("a", "2")] } }] }).succeeded).toBe(true);
  });

  it("refuses a branch with more than --max-txn-ops operations", () => {
    const s = new MvccStore({ maxTxnOps: 2 });
    expect(() => s.txn({ success: [putOp("a", "1"), putOp("b", "1"), putOp("c", "1")] })).toThrow("etcdserver: too many operations in txn request");
  });

  it("a txn that reads a compacted revision fails before writing", () => {
    const s = new MvccStore();
    s.put("a", "1");
    s.put("a", "2");
    s.compact(3);
    expect(() => s.txn({ success: [putOp("b", "1"), { requestRange: { key: "a", revision: 2 } }] })).toThrow("etcdserver: mvcc: required revision has been compacted");
    expect(s.revision).toBe(3);
  });
});
