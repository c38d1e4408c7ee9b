// Graded tests for the exercise "watch-resume" (chapter 02-api-server, 15 points). Each test's
// weight is the points it is worth (they add up to 15); see tools/exercises/points.ts.
// `@exercise/...` is your exercises/ file; the grader also runs these tests against the reference
// solution and the untouched stub (tools/exercises/README.md). Each test is a sentence; its
// failure message names the rule that was broken and where to read about it.
//
// Your reflector runs against the real storage layer: EtcdStore on the in-memory MVCC store of
// chapter 3 (whose compaction produces the real 410), and CachedStorage, the watch cache with its
// bounded window and its bookmarks (src/apiserver/storage/cacher.ts). A restart is what the API
// server does to every watch after a timeout: it ends it (watch.stop()).
import { describe, expect, it } from "vitest";
import { Reflector, type ResourceEventHandler } from "@exercise/02-api-server/watch-resume";
import { newInternalError } from "../../src/api/status";
import { MvccStore } from "../../src/etcd/mvcc/mvcc-store";
import {
  CachedStorage, EtcdStore, MvccKV, objectKey, type Storage, type Watch, type WatchOptions,
} from "../../src/apiserver/storage";
import { WatchQueue } from "../../src/apiserver/storage/watch-queue";
import type { KubeObject } from "../../src/apiserver/types";
import { VirtualClock } from "../../src/sim/virtual-clock";

const REFLECTOR = "client-go Reflector (tools/cache/reflector.go, ListAndWatch and watchHandler)";
const RV = "resourceVersion semantics (docs 'API Concepts', 'Efficient detection of changes' and 'Resource versions')";

const cm = (namespace: string, name: string, value: string): KubeObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace }, data: { value } });
const key = (namespace: string, name: string) => objectKey("configmaps", namespace, name);

/** An MVCC store with an EtcdStore on it, plus write helpers that go through Storage. */
function setup() {
  const mvcc = new MvccStore();
  const storage = new EtcdStore(new MvccKV(mvcc));
  const create = (ns: string, name: string, value: string) => storage.create(key(ns, name), cm(ns, name, value));
  const update = (ns: string, name: string, value: string) =>
    storage.guaranteedUpdate(key(ns, name), (cur) => ({ ...cur, data: { value } }));
  const remove = (ns: string, name: string) => storage.delete(key(ns, name));
  return { mvcc, storage, create, update, remove };
}

/** A handler that writes down what it is told, as "add a=1", "update a=1->2", "delete b". */
function recorder(): { handler: ResourceEventHandler; log: string[] } {
  const log: string[] = [];
  const v = (o: KubeObject) => String((o["data"] as { value?: string } | undefined)?.value);
  return {
    log,
    handler: {
      onAdd: (o) => log.push(`add ${o.metadata?.name}=${v(o)}`),
      onUpdate: (old, o) => log.push(`update ${o.metadata?.name}=${v(old)}->${v(o)}`),
      onDelete: (o) => log.push(`delete ${o.metadata?.name}`),
    },
  };
}

/** The store's own view: "name=value" sorted, and its revision. */
async function storeState(storage: Storage, prefix: string) {
  const list = await storage.getList(prefix);
  return { items: list.items.map((o) => `${o.metadata?.name}=${(o["data"] as { value: string }).value}`).sort(), resourceVersion: list.resourceVersion };
}
const localState = (r: Reflector) => [...r.items.values()].map((o) => `${o.metadata?.name}=${(o["data"] as { value: string }).value}`).sort();

describe("list, then watch", () => {
  it("lists once, then reports every later change exactly once, and tracks the last resourceVersion", { meta: { weight: 3 } }, async () => {
    const { storage, create, update, remove } = setup();
    await create("team", "a", "1");
    await create("team", "b", "1");
    await create("other", "x", "1");
    const { handler, log } = recorder();
    const r = new Reflector(storage, "/registry/configmaps/team/", handler);
    await r.sync();
    expect(localState(r), `${REFLECTOR}: the first LIST fills the local copy with the namespace's objects only`).toEqual(["a=1", "b=1"]);
    expect(log, `${REFLECTOR}: objects found by the first list are reported as added (replace)`).toEqual(["add a=1", "add b=1"]);
    await create("team", "c", "1");
    await update("team", "a", "2");
    await remove("team", "b");
    await create("other", "y", "1");
    await r.sync();
    expect(log.slice(2), `${REFLECTOR}: the watch started from the list's resourceVersion delivers each change once, in order, as add, update (old -> new) and delete`)
      .toEqual(["add c=1", "update a=1->2", "delete b"]);
    expect(localState(r), `${REFLECTOR}: the local copy follows the events`).toEqual(["a=2", "c=1"]);
    const deleted = (await storage.getList("/registry/configmaps/team/")).resourceVersion;
    expect(r.lastSyncResourceVersion, `${RV}: lastSyncResourceVersion is the resourceVersion of the last event seen (the delete of b at ${Number(deleted) - 1}), not of the list`)
      .toBe(String(Number(deleted) - 1));
    expect([r.lists, r.watches], `${REFLECTOR}: one list and one watch so far`).toEqual([1, 1]);
  });
});

describe("restarts", () => {
  it("resumes an ended watch from the last resourceVersion it saw: nothing lost, nothing repeated, no new list", { meta: { weight: 4 } }, async () => {
    const { storage, create, update, remove } = setup();
    await create("team", "a", "1");
    const { handler, log } = recorder();
    const r = new Reflector(storage, "/registry/configmaps/team/", handler);
    await r.sync();
    await update("team", "a", "2");
    await r.sync();
    r.watch!.stop(); // the server ends the watch (--min-request-timeout)
    await create("team", "b", "1"); // while no watch is open
    await update("team", "a", "3");
    await r.sync();
    await create("team", "c", "1");
    await remove("team", "b");
    await r.sync();
    r.watch!.stop();
    await r.sync(); // a restart with nothing new in between
    expect(log, `${REFLECTOR}: the changes made while no watch was open arrive once after the restart; a watch from "" would replay everything (duplicates), from the list's version would repeat a=2, from lastSyncResourceVersion + 1 would lose a change`)
      .toEqual(["add a=1", "update a=1->2", "add b=1", "update a=2->3", "add c=1", "delete b"]);
    expect(r.lists, `${REFLECTOR}: a watch that simply ended is resumed from lastSyncResourceVersion; no LIST is needed (a list of a big resource is what the API server can least afford)`).toBe(1);
    expect(r.watches, `${REFLECTOR}: one watch, then one per restart`).toBe(3);
    expect(localState(r), "the local copy equals the store").toEqual((await storeState(storage, "/registry/configmaps/team/")).items);
  });

  it("after a 410 (its resourceVersion was compacted away) it relists, reports what it missed, and ends with the store's state", { meta: { weight: 4 } }, async () => {
    const { mvcc, storage, create, update, remove } = setup();
    await create("team", "a", "1");
    await create("team", "b", "1");
    const { handler, log } = recorder();
    const r = new Reflector(storage, "/registry/configmaps/team/", handler);
    await r.sync();
    r.watch!.stop();
    await create("team", "c", "1");
    await update("team", "a", "2");
    await remove("team", "b");
    await create("team", "d", "1");
    mvcc.compact(mvcc.revision); // etcd's periodic compaction: the history of the changes above is gone
    await r.sync();
    expect(r.lists, `${REFLECTOR}: the watch from lastSyncResourceVersion ends with ERROR 410 Expired; only a new LIST can tell what happened`).toBe(2);
    const store = await storeState(storage, "/registry/configmaps/team/");
    expect(localState(r), `${REFLECTOR}: after the relist the local copy is the store's, with b (deleted while away) gone: replace the items, do not merge`).toEqual(store.items);
    expect(log.slice(2).sort(), `${REFLECTOR}: the relist reports the difference: a changed, b deleted (DeletedFinalStateUnknown upstream), c and d added`)
      .toEqual(["add c=1", "add d=1", "delete b", "update a=1->2"]);
    expect(r.lastSyncResourceVersion, `${RV}: after the relist, lastSyncResourceVersion is the list's resourceVersion`).toBe(store.resourceVersion);
    await update("team", "d", "2");
    await r.sync();
    expect(log.at(-1), `${REFLECTOR}: and the new watch, from the list's resourceVersion, goes on`).toBe("update d=1->2");
    expect(r.lists, "no further list").toBe(2);
  });

  it("an ERROR other than 410 ends the watch, and the next one resumes without a list", { meta: { weight: 1 } }, async () => {
    const { storage, create } = setup();
    let failNext = false;
    const flaky: Storage = {
      create: (k, o) => storage.create(k, o), get: (k, o) => storage.get(k, o), getList: (k, o) => storage.getList(k, o),
      guaranteedUpdate: (k, f, o) => storage.guaranteedUpdate(k, f, o), delete: (k, o) => storage.delete(k, o),
      watch: (k: string, o?: WatchOptions): Promise<Watch> => {
        if (!failNext) return storage.watch(k, o);
        failNext = false;
        return Promise.resolve(WatchQueue.failed(newInternalError("etcdserver: leader changed")));
      },
    };
    await create("team", "a", "1");
    const { handler, log } = recorder();
    const r = new Reflector(flaky, "/registry/configmaps/team/", handler);
    await r.sync();
    r.watch!.stop();
    failNext = true;
    await create("team", "b", "1");
    await r.sync();
    expect(r.lists, `${REFLECTOR}: in this exercise only 410 Expired (or Gone) calls for a relist (see SIMPLIFICATION at the top of watch-resume.ts); after a 500 the reflector resumes from lastSyncResourceVersion`).toBe(1);
    expect(log, `${REFLECTOR}: the resumed watch delivers b once`).toEqual(["add a=1", "add b=1"]);
  });
});

describe("bookmarks", () => {
  it("a watcher of a quiet namespace keeps its resourceVersion fresh with bookmarks and resumes inside the watch cache's window", { meta: { weight: 3 } }, async () => {
    const { storage: etcd } = setup();
    const clock = new VirtualClock();
    // A watch cache that remembers 10 events and sends a bookmark every second.
    const storage = new CachedStorage(etcd, { clock, watchCacheCapacity: 10, bookmarkIntervalMs: 1000 });
    await storage.create(key("quiet", "settings"), cm("quiet", "settings", "1"));
    const { handler, log } = recorder();
    const r = new Reflector(storage, "/registry/configmaps/quiet/", handler);
    await r.sync();
    const listed = r.lastSyncResourceVersion;
    for (let i = 0; i < 30; i++) await storage.create(key("busy", `job-${i}`), cm("busy", `job-${i}`, "1"));
    clock.advance(1000); // a bookmark
    await r.sync();
    expect(localState(r), `${REFLECTOR}: a BOOKMARK carries no object: nothing is added to the local copy`).toEqual(["settings=1"]);
    expect(log, "and nothing is reported to the handler").toEqual(["add settings=1"]);
    const busy = (await storage.getList("/registry/configmaps/")).resourceVersion;
    expect(
      r.lastSyncResourceVersion,
      `${REFLECTOR}: with allowWatchBookmarks the cache sends BOOKMARKs; each one moves lastSyncResourceVersion to its resourceVersion (${busy}), though nothing changed in "quiet" since ${listed}`,
    ).toBe(busy);
    r.watch!.stop();
    await r.sync();
    expect(
      r.lists,
      `${REFLECTOR}: the 30 writes in "busy" pushed revision ${listed} out of the cache's 10-event window; resuming from the bookmark's revision needs no relist (without bookmarks: 410 and a LIST)`,
    ).toBe(1);
    storage.stop();
  });
});
