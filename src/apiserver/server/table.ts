// Server-side printing: `kubectl get pods` does not format pods itself. It asks the server for a
// Table (Accept: application/json;as=Table;v=v1;g=meta.k8s.io) and prints the columns and cells
// it gets back, which is why an old kubectl prints the columns of a newer server's kinds.
//
//   {"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{"resourceVersion":"42"},
//    "columnDefinitions":[{"name":"Name","type":"string","format":"name",...},...],
//    "rows":[{"cells":["web","0/1","Pending","0","5m"],"object":{"kind":"PartialObjectMetadata",...}}]}
//
// Every column is in every row, the `-o wide` ones too (priority 1): kubectl hides them unless
// asked. Each row carries the object as PartialObjectMetadata by default (`?includeObject=`
// Object, Metadata or None), enough for kubectl to print names and labels.
//
// Upstream: k8s.io/apiserver/pkg/registry/rest/table.go (DefaultTableConvertor: NAME, CREATED AT),
// pkg/printers/tablegenerator.go and pkg/printers/internalversion/printers.go (the columns),
// k8s.io/apimachinery/pkg/util/duration (HumanDuration, the AGE column).

import { newBadRequest } from "../../api/status";
import type { KubeObject } from "../types";
import { printerFor, type Column } from "./printers";
import type { ResourceInfo } from "./resources";

export interface TableColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export interface TableRow {
  cells: unknown[];
  conditions?: { type: string; status: string; reason?: string; message?: string }[];
  object?: unknown;
}

export interface Table {
  kind: "Table";
  apiVersion: "meta.k8s.io/v1";
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

export type IncludeObject = "None" | "Metadata" | "Object";

/** `?includeObject=`: Metadata by default (metav1.IncludeMetadata); anything else is a 400. */
export function parseIncludeObject(value: string | undefined): IncludeObject {
  if (value === undefined || value === "") return "Metadata";
  if (value === "None" || value === "Metadata" || value === "Object") return value;
  throw newBadRequest(`includeObject: Unsupported value: ${JSON.stringify(value)}: supported values: "Metadata", "None", "Object"`);
}

//> apiserver-human-duration
/**
 * duration.HumanDuration: the AGE column. Seconds up to two minutes, then minutes (with seconds
 * under ten minutes), hours (with minutes under eight hours), days (with hours under two days),
 * then years and days.
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000); // Go: int(d.Seconds()) truncates toward zero
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(seconds / 3600);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.floor(hours / 24) % 365;
    return dy === 0 ? `${Math.floor(hours / 24 / 365)}y` : `${Math.floor(hours / 24 / 365)}y${dy}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}
//< apiserver-human-duration

/** translateTimestampSince: the age of a timestamp on the injected clock, or "<unknown>". */
export function translateTimestampSince(timestamp: unknown, now: number): string {
  if (typeof timestamp !== "string" || timestamp === "") return "<unknown>";
  const t = Date.parse(timestamp);
  return Number.isNaN(t) ? "<unknown>" : humanDuration(now - t);
}

/** The row's object: the whole object, its PartialObjectMetadata, or nothing. */
function rowObject(obj: KubeObject, include: IncludeObject): unknown {
  if (include === "None") return undefined;
  if (include === "Object") return obj;
  return partialObjectMetadata(obj);
}

/** meta.k8s.io/v1 PartialObjectMetadata: the object's metadata alone. */
export function partialObjectMetadata(obj: KubeObject): KubeObject {
  return { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: obj.metadata ?? {} };
}

//> apiserver-to-table
/** ConvertToTable for one object or a list of them. */
export function toTable(
  info: ResourceInfo, objects: readonly KubeObject[], listMeta: Table["metadata"], now: number, include: IncludeObject, withHeaders = true,
): Table {
  const printer = printerFor(info);
  const rows = objects.map((obj) => {
    const row: TableRow = { cells: printer.cells(obj, now) };
    const conditions = printer.conditions?.(obj);
    if (conditions !== undefined) row.conditions = conditions;
    const o = rowObject(obj, include);
    if (o !== undefined) row.object = o;
    return row;
  });
  return {
    kind: "Table", apiVersion: "meta.k8s.io/v1", metadata: listMeta,
    columnDefinitions: withHeaders ? printer.columns.map(definition) : [],
    rows,
  };
}
//< apiserver-to-table

function definition(c: Column): TableColumnDefinition {
  return { name: c.name, type: c.type, format: c.format ?? "", description: c.description, priority: c.priority ?? 0 };
}
