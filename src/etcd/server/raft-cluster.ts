// A cluster of Raft nodes on one Simulation, with the simplest state machine there is (the list
// of applied commands). Tests, benchmarks, notebooks and the playground use it to watch Raft
// itself; the etcd server (the MVCC store behind Raft) is built from the same RaftNode.
//
// Faults a scenario can inject: crash (power loss: unsynced writes are gone), restart (from the
// disk), partition and heal, loss/duplication/reordering on links, slow disks.
import { Simulation } from "../../sim/simulation";
import type { Seed } from "../../sim/rng";
import type { LinkConfig } from "../../sim/network";
import type { Latency } from "../../sim/latency";
import type { Disk } from "../../sim/disk";
import type { Entry, NodeId, ReadState } from "../raft/types";
import { RaftNode, type RaftNodeOptions } from "./raft-node";
import { RaftTransport, address, describeWire, type RaftWire } from "./transport";

/** The list state machine: every applied non-empty command, in order, with its log index. */
export class ListMachine {
  entries: { index: number; data: string }[] = [];
  apply(entry: Entry): void {
    if (entry.data !== "") this.entries.push({ index: entry.index, data: entry.data });
  }
  snapshot(): string {
    return JSON.stringify(this.entries);
  }
  restore(data: string): void {
    this.entries = JSON.parse(data) as { index: number; data: string }[];
  }
}

export interface RaftClusterOptions {
  seed: Seed;
  size: number;
  link?: Partial<LinkConfig>;
  fsyncLatency?: Latency;
  tickMs?: number;
  raft?: RaftNodeOptions["raft"];
  snapshotCount?: number;
  catchUpEntries?: number;
}

export interface Member {
  id: NodeId;
  disk: Disk;
  machine: ListMachine;
  node: RaftNode | undefined;
  transport: RaftTransport | undefined;
  readStates: ReadState[];
}

export class RaftCluster {
  readonly sim: Simulation<RaftWire>;
  readonly members = new Map<NodeId, Member>();
  readonly ids: NodeId[];

  constructor(readonly options: RaftClusterOptions) {
    this.sim = new Simulation<RaftWire>({ seed: options.seed, link: options.link, describe: describeWire });
    this.ids = Array.from({ length: options.size }, (_, i) => i + 1);
    for (const id of this.ids) {
      const member: Member = {
        id,
        disk: this.sim.disk(address(id), options.fsyncLatency),
        machine: new ListMachine(),
        node: undefined,
        transport: undefined,
        readStates: [],
      };
      this.members.set(id, member);
      this.boot(member);
    }
  }

  get clock() {
    return this.sim.clock;
  }

  member(id: NodeId): Member {
    const m = this.members.get(id);
    if (!m) throw new Error(`no member ${id} (members: ${this.ids.join(", ")})`);
    return m;
  }

  node(id: NodeId): RaftNode {
    const node = this.member(id).node;
    if (!node) throw new Error(`member ${id} is down; restart it first`);
    return node;
  }

  /** Live nodes that believe they lead, highest term first. */
  leaders(): RaftNode[] {
    return this.live()
      .filter((n) => n.isLeader)
      .sort((a, b) => b.term - a.term);
  }

  /** The leader of the highest term, if any. */
  leader(): RaftNode | undefined {
    return this.leaders()[0];
  }

  live(): RaftNode[] {
    return this.ids.map((id) => this.members.get(id)!.node).filter((n): n is RaftNode => n !== undefined);
  }

  /** Runs until some node leads, or `limitMs` passes. */
  waitForLeader(limitMs = 10_000): RaftNode | undefined {
    this.clock.runUntil(() => this.leader() !== undefined, { limitMs });
    return this.leader();
  }

  /** Proposes on the current leader; returns false when there is none or it refused. */
  propose(data: string): boolean {
    const leader = this.leader();
    return leader !== undefined && leader.propose(data) === undefined;
  }

  /** Power loss: the process stops, unsynced disk writes are lost, the network drops its messages. */
  crash(id: NodeId): void {
    const m = this.member(id);
    m.node?.stop();
    m.transport?.stop();
    m.disk.crash();
    m.node = undefined;
    m.transport = undefined;
    this.sim.network.detach(address(id));
    this.sim.trace.state(address(id), "crashed");
  }

  /** Starts a crashed member again from what its disk kept. */
  restart(id: NodeId): void {
    const m = this.member(id);
    if (m.node) throw new Error(`member ${id} is running; crash it first`);
    m.machine = new ListMachine();
    this.boot(m);
  }

  partition(...groups: NodeId[][]): void {
    this.sim.network.partition(groups.map((g) => g.map(address)));
  }

  heal(): void {
    this.sim.network.heal();
  }

  /** The commands applied by each live member, for agreement checks. */
  applied(): Map<NodeId, string[]> {
    const out = new Map<NodeId, string[]>();
    for (const m of this.members.values()) if (m.node) out.set(m.id, m.machine.entries.map((e) => e.data));
    return out;
  }

  private boot(member: Member): void {
    const { id } = member;
    const transport = new RaftTransport(id, {
      clock: this.sim.clock,
      network: this.sim.network,
      onSnapshotStatus: (to, ok) => member.node?.reportSnapshot(to, ok),
    });
    const node = new RaftNode({
      id,
      peers: this.ids,
      clock: this.sim.clock,
      disk: member.disk,
      rng: this.sim.rng.fork(`raft/${address(id)}/boot${member.disk.stats.crashes}`),
      send: (msg) => transport.send(msg),
      app: member.machine,
      tickMs: this.options.tickMs,
      raft: this.options.raft,
      snapshotCount: this.options.snapshotCount,
      catchUpEntries: this.options.catchUpEntries,
      onReadState: (rs) => member.readStates.push(rs),
      trace: this.sim.trace,
    });
    member.node = node;
    member.transport = transport;
    this.sim.network.attach(address(id), (wire) => {
      if (wire.kind === "raft") {
        node.step(wire.msg);
        transport.acknowledge(wire.msg);
      } else {
        transport.acknowledged(wire.from, wire.index);
      }
    });
  }
}
