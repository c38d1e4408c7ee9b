// Chaos on the real thing: the course's etcd server (EtcdCluster, src/etcd/server) with its
// clientv3-style EtcdClient, under partitions, crashes, restarts, loss and slow disks, and the
// clients' recorded calls checked for linearizability.
//
// The client already records what a checker needs (client/Call in src/etcd/server/client.ts):
// a call that certainly failed is left out; one whose outcome is unknown (a write that timed out
// after it may have reached Raft) is an operation that never returned. This file only translates
// calls into the key-value model: put → put, a linearizable single-key range → get, and a txn
// "if value(k) = e then put(k, v)" → cas. Serializable ranges are left out: they are allowed to
// be stale (etcd's --consistency=s), which the chaos test in chaos.test.ts shows the checker
// catches.
import { Rng, type Seed } from "../../sim/rng";
import type { Call } from "../server/client";
import { EtcdCluster } from "../server/etcd-cluster";
import type { RangeResponse, TxnRequest, TxnResponse } from "../mvcc/types";
import { checkLinearizability } from "./linearizability";
import { kvModel, type KvInput, type KvOperation, type KvOutput } from "./kv-model";

export interface EtcdChaosResult {
  seed: string;
  members: number;
  /** Calls checked (ok or unknown), and calls left out (failed, serializable, not key-value). */
  checked: number;
  unknown: number;
  linearizability: "ok" | "illegal" | "unknown";
  explanation: string | undefined;
}

//> etcd-history-to-kv
/** One recorded etcd call as a key-value operation, or undefined if it says nothing checkable. */
export function callToOperation(call: Call<unknown>, options: { includeSerializable?: boolean } = {}): KvOperation | undefined {
  if (call.status === "failed") return undefined; // it certainly did not take effect
  const req = call.input;
  let input: KvInput;
  const cas = req.type === "txn" ? casOf(req.request) : undefined;
  if (req.type === "put" && req.request.value !== undefined) {
    input = { op: "put", key: req.request.key, value: req.request.value };
  } else if (req.type === "range" && (!req.serializable || options.includeSerializable) && req.request.rangeEnd === undefined) {
    input = { op: "get", key: req.request.key };
  } else if (cas !== undefined) {
    input = { op: "cas", ...cas };
  } else {
    return undefined;
  }
  let output: KvOutput | undefined;
  if (call.status === "ok") {
    if (input.op === "get") output = { value: (call.output as RangeResponse).kvs[0]?.value ?? "" };
    else if (input.op === "cas") output = { ok: (call.output as TxnResponse).succeeded };
    else output = {};
  }
  return { client: call.client, input, call: call.call, return: output === undefined ? Infinity : call.return, output };
}
//< etcd-history-to-kv

/** "if value(key) = expected then put(key, value)", the only txn shape the model knows. */
function casOf(t: TxnRequest): { key: string; expected: string; value: string } | undefined {
  const [c, ...moreCompares] = t.compare ?? [];
  const [op, ...moreOps] = t.success ?? [];
  if (!c || moreCompares.length > 0 || moreOps.length > 0 || (t.failure ?? []).length > 0) return undefined;
  if (c.target !== "VALUE" || c.result !== "EQUAL" || c.rangeEnd !== undefined) return undefined;
  // etcd: comparing the value of a missing key always fails; the model has no such rule.
  if (c.value === "") return undefined;
  if (!op || !("requestPut" in op) || op.requestPut.key !== c.key || op.requestPut.value === undefined) return undefined;
  return { key: c.key, expected: c.value, value: op.requestPut.value };
}

/**
 * Loss and reordering everywhere; duplicates only between members. Raft must tolerate duplicates,
 * but clients talk gRPC over TCP, which never hands the server a request twice (etcd keeps no
 * duplicate table: a duplicated txn would be proposed, applied and answered twice, and the client
 * could see the second answer, "compare failed", for a txn that did succeed).
 */
function setLinks(c: EtcdCluster, loss: number, reorder: number, duplicate: number): void {
  c.sim.network.configure({ loss, reorder, duplicate: 0 });
  for (const a of c.ids) for (const b of c.ids) if (a !== b) c.sim.network.setLink(`n${a}`, `n${b}`, { loss, reorder, duplicate });
}

/**
 * One seed: a 3- or 5-member EtcdCluster, clients doing get/put/cas, random faults, then a check.
 * `serializableReads` makes every get serializable and checks them too: the history must then be
 * caught (on some seeds) as not linearizable.
 */
export function etcdChaosRun(seed: Seed, options: { serializableReads?: boolean } = {}): EtcdChaosResult {
  const rng = new Rng(seed).fork("etcd-chaos");
  const members = rng.pick([3, 5]);
  const c = new EtcdCluster({
    seed,
    size: members,
    link: { latency: { kind: "uniform", min: 1, max: rng.int(2, 15) } },
    snapshotCount: rng.pick([20, 100, 10_000]),
    catchUpEntries: rng.pick([2, 10]),
  });
  const keys = ["/registry/a", "/registry/b", "/registry/c"];
  const clients = Array.from({ length: rng.int(2, 5) }, () => c.client({ timeoutMs: 3_000 }));
  let stopped = false;
  const lastSeen = new Map<string, string>();
  const issue = (i: number): void => {
    if (stopped) return;
    const client = clients[i]!;
    const crng = c.sim.rng.fork(`etcd-chaos/client${i}`);
    const next = (): void => {
      if (stopped) return;
      const key = crng.pick(keys);
      const roll = crng.next();
      const seen = lastSeen.get(key);
      const call =
        roll < 0.45
          ? client.get(key, { serializable: options.serializableReads })
          : roll < 0.85 || seen === undefined || seen === ""
            ? client.put(key, `${client.name}.${crng.int(0, 1e9)}`)
            : client.txn({
                compare: [{ key, target: "VALUE", result: "EQUAL", value: seen }],
                success: [{ requestPut: { key, value: `${client.name}.cas.${crng.int(0, 1e9)}` } }],
                failure: [],
              });
      call.onDone((done) => {
        if (done.status === "ok" && done.input.type === "range") lastSeen.set(key, (done.output as RangeResponse).kvs[0]?.value ?? "");
        c.clock.setTimer(crng.int(1, 50), next, `${client.name} think`);
      });
    };
    next();
  };
  clients.forEach((_, i) => issue(i));

  const down = new Set<number>();
  const end = c.clock.now() + rng.int(10_000, 20_000);
  while (c.clock.now() < end) {
    c.clock.advance(rng.int(200, 2_500));
    const roll = rng.next();
    if (roll < 0.25) {
      const order = rng.shuffle([...c.ids]);
      const cut = rng.int(1, members);
      c.partition(order.slice(0, cut), order.slice(cut));
    } else if (roll < 0.45) {
      c.heal();
    } else if (roll < 0.6) {
      const up = c.ids.filter((id) => !down.has(id));
      if (up.length > 0) {
        const id = rng.pick(up);
        c.crash(id);
        down.add(id);
      }
    } else if (roll < 0.8) {
      if (down.size > 0) {
        const id = rng.pick([...down]);
        c.restart(id);
        down.delete(id);
      }
    } else if (roll < 0.9) {
      setLinks(c, rng.pick([0, 0.05, 0.15]), rng.pick([0, 0.2]), rng.pick([0, 0.05]));
    } else {
      c.slowDisk(rng.pick(c.ids), rng.chance(0.5) ? { kind: "uniform", min: 5, max: 60 } : { kind: "fixed", ms: 1 });
    }
  }
  // Repair, let the last calls finish, check.
  c.heal();
  for (const id of down) c.restart(id);
  setLinks(c, 0, 0, 0);
  stopped = true;
  c.clock.runUntil(() => c.history().every((call) => call.done), { limitMs: 30_000 });

  const include = { includeSerializable: options.serializableReads };
  const ops = c.history().flatMap((call) => callToOperation(call, include) ?? []);
  const lin = checkLinearizability(kvModel, ops, { maxSteps: 2_000_000 });
  return {
    seed: String(seed),
    members,
    checked: ops.length,
    unknown: ops.filter((o) => o.output === undefined).length,
    linearizability: lin.result,
    explanation: lin.result === "illegal" ? lin.witness.explanation : lin.result === "unknown" ? lin.reason : undefined,
  };
}
