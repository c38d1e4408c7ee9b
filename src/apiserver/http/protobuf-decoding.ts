// Decoding the protobuf bodies kubectl sends, for the kinds the course serves.
//
// client-go's generated clientsets (kubernetes.NewForConfig) send built-in objects as
// `application/vnd.kubernetes.protobuf`, and kubectl's typed commands use them: `create
// namespace`, `create deployment`, `create job`, `create service clusterip`, `create quota`,
// `auth can-i` (a SelfSubjectAccessReview)... A server that answers 415 breaks those commands:
// client-go does not fall back to JSON. Everything that goes through the dynamic client
// (`create -f`, `apply`, `get`, `expose`, `run`, patches) sends JSON.
//
// The wire format (k8s.io/apimachinery/pkg/runtime/serializer/protobuf/protobuf.go):
//
//   "k8s\x00"  then a runtime.Unknown message:
//     1: typeMeta { 1: apiVersion, 2: kind }    2: raw (the object's own message)
//     3: contentEncoding                       4: contentType
//
// and the object is the message generated from the Go type. The field tables are in
// protobuf-messages-*.ts, one file per API group, every number copied from that group's
// generated.proto; protobuf-schema.ts says how a Go type becomes a table.
//
// SIMPLIFICATION: only the kinds in MESSAGES decode (anything else gets a 415 naming them), and
// only the fields a client sets on create are in the tables. A field the table lacks is skipped,
// as protobuf skips fields it does not know, and listed in `skippedFields` so a caller can warn;
// status, which the server resets on create anyway, is dropped without a mention. Go's zero
// values (empty strings, 0, false) are dropped, as JSON's omitempty drops them, except for fields
// marked `ptr` (Go pointers, where zero is a value).

import { bytesToBase64, utf8Decode } from "../bytes";
import { APPS_MESSAGES } from "./protobuf-messages-apps";
import { BATCH_MESSAGES } from "./protobuf-messages-batch";
import { COORDINATION_MESSAGES } from "./protobuf-messages-coordination";
import { CORE_MESSAGES } from "./protobuf-messages-core";
import { RBAC_MESSAGES } from "./protobuf-messages-rbac";
import { SCHEDULING_MESSAGES } from "./protobuf-messages-scheduling";
import { int, msg, s, type Field, type Message } from "./protobuf-schema";

/** The kinds decoded, by "apiVersion/Kind". */
export const MESSAGES: Readonly<Record<string, Message>> = {
  ...CORE_MESSAGES, ...APPS_MESSAGES, ...BATCH_MESSAGES, ...SCHEDULING_MESSAGES, ...COORDINATION_MESSAGES, ...RBAC_MESSAGES,
};

const MAGIC = [0x6b, 0x38, 0x73, 0x00]; // "k8s\0"
const UNKNOWN: Message = { 1: msg("typeMeta", { 1: s("apiVersion"), 2: s("kind") }), 2: { name: "raw", type: "bytes" } };

/** Thrown for bytes that are not a Kubernetes protobuf envelope, or a kind not in MESSAGES. */
export class ProtobufDecodeError extends Error {
  override readonly name = "ProtobufDecodeError";
  constructor(message: string, readonly unsupportedKind = false) {
    super(message);
  }
}

export interface DecodedProtobuf {
  /** The object as the JSON the client would have sent. */
  object: Record<string, unknown>;
  /** Fields the tables do not know, as "field 23 of spec.template.spec.containers[0]". */
  skippedFields: string[];
}

/** The object in a protobuf body, as the JSON the client would have sent. */
export function decodeKubernetesProtobuf(bytes: Uint8Array): Record<string, unknown> {
  return decodeKubernetesProtobufReporting(bytes).object;
}

/** The object in a protobuf body, and the fields that were skipped to get it. */
export function decodeKubernetesProtobufReporting(bytes: Uint8Array): DecodedProtobuf {
  if (bytes.length < 4 || MAGIC.some((b, i) => bytes[i] !== b)) throw new ProtobufDecodeError("provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]");
  const unknown = decodeMessage(bytes.subarray(4), UNKNOWN, { path: "", skipped: [], rawBytes: true });
  const typeMeta = (unknown["typeMeta"] ?? {}) as { apiVersion?: string; kind?: string };
  const key = `${typeMeta.apiVersion ?? ""}/${typeMeta.kind ?? ""}`;
  const message = MESSAGES[key];
  if (message === undefined) throw new ProtobufDecodeError(`${key} in protobuf`, true);
  const raw = unknown["raw"] instanceof Uint8Array ? unknown["raw"] : new Uint8Array();
  const skipped: string[] = [];
  const object = { apiVersion: typeMeta.apiVersion, kind: typeMeta.kind, ...decodeMessage(raw, message, { path: "", skipped }) };
  return { object, skippedFields: skipped };
}

/** Where in the object a message sits, and where skipped fields are written down. */
interface Walk {
  path: string;
  skipped: string[];
  /** Leave `bytes` fields as bytes (the envelope's raw object) rather than base64. */
  rawBytes?: boolean;
}

//> protobuf-wire
/** One message: fields by number; wire types 0 (varint), 1 (64-bit), 2 (bytes), 5 (32-bit). */
function decodeMessage(buf: Uint8Array, schema: Message, walk: Walk): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let pos = 0;
  const varint = (): number => {
    const [v, next] = readVarint(buf, pos);
    pos = next;
    return v;
  };
  while (pos < buf.length) {
    const tag = varint();
    const [number, wireType] = [Math.floor(tag / 8), tag % 8];
    let value: number | Uint8Array;
    if (wireType === 0) value = varint();
    else if (wireType === 2) {
      const length = varint();
      if (pos + length > buf.length) throw new ProtobufDecodeError("unexpected end of protobuf data");
      value = buf.subarray(pos, pos + length);
      pos += length;
    } else if (wireType === 1 || wireType === 5) {
      pos += wireType === 1 ? 8 : 4; // no fixed-width fields in the kinds decoded
      walk.skipped.push(`field ${number} of ${walk.path || "the object"}`);
      continue;
    } else throw new ProtobufDecodeError(`unsupported protobuf wire type ${wireType}`);
    const field = schema[number];
    if (field === undefined) {
      walk.skipped.push(`field ${number} of ${walk.path || "the object"}`);
      continue;
    }
    if (field.type === "dropped") continue;
    const path = field.inline ? walk.path : walk.path === "" ? field.name : `${walk.path}.${field.name}`;
    if (field.repeated) {
      const list = (out[field.name] as unknown[] | undefined) ?? [];
      // A repeated number may come packed: one length-delimited run of varints.
      const packed = (field.type === "int" || field.type === "bool") && value instanceof Uint8Array;
      const values = packed ? decodePacked(value as Uint8Array) : [value];
      for (const v of values) list.push(decodeField(field, v, { ...walk, path: `${path}[${list.length}]` }));
      out[field.name] = list;
      continue;
    }
    const decoded = decodeField(field, value, { ...walk, path });
    if (decoded === undefined) continue;
    if (field.inline) Object.assign(out, decoded);
    else if (typeof field.type === "object" && "map" in field.type) {
      const [k, v] = decoded as [string, unknown];
      out[field.name] = { ...(out[field.name] as object | undefined), [k]: v };
    } else out[field.name] = decoded;
  }
  return out;
}
//< protobuf-wire

/** Reads the varint at `pos`: its value and the position after it. */
function readVarint(buf: Uint8Array, pos: number): [number, number] {
  let result = 0n;
  for (let shift = 0n; ; shift += 7n) {
    if (pos >= buf.length) throw new ProtobufDecodeError("unexpected end of protobuf data");
    const b = buf[pos++]!;
    result |= BigInt(b & 0x7f) << shift;
    // int32 and int64 are two's complement in ten bytes when negative (-1 is ff ff ... ff 01).
    if ((b & 0x80) === 0) return [Number(BigInt.asIntN(64, result)), pos];
  }
}

function decodePacked(buf: Uint8Array): number[] {
  const values: number[] = [];
  for (let pos = 0; pos < buf.length; ) {
    const [v, next] = readVarint(buf, pos);
    values.push(v);
    pos = next;
  }
  return values;
}

function decodeField(field: Field, value: number | Uint8Array, walk: Walk): unknown {
  const t = field.type;
  const keepZero = field.ptr === true || field.repeated === true;
  if (t === "int") return value === 0 && !keepZero ? undefined : value;
  if (t === "bool") return value === 0 && !keepZero ? undefined : value !== 0;
  if (typeof value === "number") throw new ProtobufDecodeError(`${walk.path}: expected length-delimited data, got a varint`);
  if (t === "string") return value.length === 0 && !keepZero ? undefined : utf8Decode(value);
  if (t === "bytes") return walk.rawBytes ? value : bytesToBase64(value);
  if (t === "time" || t === "microTime") {
    const { seconds, nanos = 0 } = decodeMessage(value, { 1: int("seconds"), 2: int("nanos") }, walk) as { seconds?: number; nanos?: number };
    if (seconds === undefined) return undefined; // Go's zero Time: null in JSON
    const iso = new Date(seconds * 1000).toISOString();
    // Time marshals to the second (RFC3339), MicroTime to the microsecond (RFC3339Micro).
    return t === "time" ? iso.replace(".000Z", "Z") : iso.replace(".000Z", `.${String(Math.floor(nanos / 1000)).padStart(6, "0")}Z`);
  }
  if (t === "quantity") {
    const { string } = decodeMessage(value, { 1: s("string") }, walk) as { string?: string };
    return string ?? "0";
  }
  if (t === "intOrString") {
    const { type, intVal = 0, strVal = "" } = decodeMessage(value, { 1: int("type"), 2: int("intVal"), 3: s("strVal") }, walk) as { type?: number; intVal?: number; strVal?: string };
    const result = type === 1 ? strVal : intVal;
    return (result === 0 || result === "") && !keepZero ? undefined : result;
  }
  if (t === "dropped") return undefined;
  if ("map" in t) {
    const entry = decodeMessage(value, { 1: s("key", { ptr: true }), 2: { name: "value", type: t.map, ptr: true } }, walk);
    return [entry["key"] ?? "", entry["value"] ?? ""];
  }
  return decodeMessage(value, t, walk);
}
