// The API server over real HTTPS on loopback, the way kubectl and controllers reach it: creates,
// gets, lists and updates per second with p50/p99 latency, the CPU time each pipeline phase
// takes (from the server's own /metrics), and a watch fanned out to 1000 watchers. Each workload
// runs twice: on the embedded MVCC store and on a real etcd (Debian's etcd-server, started here
// on loopback), with the watch cache in front of both as kube-apiserver has it.
//
//   npm run bench -- apiserver            (BENCH_OPS=N and BENCH_WATCHERS=N scale it)
//
// Client and server share this process and its two cores, so the figures are the cost of the
// whole round trip on one machine, TLS included, not a server's capacity under a fleet of clients.
import fs from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Etcd3 } from "etcd3";
import { startSecureServing, type SecureServing } from "../src/apiserver/http/secure-serving.node";
import { ApiServer } from "../src/apiserver/server/api-server";
import { CachedStorage } from "../src/apiserver/storage/cached-storage";
import { Etcd3KV } from "../src/apiserver/storage/etcd3-kv";
import { EtcdStore } from "../src/apiserver/storage/etcd-store";
import { startEtcd, type EtcdServer } from "../src/apiserver/storage/etcd-server.interop-util";
import type { Storage } from "../src/apiserver/storage/interfaces";
import { RealClock } from "../src/sim/real-clock";
import { Rng } from "../src/sim/rng";

const OPS = Number(process.env["BENCH_OPS"] ?? 2000);
const WATCHERS = Number(process.env["BENCH_WATCHERS"] ?? 1000);
const WATCH_EVENTS = 20;
const CONCURRENCY = 8;
const NS = "bench";

interface Backend {
  name: "embedded" | "etcd";
  storage?: Storage;
  stop(): Promise<void>;
}

interface Response {
  status: number;
  body: string;
}

/** One HTTPS client with the admin certificate: keep-alive sockets, as client-go keeps them. */
class Client {
  private readonly agent: https.Agent;
  constructor(private readonly serving: SecureServing, maxSockets: number) {
    const { ca, admin } = serving.pki;
    this.agent = new https.Agent({ keepAlive: true, maxSockets, ca: ca.certPem, cert: admin.certPem, key: admin.keyPem });
  }

  request(method: string, urlPath: string, body?: unknown): Promise<Response> {
    const data = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = https.request(`${this.serving.url}${urlPath}`, {
        method, agent: this.agent, headers: data === undefined ? {} : { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(data) },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      });
      req.on("error", reject);
      req.end(data);
    });
  }

  /** A watch stream: calls onLine with each event line; resolves once the response headers arrived. */
  watch(urlPath: string, onLine: (line: string) => void): Promise<() => void> {
    return new Promise((resolve, reject) => {
      const req = https.request(`${this.serving.url}${urlPath}`, { agent: this.agent }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`watch ${urlPath}: HTTP ${res.statusCode}`));
        let buffered = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          buffered += chunk;
          for (let nl = buffered.indexOf("\n"); nl >= 0; nl = buffered.indexOf("\n")) {
            onLine(buffered.slice(0, nl));
            buffered = buffered.slice(nl + 1);
          }
        });
        res.on("error", () => {});
        resolve(() => req.destroy());
      });
      req.on("error", (err) => reject(err));
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

function expectStatus(res: Response, want: number[], what: string): void {
  if (!want.includes(res.status)) throw new Error(`${what}: HTTP ${res.status}: ${res.body.slice(0, 300)}`);
}

const quantile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

interface OpResult {
  op: string;
  count: number;
  perS: number;
  p50: number;
  p99: number;
}

/** Runs `count` requests, CONCURRENCY at a time; each `one(i)` is one request. */
async function measure(op: string, count: number, one: (i: number) => Promise<void>): Promise<OpResult> {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  const worker = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) {
      const s = performance.now();
      await one(i);
      latencies.push(performance.now() - s);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return { op, count, perS: Math.round(count / seconds), p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) };
}

/** Per-phase sum and count of course_apiserver_phase_duration_seconds, from /metrics. */
async function phaseTotals(client: Client): Promise<Map<string, { sum: number; count: number }>> {
  const res = await client.request("GET", "/metrics");
  expectStatus(res, [200], "GET /metrics");
  const out = new Map<string, { sum: number; count: number }>();
  for (const m of res.body.matchAll(/^course_apiserver_phase_duration_seconds_(sum|count)\{phase="([^"]+)"\} (\S+)$/gm)) {
    const entry = out.get(m[2]!) ?? { sum: 0, count: 0 };
    entry[m[1] as "sum" | "count"] = Number(m[3]);
    out.set(m[2]!, entry);
  }
  return out;
}

interface WatchResult {
  watchers: number;
  events: number;
  delivered: number;
  eventsPerS: number;
  p50: number;
  p99: number;
  connectS: number;
}

/** WATCHERS watch one namespace; WATCH_EVENTS creates follow; every delivery is timed. */
async function watchFanOut(serving: SecureServing, admin: Client): Promise<WatchResult> {
  const ns = "fan";
  expectStatus(await admin.request("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } }), [201], "create namespace fan");
  const list = await admin.request("GET", `/api/v1/namespaces/${ns}/configmaps`);
  const rv = (JSON.parse(list.body) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
  const watchClient = new Client(serving, Infinity);
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let lastDelivery = 0;
  const t0 = performance.now();
  const stops: Array<() => void> = [];
  for (let w = 0; w < WATCHERS; w += 50) {
    // Connect in batches of 50, as a fleet of clients would not all arrive in the same millisecond.
    const batch = Array.from({ length: Math.min(50, WATCHERS - w) }, () =>
      watchClient.watch(`/api/v1/namespaces/${ns}/configmaps?watch=true&resourceVersion=${rv}`, (line) => {
        const event = JSON.parse(line) as { type: string; object: { metadata?: { name?: string } } };
        const sent = sentAt.get(event.object.metadata?.name ?? "");
        if (event.type !== "ADDED" || sent === undefined) return;
        lastDelivery = performance.now();
        latencies.push(lastDelivery - sent);
      }));
    stops.push(...(await Promise.all(batch)));
  }
  const connectS = (performance.now() - t0) / 1000;
  const first = performance.now();
  for (let i = 0; i < WATCH_EVENTS; i++) {
    const name = `fan-${i}`;
    sentAt.set(name, performance.now());
    expectStatus(await admin.request("POST", `/api/v1/namespaces/${ns}/configmaps`, { apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data: { i: String(i) } }), [201], "create fan-out configmap");
  }
  const want = WATCHERS * WATCH_EVENTS;
  const deadline = performance.now() + 60_000;
  while (latencies.length < want && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  for (const stop of stops) stop();
  watchClient.close();
  latencies.sort((a, b) => a - b);
  return {
    watchers: WATCHERS, events: WATCH_EVENTS, delivered: latencies.length,
    eventsPerS: Math.round(latencies.length / ((lastDelivery - first) / 1000)), p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), connectS,
  };
}

interface BackendResult {
  backend: string;
  ops: OpResult[];
  phases: Array<{ phase: string; count: number; meanUs: number }>;
  watch: WatchResult;
}

async function runBackend(backend: Backend): Promise<BackendResult> {
  const clock = new RealClock();
  const server = new ApiServer({ clock, rng: new Rng(1), ...(backend.storage ? { storage: backend.storage } : {}) });
  await server.start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-apiserver-"));
  const serving = await startSecureServing({ handler: server, dir, port: 0 });
  const client = new Client(serving, CONCURRENCY);
  try {
    expectStatus(await client.request("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } }), [201], "create namespace");
    const before = await phaseTotals(client);
    const base = `/api/v1/namespaces/${NS}/configmaps`;
    const rvs: string[] = [];
    const ops: OpResult[] = [];
    ops.push(await measure("create", OPS, async (i) => {
      const res = await client.request("POST", base, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `cm-${i}`, labels: { app: "bench" } }, data: { key: "value" } });
      expectStatus(res, [201], "create");
      rvs[i] = (JSON.parse(res.body) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    }));
    ops.push(await measure("get", OPS, async (i) => expectStatus(await client.request("GET", `${base}/cm-${(i * 7919) % OPS}`), [200], "get")));
    ops.push(await measure("list (limit 50)", Math.max(1, Math.floor(OPS / 10)), async () => expectStatus(await client.request("GET", `${base}?limit=50&labelSelector=app%3Dbench`), [200], "list")));
    ops.push(await measure("update", OPS, async (i) => {
      const res = await client.request("PUT", `${base}/cm-${i}`, {
        apiVersion: "v1", kind: "ConfigMap", metadata: { name: `cm-${i}`, labels: { app: "bench" }, resourceVersion: rvs[i] }, data: { key: "changed" },
      });
      expectStatus(res, [200], "update");
    }));
    const after = await phaseTotals(client);
    const order = ["panic_recovery", "request_info", "authentication", "audit", "impersonation", "max_inflight", "authorization", "mutating_admission", "validation", "validating_admission", "storage"];
    const rank = (phase: string): number => (order.includes(phase) ? order.indexOf(phase) : order.length);
    const phases = [...after].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)).map(([phase, a]) => {
      const b = before.get(phase) ?? { sum: 0, count: 0 };
      const count = a.count - b.count;
      return { phase, count, meanUs: count === 0 ? 0 : ((a.sum - b.sum) / count) * 1e6 };
    });
    const watch = await watchFanOut(serving, client);
    return { backend: backend.name, ops, phases, watch };
  } finally {
    client.close();
    await serving.close();
    server.stop();
    clock.stop();
    await backend.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function etcdBackend(): Promise<{ backend: Backend; server: EtcdServer } | string> {
  let server: EtcdServer;
  try {
    server = await startEtcd();
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  const client = new Etcd3({ hosts: server.endpoint });
  const storage = new CachedStorage(new EtcdStore(new Etcd3KV(client)), { clock: new RealClock() });
  return {
    server,
    backend: {
      name: "etcd", storage,
      async stop() {
        storage.stop();
        client.close();
        await server.stop();
      },
    },
  };
}

async function main(): Promise<void> {
  const results: BackendResult[] = [await runBackend({ name: "embedded", stop: async () => {} })];
  const etcd = await etcdBackend();
  let etcdNote = "";
  if (typeof etcd === "string") etcdNote = etcd;
  else results.push(await runBackend(etcd.backend));

  console.log(`API server over HTTPS on loopback, ${CONCURRENCY} requests in flight, ${OPS} objects (ConfigMaps), node ${process.version}, ${os.cpus().length} cores\n`);
  console.log("| backend | operation | requests | per second | p50 ms | p99 ms |");
  console.log("|---|---|---:|---:|---:|---:|");
  for (const r of results) for (const o of r.ops) console.log(`| ${r.backend} | ${o.op} | ${o.count} | ${o.perS.toLocaleString("en-US")} | ${o.p50.toFixed(2)} | ${o.p99.toFixed(2)} |`);
  console.log("\nTime in each phase (mean per request that reached it, µs; storage includes the store's own time):\n");
  console.log(`| phase | ${results.map((r) => r.backend).join(" | ")} |`);
  console.log(`|---|${results.map(() => "---:").join("|")}|`);
  for (const { phase } of results[0]!.phases) {
    console.log(`| ${phase} | ${results.map((r) => (r.phases.find((p) => p.phase === phase)?.meanUs ?? 0).toFixed(1)).join(" | ")} |`);
  }
  console.log(`\nWatch fan-out: ${WATCHERS} watchers of one namespace, ${WATCH_EVENTS} creates:\n`);
  console.log("| backend | connect s | delivered | events/s | delivery p50 ms | delivery p99 ms |");
  console.log("|---|---:|---:|---:|---:|---:|");
  for (const r of results) {
    const w = r.watch;
    console.log(`| ${r.backend} | ${w.connectS.toFixed(2)} | ${w.delivered}/${w.watchers * w.events} | ${w.eventsPerS.toLocaleString("en-US")} | ${w.p50.toFixed(1)} | ${w.p99.toFixed(1)} |`);
  }
  if (etcdNote) console.log(`\netcd: not measured: ${etcdNote}`);

  const perS = (backend: string, op: string): number | null => results.find((r) => r.backend === backend)?.ops.find((o) => o.op.startsWith(op))?.perS ?? null;
  const figures: Record<string, unknown> = { area: "apiserver", objects: OPS, concurrency: CONCURRENCY, watchers: WATCHERS };
  for (const r of results) {
    for (const o of r.ops) {
      const key = o.op.split(" ")[0]!;
      figures[`${r.backend}_${key}_per_s`] = o.perS;
      figures[`${r.backend}_${key}_p50_ms`] = Number(o.p50.toFixed(3));
      figures[`${r.backend}_${key}_p99_ms`] = Number(o.p99.toFixed(3));
    }
    figures[`${r.backend}_phase_mean_us`] = Object.fromEntries(r.phases.map((p) => [p.phase, Number(p.meanUs.toFixed(1))]));
    figures[`${r.backend}_watch_events_per_s`] = r.watch.eventsPerS;
    figures[`${r.backend}_watch_delivery_p50_ms`] = Number(r.watch.p50.toFixed(2));
    figures[`${r.backend}_watch_delivery_p99_ms`] = Number(r.watch.p99.toFixed(2));
    figures[`${r.backend}_watch_delivered`] = r.watch.delivered;
  }
  const ratio = (op: string): number | null => {
    const e = perS("embedded", op);
    const x = perS("etcd", op);
    return e === null || x === null ? null : Number((e / x).toFixed(2));
  };
  figures["embedded_to_etcd_ratio"] = { create: ratio("create"), get: ratio("get"), list: ratio("list"), update: ratio("update") };
  figures["node"] = process.version;
  console.log(JSON.stringify(figures));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
