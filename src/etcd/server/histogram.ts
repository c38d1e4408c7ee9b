// Prometheus histograms: how etcd reports a latency distribution, and how an alert reads a
// percentile back out of one.
//
// A histogram does not keep the observations. It keeps, for each bucket upper bound `le`, how many
// observations were <= le (cumulative counts), plus their sum and count. etcd's WAL fsync histogram
// (server/storage/wal/metrics.go) has 14 exponential buckets, 1 ms × 2^k up to 8.192 s, plus +Inf.
//
// Reading a quantile back (PromQL `histogram_quantile`) finds the bucket where the rank q × count
// falls and interpolates linearly inside it, assuming observations are spread evenly between its
// bounds. So the answer is only as precise as the buckets: every fsync of 20–50 ms lands in the
// (16 ms, 32 ms] or (32 ms, 64 ms] bucket, and a p99 of "about 60 ms" is all the metric can say.
//
// `bucketQuantile` follows Prometheus' promql/quantile.go, minus its fix-ups for buckets that
// are not monotonic (which a single scraped histogram never needs).

/** prometheus.ExponentialBuckets(start, factor, count). */
export function exponentialBuckets(start: number, factor: number, count: number): number[] {
  if (count < 1 || start <= 0 || factor <= 1) {
    throw new Error(`exponentialBuckets: need count >= 1, start > 0 and factor > 1 (got ${count}, ${start}, ${factor})`);
  }
  const buckets: number[] = [];
  for (let i = 0, b = start; i < count; i++, b *= factor) buckets.push(b);
  return buckets;
}

/** etcd_disk_wal_fsync_duration_seconds: 0.001 × 2^k seconds, k = 0..13. */
export const WAL_FSYNC_BUCKETS = exponentialBuckets(0.001, 2, 14);

/** One cumulative bucket: how many observations were <= upperBound. */
export interface Bucket {
  upperBound: number;
  count: number;
}

export class Histogram {
  private readonly counts: number[];
  sum = 0;
  count = 0;

  constructor(readonly upperBounds: readonly number[]) {
    this.counts = upperBounds.map(() => 0);
  }

  observe(value: number): void {
    this.sum += value;
    this.count++;
    const i = this.upperBounds.findIndex((le) => value <= le);
    if (i >= 0) this.counts[i]!++;
  }

  /** Cumulative buckets, the last one +Inf (the count of everything). */
  buckets(): Bucket[] {
    let running = 0;
    const out = this.upperBounds.map((upperBound, i) => ({ upperBound, count: (running += this.counts[i]!) }));
    out.push({ upperBound: Infinity, count: this.count });
    return out;
  }
}

//> histogram-quantile
/**
 * PromQL `histogram_quantile(q, ...)` over cumulative buckets that end with +Inf. NaN when there
 * are no observations; the highest finite bound when the rank falls in the +Inf bucket.
 */
export function bucketQuantile(q: number, buckets: readonly Bucket[]): number {
  if (Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const sorted = [...buckets].sort((a, b) => a.upperBound - b.upperBound);
  const last = sorted[sorted.length - 1];
  if (!last || last.upperBound !== Infinity || sorted.length < 2) return NaN;
  const observations = last.count;
  if (observations === 0) return NaN;
  let rank = q * observations;
  let b = sorted.findIndex((x) => x.count >= rank);
  if (b < 0) b = sorted.length - 1;
  if (b === sorted.length - 1) return sorted[sorted.length - 2]!.upperBound;
  if (b === 0 && sorted[0]!.upperBound <= 0) return sorted[0]!.upperBound;
  let bucketStart = 0;
  const bucketEnd = sorted[b]!.upperBound;
  let count = sorted[b]!.count;
  if (b > 0) {
    bucketStart = sorted[b - 1]!.upperBound;
    count -= sorted[b - 1]!.count;
    rank -= sorted[b - 1]!.count;
  }
  return bucketStart + (bucketEnd - bucketStart) * (rank / count);
}
//< histogram-quantile
