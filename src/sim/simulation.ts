// One object that wires a run together: a virtual clock, a root Rng, a trace, and a network.
// Chapters, notebooks and tests start a scenario with `new Simulation({ seed })` and hand its
// parts (`sim.clock`, `sim.rng.fork("raft/n1")`, ...) to the components under test.
import { Network, type LinkConfig } from "./network";
import { Rng, type Seed } from "./rng";
import { Disk } from "./disk";
import type { Latency } from "./latency";
import { Trace } from "./trace";
import { VirtualClock } from "./virtual-clock";

export interface SimulationOptions {
  seed: Seed;
  /** Default link settings of the network. */
  link?: Partial<LinkConfig>;
}

export class Simulation<M = unknown> {
  readonly seed: string;
  readonly clock = new VirtualClock();
  readonly rng: Rng;
  readonly trace: Trace;
  readonly network: Network<M>;

  constructor(options: SimulationOptions & { describe?: (message: M) => string }) {
    this.seed = String(options.seed);
    this.rng = new Rng(options.seed);
    this.trace = new Trace(() => this.clock.now());
    this.network = new Network<M>({
      clock: this.clock,
      rng: this.rng.fork("network"),
      trace: this.trace,
      defaults: options.link,
      describe: options.describe,
    });
  }

  /** A disk for node `name`, with its own random stream. */
  disk(name: string, fsyncLatency?: Latency): Disk {
    return new Disk({ clock: this.clock, rng: this.rng.fork(`disk/${name}`), fsyncLatency, name, trace: this.trace });
  }
}
