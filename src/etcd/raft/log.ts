// raftLog: one node's view of the replicated log, stitched from stable Storage (persisted
// entries after the last snapshot) and Unstable (entries accepted but not yet persisted), plus
// two cursors: `committed` (known to be stored on a quorum, Raft §5.3) and `applied` (handed to
// the state machine). Mirrors etcd-io/raft's log.go.
//
//   snapshot     storage: persisted          unstable: not yet persisted
//   [.....i]  [i+1 .................. s]  [s+1 ..................... last]
//                    applied <= committed <= last
//
// The log never decides anything; raft.ts calls it. It does apply the log's rules: the consistency
// check and conflict truncation of AppendEntries (maybeAppend, deciding with append-entries.ts),
// the up-to-date comparison of RequestVote (isUpToDate, from vote-rule.ts), and the search that
// makes backing up fast (findConflictByTerm).
import { ErrCompacted, ErrUnavailable, panic } from "./errors";
import { Unstable } from "./log-unstable";
import { limitSize, type Storage } from "./storage";
import type { Entry, Snapshot } from "./types";
import { isUpToDate } from "./vote-rule";
import { appendEntries, findConflict, type FollowerLog } from "./append-entries";
import { commitTarget, type LeaderLog } from "./commit-rule";

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
   * AppendEntries on the follower (Raft §5.3, Figure 2 "Receiver implementation", steps 2–5): the
   * decision comes from append-entries.ts; this carries it out. Returns the index of the last new
   * entry, or undefined when the consistency check fails: our log has no entry at `index` with
   * term `logTerm`.
   */
  maybeAppend(index: number, logTerm: number, committed: number, ents: Entry[]): number | undefined {
    const d = appendEntries(this.termView, { index, logTerm, entries: ents, commit: committed });
    if (!d.ok) return undefined;
    const first = d.append[0];
    if (first) {
      if (first.index <= this.committed) panic(`entry ${first.index} conflict with committed entry [committed(${this.committed})]`);
      this.append(d.append);
    }
    this.commitTo(d.commit);
    return d.lastNewIndex;
  }
  //< raft-maybe-append

  /** The log as append-entries.ts sees it: a term per index, undefined where there is no entry. */
  private readonly termView: FollowerLog = {
    term: (i) => {
      try {
        return this.term(i);
      } catch (e: unknown) {
        if (e instanceof ErrCompacted || e instanceof ErrUnavailable) return undefined;
        throw e;
      }
    },
  };

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
    return findConflict(this.termView, ents);
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

  /** Raft §5.4.1: is a log ending at (lastIndex, term) at least as up-to-date as ours? See vote-rule.ts. */
  isUpToDate(lastIndex: number, term: number): boolean {
    return isUpToDate({ index: lastIndex, term }, { index: this.lastIndex(), term: this.lastTerm() });
  }

  matchTerm(i: number, term: number): boolean {
    try {
      return this.term(i) === term;
    } catch (e: unknown) {
      if (e instanceof ErrCompacted || e instanceof ErrUnavailable) return false;
      throw e;
    }
  }

  /**
   * Commits up to maxIndex, the highest index stored on a quorum, if commit-rule.ts allows it: only
   * if that entry is from the leader's current `term` (Raft §5.4.2, Figure 8). True if the commit
   * index moved.
   */
  maybeCommit(maxIndex: number, term: number): boolean {
    const to = commitTarget(this.leaderView(), maxIndex, term);
    if (to > this.committed) {
      this.commitTo(to);
      return true;
    }
    return false;
  }

  /** The log as commit-rule.ts sees it, now. */
  leaderView(): LeaderLog {
    return { committed: this.committed, term: (i) => this.zeroTermOnOutOfBounds(i) };
  }

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
