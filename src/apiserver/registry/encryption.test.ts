import { describe, expect, it } from "vitest";
import { MvccStore } from "../../etcd/mvcc/mvcc-store";
import { Rng } from "../../sim/rng";
import { VirtualClock } from "../../sim/virtual-clock";
import { EtcdStore, MvccKV, type WatchEvent } from "../storage";
import { bytesToBase64 } from "../bytes";
import { EncryptingKV, EncryptionConfig, EncryptionConfigError, reencrypt, type EncryptionConfiguration, type ProviderConfiguration } from "./encryption";
import { Registry } from "./store";

const key32 = (fill: number): string => bytesToBase64(new Uint8Array(32).fill(fill));
const gcm = (name: string, fill: number): ProviderConfiguration => ({ aesgcm: { keys: [{ name, secret: key32(fill) }] } });
const cbc = (name: string, fill: number): ProviderConfiguration => ({ aescbc: { keys: [{ name, secret: key32(fill) }] } });

const configOf = (...providers: ProviderConfiguration[]): EncryptionConfiguration => ({
  apiVersion: "apiserver.config.k8s.io/v1", kind: "EncryptionConfiguration",
  resources: [{ resources: ["secrets"], providers }],
});

/** One MVCC store; each call builds an API server view of it with the given configuration. */
function cluster() {
  const mvcc = new MvccStore();
  const raw = new MvccKV(mvcc);
  const rng = new Rng(1);
  const serve = (config: EncryptionConfiguration) => {
    const encryption = new EncryptionConfig(config, rng.fork("nonces"));
    const storage = new EtcdStore(new EncryptingKV(raw, encryption));
    const registry = (resource: "secrets" | "configmaps") =>
      new Registry({ storage, resource, kind: resource === "secrets" ? "Secret" : "ConfigMap", namespaced: true, clock: new VirtualClock(), rng });
    return { encryption, storage, secrets: registry("secrets"), configmaps: registry("configmaps") };
  };
  const stored = async (key: string): Promise<string> => (await raw.range({ key })).kvs[0]?.value ?? "";
  return { raw, serve, stored };
}

const secret = { metadata: { name: "db" }, data: { password: bytesToBase64(new Uint8Array([104, 117, 110, 116, 101, 114, 50])) } };
const plaintext = "aHVudGVyMg=="; // base64 of "hunter2", as the Secret carries it

describe("encryption at rest", () => {
  it.each([["aesgcm", gcm("key1", 1)], ["aescbc", cbc("key1", 1)]] as const)(
    "round-trips a Secret through %s: the stored bytes start with the prefix and hide the plaintext",
    async (provider, config) => {
      const c = cluster();
      const { secrets } = c.serve(configOf(config));
      await secrets.create("default", secret);
      const stored = await c.stored("/registry/secrets/default/db");
      expect(stored.startsWith(`k8s:enc:${provider}:v1:key1:`)).toBe(true);
      expect(stored).not.toContain(plaintext);
      expect(stored).not.toContain('"db"');
      expect((await secrets.get("default", "db"))["data"]).toEqual(secret.data);
    },
  );

  it("leaves resources the configuration does not name in plaintext", async () => {
    const c = cluster();
    const { configmaps } = c.serve(configOf(gcm("key1", 1)));
    await configmaps.create("default", { metadata: { name: "cfg" }, data: { a: "visible" } });
    expect(await c.stored("/registry/configmaps/default/cfg")).toContain("visible");
  });

  it("binds AES-GCM ciphertext to its key: a value copied under another name does not decrypt", async () => {
    const c = cluster();
    const { secrets } = c.serve(configOf(gcm("key1", 1)));
    await secrets.create("default", secret);
    await c.raw.txn({ success: [{ requestPut: { key: "/registry/secrets/default/copy", value: await c.stored("/registry/secrets/default/db") } }] });
    await expect(secrets.get("default", "copy")).rejects.toThrow();
  });

  it("rotates keys: a new first key encrypts new writes, the old key still reads, and reencrypt moves old data", async () => {
    const c = cluster();
    await c.serve(configOf(gcm("key1", 1))).secrets.create("default", secret);

    // Step 1: add key2 first, keep key1 for reading.
    const rotated = c.serve(configOf({ aesgcm: { keys: [{ name: "key2", secret: key32(2) }, { name: "key1", secret: key32(1) }] } }));
    expect((await rotated.secrets.get("default", "db"))["data"]).toEqual(secret.data);
    await rotated.secrets.create("default", { metadata: { name: "new" }, data: {} });
    expect(await c.stored("/registry/secrets/default/new")).toMatch(/^k8s:enc:aesgcm:v1:key2:/);
    expect(await c.stored("/registry/secrets/default/db")).toMatch(/^k8s:enc:aesgcm:v1:key1:/);

    // Step 2: rewrite everything with the current key.
    expect(await reencrypt(c.raw, rotated.encryption, "/registry/secrets/")).toBe(1);
    expect(await c.stored("/registry/secrets/default/db")).toMatch(/^k8s:enc:aesgcm:v1:key2:/);

    // Step 3: drop key1; everything is still readable.
    const done = c.serve(configOf(gcm("key2", 2)));
    expect((await done.secrets.list("default")).items.map((s) => s.metadata?.name)).toEqual(["db", "new"]);
  });

  it("moves from identity to aescbc: plaintext written before stays readable and reencrypt encrypts it", async () => {
    const c = cluster();
    await c.serve(configOf({ identity: {} })).secrets.create("default", secret);
    expect(await c.stored("/registry/secrets/default/db")).toContain(plaintext);
    const enabled = c.serve(configOf(cbc("key1", 1), { identity: {} }));
    expect((await enabled.secrets.get("default", "db"))["data"]).toEqual(secret.data);
    await reencrypt(c.raw, enabled.encryption, "/registry/secrets/");
    expect(await c.stored("/registry/secrets/default/db")).toMatch(/^k8s:enc:aescbc:v1:key1:/);
  });

  it("refuses to read encrypted data with identity alone", async () => {
    const c = cluster();
    await c.serve(configOf(gcm("key1", 1))).secrets.create("default", secret);
    await expect(c.serve(configOf({ identity: {} })).secrets.get("default", "db")).rejects.toThrow(/identity transformer tried to read encrypted data/);
  });

  it("decrypts the objects a watch delivers, in order", async () => {
    const c = cluster();
    const { storage, secrets } = c.serve(configOf(gcm("key1", 1)));
    const events: WatchEvent[] = [];
    const w = await storage.watch("/registry/secrets/", { recursive: true, resourceVersion: "1", onEvent: (e) => events.push(e) });
    await secrets.create("default", secret);
    await secrets.patch("default", "db", "application/merge-patch+json", '{"metadata":{"labels":{"a":"b"}}}');
    for (let i = 0; i < 20 && events.length < 2; i++) await new Promise((r) => setTimeout(r, 0));
    w.stop();
    expect(events.map((e) => e.type)).toEqual(["ADDED", "MODIFIED"]);
    expect(events.map((e) => (e.object as { data?: unknown }).data)).toEqual([secret.data, secret.data]);
  });

  it("ends a watch that meets a value it cannot decrypt, rather than skipping the event", async () => {
    const c = cluster();
    const { storage } = c.serve(configOf(gcm("key1", 1)));
    const events: WatchEvent[] = [];
    await storage.watch("/registry/secrets/", { recursive: true, resourceVersion: "1", onEvent: (e) => events.push(e) });
    await c.raw.txn({ success: [{ requestPut: { key: "/registry/secrets/default/bad", value: "k8s:enc:aesgcm:v1:key9:AAAA" } }] });
    for (let i = 0; i < 20 && events.length < 1; i++) await new Promise((r) => setTimeout(r, 0));
    expect(events.map((e) => e.type)).toEqual(["ERROR"]);
  });

  it("refuses a key of the wrong length, naming the rule", () => {
    const bad = configOf({ aescbc: { keys: [{ name: "k", secret: bytesToBase64(new Uint8Array(10)) }] } });
    expect(() => new EncryptionConfig(bad, new Rng(1))).toThrow(EncryptionConfigError);
    expect(() => new EncryptionConfig(bad, new Rng(1))).toThrow("secret is not of the expected length, got 10, expected one of [32]");
  });
});
