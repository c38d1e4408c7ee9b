// The driver's contract: RawNode, Ready and advance (etcd-io/raft rawnode.go).
import { describe, expect, it } from "vitest";
import { Rng } from "../../sim/rng";
import { ErrStepLocalMsg, ErrStepPeerNotFound, RaftPanic } from "./errors";
import { RawNode } from "./rawnode";
import { MemoryStorage } from "./storage";

function newNode(id = 1, peers = [1]): { node: RawNode; storage: MemoryStorage } {
  const storage = new MemoryStorage();
  const node = new RawNode({ id, peers, storage, electionTick: 10, heartbeatTick: 1, preVote: false, rng: new Rng(id) });
  return { node, storage };
}

function handle(node: RawNode, storage: MemoryStorage): void {
  while (node.hasReady()) {
    const rd = node.ready();
    storage.append(rd.entries);
    if (rd.hardState) storage.setHardState(rd.hardState);
    node.advance();
  }
}

describe("RawNode and Ready", () => {
  it("a new node has nothing to do", () => {
    expect(newNode().node.hasReady()).toBe(false);
  });

  it("a single node's campaign yields a Ready with its new role, HardState, entry to persist and the same entry to apply", () => {
    const { node } = newNode();
    node.campaign();
    expect(node.hasReady()).toBe(true);
    const rd = node.ready();
    expect(rd.softState).toEqual({ lead: 1, raftState: "StateLeader" });
    expect(rd.hardState).toEqual({ term: 1, vote: 1, commit: 1 });
    expect(rd.entries).toEqual([{ term: 1, index: 1, type: "normal", data: "" }]);
    expect(rd.committedEntries).toEqual(rd.entries);
    expect(rd.mustSync).toBe(true);
    node.advance();
    expect(node.hasReady()).toBe(false);
  });

  it("advance() marks entries stable and applied, so the next Ready holds only what is new", () => {
    const { node, storage } = newNode();
    node.campaign();
    handle(node, storage);
    node.propose("x");
    const rd = node.ready();
    expect(rd.entries.map((e) => e.data)).toEqual(["x"]);
    expect(rd.committedEntries.map((e) => e.data)).toEqual(["x"]);
    expect(rd.softState).toBeUndefined();
    storage.append(rd.entries);
    node.advance();
    expect(node.status()).toMatchObject({ commit: 2, applied: 2 });
  });

  it("calling ready() again before advance() is an error that says what to do", () => {
    const { node } = newNode();
    node.campaign();
    node.ready();
    expect(() => node.ready()).toThrow(RaftPanic);
    expect(() => node.ready()).toThrow(/before advance/);
  });

  it("step() refuses local message types arriving from the network", () => {
    const { node } = newNode();
    expect(node.step({ type: "MsgHup", from: 2, to: 1, term: 0 })).toBeInstanceOf(ErrStepLocalMsg);
  });

  it("step() refuses a response from a node that is not a member", () => {
    const { node } = newNode();
    expect(node.step({ type: "MsgAppResp", from: 9, to: 1, term: 1, index: 1, reject: false, rejectHint: 0, logTerm: 0 })).toBeInstanceOf(
      ErrStepPeerNotFound,
    );
  });

  it("mustSync is false when only the commit index changed", () => {
    const storage = new MemoryStorage();
    const node = new RawNode({ id: 2, peers: [1, 2], storage, electionTick: 10, heartbeatTick: 1, rng: new Rng(2) });
    node.step({ type: "MsgApp", from: 1, to: 2, term: 1, index: 0, logTerm: 0, entries: [{ term: 1, index: 1, type: "normal", data: "" }], commit: 0 });
    handle(node, storage);
    node.step({ type: "MsgHeartbeat", from: 1, to: 2, term: 1, commit: 1, context: "" });
    const rd = node.ready();
    expect(rd.hardState).toEqual({ term: 1, vote: 0, commit: 1 });
    expect(rd.mustSync).toBe(false);
  });

  it("status() shows the leader's view of every member's progress", () => {
    const { node } = newNode(1, [1, 2, 3]);
    node.campaign();
    node.step({ type: "MsgVoteResp", from: 2, to: 1, term: 1, reject: false });
    const s = node.status();
    expect(s.raftState).toBe("StateLeader");
    expect(s.voters).toEqual([1, 2, 3]);
    expect(s.progress[1]).toMatchObject({ match: 1, state: "StateReplicate" });
    expect(s.progress[2]).toMatchObject({ match: 0, next: 1, state: "StateProbe" });
  });
});
