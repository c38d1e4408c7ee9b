// Backend 1: the in-memory MVCC store of chapter 3, called directly.
//
// Every call is synchronous underneath; it is wrapped in an already-settled Promise so that the
// same `EtcdStore` code serves it and the asynchronous backends. Watch responses arrive
// synchronously, at the end of the write that caused them.
import type { MvccStore } from "../../etcd/mvcc/mvcc-store";
import type { StoreResult } from "../../etcd/mvcc/types";
import type { WatchResponse } from "../../etcd/mvcc/watchable-store";
import type { KV, KVWatch, KVWatchRequest } from "./kv";
import type { RangeRequest, RangeResponse, TxnRequest, TxnResponse } from "../../etcd/mvcc/types";

export class MvccKV implements KV {
  constructor(readonly store: MvccStore) {}

  range(request: RangeRequest): Promise<RangeResponse> {
    return settled(this.store.apply({ type: "range", request }));
  }

  txn(request: TxnRequest): Promise<TxnResponse> {
    return settled(this.store.apply({ type: "txn", request }));
  }

  watch(request: KVWatchRequest, onResponse: (response: WatchResponse) => void): KVWatch {
    const w = this.store.watch({ ...request, onResponse });
    return { cancel: () => w.cancel() };
  }
}

function settled<R>(result: StoreResult<R>): Promise<R> {
  return result.ok ? Promise.resolve(result.response) : Promise.reject(result.error);
}
