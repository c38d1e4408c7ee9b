// Intake: turns each entry of a submissions folder into the exercise files the manifest lists,
// as text, and nothing else.
//
// An entry is one learner's submission, named by student id: a folder holding their exercises/
// tree (or a whole clone of the course), or a .zip / .tar.gz / .tar of the same. From it we take
// exactly the files the manifest names, `NN-slug/<name>.ts`, found either at the top of the entry
// or under an `exercises/` folder at any depth (the shallowest wins). Everything else (tests,
// vitest config, package.json, solutions/, node_modules/) is ignored and only counted, because
// tests and tooling always come from the instructor's copy.
//
// Links are never followed (a link to the instructor's solutions/ would otherwise be "submitted"),
// files must be UTF-8 text under a size cap, and nothing from an archive is written to disk.
import fs from "node:fs";
import path from "node:path";
import { archiveKind, ArchiveError, type Member, readArchive, stripArchiveExtension } from "./archive";
import type { Exercise } from "../exercises/manifest";

/** Largest exercise file taken from a submission. Real ones are a few kilobytes. */
export const MAX_FILE_BYTES = 256 * 1024;
/** Largest archive read. */
export const MAX_ARCHIVE_BYTES = 64 * 1024 * 1024;
const MAX_WALK_ENTRIES = 50_000;
const SKIP_DIRS = new Set(["node_modules", ".git", "__MACOSX", "dist", "build", ".docusaurus"]);

export type IntakeError = "empty" | "corrupt" | "duplicate" | "not a submission" | "unreadable";

export interface Intake {
  /** The id used in the gradebook: the entry's name without archive extension, made file-name safe. */
  student: string;
  /** The entry's name in the submissions folder. */
  entry: string;
  /** Exercise id -> the submitted text. */
  files: Map<string, string>;
  /** Exercise id -> why the submitted file could not be used (a link, too large, not UTF-8). */
  rejected: Map<string, string>;
  /** Things the learner (and instructor) should know, e.g. how many extra files were ignored. */
  notes: string[];
  /** Set when the submission as a whole could not be graded. */
  error?: { kind: IntakeError; message: string };
}

/** A file-like thing in a folder or an archive. */
interface Candidate {
  name: string;
  type: Member["type"];
  size: number;
  read(maxBytes: number): Buffer;
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/** A student id safe to use as a folder name and a CSV cell: [A-Za-z0-9._@+-], at most 100 chars. */
export function safeStudentId(entryName: string): string {
  const base = stripArchiveExtension(entryName).normalize("NFC");
  const safe = base.replace(/[^A-Za-z0-9._@+-]/g, "_").replace(/^[.]+/, "_").slice(0, 100);
  return safe === "" ? "_" : safe;
}

function walkFolder(dir: string): { candidates: Candidate[]; truncated: boolean } {
  const candidates: Candidate[] = [];
  let seen = 0;
  const visit = (abs: string, rel: string, depth: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(abs, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (++seen > MAX_WALK_ENTRIES) return;
      const childAbs = path.join(abs, e.name);
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      // Dirent types come from lstat: a symbolic link is reported as a link, never followed.
      if (e.isSymbolicLink()) candidates.push({ name: childRel, type: "link", size: 0, read: () => Buffer.alloc(0) });
      else if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && depth < 8) visit(childAbs, childRel, depth + 1);
      } else if (e.isFile()) {
        candidates.push({
          name: childRel,
          type: "file",
          size: fs.lstatSync(childAbs).size,
          read: (max) => {
            const st = fs.lstatSync(childAbs);
            if (!st.isFile()) throw new ArchiveError(`${childRel} is not a regular file`);
            if (st.size > max) throw new ArchiveError(`${childRel}: ${st.size} bytes, more than the ${max} allowed`);
            return fs.readFileSync(childAbs);
          },
        });
      } else candidates.push({ name: childRel, type: "other", size: 0, read: () => Buffer.alloc(0) });
    }
  };
  visit(dir, "", 0);
  return { candidates, truncated: seen > MAX_WALK_ENTRIES };
}

/** Path segments of a member name, or undefined for names that try to leave the archive. */
function segments(name: string): string[] | undefined {
  const parts = name.replace(/\\/g, "/").split("/").filter((s) => s !== "" && s !== ".");
  if (name.startsWith("/") || parts.some((s) => s === "..")) return undefined;
  return parts;
}

/** Where `exercise.file` sits among the candidates: the shallowest match, or undefined. */
function locate(candidates: Candidate[], file: string): { match?: Candidate; others: number } {
  const want = file.split("/");
  const matches = candidates.filter((c) => {
    const parts = segments(c.name);
    if (!parts || parts.includes("__MACOSX")) return false;
    if (parts.length === want.length) return parts.every((p, i) => p === want[i]);
    if (parts.length < want.length + 1) return false;
    const tail = parts.slice(-want.length);
    return parts[parts.length - want.length - 1] === "exercises" && tail.every((p, i) => p === want[i]);
  });
  matches.sort((a, b) => a.name.split("/").length - b.name.split("/").length || (a.name < b.name ? -1 : 1));
  return { match: matches[0], others: matches.length - 1 };
}

function takeFiles(intake: Intake, candidates: Candidate[], exercises: Exercise[]): void {
  const taken = new Set<string>();
  for (const ex of exercises) {
    const { match, others } = locate(candidates, ex.file);
    if (!match) continue;
    taken.add(match.name);
    if (others > 0) intake.notes.push(`${ex.file}: found ${others + 1} copies; graded ${match.name}, the shallowest`);
    if (match.type !== "file") {
      intake.rejected.set(ex.id, `${match.name} is a ${match.type === "link" ? "symbolic or hard link" : "special file"}, not a regular file: links are not followed`);
      continue;
    }
    try {
      const bytes = match.read(MAX_FILE_BYTES);
      if (bytes.includes(0)) throw new ArchiveError(`${match.name} holds NUL bytes: not a text file`);
      intake.files.set(ex.id, decoder.decode(bytes));
    } catch (err) {
      const why = err instanceof ArchiveError ? err.message : err instanceof TypeError ? `${match.name} is not UTF-8 text` : String(err);
      intake.rejected.set(ex.id, why);
    }
  }
  const ignored = candidates.filter((c) => c.type !== "directory" && !taken.has(c.name)).length;
  if (ignored > 0) {
    intake.notes.push(`${ignored} other file(s) ignored: only the manifest's exercise files are graded; tests and configuration come from the course`);
  }
  if (intake.files.size === 0 && intake.rejected.size === 0) {
    intake.error = {
      kind: "empty",
      message: `no exercise files found; expected e.g. exercises/${exercises[0]?.file ?? "NN-slug/name.ts"} in the folder or archive`,
    };
  }
}

/** Reads one entry of the submissions folder. Never throws for bad input: it sets `error`. */
export function intakeEntry(dir: string, entry: string, exercises: Exercise[]): Intake {
  const intake: Intake = { student: safeStudentId(entry), entry, files: new Map(), rejected: new Map(), notes: [] };
  const abs = path.join(dir, entry);
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(abs);
  } catch (err) {
    intake.error = { kind: "unreadable", message: `cannot read ${entry}: ${(err as Error).message}` };
    return intake;
  }
  if (stat.isDirectory()) {
    const { candidates, truncated } = walkFolder(abs);
    if (truncated) intake.notes.push(`the folder holds more than ${MAX_WALK_ENTRIES} entries; only the first were searched`);
    takeFiles(intake, candidates, exercises);
    return intake;
  }
  const kind = archiveKind(entry);
  if (!stat.isFile() || !kind) {
    intake.error = {
      kind: "not a submission",
      message: `${entry} is ${stat.isSymbolicLink() ? "a symbolic link" : stat.isFile() ? "a file" : "not a regular file"}, not a folder, .zip or .tar.gz`,
    };
    return intake;
  }
  if (stat.size > MAX_ARCHIVE_BYTES) {
    intake.error = { kind: "corrupt", message: `${entry} is ${stat.size} bytes, more than the ${MAX_ARCHIVE_BYTES} allowed` };
    return intake;
  }
  try {
    const members = readArchive(fs.readFileSync(abs), kind);
    takeFiles(intake, members, exercises);
  } catch (err) {
    if (!(err instanceof ArchiveError)) throw err;
    intake.error = { kind: "corrupt", message: `${entry}: ${err.message}` };
  }
  return intake;
}

/**
 * Reads every entry of a submissions folder. Dotfiles (.DS_Store) are skipped. Entries whose
 * student ids collide (alice/ and alice.zip, or Alice and alice) are all marked "duplicate" and
 * not graded: the instructor decides which one counts.
 */
export function intakeAll(dir: string, exercises: Exercise[]): Intake[] {
  const entries = fs
    .readdirSync(dir)
    .filter((e) => !e.startsWith("."))
    .sort();
  const intakes = entries.map((e) => intakeEntry(dir, e, exercises));
  const byId = new Map<string, Intake[]>();
  for (const i of intakes) {
    const key = i.student.toLowerCase();
    byId.set(key, [...(byId.get(key) ?? []), i]);
  }
  for (const group of byId.values()) {
    if (group.length < 2) continue;
    group.forEach((i, k) => {
      i.error = {
        kind: "duplicate",
        message: `student id "${i.student}" is used by ${group.length} entries (${group.map((g) => g.entry).join(", ")}); none was graded: keep one and grade again`,
      };
      // Keep gradebook rows distinct: alice, alice~2, ...
      if (k > 0) i.student = `${i.student}~${k + 1}`;
      i.files.clear();
    });
  }
  return intakes;
}
