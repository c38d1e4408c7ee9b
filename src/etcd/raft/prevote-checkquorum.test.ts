// PreVote (Ongaro's thesis §9.6) and CheckQuorum with the leader lease (thesis §4.2.3, §6.2):
// the two etcd features that keep a partitioned node from disrupting a healthy cluster and a
// partitioned leader from pretending to lead.
import { describe, expect, it } from "vitest";
import { ErrProposalDropped } from "./errors";
import { PumpNetwork } from "./pump-network";
import { hup, newTestRaft, ofType, readMessages } from "./test-helpers.test-util";

describe("PreVote (thesis §9.6)", () => {
  it("an isolated node does not raise its term while it cannot win an election", () => {
    const nw = new PumpNetwork([1, 2, 3], { config: { preVote: true, checkQuorum: false } });
    nw.campaign(1);
    nw.isolate(3);
    nw.tick(3, 100);
    expect(nw.raft(3).term).toBe(1);
    expect(nw.raft(3).state).toBe("StatePreCandidate");
  });

  it("a node rejoining after a partition does not disrupt the leader", () => {
    const nw = new PumpNetwork([1, 2, 3], { config: { preVote: true, checkQuorum: false } });
    nw.campaign(1);
    nw.isolate(3);
    nw.tick(3, 100);
    nw.recover();
    nw.tickAll(5);
    expect(nw.leader()).toBe(1);
    expect(nw.raft(1).term).toBe(1);
    expect(nw.raft(3)).toMatchObject({ state: "StateFollower", lead: 1 });
  });

  it("without PreVote (and CheckQuorum), the same rejoining node forces a needless election in a higher term", () => {
    const nw = new PumpNetwork([1, 2, 3], { config: { preVote: false, checkQuorum: false } });
    nw.campaign(1);
    nw.isolate(3);
    nw.tick(3, 100);
    expect(nw.raft(3).term).toBeGreaterThan(5);
    nw.recover();
    nw.tickAll(30);
    expect(nw.raft(nw.leader()!).term).toBeGreaterThan(5);
  });

  it("a pre-candidate asks for votes at term+1 without changing its own term or vote", () => {
    const r = newTestRaft(1, [1, 2, 3], { preVote: true });
    r.step(hup(1));
    expect(r).toMatchObject({ state: "StatePreCandidate", term: 0, vote: 0 });
    expect(ofType(readMessages(r), "MsgPreVote").map((m) => [m.to, m.term])).toEqual([
      [2, 1],
      [3, 1],
    ]);
  });

  it("a pre-candidate that wins a majority of pre-votes starts a real election", () => {
    const r = newTestRaft(1, [1, 2, 3], { preVote: true });
    r.step(hup(1));
    readMessages(r);
    r.step({ type: "MsgPreVoteResp", from: 2, to: 1, term: 1, reject: false });
    expect(r).toMatchObject({ state: "StateCandidate", term: 1, vote: 1 });
    expect(ofType(readMessages(r), "MsgVote")).toHaveLength(2);
  });

  it("granting a pre-vote changes neither the voter's term nor its vote", () => {
    const r = newTestRaft(2, [1, 2, 3], { preVote: true });
    r.step({ type: "MsgPreVote", from: 1, to: 2, term: 1, index: 0, logTerm: 0 });
    expect(r).toMatchObject({ term: 0, vote: 0 });
    expect(ofType(readMessages(r), "MsgPreVoteResp")[0]).toMatchObject({ term: 1, reject: false });
  });
});

describe("CheckQuorum and the leader lease", () => {
  it("a leader that hears from no majority for an election timeout steps down", () => {
    const nw = new PumpNetwork([1, 2, 3], { config: { checkQuorum: true } });
    nw.campaign(1);
    nw.isolate(1);
    nw.tick(1, 9);
    expect(nw.raft(1).state).toBe("StateLeader");
    nw.tick(1, 11);
    expect(nw.raft(1).state).toBe("StateFollower");
  });

  it("a leader in a minority partition cannot commit; the majority elects a leader that can, and the minority's entry is discarded", () => {
    const nw = new PumpNetwork([1, 2, 3, 4, 5], { seed: "minority", config: { checkQuorum: true } });
    nw.campaign(1);
    for (const a of [1, 2]) for (const b of [3, 4, 5]) nw.cut(a, b);
    nw.propose(1, "minority write");
    expect(nw.raft(1).raftLog.committed).toBe(1);
    for (let i = 0; i < 100 && ![3, 4, 5].some((id) => nw.raft(id).state === "StateLeader"); i++) nw.tickAll();
    const newLeader = [3, 4, 5].find((id) => nw.raft(id).state === "StateLeader")!;
    expect(newLeader).toBeDefined();
    // Within one more election timeout, the old leader's CheckQuorum fails and it steps down.
    nw.tick(1, nw.raft(1).electionTimeout);
    expect(nw.raft(1).state).not.toBe("StateLeader");
    expect(nw.propose(1, "refused")).toBeInstanceOf(ErrProposalDropped);
    nw.propose(newLeader, "majority write");
    nw.recover();
    nw.tickAll(5);
    for (const id of [1, 2, 3, 4, 5]) expect(nw.nodes.get(id)!.applied).toEqual(["majority write"]);
  });

  it("a follower that heard from its leader within the election timeout ignores a vote request with a higher term", () => {
    const r = newTestRaft(2, [1, 2, 3], { checkQuorum: true });
    r.becomeFollower(1, 1);
    r.step({ type: "MsgVote", from: 3, to: 2, term: 2, index: 5, logTerm: 1 });
    expect(r).toMatchObject({ term: 1, lead: 1 });
    expect(readMessages(r)).toEqual([]);
    // Once the lease expires, the vote is considered.
    for (let i = 0; i < r.electionTimeout; i++) r.tick();
    r.step({ type: "MsgVote", from: 3, to: 2, term: 2, index: 5, logTerm: 1 });
    expect(r.vote).toBe(3);
  });

  it("a leader stranded in an older term learns the newer one from a follower's answer and steps down", () => {
    const r = newTestRaft(2, [1, 2, 3], { checkQuorum: true });
    r.becomeFollower(5, 3);
    r.step({ type: "MsgHeartbeat", from: 1, to: 2, term: 4, commit: 0, context: "" });
    expect(readMessages(r)).toMatchObject([{ type: "MsgAppResp", to: 1, term: 5 }]);
  });
});
