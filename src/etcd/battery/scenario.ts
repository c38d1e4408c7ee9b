// One test of the battery: a named scenario that runs from a seed and throws on failure. The
// scenarios are plain functions (not vitest tests) so that the benchmark and the soak script run
// exactly the code `npm test` runs; battery.test.ts turns each into a test.
import type { Seed } from "../../sim/rng";

export interface Scenario {
  /** The MIT 6.5840 lab part it mirrors: 3A elections, 3B agreement, 3C persistence, 3D snapshots. */
  part: "3A" | "3B" | "3C" | "3D";
  /** The MIT test it mirrors, e.g. "TestFigure8Unreliable3C". */
  mit: string;
  /** The test's name: a sentence saying what it shows. */
  title: string;
  /** Runs it; returns the virtual milliseconds it took. Throws BatteryFailure or SafetyViolation. */
  run(seed: Seed): number;
}

/** The command that reruns one failing scenario with its seed. */
export function replayCommand(seed: Seed, title: string): string {
  return `RAFT_SEED=${seed} npx vitest run src/etcd/battery -t ${JSON.stringify(title)}`;
}

/** Runs a scenario; on failure, rethrows with the seed and the replay command appended. */
export function runScenario(s: Scenario, seed: Seed): number {
  try {
    return s.run(seed);
  } catch (err) {
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    const wrapped = new Error(`${s.part} ${s.mit} failed with seed ${seed}: ${message}\n  replay: ${replayCommand(seed, s.title)}`);
    if (err instanceof Error && err.stack) wrapped.stack = `${wrapped.message}\n${err.stack}`;
    throw wrapped;
  }
}

/** A random command for `one()`, like MIT's rand.Int(). */
export function randCmd(rng: { int(lo: number, hi: number): number }): string {
  return String(rng.int(0, 2 ** 31 - 1));
}
