// Flow control and quorum arithmetic: etcd-io/raft's tracker/progress_test.go and quorum tests.
import { describe, expect, it } from "vitest";
import { Inflights, Progress } from "./progress";
import { ProgressTracker } from "./tracker";

function tracker(matches: Record<number, number>): ProgressTracker {
  const t = new ProgressTracker(10);
  for (const [id, match] of Object.entries(matches)) {
    t.voters.add(Number(id));
    const pr = new Progress(match + 1, 10);
    pr.match = match;
    t.progress.set(Number(id), pr);
  }
  return t;
}

describe("Progress", () => {
  it("a stale acknowledgement does not move match backwards", () => {
    const pr = new Progress(6, 10);
    pr.match = 5;
    expect(pr.maybeUpdate(3)).toBe(false);
    expect(pr.maybeUpdate(7)).toBe(true);
    expect([pr.match, pr.next]).toEqual([7, 8]);
  });

  it("in probe, a rejection moves next to the hint (but never below match+1), and a stale one is ignored", () => {
    const pr = new Progress(10, 10);
    pr.match = 2;
    expect(pr.maybeDecrTo(5, 4)).toBe(false); // not the index we probed (next-1 = 9)
    expect(pr.maybeDecrTo(9, 4)).toBe(true);
    expect(pr.next).toBe(5);
    expect(pr.maybeDecrTo(4, 0)).toBe(true);
    expect(pr.next).toBe(3);
  });

  it("in replicate, a rejection above match sends next back to match+1", () => {
    const pr = new Progress(10, 10);
    pr.match = 5;
    pr.becomeReplicate();
    pr.next = 12;
    expect(pr.maybeDecrTo(4, 4)).toBe(false);
    expect(pr.maybeDecrTo(9, 9)).toBe(true);
    expect(pr.next).toBe(6);
  });

  it("is paused in probe after one MsgApp, in replicate when the in-flight window is full, and always in snapshot", () => {
    const probe = new Progress(1, 2);
    probe.sentEntries(1, 1);
    expect(probe.isPaused()).toBe(true);
    const rep = new Progress(1, 2);
    rep.becomeReplicate();
    rep.sentEntries(1, 1);
    expect(rep.isPaused()).toBe(false);
    rep.sentEntries(1, 2);
    expect(rep.isPaused()).toBe(true);
    expect(rep.next).toBe(3);
    const snap = new Progress(1, 2);
    snap.becomeSnapshot(10);
    expect(snap.isPaused()).toBe(true);
    snap.becomeProbe();
    expect(snap.next).toBe(11);
  });

  it("Inflights frees every message up to an acknowledged index", () => {
    const inf = new Inflights(4);
    for (const i of [3, 5, 8, 9]) inf.add(i);
    expect(inf.full()).toBe(true);
    inf.freeLE(5);
    expect(inf.count()).toBe(2);
    expect(() => {
      inf.add(10);
      inf.add(11);
      inf.add(12);
    }).toThrow(/Full inflights/);
  });
});

describe("ProgressTracker", () => {
  it.each([
    [{ 1: 9 }, 9],
    [{ 1: 9, 2: 7, 3: 5 }, 7],
    [{ 1: 9, 2: 7, 3: 5, 4: 4 }, 5],
    [{ 1: 9, 2: 7, 3: 5, 4: 4, 5: 2 }, 5],
  ])("the index stored on a quorum of %o is %i", (matches, want) => {
    expect(tracker(matches).committed()).toBe(want);
  });

  it("tallies votes: won at a quorum of grants, lost once a quorum can no longer grant, pending otherwise", () => {
    const t = tracker({ 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 });
    t.recordVote(1, true);
    t.recordVote(2, false);
    expect(t.tallyVotes().result).toBe("VotePending");
    t.recordVote(3, false);
    t.recordVote(4, false);
    expect(t.tallyVotes()).toEqual({ granted: 1, rejected: 3, result: "VoteLost" });
    t.resetVotes();
    for (const id of [1, 2, 3]) t.recordVote(id, true);
    expect(t.tallyVotes().result).toBe("VoteWon");
  });

  it("counts only the first vote of each node", () => {
    const t = tracker({ 1: 0, 2: 0, 3: 0 });
    t.recordVote(2, false);
    t.recordVote(2, true);
    expect(t.tallyVotes().granted).toBe(0);
  });

  it("a quorum is active when a majority of voters were recently heard from", () => {
    const t = tracker({ 1: 0, 2: 0, 3: 0 });
    t.progress.get(1)!.recentActive = true;
    expect(t.quorumActive()).toBe(false);
    t.progress.get(3)!.recentActive = true;
    expect(t.quorumActive()).toBe(true);
  });
});
