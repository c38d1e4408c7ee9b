// raftLog, following etcd-io/raft's log_test.go and log_unstable_test.go.
import { describe, expect, it } from "vitest";
import { ErrCompacted, RaftPanic } from "./errors";
import { RaftLog } from "./log";
import { MemoryStorage } from "./storage";
import { entry } from "./test-helpers.test-util";

function logWithTerms(terms: number[]): RaftLog {
  const log = new RaftLog(new MemoryStorage());
  log.append(terms.map((t, i) => entry(i + 1, t)));
  return log;
}

const terms = (log: RaftLog) => log.allEntries().map((e) => e.term);

describe("raftLog", () => {
  it.each([
    ["no entries", [], 0],
    ["entries it already has", [entry(1, 1), entry(2, 2)], 0],
    ["a conflicting entry (same index, other term)", [entry(2, 2), entry(3, 4)], 3],
    ["entries that are new", [entry(3, 3), entry(4, 4)], 4],
  ])("findConflict against a log [1, 2, 3] with %s returns index %i", (_name, ents, want) => {
    const log = logWithTerms([1, 2, 3]);
    expect(log.findConflict(ents)).toBe(want);
  });

  it("maybeAppend refuses entries whose previous entry does not match (the consistency check)", () => {
    const log = logWithTerms([1, 2, 3]);
    expect(log.maybeAppend(3, 2, 0, [entry(4, 4)])).toBeUndefined();
    expect(log.maybeAppend(4, 3, 0, [entry(5, 4)])).toBeUndefined();
    expect(terms(log)).toEqual([1, 2, 3]);
  });

  it("maybeAppend truncates at the first conflict and appends the rest", () => {
    const log = logWithTerms([1, 2, 3, 3]);
    expect(log.maybeAppend(2, 2, 0, [entry(3, 4), entry(4, 4), entry(5, 4)])).toBe(5);
    expect(terms(log)).toEqual([1, 2, 4, 4, 4]);
  });

  it("maybeAppend commits up to min(leader commit, last new index)", () => {
    const log = logWithTerms([1, 2, 3]);
    log.maybeAppend(1, 1, 10, [entry(2, 2)]);
    expect(log.committed).toBe(2);
  });

  it("maybeAppend refuses to overwrite a committed entry: that would be a safety violation", () => {
    const log = logWithTerms([1, 2, 3]);
    log.commitTo(2);
    expect(() => log.maybeAppend(1, 1, 0, [entry(2, 9)])).toThrow(RaftPanic);
  });

  it.each([
    ["a later last term, even if shorter", 1, 4, true],
    ["an earlier last term, even if longer", 9, 2, false],
    ["the same last term and a longer log", 4, 3, true],
    ["the same last term and the same length", 3, 3, true],
    ["the same last term and a shorter log", 2, 3, false],
  ])("isUpToDate: a log ending at (3, term 3) compared with %s (index %i, term %i) is %s (§5.4.1)", (_n, index, term, want) => {
    expect(logWithTerms([1, 2, 3]).isUpToDate(index, term)).toBe(want);
  });

  it("findConflictByTerm skips every index whose term is above the given one", () => {
    // The example from etcd-io/raft's stepLeader comment: follower log below.
    const follower = logWithTerms([1, 3, 3, 4, 4, 5, 5, 5, 6]);
    expect(follower.findConflictByTerm(8, 3)).toEqual({ index: 3, term: 3 });
    const leader = logWithTerms([1, 3, 3, 3, 5, 5, 5, 5, 5]);
    expect(leader.findConflictByTerm(6, 2)).toEqual({ index: 1, term: 1 });
    expect(leader.findConflictByTerm(0, 0)).toEqual({ index: 0, term: 0 });
  });

  it("findConflictByTerm stops at a compacted index and reports its term as unknown (0)", () => {
    const s = new MemoryStorage();
    s.append([1, 5, 5, 5, 5].map((t, i) => entry(i + 1, t)));
    s.createSnapshot(2, { voters: [1] }, "");
    s.compact(2);
    const log = new RaftLog(s);
    expect(log.findConflictByTerm(5, 1)).toEqual({ index: 1, term: 0 });
  });

  it("term() is known from the entry before the first one to the last, and errs below", () => {
    const s = new MemoryStorage();
    s.append([1, 2, 3, 4].map((t, i) => entry(i + 1, t)));
    s.createSnapshot(2, { voters: [1] }, "");
    s.compact(2);
    const log = new RaftLog(s);
    expect(log.term(2)).toBe(2);
    expect(() => log.term(1)).toThrow(ErrCompacted);
    expect(log.zeroTermOnOutOfBounds(1)).toBe(0);
    expect(log.zeroTermOnOutOfBounds(9)).toBe(0);
  });

  it("maybeCommit commits only an index whose entry is of the given (current) term (§5.4.2)", () => {
    const log = logWithTerms([1, 2, 2]);
    expect(log.maybeCommit(2, 3)).toBe(false);
    expect(log.maybeCommit(3, 2)).toBe(true);
    expect(log.committed).toBe(3);
    expect(log.maybeCommit(2, 2)).toBe(false); // never decreases
  });

  it("unstable entries are handed out until persisted, then dropped from unstable", () => {
    const log = logWithTerms([1, 1]);
    expect(log.unstableEntries().map((e) => e.index)).toEqual([1, 2]);
    log.storage instanceof MemoryStorage && log.storage.append(log.unstableEntries());
    log.stableTo(2, 1);
    expect(log.unstableEntries()).toEqual([]);
    expect(terms(log)).toEqual([1, 1]);
  });

  it("stableTo ignores a persisted entry that has since been replaced by one of another term", () => {
    const log = logWithTerms([1, 1]);
    log.append([entry(2, 2)]);
    log.stableTo(2, 1);
    expect(log.unstableEntries().map((e) => [e.index, e.term])).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });

  it("nextEnts returns committed entries not yet applied, and appliedTo moves past them", () => {
    const log = logWithTerms([1, 1, 1]);
    log.commitTo(2);
    expect(log.nextEnts().map((e) => e.index)).toEqual([1, 2]);
    log.appliedTo(2);
    expect(log.hasNextEnts()).toBe(false);
    expect(() => log.commitTo(9)).toThrow(/out of range/);
  });

  it("restore(snapshot) empties the log, and the snapshot's index becomes first-1, last and committed", () => {
    const log = logWithTerms([1, 1, 1]);
    log.restore({ metadata: { index: 10, term: 4, confState: { voters: [1] } }, data: "" });
    expect([log.firstIndex(), log.lastIndex(), log.committed, log.term(10)]).toEqual([11, 10, 10, 4]);
    expect(log.hasPendingSnapshot()).toBe(true);
  });
});
