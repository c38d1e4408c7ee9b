// The sequential specification of a key-value store, for the linearizability checker: what one
// copy of the store, applying one operation at a time, would answer. Partitioned per key (the
// keys are independent registers), so the checker searches each key's history on its own.
import type { Model, Operation } from "./linearizability";

//> kv-model
export type KvInput =
  | { op: "get"; key: string }
  | { op: "put"; key: string; value: string }
  | { op: "append"; key: string; value: string }
  /** Compare-and-swap: set `value` if the key currently holds `expected` (a missing key holds ""). */
  | { op: "cas"; key: string; expected: string; value: string };

/** `value` answers a get; `ok` answers a cas; put and append answer `{}`. */
export interface KvOutput {
  value?: string;
  ok?: boolean;
}

export type KvOperation = Operation<KvInput, KvOutput>;

/** One key's register. A missing key reads as "" (as the MIT lab's Get does). */
export const kvModel: Model<string, KvInput, KvOutput> = {
  init: () => "",
  step(state, input, output) {
    switch (input.op) {
      case "get":
        return output === undefined || output.value === state ? state : undefined;
      case "put":
        return input.value;
      case "append":
        return state + input.value;
      case "cas": {
        const swapped = state === input.expected;
        if (output !== undefined && output.ok !== swapped) return undefined;
        return swapped ? input.value : state;
      }
    }
  },
  stateKey: (state) => JSON.stringify(state),
  partition: (input) => input.key,
  readOnly: (input) => input.op === "get",
  describe(input, output) {
    const answer = output === undefined ? " -> ?" : "";
    switch (input.op) {
      case "get":
        return `get(${input.key}) -> ${output === undefined ? "?" : JSON.stringify(output.value ?? "")}`;
      case "put":
        return `put(${input.key}, ${JSON.stringify(input.value)})${answer}`;
      case "append":
        return `append(${input.key}, ${JSON.stringify(input.value)})${answer}`;
      case "cas":
        return `cas(${input.key}, ${JSON.stringify(input.expected)} => ${JSON.stringify(input.value)}) -> ${output === undefined ? "?" : String(output.ok)}`;
    }
  },
};
//< kv-model
