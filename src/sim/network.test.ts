import { describe, expect, it } from "vitest";
import { Simulation } from "./simulation";

type Msg = { type: string; n: number };
const describeMsg = (m: Msg): string => `${m.type}#${m.n}`;

function setup(seed: number | string = 1, link = {}) {
  const sim = new Simulation<Msg>({ seed, link, describe: describeMsg });
  const inbox: Record<string, string[]> = { a: [], b: [], c: [] };
  for (const node of ["a", "b", "c"]) sim.network.attach(node, (m, from) => inbox[node]!.push(`${from}:${describeMsg(m)}@${sim.clock.now()}`));
  return { sim, net: sim.network, inbox };
}

describe("Network", () => {
  it("delivers a message after the link's latency", () => {
    const { sim, net, inbox } = setup(1, { latency: { kind: "fixed", ms: 5 } });
    net.send("a", "b", { type: "ping", n: 1 });
    sim.clock.advance(4);
    expect(inbox.b).toEqual([]);
    sim.clock.advance(1);
    expect(inbox.b).toEqual(["a:ping#1@5"]);
  });

  it("drops everything that would cross a partition, in both directions, until healed", () => {
    const { sim, net, inbox } = setup();
    net.partition([["a"], ["b", "c"]]);
    net.send("a", "b", { type: "x", n: 1 });
    net.send("c", "a", { type: "x", n: 2 });
    net.send("b", "c", { type: "x", n: 3 });
    sim.clock.advance(10);
    expect(inbox.a).toEqual([]);
    expect(inbox.b).toEqual([]);
    expect(inbox.c).toEqual(["b:x#3@1"]);
    net.heal();
    net.send("a", "b", { type: "x", n: 4 });
    sim.clock.advance(10);
    expect(inbox.b).toEqual(["a:x#4@11"]);
  });

  it("drops a message in flight when a partition starts before it arrives", () => {
    const { sim, net, inbox } = setup(1, { latency: { kind: "fixed", ms: 10 } });
    net.send("a", "b", { type: "x", n: 1 });
    sim.clock.advance(5);
    net.partition([["a"], ["b"]]);
    sim.clock.advance(10);
    expect(inbox.b).toEqual([]);
    expect(sim.trace.messages()[0]).toMatchObject({ fate: "dropped", reason: "partition", droppedAt: 10 });
  });

  it("keeps nodes not named in a partition together", () => {
    const { net } = setup();
    net.partition([["a"]]);
    expect(net.connected("b", "c")).toBe(true);
    expect(net.connected("a", "b")).toBe(false);
  });

  it("loses about the configured fraction of messages", () => {
    const { sim, net, inbox } = setup("loss", { loss: 0.25 });
    for (let n = 0; n < 4_000; n++) net.send("a", "b", { type: "x", n });
    sim.clock.advance(10);
    expect(inbox.b!.length / 4_000).toBeCloseTo(0.75, 1);
    expect(net.stats.dropped + net.stats.delivered).toBe(4_000);
  });

  it("duplicates messages when asked, and traces the copy", () => {
    const { sim, net, inbox } = setup("dup", { duplicate: 1 });
    net.send("a", "b", { type: "x", n: 1 });
    sim.clock.advance(10);
    expect(inbox.b).toHaveLength(2);
    expect(sim.trace.messages().filter((m) => m.duplicate)).toHaveLength(1);
  });

  it("reorders messages when a link holds some back", () => {
    const { sim, net, inbox } = setup("reorder", { latency: { kind: "fixed", ms: 5 }, reorder: 0.5 });
    for (let n = 0; n < 20; n++) net.send("a", "b", { type: "x", n });
    sim.clock.advance(100);
    const order = inbox.b!.map((line) => Number(/#(\d+)/.exec(line)![1]));
    expect(order).toHaveLength(20);
    expect(order).not.toEqual([...order].sort((x, y) => x - y));
  });

  it("lets a filter drop or delay chosen messages", () => {
    const { sim, net, inbox } = setup();
    const remove = net.addFilter((m) => (m.type === "vote" ? "drop" : m.type === "slow" ? { delayMs: 50 } : "deliver"));
    net.send("a", "b", { type: "vote", n: 1 });
    net.send("a", "b", { type: "slow", n: 2 });
    net.send("a", "b", { type: "fast", n: 3 });
    sim.clock.advance(100);
    expect(inbox.b).toEqual(["a:fast#3@1", "a:slow#2@51"]);
    remove();
    net.send("a", "b", { type: "vote", n: 4 });
    sim.clock.advance(5);
    expect(inbox.b).toContain("a:vote#4@101");
  });

  it("drops messages to a detached (crashed) node and says why", () => {
    const { sim, net } = setup();
    net.detach("c");
    net.send("a", "c", { type: "x", n: 1 });
    sim.clock.advance(5);
    expect(sim.trace.messages()[0]).toMatchObject({ fate: "dropped", reason: "down" });
  });

  it("applies a per-link setting to one direction only", () => {
    const { sim, net, inbox } = setup();
    net.setLink("a", "b", { latency: { kind: "fixed", ms: 40 } });
    net.send("a", "b", { type: "x", n: 1 });
    net.send("b", "a", { type: "x", n: 2 });
    sim.clock.advance(50);
    expect(inbox.b).toEqual(["a:x#1@40"]);
    expect(inbox.a).toEqual(["b:x#2@1"]);
    expect(net.describeLinks()).toEqual([
      "default: latency 1ms, loss 0, duplicate 0, reorder 0",
      "a->b: latency 40ms, loss 0, duplicate 0, reorder 0",
    ]);
  });
});
