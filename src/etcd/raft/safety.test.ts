// The commit rule that makes Raft safe: Raft §5.4.2 and Figure 8.
import { describe, expect, it } from "vitest";
import { PumpNetwork } from "./pump-network";
import { entry, logTerms, newTestRaft, readMessages, storageWithTerms } from "./test-helpers.test-util";

const ack = (from: number, term: number, index: number) =>
  ({ type: "MsgAppResp", from, to: 1, term, index, reject: false, rejectHint: 0, logTerm: 0 }) as const;

describe("committing entries from previous terms (§5.4.2, Figure 8)", () => {
  it("a leader does not commit an entry of an earlier term when a majority stores it, only once an entry of its own term is", () => {
    // Node 1 holds [t1, t2] and becomes leader of term 4 in a five-node cluster; its empty entry is (3, t4).
    const r = newTestRaft(1, [1, 2, 3, 4, 5], {}, storageWithTerms([1, 2], { term: 3 }));
    r.becomeCandidate();
    r.becomeLeader();
    expect(r.term).toBe(4);
    r.step(ack(2, 4, 2));
    r.step(ack(3, 4, 2));
    // Index 2 is on nodes 1, 2 and 3: a majority. But it is from term 2.
    expect(r.trk.committed()).toBe(2);
    expect(r.raftLog.committed).toBe(0);
    r.step(ack(2, 4, 3));
    expect(r.raftLog.committed).toBe(0);
    r.step(ack(3, 4, 3));
    // Index 3 (term 4) is on a majority: it commits, and index 2 with it.
    expect(r.raftLog.committed).toBe(3);
    readMessages(r);
  });

  it("replays Figure 8: an entry stored on a majority but never committed is overwritten by a later leader, and no one applies it", () => {
    const nw = new PumpNetwork([1, 2, 3, 4, 5], { seed: "figure-8", config: { preVote: false, checkQuorum: false, maxSizePerMsg: 0 } });
    // (a) S1 leads term 1 and replicates "a" at index 2 to S2 only.
    nw.campaign(1);
    for (const other of [3, 4, 5]) nw.cut(1, other);
    nw.propose(1, "a");
    expect(logTerms(nw.raft(2))).toEqual([1, 1]);
    // (b) S1 crashes. S5 wins term 2 with votes from S3, S4 and itself, and appends entries that
    // never leave it (its MsgApps are lost).
    nw.recover();
    nw.crash(1);
    nw.msgHook = (m) => !(m.type === "MsgApp" && m.from === 5);
    nw.campaign(5);
    expect(nw.raft(5).state).toBe("StateLeader");
    nw.propose(5, "b");
    expect(logTerms(nw.raft(5))).toEqual([1, 2, 2]);
    // (c) S5 crashes. S1 restarts and wins term 3, then copies index 2 (term 1) to S3 and S4,
    // but nothing from its own term reaches anyone: its MsgApps go only to S3 and S4, and only
    // until they hold index 2.
    nw.crash(5);
    nw.restart(1);
    nw.msgHook = (m) =>
      !(
        m.type === "MsgApp" &&
        m.from === 1 &&
        (m.to === 2 || m.to === 5 || (m.entries.some((e) => e.index >= 3) && nw.raft(m.to).raftLog.lastIndex() >= 2))
      );
    nw.campaign(1); // term 2: S3 and S4 already voted for S5 in term 2, S5 is down: no majority...
    nw.campaign(1); // ...term 3 wins.
    expect(nw.raft(1).state).toBe("StateLeader");
    expect(nw.raft(1).term).toBe(3);
    expect(logTerms(nw.raft(3))).toEqual([1, 1]);
    expect(logTerms(nw.raft(4))).toEqual([1, 1]);
    // The leader knows index 2 is on S1, S3 and S4, a majority, yet it must not commit it: its
    // term is 1, not 3.
    expect(nw.raft(1).trk.committed()).toBe(2);
    expect(nw.raft(1).raftLog.committed).toBe(1);
    // (d) S1 crashes. S5 restarts and can win (its last term 2 beats their last term 1, so S2,
    // S3 and S4 vote for it), then overwrites index 2 everywhere. Had S1 committed and applied
    // "a", two state machines would now disagree.
    nw.msgHook = undefined;
    nw.crash(1);
    nw.restart(5);
    nw.campaign(5); // term 3: the others already voted in term 3, so this fails...
    nw.campaign(5); // ...and term 4 succeeds.
    expect(nw.raft(5).state).toBe("StateLeader");
    for (const id of [2, 3, 4, 5]) {
      expect(nw.raft(id).raftLog.term(2)).toBe(2);
      expect(nw.nodes.get(id)!.applied).toEqual(["b"]);
    }
    expect(nw.nodes.get(1)!.applied).toEqual([]);
  });

  it("a follower never commits past the leader's commit index or its own last matching entry", () => {
    const r = newTestRaft(2, [1, 2, 3]);
    r.step({ type: "MsgApp", from: 1, to: 2, term: 1, index: 0, logTerm: 0, entries: [entry(1, 1), entry(2, 1)], commit: 1 });
    expect(r.raftLog.committed).toBe(1);
  });
});
