// `npm run bench -- raft`: how fast Raft is tested and run in simulation.
//
//   1. the whole MIT-style battery (src/etcd/battery): wall time against simulated time;
//   2. chaos seeds per second, with their violations (safety, liveness, linearizability);
//   3. client operations per second through 3- and 5-member clusters (wall-clock throughput of
//      the simulator), with the latency the clients see in virtual time, and the time the
//      linearizability checker takes on those histories.
//
// RAFT_BENCH_SEEDS sets the number of chaos seeds (default 1000), RAFT_BENCH_ETCD_SEEDS those on
// the etcd server (default 100). `violations` counts both. The last line is one JSON object.
import { performance } from "node:perf_hooks";
import { battery, DEFAULT_BATTERY_SEED } from "../src/etcd/battery/battery";
import { chaosRun } from "../src/etcd/battery/chaos";
import { etcdChaosRun } from "../src/etcd/battery/etcd-chaos";
import { kvModel } from "../src/etcd/battery/kv-model";
import { runWorkload } from "../src/etcd/battery/kv-workload";
import { checkLinearizability } from "../src/etcd/battery/linearizability";
import { runScenario } from "../src/etcd/battery/scenario";

const fmt = (x: number, digits = 1): string => x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

// 1. The battery, part by part.
const parts = new Map<string, { tests: number; wall: number; sim: number; failed: number }>();
let batteryWall = 0;
let batterySim = 0;
let batteryFailed = 0;
for (const s of battery) {
  const p = parts.get(s.part) ?? { tests: 0, wall: 0, sim: 0, failed: 0 };
  const t0 = performance.now();
  let sim = 0;
  try {
    sim = runScenario(s, DEFAULT_BATTERY_SEED);
  } catch (err) {
    p.failed++;
    batteryFailed++;
    console.error(err instanceof Error ? err.message : err);
  }
  const wall = (performance.now() - t0) / 1000;
  p.tests++;
  p.wall += wall;
  p.sim += sim / 1000;
  parts.set(s.part, p);
  batteryWall += wall;
  batterySim += sim / 1000;
}
console.log("## Battery (MIT 6.5840 Raft tests 3A–3D, virtual time, seed 1)\n");
console.log("| part | tests | failed | wall s | simulated s | speed-up |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const [part, p] of parts) {
  console.log(`| ${part} | ${p.tests} | ${p.failed} | ${fmt(p.wall, 2)} | ${fmt(p.sim)} | ${fmt(p.sim / p.wall, 0)}× |`);
}
console.log(`| all | ${battery.length} | ${batteryFailed} | ${fmt(batteryWall, 2)} | ${fmt(batterySim)} | ${fmt(batterySim / batteryWall, 0)}× |`);

// 2. Chaos seeds.
const seedCount = Number(process.env["RAFT_BENCH_SEEDS"] ?? 1000);
let violations = 0;
let unknown = 0;
let chaosOps = 0;
let chaosSim = 0;
const failing: string[] = [];
const c0 = performance.now();
for (let i = 0; i < seedCount; i++) {
  const r = chaosRun(`chaos-${i}`);
  if (r.violation) {
    violations++;
    if (failing.length < 5) failing.push(`${r.seed}: ${r.violation.slice(0, 300)}`);
  }
  if (r.linearizability === "unknown") unknown++;
  chaosOps += r.ops;
  chaosSim += r.simMs / 1000;
}
const chaosWall = (performance.now() - c0) / 1000;
console.log("\n## Chaos (faults, then recovery; safety, liveness and linearizability checked)\n");
console.log("| seeds | violations | linearizability unknown | client ops checked | wall s | simulated s | seeds per second |");
console.log("|---:|---:|---:|---:|---:|---:|---:|");
console.log(
  `| ${seedCount} | ${violations} | ${unknown} | ${chaosOps.toLocaleString("en-US")} | ${fmt(chaosWall, 2)} | ${fmt(chaosSim, 0)} | ${fmt(seedCount / chaosWall)} |`,
);
for (const f of failing) console.log(`violation ${f}\n  replay: RAFT_CHAOS_SEED=${f.split(":")[0]} npx vitest run src/etcd/battery/chaos.test.ts`);

// 2b. Chaos on the etcd server (EtcdCluster + EtcdClient histories).
const etcdSeeds = Number(process.env["RAFT_BENCH_ETCD_SEEDS"] ?? 100);
let etcdIllegal = 0;
let etcdUnknown = 0;
let etcdOps = 0;
const e0 = performance.now();
for (let i = 0; i < etcdSeeds; i++) {
  const r = etcdChaosRun(`etcd-chaos-${i}`);
  if (r.linearizability === "illegal") {
    etcdIllegal++;
    console.log(`violation etcd-chaos-${i}: ${r.explanation?.slice(0, 300)}\n  replay: ETCD_CHAOS_SEED=etcd-chaos-${i} npx vitest run src/etcd/battery/etcd-chaos.test.ts`);
  }
  if (r.linearizability === "unknown") etcdUnknown++;
  etcdOps += r.checked;
}
const etcdWall = (performance.now() - e0) / 1000;
violations += etcdIllegal;
console.log("\n## Chaos on the etcd server (EtcdCluster, EtcdClient histories checked for linearizability)\n");
console.log("| seeds | not linearizable | unknown | client calls checked | wall s | seeds per second |");
console.log("|---:|---:|---:|---:|---:|---:|");
console.log(`| ${etcdSeeds} | ${etcdIllegal} | ${etcdUnknown} | ${etcdOps.toLocaleString("en-US")} | ${fmt(etcdWall, 2)} | ${fmt(etcdSeeds / etcdWall)} |`);

// 3. Throughput of the simulator: back-to-back clients on a healthy cluster.
console.log("\n## Client operations through the key-value service (ReadIndex reads, 8 clients, 60 s simulated)\n");
console.log("| members | ops | wall s | ops per wall second | ops per simulated second | latency p50 / p99 (virtual ms) | linearizability check ms |");
console.log("|---:|---:|---:|---:|---:|---:|---:|");
const throughput: Record<string, number> = {};
for (const servers of [3, 5]) {
  const t0 = performance.now();
  const w = runWorkload({ seed: `bench-${servers}`, servers, clients: 8, durationMs: 60_000 });
  const wall = (performance.now() - t0) / 1000;
  const ops = w.history.filter((o) => o.output !== undefined).length;
  const l0 = performance.now();
  const lin = checkLinearizability(kvModel, w.history);
  const linMs = performance.now() - l0;
  if (lin.result !== "ok") {
    violations += lin.result === "illegal" ? 1 : 0;
    console.error(`workload on ${servers} members: linearizability ${lin.result}`);
  }
  console.log(
    `| ${servers} | ${ops.toLocaleString("en-US")} | ${fmt(wall, 2)} | ${Math.round(ops / wall).toLocaleString("en-US")} | ${fmt(w.opsPerSimSecond, 0)} | ${fmt(w.latency.p50)} / ${fmt(w.latency.p99)} | ${fmt(linMs, 0)} |`,
  );
  throughput[`ops_per_wall_s_${servers}`] = Math.round(ops / wall);
  throughput[`ops_per_sim_s_${servers}`] = Math.round(w.opsPerSimSecond);
  throughput[`latency_p50_ms_${servers}`] = Math.round(w.latency.p50 * 10) / 10;
  throughput[`latency_p99_ms_${servers}`] = Math.round(w.latency.p99 * 10) / 10;
  throughput[`lincheck_ms_${servers}`] = Math.round(linMs);
}

console.log(
  JSON.stringify({
    area: "raft",
    battery_tests: battery.length,
    battery_failed: batteryFailed,
    battery_wall_s: Math.round(batteryWall * 100) / 100,
    battery_sim_s: Math.round(batterySim * 10) / 10,
    chaos_seeds: seedCount,
    chaos_wall_s: Math.round(chaosWall * 100) / 100,
    chaos_seeds_per_s: Math.round((seedCount / chaosWall) * 10) / 10,
    violations,
    lin_unknown: unknown,
    etcd_chaos_seeds: etcdSeeds,
    etcd_chaos_illegal: etcdIllegal,
    ...throughput,
    node: process.version,
  }),
);
