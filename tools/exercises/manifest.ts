// The exercises manifest (exercises/manifest.json): which exercises exist, where their files are,
// what they are worth and what to read. The website reads the same file for its catalog and
// imports the types below (website/src/components/course-types.ts), so its shape is a contract:
// {chapters:[{id,title}], exercises:[{id, chapter, title, file, points, concept, read[], hints[]}]}.
import fs from "node:fs";
import path from "node:path";

export interface Chapter {
  id: string;
  title: string;
}

export interface Exercise {
  /** Short kebab-case id, unique across the course: `npm run hint -- <id>`. */
  id: string;
  /** Chapter id, "NN-slug"; the exercise's folder under exercises/ and solutions/. */
  chapter: string;
  title: string;
  /** Path under exercises/ (and solutions/): "NN-slug/<name>.ts". */
  file: string;
  /** Points for passing every test; split across the tests by weight (see points.ts). */
  points: number;
  /** The idea the exercise teaches, in one sentence. */
  concept: string;
  /** What to read first: paper sections, upstream docs, chapter sections. */
  read: string[];
  /** Hints, shown one at a time by `npm run hint -- <id>`. */
  hints: string[];
}

export interface Manifest {
  chapters: Chapter[];
  exercises: Exercise[];
}

export class ManifestError extends Error {
  override name = "ManifestError";
}

const MANIFEST = path.join("exercises", "manifest.json");

export function manifestPath(root: string): string {
  return path.join(root, MANIFEST);
}

/** Reads and validates exercises/manifest.json; throws a ManifestError that says what and where. */
export function loadManifest(root: string): Manifest {
  const file = manifestPath(root);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new ManifestError(`${MANIFEST}: cannot read it as JSON (${(err as Error).message})`);
  }
  return validateManifest(raw);
}

function fail(where: string, what: string): never {
  throw new ManifestError(`${MANIFEST}: ${where}: ${what}`);
}

function str(obj: Record<string, unknown>, key: string, where: string): string {
  const v = obj[key];
  if (typeof v !== "string" || v.trim() === "") fail(where, `"${key}" must be a non-empty string`);
  return v;
}

function strings(obj: Record<string, unknown>, key: string, where: string): string[] {
  const v = obj[key];
  if (!Array.isArray(v) || v.some((s) => typeof s !== "string")) fail(where, `"${key}" must be a list of strings`);
  return v as string[];
}

export function validateManifest(raw: unknown): Manifest {
  if (typeof raw !== "object" || raw === null) fail("top level", "expected an object");
  const top = raw as Record<string, unknown>;
  if (!Array.isArray(top.chapters)) fail("top level", `"chapters" must be a list`);
  if (!Array.isArray(top.exercises)) fail("top level", `"exercises" must be a list`);
  const chapters = top.chapters.map((c: unknown, i: number): Chapter => {
    const where = `chapters[${i}]`;
    if (typeof c !== "object" || c === null) fail(where, "expected an object");
    const o = c as Record<string, unknown>;
    return { id: str(o, "id", where), title: str(o, "title", where) };
  });
  const chapterIds = new Set(chapters.map((c) => c.id));
  const seen = new Set<string>();
  const exercises = top.exercises.map((e: unknown, i: number): Exercise => {
    let where = `exercises[${i}]`;
    if (typeof e !== "object" || e === null) fail(where, "expected an object");
    const o = e as Record<string, unknown>;
    const id = str(o, "id", where);
    where = `exercise "${id}"`;
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) fail(where, "the id must be kebab-case (a-z, 0-9, -)");
    if (seen.has(id)) fail(where, "the id is used twice");
    seen.add(id);
    const chapter = str(o, "chapter", where);
    if (!chapterIds.has(chapter)) fail(where, `chapter "${chapter}" is not listed under "chapters"`);
    const file = str(o, "file", where);
    if (!file.startsWith(`${chapter}/`) || !/^[^/]+\/[a-z0-9-]+\.ts$/.test(file) || file.endsWith(".test.ts")) {
      fail(where, `"file" must be "${chapter}/<name>.ts", got "${file}"`);
    }
    const points = o.points;
    if (typeof points !== "number" || !(points > 0) || !Number.isFinite(points)) {
      fail(where, `"points" must be a positive number`);
    }
    return {
      id,
      chapter,
      title: str(o, "title", where),
      file,
      points,
      concept: str(o, "concept", where),
      read: strings(o, "read", where),
      hints: strings(o, "hints", where),
    };
  });
  return { chapters, exercises };
}

/** "00-workbook/quorum.ts" -> "00-workbook/quorum": the part after `@exercise/`. */
export function moduleName(exercise: Exercise): string {
  return exercise.file.replace(/\.ts$/, "");
}
