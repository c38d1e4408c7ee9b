// CycleState: a scratchpad for one scheduling cycle of one pod.
//
// PreFilter computes what Filter will need for every node (the pod's requests, topology counts)
// and writes it here under the plugin's own key; Filter, called once per node, reads it back.
// Preemption clones the state before its dry runs, so each piece must know how to clone itself.
//
// Reference: pkg/scheduler/framework/cycle_state.go.

/** Data a plugin stores in the CycleState. Immutable data may return itself from clone(). */
export interface StateData {
  clone(): StateData;
}

export class StateNotFoundError extends Error {
  constructor(key: string) {
    super(`reading "${key}" from cycleState: not found`);
    this.name = "StateNotFoundError";
  }
}

export class CycleState {
  private readonly storage = new Map<string, StateData>();
  /** Plugins whose PreFilter returned Skip: their Filter is not called in this cycle. */
  skipFilterPlugins = new Set<string>();
  /** Plugins whose PreScore returned Skip: their Score is not called in this cycle. */
  skipScorePlugins = new Set<string>();

  write(key: string, data: StateData): void {
    this.storage.set(key, data);
  }

  /** Throws StateNotFoundError when nothing was written under `key`. */
  read<T extends StateData>(key: string): T {
    const data = this.storage.get(key);
    if (data === undefined) throw new StateNotFoundError(key);
    return data as T;
  }

  /** The data under `key`, or undefined. */
  tryRead<T extends StateData>(key: string): T | undefined {
    return this.storage.get(key) as T | undefined;
  }

  delete(key: string): void {
    this.storage.delete(key);
  }

  clone(): CycleState {
    const c = new CycleState();
    for (const [k, v] of this.storage) c.storage.set(k, v.clone());
    c.skipFilterPlugins = new Set(this.skipFilterPlugins);
    c.skipScorePlugins = new Set(this.skipScorePlugins);
    return c;
  }
}
