// Graded tests for the exercise "compaction" (chapter 03-etcd, 10 points). Each test's weight is
// the points it is worth (they add up to 10); see tools/exercises/points.ts. `@exercise/...` is your
// exercises/ file; the grader also runs these tests against the reference solution and the
// untouched stub (tools/exercises/README.md). Each test is a sentence; its failure message names
// the rule that was broken and where to read about it.
//
// Your `compactGenerations` is plugged into the real store: vi.mock below replaces it in
// src/etcd/mvcc/generation.ts, which the key index (key-index.ts, KeyIndex.compact and keep)
// calls for every key when the store compacts. The scenarios then compact MvccStores with it.
import { describe, expect, it, vi } from "vitest";
import * as learner from "@exercise/03-etcd/compaction";
import { CompactedError } from "../../src/etcd/mvcc/errors";
import { MvccStore } from "../../src/etcd/mvcc/mvcc-store";
import { Rng } from "../../src/sim/rng";
import { brief, difference, expectedAt, randomHistory, storeStep } from "./support/mvcc-history";

const { compactGenerations } = learner;

vi.mock("../../src/etcd/mvcc/generation", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../src/etcd/mvcc/generation")>()),
  compactGenerations: (generations: readonly learner.Generation[], atRev: number) => learner.compactGenerations(generations, atRev),
}));

const r = (main: number): learner.Revision => ({ main, sub: 0 });
const gen = (ver: number, created: number, revs: number[]): learner.Generation => ({ ver, created: r(created), revs: revs.map(r) });
const EMPTY = gen(0, 0, []);
const showGens = (gs: readonly learner.Generation[]) =>
  `[${gs.map((g) => `{ver ${g.ver}, created ${g.created.main}, revs [${g.revs.map((x) => x.main).join(", ")}]}`).join(" ")}]`;
const KEY_INDEX = "etcd key_index.go, keyIndex.compact";

function expectCompacted(before: learner.Generation[], atRev: number, after: learner.Generation[], kept: number | undefined, why: string) {
  const got = compactGenerations(before, atRev);
  const context = `${why}. Compacting ${showGens(before)} at ${atRev}`;
  expect(showGens(got.generations), `${context}: expected the history ${showGens(after)}, got ${showGens(got.generations)}`).toBe(showGens(after));
  expect(got.generations, `${context}: ver and created of each generation must not change`).toEqual(after);
  expect(got.kept, `${context}: the revision kept to answer reads at ${atRev} is ${kept ?? "none"}`).toEqual(kept === undefined ? undefined : r(kept));
}

/** put 2, put 3, delete 4, put 6, put 7. */
const history = () => [gen(3, 2, [2, 3, 4]), gen(2, 6, [6, 7])];

describe("compactGenerations: one key's history after a compaction", () => {
  it("keeps the newest revision at or before the compaction revision and everything after it", { meta: { weight: 1.5 } }, () => {
    expectCompacted(history(), 3, [gen(3, 2, [3, 4]), gen(2, 6, [6, 7])], 3, `${KEY_INDEX}: revision 2 goes, 3 holds the value at 3 and stays`);
    expectCompacted(history(), 7, [gen(2, 6, [7])], 7, `${KEY_INDEX}: the first life ended at 4 and goes; in the second, 6 goes and 7 holds the value at 7`);
  });

  it("drops a life that ended before the compaction revision, and keeps nothing when the key did not exist then", { meta: { weight: 1.5 } }, () => {
    expectCompacted(history(), 5, [gen(2, 6, [6, 7])], undefined, `${KEY_INDEX}: the key was deleted at 4 and put again at 6; at 5 it did not exist, so nothing <= 5 is needed`);
    expectCompacted(
      [gen(2, 2, [2, 3]), EMPTY],
      5,
      [EMPTY],
      undefined,
      `${KEY_INDEX}: put at 2 and deleted at 3, never put again: only the empty last generation remains, and the index forgets the key`,
    );
  });

  it("keeps a tombstone exactly at the compaction revision: a read at that revision must still see the key deleted", { meta: { weight: 1 } }, () => {
    expectCompacted(
      history(),
      4,
      [gen(3, 2, [4]), gen(2, 6, [6, 7])],
      4,
      `${KEY_INDEX} (doCompact stops at the first generation whose tombstone is >= atRev): the delete at 4 is the newest change <= 4`,
    );
  });

  it("changes nothing for a compaction before the key's first put, and never removes the last generation", { meta: { weight: 1 } }, () => {
    expectCompacted(history(), 1, history(), undefined, `${KEY_INDEX}: nothing of this key is at or before revision 1`);
    expectCompacted([gen(1, 6, [6])], 5, [gen(1, 6, [6])], undefined, `${KEY_INDEX}: the key was created at 6, after the compaction revision 5`);
    expectCompacted([gen(1, 2, [2])], 9, [gen(1, 2, [2])], 2, `${KEY_INDEX}: the only put (2) still holds the value at 9: keep it`);
  });

  it("does not modify the history it is given", { meta: { weight: 1 } }, () => {
    const before = history();
    const copy = JSON.stringify(before);
    const got = compactGenerations(before, 3);
    expect(got.kept, `${KEY_INDEX}: compacting at 3 keeps revision 3`).toEqual(r(3));
    expect(
      JSON.stringify(before),
      "compactGenerations must return new arrays, not change its argument: the store also asks what compaction WOULD keep, without compacting (KeyIndex.keep, used by hashKV)",
    ).toBe(copy);
  });
});

describe("plugged into the store: compacting an MvccStore with your function", () => {
  it("after compacting at R, reads at R and later give the same answers, reads before R are refused, and the history below R is gone (20 random histories)", { meta: { weight: 2.5 } }, () => {
    for (let seed = 0; seed < 20; seed++) {
      const h = randomHistory(`compaction/${seed}`);
      const current = h.model.length - 1;
      const R = new Rng(`compaction/${seed}/at`).int(2, current);
      const where = `history "compaction/${seed}" compacted at ${R}`;
      storeStep(`compacting ${where}`, "", () => h.store.compact(R));
      for (let rev = R; rev <= current; rev++) {
        const got = storeStep(
          `reading at ${rev} in ${where}`,
          "The index still points at a revision that compaction deleted from the backend: a key's `kept` revision must be the one its history keeps",
          () => h.store.range({ key: "\0", rangeEnd: "\0", revision: rev }).kvs.map(brief),
        );
        const want = expectedAt(h, rev);
        expect(
          got,
          `${where}: a range at ${rev} must give the same answer as before compaction (${difference(got, want)}; etcd "Maintenance": compaction removes only history BEFORE the revision)`,
        ).toEqual(want);
      }
      expect(() => h.store.range({ key: "\0", rangeEnd: "\0", revision: R - 1 }), `${where}: a read at ${R - 1} is refused as compacted`).toThrow(CompactedError);
      const keptBelow = h.model[R]!.size + h.changes.filter((c) => c.rev === R && c.tombstone).length;
      const after = h.changes.filter((c) => c.rev > R).length;
      expect(
        h.store.kv.backend.all().length,
        `${where}: the backend must hold the ${after} changes after ${R} plus, per key, the one change <= ${R} that holds its state at ${R} (${keptBelow}): the other old revisions are deleted`,
      ).toBe(after + keptBelow);
      const remembered = new Set([...h.model[R]!.keys(), ...h.changes.filter((c) => c.rev >= R).map((c) => c.key)]);
      expect(
        h.store.kv.index.size,
        `${where}: the index forgets keys deleted before ${R} and never written again; it remembers ${[...remembered].sort().join(", ")}`,
      ).toBe(remembered.size);
    }
  });

  it("a watch from the compaction revision itself still replays every change from it on", { meta: { weight: 0.75 } }, () => {
    const s = new MvccStore();
    s.put("/registry/a", "1"); // 2
    s.put("/registry/b", "1"); // 3
    s.put("/registry/a", "2"); // 4
    s.deleteRange({ key: "/registry/b" }); // 5
    s.put("/registry/a", "3"); // 6
    s.compact(4);
    const w = s.watch({ key: "/registry/", rangeEnd: "/registry0", startRevision: 4 });
    const replayed = w.take().flatMap((resp) => resp.events.map((e) => `${e.type} ${e.kv.key}@${e.kv.modRevision}`));
    expect(
      replayed,
      `etcd: a watch may start AT the compaction revision; the change at 4 is the one compaction kept for /registry/a, so the replay starts with it (got ${replayed.join(", ") || "nothing"})`,
    ).toEqual(["PUT /registry/a@4", "DELETE /registry/b@5", "PUT /registry/a@6"]);
    const old = s.watch({ key: "/registry/", rangeEnd: "/registry0", startRevision: 3 });
    expect(old.take()[0]?.compactRevision, "etcd: a watch from before the compaction revision is cancelled with the compaction revision").toBe(4);
  });

  it("writes after a compaction carry each key's create revision and version on, and the space in use drops", { meta: { weight: 0.75 } }, () => {
    const s = new MvccStore();
    for (let i = 0; i < 20; i++) s.put("/registry/leases/kube-node-lease/node-1", `renew-${i}`); // 2..21
    const inUse = s.status().dbSizeInUse;
    s.compact(21);
    expect(s.status().dbSizeInUse, "etcd Maintenance: compaction deletes the 19 revisions nobody can read any more, so the space in use drops").toBeLessThan(inUse);
    s.put("/registry/leases/kube-node-lease/node-1", "renew-20");
    const [kv] = s.range({ key: "/registry/leases/kube-node-lease/node-1" }).kvs;
    const got = kv ? brief(kv) : "nothing";
    expect(
      got,
      `etcd data model: compaction drops old revisions but not the key's life: its create revision stays 2 and its version goes on to 21 (keep \`ver\` and \`created\`); got ${got}`,
    ).toBe("/registry/leases/kube-node-lease/node-1=renew-20 (create 2, mod 22, version 21)");
  });
});
