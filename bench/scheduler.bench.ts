// How fast the scheduler places pods, on workloads shaped like upstream's scheduler_perf
// (test/integration/scheduler_perf/config/performance-config.yaml): nodes like
// node-default.yaml (4 cpu, 32Gi, 110 pods), pods like pod-default.yaml (100m cpu, 500Mi),
// `initPods` placed first, then `measuredPods` timed one scheduling cycle at a time.
//
// Upstream's CI floor for SchedulingBasic at 5000 nodes is 680 pods/s (its thresholds, on CI
// machines, with 16 parallel filter/score goroutines); we run single-threaded on this machine.
// Latencies are wall time per scheduleOne (scheduling + binding cycle). "pods/s (cpu)" divides
// by this process's CPU time instead, to tell a slow scheduler from a busy machine.
import { performance } from "node:perf_hooks";
import type { Node, Pod } from "kubernetes-types/core/v1";
import { InMemoryCluster, LabelTopologyZone, makeNode, makePod, matchLabels } from "../src/scheduler";

interface Workload {
  name: string;
  nodes: number;
  initPods: number;
  measuredPods: number;
  node?: (i: number) => Node;
  initPod?: (i: number) => Pod;
  pod?: (i: number) => Pod;
}

const zones = 10;
const defaultNode = (i: number): Node =>
  makeNode().name(`node-${i}`).label(LabelTopologyZone, `zone-${i % zones}`).capacity({ cpu: "4", memory: "32Gi", pods: "110" }).obj();
const defaultPod = (prefix: string) => (i: number): Pod => makePod().name(`${prefix}-${i}`).req({ cpu: "100m", memory: "500Mi" }).obj();

interface Result {
  workload: string;
  nodes: number;
  measured: number;
  scheduled: number;
  podsPerS: number;
  /** Pods per second of this process's CPU time: what the wall-clock figure would be on an idle machine. */
  podsPerCpuS: number;
  p50: number;
  p99: number;
}

function run(w: Workload): Result {
  const nodeFn = w.node ?? defaultNode;
  const cluster = new InMemoryCluster({ nodes: Array.from({ length: w.nodes }, (_, i) => nodeFn(i)), seed: 1 });
  const initFn = w.initPod ?? defaultPod("init");
  for (let i = 0; i < w.initPods; i++) cluster.addPod(initFn(i));
  cluster.scheduleAll();
  const podFn = w.pod ?? defaultPod("measured");
  for (let i = 0; i < w.measuredPods; i++) cluster.addPod(podFn(i));
  const latencies: number[] = [];
  let scheduled = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (;;) {
    const s = performance.now();
    const r = cluster.scheduleOne();
    if (!r) break;
    latencies.push(performance.now() - s);
    if (r.outcome === "Scheduled") scheduled++;
  }
  const total = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return { workload: w.name, nodes: w.nodes, measured: w.measuredPods, scheduled, podsPerS: Math.round(latencies.length / (total / 1000)), podsPerCpuS: Math.round(latencies.length / (cpuMs / 1000)), p50: q(0.5), p99: q(0.99) };
}

const antiAffinityPod = (prefix: string) => (i: number): Pod =>
  makePod().name(`${prefix}-${i}`).label("color", "green").req({ cpu: "100m", memory: "500Mi" })
    .podAntiAffinity("kubernetes.io/hostname", matchLabels({ color: "green" })).obj();
const nodeAffinityPod = (i: number): Pod =>
  makePod().name(`na-${i}`).req({ cpu: "100m", memory: "500Mi" })
    .nodeAffinity({ key: LabelTopologyZone, operator: "In", values: ["zone-1", "zone-2"] }).obj();
const spreadPod = (i: number): Pod =>
  makePod().name(`ts-${i}`).label("app", "spread").req({ cpu: "100m", memory: "500Mi" })
    .spreadConstraint(1, LabelTopologyZone, "DoNotSchedule", matchLabels({ app: "spread" })).obj();

const workloads: Workload[] = [
  { name: "SchedulingBasic", nodes: 500, initPods: 1000, measuredPods: 10000 },
  { name: "SchedulingBasic", nodes: 5000, initPods: 1000, measuredPods: 10000 },
  { name: "SchedulingPodAntiAffinity", nodes: 5000, initPods: 1000, measuredPods: 1000, initPod: antiAffinityPod("init"), pod: antiAffinityPod("measured") },
  { name: "SchedulingNodeAffinity", nodes: 5000, initPods: 1000, measuredPods: 2000, pod: nodeAffinityPod },
  { name: "TopologySpreading", nodes: 5000, initPods: 1000, measuredPods: 2000, pod: spreadPod },
];
const sizes = [50, 500, 1000, 5000, 15000];

const results = workloads.map(run);
const scaling = sizes.map((n) => run({ name: "SchedulingBasic (scaling)", nodes: n, initPods: Math.min(1000, n * 10), measuredPods: 1000 }));

const fmt = (r: Result): string =>
  `| ${r.workload} | ${r.nodes} | ${r.measured} | ${r.scheduled} | ${r.podsPerS.toLocaleString("en-US")} | ${r.podsPerCpuS.toLocaleString("en-US")} | ${r.p50.toFixed(3)} | ${r.p99.toFixed(3)} |`;
console.log("| workload | nodes | measured pods | scheduled | pods/s (wall) | pods/s (cpu) | p50 ms | p99 ms |");
console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
for (const r of [...results, ...scaling]) console.log(fmt(r));

const basic5000 = results[1]!;
console.log(
  JSON.stringify({
    area: "scheduler",
    pods_per_s_5000_nodes: basic5000.podsPerS,
    pods_per_cpu_s_5000_nodes: basic5000.podsPerCpuS,
    p50_ms_5000_nodes: Number(basic5000.p50.toFixed(3)),
    p99_ms_5000_nodes: Number(basic5000.p99.toFixed(3)),
    pods_per_s_500_nodes: results[0]!.podsPerS,
    pods_per_s_anti_affinity_5000_nodes: results[2]!.podsPerS,
    pods_per_s_node_affinity_5000_nodes: results[3]!.podsPerS,
    pods_per_s_topology_spreading_5000_nodes: results[4]!.podsPerS,
    scaling_pods_per_s: Object.fromEntries(scaling.map((r) => [String(r.nodes), r.podsPerS])),
    upstream_ci_floor_pods_per_s_5000_nodes: 680,
    node: process.version,
  }),
);
