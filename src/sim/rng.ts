// Seeded random numbers: every random choice in the course comes from an `Rng`.
//
// The generator is xoshiro128** (Blackman and Vigna, 2018): 128 bits of state, fast in plain
// JavaScript integer arithmetic, and good enough statistically for simulation (it is not for
// cryptography). The state is filled from the seed with splitmix32, as the authors recommend.
//
// Streams are forked by name. `rng.fork("network")` derives a child from the parent's *seed* and
// the name, not from how many numbers the parent has drawn, so adding one random draw to the
// scheduler does not change every network delay in the run. Each component gets its own stream,
// and a seed printed by a failing test names the whole run.

/** A seed as a learner types it: `42`, or a path such as `"42/raft/n1"` that fork() builds. */
export type Seed = number | string;

export class Rng {
  readonly seed: string;
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: Seed) {
    this.seed = String(seed);
    let h = hashString(this.seed);
    const next = (): number => {
      // splitmix32
      h = (h + 0x9e3779b9) | 0;
      let z = h;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** An Rng with the given raw xoshiro128** state, to check against the reference vectors. */
  static fromState(s0: number, s1: number, s2: number, s3: number): Rng {
    const rng = new Rng("raw-state");
    [rng.s0, rng.s1, rng.s2, rng.s3] = [s0 | 0, s1 | 0, s2 | 0, s3 | 0];
    return rng;
  }

  //> rng-fork
  /** An independent stream for one component, determined by this seed and `name` alone. */
  fork(name: string): Rng {
    return new Rng(`${this.seed}/${name}`);
  }
  //< rng-fork

  /** A 32-bit unsigned integer (xoshiro128**). */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A float in [0, 1) with 32 bits of randomness. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer in [lo, hi). Throws if the range is empty. */
  int(lo: number, hi: number): number {
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || hi <= lo) {
      throw new RangeError(`rng.int: need integers lo < hi, got [${lo}, ${hi})`);
    }
    return lo + Math.floor(this.next() * (hi - lo));
  }

  /** A float in [lo, hi). */
  float(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return p > 0 && this.next() < p;
  }

  /** One element, uniformly. Throws on an empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("rng.pick: empty array");
    return items[this.int(0, items.length)]!;
  }

  /** Shuffles in place (Fisher–Yates) and returns the array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i + 1);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }

  /** Exponentially distributed with the given mean (inverse transform). */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** Normally distributed (Box–Muller). */
  normal(mean: number, stddev: number): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + stddev * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** FNV-1a over the UTF-16 code units: turns any seed string into 32 bits. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
