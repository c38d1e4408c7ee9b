// Making notebook text safe inside MDX.
//
// MDX reads `{` as the start of a JavaScript expression and `<` as the start of JSX, so prose
// such as "a Map<string, number>" or "{ replicas: 3 }" breaks the build. Markdown cells are
// escaped outside code (fenced blocks and inline code spans are left untouched), and every
// value passed to a component is a JavaScript string literal with those characters escaped.

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Escapes `{`, `}` and `<` in markdown prose; code blocks and code spans stay verbatim. */
export function escapeMarkdownForMdx(markdown: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const open = FENCE.exec(line);
    if (fence) {
      out.push(line);
      if (open && open[1]![0] === fence[0] && open[1]!.length >= fence.length && line.trim() === open[1]) {
        fence = undefined;
      }
    } else if (open) {
      fence = open[1];
      out.push(line);
    } else {
      out.push(escapeInline(line));
    }
  }
  return out.join('\n');
}

function escapeInline(line: string): string {
  let result = '';
  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    if (ch === '\\' && i + 1 < line.length) {
      result += line.slice(i, i + 2); // already an escape: keep it
      i += 2;
    } else if (ch === '`') {
      const run = /^`+/.exec(line.slice(i))![0];
      const close = line.indexOf(run, i + run.length);
      const end = close < 0 ? i + run.length : close + run.length;
      result += line.slice(i, end); // a code span (or a lone run of backticks)
      i = end;
    } else if (/^<br\s*\/?>/i.test(line.slice(i))) {
      const tag = /^<br\s*\/?>/i.exec(line.slice(i))![0];
      result += '<br />';
      i += tag.length;
    } else {
      result += ch === '{' || ch === '}' || ch === '<' ? `\\${ch}` : ch;
      i++;
    }
  }
  return result;
}

/** A JavaScript string literal that is also safe inside an MDX expression `{...}`. */
export function jsString(value: string): string {
  return JSON.stringify(value).replace(/[{}<>\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A code fence longer than any backtick run inside `code`. */
export function fenceFor(code: string): string {
  const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(3, longest + 1));
}
