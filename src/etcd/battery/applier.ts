// The test's state machine on each server, after MIT 6.5840's `applier` in raft/config.go: it
// records the command applied at every index, so that the tester can ask how many servers
// committed what at an index (nCommitted), and it fails the run the moment a server applies out
// of order or applies something another server did not apply at the same index.
//
// It wraps an optional inner state machine (the key-value store of the chaos runs) and delegates
// to it; its snapshot carries the inner snapshot plus the recorded commands, so that a server
// restored from a snapshot still knows what was applied before (MIT's snapshot holds the same).
import type { Entry } from "../raft/types";
import type { StateMachine } from "../server/raft-node";
import { SafetyViolation, type SafetyMonitor } from "./safety";

interface AppliedSnapshot {
  /** The last index the snapshot covers. */
  last: number;
  /** The command at each index 1..last (index i at position i - 1). */
  log: string[];
  inner: string | undefined;
}

export class Applier implements StateMachine {
  /** index → command applied there (MIT's cfg.logs[i]); "" is a new leader's empty entry. */
  readonly log = new Map<number, string>();
  lastApplied = 0;
  snapshotsRestored = 0;

  constructor(
    readonly name: string,
    private readonly monitor: SafetyMonitor,
    private readonly inner?: StateMachine,
  ) {}

  apply(entry: Entry): void {
    // Raft §5.3 (and MIT's "server %v apply out of order"): entries are applied once, in order.
    if (entry.index !== this.lastApplied + 1) {
      throw new SafetyViolation("apply order", `${this.name} applied index ${entry.index} right after ${this.lastApplied}`);
    }
    this.monitor.recordApplied(this.name, entry.index, entry.term, entry.data);
    this.log.set(entry.index, entry.data);
    this.lastApplied = entry.index;
    this.inner?.apply(entry);
  }

  snapshot(): string {
    const log: string[] = [];
    for (let i = 1; i <= this.lastApplied; i++) log.push(this.log.get(i) ?? "");
    const snap: AppliedSnapshot = { last: this.lastApplied, log, inner: this.inner?.snapshot() };
    return JSON.stringify(snap);
  }

  restore(data: string, index: number): void {
    const snap = JSON.parse(data) as AppliedSnapshot;
    // MIT's ingestSnap: "server %v snapshot doesn't match m.SnapshotIndex".
    if (snap.last !== index) {
      throw new SafetyViolation("state machine safety", `${this.name} got a snapshot for index ${index} whose contents end at ${snap.last}`);
    }
    if (index < this.lastApplied) {
      throw new SafetyViolation("apply order", `${this.name} installed a snapshot at ${index}, behind what it applied (${this.lastApplied})`);
    }
    this.log.clear();
    snap.log.forEach((command, i) => {
      this.monitor.recordApplied(`${this.name} (snapshot)`, i + 1, undefined, command);
      this.log.set(i + 1, command);
    });
    this.lastApplied = index;
    this.snapshotsRestored++;
    if (this.inner && snap.inner !== undefined) this.inner.restore(snap.inner, index);
  }
}
