// The shared vocabulary of the printers: column definitions, the columns every kind has (NAME,
// AGE), safe readers of loosely typed JSON, and upstream's label and selector formats.

import { labelSelectorAsSelector } from "../../api/label-selector";
import type { KubeObject } from "../types";
import { translateTimestampSince } from "./table";

export interface Column {
  name: string;
  type: "string" | "integer" | "boolean" | "date" | "number";
  format?: string;
  description: string;
  /** 1: shown only with `-o wide`. */
  priority?: number;
}

export interface Printer {
  columns: Column[];
  cells(obj: KubeObject, now: number): unknown[];
  conditions?(obj: KubeObject): { type: string; status: string; reason?: string; message?: string }[] | undefined;
}

/** metav1.ObjectMeta{}.SwaggerDoc()["name"]. */
export const nameDoc =
  "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
/** metav1.ObjectMeta{}.SwaggerDoc()["creationTimestamp"]. */
export const creationDoc =
  "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

export const NAME: Column = { name: "Name", type: "string", format: "name", description: nameDoc };
export const AGE: Column = { name: "Age", type: "string", description: creationDoc };
export const col = (name: string, type: Column["type"], description: string, priority = 0): Column =>
  priority === 0 ? { name, type, description } : { name, type, description, priority };

export type Obj = Record<string, unknown>;
export const o = (v: unknown): Obj => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : {});
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string => (typeof v === "string" ? v : "");
export const int = (v: unknown): number => (typeof v === "number" ? v : 0);
export const nameOf = (obj: KubeObject): string => obj.metadata?.name ?? "";
export const age = (obj: KubeObject, now: number): string => translateTimestampSince(obj.metadata?.creationTimestamp, now);

/** labels.FormatLabels: `a=b,c=d` sorted by key, or <none>. */
export function formatLabels(labels: unknown): string {
  const entries = Object.entries(o(labels)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? "<none>" : entries.map(([k, v]) => `${k}=${str(v)}`).join(",");
}

/** metav1.FormatLabelSelector. */
export function formatLabelSelector(selector: unknown): string {
  try {
    const s = labelSelectorAsSelector(o(selector) as Parameters<typeof labelSelectorAsSelector>[0]).toString();
    return s === "" ? "<none>" : s;
  } catch {
    return "<error>";
  }
}

/** layoutContainerCells: names and images of the template's containers, comma-joined. */
export function containerCells(podSpec: unknown): [string, string] {
  const cs = arr(o(podSpec)["containers"]).map(o);
  return [cs.map((c) => str(c["name"])).join(","), cs.map((c) => str(c["image"])).join(",")];
}

export const templateSpec = (obj: KubeObject): unknown => o(o(o(obj["spec"])["template"])["spec"]);

