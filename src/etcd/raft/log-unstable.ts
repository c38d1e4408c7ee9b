// The part of the log that Raft has accepted but the driver has not yet persisted: new entries
// (and possibly a snapshot from the leader) waiting for the next Ready. Mirrors etcd-io/raft's
// log_unstable.go.
//
// Invariant: entries[i] has index offset + i. If a snapshot is pending, offset = its index + 1.
// An unstable entry may override stored ones: a follower that truncates a conflicting suffix
// (Raft §5.3) holds the replacement here, and the driver's `storage.append` overwrites the old
// suffix when it persists them.
import { panic } from "./errors";
import type { Entry, Snapshot } from "./types";

export class Unstable {
  /** A snapshot received from the leader and not yet persisted. */
  snapshot: Snapshot | undefined = undefined;
  entries: Entry[] = [];
  offset: number;

  constructor(offset: number) {
    this.offset = offset;
  }

  /** The first index, if a snapshot is pending (then everything before it is gone). */
  maybeFirstIndex(): number | undefined {
    return this.snapshot ? this.snapshot.metadata.index + 1 : undefined;
  }

  maybeLastIndex(): number | undefined {
    if (this.entries.length > 0) return this.offset + this.entries.length - 1;
    return this.snapshot?.metadata.index;
  }

  maybeTerm(i: number): number | undefined {
    if (i < this.offset) {
      if (this.snapshot && this.snapshot.metadata.index === i) return this.snapshot.metadata.term;
      return undefined;
    }
    const last = this.maybeLastIndex();
    if (last === undefined || i > last) return undefined;
    return this.entries[i - this.offset]?.term;
  }

  /**
   * The driver has persisted entries up to (i, t). Drop them from here, unless the entry at i has
   * since been replaced by one of another term (then the persisted one was stale).
   */
  stableTo(i: number, t: number): void {
    const gt = this.maybeTerm(i);
    if (gt === undefined) return;
    if (gt === t && i >= this.offset) {
      this.entries = this.entries.slice(i + 1 - this.offset);
      this.offset = i + 1;
    }
  }

  stableSnapTo(i: number): void {
    if (this.snapshot && this.snapshot.metadata.index === i) this.snapshot = undefined;
  }

  restore(s: Snapshot): void {
    this.offset = s.metadata.index + 1;
    this.entries = [];
    this.snapshot = s;
  }

  truncateAndAppend(ents: Entry[]): void {
    const after = ents[0]!.index;
    if (after === this.offset + this.entries.length) {
      // The common case: ents directly follow what we hold.
      this.entries.push(...ents);
    } else if (after <= this.offset) {
      // Replace everything unstable (and, once persisted, the stored suffix from `after`).
      this.offset = after;
      this.entries = [...ents];
    } else {
      // Keep [offset, after), replace the rest.
      this.entries = [...this.slice(this.offset, after), ...ents];
    }
  }

  slice(lo: number, hi: number): Entry[] {
    this.mustCheckOutOfBounds(lo, hi);
    return this.entries.slice(lo - this.offset, hi - this.offset);
  }

  private mustCheckOutOfBounds(lo: number, hi: number): void {
    if (lo > hi) panic(`invalid unstable.slice ${lo} > ${hi}`);
    const upper = this.offset + this.entries.length;
    if (lo < this.offset || hi > upper) panic(`unstable.slice[${lo},${hi}) out of bound [${this.offset},${upper}]`);
  }
}
