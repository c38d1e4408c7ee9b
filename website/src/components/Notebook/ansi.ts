// Terminal colour codes (ANSI SGR) in notebook outputs -> styled segments.
// tslab and Node colour stack traces and console output; a static page shows the colours
// instead of raw "\x1b[31m" noise. Only the common codes matter: reset, bold, the 16 colours.

export interface Segment {
  text: string;
  /** 0-15: the standard and bright colours; undefined: default colour. */
  color?: number;
  bold?: boolean;
}

// eslint-disable-next-line no-control-regex
const ESCAPE = /\x1b\[([0-9;]*)([A-Za-z])/g;

export function parseAnsi(input: string): Segment[] {
  const segments: Segment[] = [];
  let color: number | undefined;
  let bold = false;
  let last = 0;
  const push = (text: string) => {
    if (text) segments.push({ text, ...(color !== undefined && { color }), ...(bold && { bold }) });
  };
  for (const match of input.matchAll(ESCAPE)) {
    push(input.slice(last, match.index));
    last = match.index! + match[0].length;
    if (match[2] !== 'm') continue; // cursor movement and the like: drop
    const codes = match[1] === '' ? [0] : match[1]!.split(';').map(Number);
    for (let i = 0; i < codes.length; i++) {
      const code = codes[i]!;
      if (code === 0) [color, bold] = [undefined, false];
      else if (code === 1) bold = true;
      else if (code === 22) bold = false;
      else if (code >= 30 && code <= 37) color = code - 30;
      else if (code >= 90 && code <= 97) color = code - 90 + 8;
      else if (code === 39) color = undefined;
      else if (code === 38 || code === 48) i += codes[i + 1] === 5 ? 2 : 4; // 256/true colour: skip
    }
  }
  push(input.slice(last));
  return segments;
}

export function stripAnsi(input: string): string {
  return input.replace(ESCAPE, '');
}
