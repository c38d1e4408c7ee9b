// Auto-compaction: etcd's --auto-compaction-mode and --auto-compaction-retention.
//
// Without compaction the history grows forever. The kube-apiserver compacts on its own (every
// 5 minutes, --etcd-compaction-interval), and etcd can do it by itself in one of two modes
// (server/etcdserver/api/v3compactor/):
//
// periodic (periodic.go), retention = a duration, e.g. "1h" (a bare number means hours):
//   every retention/10 (capped at 6 minutes when the retention is over an hour) it samples the
//   current revision into a sliding window of retention/interval + 1 samples, so the oldest
//   sample is the revision of about one retention ago. Once a full retention has passed since
//   it started (or since its last success) it compacts to that oldest sample. After the first
//   compaction it waits min(retention, 1 h) between compactions: a 10 h retention still
//   compacts every hour, each time keeping the last 10 h.
//
// revision (revision.go), retention = a number of revisions, e.g. 1000: every 5 minutes it
//   compacts to current revision - retention, unless that is <= 0 or the same as last time.
//
// Both treat "required revision has been compacted" as success (someone else got there first)
// and retry other errors at the next tick. In a cluster only the leader's compactor runs, and
// its compaction is a command proposed through Raft; the `compact` function given here is that
// proposal (or, for a single store, `rev => store.compact(rev)`).
import type { Clock, TimerId } from "../../sim/clock";
import { CompactedError } from "./errors";

export type AutoCompactionMode = "periodic" | "revision";

export interface AutoCompactorOptions {
  clock: Clock;
  mode: AutoCompactionMode;
  /** periodic: milliseconds of history to keep; revision: number of revisions to keep. */
  retention: number;
  /** The store's current revision (v3compactor `RevGetter`). */
  rev: () => number;
  /** Compacts at a revision; throws on failure (v3compactor `Compactable`). */
  compact: (revision: number) => void;
}

/** One attempt, for timelines in the notebook. */
export interface CompactionAttempt {
  at: number;
  revision: number;
  outcome: "compacted" | "already-compacted" | "failed";
  error?: string;
}

const HOUR = 60 * 60 * 1000;
/** revision.go `revInterval`. */
export const REVISION_MODE_INTERVAL_MS = 5 * 60 * 1000;

export class AutoCompactor {
  readonly attempts: CompactionAttempt[] = [];
  private timer: TimerId | undefined;
  private paused = false;
  // periodic mode
  private revs: number[] = [];
  private lastSuccess = 0;
  private baseInterval = 0;
  // revision mode
  private prev = 0;

  constructor(private readonly o: AutoCompactorOptions) {
    if (!(o.retention > 0)) throw new Error(`auto-compaction retention must be > 0, got ${o.retention}`);
  }

  /** periodic.go getCompactInterval: the retention, at most one hour. */
  get compactInterval(): number {
    return Math.min(this.o.retention, HOUR);
  }

  /** periodic.go getRetryInterval: a tenth of the compact interval. */
  get retryInterval(): number {
    return this.compactInterval / 10;
  }

  /** periodic.go getRetentions: samples in the window. */
  get retentions(): number {
    return Math.floor(this.o.retention / this.retryInterval) + 1;
  }

  run(): void {
    if (this.o.mode === "periodic") {
      this.lastSuccess = this.o.clock.now();
      this.baseInterval = this.o.retention;
      this.samplePeriodic();
    } else {
      this.timer = this.o.clock.setTimer(REVISION_MODE_INTERVAL_MS, () => this.tickRevision(), "auto-compaction");
    }
  }

  stop(): void {
    if (this.timer !== undefined) this.o.clock.clearTimer(this.timer);
    this.timer = undefined;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  //> mvcc-periodic-compactor
  private samplePeriodic(): void {
    this.revs.push(this.o.rev());
    if (this.revs.length > this.retentions) this.revs = this.revs.slice(1); // revs[0]: a retention ago
    this.timer = this.o.clock.setTimer(this.retryInterval, () => this.tickPeriodic(), "auto-compaction");
  }

  private tickPeriodic(): void {
    const now = this.o.clock.now();
    if (!this.paused && now - this.lastSuccess >= this.baseInterval) {
      this.baseInterval = this.compactInterval; // after the first wait of a full retention
      if (this.attempt(this.revs[0]!)) this.lastSuccess = now;
    }
    this.samplePeriodic();
  }
  //< mvcc-periodic-compactor

  //> mvcc-revision-compactor
  private tickRevision(): void {
    const rev = this.o.rev() - this.o.retention;
    if (!this.paused && rev > 0 && rev !== this.prev && this.attempt(rev)) this.prev = rev;
    this.timer = this.o.clock.setTimer(REVISION_MODE_INTERVAL_MS, () => this.tickRevision(), "auto-compaction");
  }
  //< mvcc-revision-compactor

  private attempt(revision: number): boolean {
    const at = this.o.clock.now();
    try {
      this.o.compact(revision);
      this.attempts.push({ at, revision, outcome: "compacted" });
      return true;
    } catch (err: unknown) {
      if (err instanceof CompactedError) {
        this.attempts.push({ at, revision, outcome: "already-compacted" });
        return true;
      }
      this.attempts.push({ at, revision, outcome: "failed", error: err instanceof Error ? err.message : String(err) });
      return false;
    }
  }
}

/**
 * Parses --auto-compaction-retention as etcd does (server/embed/etcd.go `parseCompactionRetention`):
 * in periodic mode a
 * bare integer is hours, otherwise a Go duration ("30m", "1h30m", "5s"); in revision mode an
 * integer count. Returns milliseconds or revisions. (etcd would also accept a duration in
 * revision mode and read its nanoseconds as a count; this refuses it.)
 */
export function parseRetention(mode: AutoCompactionMode, value: string): number {
  const bare = /^\d+$/.test(value) ? Number(value) : undefined;
  if (mode === "revision") {
    if (bare === undefined) throw new Error(`--auto-compaction-retention "${value}": revision mode needs an integer`);
    return bare;
  }
  if (bare !== undefined) return bare * HOUR;
  const unitMs: Record<string, number> = { h: HOUR, m: 60_000, s: 1000, ms: 1 };
  let total = 0;
  let rest = value;
  while (rest.length > 0) {
    const m = /^(\d+(?:\.\d+)?)(ms|h|m|s)/.exec(rest);
    if (!m) throw new Error(`--auto-compaction-retention "${value}": not a duration such as "1h", "30m" or "1h30m"`);
    total += Number(m[1]) * unitMs[m[2]!]!;
    rest = rest.slice(m[0].length);
  }
  return total;
}
