// One etcd member: a Raft node, an MVCC store behind it, and the request paths between a client
// and the two. etcd's `EtcdServer` (server/etcdserver/server.go, v3_server.go), cut down to what
// chapter 3 teaches.
//
//   client ──request──► serve()
//                         ├─ write: checks ─► propose {id, command} ─► Raft ─► ... committed ...
//                         │                     wait.register(id) ◄──── apply layer: store.apply
//                         ├─ linearizable read: ReadIndex round ─► applied >= index ─► local store
//                         └─ serializable read, status, hash: the local store, at once
//
// What it guarantees: a write is answered after it is applied here (so the answer carries the
// revision it created); a linearizable read sees every write answered before the read began, on
// whichever member serves it. What it does not: an answer to a write that timed out says nothing
// about whether the write will still commit (it may: the entry can be in a log already).
//
// Leader-only loops: the lease revoker and the auto-compactor run on every member and act only
// while it leads (server.go `updateLeadership`: lessor Promote/Demote, compactor Resume/Pause).
// What they decide is *proposed*, so every member deletes the same keys at the same log index.
//
// SIMPLIFICATION: a new leader does not extend leases by an election timeout (etcd's
// lessor.Promote does, so that clients have time to find it before their leases expire).
import type { Clock, TimerId } from "../../sim/clock";
import type { Disk } from "../../sim/disk";
import type { Network } from "../../sim/network";
import type { Rng } from "../../sim/rng";
import type { Trace } from "../../sim/trace";
import { AutoCompactor, type AutoCompactionMode } from "../mvcc/auto-compactor";
import { LeaseRevoker } from "../mvcc/lease-revoker";
import type { MvccStore, StoreConfig } from "../mvcc/mvcc-store";
import type { StoreCommand } from "../mvcc/types";
import type { NodeId, StateType } from "../raft/types";
import { ApplyLayer, type MemberWatch } from "./apply";
import { ServerStoppedError } from "./errors";
import { RaftNode, type RaftNodeOptions } from "./raft-node";
import { ReadLoop } from "./read-loop";
import type { ClientRequest, ClientResult, EtcdWire, ServedBy } from "./requests";
import { serveRequest, type ServerContext } from "./serve";
import { address, RaftTransport } from "./transport";
import type { WatchRequest } from "../mvcc/watchable-store";

export interface EtcdMemberOptions {
  id: NodeId;
  /** Voters of a brand-new cluster; ignored when the disk holds a membership. */
  peers: NodeId[];
  clusterId: string;
  clock: Clock;
  disk: Disk;
  /** This boot's random stream (election timeouts). */
  rng: Rng;
  network: Network<EtcdWire>;
  /** How many times this member started before on this disk: makes request IDs unique across restarts. */
  boot: number;
  trace?: Trace;
  /** --heartbeat-interval, default 100 ms. */
  tickMs?: number;
  raft?: RaftNodeOptions["raft"];
  snapshotCount?: number;
  catchUpEntries?: number;
  store?: Partial<StoreConfig>;
  /** How long a proposal or read index may take. Default etcd's ReqTimeout: 5 s + 2 × election timeout. */
  requestTimeoutMs?: number;
  /** --auto-compaction-mode and --auto-compaction-retention (ms or revisions). Off by default, as in etcd. */
  autoCompaction?: { mode: AutoCompactionMode; retention: number };
}

export class EtcdMember implements ServerContext {
  readonly id: NodeId;
  readonly name: string;
  readonly clusterId: string;
  readonly node: RaftNode;
  readonly applier: ApplyLayer;
  readonly readLoop: ReadLoop;
  readonly clock: Clock;
  readonly disk: Disk;
  readonly requestTimeoutMs: number;
  readonly electionTimeoutMs: number;
  /** Where this process's WAL fsyncs start in `disk.fsyncDurations` (metrics count from boot). */
  readonly fsyncsAtBoot: number;
  readonly startedAt: number;
  /** Counters for metrics.ts, from this process's start (Prometheus counters reset on restart). */
  readonly stats = { proposalsFailed: 0, proposalsPending: 0, requests: 0 };
  /** When this member last became leader (server.go `leadElectedTime`); -Infinity if never. */
  leadElectedTime = -Infinity;
  private readonly transport: RaftTransport;
  private readonly revoker: LeaseRevoker;
  private readonly compactor: AutoCompactor | undefined;
  private readonly network: Network<EtcdWire>;
  private seq = 0;
  private lead: NodeId = 0;
  private leading = false;
  private stopped = false;
  private readonly boot: number;

  constructor(private readonly options: EtcdMemberOptions) {
    this.id = options.id;
    this.name = address(options.id);
    this.clusterId = options.clusterId;
    this.clock = options.clock;
    this.disk = options.disk;
    this.network = options.network;
    this.boot = options.boot;
    this.startedAt = options.clock.now();
    this.fsyncsAtBoot = options.disk.fsyncDurations.length;
    const tickMs = options.tickMs ?? 100;
    this.electionTimeoutMs = (options.raft?.electionTick ?? 10) * tickMs;
    // config.go ReqTimeout: "5s for queue waiting, computation and disk IO delay + 2 * election timeout".
    this.requestTimeoutMs = options.requestTimeoutMs ?? 5_000 + 2 * this.electionTimeoutMs;
    this.applier = new ApplyLayer(options.store ?? {});
    this.transport = new RaftTransport(options.id, {
      clock: options.clock,
      network: options.network,
      onSnapshotStatus: (to, ok) => this.node.reportSnapshot(to, ok),
    });
    this.readLoop = new ReadLoop({
      clock: options.clock,
      readIndex: (ctx) => this.node.readIndex(ctx),
      applied: () => this.applier.applied,
      requestTimeoutMs: this.requestTimeoutMs,
      name: `${this.name}.${this.boot}`,
    });
    this.applier.onApplied((index) => this.readLoop.onApplied(index));
    this.node = new RaftNode({
      id: options.id,
      peers: options.peers,
      clock: options.clock,
      disk: options.disk,
      rng: options.rng,
      send: (m) => this.transport.send(m),
      app: this.applier,
      tickMs,
      raft: options.raft,
      snapshotCount: options.snapshotCount,
      catchUpEntries: options.catchUpEntries,
      onReadState: (rs) => this.readLoop.onReadState(rs),
      onStateChange: (state, lead) => this.updateLeadership(state, lead),
      trace: options.trace,
    });
    this.revoker = new LeaseRevoker({
      clock: options.clock,
      expired: (now, limit) => this.store.expiredLeases(now, limit),
      revoke: (id) => this.proposeInternal({ type: "leaseRevoke", request: { id } }),
    });
    if (options.autoCompaction) {
      this.compactor = new AutoCompactor({
        clock: options.clock,
        ...options.autoCompaction,
        rev: () => this.store.revision,
        compact: (revision) => {
          const err = this.proposeInternal({ type: "compaction", request: { revision } });
          if (err) throw err;
        },
      });
      this.compactor.run();
      this.compactor.pause(); // resumed when this member leads
    }
  }

  // --- what a client and a scenario see ---------------------------------------------------------

  /** The member's MVCC store (replaced when a snapshot is installed: do not keep it). */
  get store(): MvccStore {
    return this.applier.store;
  }
  get isLeader(): boolean {
    return this.node.isLeader;
  }
  get leader(): NodeId {
    return this.node.leader;
  }
  get isStopped(): boolean {
    return this.stopped;
  }
  /** Auto-compaction attempts, for timelines (empty when auto-compaction is off). */
  get compactions() {
    return this.compactor?.attempts ?? [];
  }

  /** Serves one request and calls `reply` once, on the virtual clock. */
  serve(request: ClientRequest, reply: (result: ClientResult) => void): void {
    this.stats.requests++;
    if (this.stopped) return reply({ ok: false, error: new ServerStoppedError() });
    serveRequest(this, request, reply);
  }

  /**
   * Opens a watch on this member's store; it survives snapshot installs, not a crash.
   * SIMPLIFICATION: a local call, not a gRPC stream over the network; a real client whose member
   * dies opens the watch again on another member, from the last revision it saw.
   */
  watch(request: WatchRequest): MemberWatch {
    return this.applier.watch(request);
  }

  /** What a response header says about who served it. */
  servedBy(): ServedBy {
    return { clusterId: this.clusterId, memberId: this.id, raftTerm: this.node.term };
  }

  /** Everything that arrives at this member's address. */
  receive(wire: EtcdWire, from: string): void {
    if (this.stopped) return;
    switch (wire.kind) {
      case "raft":
        this.node.step(wire.msg);
        this.transport.acknowledge(wire.msg);
        return;
      case "snap-ack":
        this.transport.acknowledged(wire.from, wire.index);
        return;
      case "client-request":
        this.serve(wire.request, (result) =>
          this.network.send(this.name, from, { kind: "client-response", callId: wire.callId, result, servedBy: this.servedBy() }),
        );
        return;
      case "client-response":
        return; // not for a member
    }
  }

  /** The process stops (crash or shutdown): no more ticks, timers or answers. */
  stop(): void {
    this.stopped = true;
    this.node.stop();
    this.transport.stop();
    this.readLoop.stop();
    this.revoker.stop();
    this.compactor?.stop();
  }

  // --- ServerContext: used by serve.ts ------------------------------------------------------------

  /** A request ID unique in the cluster's life: member, boot, sequence (etcd's idutil.Generator). */
  nextRequestId(): string {
    return `${this.name}.${this.boot}.${++this.seq}`;
  }

  /** Proposes a command nobody waits for (lease revoke, compaction, alarm). */
  proposeInternal(command: StoreCommand): Error | undefined {
    if (this.stopped) return new ServerStoppedError();
    const err = this.node.propose(JSON.stringify({ id: this.nextRequestId(), command }));
    if (err) this.stats.proposalsFailed++;
    return err;
  }

  setTimer(ms: number, callback: () => void, label: string): TimerId {
    return this.clock.setTimer(ms, () => {
      if (!this.stopped) callback();
    }, label);
  }

  //> etcd-update-leadership
  /** server.go `updateLeadership`, called when Raft reports a new role or leader. */
  private updateLeadership(state: StateType, lead: NodeId): void {
    const newLeader = lead !== 0 && lead !== this.lead;
    this.lead = lead;
    const leading = state === "StateLeader";
    if (leading && !this.leading) this.revoker.start(); // lessor.Promote
    if (!leading && this.leading) this.revoker.stop(); // lessor.Demote
    this.leading = leading;
    if (!leading) {
      this.compactor?.pause();
    } else {
      if (newLeader) this.leadElectedTime = this.clock.now();
      this.compactor?.resume();
    }
    // A read index asked of the old leader may never be answered: fail it so the client retries.
    if (newLeader) this.readLoop.onLeaderChanged();
  }
  //< etcd-update-leadership
}
