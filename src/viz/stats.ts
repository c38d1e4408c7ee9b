// The few statistics the charts and notebooks need, computed the same way everywhere.

/**
 * The q-quantile (0 ≤ q ≤ 1) of `values`, by linear interpolation between the two nearest ranks
 * (the "type 7" definition of R and NumPy's default). `quantile([1, 2, 3, 4], 0.5)` is 2.5.
 */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new RangeError("viz: quantile of no values");
  if (!(q >= 0 && q <= 1)) throw new RangeError(`viz: quantile must be in [0, 1], got ${q}`);
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export interface Summary {
  count: number;
  min: number;
  median: number;
  mean: number;
  p90: number;
  p99: number;
  max: number;
}

/** count, min, median, mean, 90th and 99th percentiles and max of some numbers. */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new RangeError("viz: summary of no values");
  const sum = values.reduce((a, b) => a + b, 0);
  return {
    count: values.length,
    min: Math.min(...values),
    median: quantile(values, 0.5),
    mean: sum / values.length,
    p90: quantile(values, 0.9),
    p99: quantile(values, 0.99),
    max: Math.max(...values),
  };
}

/**
 * The empirical cumulative distribution function as the corners of a step line: for each
 * distinct value v, the fraction of values ≤ v. Starts at (min, 0).
 */
export function ecdf(values: readonly number[]): Array<[number, number]> {
  if (values.length === 0) return [];
  const sorted = [...values].sort((a, b) => a - b);
  const points: Array<[number, number]> = [[sorted[0]!, 0]];
  for (let i = 0; i < sorted.length; i++) {
    if (i + 1 < sorted.length && sorted[i + 1] === sorted[i]) continue;
    points.push([sorted[i]!, (i + 1) / sorted.length]);
  }
  return points;
}

export interface Bin {
  /** Inclusive lower edge. */
  x0: number;
  /** Exclusive upper edge (inclusive for the last bin). */
  x1: number;
  count: number;
}

/**
 * Counts `values` in bins of `width`, aligned on multiples of `width` (so 0–100, 100–200, ...),
 * from the bin holding the smallest value to the one holding the largest.
 */
export function bin(values: readonly number[], width: number): Bin[] {
  if (!(width > 0)) throw new RangeError(`viz: bin width must be positive, got ${width}`);
  if (values.length === 0) return [];
  const first = Math.floor(Math.min(...values) / width);
  const last = Math.floor(Math.max(...values) / width);
  const bins: Bin[] = [];
  for (let k = first; k <= last; k++) bins.push({ x0: k * width, x1: (k + 1) * width, count: 0 });
  for (const v of values) bins[Math.floor(v / width) - first]!.count++;
  return bins;
}
