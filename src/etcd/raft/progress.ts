// Progress: what a leader knows about one follower's log, and how it sends to it (flow control).
// Mirrors etcd-io/raft's tracker/progress.go and tracker/inflights.go.
//
// Raft Figure 2 keeps two numbers per follower on the leader: matchIndex (highest entry known to
// be replicated there) and nextIndex (the next entry to send). etcd adds a small state machine
// around them so that a leader does not flood a follower it knows nothing about:
//
//   StateProbe      we don't know where the follower's log ends. Send one MsgApp and wait for
//                   its answer (or a heartbeat response) before sending another. A rejection
//                   moves `next` back (by a whole term at a time, see findConflictByTerm).
//   StateReplicate  the follower accepted an append: stream entries optimistically, advancing
//                   `next` as soon as they are sent, up to maxInflightMsgs unacknowledged messages.
//   StateSnapshot   the follower needs entries we have compacted: a snapshot is on its way;
//                   send nothing else until it is acknowledged or reported failed.
import { panic } from "./errors";

export type ProgressStateType = "StateProbe" | "StateReplicate" | "StateSnapshot";

/**
 * The last index of each MsgApp sent to a follower and not yet acknowledged, oldest first.
 * SIMPLIFICATION: etcd uses a ring buffer and also limits in-flight bytes; an array and a
 * message count show the idea.
 */
export class Inflights {
  private readonly buffer: number[] = [];

  constructor(readonly size: number) {}

  add(index: number): void {
    if (this.full()) panic("cannot add into a Full inflights");
    this.buffer.push(index);
  }

  /** Frees every in-flight message whose last index is <= `to` (they were acknowledged). */
  freeLE(to: number): void {
    let i = 0;
    while (i < this.buffer.length && this.buffer[i]! <= to) i++;
    this.buffer.splice(0, i);
  }

  freeFirstOne(): void {
    this.buffer.shift();
  }

  full(): boolean {
    return this.buffer.length >= this.size;
  }

  count(): number {
    return this.buffer.length;
  }

  reset(): void {
    this.buffer.length = 0;
  }
}

//> raft-progress
export class Progress {
  /** matchIndex (Raft Figure 2): highest index known to match the leader's log. */
  match = 0;
  /** nextIndex (Raft Figure 2): the next index to send. Invariant: match < next. */
  next: number;
  state: ProgressStateType = "StateProbe";
  /** In StateSnapshot: the index of the snapshot sent. */
  pendingSnapshot = 0;
  /** Heard from since the last CheckQuorum. Always true for the leader itself. */
  recentActive = false;
  /** In StateProbe: a MsgApp is outstanding; wait for a reply or a heartbeat response. */
  msgAppFlowPaused = false;
  readonly inflights: Inflights;

  constructor(next: number, maxInflight: number) {
    this.next = next;
    this.inflights = new Inflights(maxInflight);
  }
  //< raft-progress

  private resetState(state: ProgressStateType): void {
    this.msgAppFlowPaused = false;
    this.pendingSnapshot = 0;
    this.state = state;
    this.inflights.reset();
  }

  /** Back to probing, from match+1 (or from just after a snapshot that was delivered). */
  becomeProbe(): void {
    if (this.state === "StateSnapshot") {
      const pendingSnapshot = this.pendingSnapshot;
      this.resetState("StateProbe");
      this.next = Math.max(this.match + 1, pendingSnapshot + 1);
    } else {
      this.resetState("StateProbe");
      this.next = this.match + 1;
    }
  }

  becomeReplicate(): void {
    this.resetState("StateReplicate");
    this.next = this.match + 1;
  }

  becomeSnapshot(snapshotIndex: number): void {
    this.resetState("StateSnapshot");
    this.pendingSnapshot = snapshotIndex;
  }

  /** A MsgApp with `entries` entries, the last at `lastIndex`, was sent. */
  sentEntries(entries: number, lastIndex: number): void {
    if (entries === 0) return;
    switch (this.state) {
      case "StateReplicate":
        // Optimistic: assume it will arrive, and send the next batch right after it.
        this.next = lastIndex + 1;
        this.inflights.add(lastIndex);
        break;
      case "StateProbe":
        this.msgAppFlowPaused = true;
        break;
      case "StateSnapshot":
        panic(`sending append in unhandled state ${this.state}`);
    }
  }

  /**
   * A MsgAppResp acknowledged index n. Returns false if it is stale (we already knew n matched).
   */
  maybeUpdate(n: number): boolean {
    let updated = false;
    if (this.match < n) {
      this.match = n;
      updated = true;
      this.msgAppFlowPaused = false;
    }
    this.next = Math.max(this.next, n + 1);
    return updated;
  }

  /**
   * A MsgApp whose prevLogIndex was `rejected` was refused; the follower suggests `matchHint`
   * as the last index that may match. Returns false if the rejection is stale (reordered or
   * duplicated messages), leaving the progress unchanged.
   */
  maybeDecrTo(rejected: number, matchHint: number): boolean {
    if (this.state === "StateReplicate") {
      // Stale if we already know the follower matches at `rejected`.
      if (rejected <= this.match) return false;
      this.next = this.match + 1;
      return true;
    }
    // In probe, only one MsgApp is outstanding: a rejection for any other index is stale.
    if (this.next - 1 !== rejected) return false;
    this.next = Math.max(Math.min(rejected, matchHint + 1), this.match + 1);
    this.msgAppFlowPaused = false;
    return true;
  }

  /** Whether the leader must hold off sending MsgApps to this follower. */
  isPaused(): boolean {
    switch (this.state) {
      case "StateProbe":
        return this.msgAppFlowPaused;
      case "StateReplicate":
        return this.inflights.full();
      case "StateSnapshot":
        return true;
    }
  }

  toString(): string {
    let s = `${this.state} match=${this.match} next=${this.next}`;
    if (this.isPaused()) s += " paused";
    if (this.pendingSnapshot > 0) s += ` pendingSnap=${this.pendingSnapshot}`;
    if (!this.recentActive) s += " inactive";
    const n = this.inflights.count();
    if (n > 0) s += ` inflight=${n}${this.inflights.full() ? "[full]" : ""}`;
    return s;
  }
}
