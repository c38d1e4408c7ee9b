// The driver that runs one Raft state machine (src/etcd/raft) on the simulation: it ticks it on
// the clock, feeds it messages, and carries out each Ready in the documented order, with the
// disk's real fsync latency in the middle. etcd's equivalent is `raftNode` in
// server/etcdserver/raft.go; this is that loop, written as callbacks on virtual time.
//
//   tick every tickMs ──► RawNode ◄── messages from peers, proposals, read requests
//                           │
//                        ready()
//                           │  1. write snapshot, entries, HardState to the WAL, then fsync
//                           │     ... fsync latency passes on the virtual clock ...
//                           │  2. send messages
//                           │  3. apply snapshot and committed entries to the state machine
//                           ▼  4. advance(); take the next Ready
//
// While an fsync is in progress the node keeps stepping messages and ticks; their effects wait
// in the next Ready. What it does not do: pipeline the leader's disk write with its sends
// (etcd does, thesis §10.2.1), or batch several Readies into one fsync.
import type { Clock, TimerId } from "../../sim/clock";
import type { Disk } from "../../sim/disk";
import type { Rng } from "../../sim/rng";
import type { Trace } from "../../sim/trace";
import type { Config } from "../raft/config";
import { confChangeOf } from "../raft/confchange";
import type { StepError } from "../raft/errors";
import { RawNode, type Status } from "../raft/rawnode";
import type { ConfChange, ConfState, Entry, Message, NodeId, ReadState, StateType } from "../raft/types";
import { WalStorage } from "./wal";

/** What Raft replicates into: etcd's apply layer over the MVCC store, or a test's list. */
export interface StateMachine {
  /** A committed entry, in log order. `data` is "" for the empty entry a new leader appends. */
  apply(entry: Entry): void;
  /** The whole state, for a snapshot. */
  snapshot(): string;
  /** Replace the whole state with a snapshot's (at boot, or when the leader sends one). */
  restore(data: string, index: number): void;
}

export interface RaftNodeOptions {
  id: NodeId;
  /** The voters of a brand-new cluster. Ignored when the disk holds a snapshot's membership. */
  peers: NodeId[];
  clock: Clock;
  disk: Disk;
  /** This node's random stream (election timeouts): `sim.rng.fork("raft/n1")`. */
  rng: Rng;
  send: (m: Message) => void;
  app: StateMachine;
  /** Milliseconds per Raft tick: etcd's --heartbeat-interval, default 100. */
  tickMs?: number;
  /** Raft settings; electionTick 10 with a 100 ms tick is etcd's default 1000 ms election timeout. */
  raft?: Partial<Omit<Config, "id" | "storage" | "peers" | "rng" | "applied">>;
  /**
   * Applied entries between snapshots: etcd's --snapshot-count (default 100000 since v3.2).
   * Default here 10000; scenarios lower it to watch snapshots and log compaction happen.
   */
  snapshotCount?: number;
  /** Entries kept behind a snapshot for slow followers: etcd's SnapshotCatchUpEntries, 5000. */
  catchUpEntries?: number;
  onReadState?: (rs: ReadState) => void;
  onConfChange?: (cs: ConfState) => void;
  onStateChange?: (state: StateType, lead: NodeId, term: number) => void;
  trace?: Trace;
}

const ROLE: Record<StateType, string> = {
  StateFollower: "follower",
  StatePreCandidate: "pre-candidate",
  StateCandidate: "candidate",
  StateLeader: "leader",
};

export class RaftNode {
  readonly id: NodeId;
  readonly name: string;
  private readonly node: RawNode;
  private readonly wal: WalStorage;
  private readonly options: RaftNodeOptions;
  private tickTimer: TimerId | undefined;
  private persisting = false;
  private stopped = false;
  private appliedIndex: number;
  private snapshotIndex: number;
  private confState: ConfState;
  /** Counters for metrics: leader changes seen, entries applied, snapshots taken, WAL records replayed at boot. */
  readonly stats = { leaderChanges: 0, applied: 0, snapshots: 0, replayedAtBoot: 0, readies: 0 };
  private lead: NodeId = 0;

  //> raft-node-start
  /** Boots a member from its disk: empty for a new one, its WAL and snapshot after a restart. */
  constructor(options: RaftNodeOptions) {
    this.options = options;
    this.id = options.id;
    this.name = `n${options.id}`;
    const { wal, loaded } = WalStorage.open(options.disk);
    this.wal = wal;
    this.stats.replayedAtBoot = loaded.replayed;
    const snap = loaded.snapshot;
    if (snap) options.app.restore(snap.data, snap.metadata.index);
    this.appliedIndex = snap?.metadata.index ?? 0;
    this.snapshotIndex = this.appliedIndex;
    const stored = loaded.storage.initialState().confState;
    this.confState = stored.voters.length > 0 ? stored : { voters: [...options.peers] };
    this.node = new RawNode({
      ...options.raft,
      id: options.id,
      storage: loaded.storage,
      peers: stored.voters.length > 0 ? undefined : options.peers,
      applied: this.appliedIndex,
      rng: options.rng,
    });
    options.trace?.state(this.name, ROLE.StateFollower);
    this.scheduleTick();
  }
  //< raft-node-start

  // --- inputs --------------------------------------------------------------------------------

  step(m: Message): StepError | undefined {
    if (this.stopped) return undefined;
    const err = this.node.step(m);
    this.process();
    return err;
  }

  propose(data: string): StepError | undefined {
    if (this.stopped) return undefined;
    const err = this.node.propose(data);
    this.process();
    return err;
  }

  proposeConfChange(cc: ConfChange): StepError | undefined {
    const err = this.node.proposeConfChange(cc);
    this.process();
    return err;
  }

  /** Asks for a linearizable read point; the answer arrives through `onReadState`. */
  readIndex(context: string): void {
    if (this.stopped) return;
    this.node.readIndex(context);
    this.process();
  }

  transferLeader(to: NodeId): void {
    this.node.transferLeader(to);
    this.process();
  }

  campaign(): void {
    this.node.campaign();
    this.process();
  }

  reportSnapshot(to: NodeId, ok: boolean): void {
    if (this.stopped) return;
    this.node.reportSnapshot(to, ok ? "SnapshotFinish" : "SnapshotFailure");
    this.process();
  }

  reportUnreachable(to: NodeId): void {
    if (this.stopped) return;
    this.node.reportUnreachable(to);
    this.process();
  }

  /** The process stops: no more ticks, no more callbacks. Crash the disk separately if it lost power. */
  stop(): void {
    this.stopped = true;
    if (this.tickTimer !== undefined) this.options.clock.clearTimer(this.tickTimer);
  }

  // --- observation ---------------------------------------------------------------------------

  status(): Status {
    return this.node.status();
  }
  get isLeader(): boolean {
    return this.node.raft.state === "StateLeader";
  }
  get leader(): NodeId {
    return this.node.raft.lead;
  }
  get term(): number {
    return this.node.raft.term;
  }
  get applied(): number {
    return this.appliedIndex;
  }
  get committed(): number {
    return this.node.raft.raftLog.committed;
  }
  get isStopped(): boolean {
    return this.stopped;
  }
  /** The raw state machine, for timelines and the playground. Do not drive it directly. */
  get raw(): RawNode {
    return this.node;
  }

  // --- the loop ------------------------------------------------------------------------------

  private scheduleTick(): void {
    this.tickTimer = this.options.clock.setTimer(
      this.options.tickMs ?? 100,
      () => {
        if (this.stopped) return;
        this.node.tick();
        this.process();
        this.scheduleTick();
      },
      `tick ${this.name}`,
    );
  }

  //> raft-node-process
  /** Carries out the next Ready, if any: persist, (fsync), send, apply, advance, repeat. */
  private process(): void {
    if (this.persisting || this.stopped || !this.node.hasReady()) return;
    const rd = this.node.ready();
    this.stats.readies++;
    if (rd.softState) this.onSoftState(rd.softState.raftState, rd.softState.lead);
    // 1. Persist. Nothing below happens until the disk says the write is durable.
    this.wal.save(rd.snapshot, rd.entries, rd.hardState);
    const afterPersist = (): void => {
      this.persisting = false;
      if (this.stopped) return;
      // 2. Send.
      for (const m of rd.messages) this.options.send(m);
      // 3. Apply.
      if (rd.snapshot) this.applySnapshot(rd.snapshot.data, rd.snapshot.metadata.index, rd.snapshot.metadata.confState);
      for (const entry of rd.committedEntries) this.applyEntry(entry);
      for (const rs of rd.readStates) this.options.onReadState?.(rs);
      // 4. Advance, and take the next Ready.
      this.node.advance();
      this.maybeSnapshot();
      this.process();
    };
    this.persisting = true;
    if (rd.mustSync) this.options.disk.fsync(afterPersist);
    else afterPersist();
  }
  //< raft-node-process

  private applyEntry(entry: Entry): void {
    const cc = confChangeOf(entry);
    if (cc) {
      this.confState = this.node.applyConfChange(cc);
      this.options.onConfChange?.(this.confState);
    } else {
      this.options.app.apply(entry);
    }
    this.appliedIndex = entry.index;
    this.stats.applied++;
  }

  private applySnapshot(data: string, index: number, confState: ConfState): void {
    this.options.app.restore(data, index);
    this.appliedIndex = index;
    this.snapshotIndex = index;
    this.confState = confState;
    this.options.trace?.note(this.name, `installed snapshot @${index}`);
  }

  /** etcd's triggerSnapshot: every snapshotCount applied entries, snapshot and compact the log. */
  private maybeSnapshot(): void {
    const every = this.options.snapshotCount ?? 10_000;
    if (this.appliedIndex - this.snapshotIndex < every) return;
    this.wal.createSnapshot(this.appliedIndex, this.confState, this.options.app.snapshot(), this.options.catchUpEntries ?? 5_000);
    this.snapshotIndex = this.appliedIndex;
    this.stats.snapshots++;
    this.options.disk.fsync();
    this.options.trace?.note(this.name, `snapshot @${this.appliedIndex}`);
  }

  private onSoftState(state: StateType, lead: NodeId): void {
    if (lead !== this.lead && lead !== 0) this.stats.leaderChanges++;
    this.lead = lead;
    this.options.trace?.state(this.name, ROLE[state]);
    this.options.onStateChange?.(state, lead, this.node.raft.term);
  }
}
