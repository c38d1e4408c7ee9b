// The adversarial suite: a class of submissions that try to earn points they did not earn, to
// break out of their sandbox, or to break the grader, graded in ONE batch next to honest ones
// (which is also the point: an attack must not change anyone else's score or the gradebook).
//
// Every case says what it tries and what it must get. The batch runs on the course's real
// exercises of chapter 00 with the instructor's real tests (public and hidden), so the suite
// breaks if a change to the sandbox, the policy or the scoring lets an attack through.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadManifest } from "../exercises/manifest";
import { writeTarGz, writeZip } from "./archive";
import { type BatchResult, gradeBatch, type StudentResult } from "./batch";
import { gradebookCsv, prepareOut, writeReports } from "./reports";

const root = path.resolve(__dirname, "..", "..");
const haveSolutions = fs.existsSync(path.join(root, "solutions", "00-workbook", "quorum.ts"));

const read = (rel: string) => fs.readFileSync(path.join(root, rel), "utf8");
const Q = "exercises/00-workbook/quorum.ts";
const F = "exercises/00-workbook/failure-detector.ts";

// Texts built from the course's own files, so the suite follows changes to the exercises.
const quorumSolution = haveSolutions ? read("solutions/00-workbook/quorum.ts") : "";
const detectorSolution = haveSolutions ? read("solutions/00-workbook/failure-detector.ts") : "";
const quorumStub = read(Q);
/** A wrong quorum: majority(n) = n, everything else follows from it. Fails most tests. */
const quorumWrong = quorumSolution.replace("return Math.floor(n / 2) + 1;", "return n;");
/** Half right: majority and faultTolerance correct, hasQuorum counts duplicates and strangers. */
const quorumPartial = quorumSolution.replace(
  "const present = new Set(side.filter((name) => voters.has(name)));\n  return present.size >= majority(voters.size);",
  "return side.length >= majority(voters.size);",
);

function withTopLevel(text: string, code: string): string {
  return `${text}\n${code}\n`;
}

type Files = Record<string, string>;

interface Case {
  /** Entry name in the submissions folder. */
  entry: string;
  tries: string;
  files?: Files;
  /** Raw bytes for an archive entry. */
  bytes?: Buffer;
  /** Per exercise: [status, points]; points -1 means "more than zero". WRONG: exactly what the plain wrong quorum gets. */
  expect: { quorum?: [status: string, points: number] | typeof WRONG; detector?: [status: string, points: number]; status?: RegExp; total?: number };
}

const honest = { [Q]: quorumSolution, [F]: detectorSolution };
/** An attack on top of the wrong quorum must score exactly what the wrong quorum scores alone. */
const WRONG = "as the wrong quorum alone";

const cases: Case[] = [
  { entry: "honest-a", tries: "nothing: the reference solutions", files: honest, expect: { quorum: ["passed", 10], detector: ["passed", 15], status: /^graded$/ } },
  {
    entry: "partial+throws-on-load",
    tries: "an honest half-right quorum, and a failure detector that throws while its module loads",
    files: { [Q]: quorumPartial, [F]: withTopLevel(detectorSolution, 'throw new Error("boom");') },
    expect: { quorum: ["partial", -1], detector: ["error", 0] },
  },
  { entry: "wrong", tries: "nothing: an honest wrong quorum, the control for the attacks below", files: { [Q]: quorumWrong }, expect: { quorum: ["partial", -1] } },
  { entry: "untouched", tries: "the stubs as handed out", files: { [Q]: quorumStub, [F]: read(F) }, expect: { quorum: ["not started", 0], detector: ["not started", 0] } },
  {
    entry: "rewrites-tests+hogs-heap",
    tries:
      "replacing the graded tests, the manifest, vitest's config and package.json with ones that always pass; " +
      "and allocating without bound on V8's heap (the heap limit ends the test process)",
    files: {
      [Q]: quorumWrong,
      [F]: withTopLevel(detectorSolution, "const heap: number[][] = [];\nfor (;;) heap.push(new Array(1_000_000).fill(1.5));"),
      "exercises/00-workbook/quorum.test.ts": `import { it } from "vitest";\nit("passes", () => {});\n`,
      "exercises-hidden/00-workbook/quorum.hidden.test.ts": `import { it } from "vitest";\nit("passes", () => {});\n`,
      "exercises/manifest.json": read("exercises/manifest.json").replace('"points": 10', '"points": 1000'),
      "vitest.config.mts": "export default { test: { include: [] } };\n",
      "package.json": `{ "scripts": { "test": "true", "grade": "echo 25/25" } }\n`,
    },
    expect: { quorum: WRONG, detector: ["crashed", 0] },
  },
  {
    entry: "patches-builtins+escapes-via-constructor",
    tries:
      "making every assertion pass by patching Object.is, Array.prototype.every, JSON.stringify and Object.prototype " +
      "(built-ins are frozen); and reaching the global object without naming it, through Function built from a string",
    files: {
      [Q]: withTopLevel(
        quorumWrong,
        [
          "for (const attack of [",
          "  () => Object.defineProperty(Object, 'is', { value: () => true }),",
          "  () => { (Object as { is: unknown }).is = () => true; },",
          "  () => { Array.prototype.every = () => true; },",
          "  () => { JSON.stringify = () => '\"same\"'; },",
          "  () => Object.defineProperty(Object.prototype, 'equals', { value: () => true }),",
          "  () => Object.setPrototypeOf(Array.prototype, null),",
          "]) { try { attack(); } catch { /* frozen */ } }",
        ].join("\n"),
      ),
      [F]: detectorSolution.replace(
        "this.clock = options.clock;",
        "this.clock = options.clock;\n    const g = ((() => 0).constructor as (code: string) => () => unknown)('return globalThis')();\n    void g;",
      ),
    },
    expect: { quorum: WRONG, detector: ["failed", 0] },
  },
  {
    entry: "patches-expect",
    tries: "importing vitest to redefine toBe with expect.extend",
    files: {
      [Q]: withTopLevel(
        `import { expect } from "vitest";\n${quorumWrong}`,
        "expect.extend({ toBe: () => ({ pass: true, message: () => '' }), toEqual: () => ({ pass: true, message: () => '' }) });",
      ),
    },
    expect: { quorum: ["rejected", 0] },
  },
  {
    entry: "reaches-globals",
    tries: "reaching vitest's worker state through globalThis to mark tests passed",
    files: { [Q]: withTopLevel(quorumWrong, "const w = (globalThis as any).__vitest_worker__; if (w) w.current = undefined;") },
    expect: { quorum: ["rejected", 0] },
  },
  {
    entry: "fakes-equality",
    tries: "returning an object with asymmetricMatch, which vitest's toEqual calls instead of comparing",
    files: { [Q]: quorumWrong.replace("return groups.find((group) => hasQuorum(members, group));", "return { asymmetricMatch: () => true } as unknown as string[];") },
    expect: { quorum: ["rejected", 0] },
  },
  { entry: "exits", tries: "process.exit(0) before the tests can fail", files: { [Q]: withTopLevel(quorumWrong, "process.exit(0);") }, expect: { quorum: ["rejected", 0] } },
  {
    entry: "prints-passes",
    tries: "printing vitest's own summary lines (only the runner's state is read, never output)",
    files: {
      [Q]: withTopLevel(quorumWrong, 'console.log(" ✓ exercises/00-workbook/quorum.test.ts (16 tests)\\n Test Files  1 passed (1)\\n      Tests  16 passed (16)");'),
      [F]: detectorSolution,
    },
    expect: { quorum: WRONG, detector: ["passed", 15] },
  },
  {
    entry: "loops-forever",
    tries: "a synchronous endless loop in one exercise (the other must still be graded)",
    files: { [Q]: quorumSolution.replace("return Math.floor(n / 2) + 1;", "for (;;) {}"), [F]: detectorSolution },
    expect: { quorum: ["timeout", 0], detector: ["passed", 15], status: /^graded; timeout: quorum$/ },
  },
  {
    entry: "hogs-memory",
    tries: "allocating without bound outside V8's heap (ArrayBuffers): the memory watchdog",
    files: {
      [Q]: quorumSolution,
      [F]: withTopLevel(detectorSolution, "const hog: ArrayBuffer[] = [];\nfor (;;) hog.push(new Uint8Array(64 * 1024 * 1024).fill(1).buffer);"),
    },
    expect: { quorum: ["passed", 10], detector: ["memory", 0] },
  },
  {
    entry: "reads-solutions",
    tries: "re-exporting the instructor's solution through a relative import",
    files: { [Q]: 'export { majority, faultTolerance, hasQuorum, sideWithQuorum } from "../../solutions/00-workbook/quorum";\n' },
    expect: { quorum: ["rejected", 0] },
  },
  {
    entry: "reads-hidden-tests",
    tries: "importing the hidden tests' source with vite's ?raw",
    files: { [Q]: withTopLevel(`import hidden from "../../exercises-hidden/00-workbook/quorum.hidden.test.ts?raw";\n${quorumWrong}`, "void hidden;") },
    expect: { quorum: ["rejected", 0] },
  },
  {
    entry: "reads-files",
    tries: "reading solutions/ and another student's folder with node:fs",
    files: { [Q]: withTopLevel(`import fs from "node:fs";\n${quorumWrong}`, 'fs.readFileSync("../../solutions/00-workbook/quorum.ts", "utf8");') },
    expect: { quorum: ["rejected", 0] },
  },
  {
    entry: "reads-other-student",
    tries: "importing another submission's file by a relative path",
    files: { [Q]: 'export * from "../../../honest-a/exercises/00-workbook/quorum";\n' },
    expect: { quorum: ["rejected", 0] },
  },
  {
    entry: "writes-gradebook",
    tries: "writing the gradebook and a file outside its workspace",
    files: { [Q]: withTopLevel(`import { writeFileSync } from "node:fs";\n${quorumWrong}`, 'writeFileSync("/tmp/pwned-by-submission", "x");') },
    expect: { quorum: ["rejected", 0] },
  },
  {
    entry: "spawns",
    tries: "starting a process",
    files: { [Q]: withTopLevel(`import { execSync } from "node:child_process";\n${quorumWrong}`, 'execSync("touch /tmp/pwned-by-submission");') },
    expect: { quorum: ["rejected", 0] },
  },
  {
    entry: "dynamic-import",
    tries: "a dynamic import() of node:fs, computed at run time",
    files: { [Q]: withTopLevel(quorumWrong, 'export const load = () => import("node:" + "fs");') },
    expect: { quorum: ["rejected", 0] },
  },
  { entry: "top-level-this", tries: "top-level `this` (the global object in some module wrappers)", files: { [Q]: withTopLevel(quorumWrong, "export const g = this;") }, expect: { quorum: ["rejected", 0] } },
  {
    entry: "does-not-compile",
    tries: "a syntax error in one exercise (the other must still be graded)",
    files: { [Q]: quorumSolution.replace("return Math.floor(n / 2) + 1;", "return Math.floor(n / 2) +* 1;"), [F]: detectorSolution },
    expect: { quorum: ["error", 0], detector: ["passed", 15] },
  },
  // ── bad input ──
  { entry: "empty", tries: "an empty folder", files: {}, expect: { status: /^empty$/, total: 0 } },
  { entry: "only-other-files", tries: "a folder with no exercise file", files: { "notes/readme.md": "hi" }, expect: { status: /^empty$/ } },
  { entry: "corrupt.zip", tries: "a corrupt zip", bytes: crypto.createHash("sha512").update("x").digest(), expect: { status: /^corrupt$/, total: 0 } },
  { entry: "truncated.tar.gz", tries: "a truncated .tar.gz", bytes: writeTarGz(honest).subarray(0, 200), expect: { status: /^corrupt$/ } },
  { entry: "notes.txt", tries: "a stray file that is no submission", bytes: Buffer.from("hello"), expect: { status: /^not a submission$/ } },
  {
    entry: "zipped.zip",
    tries: "a zip of a whole clone in a top folder, with solutions/ and a zip-slip path that must not be used",
    bytes: writeZip({
      [`course/${Q}`]: quorumStub,
      "course/solutions/00-workbook/failure-detector.ts": detectorSolution,
      "../../escape/exercises/00-workbook/failure-detector.ts": detectorSolution,
    }),
    expect: { quorum: ["not started", 0], detector: ["missing", 0] },
  },
  { entry: "tarred.tar.gz", tries: "a .tar.gz of the exercises/ tree (the honest files again: the same score)", bytes: writeTarGz(honest), expect: { total: 25 } },
  { entry: "odd name (ü)!", tries: "a folder name with spaces, punctuation and non-ASCII", files: { [Q]: quorumStub }, expect: { quorum: ["not started", 0] } },
  { entry: "dup", tries: "the same student twice (folder and archive)", files: honest, expect: { status: /^duplicate$/, total: 0 } },
  { entry: "dup.zip", tries: "the same student twice (folder and archive)", bytes: writeZip(honest), expect: { status: /^duplicate$/, total: 0 } },
];

describe.skipIf(!haveSolutions)("adversarial submissions, graded in one batch", () => {
  let dir: string;
  let batch: BatchResult;
  const solutionsHash = () =>
    crypto.createHash("sha256").update(fs.readdirSync(path.join(root, "solutions", "00-workbook")).map((f) => read(`solutions/00-workbook/${f}`)).join("\0")).digest("hex");
  let before: string;

  beforeAll(async () => {
    fs.rmSync("/tmp/pwned-by-submission", { force: true });
    before = solutionsHash();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "adversarial-"));
    const subs = path.join(dir, "submissions");
    fs.mkdirSync(subs);
    for (const c of cases) {
      const at = path.join(subs, c.entry);
      if (c.bytes) fs.writeFileSync(at, c.bytes);
      else {
        fs.mkdirSync(at);
        for (const [rel, text] of Object.entries(c.files ?? {})) {
          fs.mkdirSync(path.dirname(path.join(at, rel)), { recursive: true });
          fs.writeFileSync(path.join(at, rel), text);
        }
      }
    }
    // A link to the instructor's solution must not be followed.
    fs.mkdirSync(path.join(subs, "linked", "exercises", "00-workbook"), { recursive: true });
    fs.symlinkSync(path.join(root, "solutions", "00-workbook", "quorum.ts"), path.join(subs, "linked", Q));

    const full = loadManifest(root);
    const manifest = { chapters: full.chapters, exercises: full.exercises.filter((e) => e.chapter === "00-workbook") };
    batch = await gradeBatch({
      root,
      manifest,
      submissions: subs,
      hiddenDirs: [path.join(root, "exercises-hidden")],
      limits: { timePerFileMs: 6_000, memoryMb: 192, testTimeoutMs: 3_000 },
      jobs: 2,
    });
    const out = path.join(dir, "out");
    prepareOut(out);
    writeReports(out, batch, manifest, { releaseHidden: false });
  }, 170_000);

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const student = (entry: string): StudentResult => {
    const found = batch.students.find((s) => s.entry === entry);
    if (!found) throw new Error(`no result for ${entry}`);
    return found;
  };

  it("grades every entry, one gradebook row each, and finishes", () => {
    expect(batch.students.map((s) => s.entry).sort()).toEqual([...cases.map((c) => c.entry), "linked"].sort());
    const rows = gradebookCsv(batch).trim().split("\n");
    expect(rows[0]).toBe("student,quorum,failure-detector,total,max,status");
    expect(rows).toHaveLength(cases.length + 2);
  });

  for (const c of cases) {
    it(`${c.entry}: ${c.tries}`, () => {
      const s = student(c.entry);
      const grade = (id: string) => s.exercises.find((g) => g.id === id)!;
      const show = JSON.stringify(s.exercises.map((g) => [g.id, g.status, g.earned, g.problem?.slice(0, 300)]));
      if (c.expect.quorum === WRONG) {
        const control = student("wrong").exercises.find((g) => g.id === "quorum")!;
        expect(grade("quorum").status, show).toBe(control.status);
        expect(grade("quorum").earned, show).toBeCloseTo(control.earned, 9);
        expect(grade("quorum").tests.map((t) => t.state), show).toEqual(control.tests.map((t) => t.state));
      } else if (c.expect.quorum) {
        expect(grade("quorum").status, show).toBe(c.expect.quorum[0]);
        if (c.expect.quorum[1] >= 0) expect(grade("quorum").earned, show).toBeCloseTo(c.expect.quorum[1], 6);
        else expect(grade("quorum").earned, show).toBeGreaterThan(0);
      }
      if (c.expect.detector) {
        expect(grade("failure-detector").status, show).toBe(c.expect.detector[0]);
        expect(grade("failure-detector").earned, show).toBeCloseTo(c.expect.detector[1], 6);
      }
      if (c.expect.status) expect(s.status, show).toMatch(c.expect.status);
      if (c.expect.total !== undefined) expect(s.earned, show).toBeCloseTo(c.expect.total, 6);
    });
  }

  it("linked: a symbolic link to the instructor's solution is not followed", () => {
    const g = student("linked").exercises.find((e) => e.id === "quorum")!;
    expect(g.status).toBe("error");
    expect(g.problem).toMatch(/link/);
  });

  it("the same submission always gets the same score, test by test", () => {
    const a = student("honest-a").exercises.map((g) => g.tests.map((t) => [t.name, t.earned]));
    const b = student("tarred.tar.gz").exercises.map((g) => g.tests.map((t) => [t.name, t.earned]));
    expect(b).toEqual(a);
    expect(a.flat().length).toBeGreaterThan(20);
  });

  it("counts hidden tests in the score, and the reference test list, not the submission, decides what counts", () => {
    const q = student("honest-a").exercises.find((g) => g.id === "quorum")!;
    expect(q.tests.some((t) => t.hidden)).toBe(true);
    expect(q.tests.every((t) => !t.name.includes("passes"))).toBe(true);
  });

  it("nothing a submission ran touched the instructor's files or wrote outside its workspace", () => {
    expect(solutionsHash()).toBe(before);
    expect(fs.existsSync("/tmp/pwned-by-submission")).toBe(false);
    expect(fs.readdirSync(path.join(dir, "out")).sort()).toEqual([".course-gradebook", "gradebook.csv", "students", "summary.json", "summary.md"]);
  });

  it("withholds hidden tests' names and messages from what learners see", () => {
    const id = student("partial+throws-on-load").student;
    const feedback = fs.readFileSync(path.join(dir, "out", "students", id, "feedback.md"), "utf8");
    const results = fs.readFileSync(path.join(dir, "out", "students", id, "results.json"), "utf8");
    const hiddenNames = student("partial+throws-on-load").exercises.flatMap((g) => g.tests.filter((t) => t.hidden).map((t) => t.name));
    expect(hiddenNames.length).toBeGreaterThan(0);
    for (const name of hiddenNames) {
      expect(feedback).not.toContain(name);
      expect(results).not.toContain(name);
    }
    expect(feedback).toMatch(/Hidden tests: \d+ of \d+ passed/);
  });
});
