// Bars: `barChart` for values per category (grouped when there are several series), and
// `histogramChart` for how a sample is distributed.
import { closeFrame, openFrame, type ChartOptions } from "./frame";
import { extent } from "./scale";
import { bin } from "./stats";
import { color, escapeXml, fmt, formatNumber } from "./svg";

export interface BarSeries {
  name: string;
  /** One value per category, in the order of `categories`. */
  values: readonly number[];
  color?: string;
}

export interface BarChartOptions extends Omit<ChartOptions, "xDomain" | "xScale" | "xFormat" | "vLines"> {
  /** Print each bar's value above it. Default true. */
  labels?: boolean;
  /** Formats the printed values. Default `formatNumber`. */
  valueFormat?: (value: number) => string;
}

/** Vertical bars, one group per category, one bar per series in each group. */
export function barChart(categories: readonly string[], series: readonly BarSeries[], options: BarChartOptions = {}): string {
  for (const s of series) {
    if (s.values.length !== categories.length) {
      throw new RangeError(`viz: series "${s.name}" has ${s.values.length} values for ${categories.length} categories`);
    }
  }
  const legend = series.length > 1 ? series.map((s, i) => ({ name: s.name, color: s.color ?? color(i), mark: "box" as const })) : [];
  const ys = extent(series.flatMap((s) => s.values));
  const f = openFrame([0, Math.max(1, categories.length)], ys, legend, { ...options, xFormat: () => "", xTicks: 1 });
  const slot = (f.right - f.left) / Math.max(1, categories.length);
  const barWidth = (slot * 0.75) / Math.max(1, series.length);
  const vf = options.valueFormat ?? ((v: number) => formatNumber(v));
  const base = f.y(Math.max(f.y.domain[0], Math.min(0, f.y.domain[1])));
  categories.forEach((cat, ci) => {
    const x0 = f.left + ci * slot + slot * 0.125;
    series.forEach((s, si) => {
      const v = s.values[ci]!;
      const top = f.y(v);
      const x = x0 + si * barWidth;
      f.parts.push(
        `<rect x="${fmt(x)}" y="${fmt(Math.min(top, base))}" width="${fmt(Math.max(1, barWidth - 2))}" height="${fmt(Math.abs(base - top))}" fill="${s.color ?? color(si)}"><title>${escapeXml(`${cat}, ${s.name}: ${vf(v)}`)}</title></rect>`,
      );
      if (options.labels ?? true) {
        f.parts.push(`<text x="${fmt(x + barWidth / 2 - 1)}" y="${fmt(Math.min(top, base) - 3)}" text-anchor="middle" font-size="10" fill="#2d3748">${escapeXml(vf(v))}</text>`);
      }
    });
    f.parts.push(`<text x="${fmt(f.left + (ci + 0.5) * slot)}" y="${fmt(f.bottom + 16)}" text-anchor="middle" fill="#2d3748">${escapeXml(cat)}</text>`);
  });
  return closeFrame(f, options);
}

export interface HistogramOptions extends ChartOptions {
  /** Width of a bin, in the values' unit. Default: a round width giving about 20 bins. */
  binWidth?: number;
  color?: string;
}

/** A histogram of `values`: bins aligned on multiples of the bin width, bar height = count. */
export function histogramChart(values: readonly number[], options: HistogramOptions = {}): string {
  const [lo, hi] = extent(values);
  const width = options.binWidth ?? roundWidth((hi - lo) / 20 || 1);
  const bins = bin(values, width);
  const x0 = bins[0]?.x0 ?? 0;
  const x1 = bins[bins.length - 1]?.x1 ?? 1;
  const maxCount = Math.max(1, ...bins.map((b) => b.count));
  const f = openFrame([x0, x1], [0, maxCount], [], { yLabel: "count", ...options, xDomain: options.xDomain ?? [x0, x1] });
  const c = options.color ?? color(0);
  for (const b of bins) {
    if (b.count === 0) continue;
    const left = f.x(b.x0);
    const right = f.x(b.x1);
    const top = f.y(b.count);
    f.parts.push(
      `<rect x="${fmt(left + 0.5)}" y="${fmt(top)}" width="${fmt(Math.max(1, right - left - 1))}" height="${fmt(f.bottom - top)}" fill="${c}"><title>${escapeXml(`[${formatNumber(b.x0)}, ${formatNumber(b.x1)}): ${b.count}`)}</title></rect>`,
    );
  }
  return closeFrame(f, options);
}

function roundWidth(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power;
  return raw;
}
