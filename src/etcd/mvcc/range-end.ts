// How etcd turns (key, range_end) into a set of keys.
//
// The v3 API has no "prefix" or "all" flag. A request names a half-open interval
// [key, range_end), with two conventions (api/etcdserverpb/rpc.proto, RangeRequest):
//   - range_end empty: just the one key `key`;
//   - range_end "\0": every key >= key (so key "\0", range_end "\0" is the whole keyspace);
//   - a prefix p is the interval [p, p with its last byte incremented), which
//     clientv3.GetPrefixRangeEnd computes (client/v3/op.go, `getPrefix`).
// The server decodes the "\0" marker with `mkGteRange` (server/etcdserver/txn/txn.go): it
// becomes an empty, non-nil end, which the index reads as "no upper bound".

/** The decoded form: `undefined` = single key, "" = no upper bound, otherwise exclusive end. */
export type RangeEnd = string | undefined;

/** txn.go `mkGteRange`: "\0" means >= key; "" or omitted means the single key. */
export function mkGteRange(rangeEnd: string | undefined): RangeEnd {
  if (rangeEnd === undefined || rangeEnd === "") return undefined;
  if (rangeEnd === "\0") return "";
  return rangeEnd;
}

//> mvcc-get-prefix
/**
 * The range_end that selects every key starting with `prefix`: increment the last character
 * that can be incremented and drop what follows. "/registry/pods/" -> "/registry/pods0".
 * A prefix of only maximal characters (or "") has no end: "\0", all keys >= prefix.
 *
 * SIMPLIFICATION: etcd increments the last *byte* below 0xff; keys here are strings, so this
 * increments the last UTF-16 code unit below 0xffff, consistent with how keys are ordered here.
 */
export function getPrefix(prefix: string): string {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const code = prefix.charCodeAt(i);
    if (code < 0xffff) return prefix.slice(0, i) + String.fromCharCode(code + 1);
  }
  return "\0";
}
//< mvcc-get-prefix

/** Whether `key` falls in the decoded range starting at `start`. */
export function inRange(key: string, start: string, end: RangeEnd): boolean {
  if (end === undefined) return key === start;
  if (key < start) return false;
  return end === "" || key < end;
}

/** UTF-8 length of a string: what etcd's len([]byte) would say. */
export function utf8Length(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      bytes += 4; // a surrogate pair is one 4-byte code point
      i++;
    } else bytes += 3;
  }
  return bytes;
}
