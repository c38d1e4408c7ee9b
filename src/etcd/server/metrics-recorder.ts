// A tiny Prometheus: scrape every member's /metrics on the virtual clock and keep the samples as
// time series, so alert rules can ask for rates and increases over minutes of simulated time.
//
// Each scrape parses the exposition text (exposition.ts), so a page a real Prometheus would
// reject fails here too. A member that is down cannot be scraped: its `up` series records 0 and
// its other series go stale at once, as Prometheus marks them with staleness markers.
//
// SIMPLIFICATION: one global scrape interval (Prometheus: per job; the default is 1 m, and etcd's
// alerting mixin assumes 30 s), no retention limit, and instant lookups look back at most 5
// minutes (Prometheus' default lookback delta).
import type { Clock, TimerId } from "../../sim/clock";
import { parseExposition } from "./exposition";

export interface Point {
  t: number;
  v: number;
}

/** Prometheus' default lookback for instant vectors. */
export const LOOKBACK_MS = 5 * 60 * 1000;

export interface MetricsRecorderOptions {
  clock: Clock;
  /** One /metrics page per instance, undefined when the instance is down (EtcdCluster.scrape). */
  scrape: () => Map<string, string | undefined>;
  /** Scrape interval. Default 15 s. */
  intervalMs?: number;
  /** Called after each scrape (an AlertEvaluator evaluates its rules then). */
  afterScrape?: (t: number) => void;
}

/** A series key: the metric name with its labels in order, `x_bucket{le="0.001"}`. */
export function seriesKey(name: string, labels: Record<string, string> = {}): string {
  const entries = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? name : `${name}{${entries.map(([k, v]) => `${k}="${v}"`).join(",")}}`;
}

export class MetricsRecorder {
  /** instance -> series key -> points; a stale marker is a point with v = NaN. */
  private readonly data = new Map<string, Map<string, Point[]>>();
  private timer: TimerId | undefined;
  /** Times of every scrape. */
  readonly scrapes: number[] = [];

  constructor(private readonly o: MetricsRecorderOptions) {}

  get intervalMs(): number {
    return this.o.intervalMs ?? 15_000;
  }

  /** Scrapes now and then every interval until `stop()`. */
  start(): this {
    this.scrapeNow();
    return this;
  }

  stop(): void {
    if (this.timer !== undefined) this.o.clock.clearTimer(this.timer);
    this.timer = undefined;
  }

  //> metrics-recorder-scrape
  scrapeNow(): void {
    const t = this.o.clock.now();
    this.scrapes.push(t);
    for (const [instance, text] of this.o.scrape()) {
      const series = this.instance(instance);
      const seen = new Set<string>();
      const add = (key: string, v: number): void => {
        seen.add(key);
        let points = series.get(key);
        if (!points) series.set(key, (points = []));
        points.push({ t, v });
      };
      add("up", text === undefined ? 0 : 1);
      if (text !== undefined) {
        for (const family of parseExposition(text).values()) {
          for (const s of family.samples) add(seriesKey(s.name, s.labels), s.value);
        }
      }
      // Series that were there last time and are not now go stale (Prometheus staleness markers).
      for (const [key, points] of series) {
        const last = points[points.length - 1];
        if (!seen.has(key) && last && !Number.isNaN(last.v)) points.push({ t, v: NaN });
      }
    }
    this.o.afterScrape?.(t);
    this.timer = this.o.clock.setTimer(this.intervalMs, () => this.scrapeNow(), "prometheus scrape");
  }
  //< metrics-recorder-scrape

  instances(): string[] {
    return [...this.data.keys()].sort();
  }

  /** Series keys of one instance that start with `name`. */
  keys(instance: string, name: string): string[] {
    return [...(this.data.get(instance)?.keys() ?? [])].filter((k) => k === name || k.startsWith(`${name}{`));
  }

  /** Every point of a series, stale markers included. */
  points(instance: string, key: string): readonly Point[] {
    return this.data.get(instance)?.get(key) ?? [];
  }

  /** Instant lookup: the latest value at or before `t`, within the lookback and not stale. */
  at(instance: string, key: string, t: number): number | undefined {
    const points = this.points(instance, key);
    for (let i = points.length - 1; i >= 0; i--) {
      const p = points[i]!;
      if (p.t > t) continue;
      if (Number.isNaN(p.v) || t - p.t > LOOKBACK_MS) return undefined;
      return p.v;
    }
    return undefined;
  }

  /** Range selector `key[rangeMs]` at `t`: points in (t - rangeMs, t], stale markers left out. */
  range(instance: string, key: string, t: number, rangeMs: number): Point[] {
    return this.points(instance, key).filter((p) => p.t > t - rangeMs && p.t <= t && !Number.isNaN(p.v));
  }

  private instance(name: string): Map<string, Point[]> {
    let m = this.data.get(name);
    if (!m) this.data.set(name, (m = new Map()));
    return m;
  }
}
