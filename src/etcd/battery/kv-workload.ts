// A fault-free workload on the key-value service: clients keep issuing operations for a while
// on a healthy cluster. The benchmark measures how fast the simulator pushes operations through
// Raft, and what latency the clients see in virtual time; a notebook can plot the same numbers.
import type { Seed } from "../../sim/rng";
import { Harness } from "./harness";
import type { KvOperation } from "./kv-model";
import { KvClient, kvService, type KvMessage, type ReadMode } from "./kv-service";

export interface WorkloadOptions {
  seed: Seed;
  servers: number;
  clients: number;
  durationMs: number;
  readMode?: ReadMode;
  /** Client pause between operations. Default [0, 1): back to back. */
  thinkMs?: [number, number];
}

export interface WorkloadResult {
  history: KvOperation[];
  harness: Harness<KvMessage>;
  /** Completed operations per virtual second. */
  opsPerSimSecond: number;
  /** Latency percentiles of completed operations, in virtual ms. */
  latency: { p50: number; p99: number; mean: number };
}

export function runWorkload(o: WorkloadOptions): WorkloadResult {
  const names = Array.from({ length: o.clients }, (_, i) => `c${i + 1}`);
  const h = new Harness<KvMessage>({ seed: o.seed, servers: o.servers, service: kvService(o.readMode ?? "readIndex"), clients: names, countBytes: false });
  const history: KvOperation[] = [];
  const servers = Array.from({ length: o.servers }, (_, i) => `n${i + 1}`);
  h.clock.runUntil(() => h.liveRafts().some((r) => r.state === "StateLeader"), { limitMs: 20_000 });
  const clients = names.map(
    (name) =>
      new KvClient({ name, clock: h.clock, network: h.sim.network, rng: h.sim.rng.fork(`client/${name}`), servers, history, thinkMs: o.thinkMs ?? [0, 1] }),
  );
  const start = h.now();
  for (const c of clients) c.start();
  h.sleep(o.durationMs);
  for (const c of clients) c.stop();
  h.clock.runUntil(() => clients.every((c) => c.idle), { limitMs: 20_000 });
  const done = history.filter((op) => op.output !== undefined && op.return <= start + o.durationMs);
  const latencies = done.map((op) => op.return - op.call).sort((a, b) => a - b);
  const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    history,
    harness: h,
    opsPerSimSecond: done.length / (o.durationMs / 1000),
    latency: { p50: at(0.5), p99: at(0.99), mean: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length) },
  };
}
