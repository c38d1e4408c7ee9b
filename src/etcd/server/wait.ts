// The wait registry: how a request that was proposed finds its answer after Raft commits it.
//
// A member proposes a request and then has nothing to hold on to: the entry travels to the
// leader, is replicated, committed, and comes back in a Ready as a committed entry, possibly
// much later and interleaved with entries proposed by other members. etcd solves this with
// pkg/wait: before proposing, the server registers the request's ID (`s.w.Register(id)`); when
// the apply loop applies an entry carrying that ID it triggers it with the result
// (`s.w.Trigger(id, result)`), and the waiting RPC handler wakes up. Entries proposed by other
// members carry IDs nobody here registered; triggering them does nothing.
//
// Here a waiter is a callback, run synchronously by the apply loop on the virtual clock.

export class Wait<T> {
  private readonly waiters = new Map<string, (result: T) => void>();

  /** Registers `id`; `onResult` runs once, when `trigger(id, ...)` is called. */
  register(id: string, onResult: (result: T) => void): void {
    if (this.waiters.has(id)) throw new Error(`wait: duplicate request id ${id}`);
    this.waiters.set(id, onResult);
  }

  /** Delivers `result` to the waiter of `id`, if there is one. Returns true if there was. */
  trigger(id: string, result: T): boolean {
    const waiter = this.waiters.get(id);
    if (!waiter) return false;
    this.waiters.delete(id);
    waiter(result);
    return true;
  }

  /** Forgets `id` without calling it (the request timed out: etcd's `s.w.Trigger(id, nil)`). */
  cancel(id: string): boolean {
    return this.waiters.delete(id);
  }

  isRegistered(id: string): boolean {
    return this.waiters.has(id);
  }

  /** How many requests are waiting. */
  get size(): number {
    return this.waiters.size;
  }
}
