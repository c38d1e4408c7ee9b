// Lines and dots: `lineChart` for series over time or a distribution's CDF, `scatterChart` for
// clouds of points, and `cdfChart`, which turns samples into their empirical CDFs first.
import { closeFrame, clipId, openFrame, type ChartOptions } from "./frame";
import { extent } from "./scale";
import { ecdf } from "./stats";
import { color, fmt } from "./svg";

export type Point = readonly [number, number];

export interface Series {
  name: string;
  points: readonly Point[];
  /** Default: the palette's colour for the series' position. */
  color?: string;
  dashed?: boolean;
  /** "linear" joins points directly; "step" holds each y until the next x (a CDF, a gauge). */
  curve?: "linear" | "step";
}

/** One polyline per series, with a legend when there is more than one series. */
export function lineChart(series: readonly Series[], options: ChartOptions = {}): string {
  return xyChart(series, options, "line");
}

/** One dot per point. */
export function scatterChart(series: readonly Series[], options: ChartOptions = {}): string {
  return xyChart(series, options, "dot");
}

/**
 * Empirical CDFs of several samples on one chart: for each x, the fraction of the sample at or
 * below it. Compare distributions by their medians (y = 0.5) and tails (y near 1).
 */
export function cdfChart(samples: ReadonlyArray<{ name: string; values: readonly number[]; color?: string; dashed?: boolean }>, options: ChartOptions = {}): string {
  const series: Series[] = samples.map((s) => ({ name: s.name, points: ecdf(s.values), color: s.color, dashed: s.dashed, curve: "step" }));
  return lineChart(series, {
    yDomain: [0, 1],
    yLabel: "fraction of trials ≤ x",
    yFormat: (v) => `${Math.round(v * 100)}%`,
    hLines: [{ at: 0.5, label: "median", color: "#a0aec0" }],
    ...options,
  });
}

function xyChart(series: readonly Series[], o: ChartOptions, mark: "line" | "dot"): string {
  const all = series.flatMap((s) => s.points);
  const xs = extent(all.map((p) => p[0]).filter((v) => o.xScale !== "log" || v > 0));
  const ys = extent(all.map((p) => p[1]).filter((v) => o.yScale !== "log" || v > 0));
  const legend = series.length > 1 || (series.length === 1 && series[0]!.name !== "")
    ? series.map((s, i) => ({ name: s.name, color: s.color ?? color(i), dashed: s.dashed, mark: mark === "dot" ? ("dot" as const) : ("line" as const) }))
    : [];
  const f = openFrame(xs, ys, legend, o);
  const clip = `clip-path="url(#${clipId(o, f.width, f.height)})"`;
  series.forEach((s, i) => {
    const c = s.color ?? color(i);
    const pts = s.points.filter((p) => (o.xScale !== "log" || p[0] > 0) && (o.yScale !== "log" || p[1] > 0));
    if (pts.length === 0) return;
    if (mark === "dot") {
      f.parts.push(`<g fill="${c}" fill-opacity="0.75" ${clip}>${pts.map((p) => `<circle cx="${fmt(f.x(p[0]))}" cy="${fmt(f.y(p[1]))}" r="3"/>`).join("")}</g>`);
      return;
    }
    const d = path(pts, s.curve ?? "linear", (v) => f.x(v), (v) => f.y(v));
    f.parts.push(`<path d="${d}" fill="none" stroke="${c}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ""} ${clip}/>`);
  });
  return closeFrame(f, o);
}

function path(points: readonly Point[], curve: "linear" | "step", x: (v: number) => number, y: (v: number) => number): string {
  const out: string[] = [];
  points.forEach((p, i) => {
    const px = fmt(x(p[0]));
    const py = fmt(y(p[1]));
    if (i === 0) out.push(`M${px},${py}`);
    else if (curve === "step") out.push(`H${px}V${py}`);
    else out.push(`L${px},${py}`);
  });
  return out.join("");
}
