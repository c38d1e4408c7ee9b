// A line diff rendered as HTML, in the unified format `diff -u` and `kubectl diff` print: what a
// client sent against what the server stored, an old configuration against a new one.
//
// The diff is a longest common subsequence of lines (O(n·m), fine for the objects a notebook
// shows, a few hundred lines at most). Unchanged runs longer than twice the context are folded
// into a `@@ ... @@` line, as `diff -u` does.
import { escapeXml } from "./svg";

export type DiffOp = { kind: "same" | "added" | "removed"; line: string };

/** The lines of `before` and `after` as a sequence of kept, removed and added lines. */
export function diffLines(before: string, after: string): DiffOp[] {
  const a = before.split("\n");
  const b = after.split("\n");
  const n = a.length;
  const m = b.length;
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: DiffOp[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      out.push({ kind: "same", line: a[i]! });
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      out.push({ kind: "added", line: b[j]! });
      j++;
    } else {
      out.push({ kind: "removed", line: a[i]! });
      i++;
    }
  }
  return out;
}

export interface DiffOptions {
  /** Shown above the diff, like `--- a` / `+++ b`. */
  beforeLabel?: string;
  afterLabel?: string;
  caption?: string;
  /** Unchanged lines kept around each change. Default 3, as `diff -u`. */
  context?: number;
}

/** `before` against `after` as a coloured unified diff in a `<pre>`. */
export function diffHtml(before: string, after: string, options: DiffOptions = {}): string {
  const ops = diffLines(before, after);
  const context = options.context ?? 3;
  const near = ops.map(() => false);
  ops.forEach((op, k) => {
    if (op.kind === "same") return;
    for (let d = Math.max(0, k - context); d <= Math.min(ops.length - 1, k + context); d++) near[d] = true;
  });
  const style = {
    same: "color:#4a5568",
    added: "background:#e6ffed;color:#22543d",
    removed: "background:#ffeef0;color:#742a2a",
  } as const;
  const sign = { same: " ", added: "+", removed: "-" } as const;
  const lines: string[] = [];
  if (options.beforeLabel !== undefined) lines.push(`<span style="color:#742a2a;font-weight:bold">--- ${escapeXml(options.beforeLabel)}</span>`);
  if (options.afterLabel !== undefined) lines.push(`<span style="color:#22543d;font-weight:bold">+++ ${escapeXml(options.afterLabel)}</span>`);
  let folded = 0;
  const flush = (): void => {
    if (folded > 0) lines.push(`<span style="color:#805ad5">@@ ${folded} unchanged line${folded === 1 ? "" : "s"} @@</span>`);
    folded = 0;
  };
  ops.forEach((op, k) => {
    if (!near[k]) {
      folded++;
      return;
    }
    flush();
    lines.push(`<span style="${style[op.kind]}">${sign[op.kind]} ${escapeXml(op.line)}</span>`);
  });
  flush();
  const added = ops.filter((o) => o.kind === "added").length;
  const removed = ops.filter((o) => o.kind === "removed").length;
  const caption = `${options.caption ? `${escapeXml(options.caption)} ` : ""}(${added} line${added === 1 ? "" : "s"} added, ${removed} removed)`;
  return `<div><div style="font-weight:bold;padding-bottom:4px">${caption}</div>` +
    `<pre style="font-size:12px;line-height:1.3;margin:0;overflow-x:auto">${lines.join("\n")}</pre></div>`;
}
