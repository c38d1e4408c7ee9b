// How etcdctl and etcdutl print tables (`-w table`, their default for status commands), so the
// notebook's output can be compared line by line with a real cluster's.
//
// etcdctl renders with olekukonko/tablewriter: headers upper-cased and centred, every cell
// right-aligned (`SetAlignment(ALIGN_RIGHT)`), sizes through go-humanize in SI units.
import type { EndpointStatus } from "./requests";

/** go-humanize `Bytes`: SI units (1 kB = 1000 B), one decimal below 10. `2.1 MB`, `512 B`. */
export function humanizeBytes(bytes: number): string {
  if (bytes < 10) return `${bytes} B`;
  const sizes = ["B", "kB", "MB", "GB", "TB", "PB", "EB"];
  const e = Math.floor(Math.log(bytes) / Math.log(1000));
  const val = Math.floor((bytes / Math.pow(1000, e)) * 10 + 0.5) / 10;
  return `${val < 10 ? val.toFixed(1) : String(roundHalfEven(val))} ${sizes[e]}`;
}

/** Go's fmt rounds an exact half to even ("%.0f" of 20.5 is "20"); JavaScript's toFixed rounds it up. */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  if (x - floor === 0.5) return floor % 2 === 0 ? floor : floor + 1;
  return Math.round(x);
}

/** A tablewriter table: header upper-cased and centred, cells right-aligned. */
export function formatTable(header: string[], rows: string[][]): string {
  const head = header.map((h) => h.toUpperCase());
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = "+" + widths.map((w) => "-".repeat(w + 2)).join("+") + "+";
  const center = (text: string, w: number): string => {
    const left = Math.floor((w - text.length) / 2);
    return " ".repeat(left) + text + " ".repeat(w - text.length - left);
  };
  const headerRow = "|" + head.map((h, i) => ` ${center(h, widths[i]!)} `).join("|") + "|";
  const body = rows.map((r) => "|" + widths.map((w, i) => ` ${(r[i] ?? "").padStart(w)} `).join("|") + "|");
  return [line, headerRow, line, ...body, line].join("\n");
}

//> etcdctl-endpoint-status
/** `etcdctl endpoint status -w table` (etcdctl printer.go `makeEndpointStatusTable`). */
export function formatEndpointStatus(statuses: Array<{ endpoint: string; status: EndpointStatus }>, version = "3.6-sim"): string {
  const header = ["endpoint", "ID", "version", "db size", "is leader", "is learner", "raft term", "raft index", "raft applied index", "errors"];
  const rows = statuses.map(({ endpoint, status: s }) => [
    endpoint,
    s.header.memberId.toString(16),
    version,
    humanizeBytes(s.dbSize),
    String(s.leader === s.header.memberId),
    "false",
    String(s.raftTerm),
    String(s.raftIndex),
    String(s.raftAppliedIndex),
    s.errors.join(", "),
  ]);
  return formatTable(header, rows);
}
//< etcdctl-endpoint-status
