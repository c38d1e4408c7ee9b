// Hidden tests for the exercise "failure-detector": instructor-only, they count in batch grading
// and are not in the learner edition. Same rules as the public tests, on scenarios the public
// tests do not show (several listeners, repeated suspicion, many peers with different histories).
import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../src/sim";
import { HeartbeatFailureDetector, type SuspicionChange } from "@exercise/00-workbook/failure-detector";

describe("hidden: suspicion over a longer history", () => {
  it("suspects, trusts and suspects the same peer again, at the exact virtual times", { meta: { weight: 2 } }, () => {
    const clock = new VirtualClock();
    const detector = new HeartbeatFailureDetector({ clock, timeoutMs: 50, peers: ["p"] });
    const changes: string[] = [];
    detector.onChange((c) => changes.push(`${c.peer}:${c.suspected ? "S" : "T"}@${c.at}`));
    clock.advance(50); // suspected at 50
    clock.advance(25);
    detector.heartbeat("p"); // trusted at 75
    clock.advance(50); // suspected at 125
    clock.advance(1000);
    expect(changes, "timeout 50: suspected at 50, trusted at 75, suspected again at 125, and nothing after").toEqual([
      "p:S@50",
      "p:T@75",
      "p:S@125",
    ]);
  });

  it("tells every listener about every change, in the order they subscribed", { meta: { weight: 1 } }, () => {
    const clock = new VirtualClock();
    const detector = new HeartbeatFailureDetector({ clock, timeoutMs: 10, peers: ["x"] });
    const seen: string[] = [];
    detector.onChange((c: SuspicionChange) => seen.push(`first ${c.peer} ${c.suspected}`));
    detector.onChange((c: SuspicionChange) => seen.push(`second ${c.peer} ${c.suspected}`));
    clock.advance(10);
    expect(seen, "both listeners hear that x is suspected, first before second").toEqual(["first x true", "second x true"]);
  });

  it("keeps independent timers for many peers", { meta: { weight: 1 } }, () => {
    const clock = new VirtualClock();
    const peers = Array.from({ length: 12 }, (_, i) => `n${String(i).padStart(2, "0")}`);
    const detector = new HeartbeatFailureDetector({ clock, timeoutMs: 100, peers });
    // Peer i last speaks at t = 10*i.
    for (let i = 1; i < peers.length; i++) {
      clock.advance(10);
      for (const p of peers.slice(i)) detector.heartbeat(p);
    }
    clock.advance(100 - 10 * (peers.length - 1) + 45); // now t = 145
    expect(detector.suspects(), "at t=145 the peers last heard at t<=45 (n00..n04) are suspected").toEqual(["n00", "n01", "n02", "n03", "n04"]);
  });
});
