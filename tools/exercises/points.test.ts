import { describe, expect, it } from "vitest";
import { earnedPoints, formatPoints, statusOf, testPoints, type Weighted } from "./points";

const pass = (weight = 1): Weighted => ({ weight, state: "passed" });
const fail = (weight = 1): Weighted => ({ weight, state: "failed" });
const skip = (weight = 1): Weighted => ({ weight, state: "skipped" });

describe("points", () => {
  it("splits an exercise's points evenly across tests of equal weight", () => {
    expect(earnedPoints(10, [pass(), pass(), fail(), fail()])).toBe(5);
    expect(testPoints(10, [pass(), fail(), fail(), fail()], pass())).toBe(2.5);
  });

  it("splits them in proportion to the weights when tests declare them", () => {
    const tests = [pass(3), fail(1), pass(1), fail(10)];
    expect(earnedPoints(15, tests)).toBe(4);
    expect(testPoints(15, tests, tests[3]!)).toBe(10);
  });

  it("gives full points when every test passes and none when none does", () => {
    expect(earnedPoints(15, [pass(3), pass(0.5)])).toBe(15);
    expect(earnedPoints(15, [fail(3), skip(0.5)])).toBe(0);
  });

  it("gives nothing for an exercise without tests rather than dividing by zero", () => {
    expect(earnedPoints(10, [])).toBe(0);
  });

  it("calls an exercise passed, failed or partial from its tests", () => {
    expect(statusOf([pass(), pass()])).toBe("passed");
    expect(statusOf([fail(), skip()])).toBe("failed");
    expect(statusOf([])).toBe("failed");
    expect(statusOf([pass(), fail()])).toBe("partial");
  });

  it("shows points with at most two decimals and no trailing zeros", () => {
    expect(formatPoints(10)).toBe("10");
    expect(formatPoints(2.5)).toBe("2.5");
    expect(formatPoints(20 / 3)).toBe("6.67");
    expect(formatPoints(0.1 + 0.2)).toBe("0.3");
  });
});
