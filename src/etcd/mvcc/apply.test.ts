import { describe, expect, it } from "vitest";
import { InvalidCommandError, MvccError } from "./errors";
import { MvccStore } from "./mvcc-store";
import { snapshot } from "./snapshot";
import type { StoreCommand } from "./types";

describe("apply", () => {
  it("returns the response of a command that succeeds", () => {
    const s = new MvccStore();
    expect(s.apply({ type: "put", request: { key: "k", value: "v" } })).toEqual({ ok: true, response: { header: { revision: 2 } } });
  });

  // Each of these is an error a client can cause: returned as data, with etcd's message.
  const failing: Array<[string, StoreCommand, string]> = [
    ["an empty key", { type: "put", request: { key: "", value: "v" } }, "etcdserver: key is not provided"],
    ["a put on a missing lease", { type: "put", request: { key: "k", lease: 5 } }, "etcdserver: requested lease not found"],
    ["ignore_value on a missing key", { type: "put", request: { key: "k", ignoreValue: true } }, "etcdserver: key not found"],
    ["a read in the future", { type: "range", request: { key: "k", revision: 50 } }, "etcdserver: mvcc: required revision is a future revision"],
    ["a compaction in the future", { type: "compaction", request: { revision: 50 } }, "etcdserver: mvcc: required revision is a future revision"],
    ["a revoke of a missing lease", { type: "leaseRevoke", request: { id: 9 } }, "etcdserver: requested lease not found"],
    ["a keep-alive of a missing lease", { type: "leaseKeepAlive", request: { id: 9 }, now: 0 }, "etcdserver: requested lease not found"],
    ["a txn writing one key twice", { type: "txn", request: { success: [{ requestPut: { key: "a" } }, { requestPut: { key: "a" } }] } }, "etcdserver: duplicate key given in txn request"],
  ];
  for (const [name, command, message] of failing) {
    it(`returns the error, and changes nothing, for ${name}`, () => {
      const s = new MvccStore();
      s.put("other", "x");
      const before = snapshot(s);
      const result = s.apply(command);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error).toBeInstanceOf(MvccError);
        expect(result.error.message).toBe(message);
      }
      expect(snapshot(s)).toBe(before);
    });
  }

  it("names what is wrong with a command it cannot interpret", () => {
    const s = new MvccStore();
    const bogus = { type: "frobnicate", request: {} } as unknown as StoreCommand;
    const result = s.apply(bogus);
    expect(!result.ok && result.error).toBeInstanceOf(InvalidCommandError);
    expect(!result.ok && result.error.message).toBe('mvcc: invalid command: unknown command type "frobnicate"');
    const nan = s.apply({ type: "compaction", request: { revision: Number.NaN } });
    expect(!nan.ok && nan.error.message).toBe("mvcc: invalid command: compaction revision must be a finite number, got NaN");
  });

  it("checks the request before the quota: an empty key is reported as such even under NOSPACE", () => {
    const s = new MvccStore();
    s.apply({ type: "alarm", request: { action: "ACTIVATE", alarm: "NOSPACE" } });
    expect(() => s.put("", "v")).toThrow("etcdserver: key is not provided");
    expect(() => s.put("k", "v")).toThrow("etcdserver: mvcc: database space exceeded");
  });

  it("commands are plain JSON: a command that went through JSON applies the same", () => {
    const a = new MvccStore();
    const b = new MvccStore();
    const command: StoreCommand = { type: "txn", request: { compare: [{ key: "k", target: "CREATE", result: "EQUAL", createRevision: 0 }], success: [{ requestPut: { key: "k", value: "v" } }] } };
    expect(b.apply(JSON.parse(JSON.stringify(command)) as StoreCommand)).toEqual(a.apply(command));
    expect(snapshot(b)).toBe(snapshot(a));
  });
});
