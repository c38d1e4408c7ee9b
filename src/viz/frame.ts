// The frame every x/y chart shares: the SVG element, title, legend, axes with ticks and grid
// lines, axis labels and reference lines. A chart computes its scales, asks for a frame, and
// adds its marks between `open` and `close`.
//
//   ┌ title ───────────────────────────────────────┐
//   │ ■ series A   ■ series B                       │  legend
//   │ y ┤ ........................................  │
//   │   ┤ ........ plot area (marks) .............  │
//   │   └┬──────────┬──────────┬──────────┬──────   │
//   │    0        1000       2000       3000  x     │
//   └───────────────────────────────────────────────┘
import { escapeXml, fmt, formatNumber } from "./svg";
import { linearScale, logScale, niceStep, type Scale, type ScaleKind } from "./scale";

/** Options every x/y chart takes. */
export interface ChartOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  /** Pixels. Default 640 × 320. */
  width?: number;
  height?: number;
  /** Data range of each axis; default: the data's extent (y from 0 for linear scales). */
  xDomain?: readonly [number, number];
  yDomain?: readonly [number, number];
  /** Default "linear". A log axis needs positive values. */
  xScale?: ScaleKind;
  yScale?: ScaleKind;
  /** Tick labels; default `formatNumber`. */
  xFormat?: (value: number) => string;
  yFormat?: (value: number) => string;
  /** Reference lines: a threshold (horizontal) or an event (vertical). */
  hLines?: RefLine[];
  vLines?: RefLine[];
  /** Approximate number of ticks on a linear axis. Default 6 (x) and 5 (y). */
  xTicks?: number;
  yTicks?: number;
}

export interface RefLine {
  at: number;
  label?: string;
  color?: string;
}

export interface LegendEntry {
  name: string;
  color: string;
  dashed?: boolean;
  /** How the entry's sample is drawn. Default "line". */
  mark?: "line" | "dot" | "box";
}

export interface Frame {
  x: Scale;
  y: Scale;
  width: number;
  height: number;
  /** Plot area in pixels. */
  left: number;
  right: number;
  top: number;
  bottom: number;
  parts: string[];
}

const MARGIN = { left: 64, right: 20, bottom: 46 };

/** Builds the scales and draws everything but the marks. Call `closeFrame` after adding them. */
export function openFrame(
  xExtent: readonly [number, number],
  yExtent: readonly [number, number],
  legend: LegendEntry[],
  o: ChartOptions,
): Frame {
  const width = o.width ?? 640;
  const height = o.height ?? 320;
  const left = MARGIN.left;
  const layout = legendLayout(legend, left, width - MARGIN.right);
  const legendRows = legend.length > 0 ? layout[layout.length - 1]!.row + 1 : 0;
  const top = (o.title ? 28 : 12) + legendRows * 18 + 8;
  const right = width - MARGIN.right;
  const bottom = height - MARGIN.bottom;
  if (bottom - top < 40) throw new RangeError(`viz: chart of height ${height} has no room to plot (legend of ${legend.length})`);

  const x = makeScale(o.xScale ?? "linear", o.xDomain ?? xExtent, [left, right], false);
  const y = makeScale(o.yScale ?? "linear", o.yDomain ?? (o.yScale === "log" ? yExtent : roundUp(yExtent, o.yTicks ?? 5)), [bottom, top], o.yDomain === undefined);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  if (o.title) parts.push(`<text x="${left}" y="18" font-size="13" font-weight="bold" fill="#1a202c">${escapeXml(o.title)}</text>`);
  parts.push(...drawLegend(legend, layout, (o.title ? 28 : 12) + 4));

  const xf = o.xFormat ?? ((v: number) => formatNumber(v));
  const yf = o.yFormat ?? ((v: number) => formatNumber(v));
  // Grid and ticks.
  for (const t of x.kind === "log" ? x.ticks() : x.ticks(o.xTicks ?? 6)) {
    const px = fmt(x(t));
    parts.push(`<line x1="${px}" y1="${fmt(top)}" x2="${px}" y2="${fmt(bottom)}" stroke="#edf2f7"/>`);
    parts.push(`<text x="${px}" y="${fmt(bottom + 16)}" text-anchor="middle" fill="#4a5568">${escapeXml(xf(t))}</text>`);
  }
  for (const t of y.kind === "log" ? y.ticks() : y.ticks(o.yTicks ?? 5)) {
    const py = fmt(y(t));
    parts.push(`<line x1="${fmt(left)}" y1="${py}" x2="${fmt(right)}" y2="${py}" stroke="#edf2f7"/>`);
    parts.push(`<text x="${fmt(left - 6)}" y="${fmt(y(t) + 4)}" text-anchor="end" fill="#4a5568">${escapeXml(yf(t))}</text>`);
  }
  parts.push(`<line x1="${fmt(left)}" y1="${fmt(bottom)}" x2="${fmt(right)}" y2="${fmt(bottom)}" stroke="#a0aec0"/>`);
  parts.push(`<line x1="${fmt(left)}" y1="${fmt(top)}" x2="${fmt(left)}" y2="${fmt(bottom)}" stroke="#a0aec0"/>`);
  if (o.xLabel) {
    parts.push(`<text x="${fmt((left + right) / 2)}" y="${fmt(height - 8)}" text-anchor="middle" fill="#2d3748">${escapeXml(o.xLabel)}</text>`);
  }
  if (o.yLabel) {
    const cy = fmt((top + bottom) / 2);
    parts.push(`<text x="14" y="${cy}" text-anchor="middle" transform="rotate(-90 14 ${cy})" fill="#2d3748">${escapeXml(o.yLabel)}</text>`);
  }
  // A clip path keeps marks outside a fixed domain from spilling over the axes.
  parts.push(`<clipPath id="${clipId(o, width, height)}"><rect x="${fmt(left)}" y="${fmt(top)}" width="${fmt(right - left)}" height="${fmt(bottom - top)}"/></clipPath>`);
  return { x, y, width, height, left, right, top, bottom, parts };
}

/** Draws the reference lines over the marks and closes the SVG. */
export function closeFrame(f: Frame, o: ChartOptions): string {
  for (const h of o.hLines ?? []) {
    if (!inDomain(f.y, h.at)) continue;
    const py = fmt(f.y(h.at));
    const c = h.color ?? "#c53030";
    f.parts.push(`<line x1="${fmt(f.left)}" y1="${py}" x2="${fmt(f.right)}" y2="${py}" stroke="${c}" stroke-dasharray="5 3"/>`);
    if (h.label) f.parts.push(`<text x="${fmt(f.right - 4)}" y="${fmt(f.y(h.at) - 4)}" text-anchor="end" fill="${c}">${escapeXml(h.label)}</text>`);
  }
  for (const v of o.vLines ?? []) {
    if (!inDomain(f.x, v.at)) continue;
    const px = fmt(f.x(v.at));
    const c = v.color ?? "#6b46c1";
    f.parts.push(`<line x1="${px}" y1="${fmt(f.top)}" x2="${px}" y2="${fmt(f.bottom)}" stroke="${c}" stroke-dasharray="5 3"/>`);
    if (v.label) f.parts.push(`<text x="${fmt(f.x(v.at) + 4)}" y="${fmt(f.top + 12)}" fill="${c}">${escapeXml(v.label)}</text>`);
  }
  f.parts.push("</svg>");
  return f.parts.join("\n");
}

/** The id of the frame's clip path: derived from the options, so equal charts give equal strings. */
export function clipId(o: ChartOptions, width: number, height: number): string {
  const key = `${o.title ?? ""}|${o.xLabel ?? ""}|${o.yLabel ?? ""}|${width}x${height}`;
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) >>> 0;
  return `viz-clip-${h.toString(16)}`;
}

function makeScale(kind: ScaleKind, domain: readonly [number, number], range: [number, number], fromZero: boolean): Scale {
  if (kind === "log") return logScale(domain, range);
  const [lo, hi] = domain;
  return linearScale([fromZero ? Math.min(0, lo) : lo, hi], range);
}

/** Extends the top of a y extent to the next round tick, so the highest mark does not touch the frame. */
function roundUp([lo, hi]: readonly [number, number], ticks: number): [number, number] {
  if (!(hi > 0)) return [lo, hi];
  const step = niceStep((hi - Math.min(0, lo)) / Math.max(1, ticks));
  return [lo, Math.ceil((hi * 1.04) / step) * step];
}

function inDomain(s: Scale, v: number): boolean {
  const [a, b] = s.domain;
  return v >= Math.min(a, b) && v <= Math.max(a, b);
}

/** Legend entries flow left to right and wrap; a character is taken to be about 6.5 px wide. */
function legendLayout(entries: LegendEntry[], left: number, right: number): Array<{ x: number; row: number }> {
  const out: Array<{ x: number; row: number }> = [];
  let x = left;
  let row = 0;
  for (const e of entries) {
    const w = 24 + Math.ceil(e.name.length * 6.5) + 18;
    if (x > left && x + w > right) {
      row++;
      x = left;
    }
    out.push({ x, row });
    x += w;
  }
  return out;
}

function drawLegend(entries: LegendEntry[], layout: Array<{ x: number; row: number }>, top: number): string[] {
  return entries.map((e, i) => {
    const { x, row } = layout[i]!;
    const y = top + row * 18;
    const sample =
      e.mark === "dot"
        ? `<circle cx="${fmt(x + 9)}" cy="${fmt(y + 6)}" r="4" fill="${e.color}"/>`
        : e.mark === "box"
          ? `<rect x="${fmt(x + 2)}" y="${fmt(y + 1)}" width="14" height="10" fill="${e.color}"/>`
          : `<line x1="${fmt(x)}" y1="${fmt(y + 6)}" x2="${fmt(x + 18)}" y2="${fmt(y + 6)}" stroke="${e.color}" stroke-width="2.5"${e.dashed ? ' stroke-dasharray="5 3"' : ""}/>`;
    return `<g>${sample}<text x="${fmt(x + 24)}" y="${fmt(y + 10)}" fill="#2d3748">${escapeXml(e.name)}</text></g>`;
  });
}
