// Scales map data values to pixels, and ticks say where to label an axis.
//
// Linear ticks are "nice": 1, 2 or 5 times a power of ten, so an axis from 0 to 4,466 is labelled
// 0, 1000, 2000, 3000, 4000 rather than at fifths of the range. Logarithmic ticks are the powers
// of ten in range, plus 2 and 5 times them when there are few decades.

export type ScaleKind = "linear" | "log";

export interface Scale {
  kind: ScaleKind;
  /** The data range drawn. */
  domain: readonly [number, number];
  /** The pixel range it maps to. */
  range: readonly [number, number];
  (value: number): number;
  ticks(count?: number): number[];
}

/** A linear scale. A domain of zero width is widened by one on each side. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  let [d0, d1] = domain;
  if (d0 === d1) {
    d0 -= 1;
    d1 += 1;
  }
  const [r0, r1] = range;
  const f = ((v: number) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0)) as Scale;
  f.kind = "linear";
  f.domain = [d0, d1];
  f.range = range;
  f.ticks = (count = 5) => niceTicks(d0, d1, count);
  return f;
}

/** A base-10 logarithmic scale; the domain must be positive. */
export function logScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  let [d0, d1] = domain;
  if (!(d0 > 0) || !(d1 > 0)) throw new RangeError(`viz: a log scale needs a positive domain, got [${d0}, ${d1}]`);
  if (d0 === d1) {
    d0 /= 10;
    d1 *= 10;
  }
  const [r0, r1] = range;
  const l0 = Math.log10(d0);
  const l1 = Math.log10(d1);
  const f = ((v: number) => r0 + ((Math.log10(Math.max(v, Number.MIN_VALUE)) - l0) / (l1 - l0)) * (r1 - r0)) as Scale;
  f.kind = "log";
  f.domain = [d0, d1];
  f.range = range;
  f.ticks = () => logTicks(d0, d1);
  return f;
}

/** Round tick values covering [lo, hi]: steps of 1, 2 or 5 times a power of ten. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) return [lo];
  const step = niceStep((hi - lo) / Math.max(1, count));
  const out: number[] = [];
  const first = Math.ceil(lo / step - 1e-9);
  for (let k = first; k * step <= hi + step * 1e-9; k++) out.push(clean(k * step));
  return out;
}

/** The smallest of 1, 2, 5 × 10^n that is at least `raw`. */
export function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw * (1 - 1e-9)) return clean(m * power);
  return clean(10 * power);
}

/** Powers of ten in [lo, hi]; with fewer than three decades, also 2× and 5× them. */
export function logTicks(lo: number, hi: number): number[] {
  const first = Math.floor(Math.log10(lo));
  const last = Math.ceil(Math.log10(hi));
  const multiples = last - first < 3 ? [1, 2, 5] : [1];
  const out: number[] = [];
  for (let e = first; e <= last; e++) {
    for (const m of multiples) {
      const v = clean(m * 10 ** e);
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(v);
    }
  }
  return out;
}

/** The extent of some numbers, [min, max]; [0, 1] when there are none. */
export function extent(values: Iterable<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo === Infinity ? [0, 1] : [lo, hi];
}

/** Removes binary noise: 0.30000000000000004 → 0.3. */
function clean(v: number): number {
  return Number(v.toPrecision(12));
}
