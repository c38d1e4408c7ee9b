// Linearizable reads through ReadIndex (Ongaro's thesis §6.4).
import { describe, expect, it } from "vitest";
import { PumpNetwork } from "./pump-network";
import { entry, newTestRaft, readMessages } from "./test-helpers.test-util";

describe("ReadIndex (thesis §6.4)", () => {
  it("the leader answers with its commit index only after a quorum acknowledges a heartbeat round", () => {
    const nw = new PumpNetwork([1, 2, 3], { config: { checkQuorum: false } });
    nw.campaign(1);
    nw.propose(1, "a");
    nw.ignore("MsgHeartbeatResp");
    nw.readIndex(1, "r1");
    expect(nw.nodes.get(1)!.readStates).toEqual([]);
    nw.recover();
    nw.tick(1); // the next heartbeat round carries the pending request's context
    expect(nw.nodes.get(1)!.readStates).toEqual([{ index: 2, requestCtx: "r1" }]);
  });

  it("a follower's read is forwarded to the leader, and the answer comes back to the follower", () => {
    const nw = new PumpNetwork([1, 2, 3]);
    nw.campaign(1);
    nw.propose(1, "a");
    nw.readIndex(3, "from-3");
    expect(nw.nodes.get(3)!.readStates).toEqual([{ index: 2, requestCtx: "from-3" }]);
    expect(nw.nodes.get(1)!.readStates).toEqual([]);
  });

  it("a new leader postpones reads until it has committed an entry of its own term (Raft §8)", () => {
    const r = newTestRaft(1, [1, 2, 3]);
    r.becomeCandidate();
    r.becomeLeader();
    readMessages(r);
    r.step({ type: "MsgReadIndex", from: 1, to: 1, term: 0, context: "early" });
    expect(r.pendingReadIndexMessages).toHaveLength(1);
    expect(readMessages(r)).toEqual([]);
    r.step({ type: "MsgAppResp", from: 2, to: 1, term: 1, index: 1, reject: false, rejectHint: 0, logTerm: 0 });
    // Committed its empty entry: the read now goes through a heartbeat round.
    expect(r.pendingReadIndexMessages).toHaveLength(0);
    expect(readMessages(r).filter((m) => m.type === "MsgHeartbeat")).toHaveLength(2);
    r.step({ type: "MsgHeartbeatResp", from: 3, to: 1, term: 1, context: "early" });
    expect(r.readStates).toEqual([{ index: 1, requestCtx: "early" }]);
  });

  it("a deposed leader cut off from the majority never answers a read", () => {
    const nw = new PumpNetwork([1, 2, 3], { seed: "deposed" });
    nw.campaign(1);
    nw.isolate(1);
    nw.readIndex(1, "stale?");
    for (let i = 0; i < 50; i++) nw.tickAll();
    expect(nw.leader()).not.toBe(1);
    // The majority moved on and committed more; the old leader must not have answered.
    nw.propose(nw.leader()!, "newer");
    expect(nw.nodes.get(1)!.readStates).toEqual([]);
  });

  it("one request's confirmation also confirms every request queued before it", () => {
    const r = newTestRaft(1, [1, 2, 3]);
    r.becomeCandidate();
    r.becomeLeader();
    r.step({ type: "MsgAppResp", from: 2, to: 1, term: 1, index: 1, reject: false, rejectHint: 0, logTerm: 0 });
    for (const ctx of ["a", "b", "c"]) r.step({ type: "MsgReadIndex", from: 1, to: 1, term: 0, context: ctx });
    r.step({ type: "MsgHeartbeatResp", from: 2, to: 1, term: 1, context: "c" });
    expect(r.readStates.map((s) => s.requestCtx)).toEqual(["a", "b", "c"]);
  });

  it("a single-node cluster answers a read at once", () => {
    const nw = new PumpNetwork([1]);
    nw.campaign(1);
    nw.readIndex(1, "solo");
    expect(nw.nodes.get(1)!.readStates).toEqual([{ index: 1, requestCtx: "solo" }]);
  });

  it("with ReadOnlyLeaseBased, the leader answers from its lease without a heartbeat round", () => {
    const r = newTestRaft(1, [1, 2, 3], { readOnlyOption: "ReadOnlyLeaseBased", checkQuorum: true });
    r.becomeCandidate();
    r.becomeLeader();
    r.step({ type: "MsgAppResp", from: 2, to: 1, term: 1, index: 1, reject: false, rejectHint: 0, logTerm: 0 });
    readMessages(r);
    r.step({ type: "MsgProp", from: 1, to: 1, term: 0, entries: [entry(0, 0, "x")] });
    readMessages(r);
    r.step({ type: "MsgReadIndex", from: 1, to: 1, term: 0, context: "lease" });
    expect(r.readStates).toEqual([{ index: 1, requestCtx: "lease" }]);
    expect(readMessages(r)).toEqual([]);
  });
});
