import { describe, expect, it } from "vitest";
import { EtcdCluster } from "./etcd-cluster";
import { describeRules, slowFsyncAlert, upstreamEtcdAlerts, type AlertRule } from "./alerts";
import { extrapolatedRate, promql } from "./promql";
import type { Latency } from "../../sim/latency";

const MINUTE = 60_000;
const upstream = (name: string, severity = "warning"): AlertRule =>
  upstreamEtcdAlerts().find((r) => r.alert === name && r.severity === severity)!;

/** A client that writes every `everyMs` for as long as the clock runs. */
function writeLoad(c: EtcdCluster, everyMs: number): void {
  const client = c.client({ timeoutMs: 5_000 });
  let i = 0;
  const next = (): void => {
    client.put(`/load/${i % 20}`, String(i++));
    c.clock.setTimer(everyMs, next, "load");
  };
  next();
}

describe("alert rules evaluated over metrics sampled on virtual time", () => {
  it.each<[string, Latency, boolean]>([
    ["a slow disk (fsync 20–50 ms)", { kind: "uniform", min: 20, max: 50 }, true],
    ["a fast disk (fsync 1 ms)", { kind: "fixed", ms: 1 }, false],
  ])("%s: the course's 10 ms fsync alert fires = %s; upstream's 0.5 s alert stays quiet", (_name, fsyncLatency, fires) => {
    const c = new EtcdCluster({ seed: 51, size: 3, fsyncLatency });
    c.waitForLeader();
    const course = slowFsyncAlert({ forMs: MINUTE, rangeMs: MINUTE });
    const { alerts } = c.monitor({ rules: [course, upstream("etcdHighFsyncDurations")], intervalMs: 15_000 });
    writeLoad(c, 500);
    c.clock.advance(2.5 * MINUTE);
    const firing = alerts.firing("etcdSlowFsync");
    expect(firing.map((a) => a.instance).sort()).toEqual(fires ? ["n1", "n2", "n3"] : []);
    if (fires) {
      for (const a of firing) expect(a.value).toBeGreaterThan(0.032); // p99 falls in the (32 ms, 64 ms] bucket
      const pending = alerts.transitions.find((t) => t.to === "pending")!;
      const fired = alerts.transitions.find((t) => t.to === "firing")!;
      expect(fired.at - pending.at, "fires only after holding for the rule's `for`").toBeGreaterThanOrEqual(MINUTE);
    }
    expect(alerts.firing("etcdHighFsyncDurations")).toEqual([]);
  });

  it("slowing one member's disk makes the alert fire for that member only", () => {
    const c = new EtcdCluster({ seed: 52, size: 3 });
    c.waitForLeader();
    const { alerts } = c.monitor({ rules: [slowFsyncAlert({ forMs: MINUTE, rangeMs: MINUTE })] });
    writeLoad(c, 500);
    c.clock.advance(MINUTE / 2);
    c.slowDisk(2, { kind: "fixed", ms: 40 });
    c.clock.advance(2.5 * MINUTE);
    expect(alerts.firing().map((a) => a.instance)).toEqual(["n2"]);
  });

  it("etcdNoLeader fires on every member during a long partition of all members, and resolves after heal", () => {
    const c = new EtcdCluster({ seed: 53, size: 3 });
    c.waitForLeader();
    const { alerts } = c.monitor({ rules: [upstream("etcdNoLeader", "critical")] });
    c.partition([1], [2], [3]);
    c.clock.advance(30_000);
    expect(alerts.active().map((a) => a.state)).toEqual(["pending", "pending", "pending"]);
    c.clock.advance(MINUTE);
    expect(alerts.firing("etcdNoLeader").map((a) => a.instance)).toEqual(["n1", "n2", "n3"]);
    c.heal();
    c.clock.advance(30_000);
    expect(alerts.active()).toEqual([]);
  });

  it("etcdHighNumberOfLeaderChanges fires after 4 leader changes in 15 minutes, held for 5 minutes", () => {
    const c = new EtcdCluster({ seed: 54, size: 3 });
    c.waitForLeader();
    const { alerts } = c.monitor({ rules: [upstream("etcdHighNumberOfLeaderChanges")], intervalMs: 30_000 });
    for (let i = 0; i < 5; i++) {
      c.clock.advance(MINUTE);
      const leader = c.leader()!;
      leader.node.transferLeader(c.ids.find((id) => id !== leader.id)!);
    }
    c.clock.advance(7 * MINUTE);
    const firing = alerts.firing("etcdHighNumberOfLeaderChanges");
    expect(firing).toHaveLength(3);
    for (const a of firing) expect(a.value).toBeGreaterThanOrEqual(4);
  });

  it("etcdDatabaseQuotaLowSpace fires when the database passes 95% of its quota", () => {
    const c = new EtcdCluster({ seed: 55, size: 3, store: { quotaBackendBytes: 100 * 1024 } });
    c.waitForLeader();
    const rule = { ...upstream("etcdDatabaseQuotaLowSpace", "critical"), forMs: MINUTE };
    const { alerts } = c.monitor({ rules: [rule] });
    const client = c.client();
    for (let i = 0; i < 200; i++) if (c.settle(client.put(`/fill/${i}`, "x".repeat(400))).status !== "ok") break;
    c.clock.advance(2 * MINUTE);
    const firing = alerts.firing("etcdDatabaseQuotaLowSpace");
    expect(firing).toHaveLength(3);
    for (const a of firing) expect(a.value).toBeGreaterThan(95);
  });

  it("describes every rule as PromQL, marking upstream's and the course's", () => {
    expect(describeRules([...upstreamEtcdAlerts(), slowFsyncAlert()])).toEqual([
      "etcdNoLeader (critical, for 1m, upstream): etcd_server_has_leader == 0",
      "etcdHighNumberOfLeaderChanges (warning, for 5m, upstream): increase(etcd_server_leader_changes_seen_total[15m]) >= 4",
      "etcdHighFsyncDurations (warning, for 10m, upstream): histogram_quantile(0.99, rate(etcd_disk_wal_fsync_duration_seconds_bucket[5m])) > 0.5",
      "etcdHighFsyncDurations (critical, for 10m, upstream): histogram_quantile(0.99, rate(etcd_disk_wal_fsync_duration_seconds_bucket[5m])) > 1",
      "etcdDatabaseQuotaLowSpace (critical, for 10m, upstream): (last_over_time(etcd_mvcc_db_total_size_in_bytes[5m]) / last_over_time(etcd_server_quota_backend_bytes[5m]))*100 > 95",
      "etcdSlowFsync (warning, for 10m, course): histogram_quantile(0.99, rate(etcd_disk_wal_fsync_duration_seconds_bucket[5m])) > 0.01",
    ]);
    expect(promql(slowFsyncAlert({ thresholdSeconds: 0.02, rangeMs: 30_000 }).expr)).toContain("[30s])) > 0.02");
  });
});

describe("increase() and rate() as Prometheus extrapolates them", () => {
  const series = (values: number[], everyMs = 15_000, startMs = 0) => values.map((v, i) => ({ t: startMs + i * everyMs, v }));

  it.each<[string, number[], number, number | undefined]>([
    ["a counter that went up by 3 over samples covering the whole window", [0, 1, 2, 3, 3], 60_000, 3],
    ["fewer than two samples", [5], 60_000, undefined],
    // 4→5, reset, 0→1, 1→2: 3 observed over 45 s, extrapolated by 15 s to the window's start.
    ["a counter reset (restart) counts from zero again", [4, 5, 1, 2], 60_000, 4],
  ])("%s", (_name, values, rangeMs, expected) => {
    const samples = series(values, 15_000, 60_000 - (values.length - 1) * 15_000);
    const got = extrapolatedRate(samples, 60_000, rangeMs, true, false);
    if (expected === undefined) expect(got).toBeUndefined();
    else expect(got).toBeCloseTo(expected, 6);
  });

  it("extrapolates to the window's start when samples stop short of it: 4 changes read as 5.33", () => {
    // Samples at 15, 30, 45 and 60 s in a 60 s window; the counter rose from 10 to 14.
    const got = extrapolatedRate(series([10, 11, 13, 14], 15_000, 15_000), 60_000, 60_000, true, false);
    expect(got).toBeCloseTo(4 * (60 / 45), 6);
  });

  it("does not extrapolate a counter below zero: from 1 to 5 reads as 5, not 5.33", () => {
    const got = extrapolatedRate(series([1, 2, 4, 5], 15_000, 15_000), 60_000, 60_000, true, false);
    expect(got).toBeCloseTo(5, 6);
  });

  it("rate() is increase() per second of the window", () => {
    const samples = series([0, 15, 30, 45, 60], 15_000, 0);
    expect(extrapolatedRate(samples, 60_000, 60_000, true, true)).toBeCloseTo(1, 6);
  });
});
