// Randomized chaos: one seed, one run. The seed picks a cluster (3 or 5 servers, Raft and
// snapshot settings, read mode), a network (latency, loss, duplication, reordering) and a
// schedule of faults (partitions with clients on either side, crashes, restarts, slow disks, late
// replies), while clients read and write through the key-value service. Then the faults stop,
// and the run checks:
//
//   safety, all along   election safety, leader completeness, state machine safety, apply order
//                       (SafetyMonitor, Applier), and log matching every half second;
//   liveness, at the end  with every server up and the network healed, a new command commits on
//                       every server and every client's last operation is answered;
//   linearizability     the clients' history, by the Porcupine-style checker, per key.
//
// A run never reads a clock or a random source other than its seed's, so a failing seed replays
// exactly: `RAFT_CHAOS_SEED=<seed> npx vitest run src/etcd/battery/chaos.test.ts`.
import type { Latency } from "../../sim/latency";
import { Rng, type Seed } from "../../sim/rng";
import { ELECTION_TIMEOUT_MS, Harness, RELIABLE_LINK } from "./harness";
import { checkLinearizability } from "./linearizability";
import { kvModel, type KvOperation } from "./kv-model";
import { KvClient, kvService, type KvMessage, type ReadMode } from "./kv-service";
import { SafetyViolation } from "./safety";

export interface ChaosConfig {
  servers: number;
  clients: number;
  readMode: ReadMode;
  /** Virtual milliseconds of faults. */
  durationMs: number;
  snapshotCount: number | undefined;
  catchUpEntries: number;
  maxSizePerMsg: number;
  maxInflightMsgs: number;
  preVote: boolean;
  checkQuorum: boolean;
  /**
   * "calm": a fault every 0.2–2.5 s, long enough for elections to finish in between.
   * "storm": a fault every 5–300 ms, and voters that crash right after granting a vote and come
   * back quickly (the window in which a vote that was not persisted would be cast twice), and
   * leaders that crash right after taking a proposal (the window of Figure 8).
   */
  tempo: "calm" | "storm";
}

export interface ChaosResult {
  seed: string;
  config: ChaosConfig;
  /** The first broken property, with its message; undefined when the run was clean. */
  violation: string | undefined;
  linearizability: "ok" | "illegal" | "unknown" | "skipped";
  /** Client operations: completed, and still pending at the end. */
  ops: number;
  pending: number;
  faults: number;
  leaders: number;
  simMs: number;
}

/** What a seed decides about the cluster. */
export function chaosConfig(seed: Seed): ChaosConfig {
  const rng = new Rng(seed).fork("chaos/config");
  return {
    servers: rng.pick([3, 5]),
    clients: rng.int(2, 5),
    readMode: rng.pick<ReadMode>(["log", "readIndex"]),
    durationMs: rng.int(10_000, 20_000),
    snapshotCount: rng.pick([undefined, 10, 25, 60]),
    catchUpEntries: rng.pick([1, 5, 20]),
    maxSizePerMsg: rng.pick([0, 300, 1024 * 1024]),
    maxInflightMsgs: rng.pick([1, 4, 256]),
    preVote: rng.chance(0.75),
    checkQuorum: rng.chance(0.75),
    tempo: rng.chance(0.4) ? "storm" : "calm",
  };
}

//> chaos-run
export function chaosRun(seed: Seed, overrides: Partial<ChaosConfig> = {}): ChaosResult {
  const config = { ...chaosConfig(seed), ...overrides };
  const rng = new Rng(seed).fork("chaos/faults");
  const clientNames = Array.from({ length: config.clients }, (_, i) => `c${i + 1}`);
  const h = new Harness<KvMessage>({
    seed,
    servers: config.servers,
    snapshotCount: config.snapshotCount,
    catchUpEntries: config.catchUpEntries,
    link: { latency: { kind: "uniform", min: 1, max: rng.int(2, 20) } },
    raft: {
      maxSizePerMsg: config.maxSizePerMsg,
      maxInflightMsgs: config.maxInflightMsgs,
      preVote: config.preVote,
      checkQuorum: config.checkQuorum,
    },
    service: kvService(config.readMode),
    clients: clientNames,
    countBytes: false,
    describeApp: (m) => (m.t === "req" ? `${m.input.op} ${m.input.key}` : m.t),
  });
  const history: KvOperation[] = [];
  const servers = Array.from({ length: config.servers }, (_, i) => `n${i + 1}`);
  const clients = clientNames.map(
    (name) => new KvClient({ name, clock: h.clock, network: h.sim.network, rng: h.sim.rng.fork(`client/${name}`), servers, history }),
  );
  const result: ChaosResult = {
    seed: String(seed),
    config,
    violation: undefined,
    linearizability: "skipped",
    ops: 0,
    pending: 0,
    faults: 0,
    leaders: 0,
    simMs: 0,
  };
  const finish = (violation?: string): ChaosResult => {
    result.violation = violation;
    result.ops = history.filter((o) => o.output !== undefined).length;
    result.pending = history.length - result.ops;
    result.leaders = h.monitor.leaders.size;
    result.simMs = h.now();
    return result;
  };

  try {
    for (const c of clients) c.start();
    // Phase 1: faults.
    const stopStorm = config.tempo === "storm" ? stormNemesis(h, rng) : undefined;
    const end = h.now() + config.durationMs;
    let nextLogCheck = h.now() + 500;
    while (h.now() < end) {
      h.sleep(config.tempo === "storm" ? rng.int(5, 300) : rng.int(200, 2_500));
      injectFault(h, rng);
      result.faults++;
      if (h.now() >= nextLogCheck) {
        h.monitor.checkLogMatching();
        nextLogCheck = h.now() + 500;
      }
    }
    // Phase 2: repair everything, and the cluster must serve again.
    stopStorm?.();
    h.setLongReordering(false);
    h.sim.network.configure({ ...RELIABLE_LINK, latency: { kind: "uniform", min: 1, max: 5 } });
    for (let i = 0; i < config.servers; i++) {
      if (!h.isRunning(i)) h.start(i);
    }
    for (const d of disks(h)) d.fsyncLatency = { kind: "fixed", ms: 1 };
    h.healAll();
    h.monitor.checkLogMatching();
    for (const c of clients) c.stop();
    h.one(`final-${String(seed)}`, config.servers, true);
    h.clock.runUntil(() => clients.every((c) => c.idle), { limitMs: 10 * ELECTION_TIMEOUT_MS });
    h.monitor.checkLogMatching();
    if (!clients.every((c) => c.idle)) return finish("liveness: a client's operation was not answered 20 s after the faults stopped");
  } catch (err) {
    if (err instanceof SafetyViolation) return finish(err.message);
    if (err instanceof Error && err.name === "BatteryFailure") return finish(`liveness: ${err.message}`);
    throw err;
  }

  // Phase 3: were the answers the clients got linearizable?
  const lin = checkLinearizability(kvModel, history, { maxSteps: 2_000_000 });
  result.linearizability = lin.result;
  if (lin.result === "illegal") return finish(`linearizability: ${lin.witness.explanation}`);
  return finish(undefined);
}
//< chaos-run

//> chaos-storm
/**
 * Targeted faults, the way Jepsen's nemeses aim at known windows. Watches the network for two
 * moments and crashes a server right then, restarting it soon after:
 *   - a granted vote (MsgVoteResp): the voter dies a few ms later and is back within 50 ms,
 *     while some vote requests are held up to 300 ms; had it not made its vote durable before
 *     answering, it could now vote again in the same term (Raft §5.1, Figure 2);
 *   - a leader's first MsgApp after a proposal: the leader dies before the entry spreads, leaving
 *     old-term entries on a few servers for the next leaders to argue over (Raft §5.4.2, Figure 8).
 * Returns a function that stops it.
 */
function stormNemesis(h: Harness<KvMessage>, rng: Rng): () => void {
  let active = true;
  const kill = (i: number, downMs: number): void => {
    h.clock.setTimer(rng.float(0, 5), () => {
      if (!active || !h.isRunning(i)) return;
      h.crash(i);
      h.clock.setTimer(downMs, () => {
        if (!active || h.isRunning(i)) return;
        h.start(i);
        h.connect(i);
      }, `storm restart n${i + 1}`);
    }, `storm crash n${i + 1}`);
  };
  const remove = h.sim.network.addFilter((wire) => {
    if (!active || wire.kind !== "raft") return "deliver";
    const m = wire.msg;
    if (m.type === "MsgVoteResp" && !m.reject && rng.chance(0.3)) kill(m.from - 1, rng.int(1, 50));
    else if (m.type === "MsgApp" && m.entries.some((e) => e.data !== "") && rng.chance(0.02)) kill(m.from - 1, rng.int(20, 400));
    // Vote requests that dawdle (labrpc's long delays): one may reach a voter after it restarted.
    if (m.type === "MsgVote" && rng.chance(0.3)) return { delayMs: rng.int(50, 300) };
    return "deliver";
  });
  return () => {
    active = false;
    remove();
  };
}
//< chaos-storm

const SLOW_DISKS: Latency[] = [
  { kind: "uniform", min: 5, max: 40 },
  { kind: "exponential", mean: 30 },
  { kind: "fixed", ms: 120 },
];

function disks(h: Harness<KvMessage>) {
  return Array.from({ length: h.n }, (_, i) => h.disk(i));
}

/** One fault, or one repair. */
function injectFault(h: Harness<KvMessage>, rng: Rng): void {
  const n = h.n;
  const roll = rng.next();
  if (roll < 0.2) {
    // A partition into two sides; each client lands on one side.
    const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
    const cut = rng.int(1, n);
    h.partition([order.slice(0, cut), order.slice(cut)], () => rng.int(0, 2));
  } else if (roll < 0.35) {
    h.healAll();
  } else if (roll < 0.5) {
    const up = Array.from({ length: n }, (_, i) => i).filter((i) => h.isRunning(i));
    if (up.length > 0) h.crash(rng.pick(up));
  } else if (roll < 0.68) {
    const down = Array.from({ length: n }, (_, i) => i).filter((i) => !h.isRunning(i));
    if (down.length > 0) {
      const i = rng.pick(down);
      h.start(i);
      h.connect(i);
    }
  } else if (roll < 0.78) {
    h.sim.network.configure({
      loss: rng.pick([0, 0.05, 0.2]),
      duplicate: rng.pick([0, 0.05, 0.1]),
      reorder: rng.pick([0, 0.1, 0.3]),
    });
  } else if (roll < 0.86) {
    const d = h.disk(rng.int(0, n));
    d.fsyncLatency = rng.chance(0.5) ? rng.pick(SLOW_DISKS) : { kind: "fixed", ms: 1 };
  } else if (roll < 0.92) {
    h.setLongReordering(rng.chance(0.5));
  } else {
    h.disconnect(rng.int(0, n));
  }
}
