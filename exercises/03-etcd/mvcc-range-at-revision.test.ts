// Graded tests for the exercise "mvcc-range-at-revision" (chapter 03-etcd, 15 points). Each test's
// weight is the points it is worth (they add up to 15); see tools/exercises/points.ts.
// `@exercise/...` is your exercises/ file; the grader also runs these tests against the reference
// solution and the untouched stub (tools/exercises/README.md). Each test is a sentence; its
// failure message names the rule that was broken and where to read about it.
//
// Your `revisionAt` is plugged into the real store: vi.mock below replaces it in
// src/etcd/mvcc/generation.ts, which the key index (key-index.ts, KeyIndex.get) calls for every
// range read, every put (to carry the create revision and version forward) and every watch event
// with its previous value. The scenarios then run an MvccStore with it.
import { describe, expect, it, vi } from "vitest";
import * as learner from "@exercise/03-etcd/mvcc-range-at-revision";
import { MvccStore } from "../../src/etcd/mvcc/mvcc-store";
import { getPrefix } from "../../src/etcd/mvcc/range-end";
import { brief, difference, expectedAt, randomHistory, storeStep } from "./support/mvcc-history";

const { revisionAt } = learner;

vi.mock("../../src/etcd/mvcc/generation", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../src/etcd/mvcc/generation")>()),
  revisionAt: (generations: readonly learner.Generation[], atRev: number) => learner.revisionAt(generations, atRev),
}));

const r = (main: number): learner.Revision => ({ main, sub: 0 });
const gen = (ver: number, created: number, revs: number[]): learner.Generation => ({ ver, created: r(created), revs: revs.map(r) });
const EMPTY = gen(0, 0, []);
const show = (found: learner.KeyAtRevision | undefined) =>
  found === undefined ? "undefined" : `{modified ${found.modified.main}, created ${found.created.main}, version ${found.version}}`;
const DATA_MODEL = "etcd data model (key_index.go, keyIndex.get): the key at revision r is its last change <= r in the generation alive at r";

/** put 2, put 3, delete 4, put 6, put 7. */
const history = [gen(3, 2, [2, 3, 4]), gen(2, 6, [6, 7])];

function expectAt(generations: learner.Generation[], atRev: number, want: { modified: number; created: number; version: number } | undefined, why: string) {
  const found = revisionAt(generations, atRev);
  const expected = want && { modified: r(want.modified), created: r(want.created), version: want.version };
  expect(found, `${why} (at revision ${atRev}: expected ${show(expected)}, got ${show(found)})`).toEqual(expected);
}

describe("revisionAt: a key's state at a past revision", () => {
  it("a key does not exist before its first put, nor with no history at all, and exists from its first put on", { meta: { weight: 1.5 } }, () => {
    expectAt(history, 1, undefined, `${DATA_MODEL}; the key was created at revision 2, so at 1 it did not exist`);
    expectAt([], 5, undefined, "a key with no history does not exist at any revision");
    expectAt([EMPTY], 5, undefined, "a key whose only generation is empty does not exist at any revision");
    expectAt(history, 2, { modified: 2, created: 2, version: 1 }, `${DATA_MODEL}; the put at 2 created the key: version 1`);
  });

  it("inside a generation, the last change at or before the revision holds the value, and the version counts the puts so far", { meta: { weight: 1.5 } }, () => {
    expectAt(history, 3, { modified: 3, created: 2, version: 2 }, `${DATA_MODEL}; the second put of the generation created at 2: version 2`);
    expectAt(history, 7, { modified: 7, created: 6, version: 2 }, `${DATA_MODEL}; the open generation created at 6, second put`);
    expectAt(history, 100, { modified: 7, created: 6, version: 2 }, `${DATA_MODEL}; nothing changed the key after 7, so at 100 it still holds the value written at 7`);
  });

  it("a key deleted at revision 4 does not exist at 4 or until it is put again", { meta: { weight: 1.5 } }, () => {
    expectAt(history, 3, { modified: 3, created: 2, version: 2 }, `${DATA_MODEL}; before the delete the key exists`);
    expectAt(history, 4, undefined, `${DATA_MODEL}; a tombstone at 4 ends the generation: at 4 the key is deleted`);
    expectAt(history, 5, undefined, `${DATA_MODEL}; between the delete (4) and the next put (6) the key does not exist`);
    const ended = [gen(2, 2, [2, 3]), EMPTY];
    expectAt(ended, 9, undefined, `${DATA_MODEL}; put at 2, deleted at 3, never put again: at 9 it does not exist`);
  });

  it("a key put again after a delete starts a new life: create revision moves, version restarts at 1", { meta: { weight: 1.5 } }, () => {
    expectAt(
      history,
      6,
      { modified: 6, created: 6, version: 1 },
      "etcd data model: \"A deletion resets the version to 0\"; the put at 6 creates a new generation, so create_revision is 6 and version 1",
    );
  });

  it("after a compaction dropped a generation's oldest revisions, the version is still counted from the newest", { meta: { weight: 1.5 } }, () => {
    // put 2, put 3, put 5, then compaction at 4 kept only 3 (the value at 4) and 5.
    const compacted = [gen(3, 2, [3, 5])];
    expectAt(
      compacted,
      4,
      { modified: 3, created: 2, version: 2 },
      `${DATA_MODEL}; the revision at 3 was the key's 2nd put. Compaction removed revision 2 from the list, so counting positions from the front gives 1: count back from the newest, which has version ver = 3`,
    );
    expectAt(compacted, 5, { modified: 5, created: 2, version: 3 }, `${DATA_MODEL}; the newest revision has version ver = 3`);
  });
});

describe("plugged into the store: an MvccStore with your lookup", () => {
  it("puts carry a key's create revision and version forward, and a delete starts them over", { meta: { weight: 1.5 } }, () => {
    const s = new MvccStore();
    s.put("/registry/pods/default/web", "v1"); // 2
    s.put("/registry/pods/default/web", "v2"); // 3
    const [kv] = s.range({ key: "/registry/pods/default/web" }).kvs;
    const got = kv ? brief(kv) : "nothing";
    expect(
      got,
      `etcd data model: a put to an existing key keeps its create_revision (2) and adds one to its version (2); got ${got}. The put asks the index for the key as of now: that is your revisionAt`,
    ).toBe("/registry/pods/default/web=v2 (create 2, mod 3, version 2)");
    storeStep("deleting the key and putting it again", "The delete asks your revisionAt whether the key exists now", () => {
      s.deleteRange({ key: "/registry/pods/default/web" }); // 4
      s.put("/registry/pods/default/web", "v3"); // 5
    });
    const [again] = s.range({ key: "/registry/pods/default/web" }).kvs;
    const gotAgain = again ? brief(again) : "nothing";
    expect(gotAgain, `etcd data model: after a delete, the next put creates the key anew: create_revision 5, version 1; got ${gotAgain}`).toBe(
      "/registry/pods/default/web=v3 (create 5, mod 5, version 1)",
    );
  });

  it("a range at every past revision returns exactly the keys, values, revisions and versions live then (20 random histories)", { meta: { weight: 3.5 } }, () => {
    for (let seed = 0; seed < 20; seed++) {
      const h = storeStep(
        `writing history "mvcc-range/${seed}"`,
        "Every put and delete asks your revisionAt for the key as of now: a key it wrongly reports deleted (or alive) breaks the write",
        () => randomHistory(`mvcc-range/${seed}`),
      );
      const { store } = h;
      for (let rev = 1; rev < h.model.length; rev++) {
        const got = store.range({ key: "\0", rangeEnd: "\0", revision: rev }).kvs.map(brief);
        const want = expectedAt(h, rev);
        expect(
          got,
          `history "mvcc-range/${seed}", a range over all keys at revision ${rev} (${difference(got, want)}): ${DATA_MODEL}, with create revision and version of that generation`,
        ).toEqual(want);
        const prefix = store.range({ key: "/a", rangeEnd: getPrefix("/a"), revision: rev, limit: 1 });
        const underA = want.filter((k) => k.startsWith("/a"));
        expect(prefix.count, `history "mvcc-range/${seed}": count of keys under /a at revision ${rev} (limit does not change count)`).toBe(underA.length);
        expect(prefix.kvs.map(brief), `history "mvcc-range/${seed}": the first key under /a at revision ${rev}, with limit 1`).toEqual(underA.slice(0, 1));
      }
    }
  });

  it("a watch from a past revision replays every change with the value it replaced", { meta: { weight: 1.25 } }, () => {
    const s = new MvccStore();
    storeStep("writing k", "Every put and delete asks your revisionAt for the key as of now", () => {
      s.put("k", "v1"); // 2
      s.put("k", "v2"); // 3
      s.deleteRange({ key: "k" }); // 4
      s.put("k", "v3"); // 5
    });
    const w = s.watch({ key: "k", startRevision: 2, prevKv: true });
    const events = w.take().flatMap((resp) => resp.events);
    const seen = events.map((e) => `${e.type} ${e.kv.value || "-"}@${e.kv.modRevision} prev=${e.prevKv ? `${e.prevKv.value}@${e.prevKv.modRevision}` : "none"}`);
    expect(
      seen,
      `got ${seen.join(", ")}. etcd watch with prev_kv: each event carries the key as of mod_revision - 1 (a range at that revision: your revisionAt). A creation (put at 2, put at 5 after the delete) has no previous value`,
    ).toEqual(["PUT v1@2 prev=none", "PUT v2@3 prev=v1@2", "DELETE -@4 prev=v2@3", "PUT v3@5 prev=none"]);
  });

  it("an informer that lists at revision R and watches from R+1 rebuilds exactly the current state", { meta: { weight: 1.25 } }, () => {
    const s = new MvccStore();
    const pods = "/registry/pods/";
    s.put(`${pods}a`, "1");
    s.put(`${pods}b`, "1");
    s.put(`${pods}c`, "1");
    const listed = s.range({ key: pods, rangeEnd: getPrefix(pods) });
    const R = listed.header.revision;
    storeStep("changing the pods after the list", "Every put and delete asks your revisionAt for the key as of now", () => {
      s.put(`${pods}a`, "2");
      s.deleteRange({ key: `${pods}b` });
      s.put(`${pods}d`, "1");
    });
    const cache = new Map(listed.kvs.map((kv) => [kv.key, kv.value]));
    const w = s.watch({ key: pods, rangeEnd: getPrefix(pods), startRevision: R + 1 });
    for (const e of w.take().flatMap((resp) => resp.events)) {
      if (e.type === "PUT") cache.set(e.kv.key, e.kv.value);
      else cache.delete(e.kv.key);
    }
    const now = s.range({ key: pods, rangeEnd: getPrefix(pods) }).kvs.map((kv) => `${kv.key}=${kv.value}`);
    const rebuilt = [...cache].map(([k, v]) => `${k}=${v}`).sort();
    expect(
      rebuilt,
      `(${difference(rebuilt, now)}) Kubernetes list-then-watch: the list at R plus the changes after R must equal a fresh list now (client-go reflector, etcd watch)`,
    ).toEqual(now);
    expect(now, `the current state is a=2, c=1, d=1 (b was deleted); a range now gives ${now.join(", ")}`).toEqual([`${pods}a=2`, `${pods}c=1`, `${pods}d=1`]);
  });
});
