// Draws a Trace as an SVG timeline: one lane per node, time flowing left to right, lanes coloured
// by the node's state, messages as arrows from sender to receiver (red and dashed when dropped),
// notes as dots, and cluster-wide marks (partition, heal) as vertical lines.
//
// The output is a plain string, so it works the same in a notebook (tslab's display.html), a web
// page, or a test that compares it byte for byte.
import type { MessageEvent, Trace, TraceEvent } from "./trace";

export interface TimelineOptions {
  /** Total width in pixels. Default 760. */
  width?: number;
  /** Only events in [from, to] ms. Default: the whole trace. */
  from?: number;
  to?: number;
  /** Draw at most this many messages (the earliest). Default 300. */
  maxMessages?: number;
  /** Lanes in this order; default: order of first appearance. */
  nodes?: string[];
  title?: string;
}

const KNOWN_STATES: Record<string, string> = {
  follower: "#dbe7f3",
  "pre-candidate": "#fde9c8",
  precandidate: "#fde9c8",
  candidate: "#fbd38d",
  leader: "#9ae6b4",
  up: "#e2f0d9",
  alive: "#e2f0d9",
  suspected: "#fbd38d",
  down: "#feb2b2",
  crashed: "#feb2b2",
};
const PALETTE = ["#c3dafe", "#e9d8fd", "#fed7e2", "#c6f6d5", "#feebc8", "#b2f5ea", "#faf089"];

export function stateColor(state: string): string {
  const known = KNOWN_STATES[state.toLowerCase()];
  if (known) return known;
  let h = 0;
  for (let i = 0; i < state.length; i++) h = (h * 31 + state.charCodeAt(i)) >>> 0;
  return PALETTE[h % PALETTE.length]!;
}

export function renderTimeline(trace: Trace, options: TimelineOptions = {}): string {
  const width = options.width ?? 760;
  const events = trace.events.filter((e) => inWindow(e, options));
  const nodes = options.nodes ?? trace.nodes();
  const t0 = options.from ?? Math.min(0, ...events.map((e) => e.at));
  const t1 = options.to ?? Math.max(t0 + 1, ...events.map(endOf));
  const left = 96;
  const right = 16;
  const top = options.title ? 44 : 28;
  const lane = 38;
  const height = top + nodes.length * lane + 30;
  const plot = width - left - right;
  const x = (t: number): string => fmt(left + ((t - t0) / (t1 - t0)) * plot);
  const y = (node: string): number => top + nodes.indexOf(node) * lane + lane / 2;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#4a5568"/></marker></defs>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  );
  if (options.title) out.push(`<text x="${left}" y="18" font-size="13" font-weight="bold">${escapeXml(options.title)}</text>`);

  // Lanes, coloured by state intervals.
  for (const node of nodes) {
    const ly = y(node);
    out.push(`<text x="${left - 8}" y="${ly + 4}" text-anchor="end" font-weight="bold">${escapeXml(node)}</text>`);
    out.push(`<rect x="${left}" y="${ly - 11}" width="${plot}" height="22" fill="#f7fafc" stroke="#e2e8f0"/>`);
    const states = trace.events.filter((e): e is Extract<TraceEvent, { type: "state" }> => e.type === "state" && e.node === node);
    states.forEach((s, i) => {
      const start = Math.max(s.at, t0);
      const end = Math.min(states[i + 1]?.at ?? t1, t1);
      if (end < t0 || start > t1 || end <= start) return;
      out.push(
        `<rect x="${x(start)}" y="${ly - 11}" width="${fmt(((end - start) / (t1 - t0)) * plot)}" height="22" fill="${stateColor(s.state)}"><title>${escapeXml(`${node}: ${s.state} from ${fmt(s.at)}ms`)}</title></rect>`,
      );
      out.push(`<text x="${fmt(Number(x(start)) + 3)}" y="${ly + 4}" fill="#2d3748" font-size="10">${escapeXml(s.state)}</text>`);
    });
  }

  // Axis.
  const axisY = top + nodes.length * lane + 8;
  out.push(`<line x1="${left}" y1="${axisY}" x2="${left + plot}" y2="${axisY}" stroke="#a0aec0"/>`);
  for (const tick of ticks(t0, t1, 6)) {
    out.push(`<line x1="${x(tick)}" y1="${axisY}" x2="${x(tick)}" y2="${axisY + 4}" stroke="#a0aec0"/>`);
    out.push(`<text x="${x(tick)}" y="${axisY + 16}" text-anchor="middle" fill="#4a5568">${fmt(tick)}ms</text>`);
  }

  // Marks.
  for (const e of events) {
    if (e.type !== "mark") continue;
    out.push(`<line x1="${x(e.at)}" y1="${top - 8}" x2="${x(e.at)}" y2="${axisY}" stroke="#805ad5" stroke-dasharray="4 3"/>`);
    out.push(`<text x="${fmt(Number(x(e.at)) + 3)}" y="${top - 10}" fill="#553c9a">${escapeXml(e.label)}</text>`);
  }

  // Messages.
  const messages = events.filter((e): e is MessageEvent => e.type === "message" && nodes.includes(e.from) && nodes.includes(e.to));
  const max = options.maxMessages ?? 300;
  for (const m of messages.slice(0, max)) out.push(drawMessage(m, x, y));
  if (messages.length > max) {
    out.push(`<text x="${left + plot}" y="${height - 4}" text-anchor="end" fill="#718096">${messages.length - max} more messages not drawn</text>`);
  }

  // Notes.
  for (const e of events) {
    if (e.type !== "note" || !nodes.includes(e.node)) continue;
    out.push(`<circle cx="${x(e.at)}" cy="${y(e.node)}" r="4" fill="#2b6cb0"><title>${escapeXml(`${fmt(e.at)}ms ${e.node}: ${e.label}`)}</title></circle>`);
    out.push(`<text x="${fmt(Number(x(e.at)) + 5)}" y="${y(e.node) - 13}" fill="#2b6cb0" font-size="10">${escapeXml(e.label)}</text>`);
  }

  out.push("</svg>");
  return out.join("\n");
}

function drawMessage(m: MessageEvent, x: (t: number) => string, y: (n: string) => number): string {
  const tip = `${fmt(m.at)}ms ${m.from}→${m.to} ${m.label}${m.fate === "dropped" ? ` (dropped: ${m.reason})` : ""}`;
  const title = `<title>${escapeXml(tip)}</title>`;
  if (m.fate === "delivered" && m.deliveredAt !== undefined) {
    return `<line x1="${x(m.at)}" y1="${y(m.from)}" x2="${x(m.deliveredAt)}" y2="${y(m.to)}" stroke="#4a5568" stroke-width="1" marker-end="url(#arrow)">${title}</line>`;
  }
  if (m.fate === "dropped") {
    // Drawn halfway towards the receiver, ending in a cross.
    const end = m.droppedAt ?? m.at;
    const x2 = (Number(x(m.at)) + Number(x(Math.max(end, m.at)))) / 2 + (end === m.at ? 6 : 0);
    const y2 = (y(m.from) + y(m.to)) / 2;
    return (
      `<g stroke="#e53e3e">${title}<line x1="${x(m.at)}" y1="${y(m.from)}" x2="${fmt(x2)}" y2="${fmt(y2)}" stroke-dasharray="3 2"/>` +
      `<path d="M${fmt(x2 - 3)},${fmt(y2 - 3)} L${fmt(x2 + 3)},${fmt(y2 + 3)} M${fmt(x2 - 3)},${fmt(y2 + 3)} L${fmt(x2 + 3)},${fmt(y2 - 3)}"/></g>`
    );
  }
  return `<line x1="${x(m.at)}" y1="${y(m.from)}" x2="${x(m.at)}" y2="${y(m.from)}" stroke="#a0aec0">${title}</line>`;
}

function inWindow(e: TraceEvent, o: TimelineOptions): boolean {
  return (o.from === undefined || endOf(e) >= o.from) && (o.to === undefined || e.at <= o.to);
}

function endOf(e: TraceEvent): number {
  return e.type === "message" ? (e.deliveredAt ?? e.droppedAt ?? e.at) : e.at;
}

/** Round tick positions: 1, 2 or 5 times a power of ten. */
function ticks(t0: number, t1: number, count: number): number[] {
  const raw = (t1 - t0) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const result: number[] = [];
  for (let t = Math.ceil(t0 / step) * step; t <= t1 + 1e-9; t += step) result.push(Number(t.toFixed(6)));
  return result;
}

function fmt(n: number): string {
  return String(Math.round(n * 10) / 10);
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
