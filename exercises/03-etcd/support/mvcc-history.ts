// Random write histories on an MvccStore for chapter 3's graded MVCC exercises, together with what
// the store must answer: for every revision, every live key with its value, create revision, mod
// revision and version (a model computed here from the rules of etcd's data model, not by the
// store), and every change (put or tombstone) with its revision.
//
// This file is not an exercise; you do not need to change it.
import { MvccStore } from "../../../src/etcd/mvcc/mvcc-store";
import { getPrefix } from "../../../src/etcd/mvcc/range-end";
import type { KeyValue } from "../../../src/etcd/mvcc/types";
import { Rng } from "../../../src/sim/rng";

export interface Change {
  key: string;
  rev: number;
  tombstone: boolean;
}

export interface History {
  store: MvccStore;
  /** model[rev]: the live keys at revision rev (model[0] and model[1] are empty). */
  model: Map<string, KeyValue>[];
  changes: Change[];
}

/** 60 random puts, deletes, prefix deletes and two-key transactions over six keys. */
export function randomHistory(seed: string, writes = 60): History {
  const rng = new Rng(seed);
  const store = new MvccStore();
  const keys = ["/a", "/a/1", "/a/2", "/b", "/b/1", "/c"];
  const model: Map<string, KeyValue>[] = [new Map(), new Map()];
  const changes: Change[] = [];
  let live = new Map<string, KeyValue>();
  const commit = (next: Map<string, KeyValue>) => {
    model.push(next);
    live = next;
  };
  const put = (next: Map<string, KeyValue>, key: string, value: string, rev: number) => {
    const prev = next.get(key);
    next.set(key, { key, value, createRevision: prev ? prev.createRevision : rev, modRevision: rev, version: (prev?.version ?? 0) + 1, lease: 0 });
    changes.push({ key, rev, tombstone: false });
  };
  const del = (next: Map<string, KeyValue>, key: string, rev: number) => {
    next.delete(key);
    changes.push({ key, rev, tombstone: true });
  };
  for (let i = 0; i < writes; i++) {
    const rev = model.length;
    const roll = rng.next();
    const key = rng.pick(keys);
    if (roll < 0.55) {
      store.put(key, `v${i}`);
      const next = new Map(live);
      put(next, key, `v${i}`, rev);
      commit(next);
    } else if (roll < 0.7) {
      store.deleteRange({ key });
      if (live.has(key)) {
        const next = new Map(live);
        del(next, key, rev);
        commit(next);
      }
    } else if (roll < 0.8) {
      const prefix = rng.pick(["/a", "/b"]);
      store.deleteRange({ key: prefix, rangeEnd: getPrefix(prefix) });
      const doomed = [...live.keys()].filter((k) => k.startsWith(prefix)).sort();
      if (doomed.length > 0) {
        const next = new Map(live);
        for (const k of doomed) del(next, k, rev);
        commit(next);
      }
    } else {
      const other = rng.pick(keys.filter((k) => k !== key));
      store.txn({ success: [{ requestPut: { key, value: `t${i}` } }, { requestPut: { key: other, value: `u${i}` } }] });
      const next = new Map(live);
      put(next, key, `t${i}`, rev);
      put(next, other, `u${i}`, rev);
      commit(next);
    }
  }
  return { store, model, changes };
}

/** A key-value as the tests print it. */
export function brief(kv: KeyValue): string {
  return `${kv.key}=${kv.value} (create ${kv.createRevision}, mod ${kv.modRevision}, version ${kv.version})`;
}

/** The model's live keys at `rev`, sorted by key, as the tests print them. */
export function expectedAt(h: History, rev: number): string[] {
  return [...h.model[rev]!.values()].sort((a, b) => (a.key < b.key ? -1 : 1)).map(brief);
}

/** What differs between two listings, for failure messages: "missing: ...; unexpected: ...". */
export function difference(got: readonly string[], want: readonly string[]): string {
  const missing = want.filter((x) => !got.includes(x));
  const extra = got.filter((x) => !want.includes(x));
  const parts = [];
  if (missing.length > 0) parts.push(`missing ${missing.join(", ")}`);
  if (extra.length > 0) parts.push(`unexpected ${extra.join(", ")}`);
  return parts.length > 0 ? parts.join("; ") : "same entries, different order";
}

/**
 * Runs a step against the store; an exception from inside the store (for example a delete of a
 * key the index believes is already gone) is reported with what was going on.
 */
export function storeStep<T>(what: string, explain: string, f: () => T): T {
  try {
    return f();
  } catch (e: unknown) {
    const message = e instanceof Error ? `${e.name === "Error" ? "" : e.name + ": "}${e.message}` : String(e);
    throw new Error(`the store failed while ${what}: "${message}". ${explain}`);
  }
}
