// Log compaction and InstallSnapshot (Raft §7).
import { describe, expect, it } from "vitest";
import { PumpNetwork } from "./pump-network";
import { MemoryStorage } from "./storage";
import { entry, newTestRaft, ofType, readMessages, storageWithTerms } from "./test-helpers.test-util";
import type { Snapshot } from "./types";

const snap = (index: number, term: number, voters = [1, 2, 3]): Snapshot => ({
  metadata: { index, term, confState: { voters } },
  data: "[]",
});

describe("snapshots and log compaction (§7)", () => {
  it("after compaction, the leader sends a snapshot to a follower that needs compacted entries, and it catches up", () => {
    const nw = new PumpNetwork([1, 2, 3]);
    nw.campaign(1);
    nw.isolate(3);
    for (let i = 0; i < 10; i++) nw.propose(1, `v${i}`);
    nw.compact(1);
    expect(nw.raft(1).raftLog.firstIndex()).toBe(12);
    nw.recover();
    nw.propose(1, "after");
    nw.tickAll(2);
    expect(ofType(nw.delivered, "MsgSnap").map((m) => [m.from, m.to, m.snapshot.metadata.index])).toEqual([[1, 3, 11]]);
    expect(nw.nodes.get(3)!.applied).toEqual(nw.nodes.get(1)!.applied);
    expect(nw.raft(3).raftLog.firstIndex()).toBe(12);
    expect(nw.raft(1).trk.progress.get(3)!.state).toBe("StateReplicate");
  });

  it("a lost snapshot is sent again after the driver reports SnapshotFailure", () => {
    const nw = new PumpNetwork([1, 2, 3]);
    nw.campaign(1);
    nw.isolate(3);
    for (let i = 0; i < 3; i++) nw.propose(1, `v${i}`);
    nw.compact(1);
    nw.recover();
    nw.ignore("MsgSnap"); // the pump network reports the drop to the leader
    nw.tickAll(3);
    nw.recover();
    nw.tickAll(3);
    expect(nw.nodes.get(3)!.applied).toEqual(["v0", "v1", "v2"]);
  });

  it("a follower restoring a snapshot replaces its log and adopts the snapshot's membership", () => {
    const r = newTestRaft(2, [1, 2, 3], {}, storageWithTerms([1, 1], { term: 1 }));
    r.step({ type: "MsgSnap", from: 1, to: 2, term: 2, snapshot: snap(10, 2, [1, 2, 3, 4]) });
    expect(r.raftLog.committed).toBe(10);
    expect(r.raftLog.lastIndex()).toBe(10);
    expect(r.trk.confState().voters).toEqual([1, 2, 3, 4]);
    expect(ofType(readMessages(r), "MsgAppResp")[0]).toMatchObject({ index: 10, reject: false });
  });

  it("a snapshot at or below the follower's commit index is ignored", () => {
    const r = newTestRaft(2, [1, 2, 3], {}, storageWithTerms([1, 1, 1], { term: 1, commit: 3 }));
    r.step({ type: "MsgSnap", from: 1, to: 2, term: 1, snapshot: snap(2, 1) });
    expect(r.raftLog.lastIndex()).toBe(3);
    expect(r.raftLog.hasPendingSnapshot()).toBe(false);
  });

  it("a snapshot whose last entry the follower already has only advances the commit index, keeping the entries after it", () => {
    const r = newTestRaft(2, [1, 2, 3], {}, storageWithTerms([1, 1, 1, 1], { term: 1 }));
    r.step({ type: "MsgSnap", from: 1, to: 2, term: 1, snapshot: snap(2, 1) });
    expect(r.raftLog.committed).toBe(2);
    expect(r.raftLog.lastIndex()).toBe(4);
    expect(r.raftLog.hasPendingSnapshot()).toBe(false);
  });

  it("a node restarted from storage holding a snapshot starts from it, with its membership", () => {
    const s = new MemoryStorage();
    s.applySnapshot(snap(5, 2));
    s.append([entry(6, 2), entry(7, 3)]);
    s.setHardState({ term: 3, vote: 1, commit: 7 });
    const r = newTestRaft(2, [], {}, s);
    expect(r.raftLog.firstIndex()).toBe(6);
    expect(r.raftLog.applied).toBe(5);
    expect(r.raftLog.nextEnts().map((e) => e.index)).toEqual([6, 7]);
    expect(r.trk.confState().voters).toEqual([1, 2, 3]);
    expect(r.term).toBe(3);
  });

  it("the leader does not send a snapshot to a follower it has not heard from recently", () => {
    const s = new MemoryStorage();
    s.applySnapshot(snap(5, 1));
    s.setHardState({ term: 1, vote: 0, commit: 5 });
    const r = newTestRaft(1, [], {}, s);
    r.becomeCandidate();
    r.becomeLeader();
    readMessages(r);
    r.trk.progress.get(2)!.next = 3; // needs compacted entries
    r.sendAppend(2);
    expect(ofType(readMessages(r), "MsgSnap")).toHaveLength(0);
    r.step({ type: "MsgHeartbeatResp", from: 2, to: 1, term: 2, context: "" });
    expect(ofType(readMessages(r), "MsgSnap")).toHaveLength(1);
    expect(r.trk.progress.get(2)!.state).toBe("StateSnapshot");
  });
});
