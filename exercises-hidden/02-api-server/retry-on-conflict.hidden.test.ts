// Hidden tests for the exercise "retry-on-conflict": instructor-only, they count in batch grading
// and are not in the learner edition. Weights add up to 3, on top of the public 15.
import { describe, expect, it } from "vitest";
import { DefaultBackoff, retryOnConflict, updateWithRetry } from "@exercise/02-api-server/retry-on-conflict";
import { isNotFound } from "../../src/api/status-predicates";
import { MvccStore } from "../../src/etcd/mvcc/mvcc-store";
import { Registry } from "../../src/apiserver/registry/store";
import { EtcdStore, MvccKV, optimisticLockError } from "../../src/apiserver/storage";
import { Rng } from "../../src/sim/rng";
import { runOnVirtualTime, VirtualClock } from "../../exercises/02-api-server/support/virtual-time";

const RETRY = "client-go retry.OnError (k8s.io/client-go/util/retry/util.go)";

describe("hidden: other backoffs and errors", () => {
  it("DefaultBackoff makes 4 attempts, about 10, 50 and 250 ms apart", { meta: { weight: 1.5 } }, async () => {
    const clock = new VirtualClock();
    const at: number[] = [];
    let thrown: unknown;
    await runOnVirtualTime(clock, retryOnConflict(DefaultBackoff, async () => { at.push(clock.now()); throw optimisticLockError("/registry/pods/default/web"); }, { clock, rng: new Rng(3) })
      .catch((err: unknown) => { thrown = err; }));
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    expect(gaps.length, `${RETRY}: Steps 4: four attempts`).toBe(3);
    const [a = 0, b = 0, c = 0] = gaps;
    expect([a >= 10 && a < 11, b >= 50 && b < 55, c >= 250 && c < 275], `${RETRY}: Factor 5, Jitter 0.1; gaps were ${gaps.join(", ")}`).toEqual([true, true, true]);
    expect(thrown !== undefined, "and then the last conflict is thrown").toBe(true);
  });

  it("updating an object that does not exist fails at once with 404", { meta: { weight: 1.5 } }, async () => {
    const clock = new VirtualClock();
    const registry = new Registry({ storage: new EtcdStore(new MvccKV(new MvccStore())), resource: "configmaps", kind: "ConfigMap", namespaced: true, clock, rng: new Rng(1) });
    let calls = 0;
    let thrown: unknown;
    await runOnVirtualTime(clock, updateWithRetry(registry, "default", "missing", () => { calls++; }, { clock, rng: new Rng(2) }).catch((err: unknown) => { thrown = err; }));
    expect(isNotFound(thrown), `${RETRY}: the get inside the attempt fails with 404, which is not a conflict`).toBe(true);
    expect([calls, clock.now()], "mutate is never called and nothing sleeps").toEqual([0, 0]);
  });
});
