// The grading core: grade one or more target trees (folders shaped like exercises/) and return a
// typed result per exercise. tools/grade.ts builds the learner's scorecard and the `--check` of
// `npm test` on it; batch grading of submissions can call it with one tree per student.
//
// The steps, for every tree:
//   1. For each exercise, find the file in the tree and compare it with its pristine stub. A file
//      identical to the stub, byte for byte, is "not started"; the grader stores nothing else.
//   2. Run the exercise's tests against the tree (one vitest run for all trees; see run-tests.ts),
//      skipping the exercises the caller does not want run (e.g. the learner's unstarted ones).
//   3. Score each exercise: its points split across its tests by weight (points.ts).
//
// Tests always come from `testDirs` (the instructor's copy: exercises/ by default, plus any hidden
// test trees), never from the target tree.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Exercise, type Manifest } from "./manifest";
import { earnedPoints, type Status, statusOf, testPoints } from "./points";
import { type FileOutcome, runTests, type TestOutcome } from "./run-tests";
import { generateStub, StubError, stubBanner } from "./stubs";

export type FileState = "missing" | "not started" | "started";

export interface GradedTest {
  name: string;
  /** Test file, relative to the repository root. */
  file: string;
  state: TestOutcome["state"];
  /** What the test is worth. */
  points: number;
  message?: string;
}

export interface ExerciseGrade {
  exercise: Exercise;
  fileState: FileState;
  status: Status;
  earned: number;
  possible: number;
  tests: GradedTest[];
  /** Why the exercise could not be graded normally (missing file, a test file that did not load). */
  problem?: string;
}

export interface TreeGrade {
  name: string;
  dir: string;
  exercises: ExerciseGrade[];
  earned: number;
  possible: number;
  /** Set when the run was abandoned (time limit): the tests that did not run earned nothing. */
  aborted?: string;
}

export interface TreeSpec {
  /** Unique name ("learner", "solutions", "stubs", a student id). */
  name: string;
  /** Absolute path of a folder shaped like exercises/. */
  dir: string;
  /** When true, exercises whose file equals its pristine stub are reported "not started", not run. */
  skipUnstarted: boolean;
}

export interface GradeOptions {
  /** Repository root (the instructor's copy): manifest, src/, tests. */
  root: string;
  manifest: Manifest;
  /** Folders holding `NN-slug/<name>.test.ts` and `NN-slug/<name>.*.test.ts`; default [root/exercises]. */
  testDirs?: string[];
  /** Grade only these exercises (ids); default all. */
  only?: string[];
  timeoutMs?: number;
}

/** The test files of an exercise: `<dir>/NN-slug/<name>.test.ts` and `<dir>/NN-slug/<name>.*.test.ts`. */
export function testFilesFor(exercise: Exercise, testDirs: string[]): string[] {
  const [chapter, fileName] = exercise.file.split("/") as [string, string];
  const name = fileName.replace(/\.ts$/, "");
  const pattern = new RegExp(`^${name.replace(/[-.]/g, "\\$&")}(\\.[a-z0-9-]+)?\\.test\\.ts$`);
  return testDirs.flatMap((dir) => {
    const folder = path.join(dir, chapter);
    if (!fs.existsSync(folder)) return [];
    return fs
      .readdirSync(folder)
      .filter((f) => pattern.test(f))
      .sort()
      .map((f) => path.join(folder, f));
  });
}

export type StubResult = { ok: true; text: string } | { ok: false; error: string };

/**
 * Where the learner edition keeps the pristine stubs: it has no solutions/ to generate them from
 * (tools/release.ts writes this folder; see tools/exercises/README.md).
 */
export const PRISTINE_DIR = path.join("exercises", ".pristine");

/**
 * The pristine stub of every exercise: generated from solutions/, or, for an exercise without a
 * solution (the learner edition), read from exercises/.pristine/.
 */
export function generateStubs(root: string, exercises: Exercise[]): Map<string, StubResult> {
  const out = new Map<string, StubResult>();
  for (const ex of exercises) {
    const rel = path.join("solutions", ex.file);
    const file = path.join(root, rel);
    if (!fs.existsSync(file)) {
      const kept = path.join(root, PRISTINE_DIR, ex.file);
      if (fs.existsSync(kept)) out.set(ex.id, { ok: true, text: fs.readFileSync(kept, "utf8") });
      else out.set(ex.id, { ok: false, error: `${rel} does not exist: every exercise needs a reference solution` });
      continue;
    }
    try {
      out.set(ex.id, { ok: true, text: generateStub(fs.readFileSync(file, "utf8"), rel, stubBanner(ex)) });
    } catch (err) {
      if (!(err instanceof StubError)) throw err;
      out.set(ex.id, { ok: false, error: err.message });
    }
  }
  return out;
}

/** "not started" when the file equals its pristine stub byte for byte; "missing" when absent. */
export function fileState(file: string, pristine: string | undefined): FileState {
  if (!fs.existsSync(file)) return "missing";
  return pristine !== undefined && fs.readFileSync(file, "utf8") === pristine ? "not started" : "started";
}

/** Writes the given stubs into a fresh temp folder shaped like exercises/; returns its path. */
export function writeStubTree(exercises: Exercise[], stubs: Map<string, StubResult>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "course-stubs-"));
  for (const ex of exercises) {
    const stub = stubs.get(ex.id);
    if (!stub?.ok) continue;
    fs.mkdirSync(path.join(dir, path.dirname(ex.file)), { recursive: true });
    fs.writeFileSync(path.join(dir, ex.file), stub.text);
  }
  return dir;
}

function scoreExercise(
  root: string,
  exercise: Exercise,
  state: FileState,
  testFiles: string[],
  outcomes: Map<string, FileOutcome>,
  ran: boolean,
): ExerciseGrade {
  const possible = exercise.points;
  const base = { exercise, fileState: state, possible };
  if (state === "missing") {
    return {
      ...base,
      status: "failed",
      earned: 0,
      tests: [],
      problem: `${exercise.file} is missing: \`npm run stubs\` puts a fresh stub back`,
    };
  }
  if (!ran) return { ...base, status: "not started", earned: 0, tests: [] };
  if (testFiles.length === 0) {
    return { ...base, status: "failed", earned: 0, tests: [], problem: `no graded tests found for ${exercise.file}` };
  }
  const raw: TestOutcome[] = [];
  const problems: string[] = [];
  for (const file of testFiles) {
    const outcome = outcomes.get(file);
    if (!outcome) {
      problems.push(`${path.relative(root, file)} did not run`);
      continue;
    }
    raw.push(...outcome.tests);
    if (outcome.error) problems.push(`${path.relative(root, file)} could not run: ${outcome.error}`);
  }
  const tests = raw.map((t) => ({
    name: t.name,
    file: path.relative(root, t.file),
    state: t.state,
    points: testPoints(possible, raw, t),
    ...(t.message === undefined ? {} : { message: t.message }),
  }));
  // A test file that failed to load contributes no tests; it must still cost the exercise its points.
  const earned = problems.length > 0 ? 0 : earnedPoints(possible, raw);
  const status = problems.length > 0 ? "failed" : statusOf(raw);
  return { ...base, status, earned, tests, ...(problems.length > 0 ? { problem: problems.join("\n") } : {}) };
}

/**
 * Grades every tree in ONE vitest run and returns a TreeGrade per tree (same order). `pristine`
 * maps exercise id to its generated stub text (see generateStubs); trees with `skipUnstarted`
 * report exercises equal to it as "not started" without running their tests.
 */
export async function gradeTrees(
  trees: TreeSpec[],
  pristine: Map<string, StubResult>,
  options: GradeOptions,
): Promise<TreeGrade[]> {
  const testDirs = options.testDirs ?? [path.join(options.root, "exercises")];
  const exercises = options.manifest.exercises.filter((e) => !options.only || options.only.includes(e.id));
  const testFiles = new Map(exercises.map((e) => [e.id, testFilesFor(e, testDirs)]));

  const plans = trees.map((tree) => {
    const states = new Map<string, FileState>();
    const run = new Set<string>();
    for (const ex of exercises) {
      const stub = pristine.get(ex.id);
      const state = fileState(path.join(tree.dir, ex.file), stub?.ok ? stub.text : undefined);
      states.set(ex.id, state);
      if (state === "started" || (state === "not started" && !tree.skipUnstarted)) run.add(ex.id);
    }
    return { tree, states, run };
  });

  const result = await runTests(
    plans.map(({ tree, run }) => ({
      name: tree.name,
      dir: tree.dir,
      testFiles: exercises.filter((e) => run.has(e.id)).flatMap((e) => testFiles.get(e.id) ?? []),
    })),
    { root: options.root, ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }) },
  );

  return plans.map(({ tree, states, run }) => {
    const outcomes = new Map((result.byTarget.get(tree.name) ?? []).map((f) => [f.file, f]));
    const graded = exercises.map((ex) =>
      scoreExercise(
        options.root,
        ex,
        states.get(ex.id)!,
        testFiles.get(ex.id) ?? [],
        outcomes,
        run.has(ex.id),
      ),
    );
    return {
      name: tree.name,
      dir: tree.dir,
      exercises: graded,
      earned: graded.reduce((s, g) => s + g.earned, 0),
      possible: graded.reduce((s, g) => s + g.possible, 0),
      ...(result.ok ? {} : { aborted: result.reason }),
    };
  });
}
