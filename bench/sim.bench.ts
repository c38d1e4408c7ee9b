// How fast the simulation kernel runs: virtual-clock timers and network messages per second of
// wall time. Everything else in the course runs on top of these two loops.
import { performance } from "node:perf_hooks";
import { Simulation, VirtualClock } from "../src/sim";

function best(runs: number, fn: () => number): { ms: number; ops: number } {
  let bestMs = Infinity;
  let ops = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    ops = fn();
    bestMs = Math.min(bestMs, performance.now() - t0);
  }
  return { ms: bestMs, ops };
}

// 1. Timers: 1000 periodic timers with random periods, 200 000 firings.
const timers = best(5, () => {
  const clock = new VirtualClock();
  for (let i = 0; i < 1000; i++) {
    const period = 10 + (i % 97);
    const tick = (): void => void clock.setTimer(period, tick);
    clock.setTimer(period, tick);
  }
  const start = clock.fired;
  clock.runUntil(() => clock.fired - start >= 200_000);
  return clock.fired - start;
});

// 2. Messages: 5 nodes, each reply triggers another send, over a jittery lossy network.
const messages = best(5, () => {
  const sim = new Simulation<number>({ seed: 1, link: { latency: { kind: "uniform", min: 1, max: 5 }, loss: 0.01 } });
  const nodes = ["n1", "n2", "n3", "n4", "n5"];
  const rng = sim.rng.fork("bench");
  for (const node of nodes) sim.network.attach(node, (m) => sim.network.send(node, rng.pick(nodes), m + 1));
  for (let i = 0; i < 2000; i++) sim.network.send("n1", rng.pick(nodes), 0);
  sim.clock.runUntil(() => sim.network.stats.delivered >= 100_000);
  return sim.network.stats.delivered;
});

// 3. Messages with the trace recording every send.
const traced = best(3, () => {
  const sim = new Simulation<number>({ seed: 1, link: { latency: { kind: "uniform", min: 1, max: 5 } } });
  const nodes = ["n1", "n2", "n3"];
  for (const node of nodes) sim.network.attach(node, (m) => sim.network.send(node, nodes[m % 3]!, m + 1));
  for (let i = 0; i < 100; i++) sim.network.send("n1", "n2", i);
  sim.clock.runUntil(() => sim.network.stats.delivered >= 50_000);
  return sim.trace.events.length;
});

const perSecond = (r: { ms: number; ops: number }): number => Math.round(r.ops / (r.ms / 1000));
const rows = [
  ["timer firings (1000 periodic timers)", timers],
  ["messages delivered (5 nodes, jitter, 1% loss)", messages],
  ["traced messages (3 nodes)", traced],
] as const;
console.log("| workload | count | best ms | per second |");
console.log("|---|---:|---:|---:|");
for (const [name, r] of rows) console.log(`| ${name} | ${r.ops} | ${r.ms.toFixed(1)} | ${perSecond(r).toLocaleString("en-US")} |`);
console.log(
  JSON.stringify({
    area: "sim",
    timers_per_s: perSecond(timers),
    messages_per_s: perSecond(messages),
    traced_messages_per_s: perSecond(traced),
    node: process.version,
  }),
);
