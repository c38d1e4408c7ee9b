import { describe, expect, it } from "vitest";
import { MvccStore } from "./mvcc-store";

function get(store: MvccStore, key: string, revision?: number) {
  return store.range(revision === undefined ? { key } : { key, revision }).kvs[0];
}

describe("revisions and versions", () => {
  it("an empty store is at revision 1 and the first write is revision 2, as in etcd", () => {
    const s = new MvccStore();
    expect(s.revision).toBe(1);
    expect(s.range({ key: "a" }).header.revision).toBe(1);
    expect(s.put("a", "1").header.revision).toBe(2);
  });

  it("every put takes a new revision; create revision stays, mod revision and version move", () => {
    const s = new MvccStore();
    s.put("foo", "v1");
    s.put("bar", "x");
    s.put("foo", "v2");
    expect(get(s, "foo")).toEqual({ key: "foo", value: "v2", createRevision: 2, modRevision: 4, version: 2, lease: 0 });
    expect(get(s, "bar")).toMatchObject({ createRevision: 3, modRevision: 3, version: 1 });
  });

  it("a delete ends the key's generation: re-creating it restarts the version and moves the create revision", () => {
    const s = new MvccStore();
    s.put("foo", "a"); // 2
    s.put("foo", "b"); // 3
    expect(s.deleteRange({ key: "foo" })).toMatchObject({ deleted: 1, header: { revision: 4 } });
    expect(get(s, "foo")).toBeUndefined();
    s.put("foo", "c"); // 5
    expect(get(s, "foo")).toMatchObject({ value: "c", createRevision: 5, modRevision: 5, version: 1 });
  });

  it("reads at a past revision see the key as it was, including before it existed and while deleted", () => {
    const s = new MvccStore();
    s.put("foo", "a"); // 2
    s.put("foo", "b"); // 3
    s.deleteRange({ key: "foo" }); // 4
    s.put("foo", "c"); // 5
    expect(get(s, "foo", 1)).toBeUndefined();
    expect(get(s, "foo", 2)).toMatchObject({ value: "a", version: 1 });
    expect(get(s, "foo", 3)).toMatchObject({ value: "b", version: 2, createRevision: 2 });
    expect(get(s, "foo", 4)).toBeUndefined();
    expect(get(s, "foo", 5)).toMatchObject({ value: "c", version: 1, createRevision: 5 });
  });

  it("deleting a key that does not exist takes no revision", () => {
    const s = new MvccStore();
    s.put("a", "1");
    expect(s.deleteRange({ key: "missing" })).toEqual({ header: { revision: 2 }, deleted: 0 });
    expect(s.revision).toBe(2);
  });

  it("a txn with several writes is one revision, its changes numbered by sub-revision", () => {
    const s = new MvccStore();
    const resp = s.txn({ success: [{ requestPut: { key: "a", value: "1" } }, { requestPut: { key: "b", value: "2" } }, { requestPut: { key: "c", value: "3" } }] });
    expect(resp.header.revision).toBe(2);
    const entries = s.kv.backend.all().map((r) => [r.rev.main, r.rev.sub, r.kv.key]);
    expect(entries).toEqual([[2, 0, "a"], [2, 1, "b"], [2, 2, "c"]]);
    expect(s.range({ key: "a", rangeEnd: "d" }).kvs.map((kv) => kv.modRevision)).toEqual([2, 2, 2]);
  });

  it("put with prevKv returns the previous state, and nothing for a new key", () => {
    const s = new MvccStore();
    expect(s.put("k", "1", { prevKv: true }).prevKv).toBeUndefined();
    expect(s.put("k", "2", { prevKv: true }).prevKv).toMatchObject({ value: "1", modRevision: 2 });
  });

  it("ignoreValue keeps the value and ignoreLease keeps the lease; both need the key to exist", () => {
    const s = new MvccStore();
    const lease = s.leaseGrant(60, 0).id;
    s.put("k", "v", { lease });
    s.put("k", "", { ignoreValue: true, lease });
    expect(get(s, "k")).toMatchObject({ value: "v", version: 2, lease });
    s.put("k", "w", { ignoreLease: true });
    expect(get(s, "k")).toMatchObject({ value: "w", lease });
    expect(() => s.put("nope", "", { ignoreValue: true })).toThrow("etcdserver: key not found");
    expect(s.revision).toBe(4);
  });

  it("an empty key is refused with etcd's message", () => {
    const s = new MvccStore();
    expect(() => s.put("", "v")).toThrow("etcdserver: key is not provided");
    expect(() => s.range({ key: "" })).toThrow("etcdserver: key is not provided");
  });

  it("a read at a future revision fails with the future-revision error", () => {
    const s = new MvccStore();
    s.put("a", "1");
    expect(() => s.range({ key: "a", revision: 3 })).toThrow("etcdserver: mvcc: required revision is a future revision");
  });
});
