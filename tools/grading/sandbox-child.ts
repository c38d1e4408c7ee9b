// The test runner of ONE submission, in its own process (started by sandbox.ts).
//
// This process runs only the course's code: vitest, the resolver plugin and the reporter below.
// The submission's code runs in vitest's worker processes, which it starts with the restricted
// `workerArgv` (Node's permission model, no code generation from strings, a heap limit) and the
// lockdown setup file. One worker at a time (maxWorkers 1), a fresh one per test file, so the
// grader always knows which test file is running and one exercise cannot disturb the next.
//
// What comes back to the grader, over the IPC channel: "start" when a test file starts, its
// outcome when it ends, "done" at the end. Test outcomes are read from vitest's state in this
// process, never from anything the submission prints.
import path from "node:path";
import type { TestModule, TestSpecification } from "vitest/node" with { "resolution-mode": "import" };
import { exerciseResolver, type FileOutcome, fileOutcome } from "../exercises/run-tests";
import { allowedImport } from "./allowed";

export interface ChildRequest {
  /** The instructor's course root: src/, node_modules/, the tests. */
  root: string;
  /** The submission's tree, shaped like exercises/. */
  tree: string;
  /** This submission's scratch folder (vitest's transformed modules, snapshots). */
  tmpDir: string;
  testFiles: string[];
  testTimeoutMs: number;
  workerArgv: string[];
  setupFile: string;
}

export type ChildMessage =
  | { type: "start"; file: string }
  | { type: "module"; outcome: FileOutcome }
  | { type: "done" };

function guard(source: string, from: string): string | undefined {
  if (source.startsWith("\0") || source.startsWith("/@")) return undefined; // vite's own virtual modules
  return allowedImport(from, source)
    ? undefined
    : `grading policy: ${from} may not import "${source}"; a submission may import only the course library (../../src/...) and its own exercise files`;
}

async function run(request: ChildRequest): Promise<void> {
  const { createVitest } = await import("vitest/node");
  const send = (message: ChildMessage) =>
    new Promise<void>((resolve) => {
      process.send!(message, () => resolve());
    });
  const pending: Promise<void>[] = [];
  const sent = new Set<string>();
  const report = (mod: TestModule) => {
    if (sent.has(mod.moduleId)) return;
    sent.add(mod.moduleId);
    pending.push(send({ type: "module", outcome: fileOutcome(mod) }));
  };
  const vitest = await createVitest(
    "test",
    {
      config: false,
      root: request.root,
      watch: false,
      silent: true,
      update: false,
      maxWorkers: 1,
      fileParallelism: false,
      passWithNoTests: true,
      // Snapshots would be looked up next to the test files, which the workers may not read.
      resolveSnapshotPath: (testPath: string, extension: string) =>
        path.join(request.tmpDir, "snapshots", path.basename(testPath) + extension),
      reporters: [
        {
          onTestModuleStart: (mod: TestModule) => void send({ type: "start", file: mod.moduleId }),
          onTestModuleEnd: report,
        },
      ],
      projects: [
        {
          plugins: [exerciseResolver(request.tree, path.join(request.root, "exercises"), guard)],
          test: {
            name: "submission",
            root: request.root,
            include: [],
            pool: "forks",
            isolate: true,
            maxWorkers: 1,
            fileParallelism: false,
            execArgv: request.workerArgv,
            setupFiles: [request.setupFile],
            testTimeout: request.testTimeoutMs,
            hookTimeout: request.testTimeoutMs,
            env: {},
          },
        },
      ],
    },
    { cacheDir: path.join(request.tmpDir, "vite-cache") },
  );
  try {
    const project = vitest.getProjectByName("submission");
    const specs: TestSpecification[] = request.testFiles.map((file) => project.createSpecification(file));
    await vitest.runTestSpecifications(specs, true);
    for (const mod of vitest.state.getTestModules()) report(mod);
  } finally {
    await Promise.all(pending);
    await send({ type: "done" });
    await vitest.close();
  }
}

if (require.main === module) {
  process.once("message", (request) => {
    run(request as ChildRequest).then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
        process.exit(1);
      },
    );
  });
}
