// Unit tests of batch grading's parts: archives, intake, the policy, the worker sandbox's
// permissions, scoring and the reports. The whole pipeline is tested in adversarial.test.ts.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import type { Exercise } from "../exercises/manifest";
import { ArchiveError, readArchive, writeTarGz, writeZip } from "./archive";
import type { BatchResult, StudentResult } from "./batch";
import { intakeAll, intakeEntry, safeStudentId } from "./intake";
import { checkSubmission, syntaxErrors } from "./policy";
import { csvCell, feedbackMarkdown, gradebookCsv, gradescopeResults } from "./reports";
import { type FileResult, groupRss, permissionFlag, scrubbedEnv, workerArgv } from "./sandbox";
import { scoreExercise } from "./score";

const root = path.resolve(__dirname, "..", "..");
const temps: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "grading-test-"));
  temps.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of temps.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const ex = (id: string, file: string, points = 10): Exercise => ({
  id,
  chapter: file.split("/")[0]!,
  title: id,
  file,
  points,
  concept: "c",
  read: ["the paper"],
  hints: ["first hint", "second hint"],
});
const quorum = ex("quorum", "00-x/quorum.ts");
const detector = ex("detector", "00-x/detector.ts", 15);

describe("archives are read in memory, never extracted", () => {
  it("reads back what the zip and tar.gz writers wrote", () => {
    const files = { "exercises/00-x/quorum.ts": "export const q = 1;\n", "a/b.txt": "ü" };
    for (const [data, kind] of [[writeZip(files), "zip"], [writeTarGz(files), "tar.gz"]] as const) {
      const members = readArchive(data, kind);
      expect(members.map((m) => m.name)).toEqual(Object.keys(files));
      expect(members[1]!.read(100).toString("utf8")).toBe("ü");
    }
  });

  it("says what is wrong with a corrupt or truncated archive", () => {
    expect(() => readArchive(Buffer.from("not a zip at all, just text"), "zip")).toThrow(/not a zip file/);
    expect(() => readArchive(writeTarGz({ a: "x".repeat(2000) }).subarray(0, 60), "tar.gz")).toThrow(ArchiveError);
    expect(() => readArchive(zlib.gzipSync(Buffer.alloc(100, 7)), "tar.gz")).toThrow(/checksum|not a tar/);
  });

  it("refuses to inflate a member past the size cap (a zip bomb)", () => {
    const bomb = readArchive(writeZip({ "exercises/00-x/quorum.ts": "0".repeat(5_000_000) }), "zip")[0]!;
    expect(() => bomb.read(1024)).toThrow(/more than the 1024 allowed/);
  });
});

describe("intake takes only the manifest's files", () => {
  it("finds the exercise files in a whole clone and counts the rest as ignored", () => {
    const dir = tempDir();
    const at = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, "alice", rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, "alice", rel), text);
    };
    at("course/exercises/00-x/quorum.ts", "mine");
    at("course/solutions/00-x/detector.ts", "not an exercise file");
    at("course/exercises/00-x/quorum.test.ts", "a rewritten test");
    at("course/package.json", "{}");
    const intake = intakeEntry(dir, "alice", [quorum, detector]);
    expect(intake.error).toBeUndefined();
    expect([...intake.files]).toEqual([["quorum", "mine"]]);
    expect(intake.notes.join()).toMatch(/3 other file\(s\) ignored/);
  });

  it("accepts a bare exercises/ tree, prefers the shallowest copy, and rejects links and binary files", () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, "bob", "00-x"), { recursive: true });
    fs.mkdirSync(path.join(dir, "bob", "old", "exercises", "00-x"), { recursive: true });
    fs.writeFileSync(path.join(dir, "bob", "00-x", "quorum.ts"), "top");
    fs.writeFileSync(path.join(dir, "bob", "old", "exercises", "00-x", "quorum.ts"), "deeper");
    fs.writeFileSync(path.join(dir, "bob", "00-x", "detector.ts"), Buffer.from([0xff, 0xfe, 0x00, 0x41]));
    const intake = intakeEntry(dir, "bob", [quorum, detector]);
    expect(intake.files.get("quorum")).toBe("top");
    expect(intake.rejected.get("detector")).toMatch(/NUL|UTF-8/);
    fs.rmSync(path.join(dir, "bob", "00-x", "detector.ts"));
    fs.symlinkSync("/etc/hostname", path.join(dir, "bob", "00-x", "detector.ts"));
    expect(intakeEntry(dir, "bob", [quorum, detector]).rejected.get("detector")).toMatch(/link/);
  });

  it("gives empty, corrupt, stray and duplicate entries a status, and safe ids", () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, "empty"));
    fs.writeFileSync(path.join(dir, "broken.tar.gz"), "garbage");
    fs.writeFileSync(path.join(dir, "readme.txt"), "hello");
    fs.writeFileSync(path.join(dir, ".DS_Store"), "");
    fs.writeFileSync(path.join(dir, "Carol.zip"), writeZip({ "exercises/00-x/quorum.ts": "a" }));
    fs.mkdirSync(path.join(dir, "carol", "exercises", "00-x"), { recursive: true });
    fs.writeFileSync(path.join(dir, "carol", "exercises", "00-x", "quorum.ts"), "b");
    const byEntry = new Map(intakeAll(dir, [quorum]).map((i) => [i.entry, i]));
    expect([...byEntry.keys()].sort()).toEqual(["Carol.zip", "broken.tar.gz", "carol", "empty", "readme.txt"]);
    expect(byEntry.get("empty")!.error?.kind).toBe("empty");
    expect(byEntry.get("broken.tar.gz")!.error?.kind).toBe("corrupt");
    expect(byEntry.get("readme.txt")!.error?.kind).toBe("not a submission");
    expect(byEntry.get("Carol.zip")!.error?.kind).toBe("duplicate");
    expect(byEntry.get("carol")!.error?.message).toMatch(/Carol.zip, carol/);
    expect(new Set([byEntry.get("Carol.zip")!.student, byEntry.get("carol")!.student]).size).toBe(2);
    expect(safeStudentId("../../etc/passwd")).toBe("__.._etc_passwd");
    expect(safeStudentId("Zoë Smith.tar.gz")).toBe("Zo__Smith");
  });
});

describe("the grading policy", () => {
  it("lets the reference solutions through", () => {
    for (const file of ["00-workbook/quorum.ts", "00-workbook/failure-detector.ts"]) {
      const solution = path.join(root, "solutions", file);
      if (!fs.existsSync(solution)) continue; // the learner edition has no solutions
      expect(checkSubmission(file, fs.readFileSync(solution, "utf8"))).toEqual([]);
    }
  });

  it("names each forbidden global, import and construct with its line", () => {
    const text = [
      'import { expect } from "vitest";',
      'import { readFileSync } from "node:fs";',
      'import type { Clock } from "../../src/sim";',
      'import { VirtualClock } from "../../src/sim";',
      'import secret from "../../solutions/00-workbook/quorum";',
      "export function f(clock: Clock): number {",
      "  const process = { exit: (n: number) => n };",
      "  process.exit(0);",
      "  return globalThis.length + Object.keys({ a: 1 }).length + new VirtualClock().now();",
      "}",
      "export const leak = { require, setTimeout };",
      "export const g = () => import('node:fs');",
    ].join("\n");
    const found = checkSubmission("00-workbook/quorum.ts", text).map((v) => `${v.line}: ${v.what.split(":")[0]}`);
    expect(found).toEqual([
      '1: import "vitest"',
      '2: import "node',
      '5: import "../../solutions/00-workbook/quorum"',
      "9: the global `globalThis` is not available to a submission (allowed",
      "11: the global `require` is not available to a submission (allowed",
      "11: the global `setTimeout` is not available to a submission (allowed",
      "12: dynamic import() is not allowed in a submission; use a static import",
    ]);
  });

  it("reports syntax errors as such", () => {
    expect(syntaxErrors("00-x/q.ts", "export const a = 1 +* 2;")[0]?.what).toMatch(/Expression expected/);
    expect(syntaxErrors("00-x/q.ts", "export const a = 1;")).toEqual([]);
  });
});

describe("the test worker's sandbox (Node's permission model)", () => {
  const run = (code: string) => {
    const tmp = tempDir();
    const args = workerArgv(root, tmp, 64).filter((a) => !a.startsWith("--disallow"));
    fs.writeFileSync(path.join(tmp, "probe.cjs"), code);
    return spawnSync(process.execPath, [...args, path.join(tmp, "probe.cjs")], { env: scrubbedEnv(tmp), encoding: "utf8", timeout: 20_000 });
  };

  it("may read node_modules but not the instructor's files, write nowhere, and start no process", () => {
    const r = run(
      [
        "const fs = require('fs'); const out = [];",
        "const t = (name, f) => { try { f(); out.push(name + ':allowed'); } catch (e) { out.push(name + ':' + (e.code || e.message)); } };",
        `t('node_modules', () => fs.readdirSync(${JSON.stringify(path.join(root, "node_modules"))}));`,
        `t('solutions', () => fs.readdirSync(${JSON.stringify(path.join(root, "solutions"))}));`,
        `t('package.json', () => fs.readFileSync(${JSON.stringify(path.join(root, "package.json"))}));`,
        "t('write', () => fs.writeFileSync('/tmp/grading-sandbox-probe', 'x'));",
        "t('spawn', () => require('child_process').execSync('true'));",
        "t('worker', () => new (require('worker_threads').Worker)('1', { eval: true }));",
        "t('env', () => { if (Object.keys(process.env).some((k) => /TOKEN|KEY|SECRET|NODE_OPTIONS/.test(k))) throw new Error('leaked'); });",
        "process.stdout.write(out.join('\\n'));",
      ].join("\n"),
    );
    expect(r.stdout.split("\n")).toEqual([
      "node_modules:allowed",
      "solutions:ERR_ACCESS_DENIED",
      "package.json:ERR_ACCESS_DENIED",
      "write:ERR_ACCESS_DENIED",
      "spawn:ERR_ACCESS_DENIED",
      "worker:ERR_ACCESS_DENIED",
      "env:allowed",
    ]);
    expect(fs.existsSync("/tmp/grading-sandbox-probe")).toBe(false);
  });

  it("cannot build code from strings", () => {
    const tmp = tempDir();
    fs.writeFileSync(path.join(tmp, "probe.cjs"), "try { (() => 0).constructor('return 1')(); process.stdout.write('ran'); } catch (e) { process.stdout.write(e.name); }");
    const r = spawnSync(process.execPath, [...workerArgv(root, tmp, 64), path.join(tmp, "probe.cjs")], { encoding: "utf8" });
    expect(r.stdout).toBe("EvalError");
  });

  it("knows the permission flag of each Node version, and measures a process group's memory", () => {
    expect(permissionFlag("20.20.2")).toBe("--experimental-permission");
    expect(permissionFlag("22.13.0")).toBe("--permission");
    if (!fs.existsSync("/proc/self/stat")) return;
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    const pgid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
    expect(groupRss(pgid)).toBeGreaterThan(10 * 1024 * 1024);
  });
});

describe("scoring against the reference test list", () => {
  const files = [{ file: "/t/q.test.ts", rel: "exercises/00-x/q.test.ts", hidden: false }, { file: "/h/q.hidden.test.ts", rel: "h", hidden: true }];
  const expected = new Map([
    ["/t/q.test.ts", [{ name: "a", weight: 3 }, { name: "b", weight: 1 }]],
    ["/h/q.hidden.test.ts", [{ name: "secret", weight: 1 }]],
  ]);
  const outcome = (file: string, tests: [string, "passed" | "failed"][]) => ({
    file,
    tests: tests.map(([name, state]) => ({ file, name, state, weight: 1 })),
  });

  it("weighs tests as the reference run did, ignores tests it did not have, and fails the ones that vanished", () => {
    const results = new Map([
      ["/t/q.test.ts", outcome("/t/q.test.ts", [["a", "passed"], ["injected", "passed"], ["injected", "passed"]])],
      ["/h/q.hidden.test.ts", outcome("/h/q.hidden.test.ts", [["secret", "passed"]])],
    ]);
    const g = scoreExercise(quorum, files, expected, results);
    expect(g.status).toBe("partial");
    expect(g.earned).toBeCloseTo(8, 9); // a (3 of 5 weights) + secret (1 of 5) of 10 points
    expect(g.tests.find((t) => t.name === "b")).toMatchObject({ state: "failed", message: "this test did not run" });
    expect(g.problem).toMatch(/2 test\(s\) the course does not have/);
  });

  it("scores zero for a file that timed out, whatever else passed", () => {
    const results = new Map<string, FileResult>([
      ["/t/q.test.ts", outcome("/t/q.test.ts", [["a", "passed"], ["b", "passed"]])],
      ["/h/q.hidden.test.ts", { file: "/h/q.hidden.test.ts", tests: [], error: "did not finish within 5 s", fate: "timeout" }],
    ]);
    const g = scoreExercise(quorum, files, expected, results);
    expect([g.status, g.earned]).toEqual(["timeout", 0]);
    expect(g.problem).toMatch(/a hidden test file did not finish/);
    expect(g.problem).not.toMatch(/q\.hidden/);
  });
});

describe("reports", () => {
  const student: StudentResult = {
    student: "alice",
    entry: "alice.zip",
    status: "graded",
    earned: 6,
    possible: 25,
    notes: [],
    seconds: 1,
    exercises: [
      {
        id: "quorum",
        status: "partial",
        earned: 6,
        possible: 10,
        tests: [
          { name: "public ok", file: "p", hidden: false, points: 5, earned: 5, state: "passed" },
          { name: "public bad", file: "p", hidden: false, points: 3, earned: 0, state: "failed", message: "Raft §5.2: expected 2" },
          { name: "the secret case", file: "h", hidden: true, points: 1, earned: 1, state: "passed" },
          { name: "another secret", file: "h", hidden: true, points: 1, earned: 0, state: "failed", message: "hidden message" },
        ],
      },
      { id: "detector", status: "timeout", earned: 0, possible: 15, tests: [], problem: "did not finish within 20 s" },
    ],
  };
  const batch: BatchResult = { exercises: [quorum, detector], students: [student], hiddenFiles: ["h"], seconds: 1 };
  const manifest = { chapters: [{ id: "00-x", title: "X" }], exercises: [quorum, detector] };

  it("writes a gradebook an LMS can import, defusing spreadsheet formulas", () => {
    expect(gradebookCsv(batch)).toBe("student,quorum,detector,total,max,status\nalice,6,0,6,25,graded\n");
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
  });

  it("withholds hidden tests from results.json and feedback unless released", () => {
    const withheld = JSON.stringify(gradescopeResults(student, { releaseHidden: false }));
    expect(withheld).not.toMatch(/secret|hidden message/);
    expect(withheld).toMatch(/1 of 2 hidden tests passed/);
    const r = gradescopeResults(student, { releaseHidden: false }) as { score: number; tests: { score: number; max_score: number }[] };
    expect(r.score).toBe(6);
    expect(r.tests.reduce((s, t) => s + t.score, 0)).toBeCloseTo(6, 9);
    expect(r.tests.reduce((s, t) => s + t.max_score, 0)).toBeCloseTo(25, 9);
    const md = feedbackMarkdown(student, manifest, { releaseHidden: false });
    expect(md).toMatch(/✗ public bad/);
    expect(md).toMatch(/Raft §5.2: expected 2/);
    expect(md).not.toMatch(/secret|hidden message/);
    expect(md).toMatch(/1\. first hint/);
    const released = feedbackMarkdown(student, manifest, { releaseHidden: true });
    expect(released).toMatch(/another secret/);
    expect(JSON.stringify(gradescopeResults(student, { releaseHidden: true }))).toMatch(/the secret case/);
  });
});

describe.skipIf(!fs.existsSync(path.join(root, "solutions")))("the learner edition (npm run release)", () => {
  it("leaves out solutions and hidden tests and carries pristine stubs", () => {
    const out = path.join(tempDir(), "edition");
    const r = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "tools", "release.ts"), "--out", out], { cwd: root, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(fs.existsSync(path.join(out, "solutions"))).toBe(false);
    expect(fs.existsSync(path.join(out, "exercises-hidden"))).toBe(false);
    expect(fs.existsSync(path.join(out, "node_modules"))).toBe(false);
    const stub = fs.readFileSync(path.join(out, "exercises", "00-workbook", "quorum.ts"), "utf8");
    expect(fs.readFileSync(path.join(out, "exercises", ".pristine", "00-workbook", "quorum.ts"), "utf8")).toBe(stub);
    expect(stub).toContain("// TODO(quorum)");
    expect(stub).not.toContain("Math.floor(n / 2) + 1");
    const again = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "tools", "release.ts"), "--out", out], { cwd: root, encoding: "utf8" });
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/not empty/);
  });
});
