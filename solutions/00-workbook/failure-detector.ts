// A heartbeat failure detector: every peer sends "I am alive" at a regular interval, and a peer
// that stays silent for longer than a timeout is *suspected* to have failed.
//
// The control plane is full of these. The node lifecycle controller marks a Node "Unknown" when
// its kubelet has not renewed its Lease for --node-monitor-grace-period; a Raft follower starts an
// election when it has not heard from a leader for an election timeout (Raft §5.2); a client-go
// leader elector treats a Lease as expired when it has not been renewed for leaseDuration.
//
// What it does not guarantee: suspicion is a guess, not knowledge. A slow or partitioned peer is
// suspected exactly like a crashed one, and a timeout shorter than the heartbeat interval plus the
// network delay suspects healthy peers (Chandra and Toueg, 1996: such a detector is not perfect,
// only eventually accurate once the timeout is long enough). Nothing here stops a suspected peer
// from acting; that needs fencing, which chapter 07 discusses.
//
// Time comes from the injected Clock: on a VirtualClock every suspicion happens at an exact,
// replayable millisecond, which is what the tests check.
import type { Clock, TimerId } from "../../src/sim";

export interface FailureDetectorOptions {
  clock: Clock;
  /** How long a peer may stay silent before it is suspected, in ms. Must be > 0. */
  timeoutMs: number;
  /** Peers to watch from the start; each counts as heard from at construction time. */
  peers?: readonly string[];
}

/** A change of opinion about a peer, reported at the virtual time it happened. */
export interface SuspicionChange {
  peer: string;
  suspected: boolean;
  /** clock.now() when the change happened. */
  at: number;
}

export class HeartbeatFailureDetector {
  private readonly clock: Clock;
  private readonly timeoutMs: number;
  // SOLUTION BEGIN
  // TODO(failure-detector): the state you need. For each peer: is it suspected, and which timer
  // will suspect it if no heartbeat arrives first? Plus the listeners passed to onChange().
  private readonly timers = new Map<string, TimerId>();
  private readonly suspected = new Set<string>();
  private readonly listeners: ((change: SuspicionChange) => void)[] = [];
  // SOLUTION END

  constructor(options: FailureDetectorOptions) {
    this.clock = options.clock;
    this.timeoutMs = options.timeoutMs;
    // SOLUTION BEGIN
    // TODO(failure-detector): reject a timeout that is not a positive, finite number of ms with a
    // RangeError, then start watching options.peers as if each had just sent a heartbeat.
    if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0) {
      throw new RangeError(`timeoutMs must be a positive number of milliseconds, got ${options.timeoutMs}`);
    }
    for (const peer of options.peers ?? []) this.restartTimer(peer);
    // SOLUTION END
  }

  /**
   * Records a heartbeat from `peer`, received now. A suspected peer is trusted again at once; a
   * peer heard from for the first time is watched from now on.
   */
  heartbeat(peer: string): void {
    // SOLUTION BEGIN
    // TODO(failure-detector): (re)arm the peer's timer with this.clock.setTimer so that it fires
    // timeoutMs from now, and trust a suspected peer again (telling the listeners). Read:
    // chapters/00-workbook.md, "Virtual time"; Raft §5.2 (the election timeout is reset by every
    // heartbeat).
    this.restartTimer(peer);
    if (this.suspected.delete(peer)) this.emit({ peer, suspected: false, at: this.clock.now() });
    // SOLUTION END
  }

  /** True when `peer` has been silent for timeoutMs or longer. Unknown peers are not suspected. */
  isSuspected(peer: string): boolean {
    // SOLUTION BEGIN
    // TODO(failure-detector): a peer becomes suspected at exactly lastHeard + timeoutMs.
    // STUB: return false;
    return this.suspected.has(peer);
    // SOLUTION END
  }

  /** The peers suspected now, in name order. */
  suspects(): string[] {
    // SOLUTION BEGIN
    // TODO(failure-detector): every suspected peer, sorted by name.
    // STUB: return [];
    return [...this.suspected].sort();
    // SOLUTION END
  }

  /**
   * Calls `listener` at the virtual time each peer becomes suspected or is trusted again, once per
   * change: a heartbeat from a peer that is not suspected reports nothing.
   */
  onChange(listener: (change: SuspicionChange) => void): void {
    // SOLUTION BEGIN
    // TODO(failure-detector): remember the listener; call it on every change of opinion.
    this.listeners.push(listener);
    // SOLUTION END
  }

  // SOLUTION BEGIN
  // TODO(failure-detector): private helpers of your own go here, if you want them.
  private restartTimer(peer: string): void {
    const pending = this.timers.get(peer);
    if (pending !== undefined) this.clock.clearTimer(pending);
    const id = this.clock.setTimer(this.timeoutMs, () => this.suspect(peer), `suspect ${peer}`);
    this.timers.set(peer, id);
  }

  private suspect(peer: string): void {
    this.timers.delete(peer);
    this.suspected.add(peer);
    this.emit({ peer, suspected: true, at: this.clock.now() });
  }

  private emit(change: SuspicionChange): void {
    for (const listener of this.listeners) listener(change);
  }
  // SOLUTION END
}
