import { describe, expect, it } from "vitest";
import { CompactedError, FutureRevisionError } from "./errors";
import { KeyIndex } from "./key-index";
import { MvccStore } from "./mvcc-store";

describe("keyIndex", () => {
  // The example in server/storage/mvcc/key_index.go's doc comment.
  function foo(): KeyIndex {
    const ki = new KeyIndex("foo");
    ki.put(1, 0);
    ki.put(2, 0);
    ki.tombstone(3, 0);
    ki.put(4, 0);
    ki.tombstone(5, 0);
    return ki;
  }
  const gens = (ki: KeyIndex) => ki.generations.map((g) => g.revs.map((r) => r.main));

  it("groups a key's revisions into generations ended by tombstones", () => {
    expect(gens(foo())).toEqual([[1, 2, 3], [4, 5], []]);
  });

  it("compact(2) keeps revision 2 as the value at 2 and drops revision 1", () => {
    const ki = foo();
    ki.compact(2, new Set());
    expect(gens(ki)).toEqual([[2, 3], [4, 5], []]);
  });

  it("compact(4) drops the whole first generation, which ended before 4", () => {
    const ki = foo();
    ki.compact(4, new Set());
    expect(gens(ki)).toEqual([[4, 5], []]);
  });

  it("compact(5) keeps the tombstone at 5; compact(6) leaves nothing, and the key can be forgotten", () => {
    const ki = foo();
    ki.compact(5, new Set());
    expect(gens(ki)).toEqual([[5], []]);
    ki.compact(6, new Set());
    expect(ki.isEmpty()).toBe(true);
  });

  it("get finds the version at a revision and nothing between generations", () => {
    const ki = foo();
    expect(ki.get(2)).toMatchObject({ modified: { main: 2 }, version: 2 });
    expect(ki.get(3)).toBeUndefined();
    expect(ki.get(4)).toMatchObject({ created: { main: 4 }, version: 1 });
  });
});

describe("compaction", () => {
  function history(): MvccStore {
    const s = new MvccStore();
    s.put("a", "a1"); // 2
    s.put("b", "b1"); // 3
    s.put("a", "a2"); // 4
    s.deleteRange({ key: "b" }); // 5
    s.put("a", "a3"); // 6
    return s;
  }

  it("keeps the latest version of each live key: reads at the compaction revision and after still work", () => {
    const s = history();
    s.compact(5);
    expect(s.range({ key: "a", revision: 5 }).kvs[0]?.value).toBe("a2");
    expect(s.range({ key: "a" }).kvs[0]).toMatchObject({ value: "a3", version: 3, createRevision: 2 });
    expect(s.range({ key: "b", revision: 5 }).count).toBe(0);
  });

  it("removes the history below the compaction revision from the backend", () => {
    const s = history();
    expect(s.kv.backend.all()).toHaveLength(5);
    s.compact(5);
    // a@4 is a's value at 5, b's tombstone is at 5 itself, a@6 is newer: kept. a@2, b@3 go.
    expect(s.kv.backend.all().map((r) => `${r.kv.key}@${r.rev.main}`)).toEqual(["a@4", "b@5", "a@6"]);
  });

  it("makes older reads fail with etcd's compacted error", () => {
    const s = history();
    s.compact(5);
    expect(() => s.range({ key: "a", revision: 4 })).toThrow(CompactedError);
    expect(() => s.range({ key: "a", revision: 4 })).toThrow("etcdserver: mvcc: required revision has been compacted");
    const result = s.apply({ type: "range", request: { key: "a", revision: 2 } });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.serverMessage).toBe("mvcc: required revision has been compacted");
      expect(result.error.code).toBe("OutOfRange");
    }
  });

  it("compacting the same or an older revision again fails with the compacted error", () => {
    const s = history();
    s.compact(4);
    expect(() => s.compact(4)).toThrow("etcdserver: mvcc: required revision has been compacted");
    expect(() => s.compact(3)).toThrow(CompactedError);
  });

  it("compacting a future revision fails with the future-revision error", () => {
    const s = history();
    expect(() => s.compact(7)).toThrow(FutureRevisionError);
    expect(() => s.compact(7)).toThrow("etcdserver: mvcc: required revision is a future revision");
    const result = s.apply({ type: "compaction", request: { revision: 100 } });
    expect(!result.ok && result.error.serverMessage).toBe("mvcc: required revision is a future revision");
  });

  it("a compaction takes no revision of its own", () => {
    const s = history();
    expect(s.compact(6).header.revision).toBe(6);
    expect(s.revision).toBe(6);
  });

  it("forgets a deleted key entirely once compaction passes its tombstone", () => {
    const s = history();
    s.compact(6);
    expect(s.kv.index.keyIndex("b")).toBeUndefined();
    expect(s.kv.backend.all().map((r) => `${r.kv.key}@${r.rev.main}`)).toEqual(["a@6"]);
  });
});
