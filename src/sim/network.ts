// A simulated network: named nodes exchange messages through links that delay, lose, duplicate
// and reorder them, and can be cut by partitions.
//
// Every delivery is a timer on the clock, every random choice comes from the network's own Rng
// stream, and every send is written to the trace. That is all a distributed-systems bug needs to
// be caught, replayed from its seed, and drawn.
//
// SIMPLIFICATION: messages are JavaScript values handed over by reference, not bytes; there is no
// bandwidth limit or congestion, only per-message latency. A partition is checked when a message
// is sent and again when it would arrive, so nothing crosses a cut while it is in force.
import type { Clock } from "./clock";
import { describeLatency, meanLatency, sampleLatency, type Latency } from "./latency";
import type { Rng } from "./rng";
import type { MessageEvent, Trace } from "./trace";

export type Handler<M> = (message: M, from: string) => void;

export interface LinkConfig {
  /** One-way delay of each message. Default: fixed 1 ms. */
  latency: Latency;
  /** Probability that a message is lost. Default 0. */
  loss: number;
  /** Probability that a message is delivered twice (the copy with its own delay). Default 0. */
  duplicate: number;
  /** Probability that a message is held back by an extra 1–3 mean latencies, so later ones overtake it. Default 0. */
  reorder: number;
}

/** What a filter decides for one message: pass it on, drop it, or hold it back longer. */
export type FilterVerdict = "deliver" | "drop" | { delayMs: number };
export type Filter<M> = (message: M, from: string, to: string) => FilterVerdict;

export interface NetworkOptions<M> {
  clock: Clock;
  /** The network's own random stream; pass `rng.fork("network")`. */
  rng: Rng;
  trace?: Trace;
  /** Link settings used where no per-link setting exists. */
  defaults?: Partial<LinkConfig>;
  /** Short text for a message in traces, such as its type. Default: `String(message)`. */
  describe?: (message: M) => string;
}

export const DEFAULT_LINK: LinkConfig = { latency: { kind: "fixed", ms: 1 }, loss: 0, duplicate: 0, reorder: 0 };

export class Network<M> {
  private readonly clock: Clock;
  private readonly rng: Rng;
  private readonly trace: Trace | undefined;
  private readonly describe: (message: M) => string;
  private defaults: LinkConfig;
  private readonly handlers = new Map<string, Handler<M>>();
  private readonly links = new Map<string, LinkConfig>();
  private readonly filters: Filter<M>[] = [];
  /** Partition group of each node; nodes not listed share the group "". */
  private groups = new Map<string, string>();
  /** Counters a test or notebook can read. */
  readonly stats = { sent: 0, delivered: 0, dropped: 0, duplicated: 0 };

  constructor(options: NetworkOptions<M>) {
    this.clock = options.clock;
    this.rng = options.rng;
    this.trace = options.trace;
    this.describe = options.describe ?? ((m) => String(m));
    this.defaults = { ...DEFAULT_LINK, ...options.defaults };
  }

  /** Connects a node: `handler` receives every message delivered to `address`. */
  attach(address: string, handler: Handler<M>): void {
    this.handlers.set(address, handler);
  }

  /** Disconnects a node (it crashed): messages to it are dropped on arrival. */
  detach(address: string): void {
    this.handlers.delete(address);
  }

  isAttached(address: string): boolean {
    return this.handlers.has(address);
  }

  /** Changes the defaults for every link without its own setting. */
  configure(defaults: Partial<LinkConfig>): void {
    this.defaults = { ...this.defaults, ...defaults };
  }

  /** Settings for messages from `from` to `to` (one direction). */
  setLink(from: string, to: string, config: Partial<LinkConfig>): void {
    this.links.set(linkKey(from, to), { ...this.linkConfig(from, to), ...config });
  }

  linkConfig(from: string, to: string): LinkConfig {
    return this.links.get(linkKey(from, to)) ?? this.defaults;
  }

  //> network-partition
  /**
   * Splits the nodes into groups that cannot reach each other. Nodes not named in any group form
   * one more group together. `partition([["n1"], ["n2", "n3"]])` isolates n1 from n2 and n3.
   */
  partition(groups: readonly (readonly string[])[]): void {
    this.groups = new Map();
    groups.forEach((group, i) => group.forEach((node) => this.groups.set(node, `g${i}`)));
    this.trace?.mark(`partition ${groups.map((g) => `{${g.join(",")}}`).join(" | ")}`);
  }

  /** Removes every partition. */
  heal(): void {
    this.groups = new Map();
    this.trace?.mark("heal");
  }

  /** True when a message from `a` can currently reach `b`. */
  connected(a: string, b: string): boolean {
    return (this.groups.get(a) ?? "") === (this.groups.get(b) ?? "");
  }
  //< network-partition

  /** Adds a filter that sees every message before it is sent; returns a function removing it. */
  addFilter(filter: Filter<M>): () => void {
    this.filters.push(filter);
    return () => {
      const i = this.filters.indexOf(filter);
      if (i >= 0) this.filters.splice(i, 1);
    };
  }

  //> network-send
  /** Sends `message`; it arrives after the link's latency unless something drops it. */
  send(from: string, to: string, message: M): void {
    this.stats.sent++;
    const event = this.trace?.message(from, to, this.describe(message));
    if (!this.connected(from, to)) return this.drop(event, "partition");

    let extraDelay = 0;
    for (const filter of this.filters) {
      const verdict = filter(message, from, to);
      if (verdict === "drop") return this.drop(event, "filter");
      if (verdict !== "deliver") extraDelay += verdict.delayMs;
    }

    const link = this.linkConfig(from, to);
    if (this.rng.chance(link.loss)) return this.drop(event, "loss");
    this.schedule(from, to, message, link, extraDelay, event);
    if (this.rng.chance(link.duplicate)) {
      this.stats.duplicated++;
      const copy = this.trace?.message(from, to, this.describe(message));
      if (copy) copy.duplicate = true;
      this.schedule(from, to, message, link, extraDelay, copy);
    }
  }
  //< network-send

  /** Sends the same message to several nodes. */
  broadcast(from: string, to: readonly string[], message: M): void {
    for (const peer of to) if (peer !== from) this.send(from, peer, message);
  }

  /** One line per non-default link, for printing what a scenario used. */
  describeLinks(): string[] {
    const lines = [`default: ${describeConfig(this.defaults)}`];
    for (const [key, config] of this.links) lines.push(`${key}: ${describeConfig(config)}`);
    return lines;
  }

  private schedule(from: string, to: string, message: M, link: LinkConfig, extraDelay: number, event?: MessageEvent): void {
    let delay = sampleLatency(link.latency, this.rng) + extraDelay;
    if (this.rng.chance(link.reorder)) delay += meanLatency(link.latency) * this.rng.float(1, 3);
    this.clock.setTimer(delay, () => this.deliver(from, to, message, event), `deliver ${from}->${to}`);
  }

  private deliver(from: string, to: string, message: M, event?: MessageEvent): void {
    if (!this.connected(from, to)) return this.drop(event, "partition");
    const handler = this.handlers.get(to);
    if (!handler) return this.drop(event, "down");
    this.stats.delivered++;
    if (event) {
      event.fate = "delivered";
      event.deliveredAt = this.clock.now();
    }
    handler(message, from);
  }

  private drop(event: MessageEvent | undefined, reason: string): void {
    this.stats.dropped++;
    if (event) {
      event.fate = "dropped";
      event.droppedAt = this.clock.now();
      event.reason = reason;
    }
  }
}

function linkKey(from: string, to: string): string {
  return `${from}->${to}`;
}

function describeConfig(c: LinkConfig): string {
  return `latency ${describeLatency(c.latency)}, loss ${c.loss}, duplicate ${c.duplicate}, reorder ${c.reorder}`;
}
