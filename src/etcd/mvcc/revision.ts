// A revision names one change in the store's history: (main, sub).
//
// `main` is the store-wide revision, bumped once per write transaction. `sub` numbers the
// changes inside that transaction, from 0: a txn that puts three keys writes (7,0), (7,1),
// (7,2). Clients only ever see `main` (as create_revision, mod_revision and the header
// revision); `sub` keeps the changes of one transaction in order inside the backend.
//
// Reference: server/storage/mvcc/revision.go. In etcd the backend's keys *are* revisions, 8
// bytes of main, '_', 8 bytes of sub, and a trailing 't' marks a tombstone (17 or 18 bytes).

export interface Revision {
  main: number;
  sub: number;
}

/** Negative when a < b, positive when a > b, 0 when equal: main first, then sub. */
export function compareRevisions(a: Revision, b: Revision): number {
  return a.main - b.main || a.sub - b.sub;
}

export function revisionGreaterThan(a: Revision, b: Revision): boolean {
  return compareRevisions(a, b) > 0;
}

/** A Map key for a revision: "7_2". */
export function revisionKey(rev: Revision): string {
  return `${rev.main}_${rev.sub}`;
}

/** Bytes of a revision key in etcd's "key" bucket: 8 + 1 + 8 (+1 for the tombstone mark). */
export const REVISION_BYTES = 17;
