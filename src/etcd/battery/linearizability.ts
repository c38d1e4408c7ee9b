// A linearizability checker in the style of Porcupine (Athalye, github.com/anishathalye/porcupine).
//
// A history is what clients saw: each operation with the time it was invoked, the time its
// response arrived, its input and its output. It is *linearizable* (Herlihy and Wing, 1990) if
// every operation can be given one instant between its invocation and its response such that,
// taken in the order of those instants, the operations are a legal run of a sequential model
// (here: a key-value register). That is the guarantee etcd gives for its reads and writes.
//
// The search is Wing and Gong's (1993), with Lowe's improvements (2017) that Porcupine uses:
//
//   1. Partition. A key-value store is linearizable iff the history of each key is (Herlihy
//      and Wing's locality), so each key is checked on its own: P-compositionality.
//   2. Sort the invocations and responses of one key by time into a doubly linked list.
//   3. Walk the list. At an invocation, try to linearize that operation *now*: if the model
//      accepts it in the current state, lift its invocation and response out of the list, push
//      (operation, previous state) on a stack, and start again from the head. At a response whose
//      operation is still in the list, the operation had to take effect before this point and
//      could not: backtrack, i.e. pop the last choice, put it back, and try the next one.
//   4. Memoise. Two partial linearizations that placed the same *set* of operations and reached
//      the same model state have the same future; a cache of (bitset of placed operations, state)
//      cuts every path that reaches a configuration seen before.
//   5. The history is linearizable when the list is empty; not, when backtracking empties the stack.
//
// Operations that never returned (a client timed out, a server crashed) may or may not have
// taken effect. They get a response time of +infinity, so the search may place them anywhere
// after their invocation, including after everything else, where they are harmless. A pending
// operation that changes nothing (a read) is dropped up front: it can never matter.
//
// The search is exponential in the worst case. It counts its steps and stops at `maxSteps`,
// answering "unknown": never "ok" for a history it did not finish. No clock is read (src/ is
// deterministic), so the budget is in steps, not milliseconds.

/** One operation of a history. Times are in any unit (here: virtual milliseconds). */
export interface Operation<I, O> {
  /** Who issued it; only for explanations. */
  client: string | number;
  input: I;
  /** The response; `undefined` when the operation never returned (pending). */
  output: O | undefined;
  /** Invocation time. */
  call: number;
  /** Response time; `Infinity` (or any value when `output` is undefined) for a pending operation. */
  return: number;
}

/** A sequential specification: what a single copy of the object would do. */
export interface Model<S, I, O> {
  init(): S;
  /**
   * The state after applying `input` in `state`, if the object could have answered `output`;
   * `undefined` if it could not. `output` is undefined for a pending operation: accept any answer.
   */
  step(state: S, input: I, output: O | undefined): S | undefined;
  /** A canonical text of a state: equal states, equal keys (the memo cache compares these). */
  stateKey(state: S): string;
  /** Which independent object an operation touches (the key of a key-value store). */
  partition?(input: I): string;
  /** True if the operation never changes the state, so a pending one can be dropped. */
  readOnly?(input: I): boolean;
  /** Text of one operation for explanations: `put(x, "1")`, `get(x) -> "1"`. */
  describe(input: I, output: O | undefined): string;
}

export interface CheckOptions {
  /** Search steps allowed per partition before giving up with "unknown". Default 1 000 000. */
  maxSteps?: number;
}

/** Why a history is not linearizable, in terms a reader can check by hand. */
export interface Witness<I, O> {
  /** The partition (key) whose history is not linearizable. */
  partition: string;
  /** The longest prefix the search could linearize, in linearization order. */
  linearized: Operation<I, O>[];
  /** The model state after that prefix. */
  state: string;
  /** An operation that had to take effect before its response and could not be placed. */
  blocked: Operation<I, O>;
  explanation: string;
}

export type CheckResult<I, O> =
  | { result: "ok"; steps: number; partitions: number }
  | { result: "illegal"; steps: number; partitions: number; witness: Witness<I, O> }
  | { result: "unknown"; steps: number; partitions: number; reason: string };

//> linearizability-check
/** Checks a whole history: partition it, check each part; any illegal part makes it illegal. */
export function checkLinearizability<S, I, O>(
  model: Model<S, I, O>,
  history: readonly Operation<I, O>[],
  options: CheckOptions = {},
): CheckResult<I, O> {
  const parts = new Map<string, Operation<I, O>[]>();
  for (const op of history) {
    if (op.output === undefined && model.readOnly?.(op.input)) continue; // a pending read: irrelevant
    const key = model.partition?.(op.input) ?? "";
    let part = parts.get(key);
    if (!part) parts.set(key, (part = []));
    part.push(op);
  }
  let steps = 0;
  const unknown: string[] = [];
  for (const key of [...parts.keys()].sort()) {
    const r = checkPartition(model, key, parts.get(key)!, options.maxSteps ?? 1_000_000);
    steps += r.steps;
    if (r.result === "illegal") return { result: "illegal", steps, partitions: parts.size, witness: r.witness };
    if (r.result === "unknown") unknown.push(key);
  }
  if (unknown.length > 0) {
    return {
      result: "unknown",
      steps,
      partitions: parts.size,
      reason: `search budget exhausted on ${unknown.length} of ${parts.size} partition(s): ${unknown.map((k) => JSON.stringify(k)).join(", ")}`,
    };
  }
  return { result: "ok", steps, partitions: parts.size };
}
//< linearizability-check

/** One invocation or response in the doubly linked list of step 2. */
interface ListEntry {
  kind: "call" | "return";
  op: number;
  time: number;
  /** On a call: its response. */
  match: ListEntry | undefined;
  prev: ListEntry | undefined;
  next: ListEntry | undefined;
}

type PartitionResult<I, O> =
  | { result: "ok"; steps: number }
  | { result: "illegal"; steps: number; witness: Witness<I, O> }
  | { result: "unknown"; steps: number };

//> linearizability-search
function checkPartition<S, I, O>(
  model: Model<S, I, O>,
  key: string,
  ops: readonly Operation<I, O>[],
  maxSteps: number,
): PartitionResult<I, O> {
  const head = buildList(ops);
  const linearized = new Bitset(ops.length);
  const cache = new Set<string>();
  const calls: { entry: ListEntry; state: S }[] = [];
  let state = model.init();
  let steps = 0;
  let deepest: { prefix: number[]; state: string; blocked: number } | undefined;

  let entry = head.next;
  while (head.next !== undefined) {
    if (++steps > maxSteps) return { result: "unknown", steps };
    if (entry === undefined) break; // cannot happen: the list always ends with a response
    if (entry.kind === "call") {
      const op = ops[entry.op]!;
      const next = model.step(state, op.input, op.output);
      if (next !== undefined) {
        linearized.set(entry.op);
        const seen = linearized.key() + "|" + model.stateKey(next);
        if (!cache.has(seen)) {
          // Linearize `op` here: remember how to undo it, lift it out, restart from the head.
          cache.add(seen);
          calls.push({ entry, state });
          state = next;
          lift(entry);
          entry = head.next;
          continue;
        }
        linearized.clear(entry.op); // this configuration was explored already
      }
      entry = entry.next;
    } else {
      // A response whose operation is not placed yet: it was due. Backtrack.
      if (deepest === undefined || calls.length > deepest.prefix.length) {
        deepest = { prefix: calls.map((c) => c.entry.op), state: model.stateKey(state), blocked: entry.op };
      }
      const top = calls.pop();
      if (top === undefined) return { result: "illegal", steps, witness: witness(model, key, ops, deepest) };
      state = top.state;
      linearized.clear(top.entry.op);
      unlift(top.entry);
      entry = top.entry.next;
    }
  }
  return { result: "ok", steps };
}
//< linearizability-search

/** Invocations and responses sorted by time; at equal times invocations first (they overlap). */
function buildList<I, O>(ops: readonly Operation<I, O>[]): ListEntry {
  const entries: ListEntry[] = [];
  ops.forEach((op, i) => {
    const ret: ListEntry = {
      kind: "return",
      op: i,
      time: op.output === undefined ? Infinity : op.return,
      match: undefined,
      prev: undefined,
      next: undefined,
    };
    const call: ListEntry = { kind: "call", op: i, time: op.call, match: ret, prev: undefined, next: undefined };
    if (!(ret.time >= call.time)) throw new RangeError(`operation ${i} returns (${op.return}) before it is invoked (${op.call})`);
    entries.push(call, ret);
  });
  entries.sort((a, b) => a.time - b.time || (a.kind === b.kind ? a.op - b.op : a.kind === "call" ? -1 : 1));
  const head: ListEntry = { kind: "return", op: -1, time: -Infinity, match: undefined, prev: undefined, next: undefined };
  let last = head;
  for (const e of entries) {
    last.next = e;
    e.prev = last;
    last = e;
  }
  return head;
}

/** Removes a call and its response from the list; `unlift` puts them back in place. */
function lift(call: ListEntry): void {
  const ret = call.match!;
  call.prev!.next = call.next;
  call.next!.prev = call.prev;
  ret.prev!.next = ret.next;
  if (ret.next) ret.next.prev = ret.prev;
}

function unlift(call: ListEntry): void {
  const ret = call.match!;
  ret.prev!.next = ret;
  if (ret.next) ret.next.prev = ret;
  call.prev!.next = call;
  call.next!.prev = call;
}

function witness<S, I, O>(
  model: Model<S, I, O>,
  key: string,
  ops: readonly Operation<I, O>[],
  deepest: { prefix: number[]; state: string; blocked: number } | undefined,
): Witness<I, O> {
  // `deepest` is always set: backtracking starts at a response.
  const d = deepest ?? { prefix: [], state: model.stateKey(model.init()), blocked: 0 };
  const linearized = d.prefix.map((i) => ops[i]!);
  const blocked = ops[d.blocked]!;
  const show = (op: Operation<I, O>): string =>
    `${model.describe(op.input, op.output)} by ${op.client} [${round(op.call)}, ${op.output === undefined ? "pending" : round(op.return)}]`;
  const tail = linearized.slice(-4).map(show).join("; ");
  const earlier = linearized.length > 4 ? `${linearized.length - 4} more, then ` : "";
  const explanation =
    `key ${JSON.stringify(key)}: at most ${linearized.length} of ${ops.length} operations can be linearized ` +
    `(${linearized.length === 0 ? "none" : earlier + tail}), leaving the state ${d.state}; ` +
    `then ${show(blocked)} must take effect before its response, and no order of the operations ` +
    `concurrent with it makes that legal`;
  return { partition: key, linearized, state: d.state, blocked, explanation };
}

function round(t: number): number {
  return Math.round(t * 10) / 10;
}

/** The set of linearized operations, as 32-bit words. */
class Bitset {
  private readonly words: Uint32Array;
  constructor(size: number) {
    this.words = new Uint32Array(Math.ceil(size / 32) || 1);
  }
  set(i: number): void {
    this.words[i >>> 5]! |= 1 << (i & 31);
  }
  clear(i: number): void {
    this.words[i >>> 5]! &= ~(1 << (i & 31));
  }
  key(): string {
    return this.words.join(",");
  }
}
