// Graded tests for the exercise "quorum" (chapter 00-workbook, 10 points). Each test's weight is
// the points it is worth (they add up to 10); see tools/exercises/points.ts. `@exercise/...` is your exercises/ file; the grader also runs these tests against the
// reference solution and the untouched stub (tools/exercises/README.md). Each test is a sentence;
// its failure message names the rule that was broken and where to read about it.
import { describe, expect, it } from "vitest";
import { faultTolerance, hasQuorum, majority, sideWithQuorum } from "@exercise/00-workbook/quorum";

const five = ["a", "b", "c", "d", "e"];

describe("majority and fault tolerance", () => {
  const sizes = [
    { n: 1, votes: 1, tolerates: 0, why: "a single member is its own majority and tolerates no failure" },
    { n: 2, votes: 2, tolerates: 0, why: "two members need both votes: the second member adds a way to fail, not tolerance" },
    { n: 3, votes: 2, tolerates: 1, why: "three members need two votes and survive one failure" },
    { n: 4, votes: 3, tolerates: 1, why: "four members need three votes and still survive only one failure" },
    { n: 5, votes: 3, tolerates: 2, why: "five members need three votes and survive two failures" },
    { n: 7, votes: 4, tolerates: 3, why: "seven members need four votes and survive three failures" },
  ];
  for (const { n, votes, tolerates, why } of sizes) {
    it(why, { meta: { weight: 0.5 } }, () => {
      expect(majority(n), `Raft §5.2: a majority of ${n} members is the smallest whole number above ${n}/2`).toBe(votes);
      expect(
        faultTolerance(n),
        `etcd FAQ: a cluster of ${n} survives as many failures as leave a majority (${votes}) standing`,
      ).toBe(tolerates);
    });
  }

  it("rejects a cluster size that is not a positive whole number", () => {
    for (const n of [0, -3, 2.5, Number.NaN]) {
      expect(
        () => majority(n),
        `a cluster of ${n} members cannot exist: majority(${n}) must throw a RangeError, not return a number`,
      ).toThrow(RangeError);
    }
  });

  it("growing from an odd to an even size raises the votes needed but not the failures survived", () => {
    for (const n of [1, 3, 5, 7]) {
      expect(majority(n + 1), `etcd FAQ: going from ${n} to ${n + 1} members needs one more vote`).toBe(majority(n) + 1);
      expect(
        faultTolerance(n + 1),
        `etcd FAQ, "Why an odd number of cluster members?": ${n + 1} members survive no more failures than ${n}`,
      ).toBe(faultTolerance(n));
    }
  });
});

describe("which side of a partition can elect a leader", () => {
  const partitions = [
    { why: "a 3|2 split of five members: only the side with three can elect", members: five, groups: [["a", "b", "c"], ["d", "e"]], winner: 0 },
    { why: "a 1|4 split of five members: the side with four can elect, the lone member cannot", members: five, groups: [["a"], ["b", "c", "d", "e"]], winner: 1 },
    { why: "a 2|2|1 split of five members: no side holds a majority, so nobody can elect", members: five, groups: [["a", "b"], ["c", "d"], ["e"]], winner: undefined },
    { why: "a 2|2 split of four members: neither half is a majority, which is why a fourth member buys nothing", members: ["a", "b", "c", "d"], groups: [["a", "b"], ["c", "d"]], winner: undefined },
    { why: "crashed members still count: a 2|1 split of the three live members of five elects nobody", members: five, groups: [["a", "b"], ["c"]], winner: undefined },
    { why: "a name that is not a voting member does not vote", members: five, groups: [["a", "b", "learner-1"], ["c", "d", "e"]], winner: 1 },
    { why: "a member listed twice votes once", members: five, groups: [["a", "a", "b"], ["c", "d", "e"]], winner: 1 },
  ];
  for (const { why, members, groups, winner } of partitions) {
    it(why, { meta: { weight: 0.5 } }, () => {
      expect(
        hasQuorum(members, members),
        `Raft §5.2: with no partition, all ${members.length} members together are a majority of themselves`,
      ).toBe(true);
      groups.forEach((side, i) => {
        const held = new Set(side.filter((m) => members.includes(m))).size;
        const can = i === winner;
        expect(
          hasQuorum(members, side),
          can
            ? `Raft §5.2: [${side.join(", ")}] holds ${held} of ${members.length} members, a majority: it can elect a leader`
            : `Raft §5.2: [${side.join(", ")}] holds ${held} of ${members.length} members, not a majority of ALL members: it must not elect a leader`,
        ).toBe(can);
      });
      const expected = winner === undefined ? undefined : groups[winner];
      expect(
        sideWithQuorum(members, groups),
        expected === undefined
          ? "Raft §5.4: no side holds a majority, so sideWithQuorum must return undefined"
          : `Raft §5.4: exactly one side can hold a majority, here [${expected.join(", ")}]`,
      ).toEqual(expected);
    });
  }
});

describe("scenario: a five-member etcd cluster across availability zones", () => {
  it("spread 2+2+1 over three zones it survives losing any zone; spread 3+2 over two zones it does not", { meta: { weight: 1.5 } }, () => {
    const threeZones = [["a", "b"], ["c", "d"], ["e"]];
    threeZones.forEach((lost, i) => {
      const survivors = threeZones.filter((_, j) => j !== i).flat();
      expect(
        hasQuorum(five, survivors),
        `etcd: losing zone [${lost.join(", ")}] leaves ${survivors.length} of 5 members, still a majority`,
      ).toBe(true);
    });
    const [big, small] = [["a", "b", "c"], ["d", "e"]];
    expect(hasQuorum(five, big), "etcd: losing the two-member zone leaves 3 of 5, still a majority").toBe(true);
    expect(hasQuorum(five, small), "etcd: losing the three-member zone leaves 2 of 5: no leader, no writes").toBe(false);
  });
});
