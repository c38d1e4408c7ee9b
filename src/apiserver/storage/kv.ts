// The few etcd calls the storage layer makes, as one narrow interface. etcd3/store.go talks to
// clientv3's KV and Watcher; every backend of this course provides the same calls:
//   - MvccKV   the in-memory MVCC store of chapter 3, called directly (mvcc-kv.ts);
//   - RaftKV   the Raft-replicated etcd cluster of chapter 3, over the simulated network (raft-kv.ts);
//   - Etcd3KV  a real etcd through the `etcd3` npm client (etcd3-kv.ts, Node only): `range`/`txn`
//     map to its KV calls, `watch` to its watch builder, and its compaction error to CompactedError.
//
// Contract: `range` and `txn` reject with mvcc's `CompactedError` for a compacted revision, and
// with some other Error when the store cannot answer. `watch` reports responses in revision
// order through `onResponse`, and a response with `canceled` and `compactRevision` when its
// start revision is compacted.
import type { RangeRequest, RangeResponse, TxnRequest, TxnResponse } from "../../etcd/mvcc/types";
import type { WatchResponse } from "../../etcd/mvcc/watchable-store";

export interface KVWatchRequest {
  key: string;
  rangeEnd?: string;
  /** First revision to report. */
  startRevision: number;
  /** The previous value of each changed key: what lets a watch tell MODIFIED from a filter transition. */
  prevKv: boolean;
}

export interface KVWatch {
  cancel(): void;
}

export interface KV {
  range(request: RangeRequest): Promise<RangeResponse>;
  txn(request: TxnRequest): Promise<TxnResponse>;
  watch(request: KVWatchRequest, onResponse: (response: WatchResponse) => void): KVWatch;
}
