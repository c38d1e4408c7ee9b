// Text reports for the grader: the learner's scorecard and the summary of `grade --check`.
import type { ExerciseGrade, TreeGrade } from "./grade-core";
import type { Manifest } from "./manifest";
import { formatPoints } from "./points";

function table(rows: string[][], rightAligned: Set<number>): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  return rows.map((r) =>
    r
      .map((cell, c) => (rightAligned.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join("   ")
      .trimEnd(),
  );
}

const fraction = (earned: number, possible: number) => `${formatPoints(earned)} / ${formatPoints(possible)}`;

function indent(text: string, by: string): string {
  return text
    .split("\n")
    .map((l) => by + l)
    .join("\n");
}

/** The failing tests of an exercise, with their messages, for the learner to act on. */
export function failureDetails(g: ExerciseGrade, folder: string, maxTests = 5): string[] {
  const out: string[] = [];
  if (g.problem) out.push(indent(g.problem, "    "));
  const failed = g.tests.filter((t) => t.state !== "passed");
  for (const t of failed.slice(0, maxTests)) {
    out.push(`    ✗ ${t.name}  (${formatPoints(t.points)} pt${t.points === 1 ? "" : "s"})`);
    if (t.message) out.push(indent(t.message, "        "));
  }
  if (failed.length > maxTests) out.push(`    … and ${failed.length - maxTests} more failing test(s)`);
  if (out.length > 0) out.unshift(`  ${g.exercise.id}  (${folder}/${g.exercise.file}, ${g.status})`);
  return out;
}

/** The learner's scorecard: per exercise, per chapter, total; then what failed and why. */
export function scorecard(tree: TreeGrade, manifest: Manifest): string {
  const rows: string[][] = [["exercise", "chapter", "status", "points"]];
  const lines: string[] = [];
  for (const chapter of manifest.chapters) {
    const grades = tree.exercises.filter((g) => g.exercise.chapter === chapter.id);
    if (grades.length === 0) continue;
    for (const g of grades) rows.push([g.exercise.id, g.exercise.chapter, g.status, fraction(g.earned, g.possible)]);
    const earned = grades.reduce((s, g) => s + g.earned, 0);
    const possible = grades.reduce((s, g) => s + g.possible, 0);
    rows.push([`  chapter ${chapter.id} total`, "", "", fraction(earned, possible)]);
  }
  rows.push(["total", "", "", fraction(tree.earned, tree.possible)]);
  const rendered = table(rows, new Set([3]));
  const rule = "─".repeat(Math.max(...rendered.map((r) => r.length)));
  lines.push(rendered[0]!, rule);
  rendered.slice(1, -1).forEach((r) => lines.push(r));
  lines.push(rule, rendered[rendered.length - 1]!);

  const details = tree.exercises.flatMap((g) => failureDetails(g, "exercises"));
  if (details.length > 0) lines.push("", "What failed:", ...details);
  if (tree.aborted) lines.push("", `Grading stopped early: ${tree.aborted}`);
  const unstarted = tree.exercises.filter((g) => g.status === "not started");
  if (unstarted.length > 0) {
    const first = unstarted[0]!.exercise;
    lines.push(
      "",
      `Not started yet: ${unstarted.map((g) => g.exercise.id).join(", ")}. Edit exercises/${first.file} to start;` +
        ` \`npm run hint -- ${first.id}\` gives a hint.`,
    );
  }
  return lines.join("\n");
}
