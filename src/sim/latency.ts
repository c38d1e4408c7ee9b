// How long something takes: a message on a link, an fsync on a disk. Distributions are data, so
// a scenario can say `{ kind: "normal", mean: 2, stddev: 0.5 }` and print what it used.

export type Latency =
  | { kind: "fixed"; ms: number }
  | { kind: "uniform"; min: number; max: number }
  | { kind: "normal"; mean: number; stddev: number }
  | { kind: "exponential"; mean: number };

/** Something that yields floats in [0,1) plus the helpers built on them: an Rng. */
export interface LatencySource {
  next(): number;
  float(lo: number, hi: number): number;
  normal(mean: number, stddev: number): number;
  exponential(mean: number): number;
}

/** Draws one duration in milliseconds; never negative. */
export function sampleLatency(latency: Latency, rng: LatencySource): number {
  switch (latency.kind) {
    case "fixed":
      return Math.max(0, latency.ms);
    case "uniform":
      return Math.max(0, rng.float(latency.min, latency.max));
    case "normal":
      return Math.max(0, rng.normal(latency.mean, latency.stddev));
    case "exponential":
      return Math.max(0, rng.exponential(latency.mean));
  }
}

/** The mean of a distribution, used to size extra delay for reordering. */
export function meanLatency(latency: Latency): number {
  switch (latency.kind) {
    case "fixed":
      return latency.ms;
    case "uniform":
      return (latency.min + latency.max) / 2;
    case "normal":
    case "exponential":
      return latency.mean;
  }
}

export function describeLatency(latency: Latency): string {
  switch (latency.kind) {
    case "fixed":
      return `${latency.ms}ms`;
    case "uniform":
      return `uniform(${latency.min}..${latency.max}ms)`;
    case "normal":
      return `normal(${latency.mean}±${latency.stddev}ms)`;
    case "exponential":
      return `exponential(mean ${latency.mean}ms)`;
  }
}
