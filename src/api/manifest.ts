// Manifests: the YAML and JSON files a user hands to `kubectl apply -f`.
//
// One file may hold several objects: YAML documents separated by `---`, a JSON array, or a
// `kind: List` whose `items` are the objects. Every object must say what it is (`apiVersion`,
// `kind`) and what it is called (`metadata.name`, or `metadata.generateName` to let the server
// pick a name). Everything else is the API server's business: this loader checks only what it
// needs to route an object to the right API, and leaves field validation to the server.
//
// A user's typo must never crash the tool nor vanish: every problem is reported with the file,
// the document (1-based, counting every `---` document, even empty ones, so the number matches
// what a reader counts) and the line, e.g. `pods.yaml: document 2, line 7: kind is required`.
// All problems of a file are collected and thrown together in one ManifestError.
//
// SIMPLIFICATION: kubectl decodes YAML 1.1 (go-yaml), where unquoted `yes`, `no`, `on`, `off`
// are booleans; we use the `yaml` package's default YAML 1.2, where they are strings. Quote such
// values in manifests and both agree.
//
// Reference: k8s.io/cli-runtime/pkg/resource (the builder's visitors: FileVisitor,
// StreamVisitor, flattening of List objects) and k8s.io/apimachinery/pkg/util/yaml
// (YAMLOrJSONDecoder).

import type { ObjectMeta } from "kubernetes-types/meta/v1";
import { type Document, LineCounter, parseAllDocuments } from "yaml";
import type { KubeObject } from "./meta";

/** An object from a manifest: its identity fields are checked, the rest is as written. */
export interface ManifestObject extends KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** Where an object (or a problem) is in its file. */
export interface ManifestSource {
  filename: string;
  /** 1-based index of the YAML document (`---` section); 1 for a JSON file. */
  document: number;
  /** 1-based index in a List's `items` or a top-level array, when the object came from one. */
  item?: number;
  /** 1-based line. */
  line: number;
}

export interface ManifestEntry {
  object: ManifestObject;
  source: ManifestSource;
}

export interface ManifestProblem extends ManifestSource {
  reason: string;
}

/** Everything wrong with a manifest file; `message` has one line per problem. */
export class ManifestError extends Error {
  override readonly name: string = "ManifestError";
  constructor(readonly problems: readonly ManifestProblem[]) {
    super(problems.map(formatProblem).join("\n"));
  }
}

function formatProblem(p: ManifestProblem): string {
  const item = p.item === undefined ? "" : `, item ${p.item}`;
  return `${p.filename}: document ${p.document}${item}, line ${p.line}: ${p.reason}`;
}

/** Describe a value's type for a message: "a number", "a list", "null". */
function describe(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  return `a ${typeof value} (${JSON.stringify(value)})`;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

//> load-manifests
/** The objects in `text`, in file order. Throws ManifestError listing every problem. */
export function loadManifests(text: string, opts: { filename?: string } = {}): ManifestObject[] {
  return loadManifestEntries(text, opts).map((e) => e.object);
}

/** Like loadManifests, with where each object came from. */
export function loadManifestEntries(text: string, opts: { filename?: string } = {}): ManifestEntry[] {
  const filename = opts.filename ?? "<input>";
  if (typeof text !== "string") {
    throw new ManifestError([{ filename, document: 1, line: 1, reason: `input is not text but ${describe(text)}` }]);
  }
  const lines = new LineCounter();
  const lineOf = (offset: number | undefined): number => (offset === undefined ? 1 : lines.linePos(offset).line);
  const problems: ManifestProblem[] = [];
  const entries: ManifestEntry[] = [];

  let docs: Document.Parsed[];
  try {
    docs = Array.from(parseAllDocuments(text, { lineCounter: lines, prettyErrors: false }));
  } catch (e: unknown) {
    // The parser reports errors on the documents; this is for anything unforeseen.
    throw new ManifestError([{ filename, document: 1, line: 1, reason: `cannot parse: ${String(e)}` }]);
  }

  docs.forEach((doc, i) => {
    const document = i + 1;
    if (doc.errors.length > 0) {
      for (const err of doc.errors) {
        problems.push({ filename, document, line: lineOf(err.pos[0]), reason: `invalid YAML: ${err.message}` });
      }
      return;
    }
    const docLine = lineOf(doc.contents?.range[0] ?? doc.range[0]);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 }); // bounds "billion laughs" alias bombs
    } catch (e: unknown) {
      problems.push({ filename, document, line: docLine, reason: `invalid YAML: ${e instanceof Error ? e.message : String(e)}` });
      return;
    }
    if (value === null || value === undefined) return; // an empty document: skipped
    // The line of the node at `path` in this document, or of the nearest parent that exists.
    const lineAt = (path: (string | number)[]): number => {
      for (let n = path.length; n >= 0; n--) {
        const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
        if (node?.range) return lineOf(node.range[0]);
      }
      return docLine;
    };

    // Flatten a top-level array or a List into its items, as kubectl does.
    const items = listItems(value);
    if (items === undefined) {
      check(value, { filename, document, line: docLine }, (p) => lineAt(p));
    } else {
      const base = Array.isArray(value) ? [] : ["items"];
      items.forEach((item, k) => {
        const at = (p: (string | number)[]): number => lineAt([...base, k, ...p]);
        check(item, { filename, document, item: k + 1, line: at([]) }, at);
      });
    }
  });

  /** Validate one candidate object; record it or its problems. */
  function check(value: unknown, source: ManifestSource, lineAt: (path: (string | number)[]) => number): void {
    const problem = (reason: string, path: (string | number)[]): void => {
      problems.push({ ...source, line: lineAt(path), reason });
    };
    if (!isPlainObject(value)) {
      problem(`expected an object with apiVersion, kind and metadata, got ${describe(value)}`, []);
      return;
    }
    const before = problems.length;
    for (const key of ["apiVersion", "kind"] as const) {
      if (value[key] === undefined || value[key] === null || value[key] === "") problem(`${key} is required`, []);
      else if (typeof value[key] !== "string") problem(`${key} must be a string, got ${describe(value[key])}`, [key]);
    }
    const meta = value.metadata;
    if (meta === undefined || meta === null) {
      problem("metadata.name is required (or metadata.generateName)", []);
    } else if (!isPlainObject(meta)) {
      problem(`metadata must be an object, got ${describe(meta)}`, ["metadata"]);
    } else {
      checkMetadata(meta, problem);
    }
    if (problems.length === before) entries.push({ object: value as ManifestObject, source });
  }

  if (problems.length > 0) throw new ManifestError(problems);
  return entries;
}
//< load-manifests

/** The items of a top-level array or of a List object (`kind: List`, `PodList`...). */
function listItems(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (isPlainObject(value) && typeof value.kind === "string" && value.kind.endsWith("List") && Array.isArray(value.items)) {
    return value.items as unknown[];
  }
  return undefined;
}

function checkMetadata(meta: Record<string, unknown>, problem: (reason: string, path: (string | number)[]) => void): void {
  for (const key of ["name", "generateName", "namespace"] as const) {
    const v = meta[key];
    if (v !== undefined && v !== null && typeof v !== "string") {
      problem(`metadata.${key} must be a string, got ${describe(v)}`, ["metadata", key]);
    }
  }
  const hasName = typeof meta.name === "string" && meta.name !== "";
  const hasGenerateName = typeof meta.generateName === "string" && meta.generateName !== "";
  if (!hasName && !hasGenerateName && !(meta.name !== undefined && typeof meta.name !== "string")) {
    problem("metadata.name is required (or metadata.generateName)", ["metadata"]);
  }
  // A classic: `version: 1.0` is a number in YAML, but label values must be strings.
  for (const mapName of ["labels", "annotations"] as const) {
    const map = meta[mapName];
    if (map === undefined || map === null) continue;
    if (!isPlainObject(map)) {
      problem(`metadata.${mapName} must be a map of strings, got ${describe(map)}`, ["metadata", mapName]);
      continue;
    }
    for (const [k, v] of Object.entries(map)) {
      if (typeof v !== "string") {
        problem(`metadata.${mapName}.${k} must be a string, got ${describe(v)}: quote it`, ["metadata", mapName, k]);
      }
    }
  }
}

/** A type guard for one kind: `if (isKind<Pod>(obj, "v1", "Pod")) obj.spec...`. */
export function isKind<T extends KubeObject>(obj: KubeObject, apiVersion: string, kind: string): obj is T & ManifestObject {
  return obj.apiVersion === apiVersion && obj.kind === kind;
}
