// `npm run cluster`: its flags, and one start and stop of the control plane it serves, checked
// over real HTTPS with the admin certificate it writes into the kubeconfig.
import fs from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseClusterFlags, startControlPlane, UsageError } from "./cluster";

const NOW = 1_700_000_000_000;

function usageError(argv: string[]): string {
  try {
    parseClusterFlags(argv, "/work", NOW);
  } catch (err) {
    if (err instanceof UsageError) return err.message;
    throw err;
  }
  throw new Error(`expected a UsageError for ${argv.join(" ")}`);
}

describe("npm run cluster: flags", () => {
  it("defaults to 127.0.0.1:6443, the in-memory store, .cluster/ and the start time as seed", () => {
    expect(parseClusterFlags([], "/work", NOW)).toEqual({
      port: 6443, host: "127.0.0.1", store: { kind: "memory" }, dataDir: "/work/.cluster", seed: NOW, verbose: false,
    });
  });

  it("takes a real etcd's endpoints with --store etcd", () => {
    const flags = parseClusterFlags(["--store", "etcd", "--etcd-endpoints", "http://127.0.0.1:2379, http://127.0.0.1:22379", "--port", "0"], "/w", NOW);
    expect(flags).toMatchObject({ port: 0, store: { kind: "etcd", endpoints: ["http://127.0.0.1:2379", "http://127.0.0.1:22379"] } });
  });

  it("says what was wrong with a bad flag, naming the flag", () => {
    expect(usageError(["--port", "99999"])).toBe('--port: want a port number from 0 to 65535, got "99999"');
    expect(usageError(["--store", "sqlite"])).toBe('--store: want "memory" or "etcd", got "sqlite"');
    expect(usageError(["--etcd-endpoints", "http://127.0.0.1:2379"])).toBe("--etcd-endpoints needs --store etcd");
    expect(usageError(["--store", "etcd", "--etcd-endpoints", "127.0.0.1:2379"])).toBe('--etcd-endpoints: want URLs like http://127.0.0.1:2379, got "127.0.0.1:2379"');
    expect(usageError(["--seed", "x"])).toBe('--seed: want an integer, got "x"');
    expect(usageError(["--colour"])).toMatch(/Unknown option '--colour'/);
  });

  it("answers -h with the usage instead of starting", () => {
    expect(parseClusterFlags(["-h"], "/w", NOW)).toBe("help");
  });
});

describe("npm run cluster: the control plane", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("serves the API over HTTPS to the admin of the kubeconfig it writes, and stops cleanly", async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cluster-test-"));
    const flags = parseClusterFlags(["--port", "0", "--data-dir", dir, "--seed", "7"], process.cwd(), NOW);
    if (flags === "help") throw new Error("unexpected help");
    const cluster = await startControlPlane(flags);
    try {
      const kubeconfig = parse(fs.readFileSync(cluster.kubeconfigPath, "utf8")) as {
        clusters: { cluster: { server: string; "certificate-authority-data": string } }[];
        users: { user: { "client-certificate-data": string; "client-key-data": string } }[];
      };
      const decode = (b64: string) => Buffer.from(b64, "base64").toString("utf8");
      const { server, "certificate-authority-data": ca } = kubeconfig.clusters[0]!.cluster;
      const { "client-certificate-data": cert, "client-key-data": key } = kubeconfig.users[0]!.user;
      expect(server).toBe(cluster.url);
      const body = await new Promise<string>((resolve, reject) => {
        https.get(`${server}/api/v1/namespaces`, { ca: decode(ca), cert: decode(cert), key: decode(key) }, (res) => {
          let text = "";
          res.on("data", (c: Buffer) => (text += c.toString("utf8")));
          res.on("end", () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`HTTP ${res.statusCode}: ${text}`))));
        }).on("error", reject);
      });
      const names = (JSON.parse(body) as { items: { metadata: { name: string } }[] }).items.map((n) => n.metadata.name);
      expect(names).toEqual(["default", "kube-node-lease", "kube-public", "kube-system"]);
    } finally {
      await cluster.stop();
    }
  });
});
