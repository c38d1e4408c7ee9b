// A minimal protobuf writer for tests, enough to build what client-go sends: varints, strings,
// nested messages, map entries, and the "k8s\0" envelope around an object.
import { utf8Encode } from "../bytes";

export type Bytes = number[];

/** A varint; negative numbers as Go writes int32 and int64, ten bytes of two's complement. */
export const varint = (n: number): Bytes => {
  const out: Bytes = [];
  let v = BigInt.asUintN(64, BigInt(n));
  do {
    out.push(Number(v & 0x7fn) | (v >= 0x80n ? 0x80 : 0));
    v >>= 7n;
  } while (v > 0n);
  return out;
};
/** Field `num` holding a number or a bool (wire type 0). */
export const num = (field: number, n: number | boolean): Bytes => [...varint(field * 8), ...varint(typeof n === "boolean" ? Number(n) : n)];
/** Field `num` holding bytes or a nested message (wire type 2). */
export const bytesField = (field: number, data: Bytes | Uint8Array): Bytes => [...varint(field * 8 + 2), ...varint(data.length), ...data];
export const str = (field: number, text: string): Bytes => bytesField(field, [...utf8Encode(text)]);
/** A nested message built from its fields. */
export const message = (field: number, ...fields: Bytes[]): Bytes => bytesField(field, fields.flat());
/** One map<string, string> entry. */
export const mapEntry = (field: number, k: string, v: string): Bytes => message(field, str(1, k), str(2, v));
/** One map<string, Quantity> entry: the value is a Quantity message { 1: string }. */
export const quantityEntry = (field: number, k: string, v: string): Bytes => message(field, str(1, k), message(2, str(1, v)));

/** The body client-go sends: "k8s\0" and a runtime.Unknown around the object's bytes. */
export const envelope = (apiVersion: string, kind: string, raw: Bytes): Uint8Array =>
  new Uint8Array([0x6b, 0x38, 0x73, 0x00, ...message(1, str(1, apiVersion), str(2, kind)), ...bytesField(2, raw), ...str(3, ""), ...str(4, "")]);
