// `npm run stubs` (= `tsx tools/stubs.ts write`) and `tsx tools/stubs.ts check`.
//
//   write [ids...] [--force]  generate exercises/NN-slug/<name>.ts from solutions/ for every
//                             exercise (or the ids given). A file that differs from its fresh stub
//                             may hold the learner's work: it is kept unless --force (which resets
//                             the exercise; its old text is printed to a backup file first).
//   check [--strict]          markers valid, stubs generated and type-checked (with their tests);
//                             fails when an exercise file is missing. A file that differs from its
//                             stub counts as started and is left to the grader; with --strict (the
//                             project's own CI, where no exercise is started) it is an error.
//
// See tools/exercises/README.md for the marker syntax and the "not started" rule.
import fs from "node:fs";
import path from "node:path";
import { fileState, generateStubs, testFilesFor } from "./exercises/grade-core";
import { loadManifest, ManifestError } from "./exercises/manifest";
import { checkStubTypes } from "./exercises/stubs";

const root = path.resolve(__dirname, "..");

function usage(): never {
  console.error("usage: tsx tools/stubs.ts write [ids...] [--force] | check [--strict]");
  process.exit(2);
}

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  const flags = new Set(rest.filter((a) => a.startsWith("--")));
  const ids = rest.filter((a) => !a.startsWith("--"));
  const known = new Set(["--force", "--strict"]);
  for (const f of flags) if (!known.has(f)) usage();
  if (command !== "write" && command !== "check") usage();

  const manifest = loadManifest(root);
  for (const id of ids) {
    if (!manifest.exercises.some((e) => e.id === id)) {
      console.error(`stubs: no exercise "${id}"; known: ${manifest.exercises.map((e) => e.id).join(", ")}`);
      return 2;
    }
  }
  const exercises = manifest.exercises.filter((e) => ids.length === 0 || ids.includes(e.id));
  const stubs = generateStubs(root, exercises);
  const errors: string[] = [];
  for (const [, s] of stubs) if (!s.ok) errors.push(s.error);
  if (errors.length > 0) {
    for (const e of errors) console.error(`stubs: ${e}`);
    return 1;
  }

  const target = (file: string) => path.join(root, "exercises", file);
  const texts = new Map(exercises.map((e) => [target(e.file), (stubs.get(e.id) as { text: string }).text]));
  const tests = [
    path.join(root, "exercises", "test-meta.d.ts"),
    ...exercises.flatMap((e) => testFilesFor(e, [path.join(root, "exercises")])),
  ].filter((f) => fs.existsSync(f));
  const problems = checkStubTypes(path.join(root, "tsconfig.tools.json"), texts, tests);
  if (problems.length > 0) {
    for (const p of problems) console.error(`stubs: ${path.relative(root, p.file)}:${p.line}: ${p.message}`);
    console.error("stubs: the generated stubs (or their tests) do not type-check; fix the STUB lines in solutions/.");
    return 1;
  }

  let failed = false;
  for (const ex of exercises) {
    const file = target(ex.file);
    const rel = path.relative(root, file);
    const text = texts.get(file)!;
    const state = fileState(file, text);
    if (command === "write") {
      if (state === "started" && !flags.has("--force")) {
        console.log(`stubs: kept ${rel}: it differs from its stub (your work?). \`npm run stubs -- ${ex.id} --force\` resets it.`);
        continue;
      }
      if (state === "started") {
        const backup = `${file}.${Date.now()}.bak`;
        fs.copyFileSync(file, backup);
        console.log(`stubs: saved the old ${rel} as ${path.relative(root, backup)}`);
      }
      fs.mkdirSync(path.dirname(file), { recursive: true });
      if (state !== "not started") fs.writeFileSync(file, text);
      console.log(`stubs: ${state === "not started" ? "up to date" : "wrote"} ${rel}`);
    } else if (state === "missing") {
      failed = true;
      console.error(`stubs: ${rel} is missing; \`npm run stubs\` writes it`);
    } else if (state === "started") {
      if (flags.has("--strict")) {
        failed = true;
        console.error(`stubs: ${rel} differs from the stub generated from solutions/${ex.file}; \`npm run stubs -- ${ex.id} --force\``);
      } else {
        console.log(`stubs: ${rel} is started (differs from its stub): graded, not compared`);
      }
    } else {
      console.log(`stubs: ${rel} matches its stub`);
    }
  }
  return failed ? 1 : 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof ManifestError)) throw err;
    console.error(`stubs: ${err.message}`);
    process.exitCode = 1;
  }
}
