// Hand-made histories with known answers, for the checker that judges every chaos run.
import { describe, expect, it } from "vitest";
import { checkLinearizability } from "./linearizability";
import { kvModel, type KvInput, type KvOperation, type KvOutput } from "./kv-model";

let nextClient = 0;
/** An operation invoked at `call` and answered at `ret` (omit `ret`/`output` for a pending one). */
function op(input: KvInput, call: number, ret?: number, output?: KvOutput, client?: string): KvOperation {
  return { client: client ?? `c${nextClient++}`, input, call, return: ret ?? Infinity, output: ret === undefined ? undefined : output };
}
const get = (key: string, value: string, call: number, ret: number) => op({ op: "get", key }, call, ret, { value });
const put = (key: string, value: string, call: number, ret?: number) => op({ op: "put", key, value }, call, ret, {});
const append = (key: string, value: string, call: number, ret?: number) => op({ op: "append", key, value }, call, ret, {});
const check = (history: KvOperation[], maxSteps?: number) => checkLinearizability(kvModel, history, { maxSteps });

describe("the linearizability checker (Porcupine-style, partitioned per key)", () => {
  it("accepts a sequential history that reads what was written", () => {
    expect(check([put("x", "1", 0, 1), get("x", "1", 2, 3), append("x", "2", 4, 5), get("x", "12", 6, 7)]).result).toBe("ok");
  });

  it("rejects a stale read after a completed write, naming the read that cannot be placed", () => {
    const r = check([put("x", "1", 0, 10), get("x", "", 20, 30)]);
    expect(r.result).toBe("illegal");
    if (r.result !== "illegal") return;
    expect(r.witness.partition).toBe("x");
    expect(r.witness.blocked.input).toEqual({ op: "get", key: "x" });
    expect(r.witness.linearized.map((o) => o.input.op)).toEqual(["put"]);
    expect(r.witness.state).toBe('"1"');
    expect(r.witness.explanation).toContain('get(x) -> ""');
  });

  it("rejects a lost update: two completed appends, and a later read sees only one", () => {
    const r = check([append("x", "a", 0, 1), append("x", "b", 2, 3), get("x", "b", 4, 5)]);
    expect(r.result).toBe("illegal");
  });

  it("lets overlapping operations take effect in either order, but not undo an observed write", () => {
    // put(x,1) spans [0, 100]: one read may see the old value and a later one the new value...
    const ok = [put("x", "1", 0, 100), get("x", "", 10, 20), get("x", "1", 30, 40)];
    expect(check(ok).result).toBe("ok");
    // ...but once a completed read saw "1", a read that starts after it cannot see "" again.
    expect(check([...ok, get("x", "", 50, 60)]).result).toBe("illegal");
  });

  it("accepts both orders of two concurrent appends, and nothing else", () => {
    const both = (value: string) => check([append("x", "a", 0, 10), append("x", "b", 5, 15), get("x", value, 20, 30)]).result;
    expect(both("ab")).toBe("ok");
    expect(both("ba")).toBe("ok");
    expect(both("a")).toBe("illegal");
    expect(both("aab")).toBe("illegal");
  });

  it("treats an operation that never returned as possibly happened, at any time after its invocation", () => {
    // The client timed out on put(x,1); a read long after may or may not see it.
    expect(check([put("x", "1", 0), get("x", "", 50, 60)]).result).toBe("ok");
    expect(check([put("x", "1", 0), get("x", "1", 50, 60)]).result).toBe("ok");
    expect(check([put("x", "1", 0), get("x", "1", 50, 60), get("x", "", 70, 80)]).result).toBe("illegal");
    // It cannot have happened before it was invoked.
    expect(check([get("x", "1", 0, 10), put("x", "1", 20)]).result).toBe("illegal");
  });

  it("checks compare-and-swap: its answer must match the value it compared", () => {
    const cas = (expected: string, value: string, call: number, ret: number, ok: boolean) =>
      op({ op: "cas", key: "x", expected, value }, call, ret, { ok });
    expect(check([put("x", "1", 0, 1), cas("1", "2", 2, 3, true), get("x", "2", 4, 5)]).result).toBe("ok");
    expect(check([put("x", "1", 0, 1), cas("0", "2", 2, 3, true)]).result).toBe("illegal");
    expect(check([put("x", "1", 0, 1), cas("0", "2", 2, 3, false), get("x", "1", 4, 5)]).result).toBe("ok");
  });

  it("checks each key on its own and names the key whose history is wrong", () => {
    const r = check([put("a", "1", 0, 1), put("b", "1", 0, 1), get("a", "1", 2, 3), get("b", "2", 2, 3)]);
    expect(r.result).toBe("illegal");
    if (r.result === "illegal") expect(r.witness.partition).toBe("b");
    expect(r.partitions).toBe(2);
  });

  it("answers unknown, never ok, when the search budget runs out", () => {
    // Twelve concurrent appends: 12! orders, each a different state, so memoisation cannot help
    // when the final read is impossible.
    const appends = Array.from({ length: 12 }, (_, i) => append("x", String.fromCharCode(97 + i), 0, 100));
    const impossible = check([...appends, get("x", "impossible", 200, 300)], 20_000);
    expect(impossible.result).toBe("unknown");
    if (impossible.result === "unknown") expect(impossible.reason).toContain('"x"');
    // A legal history that needs more steps than allowed is "unknown" too, not "ok".
    const legal = [...appends, get("x", "abcdefghijkl", 200, 300)];
    expect(check(legal, 5).result).toBe("unknown");
    expect(check(legal).result).toBe("ok");
  });

  it("drops pending reads: they change nothing, whatever they would have answered", () => {
    const pendingGet = op({ op: "get", key: "x" }, 5);
    expect(check([put("x", "1", 0, 1), pendingGet, get("x", "1", 10, 11)]).result).toBe("ok");
  });

  it("accepts an empty history", () => {
    expect(check([])).toEqual({ result: "ok", steps: 0, partitions: 0 });
  });
});
