// Scoring one exercise of one submission in batch grading, against the test list the reference
// solutions produced (the calibration run, see batch.ts).
//
// Why against a reference list and not against whatever the run reports: the reference run is the
// only one whose code we trust. Taking the names and weights of the tests from it means a
// submission can neither add tests that pass, nor change a test's weight, nor make tests vanish:
// a test the reference ran and the submission's run did not report counts as failed.
import type { Exercise } from "../exercises/manifest";
import { formatPoints } from "../exercises/points";
import type { TestOutcome } from "../exercises/run-tests";
import type { FileResult } from "./sandbox";

export type BatchStatus =
  | "passed"
  | "partial"
  | "failed"
  | "not started"
  | "missing"
  | "rejected"
  | "error"
  | "timeout"
  | "memory"
  | "crashed"
  | "not graded";

/** Statuses that mean the exercise could not be graded normally; shown in the gradebook's status. */
export const PROBLEM_STATUSES: ReadonlySet<BatchStatus> = new Set(["rejected", "error", "timeout", "memory", "crashed"]);

export interface ExpectedTest {
  name: string;
  weight: number;
}

/** A graded test file: where it lives and whether it is hidden from learners. */
export interface TestFile {
  file: string;
  /** Path relative to the course root, for reports. */
  rel: string;
  hidden: boolean;
}

export interface BatchTest {
  name: string;
  file: string;
  hidden: boolean;
  points: number;
  earned: number;
  state: TestOutcome["state"];
  message?: string;
}

export interface BatchExercise {
  id: string;
  status: BatchStatus;
  earned: number;
  possible: number;
  tests: BatchTest[];
  /** Why it scored what it did when not by its tests: a timeout, a policy violation, a missing file. */
  problem?: string;
}

/** A problem that costs the whole exercise its points: no tests are scored. */
export function exerciseWithout(exercise: Exercise, status: BatchStatus, problem?: string): BatchExercise {
  return { id: exercise.id, status, earned: 0, possible: exercise.points, tests: [], ...(problem ? { problem } : {}) };
}

/**
 * Scores an exercise from its test files' results. `expected` maps test file -> the tests the
 * reference solution reported there, in order. Test names may repeat within a file; they are
 * matched by name and occurrence.
 */
export function scoreExercise(
  exercise: Exercise,
  files: TestFile[],
  expected: Map<string, ExpectedTest[]>,
  results: Map<string, FileResult>,
): BatchExercise {
  const problems: string[] = [];
  let worst: BatchStatus | undefined;
  const tests: Omit<BatchTest, "points" | "earned">[] = [];
  const weights: number[] = [];
  let ignored = 0;
  for (const tf of files) {
    const result = results.get(tf.file);
    const want = expected.get(tf.file) ?? [];
    if (!result) {
      problems.push(`${tf.hidden ? "a hidden test file" : tf.rel} did not run`);
      worst ??= "error";
    } else if (result.fate) {
      problems.push(`${tf.hidden ? "a hidden test file" : tf.rel} ${result.error ?? result.fate}`);
      worst = worst === undefined || worst === "error" ? result.fate : worst;
    } else if (result.error) {
      problems.push(`${tf.hidden ? "a hidden test file" : tf.rel} could not run: ${result.error}`);
      worst ??= "error";
    } else if (result.tests.length === 0 && want.length > 0) {
      // vitest reports a file whose worker died while loading (V8 out of heap, a native crash)
      // as finished with no tests and no error.
      problems.push(`${tf.hidden ? "a hidden test file" : tf.rel}: the test process ended before any test ran (out of memory, or it crashed)`);
      worst ??= "crashed";
    }
    const got = new Map<string, TestOutcome[]>();
    for (const t of result?.tests ?? []) got.set(t.name, [...(got.get(t.name) ?? []), t]);
    const used = new Map<string, number>();
    for (const w of want) {
      const k = used.get(w.name) ?? 0;
      used.set(w.name, k + 1);
      const outcome = got.get(w.name)?.[k];
      const state = outcome?.state ?? "failed";
      const message = outcome ? outcome.message : "this test did not run";
      tests.push({ name: w.name, file: tf.rel, hidden: tf.hidden, state, ...(state !== "passed" && message ? { message } : {}) });
      weights.push(w.weight);
    }
    for (const [name, list] of got) ignored += Math.max(0, list.length - (used.get(name) ?? 0));
  }
  if (ignored > 0) problems.push(`${ignored} test(s) the course does not have were reported and ignored`);
  const total = weights.reduce((a, b) => a + b, 0);
  const scored: BatchTest[] = tests.map((t, i) => {
    const points = total > 0 ? (exercise.points * weights[i]!) / total : 0;
    return { ...t, points, earned: t.state === "passed" && worst === undefined ? points : 0 };
  });
  const earned = scored.reduce((s, t) => s + t.earned, 0);
  const passed = scored.filter((t) => t.state === "passed").length;
  const status: BatchStatus =
    worst ?? (scored.length > 0 && passed === scored.length ? "passed" : passed === 0 ? "failed" : "partial");
  return {
    id: exercise.id,
    status,
    earned,
    possible: exercise.points,
    tests: scored,
    ...(problems.length > 0 ? { problem: problems.join("\n") } : {}),
  };
}

/** "7.5 / 10". */
export function fraction(earned: number, possible: number): string {
  return `${formatPoints(earned)} / ${formatPoints(possible)}`;
}
