// Leadership transfer (Ongaro's thesis §3.10).
import { describe, expect, it } from "vitest";
import { ErrProposalDropped } from "./errors";
import { PumpNetwork } from "./pump-network";
import { ofType } from "./test-helpers.test-util";

describe("leadership transfer (thesis §3.10)", () => {
  it("a transfer to an up-to-date follower makes it campaign at once and win the next term", () => {
    const nw = new PumpNetwork([1, 2, 3]);
    nw.campaign(1);
    nw.transferLeader(1, 2);
    expect(nw.leader()).toBe(2);
    expect(nw.raft(2).term).toBe(2);
    expect(nw.raft(1)).toMatchObject({ state: "StateFollower", lead: 2 });
    expect(ofType(nw.delivered, "MsgTimeoutNow").map((m) => [m.from, m.to])).toEqual([[1, 2]]);
  });

  it("a transfer to a lagging follower waits until it has caught up, then sends MsgTimeoutNow", () => {
    const nw = new PumpNetwork([1, 2, 3]);
    nw.campaign(1);
    nw.isolate(3);
    for (let i = 0; i < 5; i++) nw.propose(1, `v${i}`);
    nw.recover();
    nw.transferLeader(1, 3);
    expect(nw.leader()).toBe(3);
    expect(nw.nodes.get(3)!.applied).toEqual(["v0", "v1", "v2", "v3", "v4"]);
  });

  it("proposals are dropped while a transfer is in progress", () => {
    const nw = new PumpNetwork([1, 2, 3]);
    nw.campaign(1);
    nw.isolate(3);
    nw.transferLeader(1, 3);
    expect(nw.raft(1).leadTransferee).toBe(3);
    const err = nw.propose(1, "x");
    expect(err).toBeInstanceOf(ErrProposalDropped);
    expect(err?.message).toMatch(/transfer leadership to 3 is in progress/);
  });

  it("a transfer that does not finish within an election timeout is abandoned and the leader carries on", () => {
    const nw = new PumpNetwork([1, 2, 3], { config: { checkQuorum: false } });
    nw.campaign(1);
    nw.isolate(3);
    nw.transferLeader(1, 3);
    nw.tick(1, nw.raft(1).electionTimeout);
    expect(nw.raft(1).leadTransferee).toBe(0);
    expect(nw.propose(1, "x")).toBeUndefined();
    expect(nw.leader()).toBe(1);
  });

  it("the transferee's vote request overrides the voters' leader lease", () => {
    const nw = new PumpNetwork([1, 2, 3], { config: { checkQuorum: true } });
    nw.campaign(1);
    nw.tickAll(1); // everyone has heard from the leader: they are inside its lease
    nw.transferLeader(1, 3);
    expect(nw.leader()).toBe(3);
  });

  it("a transfer request given to a follower is forwarded to the leader", () => {
    const nw = new PumpNetwork([1, 2, 3]);
    nw.campaign(1);
    nw.with(2, (n) => n.transferLeader(2));
    expect(nw.leader()).toBe(2);
  });

  it("a transfer to the leader itself, or to a non-member, changes nothing", () => {
    const nw = new PumpNetwork([1, 2, 3]);
    nw.campaign(1);
    nw.transferLeader(1, 1);
    nw.transferLeader(1, 9);
    expect(nw.raft(1).leadTransferee).toBe(0);
    expect(nw.leader()).toBe(1);
  });
});
