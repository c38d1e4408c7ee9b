// Graded tests for the exercise "figure-8" (chapter 03-etcd, 15 points). Each test's weight is the
// points it is worth (they add up to 15); see tools/exercises/points.ts. `@exercise/...` is your
// exercises/ file; the grader also runs these tests against the reference solution and the
// untouched stub (tools/exercises/README.md). Each test is a sentence; its failure message names
// the rule that was broken and where to read about it.
//
// Your `commitTarget` and `committedInCurrentTerm` are plugged into the real Raft: vi.mock below
// replaces src/etcd/raft/commit-rule.ts, which the leader consults after every acknowledgement
// (src/etcd/raft/log.ts, maybeCommit) and before answering a read (raft.ts,
// committedEntryInCurrentTerm). The scenarios replay Figure 8 and crash leaders with them.
import { describe, expect, it, vi } from "vitest";
import * as learner from "@exercise/03-etcd/figure-8";
import { FIVE, applied, batteryFailure, chaosSeeds, during, logTerms, network } from "./support/raft-scenarios";

const { commitTarget, committedInCurrentTerm } = learner;

vi.mock("../../src/etcd/raft/commit-rule", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../src/etcd/raft/commit-rule")>()),
  commitTarget: (log: learner.LeaderLog, quorumIndex: number, currentTerm: number) => learner.commitTarget(log, quorumIndex, currentTerm),
  committedInCurrentTerm: (log: learner.LeaderLog, currentTerm: number) => learner.committedInCurrentTerm(log, currentTerm),
}));

/** A leader's log with entries of these terms at 1, 2, ...; term 0 outside it. */
const logOf = (terms: number[], committed: number): learner.LeaderLog => ({ committed, term: (i) => terms[i - 1] ?? 0 });
const RULE = 'Raft §5.4.2: "only log entries from the leader\'s current term are committed by counting replicas"';

describe("commitTarget: commit by counting replicas only entries of the current term", () => {
  it("commits the index a majority stores when its entry is from the current term", { meta: { weight: 1 } }, () => {
    expect(commitTarget(logOf([1, 1, 2, 2], 1), 4, 2), `${RULE}: index 4 is on a majority and from term 2, the current term: commit up to 4`).toBe(4);
    expect(commitTarget(logOf([1, 1, 2, 2], 1), 3, 2), `${RULE}: index 3 is on a majority and from term 2: commit up to 3 (not further: 4 is not on a majority)`).toBe(3);
  });

  it("does not commit an entry of an earlier term although a majority stores it (Figure 8 (c))", { meta: { weight: 1.5 } }, () => {
    expect(
      commitTarget(logOf([1, 2, 4], 1), 2, 4),
      `${RULE}. Figure 8 (c): the leader of term 4 has copied index 2 (term 2) to a majority, yet a server whose last term is 3 could still win an election and overwrite it: the commit index stays 1`,
    ).toBe(1);
  });

  it("an entry of the current term on a majority commits every entry before it, whatever their terms (Figure 8 (e))", { meta: { weight: 1 } }, () => {
    expect(
      commitTarget(logOf([1, 2, 4], 1), 3, 4),
      "Raft §5.4.2: once index 3 (term 4) is on a majority, it is committed, and by Log Matching so are indexes 2 (term 2) and 1: commit up to 3",
    ).toBe(3);
  });

  it("never lowers the commit index, and ignores an index the log does not hold", { meta: { weight: 1 } }, () => {
    expect(commitTarget(logOf([1, 1, 3], 2), 1, 3), "Raft Figure 2: commitIndex only grows. A quorum index (1) below the commit index (2) leaves it at 2").toBe(2);
    expect(commitTarget(logOf([1, 1, 3], 2), 2, 1), "Raft Figure 2: commitIndex only grows. A quorum index equal to the commit index leaves it at 2").toBe(2);
    expect(commitTarget(logOf([3], 1), 5, 3), "the log has no entry at index 5 (term 0 is no current term): the commit index stays 1").toBe(1);
  });

  it("a leader may serve reads only once the entry at its commit index is from its own term (Raft §8)", { meta: { weight: 1.5 } }, () => {
    expect(
      committedInCurrentTerm(logOf([1, 1, 2], 2), 2),
      "Raft §8: the commit index points at an entry of term 1, the leader leads term 2: it has not committed an entry of its term yet, so its commit index may lag",
    ).toBe(false);
    expect(committedInCurrentTerm(logOf([1, 1, 2], 3), 2), "Raft §8: the leader of term 2 has committed index 3, of term 2: it may serve reads").toBe(true);
    expect(committedInCurrentTerm(logOf([], 0), 1), "Raft §8: nothing is committed at all (index 0, term 0): a leader of term 1 must wait").toBe(false);
  });
});

describe("plugged into Raft: Figure 8 and its consequences with your rule", () => {
  it("replays Figure 8: an old entry stored on a majority is not committed by a later leader, and no one applies what is then overwritten", { meta: { weight: 3.5 } }, () => {
    const nw = network(FIVE, "figure-8", { maxSizePerMsg: 0 });
    const overwritten =
      "A node applied an entry that a later leader then overwrote: it had been counted as committed while it was from an earlier term (Raft §5.4.2, Figure 8).";
    // (a) S1 leads term 1 and replicates "a" at index 2 to S2 only.
    nw.campaign(1);
    for (const other of [3, 4, 5]) nw.cut(1, other);
    nw.propose(1, "a");
    expect(logTerms(nw, 2), "setup (a): S2 holds S1's entry 'a' at index 2, term 1").toEqual([1, 1]);
    // (b) S1 crashes. S5 wins term 2 with votes from S3, S4 and itself; its entry "b" reaches no one.
    nw.recover();
    nw.crash(1);
    nw.msgHook = (m) => !(m.type === "MsgApp" && m.from === 5);
    nw.campaign(5);
    nw.propose(5, "b");
    expect(logTerms(nw, 5), "setup (b): S5 holds its own index 2, term 2").toEqual([1, 2, 2]);
    // (c) S5 crashes. S1 restarts and wins term 3; it copies index 2 (term 1) to S3 and S4, but
    // no entry of its own term 3 reaches anyone.
    nw.crash(5);
    nw.restart(1);
    nw.msgHook = (m) =>
      !(
        m.type === "MsgApp" &&
        m.from === 1 &&
        (m.to === 2 || m.to === 5 || (m.entries.some((e) => e.index >= 3) && nw.raft(m.to).raftLog.lastIndex() >= 2))
      );
    nw.campaign(1);
    nw.campaign(1);
    expect(nw.raft(1).state, "setup (c): S1 wins term 3 with S3 and S4").toBe("StateLeader");
    expect(nw.raft(1).trk.committed(), "setup (c): index 2 is now on S1, S3 and S4, a majority").toBe(2);
    expect(
      nw.raft(1).raftLog.committed,
      `${RULE}. Figure 8 (c): S1 leads term 3 and index 2 is from term 1, so S1 must not commit it (its commit index stays 1), although S1, S3 and S4 store it`,
    ).toBe(1);
    expect(applied(nw, 1), "Figure 8 (c): S1 must not apply 'a': it is not committed").toEqual([]);
    // (d) S1 crashes. S5 restarts and wins (its last term, 2, beats their 1), then overwrites index 2.
    nw.msgHook = undefined;
    nw.crash(1);
    nw.restart(5);
    during("S5 took over in (d)", overwritten, () => {
      nw.campaign(5);
      nw.campaign(5);
    });
    expect(nw.raft(5).state, "Figure 8 (d): S5's log ends with term 2, later than the others' term 1: it can win").toBe("StateLeader");
    for (const id of [2, 3, 4, 5]) {
      expect(nw.raft(id).raftLog.term(2), `Figure 8 (d): S5 replaces index 2 on S${id} with its own entry of term 2`).toBe(2);
      expect(applied(nw, id), `Figure 8 (d): S${id} applies "b", the entry that won`).toEqual(["b"]);
    }
    nw.restart(1);
    during("S1 rejoined", overwritten, () => nw.tickAll(5));
    expect(
      applied(nw, 1),
      `State Machine Safety (Raft §5.4.3): every node applies the same entry at index 2. S1 applied ${JSON.stringify(applied(nw, 1))}: had it committed "a" in (c), it would now disagree with everyone`,
    ).toEqual(["b"]);
  });

  it("a new leader commits the entries it inherited from an earlier term by committing an entry of its own", { meta: { weight: 1.25 } }, () => {
    const nw = network(FIVE, "figure-8/indirect");
    nw.campaign(1);
    for (const other of [3, 4, 5]) nw.cut(1, other);
    nw.propose(1, "x");
    nw.crash(1);
    nw.recover();
    nw.campaign(2);
    expect(nw.raft(2).state, "node 2 holds the longest log and wins").toBe("StateLeader");
    for (const id of [2, 3, 4, 5]) {
      expect(
        applied(nw, id),
        `Raft §5.4.2 and §8: node 2's empty entry of its own term reaches a majority and commits, and "x" (term 1) before it is committed with it, so node ${id} applies "x"`,
      ).toEqual(["x"]);
    }
  });

  it("a new leader does not answer a linearizable read before it commits an entry of its term (Raft §8, ReadIndex)", { meta: { weight: 1.75 } }, () => {
    const nw = network([1, 2, 3], "figure-8/read-index");
    nw.campaign(1);
    // Node 1 commits "x" with node 3's help; node 2 stores "x" but never hears that it is committed.
    nw.msgHook = (m) => !(m.type === "MsgApp" && m.from === 1 && m.to === 2 && m.entries.length === 0);
    nw.propose(1, "x");
    expect(applied(nw, 3), "setup: node 1 and node 3 commit \"x\" at index 2").toEqual(["x"]);
    expect(nw.raft(2).raftLog.committed, "setup: node 2 stores \"x\" but believes only index 1 is committed").toBe(1);
    // Node 1 crashes; node 2 wins term 2, but its empty entry of term 2 cannot reach anyone yet.
    nw.crash(1);
    nw.msgHook = (m) => !(m.type === "MsgApp" && m.from === 2);
    nw.campaign(2);
    expect(nw.raft(2).state, "setup: node 2 wins term 2 with node 3's vote").toBe("StateLeader");
    nw.readIndex(2, "read-1");
    expect(
      nw.nodes.get(2)!.readStates,
      "Raft §8: node 2's commit index (1) lags: \"x\" at index 2 was committed by the old leader. Until node 2 commits an entry of term 2 it must not answer a read, which would miss \"x\"",
    ).toEqual([]);
    nw.msgHook = undefined;
    nw.tickAll(3);
    const states = nw.nodes.get(2)!.readStates;
    expect(states.length, "Raft §8: once node 2 commits its empty entry of term 2, it must answer the postponed read").toBe(1);
    expect(states[0]!.index, "Raft §8: the read index is the new commit index (3), which covers \"x\"").toBeGreaterThanOrEqual(2);
  });

  it("randomized partitions, crashes and loss over 30 seeds never break safety, and the cluster always recovers", { meta: { weight: 1 } }, () => {
    const failure = chaosSeeds("figure-8", 30);
    expect(failure, `with your commit rule: ${failure}`).toBeUndefined();
  });

  it("the battery's Figure 8 scenarios pass on a simulated cluster (MIT 6.5840 TestFigure83C, TestFigure8Unreliable3C)", { meta: { weight: 1.5 } }, () => {
    const failure = batteryFailure(["TestFigure83C", "TestFigure8Unreliable3C"]);
    expect(failure, `Raft §5.4.2, with your commit rule: ${failure}`).toBeUndefined();
  });
});
