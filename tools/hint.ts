// `npm run hint -- <id>`: the next hint for an exercise, one at a time.
//
//   npm run hint                   list the exercises and how many hints you have seen
//   npm run hint -- <id>           the next hint (the count is remembered in .hints.json)
//   npm run hint -- <id> --all     every hint, and what to read
//   npm run hint -- <id> --reset   forget how many hints you have seen (all exercises without <id>)
//
// .hints.json (at the repository root, git-ignored) maps exercise id to hints seen: {"quorum": 2}.
import fs from "node:fs";
import path from "node:path";
import { type Exercise, loadManifest, ManifestError } from "./exercises/manifest";

const root = path.resolve(__dirname, "..");
export const HINTS_FILE = path.join(root, ".hints.json");

type Seen = Record<string, number>;

function readSeen(): Seen {
  try {
    const raw: unknown = JSON.parse(fs.readFileSync(HINTS_FILE, "utf8"));
    if (typeof raw !== "object" || raw === null) return {};
    return Object.fromEntries(
      Object.entries(raw).filter((e): e is [string, number] => typeof e[1] === "number" && e[1] >= 0),
    );
  } catch {
    return {}; // no file yet, or a damaged one: start counting again
  }
}

function writeSeen(seen: Seen): void {
  fs.writeFileSync(HINTS_FILE, JSON.stringify(seen, null, 2) + "\n");
}

function reading(ex: Exercise): string[] {
  return ex.read.length === 0 ? [] : ["", "Read:", ...ex.read.map((r) => `  - ${r}`)];
}

function showAll(ex: Exercise): string[] {
  return [
    `${ex.id}: ${ex.title} (${ex.points} points)`,
    `Concept: ${ex.concept}`,
    "",
    ...ex.hints.map((h, i) => `Hint ${i + 1} of ${ex.hints.length}: ${h}`),
    ...reading(ex),
  ];
}

function main(argv: string[]): number {
  const flags = new Set(argv.filter((a) => a.startsWith("-")));
  const ids = argv.filter((a) => !a.startsWith("-"));
  for (const f of flags) {
    if (f !== "--all" && f !== "--reset") {
      console.error(`hint: unknown option ${f}; use --all or --reset`);
      return 2;
    }
  }
  const manifest = loadManifest(root);
  const seen = readSeen();
  const known = manifest.exercises.map((e) => e.id);

  if (ids.length === 0) {
    if (flags.has("--reset")) {
      writeSeen({});
      console.log("hint: forgot the hints seen for every exercise");
      return 0;
    }
    console.log("usage: npm run hint -- <exercise> [--all | --reset]\n");
    for (const ex of manifest.exercises) {
      console.log(`  ${ex.id.padEnd(20)} ${ex.chapter.padEnd(14)} ${seen[ex.id] ?? 0} of ${ex.hints.length} hints seen`);
    }
    return 0;
  }
  if (ids.length > 1) {
    console.error("hint: one exercise at a time, please");
    return 2;
  }
  const id = ids[0]!;
  const ex = manifest.exercises.find((e) => e.id === id);
  if (!ex) {
    console.error(`hint: no exercise "${id}". The exercises are: ${known.join(", ")}`);
    return 2;
  }
  if (flags.has("--reset")) {
    delete seen[id];
    writeSeen(seen);
    console.log(`hint: forgot the hints seen for ${id}`);
    return 0;
  }
  if (ex.hints.length === 0) {
    console.log([`${id} has no hints.`, `Concept: ${ex.concept}`, ...reading(ex)].join("\n"));
    return 0;
  }
  if (flags.has("--all")) {
    seen[id] = ex.hints.length;
    writeSeen(seen);
    console.log(showAll(ex).join("\n"));
    return 0;
  }
  const already = Math.min(seen[id] ?? 0, ex.hints.length);
  if (already >= ex.hints.length) {
    console.log([`You have seen every hint for ${id}:`, "", ...showAll(ex)].join("\n"));
    console.log(`\n(\`npm run hint -- ${id} --reset\` starts again from the first hint)`);
    return 0;
  }
  const lines = [`Hint ${already + 1} of ${ex.hints.length} for ${id} (${ex.title}):`, "", `  ${ex.hints[already]}`];
  if (already === 0) lines.push("", `Concept: ${ex.concept}`);
  lines.push(
    "",
    already + 1 < ex.hints.length
      ? `(run \`npm run hint -- ${id}\` again for the next hint)`
      : "(that was the last hint)",
  );
  if (already + 1 === ex.hints.length) lines.push(...reading(ex));
  seen[id] = already + 1;
  writeSeen(seen);
  console.log(lines.join("\n"));
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof ManifestError)) throw err;
    console.error(`hint: ${err.message}`);
    process.exitCode = 1;
  }
}
