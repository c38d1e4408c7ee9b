// How long batch grading takes: 100 submissions built from the reference solutions and the
// pristine stubs (each exercise of each submission is, by a seeded draw, the solution, the stub,
// or missing), graded two at a time (this machine has 2 cores) with the default limits.
// Everything real: intake from folders and archives, calibration, policy, the sandboxed runner.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { writeTarGz, writeZip } from "../tools/grading/archive";
import { gradeBatch, type StudentResult } from "../tools/grading/batch";
import { generateStubs } from "../tools/exercises/grade-core";
import { loadManifest } from "../tools/exercises/manifest";
import { DEFAULT_LIMITS } from "../tools/grading/sandbox";

const root = path.resolve(__dirname, "..");
const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 100);
const JOBS = Number(process.env.BENCH_JOBS ?? 2);

/** A small seeded generator (mulberry32), so every run grades the same class. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function main(): Promise<void> {
  const manifest = loadManifest(root);
  const stubs = generateStubs(root, manifest.exercises);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-grading-"));
  const random = rng(2024);
  let exercisesRun = 0;
  try {
    for (let i = 0; i < SUBMISSIONS; i++) {
      const files: Record<string, string> = {};
      for (const ex of manifest.exercises) {
        const draw = random();
        const stub = stubs.get(ex.id);
        if (draw < 0.6) {
          files[`exercises/${ex.file}`] = fs.readFileSync(path.join(root, "solutions", ex.file), "utf8");
          exercisesRun++;
        } else if (draw < 0.9 && stub?.ok) files[`exercises/${ex.file}`] = stub.text;
      }
      const id = `student-${String(i).padStart(3, "0")}`;
      // Most hand in folders; every tenth a zip, every tenth a .tar.gz.
      if (i % 10 === 3) fs.writeFileSync(path.join(dir, `${id}.zip`), writeZip(files));
      else if (i % 10 === 7) fs.writeFileSync(path.join(dir, `${id}.tar.gz`), writeTarGz(files));
      else {
        for (const [rel, text] of Object.entries(files)) {
          fs.mkdirSync(path.dirname(path.join(dir, id, rel)), { recursive: true });
          fs.writeFileSync(path.join(dir, id, rel), text);
        }
        fs.mkdirSync(path.join(dir, id), { recursive: true });
      }
    }
    let calibration = 0;
    const started = performance.now();
    const batch = await gradeBatch({
      root,
      manifest,
      submissions: dir,
      hiddenDirs: fs.existsSync(path.join(root, "exercises-hidden")) ? [path.join(root, "exercises-hidden")] : [],
      limits: DEFAULT_LIMITS,
      jobs: JOBS,
      onProgress: (e) => {
        if (e.type === "calibrated") calibration = e.seconds;
        if (e.type === "graded" && e.done % 10 === 0) process.stderr.write(`bench: ${e.done}/${e.total} graded\n`);
      },
    });
    const total = (performance.now() - started) / 1000;
    const ran = batch.students.filter((s) => s.exercises.some((g) => g.tests.length > 0));
    const times = ran.map((s: StudentResult) => s.seconds).sort((a, b) => a - b);
    const mean = times.reduce((a, b) => a + b, 0) / Math.max(1, times.length);
    const problems = batch.students.filter((s) => s.status !== "graded" && s.status !== "empty").length;
    const expectedFull = batch.students.every((s) =>
      s.exercises.every((g) => (g.status === "passed" ? Math.abs(g.earned - g.possible) < 1e-9 : g.earned === 0)),
    );

    console.log(`| grading ${SUBMISSIONS} submissions, ${manifest.exercises.length} exercises, ${JOBS} at a time | value |`);
    console.log("|---|---:|");
    console.log(`| total wall time | ${total.toFixed(1)} s |`);
    console.log(`| calibration (reference solutions in the sandbox) | ${calibration.toFixed(1)} s |`);
    console.log(`| wall time per submission (total / submissions) | ${(total / SUBMISSIONS).toFixed(2)} s |`);
    console.log(`| submissions that ran tests | ${ran.length} |`);
    console.log(`| exercises run (solutions; stubs are "not started", missing files score 0) | ${exercisesRun} |`);
    console.log(`| runner time per submission that ran: mean / p50 / p95 | ${mean.toFixed(2)} / ${percentile(times, 50).toFixed(2)} / ${percentile(times, 95).toFixed(2)} s |`);
    console.log(`| submissions with a problem status (should be 0) | ${problems} |`);
    console.log(`| every solution full, every stub zero | ${expectedFull ? "yes" : "NO"} |`);
    console.log(
      JSON.stringify({
        area: "grading",
        submissions: SUBMISSIONS,
        exercises: manifest.exercises.length,
        jobs: JOBS,
        cpus: os.availableParallelism(),
        total_s: Number(total.toFixed(2)),
        calibration_s: Number(calibration.toFixed(2)),
        per_submission_s: Number((total / SUBMISSIONS).toFixed(3)),
        runner_mean_s: Number(mean.toFixed(3)),
        runner_p50_s: Number(percentile(times, 50).toFixed(3)),
        runner_p95_s: Number(percentile(times, 95).toFixed(3)),
        exercises_run: exercisesRun,
        problem_statuses: problems,
        scores_as_expected: expectedFull,
        node: process.version,
      }),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
