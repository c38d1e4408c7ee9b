import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../sim/virtual-clock";
import { AutoCompactor, parseRetention } from "./auto-compactor";
import { MvccStore } from "./mvcc-store";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** A store that receives a put every 10 s, at t = 5 s, 15 s, 25 s, ...: revision at t = 1 + t/10 s. */
function busyStore(clock: VirtualClock): MvccStore {
  const store = new MvccStore();
  const tick = (): void => {
    store.put("/registry/leases/kube-node-lease/node-1", `renewed at ${clock.now()}`);
    clock.setTimer(10 * SECOND, tick, "writer");
  };
  clock.setTimer(5 * SECOND, tick, "writer");
  return store;
}

describe("AutoCompactor, periodic mode", () => {
  it("samples every retention/10 and keeps retention/interval + 1 samples", () => {
    const c = new AutoCompactor({ clock: new VirtualClock(), mode: "periodic", retention: 10 * MINUTE, rev: () => 1, compact: () => {} });
    expect([c.compactInterval, c.retryInterval, c.retentions]).toEqual([10 * MINUTE, MINUTE, 11]);
  });

  it("caps the compaction interval at one hour for longer retentions", () => {
    const c = new AutoCompactor({ clock: new VirtualClock(), mode: "periodic", retention: 10 * HOUR, rev: () => 1, compact: () => {} });
    expect([c.compactInterval, c.retryInterval, c.retentions]).toEqual([HOUR, 6 * MINUTE, 101]);
  });

  it("waits one retention, then compacts every retention to the revision sampled about a retention earlier", () => {
    const clock = new VirtualClock();
    const store = busyStore(clock);
    const compactor = new AutoCompactor({ clock, mode: "periodic", retention: 10 * MINUTE, rev: () => store.revision, compact: (r) => store.compact(r) });
    compactor.run();
    clock.advance(30 * MINUTE);
    // The oldest sample in the window is from 11 retry intervals (11 min) before each compaction.
    expect(compactor.attempts).toEqual([
      { at: 10 * MINUTE, revision: 1, outcome: "compacted" },
      { at: 20 * MINUTE, revision: 1 + 540 / 10, outcome: "compacted" },
      { at: 30 * MINUTE, revision: 1 + 1140 / 10, outcome: "compacted" },
    ]);
    expect(store.compactRevision).toBe(115);
    expect(() => store.range({ key: "/registry/leases/kube-node-lease/node-1", revision: 114 })).toThrow("etcdserver: mvcc: required revision has been compacted");
  });

  it("with a 2 h retention first compacts after 2 h, then every hour, keeping about 2 h of history", () => {
    const clock = new VirtualClock();
    const store = busyStore(clock);
    const compactor = new AutoCompactor({ clock, mode: "periodic", retention: 2 * HOUR, rev: () => store.revision, compact: (r) => store.compact(r) });
    compactor.run();
    clock.advance(4 * HOUR);
    expect(compactor.attempts.map((a) => a.at)).toEqual([2 * HOUR, 3 * HOUR, 4 * HOUR]);
    // At 3 h the oldest sample is from 3 h - 2 h - 6 min = 54 min.
    expect(compactor.attempts[1]?.revision).toBe(1 + (54 * MINUTE) / (10 * SECOND));
  });

  it("does nothing while paused and stops for good after stop()", () => {
    const clock = new VirtualClock();
    const store = busyStore(clock);
    const compactor = new AutoCompactor({ clock, mode: "periodic", retention: 10 * MINUTE, rev: () => store.revision, compact: (r) => store.compact(r) });
    compactor.run();
    compactor.pause();
    clock.advance(15 * MINUTE);
    expect(compactor.attempts).toEqual([]);
    compactor.resume();
    clock.advance(1 * MINUTE);
    expect(compactor.attempts).toHaveLength(1);
    compactor.stop();
    clock.advance(HOUR);
    expect(compactor.attempts).toHaveLength(1);
  });
});

describe("AutoCompactor, revision mode", () => {
  it("every 5 minutes compacts to the current revision minus the retention", () => {
    const clock = new VirtualClock();
    const store = busyStore(clock);
    const compactor = new AutoCompactor({ clock, mode: "revision", retention: 100, rev: () => store.revision, compact: (r) => store.compact(r) });
    compactor.run();
    clock.advance(25 * MINUTE);
    // Revisions at 5, 10, 15 min are 31, 61, 91: not past the retention yet.
    expect(compactor.attempts).toEqual([
      { at: 20 * MINUTE, revision: 121 - 100, outcome: "compacted" },
      { at: 25 * MINUTE, revision: 151 - 100, outcome: "compacted" },
    ]);
  });

  it("counts 'already compacted' as success, as etcd does", () => {
    const clock = new VirtualClock();
    const store = busyStore(clock);
    const compactor = new AutoCompactor({ clock, mode: "revision", retention: 10, rev: () => store.revision, compact: (r) => store.compact(r) });
    compactor.run();
    clock.advance(4 * MINUTE);
    store.compact(store.revision); // an operator got there first
    clock.advance(1 * MINUTE);
    expect(compactor.attempts[0]).toMatchObject({ outcome: "already-compacted" });
  });
});

describe("parseRetention", () => {
  it("reads a bare number as hours in periodic mode, as etcd does", () => {
    expect(parseRetention("periodic", "1")).toBe(HOUR);
  });
  it("reads Go durations in periodic mode", () => {
    expect(parseRetention("periodic", "1h30m")).toBe(90 * MINUTE);
    expect(parseRetention("periodic", "5s")).toBe(5 * SECOND);
  });
  it("reads a count of revisions in revision mode", () => {
    expect(parseRetention("revision", "1000")).toBe(1000);
  });
  it("says what a retention should look like when it cannot read it", () => {
    expect(() => parseRetention("periodic", "soon")).toThrow('not a duration such as "1h", "30m" or "1h30m"');
    expect(() => parseRetention("revision", "1h")).toThrow("revision mode needs an integer");
  });
});
