import { describe, expect, it } from "vitest";
import { RaftCluster } from "./raft-cluster";

describe("Raft on the simulation (RaftNode driver)", () => {
  it("elects one leader within a few election timeouts on etcd's default timing", () => {
    const c = new RaftCluster({ seed: 1, size: 3 });
    const leader = c.waitForLeader();
    expect(leader, "no leader after 10 s of virtual time").toBeDefined();
    // Election timeout 1000–2000 ms (10–20 ticks of 100 ms), plus a pre-vote and a vote round.
    expect(c.clock.now()).toBeLessThan(4_000);
    expect(c.leaders()).toHaveLength(1);
  });

  it("replicates and applies commands on every member in the same order", () => {
    const c = new RaftCluster({ seed: 2, size: 5 });
    c.waitForLeader();
    for (let i = 0; i < 20; i++) expect(c.propose(`cmd${i}`)).toBe(true);
    c.clock.advance(1_000);
    const lists = [...c.applied().values()];
    expect(lists).toHaveLength(5);
    for (const list of lists) expect(list).toEqual(Array.from({ length: 20 }, (_, i) => `cmd${i}`));
  });

  it("waits for the fsync before acknowledging: a slow disk delays the commit, it never skips it", () => {
    const c = new RaftCluster({ seed: 3, size: 3, fsyncLatency: { kind: "fixed", ms: 50 } });
    const leader = c.waitForLeader()!;
    const before = c.clock.now();
    leader.propose("slow");
    c.clock.runUntil(() => leader.applied >= leader.committed && c.member(leader.id).machine.entries.some((e) => e.data === "slow"));
    // Leader fsync (50) then follower fsync (50) then the leader learns of the commit.
    expect(c.clock.now() - before).toBeGreaterThanOrEqual(100);
  });

  it("keeps term, vote and log across a crash and restart from disk", () => {
    const c = new RaftCluster({ seed: 4, size: 3 });
    const leader = c.waitForLeader()!;
    for (let i = 0; i < 5; i++) leader.propose(`x${i}`);
    c.clock.advance(500);
    const follower = c.ids.find((id) => id !== leader.id)!;
    const term = c.node(follower).term;
    c.crash(follower);
    c.restart(follower);
    expect(c.node(follower).term).toBe(term);
    c.clock.advance(1_000);
    expect(c.applied().get(follower)).toEqual(["x0", "x1", "x2", "x3", "x4"]);
    expect(c.node(follower).stats.replayedAtBoot).toBeGreaterThan(0);
  });

  it("elects a new leader after the leader crashes, and the old one rejoins as a follower", () => {
    const c = new RaftCluster({ seed: 5, size: 3 });
    const old = c.waitForLeader()!;
    c.crash(old.id);
    const next = c.waitForLeader()!;
    expect(next.id).not.toBe(old.id);
    expect(next.term).toBeGreaterThan(old.term);
    c.restart(old.id);
    c.clock.advance(2_000);
    expect(c.leaders().map((n) => n.id)).toEqual([next.id]);
  });

  it("lets only the majority side of a partition commit (CheckQuorum deposes the isolated leader)", () => {
    const c = new RaftCluster({ seed: 6, size: 5 });
    const old = c.waitForLeader()!;
    const others = c.ids.filter((id) => id !== old.id);
    c.partition([old.id, others[0]!], others.slice(1));
    old.propose("minority-write");
    c.clock.advance(5_000);
    expect(old.isLeader, "a leader without a quorum must step down (CheckQuorum)").toBe(false);
    const majorityLeader = c.leader()!;
    expect(others.slice(1)).toContain(majorityLeader.id);
    majorityLeader.propose("majority-write");
    c.clock.advance(1_000);
    c.heal();
    c.clock.advance(3_000);
    for (const list of c.applied().values()) {
      expect(list).toContain("majority-write");
      expect(list).not.toContain("minority-write");
    }
  });

  it("sends a snapshot to a member that fell behind a compacted log, over the lossy network", () => {
    const c = new RaftCluster({ seed: 7, size: 3, snapshotCount: 20, catchUpEntries: 5, link: { loss: 0.05 } });
    const leader = c.waitForLeader()!;
    const lagging = c.ids.find((id) => id !== leader.id)!;
    c.crash(lagging);
    for (let i = 0; i < 100; i++) {
      c.leader()?.propose(`v${i}`);
      c.clock.advance(20);
    }
    c.clock.advance(2_000);
    c.restart(lagging);
    c.clock.advance(10_000);
    const expected = c.applied().get(c.leader()!.id)!;
    expect(expected.length).toBeGreaterThan(80);
    expect(c.applied().get(lagging)).toEqual(expected);
    expect(c.sim.trace.events.some((e) => e.type === "note" && e.label.startsWith("installed snapshot"))).toBe(true);
  });

  it("replays the same run from the same seed, byte for byte", () => {
    const run = (): string => {
      const c = new RaftCluster({ seed: "replay", size: 3, link: { latency: { kind: "uniform", min: 1, max: 10 }, loss: 0.02 } });
      c.waitForLeader();
      for (let i = 0; i < 10; i++) c.propose(`r${i}`);
      c.crash(c.leader()!.id);
      c.clock.advance(5_000);
      return c.sim.trace.toJSONL();
    };
    expect(run()).toBe(run());
  });
});
