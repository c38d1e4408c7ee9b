// An etcd cluster of 1, 3 or 5 members on one Simulation, with the faults and the operations a
// scenario needs: crash, restart, partition, heal, slow disks; clients; snapshot save and restore;
// metrics.
//
// Why 1, 3 or 5: a cluster of n members commits with a majority of floor(n/2) + 1, so it survives
// floor((n-1)/2) failures. 3 survives one, 5 survives two; 4 survives one, like 3, and needs a
// larger quorum, which is why etcd recommends odd sizes (etcd.io/docs/v3.6/faq/).
//
// Members are numbered 1..n and live at addresses "n1".."nn"; clients at "client1", ... Each
// member keeps its Disk across crashes: restarting reads back what the last fsync made durable.
import { Simulation } from "../../sim/simulation";
import type { Seed } from "../../sim/rng";
import type { LinkConfig } from "../../sim/network";
import type { Latency } from "../../sim/latency";
import type { Disk } from "../../sim/disk";
import { describeMessage, type NodeId } from "../raft/types";
import { snapshot as snapshotStore } from "../mvcc/snapshot";
import { EtcdMember, type EtcdMemberOptions } from "./member";
import { EtcdClient, type Call, type EtcdClientOptions } from "./client";
import { describeRequest, type EtcdWire } from "./requests";
import { address } from "./transport";
import { WalStorage } from "./wal";
import { prepareRestore, statusOf, type RestoreOptions, type SavedSnapshot } from "./snapshot-file";
import { memberMetrics } from "./metrics";
import { formatEndpointStatus } from "./etcdctl-printer";
import { endpointStatus } from "./serve";
import { MetricsRecorder } from "./metrics-recorder";
import { AlertEvaluator, courseEtcdAlerts, type AlertRule } from "./alerts";

export interface EtcdClusterOptions {
  seed: Seed;
  /** Number of members: 1, 3 or 5 (any size from 1 to 7 works; even sizes gain nothing). */
  size: number;
  link?: Partial<LinkConfig>;
  /** WAL fsync latency of every member's disk. Default fixed 1 ms. */
  fsyncLatency?: Latency;
  tickMs?: number;
  raft?: EtcdMemberOptions["raft"];
  snapshotCount?: number;
  catchUpEntries?: number;
  /** Store settings of every member: quota, request size, minimum lease TTL. */
  store?: EtcdMemberOptions["store"];
  requestTimeoutMs?: number;
  autoCompaction?: EtcdMemberOptions["autoCompaction"];
}

interface Slot {
  id: NodeId;
  disk: Disk;
  member: EtcdMember | undefined;
  boots: number;
}

export class EtcdCluster {
  readonly sim: Simulation<EtcdWire>;
  readonly ids: NodeId[];
  /** A random 64-bit ID in hex, as etcd derives one for each new cluster. */
  readonly clusterId: string;
  private readonly slots = new Map<NodeId, Slot>();
  private readonly clients: EtcdClient[] = [];
  private removePartition: (() => void) | undefined;

  constructor(readonly options: EtcdClusterOptions, restoredFrom?: string) {
    if (!Number.isInteger(options.size) || options.size < 1 || options.size > 7) {
      throw new Error(`etcd cluster size must be an integer from 1 to 7 (1, 3 or 5 recommended), got ${options.size}`);
    }
    this.sim = new Simulation<EtcdWire>({ seed: options.seed, link: options.link, describe: describeEtcdWire });
    const idRng = this.sim.rng.fork(restoredFrom === undefined ? "cluster-id" : "cluster-id/restored");
    this.clusterId = idRng.nextUint32().toString(16).padStart(8, "0") + idRng.nextUint32().toString(16).padStart(8, "0");
    this.ids = Array.from({ length: options.size }, (_, i) => i + 1);
    for (const id of this.ids) {
      const slot: Slot = { id, disk: this.sim.disk(address(id), options.fsyncLatency), member: undefined, boots: 0 };
      if (restoredFrom !== undefined) this.writeRestoredDataDir(slot.disk, restoredFrom);
      this.slots.set(id, slot);
      this.boot(slot);
    }
  }

  //> etcd-cluster-restore
  /**
   * `etcdutl snapshot restore` on every member, then start them: a new cluster (new cluster ID)
   * whose store is the snapshot's, at the snapshot's revision (bumped if asked).
   */
  static restore(file: string, options: EtcdClusterOptions & RestoreOptions): EtcdCluster {
    return new EtcdCluster(options, prepareRestore(file, options));
  }

  /**
   * A restored member's data directory: a Raft snapshot holding the store, with the new
   * membership, at index = number of members and term 1, as etcdutl writes it (it also records
   * one ConfChange entry per member in the new WAL, which that index accounts for).
   */
  private writeRestoredDataDir(disk: Disk, data: string): void {
    const index = this.ids.length;
    const { wal } = WalStorage.open(disk);
    wal.save({ metadata: { index, term: 1, confState: { voters: [...this.ids] } }, data }, [], { term: 1, vote: 0, commit: index });
    disk.fsyncNow();
  }
  //< etcd-cluster-restore

  get clock() {
    return this.sim.clock;
  }

  /** A running member; throws if it is down. */
  member(id: NodeId): EtcdMember {
    const m = this.slot(id).member;
    if (!m) throw new Error(`member ${id} is down; restart it first`);
    return m;
  }

  /** The disk of member `id` (it survives crashes). */
  disk(id: NodeId): Disk {
    return this.slot(id).disk;
  }

  live(): EtcdMember[] {
    return this.ids.map((id) => this.slots.get(id)!.member).filter((m): m is EtcdMember => m !== undefined);
  }

  /** The member that leads in the highest term, if any. */
  leader(): EtcdMember | undefined {
    return this.live()
      .filter((m) => m.isLeader)
      .sort((a, b) => b.node.term - a.node.term)[0];
  }

  /** Runs the clock until some member leads (and has applied its first entry), or `limitMs` passes. */
  waitForLeader(limitMs = 10_000): EtcdMember | undefined {
    this.clock.runUntil(() => {
      const l = this.leader();
      return l !== undefined && l.applier.applied >= l.node.committed && l.node.committed > 0;
    }, { limitMs });
    return this.leader();
  }

  /** A client at its own address. Endpoints default to every member, in order. */
  client(options: Partial<Omit<EtcdClientOptions, "clock" | "network" | "endpoints">> & { endpoints?: Array<NodeId | string> } = {}): EtcdClient {
    const endpoints = (options.endpoints ?? this.ids).map((e) => (typeof e === "number" ? address(e) : e));
    const client = new EtcdClient({ ...options, name: options.name ?? `client${this.clients.length + 1}`, clock: this.clock, network: this.sim.network, endpoints });
    this.clients.push(client);
    return client;
  }

  /** Runs the clock until `call` is answered (or `limitMs` passes) and returns it. */
  settle<T>(call: Call<T>, limitMs = 60_000): Call<T> {
    this.clock.runUntil(() => call.done, { limitMs });
    return call;
  }

  /** Every client's calls, by invocation time: the history a linearizability checker reads. */
  history(): Call<unknown>[] {
    return this.clients.flatMap((c) => c.history).sort((a, b) => a.call - b.call || a.id - b.id);
  }

  // --- faults -----------------------------------------------------------------------------------

  /** Power loss: the process stops, unsynced writes are lost, messages to it are dropped. */
  crash(id: NodeId): void {
    const slot = this.slot(id);
    slot.member?.stop();
    slot.member = undefined;
    slot.disk.crash();
    this.sim.network.detach(address(id));
    this.sim.trace.state(address(id), "crashed");
  }

  /** Starts a crashed member from what its disk kept. */
  restart(id: NodeId): void {
    const slot = this.slot(id);
    if (slot.member) throw new Error(`member ${id} is running; crash it first`);
    this.boot(slot);
  }

  //> etcd-cluster-partition
  /**
   * Cuts the network between groups of members; members not named form one more group. Clients
   * still reach every member (they sit on both sides, like API servers spread over the same
   * zones), so a scenario can show what each side answers.
   *
   * SIMPLIFICATION: the cut applies to messages sent from now on; the few already in flight (a
   * millisecond's worth) still arrive.
   */
  partition(...groups: NodeId[][]): void {
    this.removePartition?.();
    const groupOf = new Map<string, number>();
    groups.forEach((g, i) => g.forEach((id) => groupOf.set(address(id), i)));
    const members = new Set(this.ids.map(address));
    this.removePartition = this.sim.network.addFilter((_m, from, to) =>
      members.has(from) && members.has(to) && (groupOf.get(from) ?? -1) !== (groupOf.get(to) ?? -1) ? "drop" : "deliver",
    );
    this.sim.trace.mark(`partition ${groups.map((g) => `{${g.map(address).join(",")}}`).join(" | ")}`);
  }

  heal(): void {
    this.removePartition?.();
    this.removePartition = undefined;
    this.sim.trace.mark("heal");
  }
  //< etcd-cluster-partition

  /** Changes the WAL fsync latency of some members' disks (a noisy neighbour, a throttled volume). */
  slowDisk(ids: NodeId | NodeId[], latency: Latency): void {
    for (const id of Array.isArray(ids) ? ids : [ids]) this.slot(id).disk.fsyncLatency = latency;
  }

  // --- operations ---------------------------------------------------------------------------------

  //> etcd-cluster-snapshot-save
  /** `etcdctl snapshot save` from member `id`: its store, now, with the status etcdutl would print. */
  snapshotSave(id: NodeId): SavedSnapshot {
    const file = snapshotStore(this.member(id).store);
    return { file, status: statusOf(file), member: address(id) };
  }
  //< etcd-cluster-snapshot-save

  /** `etcdctl endpoint status -w table` over the running members (a local call on each, no consensus). */
  endpointStatus(): string {
    return formatEndpointStatus(this.live().map((m) => ({ endpoint: m.name, status: endpointStatus(m) })));
  }

  /** Member `id`'s /metrics page in Prometheus text format; undefined while it is down. */
  metrics(id: NodeId): string | undefined {
    const m = this.slot(id).member;
    return m ? memberMetrics(m) : undefined;
  }

  /** Every member's /metrics page (undefined for members that are down), for a MetricsRecorder. */
  scrape(): Map<string, string | undefined> {
    return new Map(this.ids.map((id) => [address(id), this.metrics(id)]));
  }

  //> etcd-cluster-monitor
  /**
   * Starts a Prometheus on the simulation: scrape every member each `intervalMs` (default 15 s)
   * and evaluate `rules` (default: upstream's plus the course's 10 ms fsync rule) after each scrape.
   */
  monitor(options: { rules?: AlertRule[]; intervalMs?: number } = {}): { recorder: MetricsRecorder; alerts: AlertEvaluator } {
    let alerts: AlertEvaluator | undefined;
    const recorder = new MetricsRecorder({
      clock: this.clock,
      scrape: () => this.scrape(),
      intervalMs: options.intervalMs,
      afterScrape: (t) => alerts?.evaluate(t),
    });
    alerts = new AlertEvaluator(options.rules ?? courseEtcdAlerts(), recorder);
    recorder.start();
    return { recorder, alerts };
  }
  //< etcd-cluster-monitor

  private slot(id: NodeId): Slot {
    const s = this.slots.get(id);
    if (!s) throw new Error(`no member ${id} (members: ${this.ids.join(", ")})`);
    return s;
  }

  private boot(slot: Slot): void {
    const o = this.options;
    const member = new EtcdMember({
      id: slot.id,
      peers: this.ids,
      clusterId: this.clusterId,
      clock: this.sim.clock,
      disk: slot.disk,
      rng: this.sim.rng.fork(`raft/${address(slot.id)}/boot${slot.boots}`),
      network: this.sim.network,
      boot: slot.boots++,
      trace: this.sim.trace,
      tickMs: o.tickMs,
      raft: o.raft,
      snapshotCount: o.snapshotCount,
      catchUpEntries: o.catchUpEntries,
      store: o.store,
      requestTimeoutMs: o.requestTimeoutMs,
      autoCompaction: o.autoCompaction,
    });
    slot.member = member;
    this.sim.network.attach(address(slot.id), (wire, from) => member.receive(wire, from));
  }
}

/** Short text of a message for traces and timelines. */
export function describeEtcdWire(w: EtcdWire): string {
  switch (w.kind) {
    case "raft":
      return describeMessage(w.msg);
    case "snap-ack":
      return "snap-ack";
    case "client-request":
      return describeRequest(w.request);
    case "client-response":
      return w.result.ok ? "ok" : w.result.error.message;
  }
}
