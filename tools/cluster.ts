// `npm run cluster`: the course's control plane serving the real Kubernetes API on this machine,
// for a real kubectl (or any client-go / client-node program).
//
//   npm run cluster -- [--port 6443] [--host 127.0.0.1] [--store memory|etcd]
//                      [--etcd-endpoints http://127.0.0.1:2379,...] [--data-dir .cluster]
//                      [--seed N] [--verbose]
//
// It writes a CA, the API server's serving certificate and an admin client certificate under
// <data-dir>/pki, and <data-dir>/kubeconfig (kubeadm's admin.conf), then serves HTTPS until
// Ctrl-C (SIGINT) or SIGTERM, which stop it cleanly: open watches end, connections close, the
// etcd client disconnects, exit code 0.
//
// The control plane runs on the wall clock (RealClock) and a seeded Rng (uids, generated names),
// the same code the tests and notebooks run on virtual time. Later chapters add the scheduler
// and the controllers to `startControlPlane` below.
import path from "node:path";
import { parseArgs } from "node:util";
import { Etcd3 } from "etcd3";
import { startSecureServing } from "../src/apiserver/http/secure-serving.node";
import { httpsWebhookTransport } from "../src/apiserver/http/webhook-transport.node";
import { ApiServer } from "../src/apiserver/server/api-server";
import { CachedStorage } from "../src/apiserver/storage/cached-storage";
import { Etcd3KV } from "../src/apiserver/storage/etcd3-kv";
import { EtcdStore } from "../src/apiserver/storage/etcd-store";
import { RealClock } from "../src/sim/real-clock";
import { Rng } from "../src/sim/rng";

const USAGE = `Usage: npm run cluster -- [flags]

Serves the Kubernetes API of the course's control plane on https://HOST:PORT for kubectl.

Flags:
  --port P                  port to listen on (default 6443, kube-apiserver's; 0 picks a free one)
  --host H                  address to listen on (default 127.0.0.1: this machine only)
  --store memory|etcd       where objects live (default memory: gone when the cluster stops)
  --etcd-endpoints URL,...  etcd client URLs for --store etcd (default http://127.0.0.1:2379)
  --data-dir DIR            where certificates and the kubeconfig are written (default .cluster)
  --seed N                  seed of the random numbers behind uids and generated names
                            (default: the start time, so a restart over a kept etcd gets new uids)
  -v, --verbose             log every request (method, URL, status, milliseconds)
  -h, --help                show this help`;

export type StoreFlags = { kind: "memory" } | { kind: "etcd"; endpoints: string[] };

export interface ClusterFlags {
  port: number;
  host: string;
  store: StoreFlags;
  dataDir: string;
  seed: number;
  verbose: boolean;
}

/** A flag the user got wrong: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export function parseClusterFlags(argv: readonly string[], cwd: string, now: number): ClusterFlags | "help" {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: "string", default: "6443" },
        host: { type: "string", default: "127.0.0.1" },
        store: { type: "string", default: "memory" },
        "etcd-endpoints": { type: "string" },
        "data-dir": { type: "string", default: ".cluster" },
        seed: { type: "string" },
        verbose: { type: "boolean", short: "v", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (values.help) return "help";
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: want a port number from 0 to 65535, got "${values.port}"`);
  const seed = values.seed === undefined ? now : Number(values.seed);
  if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed: want an integer, got "${values.seed}"`);
  let store: StoreFlags;
  if (values.store === "memory") {
    if (values["etcd-endpoints"] !== undefined) throw new UsageError("--etcd-endpoints needs --store etcd");
    store = { kind: "memory" };
  } else if (values.store === "etcd") {
    const endpoints = (values["etcd-endpoints"] ?? "http://127.0.0.1:2379").split(",").map((e) => e.trim()).filter((e) => e !== "");
    for (const e of endpoints) {
      if (!/^https?:\/\/[^/]+$/.test(e)) throw new UsageError(`--etcd-endpoints: want URLs like http://127.0.0.1:2379, got "${e}"`);
    }
    store = { kind: "etcd", endpoints };
  } else {
    throw new UsageError(`--store: want "memory" or "etcd", got "${values.store}"`);
  }
  return { port, host: values.host, store, dataDir: path.resolve(cwd, values["data-dir"]), seed, verbose: values.verbose };
}

//> start-control-plane
/**
 * The whole cluster this command runs, wired in one place: today the API server on the wall
 * clock; later chapters add the scheduler and the controllers here, as clients of `apiServer`.
 */
export async function startControlPlane(flags: ClusterFlags): Promise<{ url: string; kubeconfigPath: string; stop(): Promise<void> }> {
  const clock = new RealClock();
  const rng = new Rng(flags.seed);

  // Storage: the default in-memory MVCC store, or a real etcd through the same KV interface
  // (same /registry/... keys), behind the watch cache as kube-apiserver has it.
  let etcd: Etcd3 | undefined;
  let storage: CachedStorage | undefined;
  if (flags.store.kind === "etcd") {
    etcd = new Etcd3({ hosts: flags.store.endpoints, dialTimeout: 5_000 });
    await etcd.get("/registry/health-probe").string().catch((err: unknown) => {
      void etcd?.close();
      throw new Error(`etcd at ${flags.store.kind === "etcd" ? flags.store.endpoints.join(",") : ""} does not answer: ${err instanceof Error ? err.message : String(err)}`);
    });
    storage = new CachedStorage(new EtcdStore(new Etcd3KV(etcd)), { clock });
  }
  // Admission webhooks over real HTTPS: `kubectl apply` a MutatingWebhookConfiguration whose
  // clientConfig.url (and caBundle) points at your own webhook server, and it is called.
  const apiServer = new ApiServer({
    clock, rng, ...(storage ? { storage } : {}), serverAddress: `${flags.host}:${flags.port}`, webhookTransport: httpsWebhookTransport(),
  });
  await apiServer.start(); // caches filled; namespaces and RBAC bootstrapped (kept if already stored)

  const serving = await startSecureServing({
    handler: apiServer,
    dir: flags.dataDir,
    host: flags.host,
    port: flags.port,
    ...(flags.verbose ? { onRequest: (r) => console.log(`${r.method} ${r.url} ${r.status} ${r.ms}ms`) } : {}),
  });
  return {
    url: serving.url,
    kubeconfigPath: serving.kubeconfigPath,
    async stop() {
      await serving.close(); // first the network edge: watches end, no new requests
      apiServer.stop(); // then the caches' watches
      storage?.stop();
      await etcd?.close();
      clock.stop(); // and any timer left (watch timeouts), so the process can exit
    },
  };
}
//< start-control-plane

async function main(): Promise<void> {
  let flags;
  try {
    flags = parseClusterFlags(process.argv.slice(2), process.cwd(), Date.now());
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`cluster: ${err.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (flags === "help") {
    console.log(USAGE);
    return;
  }
  let cluster;
  try {
    cluster = await startControlPlane(flags);
  } catch (err) {
    const code = (err as { code?: string }).code;
    const hint = code === "EADDRINUSE" ? ` (port ${flags.port} is taken: is another cluster running? try --port 0)` : "";
    console.error(`cluster: could not start: ${err instanceof Error ? err.message : String(err)}${hint}`);
    process.exit(1);
  }
  const relative = path.relative(process.cwd(), cluster.kubeconfigPath);
  const kubeconfig = relative.startsWith("..") ? cluster.kubeconfigPath : `$PWD/${relative}`;
  console.log(
    `The Kubernetes API is served at ${cluster.url} (store: ${flags.store.kind}, seed ${flags.seed}).\n\n` +
      `In another shell:\n  export KUBECONFIG=${kubeconfig}\n  kubectl get ns\n\n` +
      `Press Ctrl-C to stop.`,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping...`);
    cluster.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(`cluster: error while stopping: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

if (require.main === module) void main();
