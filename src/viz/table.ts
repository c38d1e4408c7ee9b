// Tables as HTML: results that read better as a grid than as printed lines. The same function
// serves a notebook (`tslab.display.html(table(...))`) and a web page.
import { escapeXml, formatNumber } from "./svg";

export type Cell = string | number | boolean | null | undefined;

export interface TableOptions {
  caption?: string;
  /** Per column: "left" (text), "right" (numbers). Default: right for columns of numbers. */
  align?: ReadonlyArray<"left" | "right" | "center">;
  /** Rows to highlight (0-based), e.g. the one that matters. */
  highlight?: readonly number[];
  /** Use a monospace font in the body. Default true. */
  monospace?: boolean;
}

/** An HTML table. Numbers are printed with `formatNumber`; null and undefined as an empty cell. */
export function table(headers: readonly string[], rows: ReadonlyArray<readonly Cell[]>, options: TableOptions = {}): string {
  const align = headers.map((_, i) => options.align?.[i] ?? (rows.length > 0 && rows.every((r) => typeof r[i] === "number") ? "right" : "left"));
  const font = options.monospace ?? true ? "font-family:monospace;" : "";
  const th = headers.map((h, i) => `<th style="text-align:${align[i]};padding:2px 10px">${escapeXml(h)}</th>`).join("");
  const highlight = new Set(options.highlight ?? []);
  const body = rows
    .map((row, r) => {
      const bg = highlight.has(r) ? ' style="background:#fefcbf"' : "";
      const tds = headers.map((_, i) => `<td style="text-align:${align[i]};padding:2px 10px;${font}">${escapeXml(cellText(row[i]))}</td>`).join("");
      return `<tr${bg}>${tds}</tr>`;
    })
    .join("");
  const caption = options.caption ? `<caption style="text-align:left;font-weight:bold;padding-bottom:4px">${escapeXml(options.caption)}</caption>` : "";
  return `<table style="border-collapse:collapse">${caption}<thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

function cellText(c: Cell): string {
  if (c === null || c === undefined) return "";
  if (typeof c === "number") return formatNumber(c);
  return String(c);
}
