// Leader election and the vote rules: Raft §5.1, §5.2 and §5.4.1.
import { describe, expect, it } from "vitest";
import { PumpNetwork } from "./pump-network";
import { entry, hup, newTestRaft, ofType, readMessages, storageWithTerms } from "./test-helpers.test-util";
import type { Message } from "./types";

const plain = { preVote: false, checkQuorum: false };

/** Ticks every node until some node leads; returns the number of rounds it took. */
function tickUntilLeader(nw: PumpNetwork, maxRounds = 200): number {
  for (let round = 1; round <= maxRounds; round++) {
    nw.tickAll();
    if (nw.leader() !== undefined) return round;
  }
  throw new Error(`no leader after ${maxRounds} rounds`);
}

describe("leader election (§5.2)", () => {
  it("a single-node cluster elects itself on its first campaign", () => {
    const nw = new PumpNetwork([1], { config: plain });
    nw.campaign(1);
    expect(nw.raft(1).state).toBe("StateLeader");
    expect(nw.raft(1).term).toBe(1);
  });

  it("a follower that hears nothing for its election timeout becomes a candidate and requests votes from every peer", () => {
    const r = newTestRaft(1, [1, 2, 3]);
    for (let i = 0; i < 2 * r.electionTimeout; i++) r.tick();
    expect(r.state).toBe("StateCandidate");
    expect(r.term).toBe(1);
    expect(r.vote).toBe(1);
    const votes = ofType(readMessages(r), "MsgVote");
    expect(votes.map((m) => [m.to, m.term, m.index, m.logTerm])).toEqual([
      [2, 1, 0, 0],
      [3, 1, 0, 0],
    ]);
  });

  it("draws the randomized election timeout from [electionTick, 2*electionTick), different each time", () => {
    const r = newTestRaft(1, [1, 2, 3], { electionTick: 10 });
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) {
      r.becomeFollower(r.term + 1, 0);
      expect(r.randomizedElectionTimeout).toBeGreaterThanOrEqual(10);
      expect(r.randomizedElectionTimeout).toBeLessThan(20);
      seen.add(r.randomizedElectionTimeout);
    }
    expect(seen.size).toBe(10);
  });

  it("a follower does not time out before electionTick ticks", () => {
    const r = newTestRaft(1, [1, 2, 3], { electionTick: 10 });
    for (let i = 0; i < 9; i++) r.tick();
    expect(r.state).toBe("StateFollower");
  });

  it("a candidate that wins votes from a majority becomes leader and appends an empty entry of its term", () => {
    const r = newTestRaft(1, [1, 2, 3]);
    r.step(hup(1));
    r.step({ type: "MsgVoteResp", from: 2, to: 1, term: 1, reject: false });
    expect(r.state).toBe("StateLeader");
    expect(r.raftLog.lastIndex()).toBe(1);
    expect(r.raftLog.term(1)).toBe(1);
  });

  it("a candidate rejected by a majority returns to follower", () => {
    const r = newTestRaft(1, [1, 2, 3]);
    r.step(hup(1));
    r.step({ type: "MsgVoteResp", from: 2, to: 1, term: 1, reject: true });
    expect(r.state).toBe("StateCandidate");
    r.step({ type: "MsgVoteResp", from: 3, to: 1, term: 1, reject: true });
    expect(r.state).toBe("StateFollower");
  });

  it.each([3, 5])("a %i-node cluster elects exactly one leader, which every node follows, by ticking alone (seeds 1..20)", (size) => {
    const ids = Array.from({ length: size }, (_, i) => i + 1);
    for (let seed = 1; seed <= 20; seed++) {
      const nw = new PumpNetwork(ids, { seed, config: plain });
      tickUntilLeader(nw);
      const lead = nw.leader()!;
      nw.tickAll(2);
      const leaders = ids.filter((id) => nw.raft(id).state === "StateLeader");
      expect(leaders, `seed ${seed}`).toEqual([lead]);
      for (const id of ids) expect(nw.raft(id).lead, `seed ${seed}`).toBe(lead);
    }
  });

  it("a split vote resolves: with two candidates tied in term 1, randomized timeouts elect a leader later", () => {
    const nw = new PumpNetwork([1, 2, 3, 4], { seed: "split", config: plain });
    // Both campaign before any message moves, and two vote requests are lost: 1 gets {1,2}, 3 gets {3,4}.
    nw.msgHook = (m) => !(m.type === "MsgVote" && ((m.from === 1 && m.to === 4) || (m.from === 3 && m.to === 2)));
    nw.raft(1).step(hup(1));
    nw.raft(3).step(hup(3));
    nw.process(1);
    nw.process(3);
    nw.pump();
    expect(nw.raft(1).state).toBe("StateCandidate");
    expect(nw.raft(3).state).toBe("StateCandidate");
    expect(nw.leader()).toBeUndefined();
    nw.msgHook = undefined;
    tickUntilLeader(nw);
    expect(nw.raft(nw.leader()!).term).toBeGreaterThanOrEqual(2);
  });

  it("elects a new leader in a higher term after the leader crashes, and the old one follows it on restart (§5.2, §5.1)", () => {
    const nw = new PumpNetwork([1, 2, 3], { seed: 7, config: plain });
    nw.campaign(1);
    nw.propose(1, "a");
    nw.crash(1);
    tickUntilLeader(nw);
    const lead = nw.leader()!;
    expect(lead).not.toBe(1);
    expect(nw.raft(lead).term).toBe(2);
    nw.restart(1);
    nw.tickAll(3);
    expect(nw.raft(1).state).toBe("StateFollower");
    expect(nw.raft(1).lead).toBe(lead);
    expect(nw.raft(1).term).toBe(2);
  });
});

describe("terms (§5.1)", () => {
  it.each(["StateFollower", "StateCandidate", "StateLeader"] as const)(
    "a %s that receives a message with a higher term becomes a follower in that term",
    (state) => {
      const r = newTestRaft(1, [1, 2, 3]);
      if (state !== "StateFollower") r.becomeCandidate();
      if (state === "StateLeader") r.becomeLeader();
      r.step({ type: "MsgApp", from: 2, to: 1, term: 5, index: 0, logTerm: 0, entries: [], commit: 0 });
      expect(r.state).toBe("StateFollower");
      expect(r.term).toBe(5);
      expect(r.lead).toBe(2);
    },
  );

  it("a message with a lower term is ignored", () => {
    const r = newTestRaft(1, [1, 2, 3]);
    r.becomeFollower(3, 0);
    r.step({ type: "MsgApp", from: 2, to: 1, term: 2, index: 0, logTerm: 0, entries: [entry(1, 2)], commit: 0 });
    expect(r.raftLog.lastIndex()).toBe(0);
    expect(r.term).toBe(3);
    expect(readMessages(r)).toEqual([]);
  });

  it("a candidate that receives AppendEntries from a leader of its own term steps down (§5.2)", () => {
    const r = newTestRaft(1, [1, 2, 3]);
    r.step(hup(1));
    r.step({ type: "MsgApp", from: 2, to: 1, term: 1, index: 0, logTerm: 0, entries: [], commit: 0 });
    expect(r.state).toBe("StateFollower");
    expect(r.lead).toBe(2);
  });
});

describe("vote rules (§5.2, §5.4.1)", () => {
  const vote = (from: number, term: number, index: number, logTerm: number): Message => ({
    type: "MsgVote",
    from,
    to: 1,
    term,
    index,
    logTerm,
  });

  it("a node grants at most one vote per term, first come first served, and repeats it if asked again", () => {
    const r = newTestRaft(1, [1, 2, 3]);
    r.step(vote(2, 1, 0, 0));
    r.step(vote(3, 1, 0, 0));
    r.step(vote(2, 1, 0, 0));
    const resps = ofType(readMessages(r), "MsgVoteResp");
    expect(resps.map((m) => [m.to, m.reject])).toEqual([
      [2, false],
      [3, true],
      [2, false],
    ]);
    expect(r.vote).toBe(2);
  });

  it("a node votes again in a new term", () => {
    const r = newTestRaft(1, [1, 2, 3]);
    r.step(vote(2, 1, 0, 0));
    r.step(vote(3, 2, 0, 0));
    expect(ofType(readMessages(r), "MsgVoteResp").map((m) => m.reject)).toEqual([false, false]);
    expect(r.vote).toBe(3);
    expect(r.term).toBe(2);
  });

  // Our log: terms [1, 2, 2] (last entry index 3, term 2).
  it.each([
    ["an older last term, even with a longer log", 10, 1, true],
    ["the same last term and a shorter log", 2, 2, true],
    ["the same last term and the same length", 3, 2, false],
    ["the same last term and a longer log", 4, 2, false],
    ["a newer last term, even with a shorter log", 1, 3, false],
  ])("a voter whose log ends at (3, term 2) handles a candidate with %s (last index %i, term %i): rejects = %s", (_name, index, logTerm, rejects) => {
    const r = newTestRaft(1, [1, 2, 3], {}, storageWithTerms([1, 2, 2], { term: 2 }));
    r.step(vote(2, 3, index, logTerm));
    const [resp] = ofType(readMessages(r), "MsgVoteResp");
    expect(resp?.reject).toBe(rejects);
    expect(r.vote).toBe(rejects ? 0 : 2);
  });

  it("a node that follows a known leader does not vote for another candidate in the same term", () => {
    const r = newTestRaft(1, [1, 2, 3]);
    r.becomeFollower(1, 3);
    r.step(vote(2, 1, 0, 0));
    expect(ofType(readMessages(r), "MsgVoteResp")[0]?.reject).toBe(true);
  });

  it("a granted vote resets the voter's election timer, so it does not compete with the candidate", () => {
    const r = newTestRaft(1, [1, 2, 3]);
    for (let i = 0; i < 9; i++) r.tick();
    r.step(vote(2, 1, 0, 0));
    expect(r.electionElapsed).toBe(0);
  });
});
