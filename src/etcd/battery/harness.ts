// The tester's view of a Raft cluster, after MIT 6.5840's raft/config.go, on virtual time.
//
// MIT's config gives each test N servers on a fake network it can cut (`connect`, `disconnect`),
// make unreliable (`setunreliable`, `setlongreordering`), crash and restart from what was
// persisted (`crash1`, `start1`), and a few questions to ask: is there exactly one leader
// (`checkOneLeader`), do the servers agree on the term (`checkTerms`), how many servers applied
// the same command at an index (`nCommitted`), and "get this command committed on n servers"
// (`one`). This is the same toolbox, over the course's own pieces: each server is a RaftNode
// (src/etcd/server) with a WAL on a simulated Disk, talking through the simulated Network, all
// on one VirtualClock. A test that takes MIT's tester minutes of real sleeping takes a few
// milliseconds here, and a failure replays exactly from its seed.
//
// Servers are numbered 0..n-1 as in MIT's tests (so `(leader + 1) % n` reads the same); server i
// is Raft node id i+1 at network address `n{i+1}`.
//
// Timing is etcd's, not the lab's: a 100 ms tick, a heartbeat every tick, an election timeout
// of 10 ticks randomized to [1000, 2000) ms. MIT's RaftElectionTimeout (1 s, "a bit more than
// an election timeout") becomes ELECTION_TIMEOUT_MS = 2 s, and the tester's waits scale with it.
//
// Every check runs all the time, not only where a test asks: a SafetyMonitor sees every message
// a node steps (election safety, leader completeness, commits) and the Applier on every server
// sees every entry it applies (apply order, state machine safety).
import type { Clock } from "../../sim/clock";
import type { Disk } from "../../sim/disk";
import type { Latency } from "../../sim/latency";
import type { LinkConfig, Network } from "../../sim/network";
import type { Rng, Seed } from "../../sim/rng";
import { Simulation } from "../../sim/simulation";
import type { Raft } from "../raft/raft";
import { describeMessage, type Message, type MessageType, type ReadState } from "../raft/types";
import { RaftNode, type RaftNodeOptions, type StateMachine } from "../server/raft-node";
import { RaftTransport, type RaftWire } from "../server/transport";
import { Applier } from "./applier";
import { Scheduler, type Proc } from "./procs";
import { SafetyMonitor } from "./safety";

/** etcd's --heartbeat-interval default: one Raft tick. */
export const TICK_MS = 100;
/** etcd's --election-timeout default, 1000 ms, in ticks. */
export const ELECTION_TICK = 10;
/** MIT's RaftElectionTimeout: long enough for an election to finish (the longest randomized timeout). */
export const ELECTION_TIMEOUT_MS = 2 * ELECTION_TICK * TICK_MS;

/** A check of the tester failed (MIT's t.Fatalf). */
export class BatteryFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BatteryFailure";
  }
}

/** What the servers and clients of a service (the chaos runs' key-value store) exchange. */
export type HarnessWire<A> = RaftWire | { kind: "app"; body: A };

/** What a server-side service gets from the harness. */
export interface ServiceContext<A> {
  index: number;
  name: string;
  clock: Clock;
  /** The server's RaftNode (undefined only while it is being built). */
  node(): RaftNode | undefined;
  send(to: string, body: A): void;
}

/** A service on top of Raft on one server: its state machine plus its request handler. */
export interface Service<A> {
  machine: StateMachine;
  receive(body: A, from: string): void;
  onReadState?(rs: ReadState): void;
  stop?(): void;
}

export interface HarnessOptions<A = never> {
  seed: Seed;
  servers: number;
  /** MIT's `unreliable` flag at start: lossy, slow, reordering links. */
  unreliable?: boolean;
  /** Take a snapshot every this many applied entries (MIT's SnapShotInterval is 10). Default: never. */
  snapshotCount?: number;
  /** Entries kept behind a snapshot (etcd's SnapshotCatchUpEntries). Default 5. */
  catchUpEntries?: number;
  fsyncLatency?: Latency;
  /** Reliable link settings. Default: 1–5 ms uniform latency, no loss. */
  link?: Partial<LinkConfig>;
  raft?: RaftNodeOptions["raft"];
  service?: (ctx: ServiceContext<A>) => Service<A>;
  /** Network addresses of clients, so partitions can place them (they attach themselves). */
  clients?: string[];
  /** Measure RPC bytes by JSON length (costs a JSON.stringify per message). Default true. */
  countBytes?: boolean;
  describeApp?: (body: A) => string;
}

interface Server<A> {
  index: number;
  name: string;
  disk: Disk;
  node: RaftNode | undefined;
  transport: RaftTransport | undefined;
  applier: Applier;
  service: Service<A> | undefined;
}

export const RELIABLE_LINK: Partial<LinkConfig> = { latency: { kind: "uniform", min: 1, max: 5 }, loss: 0, duplicate: 0, reorder: 0 };
/** labrpc's unreliable network: 10% of messages lost, 0–27 ms delays (which reorder); a few duplicates. */
export const UNRELIABLE_LINK: Partial<LinkConfig> = { latency: { kind: "uniform", min: 1, max: 27 }, loss: 0.1, duplicate: 0.02, reorder: 0.05 };

/** Messages that start an RPC, as opposed to replies: what MIT's rpcCount counts. */
const REQUESTS: ReadonlySet<MessageType> = new Set<MessageType>([
  "MsgApp", "MsgHeartbeat", "MsgVote", "MsgPreVote", "MsgSnap", "MsgProp", "MsgTimeoutNow", "MsgReadIndex", "MsgTransferLeader",
]);
const REPLIES: ReadonlySet<MessageType> = new Set<MessageType>(["MsgAppResp", "MsgHeartbeatResp", "MsgVoteResp", "MsgPreVoteResp"]);

export class Harness<A = never> {
  readonly sim: Simulation<HarnessWire<A>>;
  readonly n: number;
  readonly monitor: SafetyMonitor;
  readonly scheduler: Scheduler;
  /** The tester's own random stream (MIT's rand): commands, victims, sleeps. */
  readonly rng: Rng;
  private readonly servers: Server<A>[] = [];
  private readonly groupOf = new Map<string, string>();
  private removeLongReordering: (() => void) | undefined;
  /** RPC accounting (MIT's rpcCount/bytesTotal): every Raft message a server sent. */
  readonly rpc = { calls: 0, messages: 0, bytes: 0, byType: new Map<MessageType, number>() };

  constructor(readonly options: HarnessOptions<A>) {
    this.n = options.servers;
    const describeApp = options.describeApp ?? (() => "app");
    this.sim = new Simulation<HarnessWire<A>>({
      seed: options.seed,
      link: { ...RELIABLE_LINK, ...options.link },
      describe: (w) => (w.kind === "raft" ? describeMessage(w.msg) : w.kind === "app" ? describeApp(w.body) : w.kind),
    });
    this.rng = this.sim.rng.fork("tester");
    this.scheduler = new Scheduler(this.sim.clock);
    this.monitor = new SafetyMonitor(() => this.liveRafts());
    for (const client of options.clients ?? []) this.groupOf.set(client, "main");
    for (let i = 0; i < this.n; i++) {
      const name = `n${i + 1}`;
      this.servers.push({
        index: i,
        name,
        disk: this.sim.disk(name, options.fsyncLatency),
        node: undefined,
        transport: undefined,
        applier: new Applier(name, this.monitor),
        service: undefined,
      });
      this.groupOf.set(name, `alone-${name}`);
    }
    this.setUnreliable(options.unreliable ?? false);
    // MIT's make_config: start every server, then connect it.
    for (let i = 0; i < this.n; i++) {
      this.start(i);
      this.connect(i);
    }
  }

  get clock() {
    return this.sim.clock;
  }

  now(): number {
    return this.sim.clock.now();
  }

  // --- servers: crash1 / start1 -------------------------------------------------------------

  //> harness-start
  /**
   * MIT's start1: boots server i from what its disk kept (a crash first, if it is running). It
   * comes up disconnected; `connect(i)` lets it talk.
   */
  start(i: number): void {
    const s = this.server(i);
    if (s.node) this.crash(i);
    const id = i + 1;
    const serviceRef: { node: RaftNode | undefined } = { node: undefined };
    s.service = this.options.service?.({
      index: i,
      name: s.name,
      clock: this.clock,
      node: () => serviceRef.node,
      send: (to, body) => this.sim.network.send(s.name, to, { kind: "app", body }),
    });
    s.applier = new Applier(s.name, this.monitor, s.service?.machine);
    // The transport only sends RaftWire values, a subset of HarnessWire<A>.
    const network = this.sim.network as unknown as Network<RaftWire>;
    const transport = new RaftTransport(id, { clock: this.clock, network, onSnapshotStatus: (to, ok) => s.node?.reportSnapshot(to, ok) });
    const node = new RaftNode({
      id,
      peers: Array.from({ length: this.n }, (_, k) => k + 1),
      clock: this.clock,
      disk: s.disk,
      rng: this.sim.rng.fork(`raft/${s.name}/boot${s.disk.stats.crashes}`),
      send: (m) => {
        this.account(m);
        transport.send(m);
      },
      app: s.applier,
      tickMs: TICK_MS,
      raft: { electionTick: ELECTION_TICK, heartbeatTick: 1, ...this.options.raft },
      snapshotCount: this.options.snapshotCount ?? Number.MAX_SAFE_INTEGER,
      catchUpEntries: this.options.catchUpEntries ?? 5,
      onReadState: (rs) => s.service?.onReadState?.(rs),
      trace: this.sim.trace,
    });
    serviceRef.node = node;
    s.node = node;
    s.transport = transport;
    this.monitor.forget(id);
    this.sim.network.attach(s.name, (wire, from) => {
      if (wire.kind === "raft") {
        node.step(wire.msg);
        transport.acknowledge(wire.msg);
        this.monitor.observe(node.raw.raft);
      } else if (wire.kind === "snap-ack") {
        transport.acknowledged(wire.from, wire.index);
      } else {
        s.service?.receive(wire.body, from);
      }
    });
  }
  //< harness-start

  /** MIT's crash1: disconnect, stop the process, and lose what the disk had not synced. */
  crash(i: number): void {
    const s = this.server(i);
    this.disconnect(i);
    if (!s.node) return;
    s.node.stop();
    s.transport?.stop();
    s.service?.stop?.();
    s.disk.crash();
    s.node = undefined;
    s.transport = undefined;
    this.sim.network.detach(s.name);
    this.sim.trace.state(s.name, "crashed");
  }

  isRunning(i: number): boolean {
    return this.server(i).node !== undefined;
  }

  // --- the network ----------------------------------------------------------------------------

  connect(i: number): void {
    this.groupOf.set(this.server(i).name, "main");
    this.applyGroups();
  }

  /** Cuts server i off from everyone: nothing it sends or should receive arrives. */
  disconnect(i: number): void {
    const s = this.server(i);
    this.groupOf.set(s.name, `alone-${s.name}`);
    this.applyGroups();
  }

  connected(i: number): boolean {
    return this.groupOf.get(this.server(i).name) === "main";
  }

  /**
   * Splits servers (by index) into groups; clients go where `clientGroup` says (default: the
   * first group). Servers in no group are isolated alone.
   */
  partition(groups: number[][], clientGroup: (client: string) => number = () => 0): void {
    for (const s of this.servers) this.groupOf.set(s.name, `alone-${s.name}`);
    groups.forEach((g, k) => g.forEach((i) => this.groupOf.set(this.server(i).name, k === 0 ? "main" : `g${k}`)));
    for (const client of this.options.clients ?? []) {
      const k = clientGroup(client);
      this.groupOf.set(client, k === 0 ? "main" : `g${k}`);
    }
    this.applyGroups();
  }

  /** Everyone can reach everyone. */
  healAll(): void {
    for (const address of this.groupOf.keys()) this.groupOf.set(address, "main");
    this.applyGroups();
  }

  private applyGroups(): void {
    const byGroup = new Map<string, string[]>();
    for (const [address, group] of this.groupOf) {
      const list = byGroup.get(group);
      if (list) list.push(address);
      else byGroup.set(group, [address]);
    }
    if (byGroup.size <= 1) this.sim.network.heal();
    else this.sim.network.partition([...byGroup.values()]);
  }

  /** MIT's setunreliable: lose 10% of messages and delay the rest by up to 27 ms. */
  setUnreliable(unreliable: boolean): void {
    this.sim.network.configure(unreliable ? UNRELIABLE_LINK : { ...RELIABLE_LINK, ...this.options.link });
  }

  /** MIT's setlongreordering: two thirds of replies arrive 200–2200 ms late. */
  setLongReordering(on: boolean): void {
    this.removeLongReordering?.();
    this.removeLongReordering = undefined;
    if (!on) return;
    const rng = this.sim.rng.fork("long-reordering");
    this.removeLongReordering = this.sim.network.addFilter((wire) => {
      if (wire.kind !== "raft" || !REPLIES.has(wire.msg.type) || !rng.chance(600 / 900)) return "deliver";
      return { delayMs: 200 + rng.int(0, 1 + rng.int(0, 2000)) };
    });
  }

  // --- asking the servers ---------------------------------------------------------------------

  node(i: number): RaftNode | undefined {
    return this.server(i).node;
  }

  /** MIT's rf.GetState(). */
  getState(i: number): { term: number; isLeader: boolean } {
    const node = this.server(i).node;
    return { term: node?.term ?? 0, isLeader: node?.isLeader ?? false };
  }

  /**
   * MIT's rf.Start(cmd): if server i believes it leads, append `cmd` to its log and report the
   * index it will have if it is ever committed. No guarantee it will be.
   */
  propose(i: number, cmd: string): { index: number; term: number; isLeader: boolean } {
    const node = this.server(i).node;
    if (!node || !node.isLeader) return { index: -1, term: node?.term ?? 0, isLeader: false };
    const term = node.term;
    if (node.propose(cmd) !== undefined) return { index: -1, term, isLeader: false };
    const log = node.raw.raft.raftLog;
    return { index: log.lastIndex(), term, isLeader: true };
  }

  //> harness-check-one-leader
  /**
   * MIT's checkOneLeader: look several times, an election timeout apart, for a leader among the
   * connected servers; two leaders of one term fail the test; return the leader of the newest term.
   */
  checkOneLeader(): number {
    for (let iters = 0; iters < 10; iters++) {
      this.sleep(ELECTION_TIMEOUT_MS / 2 - 100 + this.rng.int(0, 200));
      const leaders = new Map<number, number[]>();
      for (let i = 0; i < this.n; i++) {
        if (!this.connected(i)) continue;
        const { term, isLeader } = this.getState(i);
        if (isLeader) leaders.set(term, [...(leaders.get(term) ?? []), i]);
      }
      let lastTermWithLeader = -1;
      for (const [term, ids] of leaders) {
        if (ids.length > 1) this.fail(`term ${term} has ${ids.length} (>1) leaders: servers ${ids.join(", ")}`);
        lastTermWithLeader = Math.max(lastTermWithLeader, term);
      }
      if (leaders.size > 0) return leaders.get(lastTermWithLeader)![0]!;
    }
    return this.fail("expected one leader, got none");
  }
  //< harness-check-one-leader

  /** MIT's checkTerms: every connected server reports the same term; returns it. */
  checkTerms(): number {
    let term = -1;
    for (let i = 0; i < this.n; i++) {
      if (!this.connected(i) || !this.isRunning(i)) continue;
      const t = this.getState(i).term;
      if (term === -1) term = t;
      else if (t !== term) this.fail(`servers disagree on term: ${term} and ${t} (server ${i})`);
    }
    return term;
  }

  /** MIT's checkNoLeader: no connected server believes it leads. */
  checkNoLeader(): void {
    for (let i = 0; i < this.n; i++) {
      if (this.connected(i) && this.getState(i).isLeader) {
        this.fail(`expected no leader among connected servers, but server ${i} claims to be leader`);
      }
    }
  }

  //> harness-n-committed
  /**
   * MIT's nCommitted: how many servers applied a command at `index`, and which one. Two servers
   * that applied different commands there fail the test (the Applier would have caught it first).
   */
  nCommitted(index: number): { count: number; cmd: string | undefined } {
    let count = 0;
    let cmd: string | undefined;
    for (const s of this.servers) {
      const got = s.applier.log.get(index);
      if (got === undefined) continue;
      if (count > 0 && got !== cmd) this.fail(`committed values do not match: index ${index}, ${JSON.stringify(cmd)}, ${JSON.stringify(got)}`);
      count++;
      cmd = got;
    }
    return { count, cmd };
  }
  //< harness-n-committed

  //> harness-one
  /**
   * MIT's one(cmd, expectedServers, retry): offer `cmd` to each connected server until one
   * leader accepts it, then wait for `expectedServers` servers to apply it at that index. With
   * `retry`, a command lost to a leadership change is offered again. Gives up after 20 s of
   * virtual time (10 s in MIT, whose election timeouts are half of etcd's). Returns the index.
   */
  *oneProc(cmd: string, expectedServers: number, retry: boolean): Proc<number> {
    const t0 = this.now();
    let starts = 0;
    while (this.now() - t0 < 10 * ELECTION_TIMEOUT_MS) {
      let index = -1;
      for (let si = 0; si < this.n; si++) {
        starts = (starts + 1) % this.n;
        if (!this.connected(starts)) continue;
        const r = this.propose(starts, cmd);
        if (r.isLeader) {
          index = r.index;
          break;
        }
      }
      if (index === -1) {
        yield 50;
        continue;
      }
      // Somebody claimed to be the leader and took the command: wait a while for agreement.
      const t1 = this.now();
      while (this.now() - t1 < ELECTION_TIMEOUT_MS) {
        const { count, cmd: got } = this.nCommitted(index);
        if (count > 0 && count >= expectedServers && got === cmd) return index;
        yield 20;
      }
      if (!retry) this.fail(`one(${short(cmd)}) failed to reach agreement on ${expectedServers} servers`);
    }
    return this.fail(`one(${short(cmd)}) failed to reach agreement on ${expectedServers} servers within ${10 * ELECTION_TIMEOUT_MS} ms`);
  }
  //< harness-one

  one(cmd: string, expectedServers: number, retry: boolean): number {
    return this.run(this.oneProc(cmd, expectedServers, retry));
  }

  /**
   * MIT's wait(index, n, startTerm): poll until `n` servers applied `index` and return the
   * command there; give up (return undefined) if a term beyond `startTerm` appears, since then
   * the command may legitimately never commit.
   */
  *waitProc(index: number, n: number, startTerm: number): Proc<string | undefined> {
    let to = 10;
    for (let iters = 0; iters < 30; iters++) {
      const { count } = this.nCommitted(index);
      if (count >= n) break;
      yield to;
      if (to < 1000) to *= 2;
      if (startTerm > -1) {
        for (let i = 0; i < this.n; i++) if (this.getState(i).term > startTerm) return undefined;
      }
    }
    const { count, cmd } = this.nCommitted(index);
    if (count < n) this.fail(`only ${count} decided for index ${index}; wanted ${n}`);
    return cmd;
  }

  // --- time and processes ---------------------------------------------------------------------

  /** time.Sleep for the test's main goroutine: virtual time passes, everything else runs. */
  sleep(ms: number): void {
    this.clock.advance(ms);
    this.scheduler.rethrow();
  }

  /** Runs one process to completion (other processes and the cluster run meanwhile). */
  run<T>(proc: Proc<T>, limitMs = 600_000): T {
    const task = this.scheduler.spawn(proc);
    this.clock.runUntil(() => task.done, { limitMs });
    this.scheduler.rethrow();
    if (!task.done) this.fail(`a process did not finish within ${limitMs} ms of virtual time`);
    return task.value as T;
  }

  fail(message: string): never {
    throw new BatteryFailure(`${message} (at t=${Math.round(this.now())} ms)`);
  }

  // --- accounting -----------------------------------------------------------------------------

  /** MIT's rpcCount: RPC requests sent by all servers so far (replies not counted). */
  rpcTotal(): number {
    return this.rpc.calls;
  }

  /** MIT's BytesTotal, approximated: JSON length of every Raft message sent, requests and replies. */
  bytesTotal(): number {
    return this.rpc.bytes;
  }

  /** The largest WAL on any server, in bytes (MIT's LogSize: the persisted Raft state). */
  logSize(): number {
    return Math.max(...this.servers.map((s) => s.disk.read("wal")?.length ?? 0));
  }

  /** The longest in-memory log (entries after the snapshot) on any running server. */
  maxLogEntries(): number {
    return Math.max(0, ...this.liveRafts().map((r) => r.raftLog.lastIndex() - r.raftLog.firstIndex() + 1));
  }

  /** Server i's disk, to slow its fsyncs down (`disk(i).fsyncLatency = ...`). */
  disk(i: number): Disk {
    return this.server(i).disk;
  }

  /** The servers' appliers: what each applied where. */
  applier(i: number): Applier {
    return this.server(i).applier;
  }

  liveRafts(): Raft[] {
    return this.servers.flatMap((s) => (s.node ? [s.node.raw.raft] : []));
  }

  private account(m: Message): void {
    this.rpc.messages++;
    if (REQUESTS.has(m.type)) this.rpc.calls++;
    this.rpc.byType.set(m.type, (this.rpc.byType.get(m.type) ?? 0) + 1);
    if (this.options.countBytes ?? true) this.rpc.bytes += JSON.stringify(m).length;
  }

  private server(i: number): Server<A> {
    const s = this.servers[i];
    if (!s) throw new RangeError(`no server ${i} (servers are 0..${this.n - 1})`);
    return s;
  }
}

function short(cmd: string): string {
  return cmd.length > 20 ? `${JSON.stringify(cmd.slice(0, 17))}...` : JSON.stringify(cmd);
}
