// Go's time.Parse(time.RFC3339, s) error messages, for metav1.Time fields such as
// `metadata.creationTimestamp` or a Lease's `spec.renewTime`:
//
//   parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"
//   parsing time "2024-13-01T00:00:00Z": month out of range
//
// Go parses the layout element by element; the message names the first element that did not
// match and the part of the value left at that point.
//
// SIMPLIFICATION: metav1.MicroTime parses with RFC3339Micro (exactly six fractional digits);
// we accept any RFC 3339 time for both, since our own controllers write whatever precision the
// clock gives. Reference: Go's time/format.go (Parse, ParseError.Error).

import { goQuote } from "../../api/go-quote";

const layout = "2006-01-02T15:04:05Z07:00";

type Step =
  | { literal: string }
  | { elem: string; digits: [min: number, max: number]; range?: [lo: number, hi: number, what: string] };

// The layout as Go's nextStdChunk splits it: literal prefixes and standard elements.
const steps: Step[] = [
  { elem: "2006", digits: [4, 4] },
  { literal: "-" },
  { elem: "01", digits: [2, 2], range: [1, 12, "month"] },
  { literal: "-" },
  { elem: "02", digits: [2, 2], range: [1, 31, "day"] },
  { literal: "T" },
  { elem: "15", digits: [1, 2], range: [0, 23, "hour"] },
  { literal: ":" },
  { elem: "04", digits: [2, 2], range: [0, 59, "minute"] },
  { literal: ":" },
  { elem: "05", digits: [2, 2], range: [0, 59, "second"] },
];

function parseError(value: string, elem: string, rest: string): string {
  return `parsing time ${goQuote(value)} as ${goQuote(layout)}: cannot parse ${goQuote(rest)} as ${goQuote(elem)}`;
}

const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The error time.Parse(RFC3339, value) returns, or undefined when value parses. */
export function timeParseError(value: string, _micro: boolean): string | undefined {
  let rest = value;
  const numbers: number[] = [];
  for (const step of steps) {
    if ("literal" in step) {
      if (!rest.startsWith(step.literal)) return parseError(value, step.literal, rest);
      rest = rest.slice(step.literal.length);
      continue;
    }
    const m = /^\d+/.exec(rest);
    const [min, max] = step.digits;
    if (m === null || m[0].length < min) return parseError(value, step.elem, rest);
    const text = m[0].slice(0, max);
    const n = Number(text);
    if (step.range !== undefined && (n < step.range[0] || n > step.range[1])) {
      return `parsing time ${goQuote(value)}: ${step.range[2]} out of range`;
    }
    numbers.push(n);
    rest = rest.slice(text.length);
  }
  // Go accepts a fractional second after "05" even when the layout has none.
  const frac = /^[.,]\d+/.exec(rest);
  if (frac !== null) rest = rest.slice(frac[0].length);
  const zone = /^(Z|[+-]\d\d:\d\d)/.exec(rest);
  if (zone === null) return parseError(value, "Z07:00", rest);
  rest = rest.slice(zone[0].length);
  if (rest !== "") return `parsing time ${goQuote(value)}: extra text: ${goQuote(rest)}`;
  const [year = 0, month = 1, day = 1] = numbers;
  if (day > daysIn(year, month)) return `parsing time ${goQuote(value)}: day out of range`;
  return undefined;
}
