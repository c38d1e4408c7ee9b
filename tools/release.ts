// `npm run release -- --out DIR`: the learner edition of the course.
//
// It is the course as git knows it (tracked files plus new, not-ignored ones: no node_modules/,
// dist/, build output), minus what only instructors may have:
//   - solutions/            the reference solutions
//   - exercises-hidden/     the hidden tests (they count in batch grading only)
// and with every exercise file freshly generated from its solution, so that the edition hands
// out pristine stubs even when the instructor has been trying exercises in their own copy.
//
// Without solutions/, the learner edition cannot generate stubs to tell "not started" from
// "started". So it also carries the stubs in exercises/.pristine/ (grade-core.ts reads them when
// solutions/ is absent): `npm test` on a fresh copy is green, untouched exercises show as "not
// started", `npm run stubs` restores a stub.
//
// Check an edition the way a learner meets it: `cd DIR && npm install && npm test`, and
// `npm run test:site` for the website.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { generateStubs, PRISTINE_DIR } from "./exercises/grade-core";
import { loadManifest, ManifestError } from "./exercises/manifest";

const root = path.resolve(__dirname, "..");

/** Folders (relative to the root) that never go into the learner edition. */
export const INSTRUCTOR_ONLY = ["solutions", "exercises-hidden", PRISTINE_DIR];

class ReleaseError extends Error {}

/** The files of the course as git sees them: tracked, plus untracked ones not ignored. */
function courseFiles(): string[] {
  const git = spawnSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: root, encoding: "utf8" });
  if (git.status !== 0) throw new ReleaseError(`git ls-files failed (${git.stderr.trim() || "is this a git checkout?"}): the release is built from git's view of the course`);
  return [...new Set(git.stdout.split("\0").filter(Boolean))].sort();
}

function excluded(rel: string): boolean {
  return INSTRUCTOR_ONLY.some((dir) => rel === dir || rel.startsWith(`${dir}/`)) || rel.endsWith(".bak");
}

function main(argv: string[]): number {
  const outIndex = argv.indexOf("--out");
  const outArg = outIndex >= 0 ? argv[outIndex + 1] : undefined;
  if (!outArg || argv.some((a, i) => a.startsWith("-") && a !== "--out" && i !== outIndex + 1)) {
    console.error("usage: npm run release -- --out DIR");
    return 2;
  }
  const out = path.resolve(outArg);
  if (out === root || out.startsWith(root + path.sep)) throw new ReleaseError(`--out ${outArg} is inside the course; choose a folder outside it`);
  if (fs.existsSync(out) && fs.readdirSync(out).length > 0) throw new ReleaseError(`--out ${outArg} exists and is not empty; choose a new folder`);
  if (!fs.existsSync(path.join(root, "solutions"))) throw new ReleaseError("there is no solutions/ here: this already is a learner edition");

  const manifest = loadManifest(root);
  const stubs = generateStubs(root, manifest.exercises);
  const broken = [...stubs.values()].filter((s) => !s.ok).map((s) => (s.ok ? "" : s.error));
  if (broken.length > 0) throw new ReleaseError(`cannot generate every stub:\n${broken.join("\n")}`);

  let copied = 0;
  let left = 0;
  for (const rel of courseFiles()) {
    const from = path.join(root, rel);
    if (excluded(rel)) {
      left++;
      continue;
    }
    const stat = fs.lstatSync(from, { throwIfNoEntry: false });
    if (!stat) continue; // deleted in the working tree
    const to = path.join(out, rel);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    if (stat.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(from), to);
    else {
      fs.copyFileSync(from, to);
      fs.chmodSync(to, stat.mode & 0o777);
    }
    copied++;
  }

  const changed: string[] = [];
  for (const ex of manifest.exercises) {
    const text = (stubs.get(ex.id) as { text: string }).text;
    const target = path.join(out, "exercises", ex.file);
    if (!fs.existsSync(target) || fs.readFileSync(target, "utf8") !== text) changed.push(`exercises/${ex.file}`);
    for (const file of [target, path.join(out, PRISTINE_DIR, ex.file)]) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
    }
  }

  // Nothing left in the edition may point at what was taken out.
  const leaks = courseFiles()
    .filter((rel) => !excluded(rel) && /\.(ts|tsx|mts|cts|js|mjs|cjs|json)$/.test(rel) && fs.existsSync(path.join(out, rel)))
    .filter((rel) => /^\s*(import|export)\b[^\n]*from\s+["'][^"']*(solutions|exercises-hidden)\//m.test(fs.readFileSync(path.join(out, rel), "utf8")));
  if (leaks.length > 0) console.warn(`release: these files import from solutions/ or exercises-hidden/, which the edition lacks:\n  ${leaks.join("\n  ")}`);

  console.log(`release: wrote the learner edition to ${out}`);
  console.log(`  ${copied} files copied; ${left} instructor-only files left out (${INSTRUCTOR_ONLY.join(", ")})`);
  console.log(`  ${manifest.exercises.length} exercise stubs generated from solutions/, kept also in ${PRISTINE_DIR}/`);
  if (changed.length > 0) console.log(`  (these differed from your exercises/ and were reset to their stubs: ${changed.join(", ")})`);
  console.log(`next: cd ${out} && npm install && npm test   (and npm run test:site for the website)`);
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof ReleaseError) && !(err instanceof ManifestError)) throw err;
    console.error(`release: ${err.message}`);
    process.exitCode = 1;
  }
}
