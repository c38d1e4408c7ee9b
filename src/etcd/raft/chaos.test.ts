// Randomized faults over many seeds, checking Raft's safety properties (Raft §5.4, Figure 3):
//
//   Election Safety       at most one leader per term;
//   Log Matching          two logs holding an entry with the same index and term are identical
//                         up to it;
//   Leader Completeness   a leader's log holds every entry applied anywhere before;
//   State Machine Safety  no two nodes apply different entries at the same position;
//
// and, once the faults stop, that the cluster elects a leader and commits again (liveness).
// Each run is a seed. A failure names its seed; replay just that one with
//   RAFT_CHAOS_SEED=<seed> npx vitest run src/etcd/raft/chaos.test.ts
import { describe, expect, it } from "vitest";
import { Rng } from "../../sim/rng";
import { PumpNetwork } from "./pump-network";
import type { Raft } from "./raft";

declare const process: { env: Record<string, string | undefined> };

const IDS = [1, 2, 3, 4, 5];

/** The sequence of data a node's state machine holds plus what its log would add: its "future". */
function projected(nw: PumpNetwork, id: number): string[] {
  const n = nw.nodes.get(id)!;
  const r = n.node!.raft;
  const rest = r.raftLog.slice(n.appliedIndex + 1, r.raftLog.lastIndex() + 1, Number.MAX_SAFE_INTEGER);
  return [...n.applied, ...rest.filter((e) => e.type === "normal" && e.data !== "").map((e) => e.data)];
}

function isPrefix(a: string[], b: string[]): boolean {
  return a.length <= b.length && a.every((v, i) => v === b[i]);
}

function checkSafety(nw: PumpNetwork, leaders: Map<number, number>): string | undefined {
  const live = IDS.filter((id) => nw.nodes.get(id)!.node);
  const rafts = live.map((id) => nw.raft(id));
  // Election Safety.
  for (const r of rafts) {
    if (r.state !== "StateLeader") continue;
    const seen = leaders.get(r.term);
    if (seen !== undefined && seen !== r.id) return `two leaders in term ${r.term}: ${seen} and ${r.id}`;
    leaders.set(r.term, r.id);
  }
  // Log Matching.
  for (let a = 0; a < rafts.length; a++) {
    for (let b = a + 1; b < rafts.length; b++) {
      const msg = logMatching(rafts[a]!, rafts[b]!);
      if (msg) return msg;
    }
  }
  // State Machine Safety.
  const applied = IDS.map((id) => nw.nodes.get(id)!.applied);
  const longest = applied.reduce((x, y) => (y.length > x.length ? y : x));
  for (const id of IDS) {
    if (!isPrefix(nw.nodes.get(id)!.applied, longest)) return `node ${id} applied a different sequence than another node`;
  }
  // Leader Completeness.
  for (const r of rafts) {
    if (r.state === "StateLeader" && !isPrefix(longest, projected(nw, r.id))) {
      return `leader ${r.id} (term ${r.term}) lacks an entry that was applied before`;
    }
  }
  return undefined;
}

function logMatching(a: Raft, b: Raft): string | undefined {
  const lo = Math.max(a.raftLog.firstIndex(), b.raftLog.firstIndex());
  const hi = Math.min(a.raftLog.lastIndex(), b.raftLog.lastIndex());
  if (lo > hi) return undefined;
  const ea = a.raftLog.slice(lo, hi + 1, Number.MAX_SAFE_INTEGER);
  const eb = b.raftLog.slice(lo, hi + 1, Number.MAX_SAFE_INTEGER);
  // Find the last index where the terms agree: everything before it must agree too.
  for (let i = ea.length - 1; i >= 0; i--) {
    if (ea[i]!.term !== eb[i]!.term) continue;
    for (let j = 0; j <= i; j++) {
      if (ea[j]!.term !== eb[j]!.term || ea[j]!.data !== eb[j]!.data) {
        return `log matching: nodes ${a.id} and ${b.id} agree at index ${lo + i} but differ at ${lo + j}`;
      }
    }
    return undefined;
  }
  return undefined;
}

/** One randomized run. Returns undefined, or a description of the first violation. */
function chaosRun(seed: string, steps: number): string | undefined {
  const rng = new Rng(seed).fork("chaos");
  const preVote = rng.chance(0.5);
  const checkQuorum = rng.chance(0.5);
  const nw = new PumpNetwork(IDS, { seed, config: { preVote, checkQuorum, maxSizePerMsg: rng.int(0, 100), maxInflightMsgs: rng.int(1, 5) } });
  const leaders = new Map<number, number>();
  let proposals = 0;
  const live = () => IDS.filter((id) => nw.nodes.get(id)!.node);
  const down = () => IDS.filter((id) => !nw.nodes.get(id)!.node);

  for (let step = 0; step < steps; step++) {
    const roll = rng.next();
    if (roll < 0.5) {
      nw.tick(rng.pick(live()));
    } else if (roll < 0.7) {
      nw.propose(rng.pick(live()), `${seed}:${proposals++}`);
    } else if (roll < 0.75) {
      const shuffled = rng.shuffle([...IDS]);
      const cut = rng.int(1, IDS.length);
      for (const a of shuffled.slice(0, cut)) for (const b of shuffled.slice(cut)) nw.cut(a, b);
    } else if (roll < 0.8) {
      nw.recover();
    } else if (roll < 0.83) {
      if (down().length < 2) nw.crash(rng.pick(live()));
    } else if (roll < 0.88) {
      if (down().length > 0) nw.restart(rng.pick(down()));
    } else if (roll < 0.9) {
      const id = rng.pick(live());
      const n = nw.nodes.get(id)!;
      if (n.appliedIndex > n.storage.snapshot().metadata.index) nw.compact(id);
    } else {
      nw.drop(rng.pick(IDS), rng.pick(IDS), rng.float(0, 0.5));
    }
    const violation = checkSafety(nw, leaders);
    if (violation) return `step ${step}: ${violation}`;
  }

  // Liveness: heal everything; the cluster must then elect a leader and commit a new entry on
  // every node. Like a client, retry the write if a leadership change loses it.
  nw.recover();
  for (const id of down()) nw.restart(id);
  let committedEverywhere = false;
  for (let attempt = 0; attempt < 20 && !committedEverywhere; attempt++) {
    for (let i = 0; i < 100 && nw.leader() === undefined; i++) nw.tickAll();
    const lead = nw.leader();
    if (lead !== undefined) nw.propose(lead, `${seed}:final-${attempt}`);
    nw.tickAll(20);
    committedEverywhere = IDS.every((id) => nw.nodes.get(id)!.applied.some((v) => v.startsWith(`${seed}:final`)));
    const violation = checkSafety(nw, leaders);
    if (violation) return `after healing: ${violation}`;
  }
  if (!committedEverywhere) return "the healed cluster did not commit a new entry on every node";
  return checkSafety(nw, leaders);
}

describe("randomized faults keep Raft safe (Raft §5.4, Figure 3)", () => {
  const only = process.env["RAFT_CHAOS_SEED"];
  const count = Number(process.env["RAFT_CHAOS_SEEDS"] ?? 60);
  const seeds = only !== undefined ? [only] : Array.from({ length: count }, (_, i) => `chaos-${i}`);

  it(`partitions, crashes, restarts, loss and compaction never violate safety, and the cluster recovers (${seeds.length} seeds)`, () => {
    for (const seed of seeds) {
      const violation = chaosRun(seed, 400);
      expect(violation, `seed ${seed}: ${violation}\nreplay: RAFT_CHAOS_SEED=${seed} npx vitest run src/etcd/raft/chaos.test.ts`).toBeUndefined();
    }
  }, 600_000);

  it("the same seed replays the same run", () => {
    const run = (seed: string) => {
      const nw = new PumpNetwork(IDS, { seed });
      for (let i = 0; i < 100; i++) nw.tickAll();
      return nw.delivered.map((m) => `${m.type}${m.from}${m.to}${m.term}`).join(",");
    };
    expect(run("replay")).toBe(run("replay"));
    expect(run("replay")).not.toBe(run("other"));
  });
});
