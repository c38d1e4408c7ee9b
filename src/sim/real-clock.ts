// The wall clock, for `npm run cluster` and anything a real client talks to.
// This file is the only place in src/ that touches real time.
import { checkDelay, type Clock, type TimerId } from "./clock";

// The timer functions exist in Node and in browsers; src/ compiles without either's type
// definitions, so name just what is used here.
type Handle = unknown;
declare function setTimeout(callback: () => void, ms: number): Handle;
declare function clearTimeout(handle: Handle): void;

export class RealClock implements Clock {
  private nextId = 0;
  private readonly handles = new Map<TimerId, Handle>();

  now(): number {
    return Date.now();
  }

  setTimer(delayMs: number, callback: () => void, label = "timer"): TimerId {
    checkDelay(delayMs, label);
    const id = ++this.nextId;
    const handle = setTimeout(() => {
      this.handles.delete(id);
      callback();
    }, delayMs);
    this.handles.set(id, handle);
    return id;
  }

  clearTimer(id: TimerId): void {
    const handle = this.handles.get(id);
    if (handle !== undefined) clearTimeout(handle);
    this.handles.delete(id);
  }

  /** Cancels every pending timer, so a process can exit cleanly. */
  stop(): void {
    for (const handle of this.handles.values()) clearTimeout(handle);
    this.handles.clear();
  }
}
