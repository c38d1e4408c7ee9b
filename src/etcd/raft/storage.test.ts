// MemoryStorage, following etcd-io/raft's storage_test.go.
import { describe, expect, it } from "vitest";
import { ErrCompacted, ErrSnapOutOfDate, ErrUnavailable } from "./errors";
import { MemoryStorage, limitSize } from "./storage";
import { entry } from "./test-helpers.test-util";

/** A storage compacted at index 3 (term 3), holding entries 4 and 5. */
function compactedAt3(): MemoryStorage {
  const s = new MemoryStorage();
  s.append([entry(1, 1), entry(2, 2), entry(3, 3), entry(4, 4), entry(5, 5)]);
  s.createSnapshot(3, { voters: [1] }, "state@3");
  s.compact(3);
  return s;
}

describe("MemoryStorage", () => {
  it("starts empty: first index 1, last index 0, and term(0) = 0", () => {
    const s = new MemoryStorage();
    expect([s.firstIndex(), s.lastIndex(), s.term(0)]).toEqual([1, 0, 0]);
  });

  it("answers term() from the compaction point to the last index, and errs outside", () => {
    const s = compactedAt3();
    expect(() => s.term(2)).toThrow(ErrCompacted);
    expect([s.term(3), s.term(4), s.term(5)]).toEqual([3, 4, 5]);
    expect(() => s.term(6)).toThrow(ErrUnavailable);
  });

  it("returns entries in [lo, hi), refuses compacted ones, and always returns at least one entry under maxSize", () => {
    const s = compactedAt3();
    expect(() => s.entries(3, 5, 100)).toThrow(ErrCompacted);
    expect(s.entries(4, 6, 100).map((e) => e.index)).toEqual([4, 5]);
    expect(s.entries(4, 6, 0).map((e) => e.index)).toEqual([4]);
  });

  it("replaces a conflicting suffix when entries overlap, and ignores the part already compacted", () => {
    const s = compactedAt3();
    s.append([entry(3, 3), entry(4, 6), entry(5, 6), entry(6, 6)]);
    expect(s.entries(4, 7, 100).map((e) => e.term)).toEqual([6, 6, 6]);
    s.append([entry(1, 9), entry(2, 9)]);
    expect(s.lastIndex()).toBe(6);
  });

  it("refuses to append with a gap after its last entry", () => {
    const s = compactedAt3();
    expect(() => s.append([entry(7, 5)])).toThrow(/missing log entry/);
  });

  it("compacts up to an index, keeping that entry's term for the consistency check", () => {
    const s = compactedAt3();
    s.compact(4);
    expect([s.firstIndex(), s.term(4)]).toEqual([5, 4]);
    expect(() => s.compact(4)).toThrow(ErrCompacted);
  });

  it("creates a snapshot only ahead of the current one", () => {
    const s = compactedAt3();
    expect(s.snapshot().metadata).toEqual({ index: 3, term: 3, confState: { voters: [1] } });
    expect(() => s.createSnapshot(3, undefined, "")).toThrow(ErrSnapOutOfDate);
    expect(s.createSnapshot(5, undefined, "state@5").metadata).toEqual({ index: 5, term: 5, confState: { voters: [1] } });
  });

  it("applying a snapshot from the leader replaces the whole log, and an older one is refused", () => {
    const s = compactedAt3();
    s.applySnapshot({ metadata: { index: 10, term: 7, confState: { voters: [1, 2] } }, data: "x" });
    expect([s.firstIndex(), s.lastIndex(), s.term(10)]).toEqual([11, 10, 7]);
    expect(s.initialState().confState).toEqual({ voters: [1, 2] });
    expect(() => s.applySnapshot({ metadata: { index: 9, term: 7, confState: { voters: [1] } }, data: "" })).toThrow(ErrSnapOutOfDate);
  });

  it("limitSize keeps the longest prefix within the byte budget, but never less than one entry", () => {
    const ents = [entry(1, 1, "aaaa"), entry(2, 1, "bbbb"), entry(3, 1, "cccc")];
    // Each entry counts 4 bytes of data plus 16 of header.
    expect(limitSize(ents, 40)).toHaveLength(2);
    expect(limitSize(ents, 1)).toHaveLength(1);
    expect(limitSize(ents, 1000)).toHaveLength(3);
  });
});
