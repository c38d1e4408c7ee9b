// Graded tests for the exercise "append-consistency" (chapter 03-etcd, 20 points). Each test's
// weight is the points it is worth (they add up to 20); see tools/exercises/points.ts.
// `@exercise/...` is your exercises/ file; the grader also runs these tests against the reference
// solution and the untouched stub (tools/exercises/README.md). Each test is a sentence; its
// failure message names the rule that was broken and where to read about it.
//
// Your `appendEntries` and `findConflict` are plugged into the real Raft: vi.mock below replaces
// src/etcd/raft/append-entries.ts, which every follower's log (src/etcd/raft/log.ts, maybeAppend)
// asks what to do with an AppendEntries message. The scenarios then replicate logs with them.
import { describe, expect, it, vi } from "vitest";
import * as learner from "@exercise/03-etcd/append-consistency";
import type { Entry, Message } from "../../src/etcd/raft/types";
import { MemoryStorage } from "../../src/etcd/raft/storage";
import { newTestRaft, readMessages } from "../../src/etcd/raft/test-helpers.test-util";
import { FIVE, applied, batteryFailure, chaosSeeds, during, electLeader, electLeaderAmong, network, partition } from "./support/raft-scenarios";

const { appendEntries, findConflict } = learner;

vi.mock("../../src/etcd/raft/append-entries", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../src/etcd/raft/append-entries")>()),
  findConflict: (log: learner.FollowerLog, entries: readonly Entry[]) => learner.findConflict(log, entries),
  appendEntries: (log: learner.FollowerLog, m: learner.AppendRequest) => learner.appendEntries(log, m),
}));

const e = (index: number, term: number, data = ""): Entry => ({ index, term, type: "normal", data });
/** Entries at start, start+1, ... with these terms. */
const ents = (start: number, terms: number[]): Entry[] => terms.map((t, i) => e(start + i, t));
/** A follower log holding entries with these terms at 1, 2, ...; index 0 has term 0. */
const logOf = (terms: number[]): learner.FollowerLog => ({ term: (i) => (i === 0 ? 0 : terms[i - 1]) });
const show = (terms: number[]) => `[${terms.join(", ")}]`;
const pairs = (es: readonly Entry[] | undefined) => (es ?? []).map((x) => `${x.index}@t${x.term}`);
const decide = (terms: number[], index: number, logTerm: number, entries: Entry[], commit = 0) =>
  appendEntries(logOf(terms), { index, logTerm, entries, commit });

const STEP2 = 'Raft Figure 2, AppendEntries receiver step 2: "Reply false if log doesn\'t contain an entry at prevLogIndex whose term matches prevLogTerm"';
const STEP3 = 'Raft Figure 2, step 3: "If an existing entry conflicts with a new one (same index but different terms), delete the existing entry and all that follow it"';
const STEP4 = 'Raft Figure 2, step 4: "Append any new entries not already in the log"';
const STEP5 = 'Raft Figure 2, step 5: "If leaderCommit > commitIndex, set commitIndex = min(leaderCommit, index of last new entry)"';

describe("findConflict: the first entry the follower does not already hold", () => {
  it("returns 0 when the log already holds every entry, including an empty list", { meta: { weight: 1 } }, () => {
    expect(findConflict(logOf([1, 1, 2]), ents(2, [1, 2])), `${STEP4}: a log ${show([1, 1, 2])} already holds 2@t1 and 3@t2: nothing is new, return 0`).toBe(0);
    expect(findConflict(logOf([1, 1, 2]), []), "no entries, nothing new: return 0").toBe(0);
    expect(findConflict(logOf([1, 1, 2]), ents(3, [2, 3])), `${STEP4}: a log ${show([1, 1, 2])} holds 3@t2 but not 4: the first new entry is 4`).toBe(4);
  });

  it("returns the index of the first entry beyond the log's end", { meta: { weight: 1 } }, () => {
    expect(findConflict(logOf([1]), ents(1, [1, 1, 1])), `${STEP4}: a log ${show([1])} holds 1@t1; 2 is the first new entry`).toBe(2);
    expect(findConflict(logOf([]), ents(1, [1])), `${STEP4}: an empty log holds nothing; 1 is new`).toBe(1);
  });

  it("returns the index of the first entry whose term differs from the log's at that index", { meta: { weight: 1 } }, () => {
    expect(
      findConflict(logOf([1, 1, 1, 4, 4]), ents(2, [1, 3, 3, 3, 3])),
      `${STEP3}: log ${show([1, 1, 1, 4, 4])}, entries from index 2 with terms ${show([1, 3, 3, 3, 3])}: index 2 matches, index 3 conflicts (term 1 in the log, 3 in the message)`,
    ).toBe(3);
  });
});

describe("appendEntries: the consistency check (Raft §5.3)", () => {
  it("rejects a message whose previous entry is beyond the end of the log", { meta: { weight: 1 } }, () => {
    expect(decide([1, 1], 3, 1, ents(4, [1])).ok, `${STEP2}: a log ${show([1, 1])} has no entry at index 3`).toBe(false);
    expect(decide([1, 1], 2, 1, ents(3, [1])).ok, `${STEP2}: a log ${show([1, 1])} holds 2@t1: accept`).toBe(true);
  });

  it("rejects a message whose previous entry has another term in the log", { meta: { weight: 1 } }, () => {
    expect(decide([1, 1, 2], 3, 3, ents(4, [3])).ok, `${STEP2}: the log ${show([1, 1, 2])} holds index 3 with term 2, not 3`).toBe(false);
    expect(decide([1, 1, 2], 3, 2, ents(4, [3])).ok, `${STEP2}: the log ${show([1, 1, 2])} holds 3@t2: accept`).toBe(true);
  });

  it("accepts entries from index 1 on into an empty log: every log shares the empty prefix at index 0, term 0", { meta: { weight: 1 } }, () => {
    const d = decide([], 0, 0, ents(1, [1, 1]));
    expect(d.ok, `${STEP2}: prevLogIndex 0 with prevLogTerm 0 always matches`).toBe(true);
    expect(d.ok && pairs(d.append), `${STEP4}: both entries are new`).toEqual(["1@t1", "2@t1"]);
    expect(d.ok && d.lastNewIndex, "the last entry the message carried is index 2").toBe(2);
  });

  it("appends the entries after a matching previous entry and reports the last one", { meta: { weight: 1 } }, () => {
    const d = decide([1, 1], 2, 1, ents(3, [1, 2]));
    expect(d.ok, `${STEP2}: the log holds 2@t1: accept`).toBe(true);
    expect(d.ok && pairs(d.append), `${STEP4}: 3@t1 and 4@t2 are new`).toEqual(["3@t1", "4@t2"]);
    expect(d.ok && d.lastNewIndex, "lastNewIndex = prevLogIndex + number of entries = 4").toBe(4);
  });
});

describe("appendEntries: which entries to write (conflict truncation)", () => {
  it("a delayed or repeated message whose entries the log already holds writes nothing and cuts nothing off", { meta: { weight: 2 } }, () => {
    const d = decide([1, 1, 1, 1, 1], 1, 1, ents(2, [1, 1]));
    expect(d.ok, `${STEP2}: the log holds 1@t1: accept`).toBe(true);
    expect(
      d.ok && pairs(d.append),
      `${STEP3}: delete only from a CONFLICT on. The log ${show([1, 1, 1, 1, 1])} already holds 2@t1 and 3@t1: write nothing, ` +
        "and keep 4 and 5, which a newer message added (and the leader may already count as stored here)",
    ).toEqual([]);
    expect(d.ok && d.lastNewIndex, "lastNewIndex is the last entry THIS message carried, 3, not the end of the log").toBe(3);
  });

  it("at the first conflict, writes the leader's entries from there on, so the caller replaces the old tail", { meta: { weight: 2 } }, () => {
    // Raft Figure 7, follower (e): [1,1,1,4,4,4,4] receiving entries 6..8 of a term-6 leader.
    const d = decide([1, 1, 1, 4, 4, 4, 4], 5, 4, ents(6, [5, 5, 6]));
    expect(d.ok, `${STEP2}: the log holds 5@t4: accept`).toBe(true);
    expect(d.ok && pairs(d.append), `${STEP3}: 6@t4 in the log conflicts with 6@t5: write 6, 7 and 8 from the message (the old 6 and 7 go)`).toEqual(["6@t5", "7@t5", "8@t6"]);
    const skip = decide([1, 1, 1, 4, 4, 4, 4], 3, 1, ents(4, [4, 5, 5]));
    expect(skip.ok && pairs(skip.append), `${STEP3}: 4@t4 matches, 5@t5 conflicts with the log's 5@t4: write from 5 on, not from 4`).toEqual(["5@t5", "6@t5"]);
  });
});

describe("appendEntries: how far the follower may commit", () => {
  it("commits up to the leader's commit index, but never past the last entry this message proved", { meta: { weight: 2 } }, () => {
    const d = decide([1, 1, 2, 2, 2], 1, 1, ents(2, [1]), 5);
    expect(
      d.ok && d.commit,
      `${STEP5}: the message proved the log up to index 2 only; entries 3..5 of this follower may differ from the leader's, so commit 2, not 5`,
    ).toBe(2);
    const caughtUp = decide([1, 1, 2], 3, 2, [], 2);
    expect(caughtUp.ok && caughtUp.commit, `${STEP5}: the leader has committed 2 and the log matches up to 3: commit 2`).toBe(2);
    const empty = decide([1, 1, 2], 3, 2, [], 7);
    expect(empty.ok && empty.commit, `${STEP5}: an empty message matching at 3 proves the log up to 3: commit 3`).toBe(3);
  });
});

describe("plugged into Raft: real followers and a five-node cluster with your rules", () => {
  const app = (index: number, logTerm: number, entries: Entry[], commit: number, term = 1): Message =>
    ({ type: "MsgApp", from: 1, to: 2, term, index, logTerm, entries, commit }) as const;
  /** The follower's answer, as { reject, index }. */
  const ack = (msgs: Message[]) => {
    const m = msgs.find((x) => x.type === "MsgAppResp");
    return m?.type === "MsgAppResp" ? { reject: m.reject, index: m.index } : undefined;
  };

  it("a follower that receives a late copy of an old AppendEntries keeps the entries a newer one added", { meta: { weight: 1.5 } }, () => {
    const r = newTestRaft(2, [1, 2, 3]);
    r.step(app(0, 0, [e(1, 1, "a"), e(2, 1, "b"), e(3, 1, "c")], 0));
    expect(ack(readMessages(r)), "the first message fits an empty log: acknowledge index 3").toEqual({ reject: false, index: 3 });
    during("a late copy of an older message arrived", "", () => r.step(app(0, 0, [e(1, 1, "a")], 0)));
    expect(
      r.raftLog.lastIndex(),
      `${STEP3}: the late message carries 1@t1, which the follower holds: nothing conflicts, so entries 2 and 3 must stay`,
    ).toBe(3);
    expect(ack(readMessages(r)), "the late message is acknowledged up to the entry it carried, 1").toEqual({ reject: false, index: 1 });
    r.step(app(3, 1, [], 3));
    expect(r.raftLog.committed, "the leader commits 3 and the follower, holding it, commits 3 too").toBe(3);
  });

  it("a follower with a stale tail rejects the new leader's probe, never commits its stale entry, and ends with the leader's", { meta: { weight: 1.5 } }, () => {
    const storage = new MemoryStorage();
    storage.append([e(1, 1, "a"), e(2, 2, "b"), e(3, 2, "stale")]);
    storage.setHardState({ term: 2, vote: 0, commit: 0 });
    const r = newTestRaft(2, [1, 2, 3], {}, storage);
    // The leader of term 3 holds [1@t1, 2@t2, 3@t3] and has committed 3. Its first message probes
    // at its own last entry, 3@t3, with no entries.
    during("the follower took the probe", "", () => r.step(app(3, 3, [], 3, 3)));
    expect(
      ack(readMessages(r)),
      `${STEP2}: the follower's entry 3 has term 2, the leader's term 3: reject, whatever the indexes`,
    ).toMatchObject({ reject: true });
    expect(r.raftLog.committed, "a rejected message commits nothing").toBe(0);
    // With one entry per message, the leader then sends entry 2.
    during("the follower took entry 2", "", () => r.step(app(1, 1, [e(2, 2, "b")], 3, 3)));
    expect(
      r.raftLog.committed,
      `${STEP5}: the message proved the follower's log up to 2 only; its entry 3 ("stale", term 2) is not the leader's 3@t3, so commit 2`,
    ).toBe(2);
    during("the follower took entry 3", "", () => r.step(app(2, 2, [e(3, 3, "new")], 3, 3)));
    expect(r.raftLog.committed, `${STEP3}: 3@t3 replaces the stale 3@t2, and now the follower may commit 3`).toBe(3);
    expect(r.raftLog.nextEnts().map((x) => x.data), "the follower applies the leader's entries, never its stale one").toEqual(["a", "b", "new"]);
  });

  it("logs that diverged in two partitions converge to the leader's, and no committed entry is lost (MIT 6.5840 'backup')", { meta: { weight: 1.5 } }, () => {
    const nw = network(FIVE, "append-consistency/backup", { maxSizePerMsg: 0 });
    const l1 = electLeader(nw)!;
    nw.propose(l1, "start");
    const [f1, a, b, c] = FIVE.filter((id) => id !== l1) as [number, number, number, number];
    const explain = "A follower's log was not turned into a copy of the leader's: check the consistency check and conflict truncation (Raft §5.3).";
    // The leader and one follower, cut off, append entries that can never commit.
    partition(nw, [l1, f1], [a, b, c]);
    for (let i = 0; i < 8; i++) nw.propose(l1, `lost-${i}`);
    // The majority elects a leader and commits.
    const l2 = during("the majority elected a leader", explain, () => electLeaderAmong(nw, [a, b, c]))!;
    for (let i = 0; i < 8; i++) nw.propose(l2, `kept-${i}`);
    nw.expectSafe("after the first partition");
    // That leader and one follower are cut off too, and append entries that never commit.
    const [o1, o2] = [a, b, c].filter((id) => id !== l2) as [number, number];
    partition(nw, [l1, f1, o2], [l2, o1]);
    for (let i = 0; i < 8; i++) nw.propose(l2, `lost-again-${i}`);
    // The first leader, its follower and o2 elect a leader (o2 holds the committed entries) and commit.
    const l3 = during("the first leader's side rejoined", explain, () => electLeaderAmong(nw, [l1, f1, o2]))!;
    expect(l3, "Raft §5.4.1: o2 has the committed entries; it must win on the side [l1, f1, o2]").toBe(o2);
    during("the new leader replicated", explain, () => {
      for (let i = 0; i < 8; i++) nw.propose(l3, `new-${i}`);
    });
    nw.expectSafe("after the second partition");
    // Everyone together again.
    nw.recover();
    during("the partitions healed", explain, () => {
      electLeader(nw);
      nw.propose(nw.leader()!, "final");
      nw.tickAll(10);
    });
    nw.expectSafe("after healing");
    const want = ["start", ...Array.from({ length: 8 }, (_, i) => `kept-${i}`), ...Array.from({ length: 8 }, (_, i) => `new-${i}`), "final"];
    for (const id of FIVE) {
      expect(
        applied(nw, id),
        `Raft §5.3: after healing, node ${id}'s log must be the leader's: its uncommitted entries of old terms replaced (${STEP3}), the leader's appended`,
      ).toEqual(want);
    }
  });

  it("randomized partitions, crashes and loss over 30 seeds never break safety, and the cluster always recovers", { meta: { weight: 1 } }, () => {
    const failure = chaosSeeds("append-consistency", 30);
    expect(failure, `with your appendEntries: ${failure}`).toBeUndefined();
  });

  it("the battery's replication scenarios pass on a simulated cluster (MIT 6.5840 TestFailAgree3B, TestRejoin3B, TestBackup3B, TestUnreliableAgree3C)", { meta: { weight: 1.5 } }, () => {
    const failure = batteryFailure(["TestFailAgree3B", "TestRejoin3B", "TestBackup3B", "TestUnreliableAgree3C"]);
    expect(failure, `Raft §5.3, with your appendEntries: ${failure}`).toBeUndefined();
  });
});
