// MIT 6.5840's Raft tests (parts 3A–3D) on the course's Raft, in virtual time. Each test runs
// from a seed (default 1); a failure prints the seed and the command that replays it:
//   RAFT_SEED=123 npx vitest run src/etcd/battery -t "3C Figure 8"
import { describe, it } from "vitest";
import { battery, DEFAULT_BATTERY_SEED } from "./battery";
import { runScenario } from "./scenario";

declare const process: { env: Record<string, string | undefined> };

const seed = process.env["RAFT_SEED"] ?? DEFAULT_BATTERY_SEED;

for (const part of ["3A", "3B", "3C", "3D"] as const) {
  describe(`MIT 6.5840 Raft part ${part}, in virtual time (seed ${seed})`, () => {
    for (const scenario of battery.filter((s) => s.part === part)) {
      it(scenario.title, () => {
        runScenario(scenario, seed);
      });
    }
  });
}
