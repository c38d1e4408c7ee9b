import { describe, expect, it } from "vitest";
import { InvalidDelayError } from "./clock";
import { RunawaySimulationError, VirtualClock } from "./virtual-clock";

describe("VirtualClock", () => {
  it("stands still until advanced", () => {
    const clock = new VirtualClock();
    expect(clock.now()).toBe(0);
    clock.advance(250);
    expect(clock.now()).toBe(250);
  });

  it("fires a timer exactly at its due time, not before", () => {
    const clock = new VirtualClock();
    const firedAt: number[] = [];
    clock.setTimer(100, () => firedAt.push(clock.now()));
    clock.advance(99);
    expect(firedAt).toEqual([]);
    clock.advance(1);
    expect(firedAt).toEqual([100]);
  });

  it("fires timers due at the same time in the order they were set", () => {
    const clock = new VirtualClock();
    const order: string[] = [];
    for (const name of ["c", "a", "b"]) clock.setTimer(10, () => order.push(name));
    clock.setTimer(5, () => order.push("early"));
    clock.advance(10);
    expect(order).toEqual(["early", "c", "a", "b"]);
  });

  it("runs timers set by callbacks when they fall inside the window", () => {
    const clock = new VirtualClock();
    const ticks: number[] = [];
    const tick = (): void => {
      ticks.push(clock.now());
      clock.setTimer(30, tick);
    };
    clock.setTimer(30, tick);
    clock.advance(100);
    expect(ticks).toEqual([30, 60, 90]);
    expect(clock.now()).toBe(100);
  });

  it("does not fire a cancelled timer", () => {
    const clock = new VirtualClock();
    let fired = false;
    const id = clock.setTimer(10, () => (fired = true));
    clock.clearTimer(id);
    clock.advance(20);
    expect(fired).toBe(false);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("runUntil stops as soon as the predicate holds and reports success", () => {
    const clock = new VirtualClock();
    let count = 0;
    for (let i = 1; i <= 10; i++) clock.setTimer(i * 10, () => count++);
    expect(clock.runUntil(() => count === 3)).toBe(true);
    expect(clock.now()).toBe(30);
  });

  it("runUntil gives up at its limit with time standing at the limit", () => {
    const clock = new VirtualClock();
    clock.setTimer(5_000, () => undefined);
    expect(clock.runUntil(() => false, { limitMs: 1_000 })).toBe(false);
    expect(clock.now()).toBe(1_000);
  });

  it("runAll drains every timer, and refuses to spin forever on a periodic one", () => {
    const clock = new VirtualClock();
    let fired = 0;
    clock.setTimer(1, () => clock.setTimer(1, () => fired++));
    clock.runAll();
    expect(fired).toBe(1);

    const forever = (): void => void clock.setTimer(1, forever, "heartbeat");
    forever();
    expect(() => clock.runAll(100)).toThrow(RunawaySimulationError);
    expect(() => clock.runAll(100)).toThrow(/next: "heartbeat"/);
  });

  it("rejects negative and non-finite delays with a message naming the timer", () => {
    const clock = new VirtualClock();
    expect(() => clock.setTimer(-1, () => undefined, "election")).toThrow(InvalidDelayError);
    expect(() => clock.setTimer(Number.NaN, () => undefined, "election")).toThrow(/timer "election": delay must be/);
    expect(() => clock.advance(Number.POSITIVE_INFINITY)).toThrow(InvalidDelayError);
  });

  it("reports the next due time of live timers only", () => {
    const clock = new VirtualClock();
    const a = clock.setTimer(10, () => undefined);
    clock.setTimer(20, () => undefined);
    clock.clearTimer(a);
    expect(clock.nextDue()).toBe(20);
  });
});
