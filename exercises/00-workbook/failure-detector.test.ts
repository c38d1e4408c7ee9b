// Graded tests for the exercise "failure-detector" (chapter 00-workbook, 15 points). Each test's
// weight is the points it is worth (they add up to 15); see tools/exercises/points.ts.
//
// Every scenario runs on a VirtualClock, so "suspected at t=400, not at t=399" is an exact,
// replayable fact, not a race. A failure message names the rule and the virtual time.
import { describe, expect, it } from "vitest";
import { Simulation, VirtualClock } from "../../src/sim";
import { HeartbeatFailureDetector, type SuspicionChange } from "@exercise/00-workbook/failure-detector";

/** A detector on a fresh VirtualClock, recording every change it reports. */
function setup(timeoutMs: number, peers: string[]) {
  const clock = new VirtualClock();
  const detector = new HeartbeatFailureDetector({ clock, timeoutMs, peers });
  const changes: SuspicionChange[] = [];
  detector.onChange((c) => changes.push({ ...c }));
  /** Advances the clock to the absolute virtual time `t`. */
  const at = (t: number) => clock.advance(t - clock.now());
  return { clock, detector, changes, at };
}

describe("suspicion on a virtual clock", () => {
  it("suspects a silent peer exactly timeoutMs after its last heartbeat, not a millisecond earlier", { meta: { weight: 3 } }, () => {
    const { detector, at } = setup(300, ["a", "b"]);
    at(100);
    detector.heartbeat("a");
    detector.heartbeat("b"); // b's last heartbeat
    for (const t of [200, 300]) {
      at(t);
      detector.heartbeat("a");
    }
    at(399);
    expect(detector.isSuspected("b"), "at t=399 b has been silent 299 ms < timeout 300 ms: not suspected yet").toBe(false);
    at(400);
    expect(detector.isSuspected("b"), "at t=400 b has been silent for the whole 300 ms timeout: it must be suspected").toBe(true);
    detector.heartbeat("a");
    at(500);
    detector.heartbeat("a");
    expect(detector.isSuspected("a"), "a sent a heartbeat every 100 ms (< timeout 300 ms): it must not be suspected").toBe(false);
  });

  it("suspects a peer it never heard from timeoutMs after it started watching", { meta: { weight: 1 } }, () => {
    const { detector, at } = setup(250, ["quiet"]);
    at(249);
    expect(detector.isSuspected("quiet"), "a watched peer counts as heard from at construction (t=0): not suspected at t=249").toBe(false);
    at(250);
    expect(
      detector.isSuspected("quiet"),
      "a peer named in options.peers that never sends a heartbeat is suspected at t=timeoutMs=250",
    ).toBe(true);
  });

  it("trusts a suspected peer again as soon as its heartbeat arrives, and restarts its timeout", { meta: { weight: 2 } }, () => {
    const { detector, at } = setup(300, ["b"]);
    at(300);
    expect(detector.isSuspected("b"), "b was silent from t=0 to t=300: suspected").toBe(true);
    at(450);
    detector.heartbeat("b");
    expect(detector.isSuspected("b"), "a heartbeat at t=450 shows b is alive: it must be trusted again at once").toBe(false);
    at(749);
    expect(detector.isSuspected("b"), "the heartbeat at t=450 restarted the timeout: b is not suspected at t=749").toBe(false);
    at(750);
    expect(detector.isSuspected("b"), "silent again from t=450: suspected at exactly t=750").toBe(true);
  });

  it("reports each change of opinion once, at the virtual time it happened", { meta: { weight: 2 } }, () => {
    const { detector, changes, at } = setup(300, ["a", "b"]);
    at(100);
    detector.heartbeat("a");
    detector.heartbeat("b");
    at(350);
    detector.heartbeat("a");
    at(500);
    detector.heartbeat("b"); // b was suspected at t=400
    detector.heartbeat("b"); // already trusted: no second report
    at(600);
    expect(
      changes,
      "onChange must report b suspected at t=400 (last heard t=100, timeout 300) and trusted at t=500, nothing else",
    ).toEqual([
      { peer: "b", suspected: true, at: 400 },
      { peer: "b", suspected: false, at: 500 },
    ]);
  });

  it("lists the suspected peers in name order", { meta: { weight: 1 } }, () => {
    const { detector, at } = setup(100, ["n3", "n1", "n2"]);
    at(50);
    detector.heartbeat("n2");
    at(100);
    expect(detector.suspects(), "at t=100 n1 and n3 were silent for the whole timeout; n2 was heard at t=50").toEqual(["n1", "n3"]);
    at(150);
    expect(detector.suspects(), "at t=150 all three are suspected, listed by name").toEqual(["n1", "n2", "n3"]);
  });

  it("watches a peer it was not told about from its first heartbeat on", { meta: { weight: 1 } }, () => {
    const { detector, at } = setup(200, []);
    expect(detector.isSuspected("late"), "a peer never heard of is unknown, not suspected").toBe(false);
    at(1000);
    detector.heartbeat("late");
    at(1199);
    expect(detector.isSuspected("late"), "first heard at t=1000: not suspected before t=1200").toBe(false);
    at(1200);
    expect(detector.isSuspected("late"), "first heard at t=1000 and silent since: suspected at t=1200").toBe(true);
  });

  it("rejects a timeout that is not a positive number of milliseconds", { meta: { weight: 1 } }, () => {
    const clock = new VirtualClock();
    for (const timeoutMs of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(
        () => new HeartbeatFailureDetector({ clock, timeoutMs }),
        `a timeout of ${timeoutMs} ms would suspect everyone at once or no one ever: the constructor must throw a RangeError`,
      ).toThrow(RangeError);
    }
  });
});

/**
 * n2 and n3 send n1 a heartbeat every 100 ms (t=100, 200, ...) over a simulated network with a
 * fixed 5 ms latency; n1 runs the detector. Returns the detector's reports.
 */
function cluster(timeoutMs: number, script: (sim: Simulation<"heartbeat">) => void, untilMs: number) {
  const sim = new Simulation<"heartbeat">({ seed: "failure-detector", link: { latency: { kind: "fixed", ms: 5 } } });
  const detector = new HeartbeatFailureDetector({ clock: sim.clock, timeoutMs, peers: ["n2", "n3"] });
  const changes: SuspicionChange[] = [];
  detector.onChange((c) => changes.push({ ...c }));
  sim.network.attach("n1", (_message, from) => detector.heartbeat(from));
  for (const peer of ["n2", "n3"]) {
    sim.network.attach(peer, () => {});
    const beat = () => {
      sim.network.send(peer, "n1", "heartbeat");
      sim.clock.setTimer(100, beat, `heartbeat ${peer}`);
    };
    sim.clock.setTimer(100, beat, `heartbeat ${peer}`);
  }
  script(sim);
  sim.clock.advance(untilMs);
  return { detector, changes };
}

describe("scenario: heartbeats over a simulated network", () => {
  it("suspects a peer cut off by a partition exactly timeoutMs after its last heartbeat got through, and trusts it after the heal", { meta: { weight: 2 } }, () => {
    const { detector, changes } = cluster(
      300,
      (sim) => {
        sim.clock.setTimer(1050, () => sim.network.partition([["n1", "n2"], ["n3"]]), "partition");
        sim.clock.setTimer(2050, () => sim.network.heal(), "heal");
      },
      2500,
    );
    expect(
      changes,
      "n3's last heartbeat before the partition (sent t=1000) arrived at t=1005, so n3 is suspected at 1005+300=1305; " +
        "its first heartbeat after the heal (sent t=2100) arrives at t=2105 and n3 is trusted again. n2 is never suspected.",
    ).toEqual([
      { peer: "n3", suspected: true, at: 1305 },
      { peer: "n3", suspected: false, at: 2105 },
    ]);
    expect(detector.suspects(), "after the heal nobody is suspected").toEqual([]);
  });

  it("with a timeout shorter than the heartbeat interval, suspects healthy peers between heartbeats", { meta: { weight: 2 } }, () => {
    const { changes } = cluster(95, () => {}, 320);
    const n2 = changes.filter((c) => c.peer === "n2").map((c) => `${c.suspected ? "suspected" : "trusted"}@${c.at}`);
    expect(
      n2,
      "timeout 95 ms < heartbeat interval 100 ms: n2 is healthy but falsely suspected 95 ms after each heartbeat " +
        "(arrivals at t=105, 205, 305). This is why kube-controller-manager's --node-monitor-grace-period is " +
        "several times the kubelet's 10 s heartbeat interval.",
    ).toEqual(["suspected@95", "trusted@105", "suspected@200", "trusted@205", "suspected@300", "trusted@305"]);
  });
});
