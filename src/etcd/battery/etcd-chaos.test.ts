// Chaos on the course's etcd server (EtcdCluster with clientv3-style EtcdClients): the recorded
// client calls must be linearizable under partitions, crashes, loss and slow disks. A failure
// names its seed:
//   ETCD_CHAOS_SEED=etcd-chaos-3 npx vitest run src/etcd/battery/etcd-chaos.test.ts
import { describe, expect, it } from "vitest";
import { etcdChaosRun } from "./etcd-chaos";

declare const process: { env: Record<string, string | undefined> };

const only = process.env["ETCD_CHAOS_SEED"];
const count = Number(process.env["ETCD_CHAOS_SEEDS"] ?? 8);
const seeds = only !== undefined ? [only] : Array.from({ length: count }, (_, i) => `etcd-chaos-${i}`);

describe("the etcd server under chaos, judged by its clients' histories", () => {
  it(`answers get, put and compare-and-swap linearizably through partitions, crashes, loss and slow disks (${seeds.length} seeds)`, () => {
    for (const seed of seeds) {
      const r = etcdChaosRun(seed);
      expect(r.linearizability, `seed ${seed}: ${r.explanation}\nreplay: ETCD_CHAOS_SEED=${seed} npx vitest run src/etcd/battery/etcd-chaos.test.ts`).toBe("ok");
      expect(r.checked).toBeGreaterThan(0);
    }
  }, 60_000);

  it("is caught serving stale serializable reads (etcd's --consistency=s) when a member is cut off", () => {
    const r = etcdChaosRun("etcd-chaos-3", { serializableReads: true });
    expect(r.linearizability).toBe("illegal");
    expect(r.explanation).toMatch(/^key "\/registry\/a": at most \d+ of \d+ operations can be linearized/);
  });
});
