// Hidden tests for the exercise "watch-resume": instructor-only, they count in batch grading and
// are not in the learner edition. Weights add up to 3, on top of the public 15.
import { describe, expect, it } from "vitest";
import { Reflector } from "@exercise/02-api-server/watch-resume";
import { MvccStore } from "../../src/etcd/mvcc/mvcc-store";
import { EtcdStore, MvccKV, objectKey } from "../../src/apiserver/storage";
import type { KubeObject } from "../../src/apiserver/types";

const REFLECTOR = "client-go Reflector (tools/cache/reflector.go)";
const cm = (ns: string, name: string, rv?: string): KubeObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: ns, ...(rv ? { resourceVersion: rv } : {}) }, data: {} });

describe("hidden: replace and empty collections", () => {
  it("an empty collection: one list, no items, the store's revision as lastSyncResourceVersion, then the first object arrives", { meta: { weight: 1 } }, async () => {
    const mvcc = new MvccStore();
    const storage = new EtcdStore(new MvccKV(mvcc));
    await storage.create(objectKey("configmaps", "elsewhere", "x"), cm("elsewhere", "x"));
    const added: string[] = [];
    const r = new Reflector(storage, "/registry/configmaps/team/", { onAdd: (o) => added.push(o.metadata?.name ?? "") });
    await r.sync();
    expect([r.items.size, r.lastSyncResourceVersion, r.lists], `${REFLECTOR}: the list of an empty namespace still has a resourceVersion`).toEqual([0, String(mvcc.revision), 1]);
    await storage.create(objectKey("configmaps", "team", "first"), cm("team", "first"));
    await r.sync();
    expect(added, "the first object is added by the watch").toEqual(["first"]);
  });

  it("replace reports only what changed: unchanged objects are silent, changed ones updated, missing ones deleted", { meta: { weight: 2 } }, () => {
    const log: string[] = [];
    const r = new Reflector(new EtcdStore(new MvccKV(new MvccStore())), "/registry/configmaps/", {
      onAdd: (o) => log.push(`add ${o.metadata?.name}`),
      onUpdate: (_old, o) => log.push(`update ${o.metadata?.name}`),
      onDelete: (o) => log.push(`delete ${o.metadata?.name}@${o.metadata?.resourceVersion}`),
    });
    r.replace([cm("a", "same", "2"), cm("a", "changed", "3"), cm("b", "gone", "4")], "4");
    log.length = 0;
    r.replace([cm("a", "same", "2"), cm("a", "changed", "7"), cm("b", "new", "8")], "9");
    expect(log.sort(), `${REFLECTOR}: syncWith/Replace: "gone" is reported deleted with its last known state`).toEqual(["add new", "delete gone@4", "update changed"]);
    expect([...r.items.keys()].sort(), "items are keyed namespace/name and hold exactly the list").toEqual(["a/changed", "a/same", "b/new"]);
    expect(r.lastSyncResourceVersion, "the list's resourceVersion").toBe("9");
  });
});
