// Graded tests for the exercise "vote-rule" (chapter 03-etcd, 15 points). Each test's weight is
// the points it is worth (they add up to 15); see tools/exercises/points.ts. `@exercise/...` is your
// exercises/ file; the grader also runs these tests against the reference solution and the
// untouched stub (tools/exercises/README.md). Each test is a sentence; its failure message names
// the rule that was broken and where to read about it.
//
// Your `canGrantVote` and `isUpToDate` are plugged into the real Raft: vi.mock below replaces
// src/etcd/raft/vote-rule.ts, which every node consults when a (pre-)vote request arrives
// (src/etcd/raft/step-term.ts, handleVote). The scenarios then run elections with them.
import { describe, expect, it, vi } from "vitest";
import * as learner from "@exercise/03-etcd/vote-rule";
import { FIVE, applied, batteryFailure, chaosSeeds, during, electLeader, network } from "./support/raft-scenarios";

const { canGrantVote, isUpToDate } = learner;

vi.mock("../../src/etcd/raft/vote-rule", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../src/etcd/raft/vote-rule")>()),
  isUpToDate: (candidate: learner.LastEntry, voter: learner.LastEntry) => learner.isUpToDate(candidate, voter),
  canGrantVote: (voter: learner.VoterState, m: learner.VoteRequest) => learner.canGrantVote(voter, m),
}));

const UP_TO_DATE = "Raft §5.4.1: \"If the logs have last entries with different terms, then the log with the later term is more up-to-date. If the logs end with the same term, then whichever log is longer is more up-to-date.\"";

describe("isUpToDate: is the candidate's log at least as up-to-date as the voter's? (§5.4.1)", () => {
  const cases = [
    { name: "a later last term wins even with a shorter log", candidate: { index: 2, term: 3 }, voter: { index: 5, term: 2 }, want: true },
    { name: "an earlier last term loses even with a longer log", candidate: { index: 9, term: 1 }, voter: { index: 3, term: 2 }, want: false },
    { name: "with equal last terms, the longer log wins", candidate: { index: 5, term: 2 }, voter: { index: 4, term: 2 }, want: true },
    { name: "with equal last terms, the shorter log loses", candidate: { index: 3, term: 2 }, voter: { index: 4, term: 2 }, want: false },
    { name: "an empty log is behind any log that holds an entry", candidate: { index: 0, term: 0 }, voter: { index: 1, term: 1 }, want: false },
  ];
  for (const { name, candidate, voter, want } of cases) {
    it(name, { meta: { weight: 0.5 } }, () => {
      const show = (e: { index: number; term: number }) => `(index ${e.index}, term ${e.term})`;
      expect(
        isUpToDate(candidate, voter),
        `${UP_TO_DATE} Candidate's log ends at ${show(candidate)}, the voter's at ${show(voter)}: ` +
          (want ? "the candidate is up-to-date" : "the candidate is behind"),
      ).toBe(want);
      // The same two logs the other way round: exactly one of two different logs is behind.
      expect(
        isUpToDate(voter, candidate),
        `${UP_TO_DATE} Swapped: a log ending at ${show(voter)} compared with one ending at ${show(candidate)} is ` +
          (want ? "behind" : "up-to-date"),
      ).toBe(!want);
    });
  }

  it("identical logs are up-to-date, and so are two empty logs", { meta: { weight: 0.5 } }, () => {
    expect(isUpToDate({ index: 4, term: 2 }, { index: 4, term: 2 }), `${UP_TO_DATE} Identical last entries: neither log is more up-to-date, so the candidate is up-to-date`).toBe(true);
    expect(isUpToDate({ index: 0, term: 0 }, { index: 0, term: 0 }), `${UP_TO_DATE} Two empty logs are equal, so up-to-date: the very first election needs this`).toBe(true);
  });
});

describe("canGrantVote: one vote per term, only for an up-to-date candidate", () => {
  const last = { index: 5, term: 2 };
  const fresh = { term: 3, vote: 0, lead: 0, last };
  const vote = (from: number, term = 3, candidateLast = last) => ({ type: "MsgVote" as const, from, term, last: candidateLast });
  const preVote = (from: number, term: number, candidateLast = last) => ({ type: "MsgPreVote" as const, from, term, last: candidateLast });

  it("a voter that has not voted in this term and follows no leader grants the first up-to-date candidate", { meta: { weight: 0.5 } }, () => {
    expect(canGrantVote(fresh, vote(2)), "Raft Figure 2, RequestVote step 2: votedFor is null and the candidate's log is as up-to-date: grant").toBe(true);
    expect(
      canGrantVote(fresh, vote(2, 3, { index: 7, term: 3 })),
      "Raft Figure 2, RequestVote step 2: a candidate with a more up-to-date log gets the vote too",
    ).toBe(true);
  });

  it("a voter that voted for one candidate refuses every other candidate of the same term", { meta: { weight: 1 } }, () => {
    const voted = { ...fresh, vote: 2 };
    for (const other of [1, 3, 4]) {
      expect(canGrantVote(fresh, vote(other)), `Raft Figure 2, RequestVote step 2: with its vote still free, the voter would grant ${other}`).toBe(true);
      expect(
        canGrantVote(voted, vote(other)),
        `Raft §5.2: "each server will vote for at most one candidate in a given term, on a first-come-first-served basis": it voted for 2, so it must refuse ${other}`,
      ).toBe(false);
    }
  });

  it("a voter grants its vote again to the candidate it already voted for, whose first answer may have been lost", { meta: { weight: 0.5 } }, () => {
    expect(
      canGrantVote({ ...fresh, vote: 2 }, vote(2)),
      "Raft Figure 2, RequestVote step 2: \"If votedFor is null or candidateId\": a repeated request from the candidate it voted for is granted again",
    ).toBe(true);
  });

  it("a voter refuses a candidate whose log is behind its own, even with its vote still free", { meta: { weight: 0.5 } }, () => {
    expect(canGrantVote(fresh, vote(2, 3, { index: 5, term: 2 })), `${UP_TO_DATE} (index 5, term 2) is as up-to-date as the voter's log: grant`).toBe(true);
    expect(canGrantVote(fresh, vote(2, 3, { index: 9, term: 1 })), `${UP_TO_DATE} (index 9, term 1) is behind (index 5, term 2): refuse`).toBe(false);
    expect(canGrantVote(fresh, vote(2, 3, { index: 4, term: 2 })), `${UP_TO_DATE} (index 4, term 2) is behind (index 5, term 2): refuse`).toBe(false);
  });

  it("a voter that follows a leader in this term votes for no one else in it, even without having voted", { meta: { weight: 0.5 } }, () => {
    expect(canGrantVote(fresh, vote(2)), "Raft Figure 2, RequestVote step 2: with no vote cast and no leader known, grant").toBe(true);
    expect(
      canGrantVote({ ...fresh, lead: 1 }, vote(2)),
      "etcd-io/raft raft.go: a node that knows the leader of its term (r.lead != None) does not vote in that term (canVote needs r.Vote == None && r.lead == None)",
    ).toBe(false);
  });

  it("a pre-vote for a later term is granted even after voting, since it binds no one, but only for an up-to-date log", { meta: { weight: 1 } }, () => {
    const following = { ...fresh, vote: 1, lead: 1 };
    expect(
      canGrantVote(following, preVote(2, 4)),
      "Raft thesis §9.6 (PreVote), etcd raft.go: a pre-vote for a future term (4 > 3) changes nothing, so votedFor and the leader do not stop it",
    ).toBe(true);
    expect(
      canGrantVote(following, preVote(2, 4, { index: 4, term: 2 })),
      `Raft thesis §9.6: a pre-vote is granted only if the candidate could win the real vote: ${UP_TO_DATE}`,
    ).toBe(false);
    expect(
      canGrantVote(following, preVote(2, 3)),
      "etcd raft.go: a pre-vote for the voter's current term (3) is a vote in that term: it already voted for 1, so refuse",
    ).toBe(false);
  });
});

const PANIC_EXPLAINED =
  "A leader told a follower to overwrite an entry the follower had already committed: a candidate won without every committed entry. Check the up-to-date rule (Raft §5.4.1).";

describe("plugged into Raft: elections with your vote rule", () => {
  it("five nodes elect exactly one leader, keep it while it is healthy, and elect another when it crashes (MIT 6.5840 'initial election', 're-election')", { meta: { weight: 1 } }, () => {
    const nw = network(FIVE, "vote-rule/election");
    const first = electLeader(nw);
    expect(first, "Raft §5.2: a candidate that receives votes from a majority becomes leader; with all five nodes up, one must win").toBeDefined();
    const term = nw.raft(first!).term;
    nw.tickAll(50);
    expect(nw.leader(), "Raft §5.2: heartbeats keep followers from starting elections: the leader must not change while healthy").toBe(first);
    expect(nw.raft(first!).term, "Raft §5.2: no new election, so no new term").toBe(term);
    nw.crash(first!);
    const second = electLeader(nw);
    expect(second, "Raft §5.2: after the leader crashes, the four others must elect a new one").toBeDefined();
    expect(nw.raft(second!).term, "Raft §5.1: the new leader leads a later term").toBeGreaterThan(term);
    nw.expectSafe("after a crash and a re-election");
  });

  it("a voter that voted in a term refuses a second candidate of that term, so the term has one leader (Election Safety)", { meta: { weight: 1.5 } }, () => {
    const nw = network([1, 2, 3], "vote-rule/one-vote-per-term");
    // Nodes 1 and 2 cannot talk. Node 1's AppendEntries are lost, so node 3 votes for 1 without
    // learning that 1 has won.
    nw.cut(1, 2);
    nw.msgHook = (m) => !(m.type === "MsgApp" && m.from === 1);
    nw.campaign(1);
    expect(nw.raft(1).state, "Raft §5.2: node 1 asked node 3, which had not voted in term 1: with its own vote that is 2 of 3").toBe("StateLeader");
    nw.expectSafe("after node 1's election");
    nw.campaign(2);
    nw.expectSafe("Raft §5.2: node 3 already voted for node 1 in term 1 and must refuse node 2 in the same term");
    expect(nw.raft(2).state, "Raft §5.2: node 2 cannot collect a majority in term 1").not.toBe("StateLeader");
  });

  it("a node that missed a committed entry cannot become leader (Leader Completeness)", { meta: { weight: 1.5 } }, () => {
    const nw = network([1, 2, 3], "vote-rule/completeness");
    nw.campaign(1);
    expect(nw.raft(1).state, "Raft §5.2: node 1 campaigns with every node up and every log empty: it must win").toBe("StateLeader");
    nw.isolate(3);
    nw.propose(1, "committed");
    expect(applied(nw, 2), "Raft §5.3: nodes 1 and 2, a majority, store \"committed\": it is committed").toEqual(["committed"]);
    nw.crash(1);
    nw.recover();
    during("node 3 campaigned", PANIC_EXPLAINED, () => nw.campaign(3));
    expect(
      nw.raft(3).state,
      `${UP_TO_DATE} Node 3's log ends at (index 1, term 1), node 2's at (index 2, term 1): node 2 must refuse, so node 3 cannot win`,
    ).not.toBe("StateLeader");
    during("node 2 campaigned", PANIC_EXPLAINED, () => nw.campaign(2));
    expect(nw.raft(2).state, "Raft §5.4.1: node 2's log is the most up-to-date, node 3 must vote for it").toBe("StateLeader");
    nw.restart(1);
    nw.tickAll(5);
    for (const id of [1, 2, 3]) expect(applied(nw, id), `Raft §5.4: the committed entry survives on node ${id}`).toEqual(["committed"]);
  });

  it("a longer log of an older term loses to a shorter log of a newer term", { meta: { weight: 1.5 } }, () => {
    const nw = network([1, 2, 3], "vote-rule/later-term");
    nw.campaign(1);
    expect(nw.raft(1).state, "Raft §5.2: node 1 campaigns with every node up and every log empty: it must win").toBe("StateLeader");
    // Node 1, leader of term 1, is cut off and appends three entries nobody else gets.
    nw.isolate(1);
    for (const cmd of ["lost-1", "lost-2", "lost-3"]) nw.propose(1, cmd);
    // Nodes 2 and 3 elect node 2 in term 2 and commit "kept".
    nw.campaign(2);
    nw.propose(2, "kept");
    expect(applied(nw, 3), "Raft §5.3: nodes 2 and 3, a majority, commit \"kept\"").toEqual(["kept"]);
    // Node 2 crashes; node 1 restarts (a follower again, its log intact) and campaigns.
    nw.crash(2);
    nw.recover();
    nw.crash(1);
    nw.restart(1);
    during("node 1 campaigned", PANIC_EXPLAINED, () => {
      nw.campaign(1);
      nw.campaign(1);
    });
    expect(
      nw.raft(1).state,
      `${UP_TO_DATE} Node 1's log ends at (index 4, term 1), node 3's at (index 3, term 2): the later term wins, so node 3 must refuse node 1 although node 1's log is longer`,
    ).not.toBe("StateLeader");
    nw.restart(2);
    electLeader(nw);
    for (const id of [1, 2, 3]) expect(applied(nw, id), `Raft §5.4: the committed entry "kept" survives on node ${id}`).toEqual(["kept"]);
  });

  it("with PreVote and CheckQuorum on, the cluster still elects a new leader after its leader crashes", { meta: { weight: 0.75 } }, () => {
    const nw = network(FIVE, "vote-rule/prevote", { preVote: true, checkQuorum: true });
    const first = electLeader(nw);
    expect(first, "Raft thesis §9.6: with PreVote, a pre-candidate that gets a majority of pre-votes campaigns for real and wins").toBeDefined();
    nw.propose(first!, "x");
    nw.crash(first!);
    const second = electLeader(nw);
    expect(
      second,
      "Raft thesis §9.6, etcd raft.go: the followers still remember the crashed leader of their term, yet must grant pre-votes for a LATER term; otherwise nobody can ever campaign again",
    ).toBeDefined();
  });

  it("randomized partitions, crashes and loss over 30 seeds never break safety, and the cluster always recovers", { meta: { weight: 0.75 } }, () => {
    const failure = chaosSeeds("vote-rule", 30);
    expect(failure, `with your vote rule: ${failure}`).toBeUndefined();
  });

  it("the battery's election and persistence scenarios pass on a simulated cluster (MIT 6.5840 TestInitialElection3A, TestReElection3A, TestManyElections3A, TestPersist23C)", { meta: { weight: 1 } }, () => {
    const failure = batteryFailure(["TestInitialElection3A", "TestReElection3A", "TestManyElections3A", "TestPersist23C"]);
    expect(failure, `Raft §5.2 and §5.4.1, with your vote rule: ${failure}`).toBeUndefined();
  });
});
