// Driving asynchronous code on a VirtualClock: let every pending promise settle, then fire the
// next timer, until the work is done. A retry loop that sleeps 10 ms four times then runs in
// microseconds, at exact virtual times, and a loop that would sleep forever is reported.
//
// This file is not an exercise; you do not need to change it.
import { VirtualClock } from "../../../src/sim/virtual-clock";

export { VirtualClock };

/** Lets every queued promise callback run (the microtask queue drains before a macrotask). */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs `work` to the end on `clock`, firing timers one at a time whenever nothing else can
 * happen. Throws if the work is stuck (nothing pending on the clock) or needs more than
 * `maxTimers` timers.
 */
export async function runOnVirtualTime<T>(clock: VirtualClock, work: Promise<T>, maxTimers = 10_000): Promise<T> {
  let done = false;
  work.then(() => { done = true; }, () => { done = true; });
  for (let fired = 0; ; fired++) {
    await settle();
    if (done) return work;
    const due = clock.nextDue();
    if (due === undefined) throw new Error(`runOnVirtualTime: the work is not finished at t=${clock.now()} ms and waits for nothing on the clock (a promise that never settles?)`);
    if (fired >= maxTimers) throw new Error(`runOnVirtualTime: still running after ${maxTimers} timers at t=${clock.now()} ms (an endless retry loop?)`);
    clock.advance(due - clock.now());
  }
}
