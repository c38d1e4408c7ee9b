// Hidden tests for the exercise "quorum": instructor-only, they count in batch grading
// (`npm run grade -- --submissions ...`) and are not in the learner edition. They check the same
// rules as the public tests on inputs the public tests do not show, so an implementation that
// only memorised the public cases loses these points. Weights add up to 4 of the 10 points
// together with the public tests' 10 (the exercise's points are split across all of them).
import { describe, expect, it } from "vitest";
import { faultTolerance, hasQuorum, majority, sideWithQuorum } from "@exercise/00-workbook/quorum";

describe("hidden: majority on sizes the public tests do not show", () => {
  it("computes floor(n/2)+1 and n minus it for large and even clusters", { meta: { weight: 1 } }, () => {
    for (const [n, votes] of [[6, 4], [9, 5], [10, 6], [100, 51], [101, 51]] as const) {
      expect(majority(n), `Raft §5.2: a majority of ${n} is ${votes}`).toBe(votes);
      expect(faultTolerance(n), `etcd FAQ: ${n} members survive ${n - votes} failures`).toBe(n - votes);
    }
  });

  it("rejects infinite and fractional sizes", { meta: { weight: 0.5 } }, () => {
    for (const n of [Number.POSITIVE_INFINITY, 1e-9, -1]) {
      expect(() => majority(n), `majority(${n}) must throw a RangeError`).toThrow(RangeError);
    }
    expect(majority(3), "and still answers for a valid size").toBe(2);
  });
});

describe("hidden: sides of a partition", () => {
  const seven = ["a", "b", "c", "d", "e", "f", "g"];

  it("a side made only of duplicates and strangers holds no quorum; four distinct members of seven do", { meta: { weight: 1 } }, () => {
    expect(hasQuorum(seven, ["a", "a", "a", "a", "x", "y", "z"]), "one distinct member of seven, however often listed, is not a majority").toBe(false);
    expect(hasQuorum(seven, ["g", "f", "e", "d"]), "four distinct members of seven are a majority").toBe(true);
    expect(hasQuorum(seven, []), "an empty side holds nothing").toBe(false);
  });

  it("returns the very group object that holds a quorum, wherever it is in the list", { meta: { weight: 1 } }, () => {
    const groups = [["a"], ["b", "c"], ["d", "e", "f", "g"]];
    expect(sideWithQuorum(seven, groups), "Raft §5.4: the third group holds four of seven").toBe(groups[2]);
    expect(sideWithQuorum(seven, []), "no groups at all: nobody can elect").toBeUndefined();
    expect(sideWithQuorum(["solo"], [["solo"]]), "a one-member cluster is its own majority").toEqual(["solo"]);
  });
});
