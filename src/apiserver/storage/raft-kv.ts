// Backend 2: the Raft-replicated etcd cluster of chapter 3, reached through an EtcdClient over
// the simulated network, on virtual time.
//
// A request is a `Call` that completes while the virtual clock runs; `onDone` resolves the
// Promise the storage layer awaits. One subtlety: a Promise continuation runs in a *microtask*,
// after the clock callback that resolved it has returned, and the clock knows nothing about
// microtasks. So `clock.runUntil(...)` alone cannot drive a chain such as guaranteedUpdate
// (read, compute, txn, maybe read again): after each answer, the code that sends the next request
// has not run yet. `settle(promise)` alternates the two: let pending continuations run (they send
// the next Call), then run the clock until some Call of this backend is answered; repeat until
// the promise settles. Tests and notebooks `await kv.settle(storage.create(...))`.
//
// Watches are opened on one member's store (member.watch): SIMPLIFICATION, etcd streams watch
// responses over gRPC from the member the client is connected to; here the events are handed over
// locally, at the instant that member applies the write. Like clientv3, which notices a broken
// stream and opens the watch again elsewhere from the revision after the last one it received,
// the watch checks every `watchKeepaliveMs` that its member is still running and otherwise moves
// to another live member. Nothing is lost or repeated: the new member replays from that revision.
import type { EtcdClient } from "../../etcd/server/client";
import type { Call } from "../../etcd/server/client";
import type { EtcdCluster } from "../../etcd/server/etcd-cluster";
import type { MemberWatch } from "../../etcd/server/apply";
import type { EtcdMember } from "../../etcd/server/member";
import type { TimerId } from "../../sim/clock";
import type { RangeRequest, RangeResponse, TxnRequest, TxnResponse } from "../../etcd/mvcc/types";
import type { WatchResponse } from "../../etcd/mvcc/watchable-store";
import type { KV, KVWatch, KVWatchRequest } from "./kv";

/**
 * Rounds of `await` that let pending continuations run before the clock moves. Each round is one
 * microtask turn; the storage code's deepest chain of awaits between two Calls is a handful of
 * turns, so this is a generous bound, not a tuned one.
 */
const MICROTASK_ROUNDS = 64;

export class RaftKV implements KV {
  /** Calls sent and not answered yet. */
  inFlight = 0;
  /** Calls answered so far. */
  answered = 0;

  constructor(
    readonly cluster: EtcdCluster,
    readonly client: EtcdClient = cluster.client({ name: "kube-apiserver" }),
    /** How often a watch checks that its member is alive. Default 1 s: a longer gap delays events after a crash. */
    readonly watchKeepaliveMs = 1_000,
  ) {}

  range(request: RangeRequest): Promise<RangeResponse> {
    const { key, ...rest } = request;
    return this.promise(this.client.get(key, rest));
  }

  txn(request: TxnRequest): Promise<TxnResponse> {
    return this.promise(this.client.txn(request));
  }

  //> raft-kv-watch
  watch(request: KVWatchRequest, onResponse: (response: WatchResponse) => void): KVWatch {
    const { cluster } = this;
    let next = request.startRevision;
    let member: EtcdMember | undefined;
    let inner: MemberWatch | undefined;
    let timer: TimerId | undefined;
    const open = (): void => {
      member = cluster.leader() ?? cluster.live()[0];
      if (member === undefined) return; // nobody to watch on: try again at the next check
      inner = member.watch({
        ...request,
        startRevision: next,
        onResponse: (r) => {
          next = Math.max(next, r.header.revision + 1);
          onResponse(r);
        },
      });
    };
    const check = (): void => {
      if (member === undefined || !cluster.live().includes(member)) {
        inner?.cancel();
        open();
      }
      if (!inner?.canceled) timer = cluster.clock.setTimer(this.watchKeepaliveMs, check, "apiserver etcd watch keepalive");
    };
    open();
    if (inner?.canceled !== true) timer = cluster.clock.setTimer(this.watchKeepaliveMs, check, "apiserver etcd watch keepalive");
    return {
      cancel: () => {
        inner?.cancel();
        if (timer !== undefined) cluster.clock.clearTimer(timer);
      },
    };
  }
  //< raft-kv-watch

  //> raft-kv-settle
  /** Runs the virtual clock until `promise` settles (see the top of this file); returns it. */
  async settle<T>(promise: Promise<T>, limitMs = 60_000): Promise<T> {
    let done = false;
    promise.then(() => (done = true), () => (done = true));
    const clock = this.cluster.clock;
    const deadline = clock.now() + limitMs;
    for (;;) {
      for (let i = 0; i < MICROTASK_ROUNDS && !done; i++) await undefined;
      if (done) return promise;
      if (this.inFlight === 0) throw new Error("settle: the promise waits for something other than a call to the etcd cluster");
      const seen = this.answered;
      const answered = clock.runUntil(() => this.answered > seen, { limitMs: Math.max(0, deadline - clock.now()) });
      if (!answered) throw new Error(`settle: no answer from the etcd cluster within ${limitMs} ms of virtual time`);
    }
  }
  //< raft-kv-settle

  private promise<T>(call: Call<T>): Promise<T> {
    this.inFlight++;
    return new Promise<T>((resolve, reject) => {
      call.onDone((c) => {
        this.inFlight--;
        this.answered++;
        if (c.status === "ok") resolve(c.output as T);
        else reject(c.error ?? new Error(`etcd call ${c.id} ended ${c.status}`));
      });
    });
  }
}
