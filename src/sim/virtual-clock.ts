// A clock whose time moves only when the simulation says so.
//
// Pending timers sit in a priority queue ordered by (due time, creation order). Advancing the
// clock pops them one at a time, sets `now` to each one's due time, and runs its callback, which
// may set more timers; those run too if they fall inside the window. Two timers due at the same
// millisecond fire in the order they were set, so a run depends only on what the code did, never
// on a hash order or a race: that is what makes a seed replay byte for byte.
//
// What it does not do: callbacks run synchronously, one at a time; there are no threads to
// interleave. Concurrency in this course is the interleaving of timer callbacks and message
// deliveries, which the seed fully determines.
import { checkDelay, type Clock, type TimerId } from "./clock";
import { MinHeap } from "./heap";

export interface Timer {
  id: TimerId;
  due: number;
  seq: number;
  label: string;
  callback: () => void;
}

/** A simulation that would never end, for example timers that always re-arm themselves. */
export class RunawaySimulationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RunawaySimulationError";
  }
}

export class VirtualClock implements Clock {
  private current: number;
  private seq = 0;
  private readonly queue = new MinHeap<Timer>((a, b) => a.due - b.due || a.seq - b.seq);
  private readonly live = new Map<TimerId, Timer>();
  /** How many timer callbacks have run: a cheap progress measure for tests and benchmarks. */
  fired = 0;

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimer(delayMs: number, callback: () => void, label = "timer"): TimerId {
    checkDelay(delayMs, label);
    const id = ++this.seq;
    const timer: Timer = { id, due: this.current + delayMs, seq: id, label, callback };
    this.queue.push(timer);
    this.live.set(id, timer);
    return id;
  }

  clearTimer(id: TimerId): void {
    // The heap entry stays; it is skipped when it reaches the top (lazy deletion).
    this.live.delete(id);
  }

  /** Number of timers that have not fired or been cancelled. */
  pendingTimers(): number {
    return this.live.size;
  }

  /** Due time of the next live timer, or undefined when nothing is pending. */
  nextDue(): number | undefined {
    return this.peekLive()?.due;
  }

  //> virtual-clock-advance
  /** Moves time forward by `ms`, firing every timer that falls due, in (due, creation) order. */
  advance(ms: number): void {
    checkDelay(ms, "advance");
    const end = this.current + ms;
    for (let next = this.peekLive(); next && next.due <= end; next = this.peekLive()) {
      this.queue.pop();
      this.live.delete(next.id);
      this.current = next.due; // time jumps straight to the next event: nothing happens in between
      this.fired++;
      next.callback();
    }
    this.current = end;
  }
  //< virtual-clock-advance

  /** Alias of `advance`, reads better in scenarios: `clock.runFor(10_000)`. */
  runFor(ms: number): void {
    this.advance(ms);
  }

  /**
   * Fires timers one at a time until `predicate()` holds. Returns true if it did, false if no
   * timer was left or `limitMs` of virtual time passed first (time then stands at the limit).
   */
  runUntil(predicate: () => boolean, options: { limitMs?: number } = {}): boolean {
    const deadline = this.current + (options.limitMs ?? 60 * 60 * 1000);
    while (!predicate()) {
      const next = this.peekLive();
      if (!next || next.due > deadline) {
        if (next) this.current = deadline;
        return false;
      }
      this.advance(next.due - this.current);
    }
    return true;
  }

  /**
   * Fires every pending timer, including ones set while running, until none is left.
   * Throws RunawaySimulationError after `maxTimers` callbacks: a periodic timer never drains.
   */
  runAll(maxTimers = 1_000_000): void {
    const start = this.fired;
    for (let next = this.peekLive(); next; next = this.peekLive()) {
      if (this.fired - start >= maxTimers) {
        throw new RunawaySimulationError(
          `runAll: still busy after ${maxTimers} timers at t=${this.current}ms (next: "${next.label}"); ` +
            `use advance(ms) or runUntil(predicate) for simulations with periodic timers`,
        );
      }
      this.advance(next.due - this.current);
    }
  }

  private peekLive(): Timer | undefined {
    let top = this.queue.peek();
    while (top && !this.live.has(top.id)) {
      this.queue.pop();
      top = this.queue.peek();
    }
    return top;
  }
}
