// The small pieces every chart is made of: escaping text for SVG and HTML, printing numbers the
// same way on every machine, and a colour palette.
//
// Determinism is the point of this module. A chart is a string; the same data gives the same
// string, byte for byte, so a notebook's saved output can be compared with a fresh run. Numbers
// are therefore printed by `fmt` (rounded to 0.01, no exponent, no "-0"), never by whatever
// `String(x)` happens to give for a long binary fraction.

/** Escapes the five characters that are special in XML and HTML text and attributes. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** A coordinate or size for SVG: rounded to 2 decimals, trailing zeros dropped, never "-0". */
export function fmt(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`viz: cannot draw a non-finite number (${n})`);
  const rounded = Math.round(n * 100) / 100;
  return rounded === 0 ? "0" : String(rounded);
}

/**
 * A number for a human: thousands separated by commas; at most `decimals` decimals for numbers of
 * magnitude 1 or more, three significant digits below 1; trailing zeros dropped.
 * `formatNumber(1234.5)` → "1,234.5", `formatNumber(1111.6589)` → "1,111.66",
 * `formatNumber(0.000123)` → "0.000123".
 */
export function formatNumber(n: number, decimals = 2): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return groupThousands(String(n));
  const abs = Math.abs(n);
  const places = abs >= 1 ? decimals : Math.min(12, 2 - Math.floor(Math.log10(abs)));
  const fixed = n.toFixed(places);
  const trimmed = fixed.includes(".") ? fixed.replace(/0+$/, "").replace(/\.$/, "") : fixed;
  const [int, frac] = trimmed.split(".");
  const out = frac ? `${groupThousands(int!)}.${frac}` : groupThousands(int!);
  return out === "-0" ? "0" : out;
}

function groupThousands(int: string): string {
  const neg = int.startsWith("-");
  const digits = neg ? int.slice(1) : int;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return neg ? `-${grouped}` : grouped;
}

/** Okabe–Ito: eight colours that stay distinguishable for the common kinds of colour blindness. */
export const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442"] as const;

/** The i-th colour of the palette, cycling. */
export function color(i: number): string {
  return PALETTE[((i % PALETTE.length) + PALETTE.length) % PALETTE.length]!;
}
