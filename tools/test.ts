// `npm test`: everything a change must keep green, in one command.
//
//   1. types      src/ (strict), then tools, tests, exercises and solutions, then the website
//   2. unit       the library's and the tools' tests (vitest)
//   3. snippets   chapters quote src/ exactly; other chapter TypeScript type-checks
//   4. exercises  solutions earn full points, pristine stubs earn zero, stubs match generation,
//                 and every exercise the learner has started passes
//
// Every step runs even when an earlier one fails, so one run shows every problem. The last line
// counts tests: "N passed, M failed".
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(__dirname, "..");
const bin = (name: string): string => path.join(root, "node_modules", ".bin", name);
// Not node_modules/.bin/tsc: tslab's bundled TypeScript 5.0 claims that name.
const tsc = [process.execPath, path.join(root, "node_modules", "typescript", "bin", "tsc")];

interface Step {
  name: string;
  command: string[];
  /** Reads how many tests the step ran; default: the step counts as one. */
  count?: () => { passed: number; failed: number } | undefined;
}

const vitestJson = path.join(root, "build", "vitest-results.json");

const steps: Step[] = [
  { name: "types: src", command: [...tsc, "-p", "tsconfig.json", "--noEmit"] },
  { name: "types: tools, tests, exercises", command: [...tsc, "-p", "tsconfig.tools.json"] },
  { name: "types: website", command: [...tsc, "-p", "website/tsconfig.json"] },
  {
    name: "unit tests",
    command: [bin("vitest"), "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`],
    count: () => {
      if (!fs.existsSync(vitestJson)) return undefined;
      const r = JSON.parse(fs.readFileSync(vitestJson, "utf8")) as { numPassedTests: number; numFailedTests: number };
      return { passed: r.numPassedTests, failed: r.numFailedTests };
    },
  },
  { name: "chapter snippets", command: [bin("tsx"), "tools/snippets.ts", "check"] },
  // In CI the tree is pristine, so every exercise file must equal its generated stub (--strict);
  // on a learner's machine an edited file is their work in progress, graded instead.
  { name: "exercises", command: [bin("tsx"), "tools/grade.ts", "--check", ...(process.env.CI ? ["--strict"] : [])] },
];

function main(): void {
  fs.mkdirSync(path.dirname(vitestJson), { recursive: true });
  fs.rmSync(vitestJson, { force: true });
  let passed = 0;
  let failed = 0;
  const summary: string[] = [];
  for (const step of steps) {
    console.log(`\n── ${step.name} ${"─".repeat(Math.max(0, 60 - step.name.length))}`);
    const started = Date.now();
    const [command, ...args] = step.command;
    const result = spawnSync(command!, args, { cwd: root, stdio: "inherit", env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? "1" } });
    const ok = result.status === 0;
    const counted = step.count?.() ?? { passed: ok ? 1 : 0, failed: ok ? 0 : 1 };
    if (!ok && counted.failed === 0) counted.failed = 1; // a crash or a type error counts as a failure
    passed += counted.passed;
    failed += counted.failed;
    summary.push(`${ok ? "✓" : "✗"} ${step.name.padEnd(34)} ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s`);
  }
  console.log(`\n${summary.join("\n")}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main();
