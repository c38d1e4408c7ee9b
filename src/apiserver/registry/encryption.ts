// Encryption at rest: the EncryptionConfiguration (apiserver.config.k8s.io/v1) and the value
// transformers it builds (k8s.io/apiserver/pkg/server/options/encryptionconfig/config.go,
// storage/value/transformer.go, storage/value/encrypt/aes).
//
//   apiVersion: apiserver.config.k8s.io/v1
//   kind: EncryptionConfiguration
//   resources:
//     - resources: [secrets]
//       providers:
//         - aesgcm: {keys: [{name: key2, secret: <base64 of 16, 24 or 32 bytes>}]}   ← writes
//         - aescbc: {keys: [{name: key1, secret: <base64 of 32 bytes>}]}            ← still reads
//         - identity: {}                                                             ← plaintext
//
// The first provider (and its first key) encrypts every write; every provider is tried on read,
// chosen by the prefix of the stored value, `k8s:enc:aesgcm:v1:key2:`. Key rotation is therefore:
// add the new key *first* (old data stays readable through the old key), rewrite every object
// (`reencrypt` below; upstream: `kubectl get secrets -A -o json | kubectl replace -f -`), then
// remove the old key.
//
// The hook is a KV wrapper, `EncryptingKV`: EtcdStore → EncryptingKV → MvccKV (or RaftKV). Only
// values move through it; keys, revisions and compares on mod_revision are untouched, so optimistic
// concurrency and watch work unchanged. A compare on VALUE would see ciphertext: EtcdStore makes none.
//
// What it does not guarantee: secrecy of keys (they sit in the config, as upstream without KMS);
// freshness of nonces (see SIMPLIFICATION below); ordering of watch responses relative to other
// callbacks (decryption is asynchronous, so responses are delivered in order but after the write
// returns, not during it as MvccKV does).
//
// SIMPLIFICATION: upstream stores the raw bytes `prefix + nonce + ciphertext`; our KV holds
// strings, so the part after the prefix is base64. SIMPLIFICATION: nonces and IVs come from the
// injected Rng so that runs replay; a seeded xoshiro is predictable, and a real deployment must
// use a CSPRNG (Go's crypto/rand upstream) — AES-GCM with a repeated nonce under one key leaks
// the XOR of the plaintexts and lets an attacker forge tags. The kms and secretbox providers are
// not implemented (secretbox's XSalsa20-Poly1305 is not in WebCrypto).
import type { RandomSource } from "../../api/names";
import { getPrefix } from "../../etcd/mvcc/range-end";
import type { KeyValue, RangeResponse, RequestOp, ResponseOp, TxnRequest, TxnResponse } from "../../etcd/mvcc/types";
import type { WatchResponse } from "../../etcd/mvcc/watchable-store";
import { groupResourceOf, parseKey, type KV, type KVWatch, type KVWatchRequest } from "../storage";
import { base64ToBytes, bytesToBase64, concatBytes, utf8Decode, utf8Encode } from "../bytes";

export interface EncryptionKey {
  name: string;
  /** base64 of the raw key. */
  secret: string;
}

export type ProviderConfiguration =
  | { aesgcm: { keys: EncryptionKey[] } }
  | { aescbc: { keys: EncryptionKey[] } }
  | { identity: Record<string, never> }
  | { secretbox: { keys: EncryptionKey[] } };

export interface EncryptionConfiguration {
  apiVersion: "apiserver.config.k8s.io/v1";
  kind: "EncryptionConfiguration";
  resources: { resources: string[]; providers: ProviderConfiguration[] }[];
}

/** value.Transformer: `stale` on read means "written with an older provider or key: rewrite me". */
export interface Transformer {
  transformToStorage(plaintext: string, dataCtx: string): Promise<string>;
  transformFromStorage(stored: string, dataCtx: string): Promise<{ data: string; stale: boolean }>;
}

/** A configuration upstream would refuse at startup; the message names the rule. */
export class EncryptionConfigError extends Error {
  override readonly name: string = "EncryptionConfigError";
}

// ---- WebCrypto, typed narrowly: the ES2022 library has no DOM types. ----
type CryptoKeyHandle = unknown;
interface Subtle {
  importKey(format: "raw", key: Uint8Array, algorithm: { name: string }, extractable: boolean, usages: string[]): Promise<CryptoKeyHandle>;
  encrypt(algorithm: { name: string; iv: Uint8Array; additionalData?: Uint8Array }, key: CryptoKeyHandle, data: Uint8Array): Promise<ArrayBuffer>;
  decrypt(algorithm: { name: string; iv: Uint8Array; additionalData?: Uint8Array }, key: CryptoKeyHandle, data: Uint8Array): Promise<ArrayBuffer>;
}
function subtle(): Subtle {
  const s = (globalThis as { crypto?: { subtle?: Subtle } }).crypto?.subtle;
  if (s === undefined) throw new Error("WebCrypto (globalThis.crypto.subtle) is not available: Node 20+ or a browser is needed");
  return s;
}

function randomBytes(rng: RandomSource, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.int(0, 256);
  return out;
}

const ENCRYPTED_PREFIX = "k8s:enc:";

//> aes-transformers
/** An AES key under one algorithm: AES-GCM (12-byte nonce, key path as AAD) or AES-CBC (16-byte IV, PKCS#7). */
class AesTransformer implements Transformer {
  private key: Promise<CryptoKeyHandle> | undefined;
  constructor(private readonly mode: "AES-GCM" | "AES-CBC", private readonly raw: Uint8Array, private readonly rng: RandomSource) {}

  private cryptoKey(): Promise<CryptoKeyHandle> {
    return (this.key ??= subtle().importKey("raw", this.raw, { name: this.mode }, false, ["encrypt", "decrypt"]));
  }
  private ivLength(): number {
    return this.mode === "AES-GCM" ? 12 : 16;
  }
  private params(iv: Uint8Array, dataCtx: string): { name: string; iv: Uint8Array; additionalData?: Uint8Array } {
    // aes.gcm binds the ciphertext to its etcd key: a value copied under another key fails to decrypt.
    return this.mode === "AES-GCM" ? { name: this.mode, iv, additionalData: utf8Encode(dataCtx) } : { name: this.mode, iv };
  }

  async transformToStorage(plaintext: string, dataCtx: string): Promise<string> {
    const iv = randomBytes(this.rng, this.ivLength());
    const sealed = await subtle().encrypt(this.params(iv, dataCtx), await this.cryptoKey(), utf8Encode(plaintext));
    return bytesToBase64(concatBytes(iv, new Uint8Array(sealed)));
  }

  async transformFromStorage(stored: string, dataCtx: string): Promise<{ data: string; stale: boolean }> {
    const bytes = base64ToBytes(stored);
    const n = this.ivLength();
    if (bytes.length < n) throw new Error("the stored data was shorter than the required size");
    const opened = await subtle().decrypt(this.params(bytes.subarray(0, n), dataCtx), await this.cryptoKey(), bytes.subarray(n));
    return { data: utf8Decode(new Uint8Array(opened)), stale: false };
  }
}
//< aes-transformers

/** identity: plaintext, but refuses to hand back encrypted data as if it were plaintext. */
const identity: Transformer = {
  transformToStorage: (plaintext) => Promise.resolve(plaintext),
  transformFromStorage: (stored) => {
    if (stored.startsWith(ENCRYPTED_PREFIX)) return Promise.reject(new Error("identity transformer tried to read encrypted data"));
    return Promise.resolve({ data: stored, stale: false });
  },
};

interface PrefixTransformer {
  prefix: string;
  transformer: Transformer;
}

//> prefix-transformers
/**
 * value.NewPrefixTransformers: writes with the first, reads with whichever prefix matches. A read
 * through any transformer but the first is stale.
 */
export class PrefixTransformers implements Transformer {
  constructor(readonly transformers: readonly PrefixTransformer[]) {
    if (transformers.length === 0) throw new EncryptionConfigError("at least one provider is required");
  }

  get writePrefix(): string {
    return this.transformers[0]!.prefix;
  }

  async transformToStorage(plaintext: string, dataCtx: string): Promise<string> {
    const first = this.transformers[0]!;
    return first.prefix + (await first.transformer.transformToStorage(plaintext, dataCtx));
  }

  async transformFromStorage(stored: string, dataCtx: string): Promise<{ data: string; stale: boolean }> {
    let lastError: unknown;
    for (const [i, t] of this.transformers.entries()) {
      if (!stored.startsWith(t.prefix)) continue;
      try {
        const result = await t.transformer.transformFromStorage(stored.slice(t.prefix.length), dataCtx);
        return { data: result.data, stale: result.stale || i !== 0 };
      } catch (err) {
        lastError = err; // the identity provider's refusal, or a wrong key: try the next one
      }
    }
    if (lastError !== undefined) throw lastError;
    throw new Error("no matching prefix found");
  }
}
//< prefix-transformers

/** Upstream's key lengths (aes.NewGCMTransformer, aes.NewCBCTransformer). */
function decodeKey(provider: string, key: EncryptionKey, lengths: readonly number[]): Uint8Array {
  let raw: Uint8Array;
  try {
    raw = base64ToBytes(key.secret);
  } catch (err) {
    throw new EncryptionConfigError(`${provider} key ${JSON.stringify(key.name)}: secret is not valid base64: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!lengths.includes(raw.length)) {
    throw new EncryptionConfigError(`${provider} key ${JSON.stringify(key.name)}: secret is not of the expected length, got ${raw.length}, expected one of [${lengths.join(" ")}]`);
  }
  return raw;
}

function buildProvider(p: ProviderConfiguration, rng: RandomSource): PrefixTransformer[] {
  if ("identity" in p) return [{ prefix: "", transformer: identity }];
  if ("secretbox" in p) throw new EncryptionConfigError("the secretbox provider is not implemented in this course (use aesgcm or aescbc)");
  const [name, mode, lengths, keys] =
    "aesgcm" in p ? (["aesgcm", "AES-GCM", [16, 24, 32], p.aesgcm.keys] as const) : (["aescbc", "AES-CBC", [32], p.aescbc.keys] as const);
  if (keys.length === 0) throw new EncryptionConfigError(`${name}: at least one key is required`);
  return keys.map((k) => ({
    prefix: `${ENCRYPTED_PREFIX}${name}:v1:${k.name}:`,
    transformer: new AesTransformer(mode, decodeKey(name, k, lengths), rng),
  }));
}

/** Whether a config entry like `secrets`, `deployments.apps`, `*.apps`, `*.` (core) or `*.*` names this resource. */
function matchesResource(pattern: string, resource: string, group: string): boolean {
  if (pattern === "*.*") return true;
  const dot = pattern.indexOf(".");
  const [res, grp] = dot < 0 ? [pattern, ""] : [pattern.slice(0, dot), pattern.slice(dot + 1)];
  return (res === "*" || res === resource) && grp === group;
}

//> encryption-config
/** The transformers of an EncryptionConfiguration, and which one a key uses (the first entry that names its resource). */
export class EncryptionConfig {
  private readonly entries: { patterns: string[]; transformer: PrefixTransformers }[];

  constructor(config: EncryptionConfiguration, rng: RandomSource) {
    if (config.kind !== "EncryptionConfiguration" || config.apiVersion !== "apiserver.config.k8s.io/v1") {
      throw new EncryptionConfigError(`expected apiserver.config.k8s.io/v1 EncryptionConfiguration, got ${config.apiVersion}/${config.kind}`);
    }
    this.entries = config.resources.map((r, i) => {
      if (r.providers.length === 0) throw new EncryptionConfigError(`resources[${i}].providers: at least one provider is required`);
      return { patterns: r.resources, transformer: new PrefixTransformers(r.providers.flatMap((p) => buildProvider(p, rng))) };
    });
  }

  /** The transformer for an etcd key, or undefined: stored as is. */
  transformerFor(key: string): PrefixTransformers | undefined {
    const { resource } = parseKey(key);
    const { group } = groupResourceOf(key);
    return this.entries.find((e) => e.patterns.some((p) => matchesResource(p, resource, group)))?.transformer;
  }
}
//< encryption-config

//> encrypting-kv
/** A KV that encrypts values on the way in and decrypts them on the way out, per EncryptionConfig. */
export class EncryptingKV implements KV {
  constructor(readonly inner: KV, readonly config: EncryptionConfig) {}

  async range(request: Parameters<KV["range"]>[0]): Promise<RangeResponse> {
    return this.decryptRange(await this.inner.range(request));
  }

  async txn(request: TxnRequest): Promise<TxnResponse> {
    return this.decryptTxn(await this.inner.txn(await this.encryptTxn(request)));
  }

  /**
   * Each response is decrypted before it is passed on, in order: each waits for the one before it.
   * A value that cannot be decrypted ends the watch with a `canceled` response.
   * SIMPLIFICATION: upstream's watcher sends an ERROR event (500, "unable to transform") instead;
   * our storage watcher reads `canceled` as 410 Expired, so the client relists, and the list then
   * fails with the decryption error itself rather than losing the event silently.
   */
  watch(request: KVWatchRequest, onResponse: (response: WatchResponse) => void): KVWatch {
    let cancelled = false;
    let chain: Promise<void> = Promise.resolve();
    const w = this.inner.watch(request, (response) => {
      chain = chain.then(async () => {
        if (cancelled) return;
        try {
          const events = await Promise.all(response.events.map(async (e) => {
            const out = { ...e, kv: await this.decryptKv(e.kv) };
            if (e.prevKv !== undefined) out.prevKv = await this.decryptKv(e.prevKv);
            return out;
          }));
          if (!cancelled) onResponse({ ...response, events });
        } catch {
          cancelled = true;
          w.cancel();
          onResponse({ watchId: response.watchId, header: response.header, events: [], canceled: true });
        }
      });
    });
    return { cancel: () => { cancelled = true; w.cancel(); } };
  }

  private async encryptTxn(request: TxnRequest): Promise<TxnRequest> {
    const ops = async (list: RequestOp[] | undefined): Promise<RequestOp[] | undefined> =>
      list === undefined ? undefined : Promise.all(list.map(async (op): Promise<RequestOp> => {
        if ("requestPut" in op && op.requestPut.value !== undefined) {
          const t = this.config.transformerFor(op.requestPut.key);
          if (t === undefined) return op;
          return { requestPut: { ...op.requestPut, value: await t.transformToStorage(op.requestPut.value, op.requestPut.key) } };
        }
        if ("requestTxn" in op) return { requestTxn: await this.encryptTxn(op.requestTxn) };
        return op;
      }));
    const out: TxnRequest = { ...request };
    const success = await ops(request.success);
    const failure = await ops(request.failure);
    if (success !== undefined) out.success = success;
    if (failure !== undefined) out.failure = failure;
    return out;
  }

  private async decryptTxn(response: TxnResponse): Promise<TxnResponse> {
    const responses = await Promise.all(response.responses.map(async (r): Promise<ResponseOp> => {
      if ("responseRange" in r) return { responseRange: await this.decryptRange(r.responseRange) };
      if ("responseTxn" in r) return { responseTxn: await this.decryptTxn(r.responseTxn) };
      if ("responsePut" in r && r.responsePut.prevKv !== undefined) {
        return { responsePut: { ...r.responsePut, prevKv: await this.decryptKv(r.responsePut.prevKv) } };
      }
      if ("responseDeleteRange" in r && r.responseDeleteRange.prevKvs !== undefined) {
        const prevKvs = await Promise.all(r.responseDeleteRange.prevKvs.map((kv) => this.decryptKv(kv)));
        return { responseDeleteRange: { ...r.responseDeleteRange, prevKvs } };
      }
      return r;
    }));
    return { ...response, responses };
  }

  private async decryptRange(response: RangeResponse): Promise<RangeResponse> {
    return { ...response, kvs: await Promise.all(response.kvs.map((kv) => this.decryptKv(kv))) };
  }

  private async decryptKv(kv: KeyValue): Promise<KeyValue> {
    const t = this.config.transformerFor(kv.key);
    if (t === undefined || kv.value === "") return kv; // deletions carry no value
    return { ...kv, value: (await t.transformFromStorage(kv.value, kv.key)).data };
  }
}
//< encrypting-kv

/**
 * Rewrites every value under `prefix` that is not stored with the current write key: the step
 * of key rotation that upstream does with `kubectl replace`. Each rewrite is a txn guarded by
 * the key's mod_revision, so a concurrent writer wins and its write is already current.
 * Returns how many values were rewritten. `raw` is the KV under the EncryptingKV.
 */
export async function reencrypt(raw: KV, config: EncryptionConfig, prefix: string): Promise<number> {
  const resp = await raw.range({ key: prefix, rangeEnd: getPrefix(prefix) });
  let rewritten = 0;
  for (const kv of resp.kvs) {
    const t = config.transformerFor(kv.key);
    if (t === undefined) continue;
    const { data, stale } = await t.transformFromStorage(kv.value, kv.key);
    if (!stale) continue;
    const value = await t.transformToStorage(data, kv.key);
    const txn = await raw.txn({
      compare: [{ key: kv.key, target: "MOD", result: "EQUAL", modRevision: kv.modRevision }],
      success: [{ requestPut: { key: kv.key, value } }],
    });
    if (txn.succeeded) rewritten++;
  }
  return rewritten;
}
