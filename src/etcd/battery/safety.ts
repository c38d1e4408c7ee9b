// Raft's safety properties (Raft §5.4, Figure 3), checked *while* a run happens rather than
// only at its end, so a violation is caught at the step that caused it:
//
//   Election Safety       at most one leader per term. Checked after every message a node steps
//                         (a node only becomes leader when it steps a vote response).
//   Leader Completeness   a leader holds every entry committed in an earlier term. Checked when a
//                         leader is first seen, and again for every current leader whenever a new
//                         commit is seen.
//   State Machine Safety  no two servers commit or apply different entries at one index. Every
//                         commit a leader announces and every entry any server applies (or
//                         restores from a snapshot) is compared with the first one recorded there.
//   Log Matching          two logs holding an entry with the same index and term are identical up
//                         to it. Checked on demand (it compares whole logs pairwise).
//
// "Committed in term T" is recorded from the leader's side: when the leader of term T advances
// its commit index, the entries up to it are committed in T. That matters for Leader
// Completeness, which speaks of entries committed in *earlier* terms: a vote response delayed
// by the network can make a node leader of term 5 after term 6 already committed entries that
// the leader of term 5 never had, and that is not a violation.
import type { Raft } from "../raft/raft";
import type { NodeId } from "../raft/types";

export type SafetyProperty = "election safety" | "leader completeness" | "state machine safety" | "log matching" | "apply order";

/** A broken Raft guarantee. Thrown at the step that broke it. */
export class SafetyViolation extends Error {
  constructor(
    readonly property: SafetyProperty,
    message: string,
  ) {
    super(`${property}: ${message}`);
    this.name = "SafetyViolation";
  }
}

interface CommittedEntry {
  /** The entry's term, when known (a snapshot carries only data). */
  term: number | undefined;
  data: string;
  /** The term of the leader seen committing it, when a leader was seen doing so. */
  commitTerm: number | undefined;
  /** Who recorded it first, for messages. */
  by: string;
}

export class SafetyMonitor {
  /** The leader of each term seen so far. */
  readonly leaders = new Map<number, NodeId>();
  /** Every index known committed, with the entry there. */
  readonly committed = new Map<number, CommittedEntry>();
  /** Per node: the highest commit index already compared with `committed`. */
  private readonly commitChecked = new Map<NodeId, number>();
  readonly stats = { observations: 0, logMatchingChecks: 0 };

  /** `live()` returns the Raft state machines of running nodes. */
  constructor(private readonly live: () => Raft[]) {}

  /** Call after a node stepped a message. */
  observe(r: Raft): void {
    this.stats.observations++;
    if (r.state !== "StateLeader") return;
    const seen = this.leaders.get(r.term);
    if (seen === undefined) {
      this.leaders.set(r.term, r.id);
      this.checkLeaderCompleteness(r);
    } else if (seen !== r.id) {
      throw new SafetyViolation("election safety", `two leaders in term ${r.term}: n${seen} and n${r.id}`);
    }
    this.observeCommit(r);
  }

  /** A node restarted: its commit index starts again from what its disk kept. */
  forget(id: NodeId): void {
    this.commitChecked.delete(id);
  }

  /** A server's state machine applied (or restored from a snapshot) `data` at `index`. */
  recordApplied(server: string, index: number, term: number | undefined, data: string): void {
    const prev = this.committed.get(index);
    if (prev === undefined) {
      this.committed.set(index, { term, data, commitTerm: undefined, by: server });
      return;
    }
    if (prev.data !== data || (term !== undefined && prev.term !== undefined && term !== prev.term)) {
      throw new SafetyViolation(
        "state machine safety",
        `at index ${index} ${server} applied ${show(data, term)} but ${prev.by} had ${show(prev.data, prev.term)}`,
      );
    }
    if (prev.term === undefined) prev.term = term;
  }

  //> safety-commit
  /** New commits of a leader: entries up to its commit index are committed in its term. */
  private observeCommit(r: Raft): void {
    const log = r.raftLog;
    const lo = Math.max((this.commitChecked.get(r.id) ?? 0) + 1, log.firstIndex());
    const hi = log.committed;
    if (lo > hi) return;
    this.commitChecked.set(r.id, hi);
    const entries = log.slice(lo, hi + 1, Number.MAX_SAFE_INTEGER);
    for (const e of entries) {
      const prev = this.committed.get(e.index);
      if (prev === undefined) {
        this.committed.set(e.index, { term: e.term, data: e.data, commitTerm: r.term, by: `n${r.id} (leader, term ${r.term})` });
        // Leader Completeness, the other way round: every current leader of a later term must hold it.
        for (const other of this.live()) {
          if (other.state === "StateLeader" && other.term > r.term) this.mustHold(other, e.index, e.term, e.data);
        }
      } else if (prev.data !== e.data || (prev.term !== undefined && prev.term !== e.term)) {
        throw new SafetyViolation(
          "state machine safety",
          `n${r.id} (leader, term ${r.term}) committed ${show(e.data, e.term)} at index ${e.index}, ` +
            `but ${prev.by} had committed ${show(prev.data, prev.term)} there`,
        );
      } else if (prev.commitTerm === undefined) {
        prev.commitTerm = r.term;
      }
    }
  }
  //< safety-commit

  /** Raft §5.4.1: an elected leader holds every entry committed in an earlier term. */
  private checkLeaderCompleteness(r: Raft): void {
    const first = r.raftLog.firstIndex();
    for (const [index, c] of this.committed) {
      if (index < first || c.commitTerm === undefined || c.commitTerm >= r.term) continue;
      this.mustHold(r, index, c.term, c.data);
    }
  }

  private mustHold(r: Raft, index: number, term: number | undefined, data: string): void {
    const log = r.raftLog;
    if (index < log.firstIndex()) return; // inside its snapshot, checked when it was restored
    const held = index <= log.lastIndex() ? log.slice(index, index + 1, Number.MAX_SAFE_INTEGER)[0] : undefined;
    if (held === undefined || held.data !== data || (term !== undefined && held.term !== term)) {
      throw new SafetyViolation(
        "leader completeness",
        `n${r.id}, leader of term ${r.term}, lacks the committed entry ${show(data, term)} at index ${index}` +
          (held ? ` (it has ${show(held.data, held.term)})` : ` (its log ends at ${log.lastIndex()})`),
      );
    }
  }

  //> safety-log-matching
  /** Raft §5.3, Log Matching: compares every pair of live logs over the indexes both hold. */
  checkLogMatching(): void {
    this.stats.logMatchingChecks++;
    const rafts = this.live();
    for (let a = 0; a < rafts.length; a++) {
      for (let b = a + 1; b < rafts.length; b++) logMatching(rafts[a]!, rafts[b]!);
    }
  }
  //< safety-log-matching
}

function logMatching(a: Raft, b: Raft): void {
  const lo = Math.max(a.raftLog.firstIndex(), b.raftLog.firstIndex());
  const hi = Math.min(a.raftLog.lastIndex(), b.raftLog.lastIndex());
  if (lo > hi) return;
  const ea = a.raftLog.slice(lo, hi + 1, Number.MAX_SAFE_INTEGER);
  const eb = b.raftLog.slice(lo, hi + 1, Number.MAX_SAFE_INTEGER);
  // The last index where both logs have the same term: everything up to it must be identical.
  let i = ea.length - 1;
  while (i >= 0 && ea[i]!.term !== eb[i]!.term) i--;
  for (let j = 0; j <= i; j++) {
    if (ea[j]!.term !== eb[j]!.term || ea[j]!.data !== eb[j]!.data) {
      throw new SafetyViolation(
        "log matching",
        `n${a.id} and n${b.id} hold the same term at index ${lo + i} but differ at index ${lo + j}: ` +
          `${show(ea[j]!.data, ea[j]!.term)} vs ${show(eb[j]!.data, eb[j]!.term)}`,
      );
    }
  }
}

function show(data: string, term: number | undefined): string {
  const text = data === "" ? "(empty entry)" : JSON.stringify(data.length > 60 ? data.slice(0, 57) + "..." : data);
  return term === undefined ? text : `${text}@t${term}`;
}
