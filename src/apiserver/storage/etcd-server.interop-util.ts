/// <reference types="node" />
// A real etcd for the interop tests: started on loopback, in a temporary data directory, on free
// ports; stopped (SIGTERM, then SIGKILL) and its directory removed afterwards. Test code only,
// kept out of the library (tsconfig.json excludes *.interop-util.ts).
//
// Learners do not need etcd: these tests run with `npm run test:interop`, not `npm test`.
//
// The one place under src/ that waits on the wall clock (Date.now, setTimeout) on purpose: a real
// etcd process answers in real time, so start-up polling and watch catch-up use real deadlines.
// Nothing here runs in the simulation or in the browser.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Etcd3 } from "etcd3";
import type { RangeRequest, RangeResponse, TxnRequest, TxnResponse } from "../../etcd/mvcc/types";
import type { WatchResponse } from "../../etcd/mvcc/watchable-store";
import type { KV, KVWatch, KVWatchRequest } from "./kv";

export const INSTALL_HINT =
  "The interop tests need a real etcd binary (etcd 3.4+), which was not found on PATH. Install it with\n" +
  "  sudo apt-get install -y etcd-server etcd-client      (Debian/Ubuntu)\n" +
  "or put an `etcd` release binary (https://github.com/etcd-io/etcd/releases) on PATH, or set ETCD_BIN.";

export interface EtcdServer {
  endpoint: string;
  dataDir: string;
  process: ChildProcess;
  /** Milliseconds from spawn until etcd answered a request. */
  startupMs: number;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (the OS picks it; etcd binds it a moment later). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts etcd; throws with INSTALL_HINT if there is no etcd binary. */
export async function startEtcd(timeoutMs = 20_000): Promise<EtcdServer> {
  const bin = process.env["ETCD_BIN"] ?? "etcd";
  const probe = spawnSync(bin, ["--version"], { encoding: "utf8" });
  if (probe.error !== undefined || probe.status !== 0) throw new Error(INSTALL_HINT);
  const dataDir = mkdtempSync(join(tmpdir(), "etcd-interop-"));
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const endpoint = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const started = Date.now();
  const child = spawn(
    bin,
    [
      "--name", "interop",
      "--data-dir", dataDir,
      "--listen-client-urls", endpoint,
      "--advertise-client-urls", endpoint,
      "--listen-peer-urls", peer,
      "--initial-advertise-peer-urls", peer,
      "--initial-cluster", `interop=${peer}`,
      "--log-level", "error",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4_000)));
  let exited: number | null | undefined;
  child.on("exit", (code) => (exited = code));

  const stop = async (): Promise<void> => {
    if (exited === undefined) {
      const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
      await gone;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  // Wait until it answers a read.
  const client = new Etcd3({ hosts: endpoint, dialTimeout: 1_000 });
  try {
    for (;;) {
      if (exited !== undefined) throw new Error(`etcd exited with code ${exited} before answering:\n${stderr}`);
      if (Date.now() - started > timeoutMs) throw new Error(`etcd did not answer on ${endpoint} within ${timeoutMs} ms:\n${stderr}`);
      try {
        await client.get("interop-probe").string();
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  } catch (err) {
    client.close();
    await stop();
    throw err;
  }
  client.close();
  return { endpoint, dataDir, process: child, startupMs: Date.now() - started, stop };
}

interface Write {
  revision: number;
  key: string;
  rangeEnd?: string | undefined;
}

interface Tracked {
  request: KVWatchRequest;
  /** Highest revision a response has brought the watch up to. */
  seen: number;
  done: boolean;
}

const inRange = (key: string, from: string, end: string | undefined): boolean =>
  end === undefined || end === "" ? key === from : key >= from && (end === "\0" || key < end);

const overlaps = (w: Write, r: KVWatchRequest): boolean =>
  w.rangeEnd === undefined || w.rangeEnd === ""
    ? inRange(w.key, r.key, r.rangeEnd)
    : inRange(r.key, w.key, w.rangeEnd) || inRange(w.key, r.key, r.rangeEnd);

/**
 * A KV wrapper that lets a test wait until every open watch has received the events of the writes
 * made through it (the real etcd delivers them asynchronously, over the gRPC stream, and a watch
 * catching up from an old revision is only synced every 100 ms). It records the keys and revision
 * of each successful write; `settle()` waits until every open watch's responses have reached the
 * latest write in its range. The in-memory and Raft backends need no such thing: their events
 * arrive before the write returns, or while the virtual clock runs.
 */
export class SettlingKV implements KV {
  private writes: Write[] = [];
  private watches = new Set<Tracked>();

  constructor(readonly inner: KV) {}

  range(request: RangeRequest): Promise<RangeResponse> {
    return this.inner.range(request);
  }

  async txn(request: TxnRequest): Promise<TxnResponse> {
    const resp = await this.inner.txn(request);
    const ops = resp.succeeded ? request.success ?? [] : request.failure ?? [];
    for (const op of ops) {
      if ("requestPut" in op) this.writes.push({ revision: resp.header.revision, key: op.requestPut.key });
      if ("requestDeleteRange" in op) {
        this.writes.push({ revision: resp.header.revision, key: op.requestDeleteRange.key, rangeEnd: op.requestDeleteRange.rangeEnd });
      }
    }
    return resp;
  }

  watch(request: KVWatchRequest, onResponse: (response: WatchResponse) => void): KVWatch {
    const t: Tracked = { request, seen: request.startRevision - 1, done: false };
    this.watches.add(t);
    const w = this.inner.watch(request, (r) => {
      t.seen = Math.max(t.seen, r.header.revision);
      if (r.canceled) t.done = true;
      onResponse(r);
    });
    return {
      cancel: () => {
        t.done = true;
        this.watches.delete(t);
        w.cancel();
      },
    };
  }

  /** The watches still waiting for some write's events. */
  private behind(): Tracked[] {
    return [...this.watches].filter((t) => {
      if (t.done) return false;
      const want = this.writes.filter((w) => w.revision >= t.request.startRevision && overlaps(w, t.request));
      return want.some((w) => w.revision > t.seen);
    });
  }

  /** Resolves once every open watch has received the events of every write made so far. */
  async settle(limitMs = 5_000): Promise<void> {
    const deadline = Date.now() + limitMs;
    while (this.behind().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
  }
}
