import { describe, expect, it } from "vitest";
import { Simulation } from "./simulation";

describe("Disk", () => {
  it("shows writes to reads at once, before any fsync", () => {
    const disk = new Simulation({ seed: 1 }).disk("n1");
    disk.append("wal", "entry 1\n");
    expect(disk.read("wal")).toBe("entry 1\n");
    expect(disk.isSynced()).toBe(false);
  });

  it("loses unsynced writes in a crash and keeps synced ones", () => {
    const sim = new Simulation({ seed: 1 });
    const disk = sim.disk("n1");
    disk.append("wal", "term 1\n");
    let synced = false;
    disk.fsync(() => (synced = true));
    sim.clock.advance(1);
    expect(synced).toBe(true);
    disk.append("wal", "term 2\n");
    disk.crash();
    expect(disk.read("wal")).toBe("term 1\n");
  });

  it("cancels an fsync in progress when the machine crashes: it never completes", () => {
    const sim = new Simulation({ seed: 1 });
    const disk = sim.disk("n1", { kind: "fixed", ms: 10 });
    disk.writeFile("vote", "n2");
    let done = false;
    disk.fsync(() => (done = true));
    sim.clock.advance(5);
    disk.crash();
    sim.clock.advance(20);
    expect(done).toBe(false);
    expect(disk.read("vote")).toBeUndefined();
  });

  it("covers only what was written before the fsync call", () => {
    const sim = new Simulation({ seed: 1 });
    const disk = sim.disk("n1", { kind: "fixed", ms: 10 });
    disk.append("wal", "a\n");
    disk.fsync();
    disk.append("wal", "b\n"); // written while the fsync is in progress
    sim.clock.advance(10);
    disk.crash();
    expect(disk.read("wal")).toBe("a\n");
  });

  it("records each fsync's duration from its latency distribution", () => {
    const sim = new Simulation({ seed: "slow disk" });
    const disk = sim.disk("n1", { kind: "uniform", min: 2, max: 20 });
    for (let i = 0; i < 50; i++) {
      disk.append("wal", `${i}\n`);
      disk.fsync();
      sim.clock.advance(25);
    }
    expect(disk.fsyncDurations).toHaveLength(50);
    for (const d of disk.fsyncDurations) {
      expect(d).toBeGreaterThanOrEqual(2);
      expect(d).toBeLessThan(20);
    }
  });

  it("removes files and lists them sorted", () => {
    const disk = new Simulation({ seed: 1 }).disk("n1");
    disk.writeFile("snap", "{}");
    disk.writeFile("hardstate", "{}");
    disk.remove("snap");
    expect(disk.files()).toEqual(["hardstate"]);
  });

  it("never rolls durability back when a later fsync finishes before an earlier one", () => {
    const sim = new Simulation({ seed: 1 });
    const disk = sim.disk("n1", { kind: "fixed", ms: 10 });
    disk.append("wal", "a\n");
    disk.fsync(); // finishes at t=10
    disk.append("wal", "b\n");
    disk.fsyncLatency = { kind: "fixed", ms: 2 };
    disk.fsync(); // finishes at t=2, covering a and b
    sim.clock.advance(20);
    disk.crash();
    expect(disk.read("wal")).toBe("a\nb\n");
  });
});
