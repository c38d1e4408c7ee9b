import { describe, expect, it } from "vitest";
import { EtcdCluster } from "./etcd-cluster";
import { ExpositionError, formatGoFloat, parseExposition } from "./exposition";
import { bucketQuantile, exponentialBuckets, Histogram, WAL_FSYNC_BUCKETS } from "./histogram";
import { METRIC } from "./metrics";

function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const family = [...parseExposition(text).values()].find((f) => name.startsWith(f.name));
  return family?.samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

describe("per-member metrics in Prometheus text format", () => {
  it("parses as the text exposition format, with etcd's names, types and WAL fsync buckets", () => {
    const c = new EtcdCluster({ seed: 41, size: 3 });
    c.waitForLeader();
    const client = c.client();
    for (let i = 0; i < 5; i++) c.settle(client.put(`/k${i}`, "v"));
    const text = c.metrics(c.leader()!.id)!;
    const families = parseExposition(text);
    expect([...families.keys()]).toEqual([...families.keys()].sort());
    expect(families.get(METRIC.walFsyncDuration)?.type).toBe("histogram");
    expect(families.get(METRIC.leaderChanges)?.type).toBe("counter");
    expect(families.get(METRIC.proposalsCommitted)?.type, "etcd registers it as a gauge").toBe("gauge");
    expect(families.get(METRIC.hasLeader)?.help).toBe("Whether or not a leader exists. 1 is existence, 0 is not.");
    const les = families.get(METRIC.walFsyncDuration)!.samples.filter((s) => s.name.endsWith("_bucket")).map((s) => s.labels.le);
    expect(les).toEqual(["0.001", "0.002", "0.004", "0.008", "0.016", "0.032", "0.064", "0.128", "0.256", "0.512", "1.024", "2.048", "4.096", "8.192", "+Inf"]);
    expect(text).toContain("etcd_server_quota_backend_bytes 2.147483648e+09\n");
    expect(sample(text, METRIC.hasLeader)).toBe(1);
    expect(sample(text, METRIC.isLeader)).toBe(1);
    expect(sample(text, METRIC.proposalsApplied)).toBe(sample(text, METRIC.proposalsCommitted));
    expect(sample(text, `${METRIC.walFsyncDuration}_count`)).toBeGreaterThan(5);
    expect(sample(text, METRIC.dbTotalSize)).toBeGreaterThanOrEqual(sample(text, METRIC.dbTotalSizeInUse)!);
  });

  it("shows leader changes after a failover, and no page for a member that is down", () => {
    const c = new EtcdCluster({ seed: 42, size: 3 });
    const old = c.waitForLeader()!;
    const survivor = c.ids.find((id) => id !== old.id)!;
    expect(sample(c.metrics(survivor)!, METRIC.leaderChanges)).toBe(1);
    c.crash(old.id);
    c.waitForLeader();
    expect(sample(c.metrics(survivor)!, METRIC.leaderChanges)).toBe(2);
    expect(c.metrics(old.id)).toBeUndefined();
    expect(c.scrape().get(`n${old.id}`)).toBeUndefined();
  });

  it("counts pending and failed proposals: a minority leader's write waits, then times out", () => {
    const c = new EtcdCluster({ seed: 43, size: 3, requestTimeoutMs: 2_000 });
    const leader = c.waitForLeader()!;
    c.partition([leader.id], c.ids.filter((id) => id !== leader.id));
    c.client({ endpoints: [leader.id] }).put("/x", "1");
    c.clock.advance(10);
    expect(sample(c.metrics(leader.id)!, METRIC.proposalsPending)).toBe(1);
    c.clock.advance(2_000);
    const text = c.metrics(leader.id)!;
    expect(sample(text, METRIC.proposalsPending)).toBe(0);
    expect(sample(text, METRIC.proposalsFailed)).toBe(1);
    expect(sample(text, METRIC.hasLeader), "CheckQuorum deposed it").toBe(0);
  });

  it.each([
    [0, "0"],
    [1, "1"],
    [0.001, "0.001"],
    [8.192, "8.192"],
    [0.00001, "1e-05"],
    [123456, "123456"],
    [1234567, "1.234567e+06"],
    [2147483648, "2.147483648e+09"],
    [Infinity, "+Inf"],
  ])("prints %d as Go's strconv 'g' does: %s", (v, text) => {
    expect(formatGoFloat(v)).toBe(text);
  });

  it("rejects text a Prometheus scrape would reject, naming the line", () => {
    expect(() => parseExposition("etcd_server_has_leader 1\n")).toThrow(/line 1: sample etcd_server_has_leader is not in the family/);
    expect(() => parseExposition("# HELP x h\n# TYPE x gauge\nx one\n")).toThrow(/line 3: bad value one/);
    expect(() => parseExposition('# HELP h h\n# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n')).toThrow(ExpositionError);
  });
});

describe("histograms and histogram_quantile", () => {
  it("has etcd's WAL fsync buckets: 14 exponential buckets from 1 ms, doubling, to 8.192 s", () => {
    expect(WAL_FSYNC_BUCKETS).toHaveLength(14);
    expect(WAL_FSYNC_BUCKETS[0]).toBe(0.001);
    expect(WAL_FSYNC_BUCKETS[13]).toBe(8.192);
    expect(exponentialBuckets(1, 2, 3)).toEqual([1, 2, 4]);
  });

  it.each([
    ["every fsync at 1 ms", [0.001], 0.99, 0.00099],
    ["fsyncs spread over 20–50 ms", [0.02, 0.03, 0.04, 0.05], 0.99, 0.063],
    ["half fast, half slow (p50)", [0.001, 0.04], 0.5, 0.001],
    ["one beyond the last bucket", [20], 0.99, 8.192],
  ])("%s gives a p-quantile inside the right bucket", (_name, values, q, expected) => {
    const h = new Histogram(WAL_FSYNC_BUCKETS);
    for (let i = 0; i < 100; i++) for (const v of values) h.observe(v);
    expect(bucketQuantile(q, h.buckets())).toBeCloseTo(expected, 3);
  });

  it("is NaN without observations, so an alert on it does not fire", () => {
    expect(bucketQuantile(0.99, new Histogram(WAL_FSYNC_BUCKETS).buckets())).toBeNaN();
  });
});
