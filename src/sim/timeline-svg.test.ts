import { describe, expect, it } from "vitest";
import { Simulation } from "./simulation";
import { escapeXml, renderTimeline, stateColor } from "./timeline-svg";

describe("renderTimeline", () => {
  function scenario() {
    const sim = new Simulation<string>({ seed: 1, link: { latency: { kind: "fixed", ms: 10 } } });
    sim.network.attach("a", () => undefined);
    sim.network.attach("b", () => undefined);
    sim.trace.state("a", "leader");
    sim.trace.state("b", "follower");
    sim.network.send("a", "b", "append");
    sim.clock.advance(20);
    sim.network.partition([["a"], ["b"]]);
    sim.network.send("a", "b", "append <lost>");
    sim.trace.note("b", "election timeout");
    sim.clock.advance(20);
    return sim;
  }

  it("draws one lane per node, a delivered arrow, a dropped cross and the partition mark", () => {
    const svg = renderTimeline(scenario().trace, { title: "demo" });
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain(">a</text>");
    expect(svg).toContain(">b</text>");
    expect(svg).toContain('marker-end="url(#arrow)"');
    expect(svg).toContain("dropped: partition");
    expect(svg).toContain("partition {a} | {b}");
    expect(svg).toContain("election timeout");
  });

  it("escapes labels so a message text cannot break the SVG", () => {
    const svg = renderTimeline(scenario().trace);
    expect(svg).toContain("append &lt;lost&gt;");
    expect(svg).not.toContain("<lost>");
    expect(escapeXml(`"&'`)).toBe("&quot;&amp;&#39;");
  });

  it("colours well-known states consistently", () => {
    expect(stateColor("leader")).toBe(stateColor("Leader"));
    expect(stateColor("leader")).not.toBe(stateColor("follower"));
  });
});
