// Runs exercise tests against one or more target trees in ONE vitest invocation.
//
// A target tree is a folder shaped like exercises/: `NN-slug/<name>.ts`. The graded tests import
// the exercise as `@exercise/NN-slug/<name>`; each target becomes a vitest project whose resolver
// points that alias into the target's folder. The same test file therefore runs once per target
// (the learner's exercises/, the reference solutions/, a temp folder of generated stubs, a
// student's submission), and the results come back tagged with the target's name.
//
// A target tree may live anywhere (a temp folder, a submissions folder). Exercises import the
// library with a relative path (`../../src/sim`), which only works from a folder that sits next to
// src/. So the resolver "mounts" every target at exercises/: a relative import that leaves the
// target tree is resolved as if the importing file were in exercises/.
//
// vitest runs in a child process (its own process group), so a synchronous endless loop in an
// exercise, which no per-test timeout can interrupt, is stopped by killing the group after
// `timeoutMs`; the test files that finished by then keep their results.
//
// Not guaranteed: isolation. Tests and the code under test run with the grader's permissions and
// no memory limit. Batch grading of untrusted submissions must add a sandbox around this.
import { fork } from "node:child_process";
import path from "node:path";
import { validWeight } from "./points";
// vite and vitest/node are ES modules and this file is CommonJS: types only, loaded with import().
import type { Plugin } from "vite" with { "resolution-mode": "import" };
import type { TestCase, TestModule, TestSpecification } from "vitest/node" with { "resolution-mode": "import" };

// `meta.weight` on a test is declared in exercises/test-meta.d.ts.

export const EXERCISE_ALIAS = "@exercise/";

export interface TestTarget {
  /** Unique name of the target, used as the vitest project name ("learner", "solutions", ...). */
  name: string;
  /** Absolute path of the tree that holds `NN-slug/<name>.ts`. */
  dir: string;
  /** Absolute paths of the test files to run against this tree. */
  testFiles: string[];
}

export interface TestOutcome {
  /** Absolute path of the test file. */
  file: string;
  /** Suite names and the test name, joined with " > ". */
  name: string;
  state: "passed" | "failed" | "skipped";
  weight: number;
  /** First line(s) of the failure, for failed tests. */
  message?: string;
}

export interface FileOutcome {
  file: string;
  tests: TestOutcome[];
  /** Set when the file could not run at all (syntax error, failed import, throw at top level). */
  error?: string;
}

export type RunResult =
  | { ok: true; byTarget: Map<string, FileOutcome[]> }
  | { ok: false; reason: string; byTarget: Map<string, FileOutcome[]> };

export interface RunOptions {
  /** Repository root: where src/ and exercises/ live. */
  root: string;
  /** Per-test time limit (vitest's testTimeout). */
  testTimeoutMs?: number;
  /** Limit for the whole run; on expiry the run is killed and unfinished files reported as such. */
  timeoutMs?: number;
}

/**
 * Decides whether a file of the target tree may import `source`; returns why not, or undefined.
 * `from` is the importing file relative to the tree ("00-workbook/quorum.ts"). Batch grading
 * passes one (tools/grading/policy.ts); the learner's own grading does not restrict imports.
 */
export type ImportGuard = (source: string, from: string) => string | undefined;

/**
 * The vite plugin that resolves `@exercise/...` into `dir` and mounts `dir` at `mountAt`. With a
 * `guard`, imports made by files inside `dir` are checked first, and a refused one fails to load.
 */
export function exerciseResolver(dir: string, mountAt: string, guard?: ImportGuard): Plugin {
  const inside = (parent: string, file: string) => {
    const rel = path.relative(parent, file);
    return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
  };
  return {
    name: "course:exercise-resolver",
    enforce: "pre",
    async resolveId(source, importer, options) {
      if (guard && importer && inside(dir, importer.split("?")[0]!)) {
        const refusal = guard(source, path.relative(dir, importer.split("?")[0]!).split(path.sep).join("/"));
        if (refusal !== undefined) throw new Error(refusal);
      }
      if (source.startsWith(EXERCISE_ALIAS)) {
        const target = path.join(dir, source.slice(EXERCISE_ALIAS.length));
        const resolved = await this.resolve(target, importer, { ...options, skipSelf: true });
        // A missing exercise file must fail the tests that import it, not resolve to something else.
        return resolved ?? { id: target + ".ts" };
      }
      if (!importer || !source.startsWith(".")) return null;
      const from = importer.split("?")[0]!;
      if (!inside(dir, from) || dir === mountAt) return null;
      if (inside(dir, path.resolve(path.dirname(from), source))) return null;
      const mounted = path.join(mountAt, path.relative(dir, from));
      return this.resolve(path.resolve(path.dirname(mounted), source), importer, { ...options, skipSelf: true });
    },
  };
}

function firstLines(text: string, max = 8, maxChars = 2000): string {
  // eslint-disable-next-line no-control-regex
  const plain = text.replace(/\x1b\[[0-9;]*m/g, "");
  const lines = plain.split("\n").slice(0, max).join("\n").trim();
  return lines.length > maxChars ? `${lines.slice(0, maxChars)}…` : lines;
}

function errorText(errors: readonly { message?: string; name?: string }[]): string {
  const first = errors[0];
  if (!first) return "failed without an error message";
  const message = first.message ?? String(first);
  const named = first.name && first.name !== "AssertionError" && first.name !== "Error" && !message.startsWith(first.name)
    ? `${first.name}: ${message}`
    : message;
  return firstLines(named);
}

function outcomeOf(test: TestCase): TestOutcome {
  const result = test.result();
  const file = test.module.moduleId;
  const declared = test.meta().weight;
  if (declared !== undefined && !validWeight(declared)) {
    const message = `meta.weight must be a positive number, got ${String(declared)}`;
    return { file, name: test.fullName, state: "failed", weight: 1, message };
  }
  const weight = declared ?? 1;
  if (result.state === "passed") return { file, name: test.fullName, state: "passed", weight };
  if (result.state === "failed") {
    return { file, name: test.fullName, state: "failed", weight, message: errorText(result.errors) };
  }
  // Skipped or still pending (cancelled run): it earns nothing.
  return { file, name: test.fullName, state: "skipped", weight };
}

/** What a finished test module tells the grader: each test's outcome, or why the file did not run. */
export function fileOutcome(mod: TestModule): FileOutcome {
  const tests = [...mod.children.allTests()].map(outcomeOf);
  const errors = mod.errors();
  if (errors.length > 0 || (tests.length === 0 && !mod.ok())) {
    return { file: mod.moduleId, tests, error: errors.length > 0 ? errorText(errors) : "the test file did not run" };
  }
  return { file: mod.moduleId, tests };
}

/** What the child process tells the parent, one message per finished test file, then "done". */
type ChildMessage = { type: "module"; target: string; outcome: FileOutcome } | { type: "done" };

interface ChildRequest {
  targets: TestTarget[];
  root: string;
  testTimeoutMs: number;
}

/**
 * Runs every target's test files: one vitest instance, one project per target, in a child process
 * so that a run stuck in an endless loop can be killed (with vitest's workers) after `timeoutMs`.
 * Test files that did not finish come back with an `error` saying why.
 */
export async function runTests(targets: TestTarget[], options: RunOptions): Promise<RunResult> {
  const byTarget = new Map<string, FileOutcome[]>(targets.map((t) => [t.name, []]));
  const runnable = targets.filter((t) => t.testFiles.length > 0);
  if (runnable.length === 0) return { ok: true, byTarget };
  const limit = options.timeoutMs ?? 60_000;

  // detached: the child leads its own process group, so killing the group also kills vitest's
  // worker processes, which is where an endless loop in an exercise spins.
  const child = fork(__filename, [], {
    cwd: options.root,
    execArgv: ["--import", "tsx"],
    env: { ...process.env, COURSE_GRADE_CHILD: "1" },
    stdio: ["ignore", "ignore", "pipe", "ipc"],
    detached: true,
  });
  const killGroup = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  };
  const onSignal = () => {
    killGroup();
    process.exit(130);
  };
  process.once("exit", killGroup);
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });

  const request: ChildRequest = { targets: runnable, root: options.root, testTimeoutMs: options.testTimeoutMs ?? 5_000 };
  const outcome = await new Promise<"done" | "timeout" | "crashed">((resolve) => {
    const timer = setTimeout(() => resolve("timeout"), limit);
    child.on("message", (raw) => {
      const message = raw as ChildMessage;
      if (message.type === "module") byTarget.get(message.target)?.push(message.outcome);
      else {
        clearTimeout(timer);
        resolve("done");
      }
    });
    child.on("exit", () => {
      clearTimeout(timer);
      resolve("crashed");
    });
    child.send(request);
  });
  killGroup();
  process.removeListener("exit", killGroup);
  process.removeListener("SIGINT", onSignal);
  process.removeListener("SIGTERM", onSignal);

  const why =
    outcome === "timeout"
      ? `did not finish within ${limit / 1000} s: is there a loop that never ends?`
      : `did not run: the test runner stopped (${lastLines(stderr) || "no message"})`;
  if (outcome !== "done") {
    for (const t of runnable) {
      const finished = new Set(byTarget.get(t.name)!.map((f) => f.file));
      for (const file of t.testFiles.filter((f) => !finished.has(f))) {
        byTarget.get(t.name)!.push({ file, tests: [], error: why });
      }
    }
  }
  return outcome === "done" ? { ok: true, byTarget } : { ok: false, reason: `the tests ${why}`, byTarget };
}

function lastLines(text: string, n = 5): string {
  return text.trim().split("\n").slice(-n).join("\n");
}

/** The child's side: run the tests with vitest and report each test file as it finishes. */
async function runInChild(request: ChildRequest): Promise<void> {
  const { createVitest } = await import("vitest/node");
  const send = (message: ChildMessage) =>
    new Promise<void>((resolve) => {
      process.send!(message, () => resolve());
    });
  const mountAt = path.join(request.root, "exercises");
  const pending: Promise<void>[] = [];
  const sent = new Set<string>();
  const report = (mod: TestModule) => {
    const key = `${mod.project.name}\0${mod.moduleId}`;
    if (sent.has(key)) return;
    sent.add(key);
    pending.push(send({ type: "module", target: mod.project.name, outcome: fileOutcome(mod) }));
  };
  const vitest = await createVitest(
    "test",
    {
      config: false,
      root: request.root,
      watch: false,
      reporters: [
        {
          onTestModuleEnd: report,
        },
      ],
      silent: true,
      testTimeout: request.testTimeoutMs,
      passWithNoTests: true,
      projects: request.targets.map((t) => ({
        plugins: [exerciseResolver(t.dir, mountAt)],
        test: { name: t.name, root: request.root, include: [], testTimeout: request.testTimeoutMs },
      })),
    },
    {},
  );
  try {
    const specs: TestSpecification[] = request.targets.flatMap((t) => {
      const project = vitest.getProjectByName(t.name);
      return t.testFiles.map((file) => project.createSpecification(file));
    });
    await vitest.runTestSpecifications(specs, true);
    // A file that failed before its tests were collected may not reach onTestModuleEnd.
    for (const mod of vitest.state.getTestModules()) report(mod);
  } finally {
    await Promise.all(pending);
    await send({ type: "done" });
    await vitest.close();
  }
}

if (require.main === module && process.env.COURSE_GRADE_CHILD === "1") {
  process.once("message", (request) => {
    runInChild(request as ChildRequest).then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
        process.exit(1);
      },
    );
  });
}
