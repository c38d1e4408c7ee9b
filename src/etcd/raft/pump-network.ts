// A synchronous, in-memory network of Raft nodes: etcd-io/raft's test helper `network`
// (raft_test.go), grown into a small driver. It is for tests, notebooks and step-by-step
// replays (Figure 8): no clock, no latency, just "deliver every message until none is left".
//
// Each node is a RawNode with a MemoryStorage and a toy state machine (the list of applied
// data). After every input the node's Ready is carried out in the documented order: persist
// (storage.applySnapshot, storage.append, storage.setHardState), then queue its messages, then
// apply, then advance(). Messages are delivered first-in first-out; filters can drop them:
// `cut`, `isolate`, `drop` (with a probability, from the seeded Rng), `ignore` a message type,
// and `recover` removes them all. `crash` loses everything but the storage; `restart` rebuilds
// the node from its storage, as a real process rebuilds from its WAL.
//
// SIMPLIFICATION: storage writes are synchronous and always durable here; the simulated Disk
// (src/sim/disk.ts) is where lost unsynced writes are modelled.
import { Rng, type Seed } from "../../sim/rng";
import type { Config } from "./config";
import { confChangeOf } from "./confchange";
import type { StepError } from "./errors";
import type { Raft } from "./raft";
import { RawNode } from "./rawnode";
import { MemoryStorage } from "./storage";
import type { ConfState, Message, MessageType, NodeId, ReadState } from "./types";

export interface PumpNode {
  id: NodeId;
  storage: MemoryStorage;
  /** undefined while crashed. */
  node: RawNode | undefined;
  /** The toy state machine: data of every applied non-empty normal entry, in log order. */
  applied: string[];
  appliedIndex: number;
  confState: ConfState;
  readStates: ReadState[];
  /** The voters it was created with; used again on restart when storage holds no ConfState. */
  initialPeers: NodeId[];
  restarts: number;
}

export interface PumpNetworkOptions {
  /** Seeds the drop filter and every node's election timeouts. Default 1. */
  seed?: Seed;
  /** Config shared by every node (electionTick, preVote, checkQuorum, ...). */
  config?: Partial<Omit<Config, "id" | "storage" | "peers" | "rng">>;
}

export class PumpNetwork {
  readonly nodes = new Map<NodeId, PumpNode>();
  readonly rng: Rng;
  /** Every message delivered, in order: tests count them. */
  readonly delivered: Message[] = [];
  /** Sees every message before delivery; return false to drop it. */
  msgHook: ((m: Message) => boolean) | undefined = undefined;
  private readonly queue: Message[] = [];
  private readonly dropm = new Map<string, number>();
  private readonly ignorem = new Set<MessageType>();
  private readonly config: PumpNetworkOptions["config"];

  constructor(ids: NodeId[], options: PumpNetworkOptions = {}) {
    this.rng = new Rng(options.seed ?? 1);
    this.config = options.config ?? {};
    for (const id of ids) this.addNode(id, ids);
  }

  /**
   * Starts a node with an empty log. A node joining a running cluster is given the membership it
   * joins, itself included (etcd's `--initial-cluster-state=existing` tells a new member the
   * same). SIMPLIFICATION: etcd also writes the initial members into the log as conf change
   * entries (RawNode.Bootstrap), so replaying the log rebuilds the membership; here the initial
   * membership lives in the Config's `peers` only.
   */
  addNode(id: NodeId, peers: NodeId[] = []): PumpNode {
    const n: PumpNode = {
      id,
      storage: new MemoryStorage(),
      node: undefined,
      applied: [],
      appliedIndex: 0,
      confState: { voters: [...peers] },
      readStates: [],
      initialPeers: [...peers],
      restarts: 0,
    };
    this.nodes.set(id, n);
    n.node = this.newRawNode(n);
    return n;
  }

  raft(id: NodeId): Raft {
    const node = this.get(id).node;
    if (!node) throw new Error(`node ${id} is crashed`);
    return node.raft;
  }

  /** The live leader with the highest term, if any. */
  leader(): NodeId | undefined {
    let best: Raft | undefined;
    for (const n of this.nodes.values()) {
      const r = n.node?.raft;
      if (r?.state === "StateLeader" && (!best || r.term > best.term)) best = r;
    }
    return best?.id;
  }

  // --- inputs ---------------------------------------------------------------------------------

  /** Delivers messages (and everything they cause) until no message is left. */
  send(...msgs: Message[]): void {
    this.queue.push(...msgs);
    this.pump();
  }

  tick(id: NodeId, n = 1): void {
    for (let i = 0; i < n; i++) {
      this.get(id).node?.tick();
      this.process(id);
      this.pump();
    }
  }

  /** Ticks every live node once per round, in id order, delivering messages after each tick. */
  tickAll(rounds = 1): void {
    for (let i = 0; i < rounds; i++) for (const id of this.ids()) this.tick(id);
  }

  campaign(id: NodeId): void {
    this.get(id).node?.campaign();
    this.process(id);
    this.pump();
  }

  propose(id: NodeId, data: string): StepError | undefined {
    const err = this.live(id).propose(data);
    this.process(id);
    this.pump();
    return err;
  }

  readIndex(id: NodeId, context: string): void {
    this.live(id).readIndex(context);
    this.process(id);
    this.pump();
  }

  transferLeader(leader: NodeId, transferee: NodeId): void {
    this.live(leader).transferLeader(transferee);
    this.process(leader);
    this.pump();
  }

  /** Runs `f` on a node's RawNode, then handles its Ready and delivers the messages. */
  with<T>(id: NodeId, f: (node: RawNode) => T): T {
    const result = f(this.live(id));
    this.process(id);
    this.pump();
    return result;
  }

  // --- faults ---------------------------------------------------------------------------------

  /** Drops messages from `from` to `to` with probability `perc` (0..1). */
  drop(from: NodeId, to: NodeId, perc: number): void {
    this.dropm.set(`${from}->${to}`, perc);
  }

  /** Cuts both directions between two nodes. */
  cut(a: NodeId, b: NodeId): void {
    this.drop(a, b, 1);
    this.drop(b, a, 1);
  }

  /** Cuts a node off from every other node. */
  isolate(id: NodeId): void {
    for (const other of this.nodes.keys()) if (other !== id) this.cut(id, other);
  }

  /** Drops every message of this type. */
  ignore(type: MessageType): void {
    this.ignorem.add(type);
  }

  /** Removes every drop, cut, isolation and ignore. */
  recover(): void {
    this.dropm.clear();
    this.ignorem.clear();
  }

  /** The process dies: memory is lost, storage (everything persisted) survives. */
  crash(id: NodeId): void {
    this.get(id).node = undefined;
  }

  /** Rebuilds the node from its storage, like a process reading back its WAL and snapshot. */
  restart(id: NodeId): void {
    const n = this.get(id);
    n.restarts++;
    const snap = n.storage.snapshot();
    n.applied = snap.metadata.index > 0 ? (JSON.parse(snap.data) as string[]) : [];
    n.appliedIndex = snap.metadata.index;
    n.confState = snap.metadata.index > 0 ? snap.metadata.confState : { voters: [...n.initialPeers] };
    n.node = this.newRawNode(n);
    this.process(id);
    this.pump();
  }

  /**
   * The application snapshots its state at its applied index and compacts the log (Raft §7).
   * Followers that need the compacted entries will be sent this snapshot.
   */
  compact(id: NodeId): void {
    const n = this.get(id);
    n.storage.createSnapshot(n.appliedIndex, n.confState, JSON.stringify(n.applied));
    n.storage.compact(n.appliedIndex);
  }

  // --- the driver -----------------------------------------------------------------------------

  //> pump-network-process
  /** Carries out a node's Ready in the documented order, until it has nothing more to do. */
  process(id: NodeId): void {
    const n = this.get(id);
    const node = n.node;
    if (!node) return;
    while (node.hasReady()) {
      const rd = node.ready();
      // 1. Persist.
      if (rd.snapshot) n.storage.applySnapshot(rd.snapshot);
      n.storage.append(rd.entries);
      if (rd.hardState) n.storage.setHardState(rd.hardState);
      // 2. Send (queue; delivered by pump()).
      this.queue.push(...rd.messages);
      // 3. Apply.
      if (rd.snapshot) {
        n.applied = JSON.parse(rd.snapshot.data) as string[];
        n.appliedIndex = rd.snapshot.metadata.index;
        n.confState = rd.snapshot.metadata.confState;
      }
      for (const e of rd.committedEntries) {
        const cc = confChangeOf(e);
        if (cc) n.confState = node.applyConfChange(cc);
        else if (e.data !== "") n.applied.push(e.data);
        n.appliedIndex = e.index;
      }
      n.readStates.push(...rd.readStates);
      // 4. Advance.
      node.advance();
    }
  }
  //< pump-network-process

  /** Delivers queued messages until none is left. */
  pump(): void {
    for (let m = this.queue.shift(); m !== undefined; m = this.queue.shift()) {
      const target = this.nodes.get(m.to)?.node;
      if (!this.shouldDeliver(m) || !target) {
        this.reportSnapshot(m, "SnapshotFailure");
        continue;
      }
      this.delivered.push(m);
      target.step(m);
      this.reportSnapshot(m, "SnapshotFinish");
      this.process(m.to);
    }
  }

  /**
   * A transport knows whether it managed to stream a snapshot, and tells the leader (etcd's
   * rafthttp calls ReportSnapshot). Without it, a leader whose MsgSnap (or its answer) was lost
   * would wait for that follower forever.
   */
  private reportSnapshot(m: Message, status: "SnapshotFinish" | "SnapshotFailure"): void {
    if (m.type !== "MsgSnap") return;
    const leader = this.nodes.get(m.from)?.node;
    if (!leader) return;
    leader.reportSnapshot(m.to, status);
    this.process(m.from);
  }

  private shouldDeliver(m: Message): boolean {
    if (this.ignorem.has(m.type)) return false;
    const perc = this.dropm.get(`${m.from}->${m.to}`) ?? 0;
    if (perc > 0 && this.rng.next() < perc) return false;
    return this.msgHook ? this.msgHook(m) : true;
  }

  private newRawNode(n: PumpNode): RawNode {
    const hasConf = n.storage.initialState().confState.voters.length > 0;
    return new RawNode({
      electionTick: 10,
      heartbeatTick: 1,
      ...this.config,
      id: n.id,
      storage: n.storage,
      peers: hasConf ? [] : n.initialPeers,
      rng: this.rng.fork(`raft/${n.id}/${n.restarts}`),
    });
  }

  private get(id: NodeId): PumpNode {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`no node ${id} in the network (nodes: ${[...this.nodes.keys()].join(", ")})`);
    return n;
  }

  private live(id: NodeId): RawNode {
    const node = this.get(id).node;
    if (!node) throw new Error(`node ${id} is crashed; restart it first`);
    return node;
  }

  private ids(): NodeId[] {
    return [...this.nodes.keys()].sort((a, b) => a - b);
  }
}
