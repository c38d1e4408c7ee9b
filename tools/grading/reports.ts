// What batch grading writes to --out:
//
//   gradebook.csv                    one row per student: student, one column per exercise id,
//                                    total, max, status (ready to import into an LMS)
//   students/<id>/results.json       the Gradescope autograder schema (score, tests[] with name,
//                                    score, max_score, output, visibility)
//   students/<id>/feedback.md        for the learner: per exercise, what failed and why, and hints
//   summary.md, summary.json         for the instructor: per exercise full/partial/zero counts and
//                                    the most common failure messages
//
// Hidden tests count in every score. Unless the instructor passes --release-hidden, what learners
// see (results.json, feedback.md) gives only how many hidden tests passed and the points, never
// their names or messages; the instructor's summary names them.
import fs from "node:fs";
import path from "node:path";
import type { Exercise, Manifest } from "../exercises/manifest";
import { formatPoints } from "../exercises/points";
import type { BatchResult, StudentResult } from "./batch";
import { type BatchExercise, fraction } from "./score";

export interface ReportOptions {
  releaseHidden: boolean;
}

/** A CSV cell: quoted when needed; a leading =, +, - or @ is defused so a spreadsheet does not run it as a formula. */
export function csvCell(value: string | number): string {
  let text = typeof value === "number" ? formatPoints(value) : value;
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function gradebookCsv(batch: BatchResult): string {
  const header = ["student", ...batch.exercises.map((e) => e.id), "total", "max", "status"];
  const rows = batch.students.map((s) => [
    s.student,
    ...batch.exercises.map((e) => s.exercises.find((g) => g.id === e.id)?.earned ?? 0),
    s.earned,
    s.possible,
    s.status,
  ]);
  return [header, ...rows].map((r) => r.map(csvCell).join(",")).join("\n") + "\n";
}

const round = (n: number) => Math.round(n * 10000) / 10000;

interface GradescopeTest {
  name: string;
  score: number;
  max_score: number;
  output: string;
  visibility: "visible" | "hidden" | "after_due_date" | "after_published";
  status?: "passed" | "failed";
}

/** The Gradescope autograder results.json of one student. */
export function gradescopeResults(student: StudentResult, options: ReportOptions): object {
  const tests: GradescopeTest[] = [];
  for (const g of student.exercises) {
    if (g.tests.length === 0) {
      tests.push({
        name: `${g.id}`,
        score: 0,
        max_score: round(g.possible),
        output: `${g.status}${g.problem ? `: ${g.problem}` : ""}`,
        visibility: "visible",
        status: "failed",
      });
      continue;
    }
    for (const t of g.tests.filter((t) => !t.hidden || options.releaseHidden)) {
      tests.push({
        name: `${g.id}: ${t.name}${t.hidden ? " [hidden]" : ""}`,
        score: round(t.earned),
        max_score: round(t.points),
        output: t.state === "passed" ? (t.earned === 0 && g.problem ? g.problem : "") : (t.message ?? t.state),
        visibility: "visible",
        status: t.earned > 0 || (t.state === "passed" && t.points === 0) ? "passed" : "failed",
      });
    }
    const hidden = g.tests.filter((t) => t.hidden);
    if (hidden.length > 0 && !options.releaseHidden) {
      const passed = hidden.filter((t) => t.earned > 0).length;
      tests.push({
        name: `${g.id}: hidden tests`,
        score: round(hidden.reduce((s, t) => s + t.earned, 0)),
        max_score: round(hidden.reduce((s, t) => s + t.points, 0)),
        output: `${passed} of ${hidden.length} hidden tests passed. Their names and messages are withheld.`,
        visibility: "visible",
        status: passed === hidden.length ? "passed" : "failed",
      });
    }
  }
  return {
    score: round(student.earned),
    max_score: round(student.possible),
    output: [`Status: ${student.status}`, ...student.notes].join("\n"),
    visibility: "visible",
    stdout_visibility: "hidden",
    tests,
  };
}

function quote(text: string): string[] {
  return text.split("\n").map((l) => `    > ${l}`);
}

function exerciseFeedback(g: BatchExercise, ex: Exercise, options: ReportOptions): string[] {
  const out = [`## ${ex.id}: ${ex.title}`, "", `**${g.status}**, ${fraction(g.earned, g.possible)} points`, ""];
  if (g.problem) out.push("What happened:", "", ...quote(g.problem), "");
  const failedVisible = g.tests.filter((t) => !t.hidden && t.earned === 0 && t.points > 0 && t.state !== "passed");
  if (failedVisible.length > 0) {
    out.push("Failed tests:", "");
    for (const t of failedVisible) {
      out.push(`- ✗ ${t.name} (${formatPoints(t.points)} pt${t.points === 1 ? "" : "s"})`);
      if (t.message) out.push(...quote(t.message));
    }
    out.push("");
  }
  const hidden = g.tests.filter((t) => t.hidden);
  if (hidden.length > 0) {
    const passed = hidden.filter((t) => t.earned > 0);
    if (options.releaseHidden) {
      out.push(`Hidden tests: ${passed.length} of ${hidden.length} passed.`, "");
      for (const t of hidden.filter((t) => t.earned === 0)) {
        out.push(`- ✗ ${t.name} (hidden, ${formatPoints(t.points)} pts)`);
        if (t.message) out.push(...quote(t.message));
      }
      if (hidden.length > passed.length) out.push("");
    } else {
      out.push(
        `Hidden tests: ${passed.length} of ${hidden.length} passed, ${fraction(passed.reduce((s, t) => s + t.earned, 0), hidden.reduce((s, t) => s + t.points, 0))} points. ` +
          "Their names and messages are withheld; the public tests and the hints point at the same rules.",
        "",
      );
    }
  }
  if (g.status !== "passed" && g.status !== "not graded") {
    if (ex.hints.length > 0) out.push("Hints:", "", ...ex.hints.map((h, i) => `${i + 1}. ${h}`), "");
    if (ex.read.length > 0) out.push("Read:", "", ...ex.read.map((r) => `- ${r}`), "");
  }
  return out;
}

/** The learner's feedback report, in Markdown. */
export function feedbackMarkdown(student: StudentResult, manifest: Manifest, options: ReportOptions): string {
  const out = [
    `# Feedback for ${student.student}`,
    "",
    `Total: **${fraction(student.earned, student.possible)}** points. Status: ${student.status}.`,
    "",
    "| exercise | status | points |",
    "|---|---|---:|",
    ...student.exercises.map((g) => `| ${g.id} | ${g.status} | ${fraction(g.earned, g.possible)} |`),
    "",
  ];
  if (student.notes.length > 0) out.push("Notes:", "", ...student.notes.map((n) => `- ${n}`), "");
  for (const g of student.exercises) {
    const ex = manifest.exercises.find((e) => e.id === g.id);
    if (ex) out.push(...exerciseFeedback(g, ex, options));
  }
  out.push(
    "Statuses: *not started* means the file equals the stub you were given; *rejected*, that it uses something a",
    "submission may not (the message names the line); *timeout* and *memory*, that its tests ran past the limits.",
  );
  return out.join("\n") + "\n";
}

export interface ExerciseSummary {
  id: string;
  possible: number;
  full: number;
  partial: number;
  zero: number;
  mean: number;
  statuses: Record<string, number>;
  /** The most common failure messages: test (with [hidden] marked), message, how many students. */
  commonFailures: { test: string; message: string; count: number }[];
}

export function classSummary(batch: BatchResult): ExerciseSummary[] {
  const graded = batch.students.filter((s) => s.status.startsWith("graded") || s.status === "empty");
  return batch.exercises.map((ex) => {
    const grades = graded.map((s) => s.exercises.find((g) => g.id === ex.id)!).filter(Boolean);
    const statuses: Record<string, number> = {};
    for (const g of grades) statuses[g.status] = (statuses[g.status] ?? 0) + 1;
    const failures = new Map<string, { test: string; message: string; count: number }>();
    for (const g of grades) {
      const seen = new Set<string>();
      const add = (test: string, message: string) => {
        const key = `${test}\0${message}`;
        if (seen.has(key)) return;
        seen.add(key);
        const entry = failures.get(key) ?? { test, message, count: 0 };
        entry.count++;
        failures.set(key, entry);
      };
      for (const t of g.tests) if (t.state !== "passed") add(`${t.name}${t.hidden ? " [hidden]" : ""}`, (t.message ?? t.state).split("\n")[0]!);
      if (g.tests.length === 0 && g.problem && g.status !== "missing" && g.status !== "not started") {
        add(`(${g.status})`, g.problem.split("\n").slice(0, 2).join(" "));
      }
    }
    return {
      id: ex.id,
      possible: ex.points,
      full: grades.filter((g) => g.earned >= ex.points - 1e-9).length,
      partial: grades.filter((g) => g.earned > 1e-9 && g.earned < ex.points - 1e-9).length,
      zero: grades.filter((g) => g.earned <= 1e-9).length,
      mean: grades.length > 0 ? grades.reduce((s, g) => s + g.earned, 0) / grades.length : 0,
      statuses,
      commonFailures: [...failures.values()].sort((a, b) => b.count - a.count || (a.test < b.test ? -1 : 1)).slice(0, 5),
    };
  });
}

export function summaryMarkdown(batch: BatchResult, summary: ExerciseSummary[]): string {
  const graded = batch.students.filter((s) => s.status.startsWith("graded") || s.status === "empty");
  const notGraded = batch.students.filter((s) => !graded.includes(s));
  const out = [
    "# Class summary",
    "",
    `${batch.students.length} submission(s): ${graded.length} graded, ${notGraded.length} not graded. ` +
      `Graded in ${batch.seconds.toFixed(1)} s. Hidden test files: ${batch.hiddenFiles.length === 0 ? "none" : batch.hiddenFiles.join(", ")}.`,
    "",
    "| exercise | full | partial | zero | mean | statuses |",
    "|---|---:|---:|---:|---:|---|",
    ...summary.map(
      (s) =>
        `| ${s.id} | ${s.full} | ${s.partial} | ${s.zero} | ${formatPoints(s.mean)} / ${formatPoints(s.possible)} | ${Object.entries(s.statuses)
          .sort()
          .map(([k, v]) => `${k} ${v}`)
          .join(", ")} |`,
    ),
    "",
  ];
  for (const s of summary) {
    if (s.commonFailures.length === 0) continue;
    out.push(`## ${s.id}: most common failures`, "");
    for (const f of s.commonFailures) out.push(`- ${f.count} × ${f.test}`, `    > ${f.message}`);
    out.push("");
  }
  if (notGraded.length > 0) {
    out.push("## Not graded", "");
    for (const s of notGraded) out.push(`- ${s.student} (${s.entry}): ${s.status}: ${s.notes[0] ?? ""}`);
    out.push("");
  }
  const problems = batch.students.filter((s) => s.status.startsWith("graded;"));
  if (problems.length > 0) {
    out.push("## Graded with problems", "");
    for (const s of problems) out.push(`- ${s.student}: ${s.status.slice("graded; ".length)}`);
    out.push("");
  }
  return out.join("\n");
}

/** A marker so that --out can be reused for the same purpose, and never clobbers anything else. */
export const OUT_MARKER = ".course-gradebook";

export class OutError extends Error {
  override name = "OutError";
}

/** Checks that `out` is empty, absent or a previous gradebook folder; throws an OutError saying why not. */
export function prepareOut(out: string): void {
  if (fs.existsSync(out)) {
    const entries = fs.readdirSync(out);
    if (entries.length > 0 && !entries.includes(OUT_MARKER)) {
      throw new OutError(`--out ${out} is not empty and was not written by the grader; choose an empty or new folder`);
    }
    for (const e of entries) fs.rmSync(path.join(out, e), { recursive: true, force: true });
  }
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, OUT_MARKER), "written by `npm run grade -- --submissions`; safe to delete\n");
}

export function writeReports(out: string, batch: BatchResult, manifest: Manifest, options: ReportOptions): void {
  fs.writeFileSync(path.join(out, "gradebook.csv"), gradebookCsv(batch));
  for (const s of batch.students) {
    const dir = path.join(out, "students", s.student);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "results.json"), JSON.stringify(gradescopeResults(s, options), null, 2) + "\n");
    fs.writeFileSync(path.join(dir, "feedback.md"), feedbackMarkdown(s, manifest, options));
  }
  const summary = classSummary(batch);
  fs.writeFileSync(path.join(out, "summary.md"), summaryMarkdown(batch, summary));
  fs.writeFileSync(
    path.join(out, "summary.json"),
    JSON.stringify({ seconds: batch.seconds, hiddenFiles: batch.hiddenFiles, exercises: summary, students: batch.students }, null, 2) + "\n",
  );
}
