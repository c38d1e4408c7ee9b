// The notebooks: `npm run notebooks` opens Jupyter with the TypeScript kernel (tslab), and
// `npm run test:notebooks` executes every notebook headless.
//
//   tsx tools/notebooks.ts open     register the kernel locally, start Jupyter on notebooks/
//   tsx tools/notebooks.ts test     execute each notebook into build/notebooks/, fail on any error
//                                   (type errors included) or when its outputs differ from the
//                                   committed ones (the website shows the committed outputs)
//   tsx tools/notebooks.ts update   execute each notebook in place, saving its new outputs
//
// `test` and `update` take optional names to run only some notebooks: `... test 03-etcd`.
//
// The kernel is registered under .jupyter/ in the repository (gitignored), so nothing global is
// needed beyond Jupyter itself. Notebooks import the compiled library as "control-plane/<module>":
// `npm run build` must have run (the npm scripts do it).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { compareOutputs } from "./notebooks/outputs";

const root = path.resolve(__dirname, "..");
const prefix = path.join(root, ".jupyter");
const jupyterPath = path.join(prefix, "share", "jupyter");
const outDir = path.join(root, "build", "notebooks");

const INSTALL_HELP = [
  "Jupyter is needed for the notebooks. On Debian or Ubuntu:",
  "  sudo apt-get install jupyter-notebook python3-nbclient jupyter-nbconvert python3-ipykernel",
  "or with pip:",
  "  pip install notebook nbconvert nbclient ipykernel",
].join("\n");

function findJupyter(): string {
  for (const candidate of ["/usr/bin/jupyter", "jupyter"]) {
    const probe = spawnSync(candidate, ["--version"], { encoding: "utf8" });
    if (probe.status === 0) return candidate;
  }
  console.error(INSTALL_HELP);
  process.exit(1);
}

function pythonFor(jupyter: string): string {
  // The Python that runs Jupyter must also run the kernel launcher.
  if (jupyter === "/usr/bin/jupyter" && fs.existsSync("/usr/bin/python3")) return "/usr/bin/python3";
  return "python3";
}

/** Registers tslab as the kernel "tslab" under .jupyter/, once. */
function ensureKernel(jupyter: string): void {
  const spec = path.join(jupyterPath, "kernels", "tslab", "kernel.json");
  const binary = path.join(root, "node_modules", ".bin", "tslab");
  if (fs.existsSync(spec) && fs.readFileSync(spec, "utf8").includes(binary)) return;
  const result = spawnSync(binary, ["install", `--python=${pythonFor(jupyter)}`, `--binary=${binary}`, "--prefix", prefix], {
    encoding: "utf8",
  });
  if (result.status !== 0 || !fs.existsSync(spec)) {
    console.error(`notebooks: could not register the tslab kernel:\n${result.stdout}${result.stderr}`);
    process.exit(1);
  }
}

function notebookFiles(only: string[]): string[] {
  const dir = path.join(root, "notebooks");
  const all = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".ipynb")).sort() : [];
  if (only.length === 0) return all;
  const unknown = only.filter((name) => !all.includes(name.endsWith(".ipynb") ? name : `${name}.ipynb`));
  if (unknown.length) {
    console.error(`notebooks: no notebook named ${unknown.join(", ")} (have: ${all.join(", ")})`);
    process.exit(2);
  }
  return all.filter((f) => only.some((name) => f === name || f === `${name}.ipynb`));
}

function execute(jupyter: string, file: string, inPlace: boolean): { ok: boolean; ms: number; log: string } {
  const args = ["nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=tslab", "--ExecutePreprocessor.timeout=120"];
  args.push(...(inPlace ? ["--inplace"] : ["--output-dir", outDir]), path.join(root, "notebooks", file));
  const started = Date.now();
  const result = spawnSync(jupyter, args, { encoding: "utf8", env: { ...process.env, JUPYTER_PATH: jupyterPath }, cwd: path.join(root, "notebooks") });
  return { ok: result.status === 0, ms: Date.now() - started, log: `${result.stdout}${result.stderr}` };
}

function test(inPlace: boolean): void {
  const jupyter = findJupyter();
  ensureKernel(jupyter);
  fs.mkdirSync(outDir, { recursive: true });
  const files = notebookFiles(process.argv.slice(3));
  let failed = 0;
  for (const file of files) {
    const run = execute(jupyter, file, inPlace);
    let problem = run.ok ? undefined : lastLines(run.log, 25);
    if (run.ok && !inPlace) {
      const committed = JSON.parse(fs.readFileSync(path.join(root, "notebooks", file), "utf8"));
      const fresh = JSON.parse(fs.readFileSync(path.join(outDir, file), "utf8"));
      const drift = compareOutputs(committed, fresh);
      if (drift) problem = `its saved outputs differ from a fresh run (${drift}); run \`tsx tools/notebooks.ts update\` and commit`;
    }
    if (problem) failed++;
    console.log(`${problem ? "✗" : "✓"} ${file.padEnd(36)} ${(run.ms / 1000).toFixed(1).padStart(6)} s`);
    if (problem) console.log(problem.replace(/^/gm, "    "));
  }
  console.log(`notebooks: ${files.length - failed} passed, ${failed} failed`);
  if (failed) process.exit(1);
}

function open(): void {
  const jupyter = findJupyter();
  ensureKernel(jupyter);
  console.log("Opening Jupyter on notebooks/ (kernel: TypeScript, tslab). Stop with Ctrl-C.");
  spawnSync(jupyter, ["notebook", "--notebook-dir", path.join(root, "notebooks"), ...process.argv.slice(3)], {
    stdio: "inherit",
    env: { ...process.env, JUPYTER_PATH: jupyterPath },
  });
}

function lastLines(text: string, n: number): string {
  return text.trim().split("\n").slice(-n).join("\n");
}

const command = process.argv[2];
if (command === "open") open();
else if (command === "test") test(false);
else if (command === "update") test(true);
else {
  console.error(`notebooks: unknown command "${command ?? ""}"; use open, test or update`);
  process.exit(2);
}
