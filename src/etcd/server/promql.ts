// Just enough PromQL for etcd's alert rules: four expression shapes, evaluated per instance over a
// MetricsRecorder's series. Not a PromQL engine: no parser, no label matching, no aggregation.
//
//   value              metric <op> threshold                        (etcdNoLeader)
//   increase           increase(metric[range]) <op> threshold      (etcdHighNumberOfLeaderChanges)
//   histogramQuantile  histogram_quantile(q, rate(metric_bucket[range])) <op> threshold
//                                                                    (etcdHighFsyncDurations)
//   ratioPercent       last_over_time(a[range]) / last_over_time(b[range]) * 100 <op> threshold
//                                                                    (etcdDatabaseQuotaLowSpace)
//
// `rate` and `increase` are Prometheus' `extrapolatedRate` (promql/functions.go): the change
// between the first and last sample in the window, corrected for counter resets, then scaled up
// to the whole window when the samples stop short of its edges. That is why an alert can report
// "7.5 leader changes": the counter only moves in whole steps, the extrapolated increase does not.
import { bucketQuantile, type Bucket } from "./histogram";
import { seriesKey, type MetricsRecorder, type Point } from "./metrics-recorder";
import { formatGoFloat } from "./exposition";

export type Comparison = ">" | ">=" | "<" | "<=" | "==" | "!=";

export type AlertExpr =
  | { kind: "value"; metric: string; op: Comparison; threshold: number }
  | { kind: "increase"; metric: string; rangeMs: number; op: Comparison; threshold: number }
  | { kind: "histogramQuantile"; metric: string; quantile: number; rangeMs: number; op: Comparison; threshold: number }
  | { kind: "ratioPercent"; numerator: string; denominator: string; rangeMs: number; op: Comparison; threshold: number };

/** The expression as PromQL text, for tables and explanations. */
export function promql(e: AlertExpr): string {
  const cmp = `${e.op} ${formatGoFloat(e.threshold)}`;
  switch (e.kind) {
    case "value":
      return `${e.metric} ${cmp}`;
    case "increase":
      return `increase(${e.metric}[${duration(e.rangeMs)}]) ${cmp}`;
    case "histogramQuantile":
      return `histogram_quantile(${e.quantile}, rate(${e.metric}_bucket[${duration(e.rangeMs)}])) ${cmp}`;
    case "ratioPercent":
      return `(last_over_time(${e.numerator}[${duration(e.rangeMs)}]) / last_over_time(${e.denominator}[${duration(e.rangeMs)}]))*100 ${cmp}`;
  }
}

/** A Prometheus duration: `5m`, `15m`, `1h`, `30s`. */
export function duration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

export function compare(value: number, op: Comparison, threshold: number): boolean {
  switch (op) {
    case ">": return value > threshold;
    case ">=": return value >= threshold;
    case "<": return value < threshold;
    case "<=": return value <= threshold;
    case "==": return value === threshold;
    case "!=": return value !== threshold;
  }
}

/** The expression's value for one instance at time `t` (before the comparison); undefined: no data. */
export function evaluate(e: AlertExpr, r: MetricsRecorder, instance: string, t: number): number | undefined {
  switch (e.kind) {
    case "value":
      return r.at(instance, e.metric, t);
    case "increase":
      return extrapolatedRate(r.range(instance, e.metric, t, e.rangeMs), t, e.rangeMs, true, false);
    case "histogramQuantile": {
      const buckets: Bucket[] = [];
      for (const key of r.keys(instance, `${e.metric}_bucket`)) {
        const le = /le="([^"]*)"/.exec(key)?.[1];
        const rate = extrapolatedRate(r.range(instance, key, t, e.rangeMs), t, e.rangeMs, true, true);
        if (le === undefined || rate === undefined) continue;
        buckets.push({ upperBound: le === "+Inf" ? Infinity : Number(le), count: rate });
      }
      const q = bucketQuantile(e.quantile, buckets);
      return Number.isNaN(q) ? undefined : q;
    }
    case "ratioPercent": {
      const num = lastOverTime(r.range(instance, seriesKey(e.numerator), t, e.rangeMs));
      const den = lastOverTime(r.range(instance, seriesKey(e.denominator), t, e.rangeMs));
      return num === undefined || den === undefined || den === 0 ? undefined : (num / den) * 100;
    }
  }
}

function lastOverTime(points: Point[]): number | undefined {
  return points[points.length - 1]?.v;
}

//> promql-extrapolated-rate
/**
 * promql/functions.go `extrapolatedRate` for a window (t - rangeMs, t]: increase() when
 * `isRate` is false, rate() (per second) when true. Undefined with fewer than two samples.
 */
export function extrapolatedRate(samples: Point[], t: number, rangeMs: number, isCounter: boolean, isRate: boolean): number | undefined {
  if (samples.length < 2) return undefined;
  const first = samples[0]!;
  const last = samples[samples.length - 1]!;
  let result = last.v - first.v;
  if (isCounter) {
    // A counter that went down was reset (the process restarted): count from zero again.
    let prev = 0;
    for (const s of samples) {
      if (s.v < prev) result += prev;
      prev = s.v;
    }
  }
  const rangeStart = t - rangeMs;
  let durationToStart = (first.t - rangeStart) / 1000;
  let durationToEnd = (t - last.t) / 1000;
  const sampledInterval = (last.t - first.t) / 1000;
  const averageBetweenSamples = sampledInterval / (samples.length - 1);
  // Extrapolate to an edge only if a sample there was to be expected, allowing 10% jitter.
  const threshold = averageBetweenSamples * 1.1;
  if (durationToStart >= threshold) durationToStart = averageBetweenSamples / 2;
  if (isCounter && result > 0 && first.v >= 0) {
    // Do not extrapolate a counter below zero.
    const durationToZero = sampledInterval * (first.v / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  if (durationToEnd >= threshold) durationToEnd = averageBetweenSamples / 2;
  let factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
  if (isRate) factor /= rangeMs / 1000;
  return result * factor;
}
//< promql-extrapolated-rate
