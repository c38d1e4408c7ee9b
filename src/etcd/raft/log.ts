// raftLog: one node's view of the replicated log, stitched from stable Storage (persisted
// entries after the last snapshot) and Unstable (entries accepted but not yet persisted), plus
// two cursors: `committed` (known to be stored on a quorum, Raft §5.3) and `applied` (handed to
// the state machine). Mirrors etcd-io/raft's log.go.
//
//   snapshot     storage: persisted          unstable: not yet persisted
//   [.....i]  [i+1 .................. s]  [s+1 ..................... last]
//                    applied <= committed <= last
//
// The log never decides anything; raft.ts calls it. It does own the log's rules: the consistency
// check and conflict truncation of AppendEntries (maybeAppend), the up-to-date comparison of
// RequestVote (isUpToDate), and the search that makes backing up fast (findConflictByTerm).
import { ErrCompacted, ErrUnavailable, panic } from "./errors";
import { Unstable } from "./log-unstable";
import { limitSize, type Storage } from "./storage";
import type { Entry, Snapshot } from "./types";

export const noLimit = Number.MAX_SAFE_INTEGER;

export class RaftLog {
  readonly unstable: Unstable;
  /** The highest index known to be stored on a quorum. Never decreases. */
  committed: number;
  /** The highest index the application has applied. applied <= committed. */
  applied: number;

  constructor(readonly storage: Storage) {
    const firstIndex = storage.firstIndex();
    const lastIndex = storage.lastIndex();
    this.unstable = new Unstable(lastIndex + 1);
    // Everything up to the snapshot is committed and applied by definition.
    this.committed = firstIndex - 1;
    this.applied = firstIndex - 1;
  }

  //> raft-maybe-append
  /**
   * AppendEntries on the follower (Raft §5.3, Figure 2 "Receiver implementation", steps 2–5).
   * Returns the index of the last new entry, or undefined when the consistency check fails: our
   * log has no entry at `index` with term `logTerm`.
   */
  maybeAppend(index: number, logTerm: number, committed: number, ents: Entry[]): number | undefined {
    // Step 2: reply false if the log doesn't contain an entry at prevLogIndex whose term matches.
    if (!this.matchTerm(index, logTerm)) return undefined;
    const lastNewI = index + ents.length;
    // Steps 3–4: skip entries we already have; at the first conflict (same index, different
    // term) delete it and all that follow, and append the rest. Never truncate blindly: a
    // delayed, shorter MsgApp must not cut off entries a newer MsgApp already added.
    const ci = this.findConflict(ents);
    if (ci !== 0) {
      if (ci <= this.committed) panic(`entry ${ci} conflict with committed entry [committed(${this.committed})]`);
      this.append(ents.slice(ci - (index + 1)));
    }
    // Step 5: advance commit, but only over entries this message proved we share with the leader.
    this.commitTo(Math.min(committed, lastNewI));
    return lastNewI;
  }
  //< raft-maybe-append

  /** Appends entries (possibly replacing a suffix); returns the new last index. */
  append(ents: Entry[]): number {
    if (ents.length === 0) return this.lastIndex();
    const after = ents[0]!.index - 1;
    if (after < this.committed) panic(`after(${after}) is out of range [committed(${this.committed})]`);
    this.unstable.truncateAndAppend(ents);
    return this.lastIndex();
  }

  /**
   * The index of the first entry of `ents` that conflicts with the log (same index, different
   * term) or is new; 0 if the log already contains all of them.
   */
  findConflict(ents: Entry[]): number {
    for (const e of ents) if (!this.matchTerm(e.index, e.term)) return e.index;
    return 0;
  }

  //> raft-find-conflict-by-term
  /**
   * Fast backup. Knowing only that the other log has term `term` at `index`, returns the largest
   * index <= `index` where our term is <= `term` (or unknown, because compacted): no index above
   * it can match, since terms only grow along a log. A whole term of mismatching entries is
   * skipped per round trip instead of one entry (Raft §5.3, the optimization described at the
   * end of the section; etcd-io/raft findConflictByTerm).
   */
  findConflictByTerm(index: number, term: number): { index: number; term: number } {
    for (; index > 0; index--) {
      let ourTerm: number;
      try {
        ourTerm = this.term(index);
      } catch (e: unknown) {
        if (e instanceof ErrCompacted || e instanceof ErrUnavailable) return { index, term: 0 };
        throw e;
      }
      if (ourTerm <= term) return { index, term: ourTerm };
    }
    return { index: 0, term: 0 };
  }
  //< raft-find-conflict-by-term

  /** Entries to persist in the next Ready. */
  unstableEntries(): Entry[] {
    return [...this.unstable.entries];
  }

  /** Committed entries not yet applied (and not covered by a pending snapshot). */
  nextEnts(): Entry[] {
    const off = Math.max(this.applied + 1, this.firstIndex());
    if (this.committed + 1 > off) return this.slice(off, this.committed + 1, noLimit);
    return [];
  }

  hasNextEnts(): boolean {
    return this.committed + 1 > Math.max(this.applied + 1, this.firstIndex());
  }

  hasPendingSnapshot(): boolean {
    return this.unstable.snapshot !== undefined;
  }

  /** The snapshot to send a follower that is too far behind. */
  snapshot(): Snapshot {
    return this.unstable.snapshot ?? this.storage.snapshot();
  }

  firstIndex(): number {
    return this.unstable.maybeFirstIndex() ?? this.storage.firstIndex();
  }

  lastIndex(): number {
    return this.unstable.maybeLastIndex() ?? this.storage.lastIndex();
  }

  lastTerm(): number {
    return this.term(this.lastIndex());
  }

  commitTo(toCommit: number): void {
    // Never decrease commit.
    if (this.committed < toCommit) {
      if (this.lastIndex() < toCommit) {
        panic(`tocommit(${toCommit}) is out of range [lastIndex(${this.lastIndex()})]. Was the raft log corrupted, truncated, or lost?`);
      }
      this.committed = toCommit;
    }
  }

  appliedTo(i: number): void {
    if (i === 0) return;
    if (this.committed < i || i < this.applied) {
      panic(`applied(${i}) is out of range [prevApplied(${this.applied}), committed(${this.committed})]`);
    }
    this.applied = i;
  }

  stableTo(i: number, t: number): void {
    this.unstable.stableTo(i, t);
  }

  stableSnapTo(i: number): void {
    this.unstable.stableSnapTo(i);
  }

  /**
   * The term of entry i. Valid for [firstIndex-1, lastIndex]: the entry just before the first one
   * is compacted, but its term is kept for the consistency check. Throws ErrCompacted or
   * ErrUnavailable outside that range.
   */
  term(i: number): number {
    const t = this.unstable.maybeTerm(i);
    if (t !== undefined) return t;
    const dummyIndex = this.firstIndex() - 1;
    if (i < dummyIndex) throw new ErrCompacted(i, dummyIndex + 1);
    if (i > this.lastIndex()) throw new ErrUnavailable(i, this.lastIndex());
    return this.storage.term(i);
  }

  /** term(i), or 0 when i is compacted or beyond the log. */
  zeroTermOnOutOfBounds(i: number): number {
    try {
      return this.term(i);
    } catch (e: unknown) {
      if (e instanceof ErrCompacted || e instanceof ErrUnavailable) return 0;
      throw e;
    }
  }

  /** Entries from i to the end, at most maxSize bytes (at least one entry). */
  entries(i: number, maxSize: number): Entry[] {
    if (i > this.lastIndex()) return [];
    return this.slice(i, this.lastIndex() + 1, maxSize);
  }

  allEntries(): Entry[] {
    return this.entries(this.firstIndex(), noLimit);
  }

  //> raft-is-up-to-date
  /**
   * Raft §5.4.1: a voter denies its vote if its own log is more up-to-date than the candidate's.
   * "If the logs have last entries with different terms, then the log with the later term is
   * more up-to-date. If the logs end with the same term, then whichever log is longer is more
   * up-to-date." Equal logs count as up-to-date.
   */
  isUpToDate(lastIndex: number, term: number): boolean {
    const ourTerm = this.lastTerm();
    return term > ourTerm || (term === ourTerm && lastIndex >= this.lastIndex());
  }
  //< raft-is-up-to-date

  matchTerm(i: number, term: number): boolean {
    try {
      return this.term(i) === term;
    } catch (e: unknown) {
      if (e instanceof ErrCompacted || e instanceof ErrUnavailable) return false;
      throw e;
    }
  }

  //> raft-log-maybe-commit
  /**
   * Commits up to maxIndex, the highest index stored on a quorum, but only if that entry is from
   * the leader's current `term`. Raft §5.4.2 (Figure 8): an entry from an earlier term can be
   * stored on a majority and still be overwritten by a later leader; it becomes committed only
   * indirectly, when an entry of the current term after it is committed.
   */
  maybeCommit(maxIndex: number, term: number): boolean {
    if (maxIndex > this.committed && this.zeroTermOnOutOfBounds(maxIndex) === term) {
      this.commitTo(maxIndex);
      return true;
    }
    return false;
  }
  //< raft-log-maybe-commit

  /** Replaces the log with a snapshot (Raft §7, InstallSnapshot on the follower). */
  restore(s: Snapshot): void {
    this.committed = s.metadata.index;
    this.unstable.restore(s);
  }

  /** Entries in [lo, hi), from storage and unstable, at most maxSize bytes (at least one). */
  slice(lo: number, hi: number, maxSize: number): Entry[] {
    this.mustCheckOutOfBounds(lo, hi);
    if (lo === hi) return [];
    let ents: Entry[] = [];
    const offset = this.unstable.offset;
    if (lo < offset) {
      const storedHi = Math.min(hi, offset);
      let stored: Entry[];
      try {
        stored = this.storage.entries(lo, storedHi, maxSize);
      } catch (e: unknown) {
        if (e instanceof ErrUnavailable) panic(`entries[${lo}:${storedHi}) is unavailable from storage`);
        throw e;
      }
      // Storage cut the batch short because of maxSize: stop there.
      if (stored.length < storedHi - lo) return stored;
      ents = stored;
    }
    if (hi > offset) ents = [...ents, ...this.unstable.slice(Math.max(lo, offset), hi)];
    return limitSize(ents, maxSize);
  }

  private mustCheckOutOfBounds(lo: number, hi: number): void {
    if (lo > hi) panic(`invalid slice ${lo} > ${hi}`);
    const fi = this.firstIndex();
    if (lo < fi) throw new ErrCompacted(lo, fi);
    const length = this.lastIndex() + 1 - fi;
    if (hi > fi + length) panic(`slice[${lo},${hi}) out of bound [${fi},${this.lastIndex()}]`);
  }
}
