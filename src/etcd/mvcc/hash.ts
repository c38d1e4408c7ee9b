// A checksum of the store's contents up to a revision: etcd's HashKV.
//
// Members of a cluster apply the same entries in the same order, so at the same revision they
// must hold the same data. etcd checks this (its periodic corruption check, and
// `etcdctl endpoint hashkv`) by asking every member for a CRC-32C of its key bucket
// up to a revision and comparing (server/storage/mvcc/hash.go; kvstore.go `HashByRev`).
//
// What is hashed: every backend entry with revision <= the hash revision, in revision order;
// entries at or below the compaction revision only if compaction keeps them. In etcd the
// backend deletion of a compaction runs in the background; that last rule makes the hash the
// same before and after it has finished. (Here compaction finishes before `apply` returns.)
//
// SIMPLIFICATION: etcd hashes the bucket's raw bytes (revision keys and protobuf values); this
// hashes a canonical text encoding of the same entries, so hashes agree between stores of this
// course, not with a real etcd.
import type { StoredRecord } from "./backend";
import { utf8Length } from "./range-end";

//> mvcc-crc32c
/** CRC-32C (Castagnoli), the polynomial etcd uses: crc32.MakeTable(crc32.Castagnoli). */
const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** Continues a CRC-32C over the UTF-8 bytes of `text`. Start with crc = 0. */
export function crc32c(text: string, crc = 0): number {
  let c = ~crc >>> 0;
  const feed = (byte: number): void => {
    c = TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  };
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      cp = 0x10000 + ((cp - 0xd800) << 10) + (text.charCodeAt(++i) - 0xdc00);
    }
    if (cp < 0x80) feed(cp);
    else if (cp < 0x800) {
      feed(0xc0 | (cp >> 6));
      feed(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      feed(0xe0 | (cp >> 12));
      feed(0x80 | ((cp >> 6) & 0x3f));
      feed(0x80 | (cp & 0x3f));
    } else {
      feed(0xf0 | (cp >> 18));
      feed(0x80 | ((cp >> 12) & 0x3f));
      feed(0x80 | ((cp >> 6) & 0x3f));
      feed(0x80 | (cp & 0x3f));
    }
  }
  return ~c >>> 0;
}
//< mvcc-crc32c

/** One entry as hashed: revision key (with the tombstone mark), then the key-value fields. */
export function encodeRecord(r: StoredRecord): string {
  const kv = r.kv;
  const rev = `${r.rev.main}_${r.rev.sub}${r.tombstone ? "t" : ""}`;
  return `${rev}\u0000${utf8Length(kv.key)}:${kv.key}${utf8Length(kv.value)}:${kv.value}` +
    `${kv.createRevision},${kv.modRevision},${kv.version},${kv.lease};`;
}

//> mvcc-hash-by-rev
/**
 * kvstore.go `HashByRev`: CRC-32C over "key" (the bucket name) and every entry up to `rev`,
 * skipping entries at or below `compactRev` that compaction would not keep.
 */
export function hashRecords(records: StoredRecord[], rev: number, compactRev: number, keep: Set<string>): number {
  let h = crc32c("key");
  for (const r of records) {
    if (r.rev.main > rev) continue;
    if (r.rev.main <= compactRev && keep.size > 0 && !keep.has(`${r.rev.main}_${r.rev.sub}`)) continue;
    h = crc32c(encodeRecord(r), h);
  }
  return h;
}
//< mvcc-hash-by-rev
