// One watch as its consumer sees it: a queue of events plus an optional push callback. Both the
// direct store watch (etcd-watcher.ts) and the watch cache (cacher.ts) hand these out.
import type { ApiStatus, StatusError } from "../../api/status";
import type { Watch, WatchEvent } from "./interfaces";

export class WatchQueue implements Watch {
  private queue: WatchEvent[] = [];
  private readonly onStop: Array<() => void> = [];
  stopped = false;

  constructor(private readonly onEvent?: (event: WatchEvent) => void) {}

  /** A watch that holds one ERROR event and is already over (upstream's newErrWatcher). */
  static failed(err: StatusError, onEvent?: (event: WatchEvent) => void): WatchQueue {
    const q = new WatchQueue(onEvent);
    q.fail(err.status);
    return q;
  }

  take(): WatchEvent[] {
    const out = this.queue;
    this.queue = [];
    return out;
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const f of this.onStop.splice(0)) f();
  }

  /** @internal runs `f` when the watch stops, whoever stops it. */
  whenStopped(f: () => void): void {
    if (this.stopped) f();
    else this.onStop.push(f);
  }

  /** @internal */
  push(event: WatchEvent): void {
    if (this.stopped) return;
    this.queue.push(event);
    this.onEvent?.(event);
  }

  /** @internal an ERROR event ends the watch: it is the last thing the consumer receives. */
  fail(status: ApiStatus): void {
    this.push({ type: "ERROR", object: status });
    this.stop();
  }
}
