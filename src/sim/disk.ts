// A simulated disk with the one property consensus depends on: a write is durable only after an
// fsync has completed, and a crash loses everything that was not.
//
// Files hold text (etcd's WAL and snapshots here are JSON lines). A write changes the *page
// cache* at once: reads see it. `fsync()` takes the cache's contents at the time of the call and
// makes them durable when it completes, after a latency drawn from the disk's distribution (real
// SSDs: tens of microseconds to tens of milliseconds; etcd warns when its WAL fsync p99 passes
// 10 ms). `crash()` throws the cache away and cancels fsyncs in progress: what survives is the
// last completed fsync.
//
// SIMPLIFICATION: a real disk may persist part of an unsynced write, or reorder writes across an
// fsync barrier on a misconfigured controller; here unsynced data is lost whole, which is the
// case Raft's "persist before you reply" rule is about.
import type { Clock, TimerId } from "./clock";
import { sampleLatency, type Latency } from "./latency";
import type { Rng } from "./rng";
import type { Trace } from "./trace";

export interface DiskOptions {
  clock: Clock;
  /** The disk's own random stream; pass `rng.fork("disk/<name>")`. */
  rng: Rng;
  /** How long an fsync takes. Default: fixed 1 ms. */
  fsyncLatency?: Latency;
  /** Names the disk's lane in the trace. */
  name?: string;
  trace?: Trace;
}

export class Disk {
  private readonly clock: Clock;
  private readonly rng: Rng;
  private readonly trace: Trace | undefined;
  readonly name: string;
  fsyncLatency: Latency;
  /** What reads see: durable data plus writes not yet synced. */
  private cache = new Map<string, string>();
  /** What survives a crash. */
  private durable = new Map<string, string>();
  private readonly inFlight = new Set<TimerId>();
  /** Numbers fsyncs in call order; durability never goes back to an earlier one's contents. */
  private fsyncSeq = 0;
  private durableSeq = 0;
  /** Every completed fsync's duration in ms, for metrics such as etcd's wal_fsync_duration_seconds. */
  readonly fsyncDurations: number[] = [];
  readonly stats = { writes: 0, bytesWritten: 0, fsyncs: 0, crashes: 0 };

  constructor(options: DiskOptions) {
    this.clock = options.clock;
    this.rng = options.rng;
    this.trace = options.trace;
    this.name = options.name ?? "disk";
    this.fsyncLatency = options.fsyncLatency ?? { kind: "fixed", ms: 1 };
  }

  /** Replaces a file's contents (in the cache). */
  writeFile(file: string, data: string): void {
    this.stats.writes++;
    this.stats.bytesWritten += data.length;
    this.cache.set(file, data);
  }

  /** Appends to a file (in the cache), creating it if needed. */
  append(file: string, data: string): void {
    this.stats.writes++;
    this.stats.bytesWritten += data.length;
    this.cache.set(file, (this.cache.get(file) ?? "") + data);
  }

  /** Removes a file (in the cache). */
  remove(file: string): void {
    this.cache.delete(file);
  }

  read(file: string): string | undefined {
    return this.cache.get(file);
  }

  files(): string[] {
    return [...this.cache.keys()].sort();
  }

  /** True when every write so far is durable. */
  isSynced(): boolean {
    return sameContents(this.cache, this.durable);
  }

  //> disk-fsync
  /**
   * Makes everything written so far durable, `fsyncLatency` from now, then calls `onDone`.
   * Writes made after this call are not covered: they need another fsync.
   */
  fsync(onDone?: () => void): void {
    const snapshot = new Map(this.cache);
    const seq = ++this.fsyncSeq;
    const started = this.clock.now();
    const id = this.clock.setTimer(
      sampleLatency(this.fsyncLatency, this.rng),
      () => {
        this.inFlight.delete(id);
        // A later fsync that finished first already made these writes (and more) durable.
        if (seq > this.durableSeq) {
          this.durable = snapshot;
          this.durableSeq = seq;
        }
        this.stats.fsyncs++;
        this.fsyncDurations.push(this.clock.now() - started);
        onDone?.();
      },
      `fsync ${this.name}`,
    );
    this.inFlight.add(id);
  }

  /** The machine loses power: unsynced writes and fsyncs in progress are gone. */
  crash(): void {
    for (const id of this.inFlight) this.clock.clearTimer(id);
    this.inFlight.clear();
    this.cache = new Map(this.durable);
    this.stats.crashes++;
    this.trace?.note(this.name, "crash: unsynced writes lost");
  }
  //< disk-fsync

  /** An fsync that completes at once, for setting up a scenario. */
  fsyncNow(): void {
    this.durable = new Map(this.cache);
    this.durableSeq = ++this.fsyncSeq;
    this.stats.fsyncs++;
  }
}

function sameContents(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
