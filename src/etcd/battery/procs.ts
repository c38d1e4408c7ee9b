// Goroutines on virtual time. MIT's tests start client goroutines that call Start(), sleep and
// poll; here a test's concurrent activity is a generator that yields how many milliseconds it
// wants to sleep:
//
//   function* client(): Proc<number> {
//     const index = yield* h.oneProc("101", 3, true);   // "call" another process
//     yield 20;                                          // time.Sleep(20 * time.Millisecond)
//     return index;
//   }
//
// `spawn` resumes it from a timer on the simulation's clock, so it interleaves with Raft's ticks
// and messages in an order fixed by the seed. Nothing runs in parallel: a process runs until its
// next `yield`, which is exactly what makes a run replayable.
import type { Clock } from "../../sim/clock";

/** A process: yields sleeps in virtual milliseconds, returns a T. */
export type Proc<T> = Generator<number, T, void>;

export interface Task<T> {
  readonly done: boolean;
  readonly value: T | undefined;
  readonly error: unknown;
}

/** Sleeps `ms` of virtual time inside a process: `yield* sleep(50)`. */
export function* sleep(ms: number): Proc<void> {
  yield ms;
}

export class Scheduler {
  private readonly failures: unknown[] = [];
  private running = 0;

  constructor(private readonly clock: Clock) {}

  /** Starts `proc` at the current virtual time (its first step runs in a timer, not inline). */
  spawn<T>(proc: Proc<T>, label = "proc"): Task<T> {
    const task: { done: boolean; value: T | undefined; error: unknown } = { done: false, value: undefined, error: undefined };
    this.running++;
    const resume = (): void => {
      let r: IteratorResult<number, T>;
      try {
        r = proc.next();
      } catch (err) {
        task.done = true;
        task.error = err;
        this.running--;
        this.failures.push(err);
        return;
      }
      if (r.done) {
        task.done = true;
        task.value = r.value;
        this.running--;
      } else {
        this.clock.setTimer(Math.max(0, r.value), resume, label);
      }
    };
    this.clock.setTimer(0, resume, label);
    return task;
  }

  /** Number of processes that have not finished. */
  get active(): number {
    return this.running;
  }

  /** Rethrows the first error a process threw (a failed check inside a client, say). */
  rethrow(): void {
    if (this.failures.length > 0) throw this.failures[0];
  }
}
