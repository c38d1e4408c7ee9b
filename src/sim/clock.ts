// The one way code in this course learns what time it is, and the one way it waits.
//
// Every component (a Raft node, the scheduler queue, a lease holder) takes a `Clock` instead of
// calling `Date.now()` or `setTimeout`. In tests, notebooks and the browser playgrounds the clock
// is a `VirtualClock`: time stands still until the simulation advances it, so ten minutes of
// cluster life run in milliseconds and every run replays exactly. `npm run cluster` passes a
// `RealClock` instead, and the same code runs against the wall clock.

/** Identifies a pending timer so that it can be cancelled. */
export type TimerId = number;

//> clock-interface
export interface Clock {
  /** Milliseconds. For a VirtualClock, since the start of the simulation. */
  now(): number;
  /** Calls `callback` once, `delayMs` from now. `label` names the timer in traces. */
  setTimer(delayMs: number, callback: () => void, label?: string): TimerId;
  /** Cancels a pending timer. Cancelling a timer that already fired does nothing. */
  clearTimer(id: TimerId): void;
}
//< clock-interface

/** Thrown when a delay is negative, NaN or infinite: a bug in the caller, never "fire now". */
export class InvalidDelayError extends Error {
  constructor(delayMs: number, label?: string) {
    super(`timer${label ? ` "${label}"` : ""}: delay must be a finite number of milliseconds >= 0, got ${delayMs}`);
    this.name = "InvalidDelayError";
  }
}

export function checkDelay(delayMs: number, label?: string): void {
  if (!Number.isFinite(delayMs) || delayMs < 0) throw new InvalidDelayError(delayMs, label);
}
