// retry.RetryOnConflict: read, modify, write, and start again when someone wrote first.
//
// The API server never locks an object. Every object carries metadata.resourceVersion, the store
// revision of its last change; an update that sends the resourceVersion it read is refused with
// 409 Conflict if the object changed since ("the object has been modified; please apply your
// changes to the latest version and try again"). Two controllers that both read version 7 and
// both write cannot both win: the second gets the 409, and must read version 8, apply its change
// to THAT, and write again. Sending the old object again, or re-reading outside the retry, would
// either fail forever or throw away the first writer's change (a lost update).
//
// client-go packages the loop (k8s.io/client-go/util/retry/util.go):
//
//   err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
//       cm, err := client.Get(ctx, name, ...)      // 1. read the latest version, every attempt
//       if err != nil { return err }
//       cm.Data["count"] = ...                      // 2. change it
//       _, err = client.Update(ctx, cm, ...)        // 3. write it, with the resourceVersion read
//       return err                                  //    a 409 makes RetryOnConflict try again
//   })
//
// OnError runs fn up to backoff.steps times (wait.ExponentialBackoff): it stops at the first
// success, or at the first error that is not retriable (returned as it is); between two attempts
// it sleeps backoff.Step(). When the steps run out it returns the LAST retriable error, not a
// timeout. DefaultRetry is 5 steps of 10 ms (factor 1, jitter 0.1: each sleep is 10 ms plus up to
// 10% at random, so that two clients that collided do not collide again in lockstep).
//
// Time and randomness are injected: sleeps are timers on `deps.clock` (a VirtualClock in the
// tests, so a run of retries takes no real time and replays exactly), jitter comes from `deps.rng`.
import { isConflict } from "../../src/api/status-predicates";
import type { Registry } from "../../src/apiserver/registry/store";
import type { KubeObject } from "../../src/apiserver/types";
import type { Clock } from "../../src/sim/clock";

/** wait.Backoff, in milliseconds. */
export interface Backoff {
  /** The first sleep (before jitter). */
  durationMs: number;
  /** Each sleep is the previous one times factor (0 or 1: constant). */
  factor: number;
  /** Each sleep gets up to jitter * sleep added at random (0: none). */
  jitter: number;
  /** How many attempts OnError makes (so steps - 1 sleeps at most). */
  steps: number;
  /** Optional: no sleep grows beyond capMs; reaching it ends the steps (wait.Backoff.Cap). */
  capMs?: number;
}

/** retry.DefaultRetry: for a conflict with another client; 5 attempts, about 10 ms apart. */
export const DefaultRetry: Backoff = { steps: 5, durationMs: 10, factor: 1.0, jitter: 0.1 };

/** retry.DefaultBackoff: for a conflict with a controller that keeps writing; 10, 50, 250 ms. */
export const DefaultBackoff: Backoff = { steps: 4, durationMs: 10, factor: 5.0, jitter: 0.1 };

/** What the retry loop needs from the world: a clock to sleep on and random numbers in [0, 1). */
export interface RetryDeps {
  clock: Clock;
  rng: { next(): number };
}

/** Sleeps `ms` on the injected clock. */
export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimer(ms, resolve, "retry backoff"));
}

/**
 * wait.Backoff.Step: the sleep to take now, and the backoff for the step after it. Pure: `b` is
 * not changed (Go's Step changes its receiver; here the next state is returned instead).
 */
export function backoffStep(b: Backoff, rng: { next(): number }): { sleepMs: number; next: Backoff } {
  // SOLUTION BEGIN
  // TODO(retry-on-conflict): the sleep is b.durationMs, plus rng.next() * b.jitter * b.durationMs
  // when jitter > 0 (wait.Jitter). The next backoff has one step fewer and durationMs * factor
  // (when factor is not 0), limited to capMs if set (reaching the cap sets the steps to 0).
  // Read: k8s.io/apimachinery/pkg/util/wait/backoff.go, Backoff.Step and Jitter.
  // STUB: return { sleepMs: 0, next: b };
  const next: Backoff = { ...b, steps: b.steps - 1 };
  if (b.factor !== 0) {
    next.durationMs = b.durationMs * b.factor;
    if (b.capMs !== undefined && b.capMs > 0 && next.durationMs > b.capMs) {
      next.durationMs = b.capMs;
      next.steps = 0;
    }
  }
  const sleepMs = b.jitter > 0 ? b.durationMs + rng.next() * b.jitter * b.durationMs : b.durationMs;
  return { sleepMs, next };
  // SOLUTION END
}

/**
 * retry.OnError: runs `fn` until it succeeds, fails with an error `retriable` refuses (thrown at
 * once), or has been tried backoff.steps times (the last retriable error is thrown). Sleeps
 * backoffStep(...).sleepMs on deps.clock between two attempts, never after the last one.
 */
export async function onError(backoff: Backoff, retriable: (err: unknown) => boolean, fn: () => Promise<void>, deps: RetryDeps): Promise<void> {
  // SOLUTION BEGIN
  // TODO(retry-on-conflict): the loop of wait.ExponentialBackoff with OnError's condition. While
  // steps remain: await fn(); return on success; rethrow an error that is not retriable; remember a
  // retriable one; stop if this was the last step (steps === 1); otherwise take a backoffStep and
  // `await sleep(deps.clock, sleepMs)`. After the loop, throw the last retriable error.
  // Read: k8s.io/client-go/util/retry/util.go (OnError) and wait.ExponentialBackoff.
  let b = backoff;
  let lastErr: unknown;
  while (b.steps > 0) {
    try {
      await fn();
      return;
    } catch (err: unknown) {
      if (!retriable(err)) throw err;
      lastErr = err;
    }
    if (b.steps === 1) break;
    const { sleepMs, next } = backoffStep(b, deps.rng);
    b = next;
    await sleep(deps.clock, sleepMs);
  }
  throw lastErr;
  // SOLUTION END
}

/** retry.RetryOnConflict: OnError that retries 409 Conflicts only. */
export function retryOnConflict(backoff: Backoff, fn: () => Promise<void>, deps: RetryDeps): Promise<void> {
  return onError(backoff, isConflict, fn, deps);
}

/**
 * A controller's read-modify-write of one object: get it from the registry, let `mutate` change
 * it (in place), update it with the resourceVersion it was read at, retrying on conflict. Returns
 * the object as stored by the successful update.
 */
export async function updateWithRetry(
  registry: Registry,
  namespace: string,
  name: string,
  mutate: (obj: KubeObject) => void,
  deps: RetryDeps,
  backoff: Backoff = DefaultRetry,
): Promise<KubeObject> {
  // SOLUTION BEGIN
  // TODO(retry-on-conflict): retryOnConflict(backoff, async () => { ... }, deps) where each attempt
  // does registry.get, mutate, registry.update (the object keeps the resourceVersion get returned,
  // which is what makes a stale write a 409). Keep what update returned and return it at the end.
  // Read: the client-go example at the top of this file; docs "API Concepts", "Resource versions"
  // and "Conflicts" (https://kubernetes.io/docs/reference/using-api/api-concepts/).
  // STUB: return { metadata: { namespace, name } };
  let stored: KubeObject | undefined;
  await retryOnConflict(backoff, async () => {
    const current = await registry.get(namespace, name);
    mutate(current);
    stored = await registry.update(namespace, name, current);
  }, deps);
  return stored!;
  // SOLUTION END
}
