// Graded tests for the exercise "retry-on-conflict" (chapter 02-api-server, 15 points). Each
// test's weight is the points it is worth (they add up to 15); see tools/exercises/points.ts.
// `@exercise/...` is your exercises/ file; the grader also runs these tests against the reference
// solution and the untouched stub (tools/exercises/README.md). Each test is a sentence; its
// failure message names the rule that was broken and where to read about it.
//
// Every scenario runs on a VirtualClock (support/virtual-time.ts fires its timers whenever the
// code waits), against the real registry (src/apiserver/registry/store.ts) on the in-memory MVCC
// store, where a stale resourceVersion gets the real 409.
import { describe, expect, it } from "vitest";
import {
  backoffStep, type Backoff, DefaultBackoff, DefaultRetry, onError, retryOnConflict, updateWithRetry,
} from "@exercise/02-api-server/retry-on-conflict";
import { isConflict } from "../../src/api/status-predicates";
import { newNotFound, StatusError } from "../../src/api/status";
import { MvccStore } from "../../src/etcd/mvcc/mvcc-store";
import { Registry } from "../../src/apiserver/registry/store";
import { EtcdStore, MvccKV, optimisticLockError } from "../../src/apiserver/storage";
import type { KubeObject } from "../../src/apiserver/types";
import { Rng } from "../../src/sim/rng";
import { runOnVirtualTime, VirtualClock } from "./support/virtual-time";

const RETRY = "client-go retry.OnError / RetryOnConflict (k8s.io/client-go/util/retry/util.go)";
const STEP = "wait.Backoff.Step (k8s.io/apimachinery/pkg/util/wait/backoff.go)";

function setup(seed = 1) {
  const clock = new VirtualClock();
  const registry = new Registry({
    storage: new EtcdStore(new MvccKV(new MvccStore())), resource: "configmaps", kind: "ConfigMap", namespaced: true, clock, rng: new Rng(seed),
  });
  return { clock, registry, deps: { clock, rng: new Rng(`${seed}/jitter`) } };
}
const configMap = (name: string, data: Record<string, string>): KubeObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data });
const dataOf = (o: KubeObject) => (o["data"] ?? {}) as Record<string, string>;
const conflict = () => optimisticLockError("/registry/configmaps/default/counter");

describe("the backoff", () => {
  it("DefaultRetry sleeps 10 ms plus up to 10% jitter each step; DefaultBackoff grows 10, 50, 250 ms", { meta: { weight: 3 } }, () => {
    expect(DefaultRetry, `${RETRY}: DefaultRetry is { Steps: 5, Duration: 10ms, Factor: 1.0, Jitter: 0.1 }`).toEqual({ steps: 5, durationMs: 10, factor: 1.0, jitter: 0.1 });
    const rng = new Rng(7);
    let b: Backoff = DefaultRetry;
    const sleeps: number[] = [];
    for (let i = 0; i < 4; i++) {
      const { sleepMs, next } = backoffStep(b, rng);
      sleeps.push(sleepMs);
      expect(next.steps, `${STEP}: each step uses up one of the steps`).toBe(b.steps - 1);
      b = next;
    }
    for (const s of sleeps) expect(s >= 10 && s < 11, `${STEP} with Jitter 0.1: a sleep is Duration + rand * 0.1 * Duration, in [10, 11) ms; got ${s}`).toBe(true);
    expect(new Set(sleeps).size, `${STEP}: the jitter is random (rng.next()), so the four sleeps differ: ${sleeps.join(", ")}`).toBe(4);
    const exact: number[] = [];
    let g: Backoff = { ...DefaultBackoff, jitter: 0 };
    for (let i = 0; i < 3; i++) {
      const { sleepMs, next } = backoffStep(g, rng);
      exact.push(sleepMs);
      g = next;
    }
    expect(exact, `${STEP}: with Factor 5 each sleep is 5 times the one before (the jitter, here 0, never feeds into the next duration)`).toEqual([10, 50, 250]);
    const capped = backoffStep({ steps: 10, durationMs: 40, factor: 2, jitter: 0, capMs: 60 }, rng);
    expect([capped.sleepMs, capped.next.durationMs, capped.next.steps], `${STEP}: growing past Cap stops at Cap and sets Steps to 0`).toEqual([40, 60, 0]);
  });
});

describe("retry.OnError", () => {
  it("tries DefaultRetry's five times, about 10 ms apart, and then gives up with the last conflict", { meta: { weight: 3 } }, async () => {
    const { clock, deps } = setup();
    const attempts: number[] = [];
    const errors: StatusError[] = [];
    const fn = async () => {
      attempts.push(clock.now());
      const err = conflict();
      errors.push(err);
      throw err;
    };
    let thrown: unknown;
    await runOnVirtualTime(clock, retryOnConflict(DefaultRetry, fn, deps).catch((err: unknown) => { thrown = err; }));
    expect(attempts.length, `${RETRY}: wait.ExponentialBackoff calls the condition once per step: 5 attempts with DefaultRetry`).toBe(5);
    const gaps = attempts.slice(1).map((t, i) => t - attempts[i]!);
    for (const gap of gaps) expect(gap >= 10 && gap < 11, `${RETRY}: between two attempts it sleeps one backoff step on the clock, 10 to 11 ms; gaps were ${gaps.join(", ")}`).toBe(true);
    expect(clock.now() - attempts[4]!, `${RETRY}: no sleep after the last attempt (ExponentialBackoff breaks when Steps == 1)`).toBe(0);
    expect(thrown, `${RETRY}: when the steps run out OnError returns lastErr, the conflict of the last attempt itself, not a timeout error`).toBe(errors[4]);
  });

  it("returns at once on success or on an error it may not retry", { meta: { weight: 2 } }, async () => {
    const { clock, deps } = setup();
    let calls = 0;
    const notFound = newNotFound({ group: "", resource: "configmaps" }, "counter");
    let thrown: unknown;
    await runOnVirtualTime(clock, retryOnConflict(DefaultRetry, async () => { calls++; throw notFound; }, deps).catch((err: unknown) => { thrown = err; }));
    expect([calls, thrown === notFound, clock.now()], `${RETRY}: a 404 is not retriable: one attempt, the error as it is, no sleep`).toEqual([1, true, 0]);
    calls = 0;
    await runOnVirtualTime(clock, onError(DefaultRetry, isConflict, async () => { if (++calls < 3) throw conflict(); }, deps));
    expect(calls, `${RETRY}: two conflicts, then a success on the third attempt: stop there`).toBe(3);
    let other = 0;
    await runOnVirtualTime(clock, onError({ steps: 3, durationMs: 5, factor: 1, jitter: 0 }, () => true, async () => { if (++other < 3) throw new Error("flaky"); }, deps));
    expect(other, `${RETRY}: OnError retries whatever its retriable function accepts, not only conflicts`).toBe(3);
  });
});

describe("plugged into the registry: concurrent writers on one object", () => {
  it("two controllers incrementing one counter concurrently lose no update", { meta: { weight: 4 } }, async () => {
    const { clock, registry, deps } = setup();
    await registry.create("default", configMap("counter", { count: "0" }));
    let conflicts = 0;
    const update = registry.update.bind(registry);
    registry.update = async (ns, name, obj) => {
      try {
        return await update(ns, name, obj);
      } catch (err: unknown) {
        if (isConflict(err)) conflicts++;
        throw err;
      }
    };
    const increment = (obj: KubeObject) => { dataOf(obj)["count"] = String(Number(dataOf(obj)["count"]) + 1); };
    const controller = async () => { for (let i = 0; i < 10; i++) await updateWithRetry(registry, "default", "counter", increment, deps); };
    await runOnVirtualTime(clock, Promise.all([controller(), controller()]));
    const final = await registry.get("default", "counter");
    expect(conflicts > 0, "the scenario is a real race: both controllers read the same resourceVersion and one of the updates got 409").toBe(true);
    expect(
      dataOf(final)["count"],
      `${RETRY}: 20 increments, ${conflicts} conflicts on the way: every conflicting attempt must read the latest version again and re-apply its change, so no increment is lost`,
    ).toBe("20");
  });

  it("re-reads the object on every attempt, so the other writer's change survives, and returns what was stored", { meta: { weight: 3 } }, async () => {
    const { clock, registry, deps } = setup();
    await registry.create("default", configMap("settings", { owner: "team-a" }));
    // Another client writes between our read and our first update: that update carries a stale
    // resourceVersion and gets the 409.
    let interfered = false;
    const update = registry.update.bind(registry);
    registry.update = async (ns, name, obj) => {
      if (!interfered) {
        interfered = true;
        const other = await registry.get(ns, name);
        await update(ns, name, { ...other, data: { ...dataOf(other), tier: "gold" } });
      }
      return update(ns, name, obj);
    };
    const seen: string[] = [];
    const mutate = (obj: KubeObject) => {
      seen.push(obj.metadata?.resourceVersion ?? "");
      dataOf(obj)["replicas"] = "3";
    };
    const stored = await runOnVirtualTime(clock, updateWithRetry(registry, "default", "settings", mutate, deps));
    expect(seen.length, `${RETRY}: the first update hit a 409 (someone wrote in between), so mutate runs again on a fresh read`).toBe(2);
    expect(seen[1] !== seen[0], `${RETRY}: the second attempt must start from a NEW get (resourceVersion ${seen[0]} was stale); it saw ${seen[1]}`).toBe(true);
    const final = await registry.get("default", "settings");
    expect(dataOf(final), `${RETRY}: both changes are kept: the other client's tier=gold and our replicas=3 (no lost update)`).toEqual({ owner: "team-a", tier: "gold", replicas: "3" });
    expect(stored, "updateWithRetry returns the object as the successful update stored it (with its new resourceVersion)").toEqual(final);
  });
});
