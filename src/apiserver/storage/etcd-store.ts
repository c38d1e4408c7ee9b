// The storage interface on an etcd-like KV: k8s.io/apiserver/pkg/storage/etcd3/store.go.
//
// Every write is one etcd transaction guarded by a compare on the key's mod_revision:
//
//   create            If(mod_revision(key) == 0)   Then(put)     → else 409 AlreadyExists
//   guaranteedUpdate  If(mod_revision(key) == rev) Then(put)     Else(get) → retry with what get saw
//   delete            If(mod_revision(key) == rev) Then(delete)  Else(get) → retry
//
// so two API servers (or two requests on one) can never overwrite each other's change unseen.
// That is optimistic concurrency: nothing is locked; the loser reads again and retries.
//
// What it does not do: serve watches to many clients (one etcd watch per client here; the watch
// cache, cacher.ts, sits in front for that), TTLs, encryption, and the `Count` call.
import { CompactedError, FutureRevisionError } from "../../etcd/mvcc/errors";
import { getPrefix } from "../../etcd/mvcc/range-end";
import type { KeyValue, RangeResponse, ResponseOp } from "../../etcd/mvcc/types";
import { newBadRequest, newInternalError, StatusError } from "../../api/status";
import type { KubeObject } from "../types";
import { decode, deepCopy, encode } from "./codec";
import { decodeContinue, encodeContinue } from "./continue";
import {
  continueExpired, keyExists, keyNotFound, listExpired, parseResourceVersion, preconditionFailed, tooLargeResourceVersion,
} from "./errors";
import { watchStore } from "./etcd-watcher";
import type {
  DeleteOptions, GetOptions, GuaranteedUpdateOptions, ListOptions, ListResult, Preconditions, Storage, UpdateFunc, Watch,
  WatchOptions,
} from "./interfaces";
import type { KV } from "./kv";
import { everything, isEmptyPredicate, matches } from "./predicate";

/** storage.GetList's cap on one page fetched from etcd while filling a filtered page. */
const MAX_FETCH = 10_000;

/** What a read of one key gave: the object, its mod revision (0: absent) and the raw bytes. */
interface ObjState {
  obj: KubeObject | undefined;
  rev: number;
  data: string;
}

export class EtcdStore implements Storage {
  constructor(readonly kv: KV) {}

  //> storage-create
  async create(key: string, obj: KubeObject): Promise<KubeObject> {
    if (parseResourceVersion(obj.metadata?.resourceVersion) !== 0) {
      throw unknownError("resourceVersion should not be set on objects to be created");
    }
    const data = encode(obj);
    const resp = await this.call(
      this.kv.txn({
        compare: [{ key, target: "MOD", result: "EQUAL", modRevision: 0 }],
        success: [{ requestPut: { key, value: data } }],
      }),
    );
    if (!resp.succeeded) throw keyExists(key);
    return decode(data, resp.header.revision);
  }
  //< storage-create

  async get(key: string, options: GetOptions = {}): Promise<KubeObject | undefined> {
    const minimum = parseResourceVersion(options.resourceVersion);
    const resp = await this.call(this.kv.range({ key }));
    // validateMinimumResourceVersion: a client that saw revision N must not read older state.
    if (minimum > resp.header.revision) throw tooLargeResourceVersion(minimum, resp.header.revision);
    const kv = resp.kvs[0];
    if (kv === undefined) {
      if (options.ignoreNotFound) return undefined;
      throw keyNotFound(key);
    }
    return decode(kv.value, kv.modRevision);
  }

  //> storage-get-list
  async getList(key: string, options: ListOptions = {}): Promise<ListResult> {
    const keyPrefix = key.endsWith("/") ? key : `${key}/`;
    const pred = options.predicate ?? everything;
    const limit = options.limit ?? 0;
    const rv = parseResourceVersion(options.resourceVersion);
    let fromKey = keyPrefix;
    // The revision to read at; 0 is "the latest", fixed by the first read so that every page
    // fetched below (and every later page, through the continue token) is one snapshot.
    let withRev = 0;
    const paging = options.continue !== undefined && options.continue !== "";
    if (paging) {
      if (rv !== 0) throw newBadRequest("specifying resource version is not allowed when using continue");
      const token = decodeContinue(options.continue!, keyPrefix);
      fromKey = token.fromKey;
      if (token.rv > 0) withRev = token.rv; // rv -1: continue at the latest revision
    } else if (options.resourceVersionMatch === "Exact") {
      if (rv === 0) throw newBadRequest("resourceVersionMatch: Exact requires a non-zero resourceVersion");
      withRev = rv;
    }

    const items: KubeObject[] = [];
    let chunk = limit > 0 ? limit : 0;
    let next: string | undefined; // first key of the next page, when the page is full
    let remaining: number | undefined;
    for (;;) {
      const resp: RangeResponse = await this.call(
        this.kv.range({ key: fromKey, rangeEnd: getPrefix(keyPrefix), revision: withRev, limit: chunk }),
        paging ? continueExpired : listExpired,
        withRev,
      );
      if (withRev === 0) {
        withRev = resp.header.revision;
        if (rv > withRev) throw tooLargeResourceVersion(rv, withRev);
      }
      let last: KeyValue | undefined;
      for (const [i, kv] of resp.kvs.entries()) {
        last = kv;
        const obj = decode(kv.value, kv.modRevision);
        if (matches(pred, obj)) items.push(obj);
        if (limit > 0 && items.length === limit) {
          if (i < resp.kvs.length - 1 || resp.more) {
            next = `${kv.key}\0`;
            if (isEmptyPredicate(pred)) remaining = resp.count - (i + 1);
          }
          break;
        }
      }
      if (next !== undefined || !resp.more || last === undefined) break;
      if (limit > 0 && items.length >= limit) break;
      // The predicate filtered some out: fetch further, in bigger chunks (store.go doubles too).
      fromKey = `${last.key}\0`;
      chunk = Math.min(chunk * 2, MAX_FETCH);
    }
    const result: ListResult = { items, resourceVersion: String(withRev) };
    if (next !== undefined) {
      result.continue = encodeContinue(next, keyPrefix, withRev);
      if (remaining !== undefined) result.remainingItemCount = remaining;
    }
    return result;
  }
  //< storage-get-list

  //> storage-guaranteed-update
  async guaranteedUpdate(key: string, tryUpdate: UpdateFunc, options: GuaranteedUpdateOptions = {}): Promise<KubeObject> {
    let state = await this.getState(key, options.ignoreNotFound ?? false);
    for (;;) {
      // A fresh read every time round, so a failed precondition or tryUpdate is final
      // (upstream also starts from a cached object, and re-reads once before giving up).
      checkPreconditions(key, options.preconditions, state.obj);
      const updated = await tryUpdate(deepCopy(state.obj ?? {}));
      const data = encode(updated);
      if (state.obj !== undefined && data === state.data) return decode(state.data, state.rev); // nothing changed: no write
      const resp = await this.call(
        this.kv.txn({
          compare: [{ key, target: "MOD", result: "EQUAL", modRevision: state.rev }],
          success: [{ requestPut: { key, value: data } }],
          failure: [{ requestRange: { key } }],
        }),
      );
      if (resp.succeeded) return decode(data, resp.header.revision);
      // Someone wrote in between: the failure branch read the key; try again on that.
      state = this.stateFrom(key, rangeOf(resp.responses[0]), options.ignoreNotFound ?? false);
    }
  }
  //< storage-guaranteed-update

  async delete(key: string, options: DeleteOptions = {}): Promise<KubeObject> {
    let state = await this.getState(key, false);
    for (;;) {
      checkPreconditions(key, options.preconditions, state.obj);
      await options.validateDeletion?.(deepCopy(state.obj!));
      const resp = await this.call(
        this.kv.txn({
          compare: [{ key, target: "MOD", result: "EQUAL", modRevision: state.rev }],
          success: [{ requestDeleteRange: { key } }],
          failure: [{ requestRange: { key } }],
        }),
      );
      // The deleted object is returned with the deletion's revision, as watchers see it.
      if (resp.succeeded) return decode(state.data, resp.header.revision);
      state = this.stateFrom(key, rangeOf(resp.responses[0]), false);
    }
  }

  watch(key: string, options: WatchOptions = {}): Promise<Watch> {
    return watchStore(this.kv, key, options, (p, onCompacted) => this.call(p, onCompacted));
  }

  private async getState(key: string, ignoreNotFound: boolean): Promise<ObjState> {
    return this.stateFrom(key, await this.call(this.kv.range({ key })), ignoreNotFound);
  }

  private stateFrom(key: string, resp: RangeResponse, ignoreNotFound: boolean): ObjState {
    const kv = resp.kvs[0];
    if (kv === undefined) {
      if (!ignoreNotFound) throw keyNotFound(key);
      return { obj: undefined, rev: 0, data: "" };
    }
    return { obj: decode(kv.value, kv.modRevision), rev: kv.modRevision, data: kv.value };
  }

  /**
   * Awaits a KV call, turning store errors into Status errors: a compacted revision into 410 (the
   * caller says which message), a future one into 504, anything unexpected into 500.
   */
  private async call<T>(p: Promise<T>, onCompacted: () => StatusError = listExpired, revision = 0): Promise<T> {
    try {
      return await p;
    } catch (err: unknown) {
      if (err instanceof CompactedError) throw onCompacted();
      if (err instanceof FutureRevisionError) throw tooLargeResourceVersion(revision, err.currentRevision);
      if (err instanceof StatusError) throw err;
      throw newInternalError(err instanceof Error ? err : String(err));
    }
  }
}

/** storage.Preconditions.Check. */
function checkPreconditions(key: string, p: Preconditions | undefined, obj: KubeObject | undefined): void {
  if (p === undefined) return;
  const uid = obj?.metadata?.uid ?? "";
  const rv = obj?.metadata?.resourceVersion ?? "";
  if (p.uid !== undefined && p.uid !== uid) {
    throw preconditionFailed(key, `Precondition failed: UID in precondition: ${p.uid}, UID in object meta: ${uid}`);
  }
  if (p.resourceVersion !== undefined && p.resourceVersion !== rv) {
    throw preconditionFailed(
      key,
      `Precondition failed: ResourceVersion in precondition: ${p.resourceVersion}, ResourceVersion in object meta: ${rv}`,
    );
  }
}

function rangeOf(op: ResponseOp | undefined): RangeResponse {
  if (op === undefined || !("responseRange" in op)) throw newInternalError("txn failure branch returned no range response");
  return op.responseRange;
}

/** What ErrorToAPIStatus makes of a plain error: 500 with reason "" (StatusReasonUnknown). */
function unknownError(message: string): StatusError {
  return new StatusError({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason: "", code: 500 });
}
