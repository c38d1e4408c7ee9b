// The grader.
//
//   npm run grade [-- ids...]      the learner's scorecard for exercises/ (exit 1 while a started
//                                  exercise fails)
//   npm run grade:watch            the same, again on every save under exercises/
//   tsx tools/grade.ts --check     for `npm test`: (a) every solution earns full points, (b) every
//                                  pristine stub earns zero, (c) exercises/ holds every exercise
//                                  file (with --strict: each equal to its generated stub), (d) every
//                                  STARTED exercise passes. Unstarted exercises do not fail it.
//   --json                         print the result as JSON instead of a table
//   --hidden DIR                   also run the hidden tests in DIR/NN-slug/<name>*.test.ts
//                                  (--check runs exercises-hidden/ by default, when present)
//   --timeout SECONDS              give up on a run after this long (default 60: an endless loop)
//
// Instructors, batch grading (tools/grading/README.md):
//   npm run grade -- --submissions DIR --out DIR
//                                  grade every submission in DIR (folders, .zip, .tar.gz) into
//                                  DIR/gradebook.csv, per-student results.json and feedback.md,
//                                  and a class summary. Hidden tests: exercises-hidden/ and --hidden.
//   --release-hidden               show hidden tests' names and messages in the feedback
//   --jobs N                       submissions graded at once (default: the number of CPUs)
//   --time-limit SECONDS           wall time per test file of a submission (default 60)
//   --memory MB                    heap of a submission's test process (default 512)
//   --os-sandbox                   also cut the network (unshare --net; Linux, root)
//
// How it works, and the rules for markers, points and "not started": tools/exercises/README.md.
import fs from "node:fs";
import path from "node:path";
import {
  type ExerciseGrade,
  type GradeOptions,
  generateStubs,
  gradeTrees,
  type StubResult,
  type TreeGrade,
  writeStubTree,
} from "./exercises/grade-core";
import { loadManifest, type Manifest, ManifestError } from "./exercises/manifest";
import type * as GradingCli from "./grading/cli";
import { formatPoints } from "./exercises/points";
import { failureDetails, scorecard } from "./exercises/scorecard";

const root = path.resolve(__dirname, "..");

interface Args {
  mode: "scorecard" | "watch" | "check" | "batch";
  strict: boolean;
  json: boolean;
  hidden: string[];
  ids: string[];
  timeoutMs?: number;
  submissions?: string;
  out?: string;
  releaseHidden: boolean;
  jobs?: number;
  timeLimitMs?: number;
  memoryMb?: number;
  osSandbox: boolean;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Args {
  const args: Args = { mode: "scorecard", strict: false, json: false, hidden: [], ids: [], releaseHidden: false, osSandbox: false };
  const positive = (flag: string, value: string | undefined): number => {
    const n = Number(value);
    if (!(n > 0) || !Number.isFinite(n)) throw new UsageError(`${flag} needs a number > 0, got ${value ?? "nothing"}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--watch") args.mode = "watch";
    else if (a === "--check") args.mode = "check";
    else if (a === "--strict") args.strict = true;
    else if (a === "--json") args.json = true;
    else if (a === "--hidden") {
      const dir = argv[++i];
      if (!dir) throw new UsageError("--hidden needs a folder");
      if (!fs.existsSync(dir)) throw new UsageError(`--hidden ${dir}: no such folder`);
      args.hidden.push(path.resolve(dir));
    } else if (a === "--timeout") {
      const seconds = Number(argv[++i]);
      if (!(seconds > 0)) throw new UsageError("--timeout needs a number of seconds > 0");
      args.timeoutMs = seconds * 1000;
    } else if (a === "--submissions" || a === "--out") {
      const dir = argv[++i];
      if (!dir) throw new UsageError(`${a} needs a folder`);
      if (a === "--submissions") {
        if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`--submissions ${dir}: no such folder`);
        args.submissions = path.resolve(dir);
      } else args.out = path.resolve(dir);
      args.mode = "batch";
    } else if (a === "--release-hidden") args.releaseHidden = true;
    else if (a === "--os-sandbox") args.osSandbox = true;
    else if (a === "--jobs") args.jobs = Math.floor(positive(a, argv[++i]));
    else if (a === "--time-limit") args.timeLimitMs = positive(a, argv[++i]) * 1000;
    else if (a === "--memory") args.memoryMb = Math.floor(positive(a, argv[++i]));
    else if (a.startsWith("-")) throw new UsageError(`unknown option ${a}`);
    else args.ids.push(a);
  }
  return args;
}

function selectIds(manifest: Manifest, ids: string[]): string[] | undefined {
  for (const id of ids) {
    if (!manifest.exercises.some((e) => e.id === id)) {
      throw new UsageError(`no exercise "${id}"; the exercises are: ${manifest.exercises.map((e) => e.id).join(", ")}`);
    }
  }
  return ids.length > 0 ? ids : undefined;
}

/** The instructor's hidden tests, absent from the learner edition (tools/grading/README.md). */
const HIDDEN_DIR = path.join(root, "exercises-hidden");

function testDirs(args: Args): string[] {
  // --check also proves the hidden tests pass on the solutions and fail on the stubs.
  const hidden = args.mode === "check" && fs.existsSync(HIDDEN_DIR) ? [HIDDEN_DIR] : [];
  return [path.join(root, "exercises"), ...new Set([...hidden, ...args.hidden])];
}

function gradeOptions(manifest: Manifest, args: Args, only: string[] | undefined): GradeOptions {
  return {
    root,
    manifest,
    testDirs: testDirs(args),
    ...(only ? { only } : {}),
    ...(args.timeoutMs ? { timeoutMs: args.timeoutMs } : {}),
  };
}

function jsonOf(trees: TreeGrade[]): string {
  const plain = trees.map((t) => ({
    ...t,
    exercises: t.exercises.map(({ exercise, ...rest }) => ({ id: exercise.id, chapter: exercise.chapter, ...rest })),
  }));
  return JSON.stringify(plain.length === 1 ? plain[0] : plain, null, 2);
}

/** The learner's scorecard. Returns the exit code: 1 while a started exercise fails. */
async function gradeLearner(args: Args): Promise<number> {
  const manifest = loadManifest(root);
  const only = selectIds(manifest, args.ids);
  const exercises = manifest.exercises.filter((e) => !only || only.includes(e.id));
  const pristine = generateStubs(root, exercises);
  const [tree] = await gradeTrees(
    [{ name: "learner", dir: path.join(root, "exercises"), skipUnstarted: true }],
    pristine,
    gradeOptions(manifest, args, only),
  );
  if (args.json) console.log(jsonOf([tree!]));
  else console.log(scorecard(tree!, manifest));
  return tree!.exercises.some((g) => g.status !== "passed" && g.status !== "not started") || tree!.aborted ? 1 : 0;
}

function staleHint(g: ExerciseGrade, pristine: Map<string, StubResult>): string {
  return pristine.get(g.exercise.id)?.ok && g.earned === 0
    ? `    (if you never edited exercises/${g.exercise.file}, its stub is out of date: \`npm run stubs -- ${g.exercise.id} --force\`)`
    : "";
}

/** `--check`: solutions full, stubs zero, exercise files present, started exercises pass. */
async function check(args: Args): Promise<number> {
  const started = Date.now();
  const manifest = loadManifest(root);
  const only = selectIds(manifest, args.ids);
  const exercises = manifest.exercises.filter((e) => !only || only.includes(e.id));
  const pristine = generateStubs(root, exercises);
  const failures: string[] = [];
  for (const [, s] of pristine) if (!s.ok) failures.push(`stub generation: ${s.error}`);

  // The learner edition has no solutions/ (its stubs come from exercises/.pristine/): (a) is skipped.
  const haveSolutions = fs.existsSync(path.join(root, "solutions"));
  const stubDir = writeStubTree(exercises, pristine);
  let trees: TreeGrade[];
  try {
    trees = await gradeTrees(
      [
        ...(haveSolutions ? [{ name: "solutions", dir: path.join(root, "solutions"), skipUnstarted: false }] : []),
        { name: "stubs", dir: stubDir, skipUnstarted: false },
        { name: "learner", dir: path.join(root, "exercises"), skipUnstarted: true },
      ],
      pristine,
      gradeOptions(manifest, args, only),
    );
  } finally {
    fs.rmSync(stubDir, { recursive: true, force: true });
  }
  const [solutions, stubs, learner] = (haveSolutions ? trees : [undefined, ...trees]) as [TreeGrade | undefined, TreeGrade, TreeGrade];
  if (args.json) console.log(jsonOf(trees));

  const lines: string[] = [];
  const list = (gs: ExerciseGrade[]) => gs.map((g) => `${g.exercise.id} ${formatPoints(g.earned)}/${formatPoints(g.possible)}`).join(", ");

  // (a) Every solution earns full points.
  if (solutions) {
    const weakSolutions = solutions.exercises.filter((g) => g.status !== "passed" || g.tests.length === 0);
    lines.push(`solutions earn full points:  ${weakSolutions.length === 0 ? "yes" : "NO"}  (${list(solutions.exercises)})`);
    for (const g of weakSolutions) {
      failures.push(`the solution of "${g.exercise.id}" does not earn full points:\n${failureDetails(g, "solutions").join("\n")}`);
    }
  } else {
    lines.push("solutions earn full points:  skipped (learner edition: no solutions/)");
  }

  // (b) Every pristine stub earns zero: a test that passes on the stub tests nothing.
  const stubbed = stubs.exercises.filter((g) => pristine.get(g.exercise.id)?.ok);
  const vacuous = stubbed.filter((g) => g.tests.length === 0 || g.tests.some((t) => t.state === "passed"));
  lines.push(`stubs earn zero:             ${vacuous.length === 0 ? "yes" : "NO"}  (${list(stubbed)})`);
  for (const g of vacuous) {
    const passing = g.tests.filter((t) => t.state === "passed").map((t) => `    ✓ ${t.name}`);
    failures.push(
      g.tests.length === 0
        ? `the stub of "${g.exercise.id}" ran no tests${g.problem ? `: ${g.problem}` : ""}`
        : `these tests of "${g.exercise.id}" pass on the untouched stub, so they test nothing:\n${passing.join("\n")}`,
    );
  }

  // (c) and (d): the learner's files.
  const missing = learner.exercises.filter((g) => g.fileState === "missing");
  const startedGrades = learner.exercises.filter((g) => g.fileState === "started");
  for (const g of missing) failures.push(`exercises/${g.exercise.file} is missing: \`npm run stubs\` writes a fresh stub`);
  if (args.strict) {
    for (const g of startedGrades) {
      failures.push(
        `exercises/${g.exercise.file} differs from the stub generated from solutions/${g.exercise.file}: ` +
          `\`npm run stubs -- ${g.exercise.id} --force\` (strict mode: no exercise may be started)`,
      );
    }
  }
  const unstarted = learner.exercises.filter((g) => g.fileState === "not started").map((g) => g.exercise.id);
  lines.push(
    `exercise files:              ${missing.length === 0 ? "present" : "MISSING " + missing.map((g) => g.exercise.id).join(", ")}` +
      `  (not started: ${unstarted.length === 0 ? "none" : unstarted.join(", ")})`,
  );
  const failing = startedGrades.filter((g) => g.status !== "passed");
  lines.push(
    `your started exercises:      ${startedGrades.length === 0 ? "none" : list(startedGrades)}` +
      (failing.length > 0 ? `  FAILING: ${failing.map((g) => g.exercise.id).join(", ")}` : ""),
  );
  if (!args.strict) {
    for (const g of failing) {
      const hint = staleHint(g, pristine);
      failures.push(`exercise "${g.exercise.id}" is started and does not pass yet:\n${failureDetails(g, "exercises").join("\n")}${hint ? "\n" + hint : ""}`);
    }
  }
  for (const t of trees) if (t.aborted) failures.push(`grading ${t.name}: ${t.aborted}`);

  if (!args.json) {
    console.log(lines.map((l) => `exercises: ${l}`).join("\n"));
    for (const f of failures) console.error(`\nexercises: ${f}`);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`exercises: ${failures.length === 0 ? "OK" : `FAILED (${failures.length} problem(s))`} in ${seconds} s`);
  }
  return failures.length === 0 ? 0 : 1;
}

async function watch(args: Args): Promise<never> {
  const dir = path.join(root, "exercises");
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let again = false;
  const run = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    if (process.stdout.isTTY) process.stdout.write("\x1b[2J\x1b[H");
    console.log(`grade --watch: ${new Date().toLocaleTimeString()}  (Ctrl-C to stop)\n`);
    try {
      await gradeLearner(args);
    } catch (err) {
      console.error(err instanceof Error ? err.message : err);
    }
    running = false;
    if (again) {
      again = false;
      void run();
    }
  };
  fs.watch(dir, { recursive: true }, (_event, file) => {
    if (file && !/\.(ts|json)$/.test(String(file))) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void run(), 250);
  });
  await run();
  return new Promise<never>(() => {});
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.mode === "batch") {
    if (!args.submissions || !args.out) throw new UsageError("batch grading needs both --submissions DIR and --out DIR");
    if (args.ids.length > 0) throw new UsageError("batch grading grades every exercise; drop the exercise ids");
    // Loaded only here: batch grading pulls in the TypeScript compiler, the scorecard does not need it.
    const { runBatch } = require("./grading/cli") as typeof GradingCli;
    return runBatch({
      root,
      submissions: args.submissions,
      out: args.out,
      hidden: args.hidden,
      releaseHidden: args.releaseHidden,
      osSandbox: args.osSandbox,
      ...(args.jobs ? { jobs: args.jobs } : {}),
      ...(args.timeLimitMs ? { timeLimitMs: args.timeLimitMs } : {}),
      ...(args.memoryMb ? { memoryMb: args.memoryMb } : {}),
    });
  }
  if (args.mode === "check") return check(args);
  if (args.mode === "watch") return watch(args);
  return gradeLearner(args);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError || err instanceof ManifestError) {
      console.error(`grade: ${err.message}`);
      process.exitCode = 2;
    } else {
      console.error(err);
      process.exitCode = 1;
    }
  },
);
