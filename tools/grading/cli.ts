// The command line of batch grading: `npm run grade -- --submissions DIR --out DIR` (tools/grade.ts
// parses the flags). Shows progress on stderr while it grades, then writes the reports and prints
// where they are, with the class's score distribution.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadManifest } from "../exercises/manifest";
import { formatPoints } from "../exercises/points";
import { CalibrationError, gradeBatch, type ProgressEvent } from "./batch";
import { classSummary, OutError, prepareOut, writeReports } from "./reports";
import { DEFAULT_LIMITS } from "./sandbox";

export interface BatchCommand {
  root: string;
  submissions: string;
  out: string;
  hidden: string[];
  releaseHidden: boolean;
  osSandbox: boolean;
  jobs?: number;
  timeLimitMs?: number;
  memoryMb?: number;
}

/** A one-line progress display on a terminal, one line per student otherwise. */
function progress(stream: NodeJS.WriteStream): (e: ProgressEvent) => void {
  const tty = stream.isTTY === true;
  let line = "";
  const show = (text: string) => {
    if (tty) {
      line = text.slice(0, (stream.columns || 100) - 1);
      stream.write(`\r\x1b[2K${line}`);
    }
  };
  const print = (text: string) => stream.write(`${tty && line ? "\r\x1b[2K" : ""}${text}\n`);
  return (e) => {
    if (e.type === "calibrating") print("grade: checking the reference solutions in the sandbox (calibration) ...");
    else if (e.type === "calibrated") {
      print(`grade: calibration passed in ${e.seconds.toFixed(1)} s` + (e.slowest ? `; slowest test file ${e.slowest.file}, ${e.slowest.seconds.toFixed(1)} s` : ""));
      if (e.slowest && e.slowest.seconds > e.limitSeconds / 3) {
        print(`grade: WARNING: that is more than a third of the ${e.limitSeconds} s limit per test file; on a busy machine honest submissions may time out. Raise --time-limit.`);
      }
    }
    else if (e.type === "start") show(`grade: [${e.done}/${e.total}] ${e.running} running, started ${e.student}`);
    else {
      const r = e.result;
      const text = `grade: [${e.done}/${e.total}] ${r.student.padEnd(20)} ${formatPoints(r.earned).padStart(6)} / ${formatPoints(r.possible)}  ${r.status}  (${e.seconds.toFixed(1)} s)`;
      if (tty) {
        print(text);
        show(`grade: [${e.done}/${e.total}] ${e.running} running`);
      } else print(text);
    }
  };
}

/** Returns the exit code: 0 when the batch completed (whatever the scores), 1 when it could not run. */
export async function runBatch(cmd: BatchCommand): Promise<number> {
  const manifest = loadManifest(cmd.root);
  const defaultHidden = path.join(cmd.root, "exercises-hidden");
  const hiddenDirs = [...new Set([...(fs.existsSync(defaultHidden) ? [defaultHidden] : []), ...cmd.hidden])];
  if (path.resolve(cmd.out).startsWith(path.resolve(cmd.submissions) + path.sep)) {
    console.error("grade: --out must not be inside --submissions (it would be graded next time)");
    return 2;
  }
  try {
    prepareOut(cmd.out);
  } catch (err) {
    if (!(err instanceof OutError)) throw err;
    console.error(`grade: ${err.message}`);
    return 2;
  }
  const jobs = cmd.jobs ?? Math.max(1, os.availableParallelism());
  const limits = {
    ...DEFAULT_LIMITS,
    ...(cmd.timeLimitMs ? { timePerFileMs: cmd.timeLimitMs } : {}),
    ...(cmd.memoryMb ? { memoryMb: cmd.memoryMb } : {}),
  };
  console.error(
    `grade: ${fs.readdirSync(cmd.submissions).filter((e) => !e.startsWith(".")).length} submission(s), ${manifest.exercises.length} exercise(s), ` +
      `${jobs} at a time; limits ${limits.timePerFileMs / 1000} s per test file, ${limits.memoryMb} MB; hidden tests: ${hiddenDirs.map((d) => path.relative(cmd.root, d) || d).join(", ") || "none"}`,
  );
  let batch;
  try {
    batch = await gradeBatch({
      root: cmd.root,
      manifest,
      submissions: cmd.submissions,
      hiddenDirs,
      limits,
      jobs,
      osSandbox: cmd.osSandbox,
      onProgress: progress(process.stderr),
    });
  } catch (err) {
    if (!(err instanceof CalibrationError)) throw err;
    console.error(`grade: the reference solutions do not pass in the sandbox, so no submission was graded:\n${err.message}`);
    return 1;
  }
  writeReports(cmd.out, batch, manifest, { releaseHidden: cmd.releaseHidden });
  const summary = classSummary(batch);
  console.log(`\ngraded ${batch.students.length} submission(s) in ${batch.seconds.toFixed(1)} s`);
  for (const s of summary) {
    console.log(`  ${s.id.padEnd(24)} full ${s.full}, partial ${s.partial}, zero ${s.zero}; mean ${formatPoints(s.mean)} / ${formatPoints(s.possible)}`);
  }
  console.log(`gradebook: ${path.join(cmd.out, "gradebook.csv")}`);
  console.log(`feedback:  ${path.join(cmd.out, "students", "<id>", "feedback.md")} and results.json (Gradescope)`);
  console.log(`summary:   ${path.join(cmd.out, "summary.md")}${cmd.releaseHidden ? "" : "  (hidden tests withheld from feedback; --release-hidden shows them)"}`);
  return 0;
}
