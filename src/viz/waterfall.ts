// A waterfall: spans of time, one row each, on a shared time axis, as a browser's network panel
// or a tracing UI draws a request. Good for "where did this request spend its time": each phase
// is a bar from its start to its end, and a zero-length phase still shows as a tick.
import { linearScale } from "./scale";
import { color, escapeXml, fmt, formatNumber } from "./svg";

export interface Span {
  label: string;
  start: number;
  end: number;
  /** Printed right of the bar; default the span's length with `unit`. */
  note?: string;
  color?: string;
}

export interface WaterfallOptions {
  title?: string;
  /** Unit of the axis and of the default notes. Default "ms". */
  unit?: string;
  xLabel?: string;
  /** Pixels. Default 720. The height follows from the rows. */
  width?: number;
  /** Width of the label column. Default 200. */
  labelWidth?: number;
}

/** One horizontal bar per span, in the order given, on a time axis from the earliest start. */
export function waterfallChart(spans: readonly Span[], options: WaterfallOptions = {}): string {
  const unit = options.unit ?? "ms";
  const width = options.width ?? 720;
  const labelWidth = options.labelWidth ?? 200;
  const rowHeight = 20;
  const top = options.title ? 34 : 12;
  const left = labelWidth + 8;
  const right = width - 110; // room for the notes
  const bottom = top + Math.max(1, spans.length) * rowHeight;
  const height = bottom + (options.xLabel ? 44 : 28);
  const t0 = Math.min(...spans.map((s) => s.start), 0);
  const t1 = Math.max(...spans.map((s) => s.end), t0 + 1);
  const x = linearScale([t0, t1], [left, right]);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  if (options.title) parts.push(`<text x="8" y="18" font-size="13" font-weight="bold" fill="#1a202c">${escapeXml(options.title)}</text>`);
  for (const t of x.ticks(6)) {
    const px = fmt(x(t));
    parts.push(`<line x1="${px}" y1="${fmt(top)}" x2="${px}" y2="${fmt(bottom)}" stroke="#edf2f7"/>`);
    parts.push(`<text x="${px}" y="${fmt(bottom + 14)}" text-anchor="middle" fill="#4a5568">${escapeXml(formatNumber(t))}</text>`);
  }
  parts.push(`<line x1="${fmt(left)}" y1="${fmt(bottom)}" x2="${fmt(right)}" y2="${fmt(bottom)}" stroke="#a0aec0"/>`);
  spans.forEach((s, i) => {
    const y = top + i * rowHeight;
    const x0 = x(s.start);
    const w = Math.max(2, x(s.end) - x0);
    const note = s.note ?? `${formatNumber(s.end - s.start)} ${unit}`;
    const fill = s.color ?? color(i);
    if (i % 2 === 1) parts.push(`<rect x="0" y="${fmt(y)}" width="${width}" height="${rowHeight}" fill="#f7fafc"/>`);
    parts.push(`<text x="${fmt(labelWidth)}" y="${fmt(y + 14)}" text-anchor="end" fill="#2d3748">${escapeXml(s.label)}</text>`);
    parts.push(`<rect x="${fmt(x0)}" y="${fmt(y + 4)}" width="${fmt(w)}" height="${rowHeight - 8}" fill="${fill}"><title>${escapeXml(`${s.label}: ${note}`)}</title></rect>`);
    parts.push(`<text x="${fmt(x0 + w + 4)}" y="${fmt(y + 14)}" fill="#4a5568">${escapeXml(note)}</text>`);
  });
  if (options.xLabel) {
    parts.push(`<text x="${fmt((left + right) / 2)}" y="${fmt(height - 8)}" text-anchor="middle" fill="#2d3748">${escapeXml(options.xLabel)}</text>`);
  }
  parts.push("</svg>");
  return parts.join("\n");
}
