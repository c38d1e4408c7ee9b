// Persistent state and restarts: Raft Figure 2 ("Persistent state on all servers"), thesis §3.8.
import { describe, expect, it } from "vitest";
import { PumpNetwork } from "./pump-network";
import { RawNode } from "./rawnode";
import { MemoryStorage } from "./storage";
import { Rng } from "../../sim/rng";
import { logTerms, ofType } from "./test-helpers.test-util";

const plain = { preVote: false, checkQuorum: false };

describe("restart from storage (Figure 2, persistent state)", () => {
  it("a restarted node keeps its term, vote and log", () => {
    const nw = new PumpNetwork([1, 2, 3], { config: plain });
    nw.campaign(1);
    nw.propose(1, "a");
    const before = { term: nw.raft(2).term, vote: nw.raft(2).vote, log: logTerms(nw.raft(2)) };
    nw.crash(2);
    nw.restart(2);
    expect({ term: nw.raft(2).term, vote: nw.raft(2).vote, log: logTerms(nw.raft(2)) }).toEqual(before);
    expect(before.vote).toBe(1);
  });

  it("a node that voted, crashed and restarted does not vote for another candidate in the same term (§5.2)", () => {
    const storage = new MemoryStorage();
    const cfg = { id: 1, peers: [1, 2, 3], electionTick: 10, heartbeatTick: 1, ...plain };
    const a = new RawNode({ ...cfg, storage, rng: new Rng(1) });
    a.step({ type: "MsgVote", from: 2, to: 1, term: 5, index: 0, logTerm: 0 });
    const rd = a.ready();
    // The Ready carries the vote to persist together with the response it makes possible.
    expect(rd.hardState).toEqual({ term: 5, vote: 2, commit: 0 });
    expect(rd.messages).toMatchObject([{ type: "MsgVoteResp", to: 2, reject: false }]);
    storage.setHardState(rd.hardState!);
    // Crash before advance(); restart from storage.
    const b = new RawNode({ ...cfg, peers: [1, 2, 3], storage, rng: new Rng(2) });
    b.step({ type: "MsgVote", from: 3, to: 1, term: 5, index: 0, logTerm: 0 });
    expect(ofType(b.ready().messages, "MsgVoteResp")[0]?.reject).toBe(true);
  });

  it("a restarted node re-applies the committed entries it had, from its own log", () => {
    const nw = new PumpNetwork([1, 2, 3], { config: plain });
    nw.campaign(1);
    nw.propose(1, "a");
    nw.propose(1, "b");
    nw.tick(1); // a heartbeat brings followers' commit index up to date
    nw.crash(3);
    nw.isolate(3);
    nw.restart(3);
    expect(nw.nodes.get(3)!.applied).toEqual(["a", "b"]);
  });

  it("after the whole cluster crashes and restarts, every committed entry survives and the cluster goes on", () => {
    const nw = new PumpNetwork([1, 2, 3], { seed: "all-crash", config: plain });
    nw.campaign(1);
    for (const v of ["a", "b", "c"]) nw.propose(1, v);
    for (const id of [1, 2, 3]) nw.crash(id);
    for (const id of [1, 2, 3]) nw.restart(id);
    for (let i = 0; i < 100 && nw.leader() === undefined; i++) nw.tickAll();
    const lead = nw.leader()!;
    nw.propose(lead, "d");
    for (const id of [1, 2, 3]) expect(nw.nodes.get(id)!.applied).toEqual(["a", "b", "c", "d"]);
  });
});
