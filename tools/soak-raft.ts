// `npm run soak:raft -- [seeds] [--from N] [--battery K] [--etcd K] [--fail-fast]`: the long soak.
//
// Runs chaos seeds chaos-<from> .. chaos-<from+seeds-1> (default 1000 seeds from 0; `npm test`
// runs the first 60); with --battery K, every battery scenario with seeds 2..K+1 as well
// (`npm test` runs seed 1); with --etcd K, K chaos seeds on the etcd server (EtcdCluster) from
// etcd-chaos-8 on (`npm test` runs the first 8). Prints progress; on any violation prints the
// seed and the command that replays it, and exits 1 at the end (at once with --fail-fast).
import { performance } from "node:perf_hooks";
import { battery } from "../src/etcd/battery/battery";
import { chaosRun } from "../src/etcd/battery/chaos";
import { etcdChaosRun } from "../src/etcd/battery/etcd-chaos";
import { runScenario } from "../src/etcd/battery/scenario";

function parseArgs(argv: string[]): { seeds: number; from: number; battery: number; etcd: number; failFast: boolean } {
  const out = { seeds: 1000, from: 0, battery: 0, etcd: 0, failFast: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const num = (name: string): number => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 0) usage(`${name} needs a non-negative integer, got ${JSON.stringify(argv[i])}`);
      return v;
    };
    if (a === "--from") out.from = num("--from");
    else if (a === "--battery") out.battery = num("--battery");
    else if (a === "--etcd") out.etcd = num("--etcd");
    else if (a === "--fail-fast") out.failFast = true;
    else if (/^\d+$/.test(a)) out.seeds = Number(a);
    else usage(`unknown argument ${JSON.stringify(a)}`);
  }
  return out;
}

function usage(problem: string): never {
  console.error(`soak-raft: ${problem}`);
  console.error("usage: npm run soak:raft -- [seeds (default 1000)] [--from N] [--battery K] [--etcd K] [--fail-fast]");
  process.exit(2);
}

const args = parseArgs(process.argv.slice(2));
const failures: string[] = [];
const t0 = performance.now();
const elapsed = (): string => `${((performance.now() - t0) / 1000).toFixed(1)} s`;

function failed(line: string): void {
  failures.push(line);
  console.log(`\nFAIL ${line}`);
  if (args.failFast) for (let k = 0; k < args.etcd; k++) {
  const seed = `etcd-chaos-${8 + k}`;
  try {
    const r = etcdChaosRun(seed);
    if (r.linearizability === "unknown") unknown++;
    if (r.linearizability === "illegal") {
      failed(`${seed}: linearizability: ${r.explanation}\n  replay: ETCD_CHAOS_SEED=${seed} npx vitest run src/etcd/battery/etcd-chaos.test.ts`);
    }
  } catch (err) {
    failed(`${seed}: crashed: ${err instanceof Error ? err.stack : String(err)}\n  replay: ETCD_CHAOS_SEED=${seed} npx vitest run src/etcd/battery/etcd-chaos.test.ts`);
  }
  if ((k + 1) % 25 === 0 || k + 1 === args.etcd) console.log(`etcd ${k + 1}/${args.etcd} seeds, ${failures.length} failure(s), ${elapsed()}`);
}

finish();
}

function finish(): never {
  console.log(`\n${failures.length === 0 ? "ok" : `${failures.length} failure(s)`} after ${elapsed()}`);
  for (const f of failures) console.log(`  ${f.split("\n")[0]}`);
  process.exit(failures.length === 0 ? 0 : 1);
}

let unknown = 0;
let ops = 0;
for (let k = 0; k < args.seeds; k++) {
  const seed = `chaos-${args.from + k}`;
  let r;
  try {
    r = chaosRun(seed);
  } catch (err) {
    failed(`${seed}: crashed: ${err instanceof Error ? err.stack : String(err)}\n  replay: RAFT_CHAOS_SEED=${seed} npx vitest run src/etcd/battery/chaos.test.ts`);
    continue;
  }
  ops += r.ops;
  if (r.linearizability === "unknown") unknown++;
  if (r.violation) {
    failed(`${seed}: ${r.violation}\n  config: ${JSON.stringify(r.config)}\n  replay: RAFT_CHAOS_SEED=${seed} npx vitest run src/etcd/battery/chaos.test.ts`);
  }
  if ((k + 1) % 50 === 0 || k + 1 === args.seeds) {
    console.log(`chaos ${k + 1}/${args.seeds} seeds, ${failures.length} failure(s), ${unknown} unknown, ${ops} client ops checked, ${elapsed()}`);
  }
}

for (let seed = 2; seed < 2 + args.battery; seed++) {
  for (const s of battery) {
    try {
      runScenario(s, seed);
    } catch (err) {
      failed(err instanceof Error ? err.message : String(err));
    }
  }
  console.log(`battery seed ${seed}: ${battery.length} scenarios, ${failures.length} failure(s) so far, ${elapsed()}`);
}

for (let k = 0; k < args.etcd; k++) {
  const seed = `etcd-chaos-${8 + k}`;
  try {
    const r = etcdChaosRun(seed);
    if (r.linearizability === "unknown") unknown++;
    if (r.linearizability === "illegal") {
      failed(`${seed}: linearizability: ${r.explanation}\n  replay: ETCD_CHAOS_SEED=${seed} npx vitest run src/etcd/battery/etcd-chaos.test.ts`);
    }
  } catch (err) {
    failed(`${seed}: crashed: ${err instanceof Error ? err.stack : String(err)}\n  replay: ETCD_CHAOS_SEED=${seed} npx vitest run src/etcd/battery/etcd-chaos.test.ts`);
  }
  if ((k + 1) % 25 === 0 || k + 1 === args.etcd) console.log(`etcd ${k + 1}/${args.etcd} seeds, ${failures.length} failure(s), ${elapsed()}`);
}

finish();
