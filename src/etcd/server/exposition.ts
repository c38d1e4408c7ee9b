// The Prometheus text exposition format (version 0.0.4): what an etcd member serves on /metrics,
// and a parser that checks it, as a Prometheus server would when it scrapes.
//
//   # HELP etcd_server_has_leader Whether or not a leader exists. 1 is existence, 0 is not.
//   # TYPE etcd_server_has_leader gauge
//   etcd_server_has_leader 1
//   # HELP etcd_disk_wal_fsync_duration_seconds The latency distributions of fsync called by WAL.
//   # TYPE etcd_disk_wal_fsync_duration_seconds histogram
//   etcd_disk_wal_fsync_duration_seconds_bucket{le="0.001"} 12
//   ...
//   etcd_disk_wal_fsync_duration_seconds_bucket{le="+Inf"} 14
//   etcd_disk_wal_fsync_duration_seconds_sum 0.031
//   etcd_disk_wal_fsync_duration_seconds_count 14
//
// Numbers are printed as Go's client_golang prints them (strconv 'g', shortest): 2 GiB is
// `2.147483648e+09`, which is how a real etcd shows its quota.
//
// SIMPLIFICATION: no timestamps, no escaping of label values beyond quotes and backslashes, and
// only the three metric types the course uses.
import { Histogram, type Bucket } from "./histogram";

export type MetricType = "counter" | "gauge" | "histogram";

export interface Sample {
  /** Full sample name: `x`, or `x_bucket`, `x_sum`, `x_count` for a histogram. */
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface MetricFamily {
  name: string;
  help: string;
  type: MetricType;
  samples: Sample[];
}

/** A counter or gauge family with one unlabelled sample. */
export function scalar(name: string, type: "counter" | "gauge", help: string, value: number): MetricFamily {
  return { name, help, type, samples: [{ name, labels: {}, value }] };
}

/** A histogram family from a Histogram. */
export function histogramFamily(name: string, help: string, h: Histogram): MetricFamily {
  const samples: Sample[] = h.buckets().map((b) => ({ name: `${name}_bucket`, labels: { le: formatGoFloat(b.upperBound) }, value: b.count }));
  samples.push({ name: `${name}_sum`, labels: {}, value: h.sum }, { name: `${name}_count`, labels: {}, value: h.count });
  return { name, help, type: "histogram", samples };
}

//> prometheus-text-format
/** Families in name order (as client_golang's Gatherer sorts them), each with HELP and TYPE. */
export function formatExposition(families: MetricFamily[]): string {
  const lines: string[] = [];
  for (const f of [...families].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    lines.push(`# HELP ${f.name} ${f.help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")}`);
    lines.push(`# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) lines.push(`${s.name}${formatLabels(s.labels)} ${formatGoFloat(s.value)}`);
  }
  return lines.join("\n") + "\n";
}
//< prometheus-text-format

function formatLabels(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return "";
  return `{${entries.map(([k, v]) => `${k}="${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;
}

/**
 * Go's strconv.FormatFloat(v, 'g', -1, 64): the shortest digits that read back the same, in
 * exponent form when the exponent is < -4 or >= 6 (Go decides with precision 6 for shortest 'g').
 */
export function formatGoFloat(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  if (v === 0) return "0";
  const [mantissa, expText] = v.toExponential().split("e") as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) return `${mantissa}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  return String(v);
}

/** Parses an exposition and checks what a scraper relies on. Throws `ExpositionError` naming the line. */
export function parseExposition(text: string): Map<string, MetricFamily> {
  const families = new Map<string, MetricFamily>();
  let current: MetricFamily | undefined;
  text.split("\n").forEach((line, i) => {
    const where = `line ${i + 1}`;
    if (line === "") return;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta as unknown as [string, string, string, string];
      if (kind === "HELP") {
        if (families.has(name)) throw new ExpositionError(`${where}: second HELP for ${name}`);
        current = { name, help: rest, type: "gauge", samples: [] };
        families.set(name, current);
      } else {
        if (current?.name !== name) throw new ExpositionError(`${where}: TYPE ${name} without its HELP just before`);
        if (rest !== "counter" && rest !== "gauge" && rest !== "histogram") throw new ExpositionError(`${where}: unknown type ${rest}`);
        current.type = rest;
      }
      return;
    }
    if (line.startsWith("#")) return;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!m) throw new ExpositionError(`${where}: not a sample line: ${line}`);
    const [, name, labelText, valueText] = m as unknown as [string, string, string | undefined, string];
    const base = current && (name === current.name || (current.type === "histogram" && /_(bucket|sum|count)$/.test(name)));
    if (!current || !base || !name.startsWith(current.name)) throw new ExpositionError(`${where}: sample ${name} is not in the family declared above it`);
    current.samples.push({ name, labels: parseLabels(labelText ?? "", where), value: parseGoFloat(valueText, where) });
  });
  for (const f of families.values()) if (f.type === "histogram") checkHistogram(f);
  return families;
}

function parseLabels(text: string, where: string): Record<string, string> {
  const labels: Record<string, string> = {};
  const body = text.slice(1, -1);
  if (body === "") return labels;
  for (const part of body.split(",")) {
    const m = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"$/.exec(part);
    if (!m) throw new ExpositionError(`${where}: bad label ${part}`);
    labels[m[1]!] = m[2]!.replace(/\\(.)/g, "$1");
  }
  return labels;
}

function parseGoFloat(text: string, where: string): number {
  if (text === "+Inf") return Infinity;
  if (text === "-Inf") return -Infinity;
  if (text === "NaN") return NaN;
  const v = Number(text);
  if (text.trim() === "" || Number.isNaN(v)) throw new ExpositionError(`${where}: bad value ${text}`);
  return v;
}

/** Buckets sorted by le, cumulative, ending with +Inf equal to _count; _sum present. */
function checkHistogram(f: MetricFamily): void {
  const buckets: Bucket[] = f.samples
    .filter((s) => s.name === `${f.name}_bucket`)
    .map((s) => ({ upperBound: parseGoFloat(s.labels.le ?? "", `${f.name} bucket`), count: s.value }));
  const count = f.samples.find((s) => s.name === `${f.name}_count`)?.value;
  if (!f.samples.some((s) => s.name === `${f.name}_sum`) || count === undefined) throw new ExpositionError(`${f.name}: histogram without _sum or _count`);
  for (let i = 1; i < buckets.length; i++) {
    if (!(buckets[i]!.upperBound > buckets[i - 1]!.upperBound)) throw new ExpositionError(`${f.name}: bucket bounds not increasing`);
    if (buckets[i]!.count < buckets[i - 1]!.count) throw new ExpositionError(`${f.name}: bucket counts not cumulative`);
  }
  const last = buckets[buckets.length - 1];
  if (!last || last.upperBound !== Infinity || last.count !== count) throw new ExpositionError(`${f.name}: last bucket must be le="+Inf" with the _count`);
}

export class ExpositionError extends Error {
  constructor(message: string) {
    super(`metrics text format: ${message}`);
    this.name = "ExpositionError";
  }
}
