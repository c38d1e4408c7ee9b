// The contract every Storage backend must keep: one suite, run by each backend's test file
// (mvcc.test.ts, raft.test.ts; etcd3.interop.ts on a real etcd, `npm run test:interop`), as hono
// runs one router suite on every router.
//
// A backend supplies a fixture: the storage under test with its watch cache (what the API server
// uses), the same store without the cache, and a way to drive it (`run`: an in-memory store needs
// nothing; the Raft cluster needs its virtual clock to run until the promise settles).
//
// This module imports vitest: it is test code, kept out of the library's index.
import { describe, expect, it } from "vitest";
import { parseFieldSelector } from "../../api/field-selector";
import { parseLabelSelector } from "../../api/label-selector-parser";
import { StatusError } from "../../api/status";
import type { KubeObject } from "../types";
import { CONTINUE_EXPIRED_MSG, LIST_EXPIRED_MSG, WATCH_EXPIRED_MSG } from "./errors";
import type { Storage, Watch, WatchEvent } from "./interfaces";
import { collectionKey, objectKey } from "./keys";
import { predicate } from "./predicate";
import { update } from "./update";

export interface StorageFixture {
  /** The storage under test, with a watch cache in front of the store. */
  storage: Storage;
  /** The same store without the cache: watches are served straight from it. */
  direct: Storage;
  /** Does whatever the backend needs (run virtual time) until `promise` settles. */
  run<T>(promise: Promise<T>): Promise<T>;
  /** Compacts the store's history up to `revision`. */
  compact(revision: number): Promise<void>;
  /** Moves virtual time forward, firing due timers (bookmarks). */
  advance(ms: number): void;
  /** Stops timers and watches. */
  close(): void;
}

export interface ContractOptions {
  watchCacheCapacity: number;
  bookmarkIntervalMs: number;
}

const CAPACITY = 8;
const BOOKMARK_MS = 1_000;

const key = (name: string, ns = "default"): string => objectKey("pods", ns, name);
const pods = collectionKey("pods");

function pod(name: string, labels: Record<string, string> = {}, ns = "default"): KubeObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: ns, uid: `uid-${name}`, labels }, spec: { nodeName: "" } };
}

const names = (objs: KubeObject[]): string[] => objs.map((o) => o.metadata?.name ?? "");
const rvOf = (o: KubeObject | undefined): number => Number(o?.metadata?.resourceVersion);
const summary = (events: WatchEvent[]): string[] =>
  events.map((e) => (e.type === "ERROR" ? `ERROR ${e.object.code}` : `${e.type} ${e.object.metadata?.name ?? ""}`.trimEnd()));

/** Starts the pods watch cache (as the API server does at startup) by opening and closing a watch. */
async function startWatchCache(f: StorageFixture): Promise<void> {
  (await f.run(f.storage.watch(pods, { recursive: true }))).stop();
}

/** The StatusError a promise rejects with (fails the test if it resolves). */
async function rejection(p: Promise<unknown>): Promise<StatusError> {
  try {
    await p;
  } catch (err: unknown) {
    if (err instanceof StatusError) return err;
    throw err;
  }
  throw new Error("expected the call to fail with a StatusError, but it succeeded");
}

export function runStorageContract(name: string, makeStorage: (options: ContractOptions) => StorageFixture): void {
  /** A test body on a fresh fixture, closed afterwards whatever happens. */
  const withStorage = (body: (f: StorageFixture) => Promise<void>) => async () => {
    const f = makeStorage({ watchCacheCapacity: CAPACITY, bookmarkIntervalMs: BOOKMARK_MS });
    try {
      await body(f);
    } finally {
      f.close();
    }
  };

  describe(`${name}: create and get`, () => {
    it("create stores the object under its key and stamps resourceVersion with the store's revision", withStorage(async (f) => {
      const created = await f.run(f.storage.create(key("web"), pod("web")));
      expect(created.metadata?.resourceVersion).toMatch(/^[1-9]\d*$/);
      const got = await f.run(f.storage.get(key("web")));
      expect(got).toEqual(created);
      const second = await f.run(f.storage.create(key("db"), pod("db")));
      expect(rvOf(second)).toBeGreaterThan(rvOf(created));
    }));

    it("creating an object whose key is taken fails with 409 AlreadyExists", withStorage(async (f) => {
      await f.run(f.storage.create(key("web"), pod("web")));
      const err = await rejection(f.run(f.storage.create(key("web"), pod("web"))));
      expect([err.code, err.reason, err.message]).toEqual([409, "AlreadyExists", 'pods "web" already exists']);
    }));

    it("create refuses an object that already carries a resourceVersion", withStorage(async (f) => {
      const obj = pod("web");
      obj.metadata!.resourceVersion = "7";
      const err = await rejection(f.run(f.storage.create(key("web"), obj)));
      expect(err.message).toBe("resourceVersion should not be set on objects to be created");
    }));

    it("get of a missing key fails with 404 NotFound, or returns undefined with ignoreNotFound", withStorage(async (f) => {
      const err = await rejection(f.run(f.storage.get(key("web"))));
      expect([err.code, err.reason, err.message]).toEqual([404, "NotFound", 'pods "web" not found']);
      expect(await f.run(f.storage.get(key("web"), { ignoreNotFound: true }))).toBeUndefined();
    }));

    it("get with a resourceVersion the store has not reached fails with 504 Too large resource version", withStorage(async (f) => {
      const created = await f.run(f.storage.create(key("web"), pod("web")));
      const ahead = rvOf(created) + 10;
      const err = await rejection(f.run(f.storage.get(key("web"), { resourceVersion: String(ahead) })));
      expect([err.code, err.message]).toEqual([504, `Timeout: Too large resource version: ${ahead}, current: ${rvOf(created)}`]);
      expect(await f.run(f.storage.get(key("web"), { resourceVersion: created.metadata!.resourceVersion }))).toEqual(created);
    }));
  });

  describe(`${name}: list`, () => {
    it("getList returns the objects under a prefix in key order, at the store's revision", withStorage(async (f) => {
      await f.run(f.storage.create(key("b"), pod("b")));
      await f.run(f.storage.create(key("c", "other"), pod("c", {}, "other")));
      const last = await f.run(f.storage.create(key("a"), pod("a")));
      const all = await f.run(f.storage.getList(pods));
      expect(names(all.items)).toEqual(["a", "b", "c"]);
      expect(all.resourceVersion).toBe(last.metadata?.resourceVersion);
      expect(all.continue).toBeUndefined();
      expect(names((await f.run(f.storage.getList(collectionKey("pods", "default")))).items)).toEqual(["a", "b"]);
      expect(names((await f.run(f.storage.getList("/registry/pods/other"))).items)).toEqual(["c"]);
    }));

    it("getList filters by label selector and by field selector", withStorage(async (f) => {
      await f.run(f.storage.create(key("a"), pod("a", { app: "web" })));
      await f.run(f.storage.create(key("b"), pod("b", { app: "db" })));
      await f.run(f.storage.create(key("c"), pod("c", { app: "web", tier: "front" })));
      const byLabel = await f.run(f.storage.getList(pods, { predicate: predicate({ label: parseLabelSelector("app=web") }) }));
      expect(names(byLabel.items)).toEqual(["a", "c"]);
      const byField = await f.run(f.storage.getList(pods, { predicate: predicate({ field: parseFieldSelector("metadata.name!=a") }) }));
      expect(names(byField.items)).toEqual(["b", "c"]);
      const both = predicate({ label: parseLabelSelector("app=web"), field: parseFieldSelector("metadata.name=c") });
      expect(names((await f.run(f.storage.getList(pods, { predicate: both }))).items)).toEqual(["c"]);
    }));

    it("limit and continue page through one snapshot, even when objects change between pages", withStorage(async (f) => {
      for (const n of ["p1", "p2", "p3", "p4", "p5"]) await f.run(f.storage.create(key(n), pod(n)));
      const first = await f.run(f.storage.getList(pods, { limit: 2 }));
      expect(names(first.items)).toEqual(["p1", "p2"]);
      expect(first.remainingItemCount).toBe(3);
      expect(first.continue).toBeDefined();
      // Changes after the first page do not show in the next pages: they read the same revision.
      await f.run(f.storage.create(key("p35"), pod("p35")));
      await f.run(f.storage.delete(key("p4")));
      const second = await f.run(f.storage.getList(pods, { limit: 2, continue: first.continue }));
      expect(names(second.items)).toEqual(["p3", "p4"]);
      expect(second.resourceVersion).toBe(first.resourceVersion);
      const third = await f.run(f.storage.getList(pods, { limit: 2, continue: second.continue }));
      expect(names(third.items)).toEqual(["p5"]);
      expect(third.continue).toBeUndefined();
    }));

    it("a continue token is base64url JSON naming the version, the revision and the next key", withStorage(async (f) => {
      for (const n of ["a", "b"]) await f.run(f.storage.create(key(n), pod(n)));
      const page = await f.run(f.storage.getList(pods, { limit: 1 }));
      const json = JSON.parse(atobUrl(page.continue!)) as unknown;
      expect(json).toEqual({ v: "meta.k8s.io/v1", rv: Number(page.resourceVersion), start: "default/a\u0000" });
    }));

    it("with a selector and a limit, each page is filled with matching objects", withStorage(async (f) => {
      for (let i = 0; i < 8; i++) await f.run(f.storage.create(key(`p${i}`), pod(`p${i}`, { even: String(i % 2 === 0) })));
      const even = predicate({ label: parseLabelSelector("even=true") });
      const first = await f.run(f.storage.getList(pods, { limit: 3, predicate: even }));
      expect(names(first.items)).toEqual(["p0", "p2", "p4"]);
      expect(first.remainingItemCount).toBeUndefined(); // unknown when a predicate filters
      const rest = await f.run(f.storage.getList(pods, { limit: 3, predicate: even, continue: first.continue }));
      expect(names(rest.items)).toEqual(["p6"]);
    }));

    it("a malformed continue token is a 400 BadRequest", withStorage(async (f) => {
      const err = await rejection(f.run(f.storage.getList(pods, { limit: 1, continue: "not-a-token!" })));
      expect([err.code, err.reason]).toEqual([400, "BadRequest"]);
      expect(err.message).toMatch(/^invalid continue token: /);
    }));

    it("an Exact list reads the store as it was at that revision", withStorage(async (f) => {
      const a = await f.run(f.storage.create(key("a"), pod("a")));
      await f.run(f.storage.create(key("b"), pod("b")));
      const old = await f.run(f.storage.getList(pods, { resourceVersion: a.metadata!.resourceVersion, resourceVersionMatch: "Exact" }));
      expect(names(old.items)).toEqual(["a"]);
      expect(old.resourceVersion).toBe(a.metadata?.resourceVersion);
      const ahead = rvOf(a) + 100;
      const future = await rejection(f.run(f.storage.getList(pods, { resourceVersion: String(ahead), resourceVersionMatch: "Exact" })));
      expect([future.code, future.reason]).toEqual([504, "Timeout"]);
      expect(future.message).toMatch(new RegExp(`^Timeout: Too large resource version: ${ahead}, current: \\d+$`));
    }));

    it("an Exact list or a continue token at a compacted revision is 410 Expired", withStorage(async (f) => {
      const a = await f.run(f.storage.create(key("a"), pod("a")));
      await f.run(f.storage.create(key("b"), pod("b")));
      const page = await f.run(f.storage.getList(pods, { limit: 1 }));
      const c = await f.run(f.storage.create(key("c"), pod("c")));
      await f.compact(rvOf(c));
      const exact = await rejection(f.run(f.storage.getList(pods, { resourceVersion: a.metadata!.resourceVersion, resourceVersionMatch: "Exact" })));
      expect([exact.code, exact.reason, exact.message]).toEqual([410, "Expired", LIST_EXPIRED_MSG]);
      const cont = await rejection(f.run(f.storage.getList(pods, { limit: 1, continue: page.continue })));
      expect([cont.code, cont.reason, cont.message]).toEqual([410, "Expired", CONTINUE_EXPIRED_MSG]);
    }));
  });

  describe(`${name}: guaranteedUpdate and delete`, () => {
    it("guaranteedUpdate applies tryUpdate to the current object and bumps its resourceVersion", withStorage(async (f) => {
      const created = await f.run(f.storage.create(key("web"), pod("web")));
      const updated = await f.run(f.storage.guaranteedUpdate(key("web"), (cur) => ({ ...cur, spec: { nodeName: "node-1" } })));
      expect(updated.spec).toEqual({ nodeName: "node-1" });
      expect(rvOf(updated)).toBeGreaterThan(rvOf(created));
      expect(await f.run(f.storage.get(key("web")))).toEqual(updated);
    }));

    it("guaranteedUpdate retries with a fresh read when another write wins the race", withStorage(async (f) => {
      await f.run(f.storage.create(key("web"), pod("web")));
      const seen: string[] = [];
      const result = await f.run(
        f.storage.guaranteedUpdate(key("web"), async (cur) => {
          seen.push(cur.metadata!.resourceVersion!);
          if (seen.length === 1) {
            // Another writer sneaks in between our read and our write.
            await f.storage.guaranteedUpdate(key("web"), (o) => ({ ...o, metadata: { ...o.metadata, labels: { other: "1" } } }));
          }
          return { ...cur, metadata: { ...cur.metadata, annotations: { mine: "1" } } };
        }),
      );
      expect(seen).toHaveLength(2);
      expect(Number(seen[1])).toBeGreaterThan(Number(seen[0]));
      // The retry ran on the fresh object, so neither change is lost.
      expect(result.metadata?.labels).toEqual({ other: "1" });
      expect(result.metadata?.annotations).toEqual({ mine: "1" });
    }));

    it("an update carrying a stale resourceVersion fails with the upstream 409 Conflict message", withStorage(async (f) => {
      const read = await f.run(f.storage.create(key("web"), pod("web")));
      await f.run(update(f.storage, key("web"), { ...read, spec: { nodeName: "a" } }));
      const err = await rejection(f.run(update(f.storage, key("web"), { ...read, spec: { nodeName: "b" } })));
      expect([err.code, err.reason]).toEqual([409, "Conflict"]);
      expect(err.message).toBe(
        'Operation cannot be fulfilled on pods "web": the object has been modified; please apply your changes to the latest version and try again',
      );
      expect((await f.run(f.storage.get(key("web"))))?.spec).toEqual({ nodeName: "a" });
    }));

    it("preconditions on uid and resourceVersion are checked against the stored object", withStorage(async (f) => {
      const created = await f.run(f.storage.create(key("web"), pod("web")));
      const rv = created.metadata!.resourceVersion!;
      const touch = (o: KubeObject): KubeObject => ({ ...o, spec: { nodeName: "n" } });
      const badUid = await rejection(f.run(f.storage.guaranteedUpdate(key("web"), touch, { preconditions: { uid: "other" } })));
      expect([badUid.code, badUid.reason]).toEqual([409, "Conflict"]);
      expect(badUid.message).toBe(
        'Operation cannot be fulfilled on pods "web": StorageError: invalid object, Code: 4, Key: /registry/pods/default/web, ' +
          "ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: other, UID in object meta: uid-web",
      );
      const badRv = await rejection(f.run(f.storage.guaranteedUpdate(key("web"), touch, { preconditions: { resourceVersion: "1" } })));
      expect(badRv.message).toMatch(`Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: ${rv}`);
      const ok = await f.run(f.storage.guaranteedUpdate(key("web"), touch, { preconditions: { uid: "uid-web", resourceVersion: rv } }));
      expect(ok.spec).toEqual({ nodeName: "n" });
    }));

    it("guaranteedUpdate of a missing key is 404, or creates it with ignoreNotFound", withStorage(async (f) => {
      const err = await rejection(f.run(f.storage.guaranteedUpdate(key("web"), (o) => o)));
      expect(err.code).toBe(404);
      const made = await f.run(f.storage.guaranteedUpdate(key("web"), () => pod("web"), { ignoreNotFound: true }));
      expect(names([made])).toEqual(["web"]);
      expect(await f.run(f.storage.get(key("web")))).toEqual(made);
    }));

    it("an update that changes nothing writes nothing: the resourceVersion stays", withStorage(async (f) => {
      const created = await f.run(f.storage.create(key("web"), pod("web")));
      const same = await f.run(f.storage.guaranteedUpdate(key("web"), (o) => o));
      expect(same.metadata?.resourceVersion).toBe(created.metadata?.resourceVersion);
    }));

    it("tryUpdate throwing aborts the update and the error reaches the caller", withStorage(async (f) => {
      await f.run(f.storage.create(key("web"), pod("web")));
      const err = await rejection(f.run(f.storage.guaranteedUpdate(key("web"), () => { throw new StatusError({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "no", reason: "Invalid", code: 422 }); })));
      expect(err.code).toBe(422);
    }));

    it("delete removes the object and returns its last state at the deletion's revision", withStorage(async (f) => {
      const created = await f.run(f.storage.create(key("web"), pod("web")));
      const deleted = await f.run(f.storage.delete(key("web")));
      expect(names([deleted])).toEqual(["web"]);
      expect(rvOf(deleted)).toBeGreaterThan(rvOf(created));
      expect(await f.run(f.storage.get(key("web"), { ignoreNotFound: true }))).toBeUndefined();
    }));

    it("delete of a missing key is 404, and a failed precondition or validateDeletion deletes nothing", withStorage(async (f) => {
      expect((await rejection(f.run(f.storage.delete(key("web"))))).message).toBe('pods "web" not found');
      await f.run(f.storage.create(key("web"), pod("web")));
      const badUid = await rejection(f.run(f.storage.delete(key("web"), { preconditions: { uid: "old" } })));
      expect(badUid.code).toBe(409);
      const refused = await rejection(
        f.run(f.storage.delete(key("web"), { validateDeletion: () => { throw new StatusError({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "has finalizers", reason: "Conflict", code: 409 }); } })),
      );
      expect(refused.message).toBe("has finalizers");
      expect(await f.run(f.storage.get(key("web")))).toBeDefined();
    }));
  });

  for (const [which, pick] of [["watch cache", (f: StorageFixture) => f.storage], ["store", (f: StorageFixture) => f.direct]] as const) {
    describe(`${name}: watch, served by the ${which}`, () => {
      it("a watch from a list's resourceVersion sees every later change, in order", withStorage(async (f) => {
        await f.run(f.storage.create(key("a"), pod("a")));
        const list = await f.run(f.storage.getList(pods));
        const w = await f.run(pick(f).watch(pods, { recursive: true, resourceVersion: list.resourceVersion }));
        await f.run(f.storage.create(key("b"), pod("b")));
        await f.run(f.storage.guaranteedUpdate(key("a"), (o) => ({ ...o, spec: { nodeName: "n1" } })));
        const gone = await f.run(f.storage.delete(key("b")));
        const events = w.take();
        expect(summary(events)).toEqual(["ADDED b", "MODIFIED a", "DELETED b"]);
        const rvs = events.map((e) => rvOf(e.object as KubeObject));
        expect(rvs).toEqual([...rvs].sort((x, y) => x - y));
        expect(rvs[2]).toBe(rvOf(gone));
        w.stop();
      }));

      it("a watch from an older resourceVersion replays the changes since, then continues live", withStorage(async (f) => {
        await startWatchCache(f); // a cache only remembers what happened after it started
        const a = await f.run(f.storage.create(key("a"), pod("a")));
        await f.run(f.storage.create(key("b"), pod("b")));
        await f.run(f.storage.delete(key("a")));
        const w = await f.run(pick(f).watch(pods, { recursive: true, resourceVersion: a.metadata!.resourceVersion }));
        expect(summary(w.take())).toEqual(["ADDED b", "DELETED a"]);
        await f.run(f.storage.create(key("c"), pod("c")));
        expect(summary(w.take())).toEqual(["ADDED c"]);
        w.stop();
      }));

      it("a watch without a resourceVersion starts with the current objects as ADDED", withStorage(async (f) => {
        await f.run(f.storage.create(key("a"), pod("a")));
        await f.run(f.storage.create(key("b", "other"), pod("b", {}, "other")));
        const w = await f.run(pick(f).watch(collectionKey("pods", "default"), { recursive: true }));
        expect(summary(w.take())).toEqual(["ADDED a"]);
        await f.run(f.storage.create(key("c"), pod("c")));
        await f.run(f.storage.create(key("d", "other"), pod("d", {}, "other")));
        expect(summary(w.take())).toEqual(["ADDED c"]);
        w.stop();
      }));

      it("a watch filters by selector, and an object leaving the selector is seen as DELETED", withStorage(async (f) => {
        const w = await f.run(pick(f).watch(pods, { recursive: true, predicate: predicate({ label: parseLabelSelector("app=web") }) }));
        const relabel = (app: string) => (o: KubeObject): KubeObject => ({ ...o, metadata: { ...o.metadata, labels: { app } } });
        await f.run(f.storage.create(key("x"), pod("x", { app: "web" })));
        await f.run(f.storage.create(key("y"), pod("y", { app: "db" })));
        await f.run(f.storage.guaranteedUpdate(key("x"), relabel("db")));
        await f.run(f.storage.guaranteedUpdate(key("x"), relabel("web")));
        await f.run(f.storage.guaranteedUpdate(key("x"), (o) => ({ ...o, spec: { nodeName: "n" } })));
        expect(summary(w.take())).toEqual(["ADDED x", "DELETED x", "ADDED x", "MODIFIED x"]);
        w.stop();
      }));

      it("a watch on one object's key sees only that object", withStorage(async (f) => {
        await f.run(f.storage.create(key("a"), pod("a")));
        const w = await f.run(pick(f).watch(key("a"), { resourceVersion: "0" }));
        await f.run(f.storage.create(key("ab"), pod("ab")));
        await f.run(f.storage.guaranteedUpdate(key("a"), (o) => ({ ...o, spec: { nodeName: "n" } })));
        expect(summary(w.take())).toEqual(["ADDED a", "MODIFIED a"]);
        w.stop();
      }));

      it("a stopped watch receives nothing more", withStorage(async (f) => {
        const w = await f.run(pick(f).watch(pods, { recursive: true }));
        w.stop();
        await f.run(f.storage.create(key("a"), pod("a")));
        expect(w.take()).toEqual([]);
        expect(w.stopped).toBe(true);
      }));
    });
  }

  describe(`${name}: watch errors and bookmarks`, () => {
    it("a watch from a resourceVersion older than the watch cache's window ends with ERROR 410 too old resource version", withStorage(async (f) => {
      const first = await f.run(f.storage.create(key("p0"), pod("p0")));
      await startWatchCache(f);
      for (let i = 1; i <= CAPACITY + 2; i++) await f.run(f.storage.create(key(`p${i}`), pod(`p${i}`)));
      const w = await f.run(f.storage.watch(pods, { recursive: true, resourceVersion: first.metadata!.resourceVersion }));
      const [event, ...rest] = w.take();
      expect(rest).toEqual([]);
      expect(event?.type).toBe("ERROR");
      const status = (event as Extract<WatchEvent, { type: "ERROR" }>).object;
      expect([status.code, status.reason]).toEqual([410, "Expired"]);
      expect(status.message).toMatch(new RegExp(`^too old resource version: ${rvOf(first)} \\(\\d+\\)$`));
      expect(w.stopped).toBe(true);
    }));

    it("a store watch from a compacted resourceVersion ends with ERROR 410 Expired", withStorage(async (f) => {
      const a = await f.run(f.storage.create(key("a"), pod("a")));
      await f.run(f.storage.create(key("b"), pod("b")));
      const c = await f.run(f.storage.create(key("c"), pod("c")));
      await f.compact(rvOf(c));
      const w = await f.run(f.direct.watch(pods, { recursive: true, resourceVersion: a.metadata!.resourceVersion }));
      expect(w.take()).toEqual([{ type: "ERROR", object: expect.objectContaining({ code: 410, reason: "Expired", message: WATCH_EXPIRED_MSG }) }]);
    }));

    it("bookmarks come periodically to the watchers that asked, carrying the cache's resourceVersion", withStorage(async (f) => {
      const asked = await f.run(f.storage.watch(pods, { recursive: true, allowWatchBookmarks: true }));
      const plain = await f.run(f.storage.watch(pods, { recursive: true }));
      const created = await f.run(f.storage.create(key("a"), pod("a")));
      f.advance(BOOKMARK_MS);
      const events = asked.take();
      expect(summary(events)).toEqual(["ADDED a", "BOOKMARK"]);
      expect(events[1]?.object).toEqual({ metadata: { resourceVersion: created.metadata?.resourceVersion } });
      expect(summary(plain.take())).toEqual(["ADDED a"]);
      // A client resumes from the bookmark's revision and misses nothing.
      const resumed = await f.run(f.storage.watch(pods, { recursive: true, resourceVersion: created.metadata!.resourceVersion }));
      await f.run(f.storage.create(key("b"), pod("b")));
      expect(summary(resumed.take())).toEqual(["ADDED b"]);
    }));

    it("many watchers share one store watch, and each gets only the events its key and selector want", withStorage(async (f) => {
      const watches: Array<[string, Watch]> = [];
      for (let i = 0; i < 50; i++) watches.push([`p${i}`, await f.run(f.storage.watch(key(`p${i}`)))]);
      const byNamespace = await f.run(f.storage.watch(collectionKey("pods", "other"), { recursive: true }));
      for (let i = 0; i < 50; i++) await f.run(f.storage.create(key(`p${i}`), pod(`p${i}`)));
      await f.run(f.storage.create(key("q", "other"), pod("q", {}, "other")));
      for (const [n, w] of watches) expect(summary(w.take()), n).toEqual([`ADDED ${n}`]);
      expect(summary(byNamespace.take())).toEqual(["ADDED q"]);
    }));
  });
}

/** base64url decoding for the token test (Go's RawURLEncoding; ASCII payloads). */
function atobUrl(s: string): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  let bits = 0;
  let acc = 0;
  let out = "";
  for (const ch of s) {
    acc = (acc << 6) | alphabet.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((acc >> bits) & 0xff);
    }
  }
  return out;
}
