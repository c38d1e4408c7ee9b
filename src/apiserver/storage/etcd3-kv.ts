/// <reference types="node" />
// Backend 3: a real etcd, through the `etcd3` npm client (gRPC).
//
// NODE ONLY: this file needs etcd3, @grpc/grpc-js and Node's Buffer. It is deliberately NOT
// exported from ./index.ts, which the browser bundle imports; Node code (tests, tools, benchmarks)
// imports this file by its own path, e.g. `import { Etcd3KV } from "./etcd3-kv"`.
//
// The mapping is one-to-one with etcd's v3 API, which is what kv.ts speaks already:
//   range  → KV.Range        (client.kv.range: the raw RPC, so rangeEnd, revision, limit, count keep their meaning)
//   txn    → KV.Txn          (client.kv.txn: compares on MOD/VERSION/CREATE/VALUE/LEASE, then success / else failure)
//   watch  → Watch stream    (client.watch(): start revision, prev_kv; etcd3 reconnects and resumes by itself,
//                             from the revision after the last one it received, as clientv3 does)
// The wire format's differences: keys and values are bytes (UTF-8 here, as the API server's JSON
// is), and int64 fields arrive as decimal strings.
//
// Errors: etcd answers a compacted revision with "etcdserver: mvcc: required revision has been
// compacted" and a revision it has not reached with "... is a future revision"; both become the
// same CompactedError / FutureRevisionError the in-memory store throws, so EtcdStore turns them
// into 410 Expired and 504 Too large resource version whatever the backend. Neither gRPC error
// carries the revisions, so they are filled in as noted below.
import type { Etcd3, IKeyValue, IRangeRequest, IRequestOp, IResponseOp, ITxnRequest, Watcher } from "etcd3";
import { CompactedError, FutureRevisionError } from "../../etcd/mvcc/errors";
import type {
  Compare, KeyValue, RangeRequest, RangeResponse, RequestOp, ResponseOp, TxnRequest, TxnResponse,
} from "../../etcd/mvcc/types";
import type { Event, WatchResponse } from "../../etcd/mvcc/watchable-store";
import type { KV, KVWatch, KVWatchRequest } from "./kv";

const COMPACTED = "required revision has been compacted";
const FUTURE = "required revision is a future revision";

export class Etcd3KV implements KV {
  constructor(readonly client: Etcd3) {}

  async range(request: RangeRequest): Promise<RangeResponse> {
    try {
      return fromRangeResponse(await this.client.kv.range(toRangeRequest(request)));
    } catch (err: unknown) {
      throw await this.mapError(err, request.key);
    }
  }

  async txn(request: TxnRequest): Promise<TxnResponse> {
    try {
      return fromTxnResponse(await this.client.kv.txn(toTxnRequest(request)));
    } catch (err: unknown) {
      throw await this.mapError(err, request.compare?.[0]?.key ?? "");
    }
  }

  //> etcd3-kv-watch
  watch(request: KVWatchRequest, onResponse: (response: WatchResponse) => void): KVWatch {
    let canceled = false;
    let watcher: Watcher | undefined;
    const builder = this.client.watch().startRevision(String(request.startRevision));
    if (request.rangeEnd === undefined || request.rangeEnd === "") builder.key(request.key);
    else builder.inRange({ start: request.key, end: request.rangeEnd });
    if (request.prevKv) builder.withPreviousKV();
    const w = builder.watcher(); // attaches now; 'connected' follows
    watcher = w;
    w.on("data", (res) => {
      if (canceled) return;
      onResponse({
        watchId: Number(res.watch_id),
        header: { revision: Number(res.header.revision) },
        events: res.events.map(fromEvent),
      });
    });
    // etcd cancels a watch whose start revision is compacted (a response with canceled and
    // compact_revision set); etcd3 turns that response into an 'error' and does not pass the
    // compact_revision on. Ask etcd whether the start revision is still readable to tell a
    // compaction from any other cancellation. SIMPLIFICATION: compactRevision is reported as
    // startRevision + 1, the least revision the compaction can have reached.
    w.on("error", (err: unknown) => {
      if (canceled) return;
      canceled = true;
      void w.cancel().catch(() => undefined);
      void this.client.kv
        .range({ key: Buffer.from(request.key), revision: request.startRevision, count_only: true })
        .then(
          (res) => ({ revision: Number(res.header.revision), compacted: false }),
          (e: unknown) => ({ revision: 0, compacted: messageOf(e).includes(COMPACTED) }),
        )
        .then(({ revision, compacted }) => {
          const compactRevision = request.startRevision + 1;
          onResponse(
            compacted
              ? { watchId: Number(w.id ?? -1), header: { revision }, events: [], canceled: true, compactRevision, error: new CompactedError(compactRevision) }
              : { watchId: Number(w.id ?? -1), header: { revision }, events: [], canceled: true },
          );
          if (!compacted) console.warn(`etcd3 watch on ${request.key} canceled: ${messageOf(err)}`);
        });
    });
    return {
      cancel: () => {
        if (canceled) return;
        canceled = true;
        void watcher?.cancel().catch(() => undefined);
        watcher = undefined;
      },
    };
  }
  //< etcd3-kv-watch

  /** etcd's error as the store's own: CompactedError, FutureRevisionError, or the error itself. */
  private async mapError(err: unknown, key: string): Promise<unknown> {
    const message = messageOf(err);
    // SIMPLIFICATION: the compaction revision is not in etcd's error; 0 stands for "unknown".
    if (message.includes(COMPACTED)) return new CompactedError(0);
    if (message.includes(FUTURE)) {
      // The error does not say how far etcd is: one more read does (what storage reports as "current").
      try {
        const res = await this.client.kv.range({ key: Buffer.from(key), count_only: true });
        return new FutureRevisionError(Number(res.header.revision));
      } catch {
        return new FutureRevisionError(0);
      }
    }
    return err;
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

// --- requests: the store's messages → etcd3's gRPC messages -------------------------------------

const bytes = (s: string): Buffer => Buffer.from(s, "utf8");
const SORT_ORDER = { NONE: "None", ASCEND: "Ascend", DESCEND: "Descend" } as const;
const SORT_TARGET = { KEY: "Key", VERSION: "Version", CREATE: "Create", MOD: "Mod", VALUE: "Value" } as const;
const COMPARE_RESULT = { EQUAL: "Equal", GREATER: "Greater", LESS: "Less", NOT_EQUAL: "NotEqual" } as const;

function toRangeRequest(r: RangeRequest): IRangeRequest {
  const out: IRangeRequest = { key: bytes(r.key) };
  if (r.rangeEnd !== undefined && r.rangeEnd !== "") out.range_end = bytes(r.rangeEnd);
  if (r.limit) out.limit = r.limit;
  if (r.revision) out.revision = r.revision;
  if (r.sortOrder) out.sort_order = SORT_ORDER[r.sortOrder];
  if (r.sortTarget) out.sort_target = SORT_TARGET[r.sortTarget];
  if (r.keysOnly) out.keys_only = true;
  if (r.countOnly) out.count_only = true;
  if (r.minModRevision) out.min_mod_revision = r.minModRevision;
  if (r.maxModRevision) out.max_mod_revision = r.maxModRevision;
  if (r.minCreateRevision) out.min_create_revision = r.minCreateRevision;
  if (r.maxCreateRevision) out.max_create_revision = r.maxCreateRevision;
  return out;
}

function toCompare(c: Compare): NonNullable<ITxnRequest["compare"]>[number] {
  const base = { key: bytes(c.key), result: COMPARE_RESULT[c.result], ...(c.rangeEnd ? { range_end: bytes(c.rangeEnd) } : {}) };
  switch (c.target) {
    case "MOD": return { ...base, target: "Mod", mod_revision: c.modRevision };
    case "CREATE": return { ...base, target: "Create", create_revision: c.createRevision };
    case "VERSION": return { ...base, target: "Version", version: c.version };
    case "VALUE": return { ...base, target: "Value", value: bytes(c.value) };
    case "LEASE": return { ...base, target: "Lease", lease: c.lease };
  }
}

function toRequestOp(op: RequestOp): IRequestOp {
  if ("requestRange" in op) return { request_range: toRangeRequest(op.requestRange) };
  if ("requestPut" in op) {
    const p = op.requestPut;
    return {
      request_put: {
        key: bytes(p.key),
        value: bytes(p.value ?? ""),
        ...(p.lease ? { lease: p.lease } : {}),
        ...(p.prevKv ? { prev_kv: true } : {}),
        ...(p.ignoreValue ? { ignore_value: true } : {}),
        ...(p.ignoreLease ? { ignore_lease: true } : {}),
      },
    };
  }
  if ("requestDeleteRange" in op) {
    const d = op.requestDeleteRange;
    return {
      request_delete_range: {
        key: bytes(d.key),
        ...(d.rangeEnd ? { range_end: bytes(d.rangeEnd) } : {}),
        ...(d.prevKv ? { prev_kv: true } : {}),
      },
    };
  }
  return { request_txn: toTxnRequest(op.requestTxn) };
}

function toTxnRequest(t: TxnRequest): ITxnRequest {
  return {
    compare: (t.compare ?? []).map(toCompare),
    success: (t.success ?? []).map(toRequestOp),
    failure: (t.failure ?? []).map(toRequestOp),
  };
}

// --- responses: etcd3's gRPC messages → the store's messages ------------------------------------

function fromKeyValue(kv: IKeyValue): KeyValue {
  return {
    key: kv.key.toString("utf8"),
    createRevision: Number(kv.create_revision),
    modRevision: Number(kv.mod_revision),
    version: Number(kv.version),
    value: kv.value.toString("utf8"),
    lease: Number(kv.lease),
  };
}

function fromRangeResponse(r: Awaited<ReturnType<Etcd3["kv"]["range"]>>): RangeResponse {
  return { header: { revision: Number(r.header.revision) }, kvs: (r.kvs ?? []).map(fromKeyValue), more: r.more ?? false, count: Number(r.count ?? 0) };
}

function fromResponseOp(op: IResponseOp): ResponseOp {
  if (op.response_range) return { responseRange: fromRangeResponse(op.response_range) };
  if (op.response_put) {
    const p = op.response_put;
    return { responsePut: { header: { revision: Number(p.header.revision) }, ...(p.prev_kv ? { prevKv: fromKeyValue(p.prev_kv) } : {}) } };
  }
  if (op.response_delete_range) {
    const d = op.response_delete_range;
    return {
      responseDeleteRange: {
        header: { revision: Number(d.header.revision) },
        deleted: Number(d.deleted ?? 0),
        ...(d.prev_kvs && d.prev_kvs.length > 0 ? { prevKvs: d.prev_kvs.map(fromKeyValue) } : {}),
      },
    };
  }
  return { responseTxn: fromTxnResponse(op.response_txn) };
}

function fromTxnResponse(t: Awaited<ReturnType<Etcd3["kv"]["txn"]>>): TxnResponse {
  return { header: { revision: Number(t.header.revision) }, succeeded: t.succeeded ?? false, responses: (t.responses ?? []).map(fromResponseOp) };
}

function fromEvent(e: { type: string; kv: IKeyValue; prev_kv?: IKeyValue | null }): Event {
  const event = { type: e.type === "Delete" ? "DELETE" : "PUT", kv: fromKeyValue(e.kv) } as Event;
  if (e.prev_kv) event.prevKv = fromKeyValue(e.prev_kv);
  return event;
}
