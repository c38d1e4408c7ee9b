// The promise the whole course rests on: a seed names a run. The same seed gives the same trace,
// byte for byte; another seed gives another run.
import { describe, expect, it } from "vitest";
import { Simulation } from "./simulation";
import { renderTimeline } from "./timeline-svg";

type Ping = { type: "ping" | "pong"; from: string };

/** Three nodes ping each other at random moments over a lossy, jittery, reordering network. */
function gossip(seed: number | string): Simulation<Ping> {
  const sim = new Simulation<Ping>({
    seed,
    link: { latency: { kind: "normal", mean: 8, stddev: 3 }, loss: 0.1, duplicate: 0.05, reorder: 0.1 },
    describe: (m) => m.type,
  });
  const nodes = ["n1", "n2", "n3"];
  for (const node of nodes) {
    const rng = sim.rng.fork(`node/${node}`);
    sim.network.attach(node, (m, from) => {
      if (m.type === "ping") sim.network.send(node, from, { type: "pong", from: node });
    });
    const tick = (): void => {
      sim.network.send(node, rng.pick(nodes.filter((n) => n !== node)), { type: "ping", from: node });
      sim.clock.setTimer(rng.int(10, 40), tick, `tick ${node}`);
    };
    sim.clock.setTimer(rng.int(0, 10), tick);
    sim.trace.state(node, "up");
  }
  sim.clock.setTimer(100, () => sim.network.partition([["n1"], ["n2", "n3"]]));
  sim.clock.setTimer(200, () => sim.network.heal());
  sim.clock.advance(300);
  return sim;
}

describe("determinism", () => {
  it("replays the same trace, byte for byte, from the same seed", () => {
    const a = gossip(2024).trace.toJSONL();
    const b = gossip(2024).trace.toJSONL();
    expect(a.length).toBeGreaterThan(1_000);
    expect(a).toBe(b);
  });

  it("draws the same timeline from the same seed", () => {
    expect(renderTimeline(gossip("s").trace)).toBe(renderTimeline(gossip("s").trace));
  });

  it("runs differently from a different seed", () => {
    expect(gossip(1).trace.toJSONL()).not.toBe(gossip(2).trace.toJSONL());
  });

  it("drops every message that would cross the partition while it lasts", () => {
    const crossing = gossip(7)
      .trace.messages()
      .filter((m) => m.at >= 100 && m.at < 200 && (m.from === "n1") !== (m.to === "n1"));
    expect(crossing.length).toBeGreaterThan(0);
    for (const m of crossing) expect(m).toMatchObject({ fate: "dropped", reason: "partition" });
  });
});
