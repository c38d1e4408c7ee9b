// Runs one submission's test files in a sandbox, with a wall-time limit per test file and a
// memory limit, and returns each file's outcome. A file that hangs, blows the memory limit or
// crashes its process gets a fate instead of test results, and the files after it still run.
//
// The layers, outside in:
//   1. A separate process group per submission (sandbox-child.ts: vitest, trusted code), started
//      with a scrubbed environment (no NODE_OPTIONS, no tokens, HOME and TMPDIR in its scratch
//      folder). The grader kills the whole group on a limit, so nothing it started survives.
//   2. Test workers (where submitted code runs) under Node's permission model: they may read only
//      node_modules/ and their own scratch folder (the compiled modules vitest hands them), write
//      nothing, start no processes, no worker threads, no native addons. So not the instructor's
//      solutions/ or hidden tests on disk, and not another learner's files.
//   3. --disallow-code-generation-from-strings (no eval, no new Function), a V8 heap limit, the
//      lockdown setup file (frozen built-ins, silent console), and the import guard in the
//      resolver (policy.ts).
//   4. This watchdog: wall time per test file (it knows which file runs: one at a time), and the
//      resident memory of the whole process group, read from /proc, which also catches memory V8
//      does not count (Buffers, ArrayBuffers).
//
// Not done here (see tools/grading/README.md): network isolation, CPU quotas, running as another
// user. On Linux as root, `--os-sandbox` adds a network namespace (unshare).
import { type ChildProcess, fork, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { FileOutcome } from "../exercises/run-tests";
import type { ChildMessage, ChildRequest } from "./sandbox-child";

export interface Limits {
  /** Wall time one test file may take, from the moment its worker starts running it. */
  timePerFileMs: number;
  /** Heap of a test worker, in MB; the whole process group may use this plus RUNNER_ALLOWANCE_MB. */
  memoryMb: number;
  /** vitest's per-test timeout, for tests that wait on promises. */
  testTimeoutMs: number;
}

// Generous on purpose: a limit near an honest run's duration makes scores depend on the machine's
// load, and the same submission must always get the same score. Calibration reports the slowest
// reference file, and warns when it comes within a third of the limit.
export const DEFAULT_LIMITS: Limits = { timePerFileMs: 60_000, memoryMb: 512, testTimeoutMs: 30_000 };

/** Resident memory the runner itself (vitest, vite, the worker's baseline) may use on top of the limit. */
export const RUNNER_ALLOWANCE_MB = 768;

export type Fate = "timeout" | "memory" | "crashed";

export interface FileResult extends FileOutcome {
  /** Set when the file did not finish: why. Its tests (if any were reported) earn nothing. */
  fate?: Fate;
  /** Wall time from the start of the file to its end, when both were seen. */
  durationMs?: number;
}

export interface SandboxSpec {
  root: string;
  tree: string;
  tmpDir: string;
  testFiles: string[];
  /**
   * Test files that grade the same exercise. When one of them hangs, blows the memory limit or
   * crashes, the exercise scores zero anyway, so the others are not run (they get the same fate).
   */
  groups?: string[][];
  limits: Limits;
  /** Wrap the runner in `unshare --net` (Linux, root): no network. */
  osSandbox?: boolean;
}

const CHILD = path.join(__dirname, "sandbox-child.ts");
const LOCKDOWN = path.join(__dirname, "lockdown.ts");

/** The permission-model flag of this Node version (renamed in Node 22.13 / 23.5). */
export function permissionFlag(version = process.versions.node): string {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  return major > 23 || (major === 23 && minor >= 5) || (major === 22 && minor >= 13) ? "--permission" : "--experimental-permission";
}

/** The Node flags of a test worker that runs submitted code. */
export function workerArgv(root: string, tmpDir: string, memoryMb: number): string[] {
  return [
    permissionFlag(),
    // One flag per path: Node 20 does not split a comma-separated list reliably.
    `--allow-fs-read=${path.join(root, "node_modules")}${path.sep}*`,
    `--allow-fs-read=${tmpDir}${path.sep}*`,
    "--disallow-code-generation-from-strings",
    `--max-old-space-size=${memoryMb}`,
    "--no-warnings",
  ];
}

/** The environment of the runner: nothing from the grader's, except a minimal PATH. */
export function scrubbedEnv(tmpDir: string): NodeJS.ProcessEnv {
  return {
    PATH: "/usr/local/bin:/usr/bin:/bin",
    HOME: tmpDir,
    TMPDIR: tmpDir,
    TZ: "UTC",
    LANG: "C.UTF-8",
    NODE_ENV: "test",
    FORCE_COLOR: "0",
  };
}

let unshareWorks: boolean | undefined;
/** Whether `unshare --net` works here (Linux, root or user namespaces allowed). Probed once. */
export function canUnshareNet(): boolean {
  if (unshareWorks === undefined) {
    const probe = spawnSync("unshare", ["--net", "true"], { stdio: "ignore", timeout: 5000 });
    unshareWorks = probe.status === 0;
  }
  return unshareWorks;
}

/** Resident set size of every process in process group `pgid`, in bytes; undefined without /proc. */
export function groupRss(pgid: number): number | undefined {
  let entries: string[];
  try {
    entries = fs.readdirSync("/proc");
  } catch {
    return undefined;
  }
  let total = 0;
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${e}/stat`, "utf8");
    } catch {
      continue; // gone
    }
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[2]) === pgid) total += Number(fields[21]) * 4096;
  }
  return total;
}

function killGroup(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
  } catch {
    // already gone
  }
}

interface Attempt {
  results: Map<string, FileResult>;
  /** The file that was running when the attempt ended early, and why it ended. */
  stopped?: { file?: string; fate: Fate; detail: string };
}

function attempt(spec: SandboxSpec, files: string[]): Promise<Attempt> {
  const results = new Map<string, FileResult>();
  const request: ChildRequest = {
    root: spec.root,
    tree: spec.tree,
    tmpDir: spec.tmpDir,
    testFiles: files,
    testTimeoutMs: spec.limits.testTimeoutMs,
    workerArgv: workerArgv(spec.root, spec.tmpDir, spec.limits.memoryMb),
    setupFile: LOCKDOWN,
  };
  const execArgv = ["--import", "tsx"];
  const options = {
    cwd: spec.root,
    env: scrubbedEnv(spec.tmpDir),
    stdio: ["ignore", "ignore", "pipe", "ipc"] as ("ignore" | "pipe" | "ipc")[],
    detached: true,
  };
  // `unshare --net node ...` keeps the IPC channel (a socketpair survives the namespace change).
  const child =
    spec.osSandbox && canUnshareNet()
      ? fork(CHILD, [], { ...options, execPath: "unshare", execArgv: ["--net", process.execPath, ...execArgv] })
      : fork(CHILD, [], { ...options, execArgv });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const onExit = () => killGroup(child);
  process.once("exit", onExit);

  return new Promise<Attempt>((resolve) => {
    let current: { file: string; since: number } | undefined;
    let lastEvent = Date.now();
    let finished = false;
    const startupLimit = 60_000 + spec.limits.timePerFileMs;
    const limitBytes = (spec.limits.memoryMb + RUNNER_ALLOWANCE_MB) * 1024 * 1024;
    let ticks = 0;
    const finish = (stopped?: Attempt["stopped"]) => {
      if (finished) return;
      finished = true;
      clearInterval(watchdog);
      killGroup(child);
      process.removeListener("exit", onExit);
      resolve(stopped ? { results, stopped } : { results });
    };
    const watchdog = setInterval(() => {
      const now = Date.now();
      if (current && now - current.since > spec.limits.timePerFileMs) {
        return finish({ file: current.file, fate: "timeout", detail: `did not finish within ${spec.limits.timePerFileMs / 1000} s: is there a loop that never ends?` });
      }
      if (!current && now - lastEvent > startupLimit) {
        return finish({ fate: "crashed", detail: `the test runner did not start a test file within ${startupLimit / 1000} s` });
      }
      if (++ticks % 3 === 0 && child.pid !== undefined) {
        const rss = groupRss(child.pid);
        if (rss !== undefined && rss > limitBytes) {
          return finish({
            ...(current ? { file: current.file } : {}),
            fate: "memory",
            detail: `used more than ${spec.limits.memoryMb + RUNNER_ALLOWANCE_MB} MB of memory (limit ${spec.limits.memoryMb} MB for the tests): is something growing without bound?`,
          });
        }
      }
    }, 100);
    child.on("message", (raw) => {
      const message = raw as ChildMessage;
      lastEvent = Date.now();
      if (message.type === "start") current = { file: message.file, since: lastEvent };
      else if (message.type === "module") {
        const durationMs = current?.file === message.outcome.file ? lastEvent - current.since : undefined;
        results.set(message.outcome.file, durationMs === undefined ? message.outcome : { ...message.outcome, durationMs });
        if (current?.file === message.outcome.file) current = undefined;
      } else finish();
    });
    child.on("exit", () => {
      const why = stderr.trim().split("\n").slice(-3).join("\n") || "no message";
      finish({ ...(current ? { file: current.file } : {}), fate: "crashed", detail: `the test process stopped (${why})` });
    });
    child.send(request);
  });
}

/**
 * Runs `spec.testFiles` against the submission in `spec.tree`. Returns one FileResult per test
 * file. When a file hangs, grows past the memory limit or kills its process, it gets that fate,
 * the process group is killed, and the files not yet run get a fresh runner.
 */
export async function runSandboxed(spec: SandboxSpec): Promise<Map<string, FileResult>> {
  const results = new Map<string, FileResult>();
  let remaining = [...spec.testFiles];
  while (remaining.length > 0) {
    const { results: got, stopped } = await attempt(spec, remaining);
    for (const [file, outcome] of got) results.set(file, outcome);
    if (stopped) {
      // Blame the file that was running; with none running, nothing more can be learned.
      const blamed = stopped.file && !got.has(stopped.file) ? [stopped.file] : remaining.filter((f) => !got.has(f));
      for (const file of blamed) {
        results.set(file, { file, tests: [], error: stopped.detail, fate: stopped.fate });
        for (const sibling of spec.groups?.find((g) => g.includes(file)) ?? []) {
          if (!results.has(sibling)) {
            results.set(sibling, { file: sibling, tests: [], error: `not run: another test file of the same exercise ${stopped.detail}`, fate: stopped.fate });
          }
        }
      }
    }
    const next = spec.testFiles.filter((f) => !results.has(f));
    if (next.length === remaining.length) {
      for (const file of next) results.set(file, { file, tests: [], error: "did not run: the test runner stopped", fate: "crashed" });
      break;
    }
    remaining = next;
  }
  return results;
}
