// A client of an etcd cluster on the simulated network, with clientv3's retry rules and a history
// of every operation for linearizability checking.
//
// Each request is a `Call`: it records when it was invoked, every attempt (which member, when,
// what came back) and when it was answered. Calls complete on the virtual clock: run the clock
// (`cluster.settle(call)`, `clock.runUntil(() => call.done)`) and read `call.status`, or pass a
// callback to `onDone`, which runs synchronously at the virtual instant the answer arrives (not
// in a later microtask, as a Promise's would), so a scenario can chain requests at exact times.
//
// A Call has the fields a Porcupine-style checker reads (src/etcd/battery/linearizability.ts
// `Operation`): `client`, `input`, `output`, `call`, `return`. Leave out calls with status "failed"
// (they certainly did not happen); "unknown" ones have no output and `return` = Infinity.
//
// Retries follow clientv3's interceptor (client/v3/retry_interceptor.go):
//   - a read is retried on the next endpoint when the error's code is Unavailable (no leader,
//     leader changed, request timed out, connection refused, no response);
//   - a write is retried only when the request certainly did not reach Raft: connection refused,
//     or an answer given before proposing ("etcdserver: no leader", "server stopped"). After a
//     timeout the write may still commit, so retrying could apply it twice; the call ends with
//     status "unknown" instead, as clientv3 returns the error to its caller.
// Between attempts it waits 25 ms (clientv3 defaultBackoffWaitBetween), at most 100 retries
// (defaultUnaryMaxRetries), and never past the call's deadline.
//
// SIMPLIFICATION: clientv3 spreads requests over all endpoints (gRPC round robin) and adds 10%
// jitter to its backoff; this client sticks to one endpoint until it fails, then moves to the
// next, and waits exactly 25 ms. It also treats "etcdserver: no leader" on a write as retryable,
// which clientv3 does not: this server answers it only before proposing, so the retry is safe.
// A member that is down refuses at once (a TCP reset); one cut off by a partition is silent.
import type { Clock, TimerId } from "../../sim/clock";
import type { Network } from "../../sim/network";
import { ConnectionRefusedError, DeadlineExceededError, EtcdServerError, NoResponseError } from "./errors";
import { describeRequest, isRead, type ClientRequest, type ClientResponseByType, type EtcdWire, type ServedBy } from "./requests";
import type { DeleteRangeRequest, PutRequest, RangeRequest, TxnRequest } from "../mvcc/types";

export type CallStatus = "pending" | "ok" | "failed" | "unknown";

export interface Attempt {
  endpoint: string;
  sentAt: number;
  answeredAt?: number;
  /** The error of a failed attempt. */
  error?: string;
  servedBy?: ServedBy;
}

//> etcd-client-call
/**
 * One operation as a linearizability checker sees it. `status`:
 *   ok      — it took effect between `call` and `return`; `output` is the response;
 *   failed  — it certainly did not take effect (a checker can leave it out);
 *   unknown — it may or may not have taken effect, at any time after `call`: `return` is Infinity;
 *   pending — not answered yet (`return` is Infinity too).
 */
export class Call<T = unknown> {
  status: CallStatus = "pending";
  output: T | undefined;
  error: Error | undefined;
  /** Response time for the checker: Infinity while pending or when the outcome is unknown. */
  return = Infinity;
  /** When the client gave its answer, whatever the outcome. */
  answeredAt: number | undefined;
  /** Some attempt of this write may have reached Raft: if it fails, its outcome is unknown. */
  maybeApplied = false;
  readonly attempts: Attempt[] = [];
  private readonly callbacks: Array<(call: Call<T>) => void> = [];

  constructor(
    readonly id: number,
    readonly client: string,
    readonly input: ClientRequest,
    /** Invocation time. */
    readonly call: number,
  ) {}
  //< etcd-client-call

  get done(): boolean {
    return this.status !== "pending";
  }

  /** Runs `callback` when the call completes (at once if it has). */
  onDone(callback: (call: Call<T>) => void): this {
    if (this.done) callback(this);
    else this.callbacks.push(callback);
    return this;
  }

  /** The response; throws the error of a call that did not succeed, or if it is still pending. */
  unwrap(): T {
    if (this.status === "ok") return this.output as T;
    if (this.status === "pending") throw new Error(`call ${this.id} (${describeRequest(this.input)}) is still pending: run the clock first`);
    throw this.error ?? new Error(`call ${this.id} ${this.status}`);
  }

  /** @internal */
  finish(status: Exclude<CallStatus, "pending">, at: number, output: T | undefined, error: Error | undefined): void {
    this.status = status;
    this.output = output;
    this.error = error;
    this.answeredAt = at;
    this.return = status === "unknown" ? Infinity : at;
    for (const cb of this.callbacks.splice(0)) cb(this);
  }
}

export interface EtcdClientOptions {
  /** The client's network address. */
  name: string;
  clock: Clock;
  network: Network<EtcdWire>;
  /** Member addresses ("n1", ...), tried in this order. */
  endpoints: string[];
  /** Deadline of each call. Default 10 s. */
  timeoutMs?: number;
  /** Give up on one attempt after this long without an answer. Default 8 s (a member answers within its 7 s request timeout). */
  attemptTimeoutMs?: number;
  /** Wait between attempts. Default 25 ms. */
  backoffMs?: number;
  /** Most retries of one call. Default 100. */
  maxRetries?: number;
}

interface InFlight {
  call: Call<unknown>;
  attempt: Attempt;
  timer: TimerId;
  deadline: number;
  retries: number;
}

type Response<R extends ClientRequest> = ClientResponseByType[R["type"]];

/** Per-call settings. */
export interface CallOptions {
  /** This call's deadline, instead of the client's `timeoutMs`. */
  timeoutMs?: number;
}

export class EtcdClient {
  readonly name: string;
  /** Every call this client made, in invocation order. */
  readonly history: Call<unknown>[] = [];
  private pinned = 0;
  private seq = 0;
  private attemptSeq = 0;
  private readonly inFlight = new Map<number, InFlight>();

  constructor(private readonly o: EtcdClientOptions) {
    if (o.endpoints.length === 0) throw new Error("etcd client: give at least one endpoint");
    this.name = o.name;
    o.network.attach(o.name, (wire) => this.receive(wire));
  }

  get endpoints(): readonly string[] {
    return this.o.endpoints;
  }

  /** Sends any request; the other methods are shorthands. */
  request<R extends ClientRequest>(request: R, options: CallOptions = {}): Call<Response<R>> {
    const now = this.o.clock.now();
    const call = new Call<Response<R>>(++this.seq, this.name, request, now);
    this.history.push(call as Call<unknown>);
    const deadline = now + (options.timeoutMs ?? this.o.timeoutMs ?? 10_000);
    this.send(call as Call<unknown>, deadline, 0);
    return call;
  }

  get(key: string, options: Omit<RangeRequest, "key"> & { serializable?: boolean } & CallOptions = {}) {
    const { serializable, timeoutMs, ...rest } = options;
    return this.request({ type: "range", request: { key, ...rest }, serializable }, { timeoutMs });
  }

  put(key: string, value: string, options: Omit<PutRequest, "key" | "value"> & CallOptions = {}) {
    const { timeoutMs, ...rest } = options;
    return this.request({ type: "put", request: { key, value, ...rest } }, { timeoutMs });
  }

  delete(key: string, options: Omit<DeleteRangeRequest, "key"> & CallOptions = {}) {
    const { timeoutMs, ...rest } = options;
    return this.request({ type: "deleteRange", request: { key, ...rest } }, { timeoutMs });
  }

  txn(request: TxnRequest, options: CallOptions = {}) {
    return this.request({ type: "txn", request }, options);
  }

  compact(revision: number) {
    return this.request({ type: "compaction", request: { revision } });
  }

  leaseGrant(ttl: number) {
    return this.request({ type: "leaseGrant", request: { ttl } });
  }

  leaseRevoke(id: number) {
    return this.request({ type: "leaseRevoke", request: { id } });
  }

  leaseKeepAlive(id: number) {
    return this.request({ type: "leaseKeepAlive", request: { id } });
  }

  leaseTimeToLive(id: number, keys = false) {
    return this.request({ type: "leaseTimeToLive", request: { id, keys } });
  }

  //> etcd-client-send
  private send(call: Call<unknown>, deadline: number, retries: number): void {
    const { clock, network } = this.o;
    const endpoint = this.o.endpoints[this.pinned % this.o.endpoints.length]!;
    const attempt: Attempt = { endpoint, sentAt: clock.now() };
    call.attempts.push(attempt);
    const attemptId = ++this.attemptSeq;
    const waitMs = Math.min(this.o.attemptTimeoutMs ?? 8_000, deadline - clock.now());
    const timer = clock.setTimer(waitMs, () => {
      const silent = new NoResponseError(endpoint, waitMs);
      this.attemptFailed(attemptId, clock.now() >= deadline ? new DeadlineExceededError(silent, true) : silent);
    }, `${this.name} call ${call.id} attempt`);
    this.inFlight.set(attemptId, { call, attempt, timer, deadline, retries });
    if (!network.isAttached(endpoint)) {
      // A process that is down refuses the connection: nothing was sent.
      clock.setTimer(0, () => this.attemptFailed(attemptId, new ConnectionRefusedError(endpoint)), `${this.name} refused`);
      return;
    }
    network.send(this.name, endpoint, { kind: "client-request", callId: attemptId, request: call.input });
  }

  /** Decides what a failed attempt means: retry elsewhere, or answer the caller. */
  private attemptFailed(attemptId: number, error: Error): void {
    const f = this.inFlight.get(attemptId);
    if (!f) return;
    const { clock } = this.o;
    this.inFlight.delete(attemptId);
    clock.clearTimer(f.timer);
    f.attempt.answeredAt = clock.now();
    f.attempt.error = error.message;
    const { call, deadline, retries } = f;
    const write = !isRead(call.input);
    const server = error instanceof EtcdServerError ? error : undefined;
    if (write && server?.maybeApplied) call.maybeApplied = true;
    const retryable = server !== undefined && server.code === "Unavailable" && (!write || !server.maybeApplied);
    const outcome = call.maybeApplied ? "unknown" : "failed";
    if (!retryable) return call.finish(outcome, clock.now(), undefined, error);
    const backoff = this.o.backoffMs ?? 25;
    if (retries >= (this.o.maxRetries ?? 100) || clock.now() + backoff >= deadline) {
      return call.finish(outcome, clock.now(), undefined, new DeadlineExceededError(error, call.maybeApplied));
    }
    this.pinned++; // the balancer moves on to the next endpoint
    clock.setTimer(backoff, () => this.send(call, deadline, retries + 1), `${this.name} backoff`);
  }
  //< etcd-client-send

  private receive(wire: EtcdWire): void {
    if (wire.kind !== "client-response") return;
    const f = this.inFlight.get(wire.callId);
    if (!f) return; // an answer to an attempt we gave up on
    f.attempt.servedBy = wire.servedBy;
    if (!wire.result.ok) return this.attemptFailed(wire.callId, wire.result.error);
    const { clock } = this.o;
    this.inFlight.delete(wire.callId);
    clock.clearTimer(f.timer);
    f.attempt.answeredAt = clock.now();
    f.call.finish("ok", clock.now(), wire.result.response, undefined);
  }
}
