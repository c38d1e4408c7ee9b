// Single-server membership changes (Ongaro's thesis §4.1).
import { describe, expect, it } from "vitest";
import { PumpNetwork } from "./pump-network";
import { newTestRaft } from "./test-helpers.test-util";

describe("membership changes, one server at a time (thesis §4.1)", () => {
  it("adding a voter: the newcomer catches up from the leader, and every member applies the new configuration", () => {
    const nw = new PumpNetwork([1, 2, 3]);
    nw.campaign(1);
    nw.propose(1, "before");
    // The newcomer starts with an empty log and is told the membership it joins (see addNode).
    nw.addNode(4, [1, 2, 3, 4]);
    nw.with(1, (n) => n.proposeConfChange({ type: "ConfChangeAddNode", nodeId: 4 }));
    nw.tick(1);
    nw.propose(1, "after");
    for (const id of [1, 2, 3, 4]) {
      expect(nw.nodes.get(id)!.confState.voters, `node ${id}`).toEqual([1, 2, 3, 4]);
      expect(nw.nodes.get(id)!.applied, `node ${id}`).toEqual(["before", "after"]);
    }
  });

  it("after adding a fourth voter the quorum is three: the leader and one follower can no longer commit", () => {
    const nw = new PumpNetwork([1, 2, 3]);
    nw.campaign(1);
    nw.addNode(4, [1, 2, 3, 4]);
    nw.with(1, (n) => n.proposeConfChange({ type: "ConfChangeAddNode", nodeId: 4 }));
    nw.crash(2);
    nw.crash(3);
    nw.propose(1, "x");
    expect(nw.nodes.get(1)!.applied).toEqual([]);
    nw.restart(2);
    nw.tick(1);
    expect(nw.nodes.get(1)!.applied).toEqual(["x"]);
  });

  it("removing a voter shrinks the quorum: two of the remaining two commit without it", () => {
    const nw = new PumpNetwork([1, 2, 3]);
    nw.campaign(1);
    nw.with(1, (n) => n.proposeConfChange({ type: "ConfChangeRemoveNode", nodeId: 3 }));
    expect(nw.nodes.get(1)!.confState.voters).toEqual([1, 2]);
    nw.crash(3);
    nw.propose(1, "x");
    expect(nw.nodes.get(2)!.applied).toEqual(["x"]);
  });

  it("the leader accepts one conf change at a time: a second one proposed before the first is applied becomes an empty entry", () => {
    const nw = new PumpNetwork([1, 2, 3]);
    nw.campaign(1);
    nw.cut(1, 2);
    nw.cut(1, 3);
    nw.with(1, (n) => n.proposeConfChange({ type: "ConfChangeAddNode", nodeId: 4 }));
    nw.with(1, (n) => n.proposeConfChange({ type: "ConfChangeAddNode", nodeId: 5 }));
    const tail = nw.raft(1).raftLog.allEntries().slice(-2);
    expect(tail.map((e) => e.type)).toEqual(["confChange", "normal"]);
    nw.recover();
    nw.tick(1);
    expect(nw.nodes.get(1)!.confState.voters).toEqual([1, 2, 3, 4]);
  });

  it("a leader that removes itself steps down once the change is applied, and the rest elect a new leader", () => {
    const nw = new PumpNetwork([1, 2, 3], { seed: "self-removal" });
    nw.campaign(1);
    nw.with(1, (n) => n.proposeConfChange({ type: "ConfChangeRemoveNode", nodeId: 1 }));
    expect(nw.raft(1).state).toBe("StateFollower");
    for (let i = 0; i < 100 && (nw.leader() === undefined || nw.leader() === 1); i++) nw.tickAll();
    expect([2, 3]).toContain(nw.leader());
    expect(nw.raft(1).promotable()).toBe(false);
  });

  it("a node with a committed but unapplied conf change does not campaign", () => {
    const r = newTestRaft(1, [1, 2, 3]);
    r.step({
      type: "MsgApp",
      from: 2,
      to: 1,
      term: 1,
      index: 0,
      logTerm: 0,
      entries: [{ index: 1, term: 1, type: "confChange", data: JSON.stringify({ type: "ConfChangeAddNode", nodeId: 4 }) }],
      commit: 1,
    });
    r.becomeFollower(1, 0);
    r.step({ type: "MsgHup", from: 1, to: 1, term: 0 });
    expect(r.state).toBe("StateFollower");
  });
});
