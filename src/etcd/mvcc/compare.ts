// The guard of a transaction: `compare` conditions that decide between `success` and `failure`.
//
// This is how every optimistic-concurrency update in Kubernetes works. The API server's
// GuaranteedUpdate turns "update this pod, which I read at resourceVersion 42" into
//
//     txn( compare: mod_revision("/registry/pods/default/web") = 42,
//          success: put(...),
//          failure: get(...) )
//
// and a writer that lost the race gets the current object back and retries (the 409 Conflict).
// Creating uses `create_revision = 0`: the key must not exist.
//
// Rules, from server/etcdserver/txn/txn.go `applyCompare` and `compareKV`:
//   - a compare with a range_end must hold for every key in the range;
//   - when no key matches, the compare is made against a zero KeyValue: version, create
//     revision, mod revision and lease are 0, so `create_revision = 0` is "does not exist";
//   - except for VALUE: a compare on the value of a missing key always fails ("nil == empty
//     string in grpc; no way to represent missing value");
//   - values compare as bytes (here: strings, by code unit).
import { mkGteRange } from "./range-end";
import type { Compare, KeyValue } from "./types";

/** Reads the keys a compare names, at the state the txn started from. */
export type CompareReader = (key: string, end: ReturnType<typeof mkGteRange>) => KeyValue[];

//> mvcc-apply-compare
export function applyCompare(read: CompareReader, c: Compare): boolean {
  const kvs = read(c.key, mkGteRange(c.rangeEnd));
  if (kvs.length === 0) {
    if (c.target === "VALUE") return false;
    return compareKV(c, { key: "", createRevision: 0, modRevision: 0, version: 0, value: "", lease: 0 });
  }
  return kvs.every((kv) => compareKV(c, kv));
}

export function compareKV(c: Compare, kv: KeyValue): boolean {
  let result: number;
  switch (c.target) {
    case "VALUE":
      result = kv.value < c.value ? -1 : kv.value > c.value ? 1 : 0;
      break;
    case "VERSION":
      result = Math.sign(kv.version - c.version);
      break;
    case "CREATE":
      result = Math.sign(kv.createRevision - c.createRevision);
      break;
    case "MOD":
      result = Math.sign(kv.modRevision - c.modRevision);
      break;
    case "LEASE":
      result = Math.sign(kv.lease - c.lease);
      break;
  }
  switch (c.result) {
    case "EQUAL":
      return result === 0;
    case "NOT_EQUAL":
      return result !== 0;
    case "GREATER":
      return result > 0;
    case "LESS":
      return result < 0;
  }
}
//< mvcc-apply-compare
