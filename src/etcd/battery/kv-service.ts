// A small replicated key-value service on Raft, for client histories: the shape of MIT
// 6.5840's kvraft (lab 4) and of etcd's own request path, small enough to read in one sitting.
//
//   client ──req──► any server ──propose──► Raft ──commit──► every server's KvStore.apply
//          ◄─reply── the server that took the request, once its own store applied it
//
// Writes (put, append, cas) and, in "log" read mode, reads go through the log. In "readIndex"
// mode a read asks Raft for a read index (thesis §6.4, etcd's linearizable read) and is served
// from the local store once it has applied that far, on a follower as well as on the leader. The
// "serializable" mode answers from the local store at once: fast, and not linearizable.
// Followers forward proposals to the leader, as etcd's do.
//
// Exactly-once: a client numbers its operations and retries one with the same number on another
// server after a timeout, so a write can reach the log twice. The store remembers each client's
// last number and answer, applies a repeat as a no-op and answers it from memory (kvraft's
// duplicate table; etcd's clients avoid the problem differently, with leases and revisions).
//
// What it does not do: it never tells a client "not the leader" (forwarding makes that
// unnecessary), and it keeps no bound on a client's outstanding requests (one at a time).
import type { Clock, TimerId } from "../../sim/clock";
import type { Network } from "../../sim/network";
import type { Rng } from "../../sim/rng";
import type { Entry, ReadState } from "../raft/types";
import type { StateMachine } from "../server/raft-node";
import type { HarnessWire, Service, ServiceContext } from "./harness";
import type { KvInput, KvOperation, KvOutput } from "./kv-model";

export type KvMessage =
  | { t: "req"; client: string; seq: number; input: KvInput }
  | { t: "reply"; seq: number; output: KvOutput }
  | { t: "fail"; seq: number; reason: string };

/**
 * How a get is served: through the log; after a ReadIndex round (etcd's default, linearizable);
 * or "serializable", straight from the local store, which is etcd's `--consistency=s` and is NOT
 * linearizable (a partitioned or lagging server answers from the past). The checker must catch it.
 */
export type ReadMode = "log" | "readIndex" | "serializable";

interface Command {
  client: string;
  seq: number;
  input: KvInput;
}

/** The replicated state: the keys, plus the duplicate table. */
export class KvStore implements StateMachine {
  data = new Map<string, string>();
  private last = new Map<string, { seq: number; output: KvOutput }>();
  appliedIndex = 0;
  /** Called after each command is applied (or recognized as a repeat). */
  onApplied: (cmd: Command, output: KvOutput) => void = () => {};

  apply(entry: Entry): void {
    this.appliedIndex = entry.index;
    // Empty entries of new leaders, and the tester's own commands, are not ours.
    if (!entry.data.startsWith("{")) return;
    const cmd = JSON.parse(entry.data) as Command;
    const prev = this.last.get(cmd.client);
    if (prev !== undefined && cmd.seq <= prev.seq) {
      if (cmd.seq === prev.seq) this.onApplied(cmd, prev.output);
      return; // a retried request that is already in the log: do not apply it twice
    }
    const output = this.execute(cmd.input);
    this.last.set(cmd.client, { seq: cmd.seq, output });
    this.onApplied(cmd, output);
  }

  /** The answer of a client's request if it was applied already. */
  answered(client: string, seq: number): KvOutput | undefined {
    const prev = this.last.get(client);
    return prev && prev.seq === seq ? prev.output : undefined;
  }

  get(key: string): string {
    return this.data.get(key) ?? "";
  }

  snapshot(): string {
    return JSON.stringify({ data: [...this.data], last: [...this.last], index: this.appliedIndex });
  }

  restore(text: string, index: number): void {
    const s = JSON.parse(text) as { data: [string, string][]; last: [string, { seq: number; output: KvOutput }][] };
    this.data = new Map(s.data);
    this.last = new Map(s.last);
    this.appliedIndex = index;
  }

  private execute(input: KvInput): KvOutput {
    const current = this.get(input.key);
    switch (input.op) {
      case "get":
        return { value: current };
      case "put":
        this.data.set(input.key, input.value);
        return {};
      case "append":
        this.data.set(input.key, current + input.value);
        return {};
      case "cas": {
        const ok = current === input.expected;
        if (ok) this.data.set(input.key, input.value);
        return { ok };
      }
    }
  }
}

//> kv-server
/** One server's request handler. */
export function kvService(readMode: ReadMode): (ctx: ServiceContext<KvMessage>) => Service<KvMessage> {
  return (ctx) => {
    const store = new KvStore();
    /** Requests this server took, by "client:seq", waiting for their entry to apply here. */
    const waiting = new Map<string, string>();
    /** Reads waiting for a read index, then for the store to apply that far. */
    const reads = new Map<string, { client: string; seq: number; key: string; index: number | undefined }>();
    let nextRead = 0;
    let stopped = false;

    const serveReads = (): void => {
      for (const [ctxKey, r] of reads) {
        if (r.index === undefined || store.appliedIndex < r.index) continue;
        reads.delete(ctxKey);
        ctx.send(r.client, { t: "reply", seq: r.seq, output: { value: store.get(r.key) } });
      }
    };
    store.onApplied = (cmd, output) => {
      const key = `${cmd.client}:${cmd.seq}`;
      const client = waiting.get(key);
      if (client === undefined || stopped) return;
      waiting.delete(key);
      ctx.send(client, { t: "reply", seq: cmd.seq, output });
    };
    const machine: StateMachine = {
      apply(entry) {
        store.apply(entry);
        serveReads();
      },
      snapshot: () => store.snapshot(),
      restore(data, index) {
        store.restore(data, index);
        serveReads();
      },
    };

    return {
      machine,
      receive(msg, from) {
        const node = ctx.node();
        if (msg.t !== "req" || !node || stopped) return;
        if (msg.input.op === "get" && readMode === "serializable") {
          return ctx.send(from, { t: "reply", seq: msg.seq, output: { value: store.get(msg.input.key) } });
        }
        if (msg.input.op === "get" && readMode === "readIndex") {
          const context = `${ctx.name}/${nextRead++}`;
          reads.set(context, { client: from, seq: msg.seq, key: msg.input.key, index: undefined });
          node.readIndex(context);
          return;
        }
        const done = store.answered(msg.client, msg.seq);
        if (done !== undefined) return ctx.send(from, { t: "reply", seq: msg.seq, output: done });
        const err = node.propose(JSON.stringify({ client: msg.client, seq: msg.seq, input: msg.input } satisfies Command));
        if (err !== undefined) return ctx.send(from, { t: "fail", seq: msg.seq, reason: err.name });
        waiting.set(`${msg.client}:${msg.seq}`, from);
      },
      onReadState(rs: ReadState) {
        const r = reads.get(rs.requestCtx);
        if (r === undefined) return;
        r.index = rs.index;
        serveReads();
      },
      stop() {
        stopped = true;
        waiting.clear();
        reads.clear();
      },
    };
  };
}
//< kv-server

export interface KvClientOptions {
  name: string;
  clock: Clock;
  network: Network<HarnessWire<KvMessage>>;
  rng: Rng;
  servers: string[];
  /** Where every operation is recorded, as the client saw it. */
  history: KvOperation[];
  /** Give up on a server after this long and retry on another. Default 1000 ms. */
  timeoutMs?: number;
  keys?: string[];
  /** Pause between an answer and the next operation, uniform in [min, max) ms. Default [5, 100). */
  thinkMs?: [number, number];
}

//> kv-client
/**
 * A client that issues one random operation at a time and records it: invoked when first sent,
 * returned when the first answer arrives. Retries go to another server with the same number.
 * An operation still unanswered when the run ends stays in the history without an output: it
 * may or may not have happened.
 */
export class KvClient {
  private seq = 0;
  private current: { seq: number; op: KvOperation } | undefined;
  private timer: TimerId | undefined;
  private server = 0;
  private stopped = false;
  readonly stats = { ops: 0, retries: 0 };

  constructor(private readonly o: KvClientOptions) {
    this.server = o.rng.int(0, o.servers.length);
    o.network.attach(o.name, (wire) => {
      if (wire.kind === "app") this.receive(wire.body);
    });
  }

  /** Starts issuing operations. */
  start(): void {
    this.next();
  }

  /** Finishes the current operation (retrying as needed), then issues no more. */
  stop(): void {
    this.stopped = true;
  }

  get idle(): boolean {
    return this.current === undefined;
  }

  private next(): void {
    if (this.stopped) return;
    const { rng } = this.o;
    const keys = this.o.keys ?? ["x", "y", "z"];
    const key = rng.pick(keys);
    const seq = ++this.seq;
    const tag = `${this.o.name}.${seq}`;
    const roll = rng.next();
    const input: KvInput =
      roll < 0.4
        ? { op: "get", key }
        : roll < 0.6
          ? { op: "put", key, value: tag }
          : roll < 0.9
            ? { op: "append", key, value: `[${tag}]` }
            : { op: "cas", key, expected: "", value: tag };
    const op: KvOperation = { client: this.o.name, input, call: this.o.clock.now(), return: Infinity, output: undefined };
    this.o.history.push(op);
    this.current = { seq, op };
    this.stats.ops++;
    this.send();
  }

  private send(): void {
    const cur = this.current;
    if (!cur) return;
    const to = this.o.servers[this.server]!;
    this.o.network.send(this.o.name, to, { kind: "app", body: { t: "req", client: this.o.name, seq: cur.seq, input: cur.op.input } });
    this.timer = this.o.clock.setTimer(this.o.timeoutMs ?? 1_000, () => this.retry(), `${this.o.name} timeout`);
  }

  private retry(): void {
    this.stats.retries++;
    this.server = (this.server + 1) % this.o.servers.length;
    this.send();
  }

  private receive(msg: KvMessage): void {
    const cur = this.current;
    if (!cur || msg.t === "req" || msg.seq !== cur.seq) return; // a late answer to an older request
    if (this.timer !== undefined) this.o.clock.clearTimer(this.timer);
    if (msg.t === "fail") {
      // No leader known there: try the next server after a short pause.
      this.timer = this.o.clock.setTimer(50, () => this.retry(), `${this.o.name} backoff`);
      return;
    }
    cur.op.output = msg.output;
    cur.op.return = this.o.clock.now();
    this.current = undefined;
    const [lo, hi] = this.o.thinkMs ?? [5, 100];
    this.o.clock.setTimer(hi > lo ? this.o.rng.int(lo, hi) : lo, () => this.next(), `${this.o.name} think`);
  }
}
//< kv-client
