// Batch grading: every submission in a folder, into a gradebook and per-student reports.
//
//   1. Intake (intake.ts): from each entry, only the exercise files the manifest lists.
//   2. Calibration: the reference solutions run through the very same sandbox and policy. They
//      must earn full points; the tests they report (names, weights) become the list every
//      submission is scored against (score.ts). A sandbox or policy too strict for honest code
//      therefore stops the batch with a clear message instead of zeroing a class.
//   3. Per submission, in parallel (one runner process group each): a fresh tree holding only its
//      exercise files; per exercise "missing", "not started" (equals the pristine stub), "rejected"
//      (breaks the grading policy, policy.ts) or run in the sandbox (sandbox.ts).
//   4. Reports (reports.ts), written by this process only: nothing a submission runs can write
//      to --out.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateStubs, type StubResult, testFilesFor } from "../exercises/grade-core";
import type { Exercise, Manifest } from "../exercises/manifest";
import { type Intake, intakeAll } from "./intake";
import { checkSubmission, syntaxErrors } from "./policy";
import { type FileResult, type Limits, runSandboxed } from "./sandbox";
import { type BatchExercise, exerciseWithout, type ExpectedTest, PROBLEM_STATUSES, scoreExercise, type TestFile } from "./score";

export interface BatchOptions {
  root: string;
  manifest: Manifest;
  submissions: string;
  /** Folders of hidden tests, shaped like exercises/ (default: <root>/exercises-hidden if present). */
  hiddenDirs: string[];
  limits: Limits;
  /** Submissions graded at the same time. */
  jobs: number;
  osSandbox?: boolean;
  onProgress?: (event: ProgressEvent) => void;
}

export type ProgressEvent =
  | { type: "calibrating" }
  | { type: "calibrated"; seconds: number; slowest?: { file: string; seconds: number }; limitSeconds: number }
  | { type: "start"; student: string; done: number; total: number; running: number }
  | { type: "graded"; student: string; result: StudentResult; done: number; total: number; running: number; seconds: number };

export interface StudentResult {
  student: string;
  entry: string;
  /** "graded", or why not ("empty", "corrupt", "duplicate", ...), with the problem exercises. */
  status: string;
  exercises: BatchExercise[];
  earned: number;
  possible: number;
  notes: string[];
  seconds: number;
}

export interface BatchResult {
  exercises: Exercise[];
  students: StudentResult[];
  /** The hidden test files, relative to the root (for the instructor's summary). */
  hiddenFiles: string[];
  seconds: number;
}

export class CalibrationError extends Error {
  override name = "CalibrationError";
}

/** The graded test files of each exercise: public ones from exercises/, then hidden ones. */
export function testFilesByExercise(root: string, exercises: Exercise[], hiddenDirs: string[]): Map<string, TestFile[]> {
  const publicDir = path.join(root, "exercises");
  return new Map(
    exercises.map((ex) => [
      ex.id,
      [
        ...testFilesFor(ex, [publicDir]).map((file) => ({ file, rel: path.relative(root, file), hidden: false })),
        ...testFilesFor(ex, hiddenDirs).map((file) => ({ file, rel: path.relative(root, file), hidden: true })),
      ],
    ]),
  );
}

/** Runs the reference solutions; returns the expected tests per test file, or throws CalibrationError. */
async function calibrate(
  options: BatchOptions,
  files: Map<string, TestFile[]>,
  scratch: string,
): Promise<{ expected: Map<string, ExpectedTest[]>; slowest?: { file: string; seconds: number } }> {
  const { root, manifest } = options;
  const problems: string[] = [];
  for (const ex of manifest.exercises) {
    const file = path.join(root, "solutions", ex.file);
    if (!fs.existsSync(file)) {
      problems.push(`solutions/${ex.file} is missing: batch grading needs the reference solutions (the instructor's copy, not the learner edition)`);
      continue;
    }
    for (const v of checkSubmission(ex.file, fs.readFileSync(file, "utf8"))) {
      problems.push(`solutions/${ex.file}:${v.line}: ${v.what} (extend tools/grading/allowed.ts if the exercise needs it)`);
    }
    if ((files.get(ex.id) ?? []).length === 0) problems.push(`exercise "${ex.id}" has no graded tests`);
  }
  if (problems.length > 0) throw new CalibrationError(problems.join("\n"));
  // The solutions run from a copy holding only the manifest's files, exactly like a submission.
  const tree = path.join(scratch, "tree");
  for (const ex of manifest.exercises) {
    fs.mkdirSync(path.join(tree, path.dirname(ex.file)), { recursive: true });
    fs.copyFileSync(path.join(root, "solutions", ex.file), path.join(tree, ex.file));
  }
  const allFiles = [...files.values()].flat().map((f) => f.file);
  const tmpDir = path.join(scratch, "run");
  fs.mkdirSync(tmpDir, { recursive: true });
  const results = await runSandboxed({ root, tree, tmpDir, testFiles: allFiles, limits: options.limits, osSandbox: options.osSandbox ?? false });
  const expected = new Map<string, ExpectedTest[]>();
  for (const ex of manifest.exercises) {
    for (const tf of files.get(ex.id) ?? []) {
      const r = results.get(tf.file);
      if (!r || r.fate || r.error || r.tests.length === 0 || r.tests.some((t) => t.state !== "passed")) {
        const failing = r?.tests.filter((t) => t.state !== "passed").map((t) => `    ✗ ${t.name}: ${t.message ?? t.state}`) ?? [];
        problems.push(
          `the reference solution of "${ex.id}" does not pass ${tf.rel} in the sandbox` +
            (r?.error ? `: ${r.error}` : r && r.tests.length === 0 ? ": no tests ran" : "") +
            (failing.length > 0 ? `\n${failing.join("\n")}` : ""),
        );
        continue;
      }
      expected.set(tf.file, r.tests.map((t) => ({ name: t.name, weight: t.weight })));
    }
  }
  if (problems.length > 0) throw new CalibrationError(problems.join("\n"));
  let slowest: { file: string; seconds: number } | undefined;
  for (const r of results.values()) {
    if (r.durationMs !== undefined && (!slowest || r.durationMs / 1000 > slowest.seconds)) {
      slowest = { file: path.relative(root, r.file), seconds: r.durationMs / 1000 };
    }
  }
  return { expected, ...(slowest ? { slowest } : {}) };
}

function studentStatus(intake: Intake, exercises: BatchExercise[]): string {
  if (intake.error) return intake.error.kind;
  const problems = exercises.filter((e) => PROBLEM_STATUSES.has(e.status)).map((e) => `${e.status}: ${e.id}`);
  return problems.length === 0 ? "graded" : `graded; ${problems.join("; ")}`;
}

async function gradeOne(
  options: BatchOptions,
  intake: Intake,
  pristine: Map<string, StubResult>,
  files: Map<string, TestFile[]>,
  expected: Map<string, ExpectedTest[]>,
  scratch: string,
): Promise<StudentResult> {
  const started = Date.now();
  const exercises = options.manifest.exercises;
  const notes = [...intake.notes];
  let graded: BatchExercise[];
  if (intake.error) {
    notes.unshift(intake.error.message);
    graded = exercises.map((ex) => exerciseWithout(ex, intake.error!.kind === "empty" ? "missing" : "not graded", intake.error!.message));
  } else {
    const tree = path.join(scratch, "tree");
    const tmpDir = path.join(scratch, "run");
    fs.mkdirSync(tmpDir, { recursive: true });
    const decided = new Map<string, BatchExercise>();
    const toRun: Exercise[] = [];
    for (const ex of exercises) {
      const text = intake.files.get(ex.id);
      const rejected = intake.rejected.get(ex.id);
      if (rejected !== undefined) {
        decided.set(ex.id, exerciseWithout(ex, "error", rejected));
        continue;
      }
      if (text === undefined) {
        decided.set(ex.id, exerciseWithout(ex, "missing", `exercises/${ex.file} is not in the submission`));
        continue;
      }
      const stub = pristine.get(ex.id);
      if (stub?.ok && stub.text === text) {
        decided.set(ex.id, exerciseWithout(ex, "not started"));
        continue;
      }
      const broken = syntaxErrors(ex.file, text);
      if (broken.length > 0) {
        const listed = broken.slice(0, 5).map((v) => `exercises/${ex.file}:${v.line}: ${v.what}`);
        decided.set(ex.id, exerciseWithout(ex, "error", `does not compile:\n${listed.join("\n")}`));
        continue;
      }
      const violations = checkSubmission(ex.file, text);
      if (violations.length > 0) {
        const listed = violations.slice(0, 10).map((v) => `exercises/${ex.file}:${v.line}: ${v.what}`);
        if (violations.length > 10) listed.push(`… and ${violations.length - 10} more`);
        decided.set(ex.id, exerciseWithout(ex, "rejected", `breaks the grading policy, so its tests were not run:\n${listed.join("\n")}`));
        continue;
      }
      fs.mkdirSync(path.join(tree, path.dirname(ex.file)), { recursive: true });
      fs.writeFileSync(path.join(tree, ex.file), text);
      toRun.push(ex);
    }
    let results = new Map<string, FileResult>();
    const testFiles = toRun.flatMap((ex) => (files.get(ex.id) ?? []).map((f) => f.file));
    if (testFiles.length > 0) {
      const groups = toRun.map((ex) => (files.get(ex.id) ?? []).map((f) => f.file));
      results = await runSandboxed({ root: options.root, tree, tmpDir, testFiles, groups, limits: options.limits, osSandbox: options.osSandbox ?? false });
    }
    graded = exercises.map((ex) => decided.get(ex.id) ?? scoreExercise(ex, files.get(ex.id) ?? [], expected, results));
  }
  return {
    student: intake.student,
    entry: intake.entry,
    status: studentStatus(intake, graded),
    exercises: graded,
    earned: graded.reduce((s, g) => s + g.earned, 0),
    possible: graded.reduce((s, g) => s + g.possible, 0),
    notes,
    seconds: (Date.now() - started) / 1000,
  };
}

/** Grades every submission in `options.submissions`. Throws CalibrationError before grading anyone if the reference fails. */
export async function gradeBatch(options: BatchOptions): Promise<BatchResult> {
  const started = Date.now();
  const exercises = options.manifest.exercises;
  const files = testFilesByExercise(options.root, exercises, options.hiddenDirs);
  const pristine = generateStubs(options.root, exercises);
  const intakes = intakeAll(options.submissions, exercises);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "course-grading-"));
  fs.chmodSync(scratch, 0o700);
  try {
    options.onProgress?.({ type: "calibrating" });
    const { expected, slowest } = await calibrate(options, files, path.join(scratch, "reference"));
    options.onProgress?.({
      type: "calibrated",
      seconds: (Date.now() - started) / 1000,
      ...(slowest ? { slowest } : {}),
      limitSeconds: options.limits.timePerFileMs / 1000,
    });

    const results: StudentResult[] = new Array(intakes.length);
    let next = 0;
    let done = 0;
    let running = 0;
    const worker = async () => {
      while (next < intakes.length) {
        const k = next++;
        const intake = intakes[k]!;
        running++;
        options.onProgress?.({ type: "start", student: intake.student, done, total: intakes.length, running });
        // Numbered, not named: a student id never becomes part of a path the runner sees.
        const dir = path.join(scratch, `s${k}`);
        try {
          results[k] = await gradeOne(options, intake, pristine, files, expected, dir);
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
        running--;
        done++;
        options.onProgress?.({ type: "graded", student: intake.student, result: results[k]!, done, total: intakes.length, running, seconds: results[k]!.seconds });
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs, intakes.length)) }, worker));
    const hiddenFiles = [...files.values()].flat().filter((f) => f.hidden).map((f) => f.rel);
    results.sort((a, b) => (a.student < b.student ? -1 : a.student > b.student ? 1 : 0));
    return { exercises, students: results, hiddenFiles, seconds: (Date.now() - started) / 1000 };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
