// Log replication and commitment: Raft §5.3 (and the commit rule of §5.4.2 in its simple form).
import { describe, expect, it } from "vitest";
import { ErrProposalDropped } from "./errors";
import { PumpNetwork } from "./pump-network";
import { entry, hup, logTerms, newTestRaft, ofType, readMessages, storageWithTerms } from "./test-helpers.test-util";
import type { Raft } from "./raft";

const plain = { preVote: false, checkQuorum: false };

function app(from: number, term: number, index: number, logTerm: number, entries = [] as ReturnType<typeof entry>[], commit = 0) {
  return { type: "MsgApp" as const, from, to: 1, term, index, logTerm, entries, commit };
}

/** A leader of term 1 for peers [1, 2, 3] whose followers have acknowledged its first entry. */
function leaderWithReplicatingFollowers(opts = {}): Raft {
  const r = newTestRaft(1, [1, 2, 3], opts);
  r.becomeCandidate();
  r.becomeLeader();
  for (const from of [2, 3]) r.step({ type: "MsgAppResp", from, to: 1, term: 1, index: 1, reject: false, rejectHint: 0, logTerm: 0 });
  readMessages(r);
  return r;
}

describe("replication and commit (§5.3)", () => {
  it("the leader replicates a proposal to every follower, and each applies it once committed", () => {
    const nw = new PumpNetwork([1, 2, 3], { config: plain });
    nw.campaign(1);
    nw.propose(1, "x=1");
    for (const id of [1, 2, 3]) {
      expect(nw.nodes.get(id)!.applied).toEqual(["x=1"]);
      expect(nw.raft(id).raftLog.committed).toBe(2);
    }
  });

  it("the leader does not commit an entry until a majority stores it, and commits it when they do", () => {
    const nw = new PumpNetwork([1, 2, 3], { config: plain });
    nw.campaign(1);
    nw.cut(1, 2);
    nw.cut(1, 3);
    nw.propose(1, "x");
    expect(nw.raft(1).raftLog.lastIndex()).toBe(2);
    expect(nw.raft(1).raftLog.committed).toBe(1);
    nw.recover();
    nw.tick(1);
    expect(nw.raft(1).raftLog.committed).toBe(2);
    nw.tick(1);
    expect(nw.nodes.get(3)!.applied).toEqual(["x"]);
  });

  it("a five-node leader commits with two followers down, but not with three", () => {
    const nw = new PumpNetwork([1, 2, 3, 4, 5], { config: plain });
    nw.campaign(1);
    nw.crash(4);
    nw.crash(5);
    nw.propose(1, "a");
    expect(nw.nodes.get(1)!.applied).toEqual(["a"]);
    nw.crash(3);
    nw.propose(1, "b");
    expect(nw.nodes.get(1)!.applied).toEqual(["a"]);
  });

  it("a heartbeat tells a follower the commit index, but never beyond what the follower is known to match", () => {
    const r = leaderWithReplicatingFollowers();
    r.step({ type: "MsgProp", from: 1, to: 1, term: 0, entries: [entry(0, 0, "a")] });
    r.step({ type: "MsgAppResp", from: 2, to: 1, term: 1, index: 2, reject: false, rejectHint: 0, logTerm: 0 });
    expect(r.raftLog.committed).toBe(2);
    readMessages(r);
    r.step({ type: "MsgBeat", from: 1, to: 1, term: 0 });
    const beats = ofType(readMessages(r), "MsgHeartbeat");
    expect(beats.map((m) => [m.to, m.commit])).toEqual([
      [2, 2],
      [3, 1],
    ]);
  });

  it("a follower rejects AppendEntries whose previous entry it lacks, and hints where its log ends (consistency check)", () => {
    const r = newTestRaft(1, [1, 2, 3], {}, storageWithTerms([1, 1], { term: 1 }));
    r.step(app(2, 1, 5, 1, [entry(6, 1)]));
    const [resp] = ofType(readMessages(r), "MsgAppResp");
    expect(resp).toMatchObject({ reject: true, index: 5, rejectHint: 2, logTerm: 1 });
    expect(r.raftLog.lastIndex()).toBe(2);
  });

  it("a follower deletes a conflicting suffix and appends the leader's entries (Figure 2, AppendEntries step 3)", () => {
    const r = newTestRaft(1, [1, 2, 3], {}, storageWithTerms([1, 1, 2, 2], { term: 2 }));
    r.step(app(2, 3, 2, 1, [entry(3, 3)], 3));
    expect(logTerms(r)).toEqual([1, 1, 3]);
    expect(r.raftLog.committed).toBe(3);
    expect(ofType(readMessages(r), "MsgAppResp")[0]).toMatchObject({ reject: false, index: 3 });
  });

  it("a follower keeps entries after a delayed, shorter AppendEntries that agrees with its log", () => {
    const r = newTestRaft(1, [1, 2, 3], {}, storageWithTerms([1, 1, 1], { term: 1 }));
    r.step(app(2, 1, 0, 0, [entry(1, 1)]));
    expect(logTerms(r)).toEqual([1, 1, 1]);
  });

  it("a follower's commit index follows the leader's but never passes the last entry the message proved it shares", () => {
    const r = newTestRaft(1, [1, 2, 3], {}, storageWithTerms([1, 1, 2, 2], { term: 2 }));
    // The leader's commit is 4, but this message only proves we match up to index 2.
    r.step(app(2, 2, 1, 1, [entry(2, 1)], 4));
    expect(r.raftLog.committed).toBe(2);
  });

  it("a follower that was cut off catches up when it rejoins", () => {
    const nw = new PumpNetwork([1, 2, 3], { config: plain });
    nw.campaign(1);
    nw.isolate(3);
    for (let i = 0; i < 10; i++) nw.propose(1, `v${i}`);
    expect(nw.nodes.get(3)!.applied).toEqual([]);
    nw.recover();
    nw.tick(1);
    nw.tick(1);
    expect(logTerms(nw.raft(3))).toEqual(logTerms(nw.raft(1)));
    expect(nw.nodes.get(3)!.applied).toEqual(nw.nodes.get(1)!.applied);
  });

  it("fast backup: a follower with a 100-entry divergent tail is repaired with one rejection, not one per entry", () => {
    // Leader (and node 3): terms [1, 3 x 50]. Follower 2: [1, 2 x 100], from a deposed leader of term 2.
    const leaderLog = [1, ...Array<number>(50).fill(3)];
    const nw = new PumpNetwork([], { config: plain });
    for (const [id, terms] of [
      [1, leaderLog],
      [2, [1, ...Array<number>(100).fill(2)]],
      [3, leaderLog],
    ] as const) {
      const n = nw.addNode(id, [1, 2, 3]);
      n.storage.append(terms.map((t, i) => entry(i + 1, t)));
      n.storage.setHardState({ term: 3, vote: 0, commit: 1 });
      nw.restart(id);
    }
    nw.campaign(1);
    const rejections = ofType(nw.delivered, "MsgAppResp").filter((m) => m.from === 2 && m.reject);
    expect(rejections.length).toBe(1);
    expect(logTerms(nw.raft(2))).toEqual([...leaderLog, 4]);
  });

  it("the leader probes a follower one MsgApp at a time until it answers", () => {
    const r = newTestRaft(1, [1, 2], {});
    r.becomeCandidate();
    r.becomeLeader();
    readMessages(r);
    for (let i = 0; i < 3; i++) r.step({ type: "MsgProp", from: 1, to: 1, term: 0, entries: [entry(0, 0, "x")] });
    // The first proposal sent one MsgApp; while it is unanswered, the other two send nothing.
    expect(ofType(readMessages(r), "MsgApp")).toHaveLength(1);
    expect(r.trk.progress.get(2)!.state).toBe("StateProbe");
  });

  it("while replicating, maxSizePerMsg bounds each MsgApp and maxInflightMsgs bounds the unacknowledged ones", () => {
    const r = leaderWithReplicatingFollowers({ maxSizePerMsg: 10, maxInflightMsgs: 2 });
    expect(r.trk.progress.get(2)!.state).toBe("StateReplicate");
    // Five proposals of 10 bytes: each broadcast sends what flow control allows.
    for (let i = 0; i < 5; i++) r.step({ type: "MsgProp", from: 1, to: 1, term: 0, entries: [entry(0, 0, "0123456789")] });
    const toTwo = ofType(readMessages(r), "MsgApp").filter((m) => m.to === 2);
    expect(toTwo.map((m) => m.entries.map((e) => e.index))).toEqual([[2], [3]]);
    expect(r.trk.progress.get(2)!.isPaused()).toBe(true);
    // An acknowledgement frees a slot and the next entry goes out.
    r.step({ type: "MsgAppResp", from: 2, to: 1, term: 1, index: 2, reject: false, rejectHint: 0, logTerm: 0 });
    expect(ofType(readMessages(r), "MsgApp").filter((m) => m.to === 2).map((m) => m.entries[0]!.index)).toEqual([4]);
  });
});

describe("proposals", () => {
  it("a follower forwards a proposal to the leader, which appends and commits it", () => {
    const nw = new PumpNetwork([1, 2, 3], { config: plain });
    nw.campaign(1);
    expect(nw.propose(3, "from 3")).toBeUndefined();
    expect(nw.nodes.get(1)!.applied).toEqual(["from 3"]);
    expect(ofType(nw.delivered, "MsgProp").map((m) => [m.from, m.to])).toEqual([[3, 1]]);
  });

  it("a follower that knows no leader drops a proposal with ErrProposalDropped", () => {
    const nw = new PumpNetwork([1, 2, 3], { config: plain });
    const err = nw.propose(2, "lost");
    expect(err).toBeInstanceOf(ErrProposalDropped);
    expect(err?.message).toMatch(/no leader at term 0/);
  });

  it("a candidate drops proposals", () => {
    const r = newTestRaft(1, [1, 2, 3]);
    r.step(hup(1));
    expect(r.step({ type: "MsgProp", from: 1, to: 1, term: 0, entries: [entry(0, 0, "x")] })).toBeInstanceOf(ErrProposalDropped);
  });

  it("with disableProposalForwarding, a follower drops proposals even when it knows the leader", () => {
    const nw = new PumpNetwork([1, 2, 3], { config: { ...plain, disableProposalForwarding: true } });
    nw.campaign(1);
    expect(nw.propose(2, "x")).toBeInstanceOf(ErrProposalDropped);
  });
});
