// Scenarios for chapter 3's graded Raft exercises: a five-node cluster on the synchronous test
// network (src/etcd/raft/pump-network.ts), the safety properties of Raft §5.4 (Figure 3) checked
// after every step, and a randomized "chaos" run in the manner of the MIT 6.5840 tests (partitions,
// crashes and restarts, message loss, log compaction), replayable from its seed.
//
// The graded tests replace one small module of the real Raft with your code (vi.mock), then run
// these scenarios: so a wrong rule shows up as a broken cluster, and the message says which of
// Raft's guarantees broke.
//
// `batteryFailure` also runs scenarios of the course's MIT 6.5840 battery (src/etcd/battery) on a
// simulated cluster, with your module plugged in the same way.
//
// This file is not an exercise; you do not need to change it.
import { Rng } from "../../../src/sim/rng";
import { PumpNetwork, type PumpNetworkOptions } from "../../../src/etcd/raft/pump-network";
import type { Raft } from "../../../src/etcd/raft/raft";
import type { Message } from "../../../src/etcd/raft/types";
import { RaftPanic } from "../../../src/etcd/raft/errors";
import { battery, DEFAULT_BATTERY_SEED } from "../../../src/etcd/battery/battery";
import { runScenario } from "../../../src/etcd/battery/scenario";

export const FIVE = [1, 2, 3, 4, 5];

/** Messages one input (a tick, a proposal, a campaign) may cause before we call it a livelock. */
const MESSAGES_PER_INPUT = 20_000;

/**
 * PumpNetwork plus two things the graded scenarios need: Raft's safety properties, remembered
 * across calls (`violation`, `expectSafe`), and a guard against messages that never settle (two
 * nodes answering each other forever, e.g. a follower that rejects every AppendEntries), which on
 * a synchronous network would otherwise hang the test.
 */
export class ScenarioNetwork extends PumpNetwork {
  /** The leader seen in each term. */
  private readonly leaders = new Map<number, number>();
  /** For each applied command: the highest term any live node knew when it was first seen applied. */
  private readonly appliedBy = new Map<string, number>();
  private budget = MESSAGES_PER_INPUT;
  private readonly recent: string[] = [];

  constructor(ids: number[], options: PumpNetworkOptions) {
    super(ids, options);
    // PumpNetwork calls msgHook for every message; wrap whatever hook a test sets.
    let hook: ((m: Message) => boolean) | undefined;
    Object.defineProperty(this, "msgHook", {
      get: () => (m: Message) => this.count(m) && (hook ? hook(m) : true),
      set: (h: ((m: Message) => boolean) | undefined) => {
        hook = h;
      },
    });
  }

  override pump(): void {
    this.budget = MESSAGES_PER_INPUT;
    super.pump();
  }

  private count(m: Message): boolean {
    this.recent.push(`${m.type} ${m.from}->${m.to}${m.type === "MsgAppResp" ? (m.reject ? " (reject)" : ` (ack ${m.index})`) : ""}`);
    if (this.recent.length > 4) this.recent.shift();
    if (--this.budget < 0) {
      throw new Error(
        `messages never settle: one input caused more than ${MESSAGES_PER_INPUT} messages (the last ones: ` +
          `${this.recent.join(", ")}). Two nodes keep answering each other; for example a follower that rejects ` +
          `every AppendEntries, so the leader probes again and again (Raft Figure 2, AppendEntries receiver step 2)`,
      );
    }
    return true;
  }

  /** Checks Raft's safety properties (Raft §5.4, Figure 3) now; returns the first violation, explained. */
  violation(): string | undefined {
    const ids = [...this.nodes.keys()];
    const rafts = ids.filter((id) => this.nodes.get(id)!.node).map((id) => this.raft(id));
    for (const r of rafts) {
      if (r.state !== "StateLeader") continue;
      const seen = this.leaders.get(r.term);
      if (seen !== undefined && seen !== r.id) {
        return `Election Safety (Raft §5.2) broken: nodes ${seen} and ${r.id} were both leader in term ${r.term}`;
      }
      this.leaders.set(r.term, r.id);
    }
    for (let a = 0; a < rafts.length; a++) {
      for (let b = a + 1; b < rafts.length; b++) {
        const msg = logMatching(rafts[a]!, rafts[b]!);
        if (msg) return msg;
      }
    }
    const longest = ids.map((id) => applied(this, id)).reduce((x, y) => (y.length > x.length ? y : x), []);
    for (const id of ids) {
      const mine = applied(this, id);
      if (!isPrefix(mine, longest)) {
        const at = mine.findIndex((v, i) => v !== longest[i]);
        return (
          `State Machine Safety (Raft §5.4.3) broken: node ${id} applied "${mine[at]}" as its command #${at + 1}, ` +
          `another node applied "${longest[at]}" there: a committed entry was overwritten`
        );
      }
    }
    const maxTerm = Math.max(0, ...rafts.map((r) => r.term));
    for (const v of longest) if (!this.appliedBy.has(v)) this.appliedBy.set(v, maxTerm);
    // Leader Completeness: an entry committed by term t is in the log of every leader of a term
    // after t. A command first seen applied while the highest known term was t was committed by t.
    for (const r of rafts) {
      if (r.state !== "StateLeader") continue;
      const has = new Set(projected(this, r.id));
      const missing = longest.find((v) => this.appliedBy.get(v)! < r.term && !has.has(v));
      if (missing !== undefined) {
        return (
          `Leader Completeness (Raft §5.4.1) broken: leader ${r.id} of term ${r.term} lacks "${missing}", which was ` +
          `committed and applied in term ${this.appliedBy.get(missing)} or earlier`
        );
      }
    }
    return undefined;
  }

  /** Throws unless Raft's safety properties hold now; `context` says what just happened. */
  expectSafe(context: string): void {
    const violation = this.violation();
    if (violation !== undefined) throw new Error(`${context}: ${violation}`);
  }
}

/** A network of `ids` with PreVote and CheckQuorum off unless asked: the plain Raft of the paper. */
export function network(ids: number[], seed: string, config: PumpNetworkOptions["config"] = {}): ScenarioNetwork {
  return new ScenarioNetwork(ids, { seed, config: { preVote: false, checkQuorum: false, ...config } });
}

/**
 * Runs one step of a scenario. Raft "panics" (throws RaftPanic) when an invariant breaks, for
 * example when a follower is told to overwrite an entry it has already committed: that is a safety
 * violation caused earlier, and `explain` says which rule most likely let it happen.
 */
export function during<T>(what: string, explain: string, f: () => T): T {
  try {
    return f();
  } catch (e: unknown) {
    throw new Error(`Raft stopped with ${describeThrown(e)} while ${what}. ${explain}`);
  }
}

function describeThrown(e: unknown): string {
  if (e instanceof RaftPanic) {
    return (
      `a panic, "${e.message}" (Raft panics when an invariant breaks, for example when a node is told to ` +
      `overwrite an entry it has committed, or to commit an entry it does not have)`
    );
  }
  if (e instanceof Error) return `${e.name === "Error" ? "" : e.name + ": "}${e.message}`;
  return `an exception: ${String(e)}`;
}

/** Ticks every live node until someone leads (at most `rounds` rounds); returns the leader. */
export function electLeader(nw: PumpNetwork, rounds = 200): number | undefined {
  for (let i = 0; i < rounds && nw.leader() === undefined; i++) nw.tickAll();
  return nw.leader();
}

/** Splits the cluster into groups that can talk inside but not across (and heals older cuts first). */
export function partition(nw: PumpNetwork, ...groups: number[][]): void {
  nw.recover();
  for (const g of groups) for (const h of groups) if (g !== h) for (const a of g) for (const b of h) nw.cut(a, b);
}

/**
 * Ticks every live node until one of `among` leads in the highest term any of them knows (a leader
 * cut off earlier may still believe it leads an old term); at most `rounds` rounds. Returns it.
 */
export function electLeaderAmong(nw: PumpNetwork, among: number[], rounds = 200): number | undefined {
  const leading = () => {
    const rafts = among.flatMap((id) => (nw.nodes.get(id)!.node ? [nw.raft(id)] : []));
    const top = Math.max(...rafts.map((r) => r.term));
    return rafts.find((r) => r.state === "StateLeader" && r.term === top)?.id;
  };
  for (let i = 0; i < rounds && leading() === undefined; i++) nw.tickAll();
  return leading();
}

/** The data a node's state machine has applied, in order. */
export function applied(nw: PumpNetwork, id: number): string[] {
  return nw.nodes.get(id)!.applied;
}

/** The terms of a live node's log, index 1 onwards. */
export function logTerms(nw: PumpNetwork, id: number): number[] {
  return nw.raft(id).raftLog.allEntries().map((e) => e.term);
}

function isPrefix(a: readonly string[], b: readonly string[]): boolean {
  return a.length <= b.length && a.every((v, i) => v === b[i]);
}

/** What a node has applied, followed by the data its log would still apply: its "future". */
function projected(nw: PumpNetwork, id: number): string[] {
  const n = nw.nodes.get(id)!;
  const r = n.node!.raft;
  const rest = r.raftLog.slice(n.appliedIndex + 1, r.raftLog.lastIndex() + 1, Number.MAX_SAFE_INTEGER);
  return [...n.applied, ...rest.filter((e) => e.type === "normal" && e.data !== "").map((e) => e.data)];
}

function logMatching(a: Raft, b: Raft): string | undefined {
  const lo = Math.max(a.raftLog.firstIndex(), b.raftLog.firstIndex());
  const hi = Math.min(a.raftLog.lastIndex(), b.raftLog.lastIndex());
  if (lo > hi) return undefined;
  const ea = a.raftLog.slice(lo, hi + 1, Number.MAX_SAFE_INTEGER);
  const eb = b.raftLog.slice(lo, hi + 1, Number.MAX_SAFE_INTEGER);
  for (let i = ea.length - 1; i >= 0; i--) {
    if (ea[i]!.term !== eb[i]!.term) continue;
    for (let j = 0; j <= i; j++) {
      if (ea[j]!.term !== eb[j]!.term || ea[j]!.data !== eb[j]!.data) {
        return (
          `Log Matching (Raft §5.3) broken: nodes ${a.id} and ${b.id} both hold an entry of term ${ea[i]!.term} at index ${lo + i}, ` +
          `but their logs differ at index ${lo + j}`
        );
      }
    }
    return undefined;
  }
  return undefined;
}

export interface ChaosOptions {
  steps?: number;
  /** Turn PreVote and CheckQuorum on at random (default true). */
  randomFeatures?: boolean;
  /** Allow crashes and restarts (default true). */
  crashes?: boolean;
}

/**
 * One randomized run on five nodes: ticks, proposals, partitions, healing, crashes, restarts, log
 * compaction and lossy links, with the safety properties checked after every step; then the
 * faults stop and the cluster must elect a leader and commit a new entry on every node.
 * Returns undefined, or the first violation with the step where it happened.
 */
export function chaosRun(seed: string, options: ChaosOptions = {}): string | undefined {
  try {
    return chaos(seed, options);
  } catch (e: unknown) {
    return `Raft stopped with ${describeThrown(e)}`;
  }
}

function chaos(seed: string, options: ChaosOptions): string | undefined {
  const { steps = 300, randomFeatures = true, crashes = true } = options;
  const rng = new Rng(seed).fork("chaos");
  const preVote = randomFeatures && rng.chance(0.5);
  const checkQuorum = randomFeatures && rng.chance(0.5);
  const nw = network(FIVE, seed, { preVote, checkQuorum, maxSizePerMsg: rng.int(0, 100), maxInflightMsgs: rng.int(1, 5) });
  let proposals = 0;
  const live = () => FIVE.filter((id) => nw.nodes.get(id)!.node);
  const down = () => FIVE.filter((id) => !nw.nodes.get(id)!.node);

  for (let step = 0; step < steps; step++) {
    const roll = rng.next();
    if (roll < 0.5) {
      nw.tick(rng.pick(live()));
    } else if (roll < 0.7) {
      nw.propose(rng.pick(live()), `${seed}:${proposals++}`);
    } else if (roll < 0.75) {
      const shuffled = rng.shuffle([...FIVE]);
      const cut = rng.int(1, FIVE.length);
      for (const a of shuffled.slice(0, cut)) for (const b of shuffled.slice(cut)) nw.cut(a, b);
    } else if (roll < 0.8) {
      nw.recover();
    } else if (roll < 0.83) {
      if (crashes && down().length < 2) nw.crash(rng.pick(live()));
    } else if (roll < 0.88) {
      if (down().length > 0) nw.restart(rng.pick(down()));
    } else if (roll < 0.9) {
      const id = rng.pick(live());
      const n = nw.nodes.get(id)!;
      if (n.appliedIndex > n.storage.snapshot().metadata.index) nw.compact(id);
    } else {
      nw.drop(rng.pick(FIVE), rng.pick(FIVE), rng.float(0, 0.5));
    }
    const violation = nw.violation();
    if (violation) return `at step ${step}: ${violation}`;
  }

  nw.recover();
  for (const id of down()) nw.restart(id);
  let committedEverywhere = false;
  for (let attempt = 0; attempt < 20 && !committedEverywhere; attempt++) {
    for (let i = 0; i < 100 && nw.leader() === undefined; i++) nw.tickAll();
    const lead = nw.leader();
    if (lead !== undefined) nw.propose(lead, `${seed}:final-${attempt}`);
    nw.tickAll(20);
    committedEverywhere = FIVE.every((id) => applied(nw, id).some((v) => v.startsWith(`${seed}:final`)));
    const violation = nw.violation();
    if (violation) return `after the faults stopped: ${violation}`;
  }
  if (!committedEverywhere) {
    return nw.leader() === undefined
      ? "liveness: once the faults stopped, no leader was elected in 2000 rounds of ticks"
      : "liveness: once the faults stopped, the cluster had a leader but did not commit a new entry on every node";
  }
  return undefined;
}

/** Runs `count` chaos seeds named `<prefix>-<i>`; returns the first failure with its seed, or undefined. */
export function chaosSeeds(prefix: string, count: number, options: ChaosOptions = {}): string | undefined {
  for (let i = 0; i < count; i++) {
    const seed = `${prefix}-${i}`;
    const violation = chaosRun(seed, options);
    if (violation) return `seed "${seed}", ${violation}`;
  }
  return undefined;
}

/**
 * Runs scenarios of the course's MIT 6.5840 battery (src/etcd/battery), by their MIT test names
 * ("TestFigure83C"), on a simulated cluster with disks, a network with latency and virtual time.
 * Returns the first failure (with the scenario and its replay command), or undefined.
 */
export function batteryFailure(mitNames: string[], seed = DEFAULT_BATTERY_SEED): string | undefined {
  for (const name of mitNames) {
    const scenario = battery.find((s) => s.mit === name);
    if (!scenario) throw new Error(`the battery has no scenario ${name} (src/etcd/battery/battery.ts): this test needs updating`);
    try {
      runScenario(scenario, seed);
    } catch (e: unknown) {
      const message = e instanceof Error ? e.message : String(e);
      return `"${scenario.title}" (${message.split("\n")[0]})`;
    }
  }
  return undefined;
}
