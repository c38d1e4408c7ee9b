// Graded tests for the exercise "commit-index" (chapter 03-etcd, 10 points). Each test's weight is
// the points it is worth (they add up to 10); see tools/exercises/points.ts. `@exercise/...` is your
// exercises/ file; the grader also runs these tests against the reference solution and the
// untouched stub (tools/exercises/README.md). Each test is a sentence; its failure message names
// the rule that was broken and where to read about it.
//
// Your `committedIndex` is plugged into the real Raft: vi.mock below replaces
// src/etcd/raft/quorum.ts, which the leader's ProgressTracker calls every time a follower
// acknowledges entries. The scenarios then run a five-node cluster with it.
import { describe, expect, it, vi } from "vitest";
import * as learner from "@exercise/03-etcd/commit-index";
import { FIVE, applied, batteryFailure, chaosSeeds, electLeader, network } from "./support/raft-scenarios";

const { committedIndex } = learner;

vi.mock("../../src/etcd/raft/quorum", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../src/etcd/raft/quorum")>()),
  committedIndex: (matchIndexes: readonly number[]) => learner.committedIndex(matchIndexes),
}));

const why = (matches: number[], expected: number) =>
  `Raft §5.3, Figure 2 (Leaders: "a majority of matchIndex[i] >= N"): with match indexes [${matches.join(", ")}], ` +
  `${Math.floor(matches.length / 2) + 1} of ${matches.length} voters must hold the index, and the highest such index is ${expected}`;

describe("the highest index stored on a majority", () => {
  const cases = [
    { name: "a single voter's own match index is a majority of one", matches: [7], expected: 7 },
    { name: "of three voters the second-highest match index is held by two, a majority", matches: [1, 5, 3], expected: 3 },
    { name: "of five voters the third-highest is held by three: [9, 7, 5, 4, 2] gives 5, in any order", matches: [4, 9, 2, 7, 5], expected: 5 },
    { name: "of four voters three must hold the index, not two: [8, 6, 4, 2] gives 4", matches: [2, 8, 4, 6], expected: 4 },
    { name: "of two voters both must hold the index", matches: [5, 3], expected: 3 },
    { name: "match indexes are compared as numbers, not as text: [10, 9, 2] gives 9", matches: [2, 10, 9], expected: 9 },
    { name: "equal match indexes count together: [4, 4, 4, 1, 1] gives 4", matches: [1, 4, 1, 4, 4], expected: 4 },
  ];
  for (const { name, matches, expected } of cases) {
    it(name, { meta: { weight: 0.5 } }, () => {
      expect(committedIndex([...matches]), why(matches, expected)).toBe(expected);
    });
  }

  it("no voters means nothing is stored anywhere, and the argument is left as it was", { meta: { weight: 0.5 } }, () => {
    expect(committedIndex([]), "with no voters no index is on a majority: return 0").toBe(0);
    const matches = [3, 9, 1, 7, 5];
    expect(committedIndex(matches), why(matches, 5)).toBe(5);
    expect(matches, "committedIndex must not sort (or otherwise change) the array it is given: it belongs to the caller").toEqual([3, 9, 1, 7, 5]);
  });
});

describe("plugged into Raft: a five-node cluster commits with your rule", () => {
  it("a proposal is committed and applied on every node once the cluster is healthy (MIT 6.5840 'basic agreement')", { meta: { weight: 1 } }, () => {
    const nw = network(FIVE, "commit-index/basic");
    const lead = electLeader(nw);
    expect(lead, "Raft §5.2: the cluster should elect a leader (your rule is not used in elections)").toBeDefined();
    for (const cmd of ["x", "y", "z"]) nw.propose(lead!, cmd);
    for (const id of FIVE) {
      expect(
        applied(nw, id),
        `Raft §5.3: every node stores the three entries, so the leader must find them on a majority, commit them, and tell node ${id}`,
      ).toEqual(["x", "y", "z"]);
    }
  });

  it("with two of five nodes crashed, the other three still commit (MIT 6.5840 'fail agree')", { meta: { weight: 0.75 } }, () => {
    const nw = network(FIVE, "commit-index/fail-agree");
    const lead = electLeader(nw)!;
    const [a, b] = FIVE.filter((id) => id !== lead);
    nw.crash(a!);
    nw.crash(b!);
    nw.propose(lead, "written-by-three");
    expect(
      applied(nw, lead),
      `Raft §5.3: three of five nodes (a majority) store the entry; the leader must commit it even though nodes ${a} and ${b} are down (their match index stays 0)`,
    ).toEqual(["written-by-three"]);
  });

  it("a leader cut off with one follower keeps its new entries uncommitted, and commits them after the partition heals (MIT 6.5840 'fail no agree')", { meta: { weight: 1 } }, () => {
    const nw = network(FIVE, "commit-index/fail-no-agree");
    const lead = electLeader(nw)!;
    nw.propose(lead, "before");
    expect(applied(nw, lead), "Raft §5.3: with every node up, the first entry must commit").toEqual(["before"]);
    const follower = FIVE.find((id) => id !== lead)!;
    const others = FIVE.filter((id) => id !== lead && id !== follower);
    for (const o of others) {
      nw.cut(lead, o);
      nw.cut(follower, o);
    }
    nw.propose(lead, "minority");
    expect(
      applied(nw, lead),
      `Raft §5.3: "minority" is stored on 2 of 5 nodes (the leader and node ${follower}), not a majority: it must not be committed`,
    ).toEqual(["before"]);
    nw.recover();
    nw.tickAll(5);
    for (const id of FIVE) {
      expect(
        applied(nw, id),
        `Raft §5.3: once the partition heals, the entry reaches a majority and must commit on node ${id}`,
      ).toEqual(["before", "minority"]);
    }
  });

  it("a leader with a slow follower commits what the other three hold, not what all five hold", { meta: { weight: 0.75 } }, () => {
    const nw = network(FIVE, "commit-index/slow");
    const lead = electLeader(nw)!;
    const [slow1, slow2] = FIVE.filter((id) => id !== lead);
    nw.cut(lead, slow1!);
    nw.propose(lead, "one");
    nw.cut(lead, slow2!);
    nw.propose(lead, "two");
    // Match indexes now differ on every node: leader and two followers hold "two", one follower
    // holds "one", one holds neither.
    expect(
      applied(nw, lead),
      `Raft §5.3: "one" is stored on four nodes and "two" on three, both majorities of five: both must be committed`,
    ).toEqual(["one", "two"]);
  });

  it("randomized partitions, crashes and loss over 30 seeds never break safety, and the cluster always recovers", { meta: { weight: 1 } }, () => {
    const failure = chaosSeeds("commit-index", 30);
    expect(failure, `with your committedIndex: ${failure}`).toBeUndefined();
  });

  it("the battery's agreement scenarios pass on a simulated cluster (MIT 6.5840 TestBasicAgree3B, TestFollowerFailure3B, TestFailNoAgree3B, TestConcurrentStarts3B)", { meta: { weight: 1.5 } }, () => {
    const failure = batteryFailure(["TestBasicAgree3B", "TestFollowerFailure3B", "TestFailNoAgree3B", "TestConcurrentStarts3B"]);
    expect(failure, `Raft §5.3, with your committedIndex: ${failure}`).toBeUndefined();
  });
});
