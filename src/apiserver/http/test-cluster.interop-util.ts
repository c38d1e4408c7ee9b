/// <reference types="node" />
// A cluster for the interoperability tests: the in-process API server behind the HTTPS front on
// a free loopback port, fresh certificates and an admin kubeconfig in a temporary folder, and a
// `kubectl` runner whose HOME is another temporary folder (kubectl caches discovery under
// ~/.kube/cache for ten minutes: a stale cache from another run would hide what the server says).
//
// Test code only (tsconfig.json excludes *.interop-util.ts). It waits on the wall clock on
// purpose: kubectl is a real process that answers in real time.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ApiHandler } from "./https-front.node";
import { startSecureServing, type SecureServing } from "./secure-serving.node";

export const KUBECTL = process.env["KUBECTL"] ?? "/usr/bin/kubectl";

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface TestCluster {
  readonly serving: SecureServing;
  readonly dir: string;
  /** Runs kubectl with this cluster's kubeconfig; never rejects (a failure is a result). */
  kubectl(args: readonly string[], options?: { input?: string; env?: Record<string, string>; timeoutMs?: number }): Promise<KubectlResult>;
  /** Starts a long-running kubectl (`get -w`); the caller kills it, stop() kills what is left. */
  spawnKubectl(args: readonly string[]): RunningKubectl;
  /** Writes a file in the cluster's temporary folder and returns its path. */
  writeFile(name: string, content: string): string;
  stop(): Promise<void>;
}

export async function startTestCluster(handler: ApiHandler, onStop: () => Promise<void> | void = () => {}): Promise<TestCluster> {
  if (!fs.existsSync(KUBECTL)) throw new Error(`kubectl not found at ${KUBECTL}: install it or set KUBECTL`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cluster-interop-"));
  const home = path.join(dir, "home");
  fs.mkdirSync(home);
  const serving = await startSecureServing({ handler, dir, port: 0 });
  const children = new Set<ChildProcess>();
  const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
    PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: home, KUBECONFIG: serving.kubeconfigPath, ...extra,
  });

  return {
    serving,
    dir,
    kubectl(args, options = {}) {
      return new Promise((resolve) => {
        const child = execFile(
          KUBECTL, ["--kubeconfig", serving.kubeconfigPath, ...args],
          { env: env(options.env), timeout: options.timeoutMs ?? 30_000, killSignal: "SIGKILL", maxBuffer: 16 * 1024 * 1024 },
          (err, stdout, stderr) => {
            children.delete(child);
            const code = err === null ? 0 : typeof err.code === "number" ? err.code : -1;
            resolve({ code, stdout, stderr: err?.killed ? `${stderr}\n(killed after timeout)` : stderr });
          },
        );
        children.add(child);
        if (options.input !== undefined) child.stdin?.end(options.input);
      });
    },
    spawnKubectl(args) {
      const child = spawn(KUBECTL, ["--kubeconfig", serving.kubeconfigPath, ...args], { env: env(), stdio: ["ignore", "pipe", "pipe"] });
      children.add(child);
      child.once("exit", () => children.delete(child));
      return collectOutput(child);
    },
    writeFile(name, content) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, content);
      return file;
    },
    async stop() {
      for (const child of children) child.kill("SIGKILL");
      await serving.close();
      await onStop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A long-running kubectl whose output is collected from the start, so no line is missed. */
export interface RunningKubectl {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with all stdout so far once `pattern` matches it; rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  kill(): void;
}

export function collectOutput(child: ChildProcess): RunningKubectl {
  let out = "";
  let err = "";
  const waiters = new Set<() => void>();
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
    for (const check of [...waiters]) check();
  });
  child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    kill: () => child.kill("SIGKILL"),
    waitFor(pattern, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!pattern.test(out)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(out);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${pattern} in kubectl's output after ${timeoutMs} ms:\n${out}\nstderr:\n${err}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}
