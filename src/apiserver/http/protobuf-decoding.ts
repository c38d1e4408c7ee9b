// Decoding the protobuf bodies kubectl sends, for the few kinds it sends them for.
//
// client-go's generated clientsets (kubernetes.NewForConfig) send built-in objects as
// `application/vnd.kubernetes.protobuf`, and kubectl's typed commands use them: `create
// namespace`, `create role`, `create rolebinding`, `create configmap`, `auth can-i` (a
// SelfSubjectAccessReview)... A server that answers 415 breaks those commands: client-go does not
// fall back to JSON. Everything that goes through the dynamic client (`create -f`, `apply`,
// `get`, patches) sends JSON.
//
// The wire format (k8s.io/apimachinery/pkg/runtime/serializer/protobuf/protobuf.go):
//
//   "k8s\x00"  then a runtime.Unknown message:
//     1: typeMeta { 1: apiVersion, 2: kind }    2: raw (the object's own message)
//     3: contentEncoding                       4: contentType
//
// and the object is the message generated from the Go type (each package's generated.proto):
// field numbers below are copied from those files.
//
// SIMPLIFICATION: only the kinds in MESSAGES decode (anything else gets a 415 naming them), and
// fields a client would not send on create (status, managedFields) are skipped. Go's zero values
// (empty strings, 0, false) are dropped, as JSON's omitempty drops them, except for fields marked
// `ptr` (Go pointers, where zero is a value).

import { bytesToBase64, utf8Decode } from "../bytes";

type Scalar = "string" | "bytes" | "int" | "bool" | "time";
interface Field {
  name: string;
  type: Scalar | Message | { map: "string" | "bytes" };
  repeated?: boolean;
  /** A Go pointer: the zero value is kept. */
  ptr?: boolean;
}
type Message = { readonly [fieldNumber: number]: Field };

const s = (name: string, extra: Partial<Field> = {}): Field => ({ name, type: "string", ...extra });
const strings = (name: string): Field => ({ name, type: "string", repeated: true });
const msg = (name: string, type: Message, repeated = false): Field => ({ name, type, repeated });

// k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto
const ownerReference: Message = { 1: s("kind"), 3: s("name"), 4: s("uid"), 5: s("apiVersion"), 6: { name: "controller", type: "bool", ptr: true }, 7: { name: "blockOwnerDeletion", type: "bool", ptr: true } };
const objectMeta: Message = {
  1: s("name"), 2: s("generateName"), 3: s("namespace"), 5: s("uid"), 6: s("resourceVersion"),
  8: { name: "creationTimestamp", type: "time" }, 11: { name: "labels", type: { map: "string" } },
  12: { name: "annotations", type: { map: "string" } }, 13: msg("ownerReferences", ownerReference, true), 14: strings("finalizers"),
};
const labelSelector: Message = {
  1: { name: "matchLabels", type: { map: "string" } },
  2: msg("matchExpressions", { 1: s("key"), 2: s("operator"), 3: strings("values") }, true),
};
// k8s.io/api/rbac/v1/generated.proto
const policyRule: Message = { 1: strings("verbs"), 2: strings("apiGroups"), 3: strings("resources"), 4: strings("resourceNames"), 5: strings("nonResourceURLs") };
const subject: Message = { 1: s("kind"), 2: s("apiGroup"), 3: s("name"), 4: s("namespace") };
const roleRef: Message = { 1: s("apiGroup"), 2: s("kind"), 3: s("name") };
const role: Message = { 1: msg("metadata", objectMeta), 2: msg("rules", policyRule, true) };
const binding: Message = { 1: msg("metadata", objectMeta), 2: msg("subjects", subject, true), 3: msg("roleRef", roleRef) };
const clusterRole: Message = { ...role, 3: msg("aggregationRule", { 1: msg("clusterRoleSelectors", labelSelector, true) }) };
// k8s.io/api/authorization/v1/generated.proto
const resourceAttributes: Message = { 1: s("namespace"), 2: s("verb"), 3: s("group"), 4: s("version"), 5: s("resource"), 6: s("subresource"), 7: s("name") };
const selfSubjectAccessReview: Message = {
  1: msg("metadata", objectMeta),
  2: msg("spec", { 1: msg("resourceAttributes", resourceAttributes), 2: msg("nonResourceAttributes", { 1: s("path"), 2: s("verb") }) }),
};
const selfSubjectRulesReview: Message = { 1: msg("metadata", objectMeta), 2: msg("spec", { 1: s("namespace") }) };
// k8s.io/api/core/v1/generated.proto
const namespace: Message = { 1: msg("metadata", objectMeta), 2: msg("spec", { 1: strings("finalizers") }) };
const configMap: Message = {
  1: msg("metadata", objectMeta), 2: { name: "data", type: { map: "string" } }, 3: { name: "binaryData", type: { map: "bytes" } },
  4: { name: "immutable", type: "bool", ptr: true },
};
const secret: Message = {
  1: msg("metadata", objectMeta), 2: { name: "data", type: { map: "bytes" } }, 3: s("type"), 4: { name: "stringData", type: { map: "string" } },
  5: { name: "immutable", type: "bool", ptr: true },
};
const serviceAccount: Message = {
  1: msg("metadata", objectMeta), 3: msg("imagePullSecrets", { 1: s("name") }, true), 4: { name: "automountServiceAccountToken", type: "bool", ptr: true },
};

/** The kinds decoded, by "apiVersion/Kind". */
export const MESSAGES: Readonly<Record<string, Message>> = {
  "v1/Namespace": namespace, "v1/ConfigMap": configMap, "v1/Secret": secret, "v1/ServiceAccount": serviceAccount,
  "rbac.authorization.k8s.io/v1/Role": role, "rbac.authorization.k8s.io/v1/ClusterRole": clusterRole,
  "rbac.authorization.k8s.io/v1/RoleBinding": binding, "rbac.authorization.k8s.io/v1/ClusterRoleBinding": binding,
  "authorization.k8s.io/v1/SelfSubjectAccessReview": selfSubjectAccessReview,
  "authorization.k8s.io/v1/SelfSubjectRulesReview": selfSubjectRulesReview,
};

const MAGIC = [0x6b, 0x38, 0x73, 0x00]; // "k8s\0"

/** Thrown for bytes that are not a Kubernetes protobuf envelope, or a kind not in MESSAGES. */
export class ProtobufDecodeError extends Error {
  override readonly name = "ProtobufDecodeError";
  constructor(message: string, readonly unsupportedKind = false) {
    super(message);
  }
}

/** The object in a protobuf body, as the JSON the client would have sent. */
export function decodeKubernetesProtobuf(bytes: Uint8Array): Record<string, unknown> {
  if (bytes.length < 4 || MAGIC.some((b, i) => bytes[i] !== b)) throw new ProtobufDecodeError("provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]");
  const unknown = decodeMessage(bytes.subarray(4), { 1: msg("typeMeta", { 1: s("apiVersion"), 2: s("kind") }), 2: { name: "raw", type: "bytes" } }, true);
  const typeMeta = (unknown["typeMeta"] ?? {}) as { apiVersion?: string; kind?: string };
  const key = `${typeMeta.apiVersion ?? ""}/${typeMeta.kind ?? ""}`;
  const message = MESSAGES[key];
  if (message === undefined) throw new ProtobufDecodeError(`${key} in protobuf`, true);
  const raw = unknown["raw"] instanceof Uint8Array ? unknown["raw"] : new Uint8Array();
  return { apiVersion: typeMeta.apiVersion, kind: typeMeta.kind, ...decodeMessage(raw, message) };
}

//> protobuf-wire
/** One message: fields by number; wire types 0 (varint), 1 (64-bit), 2 (bytes), 5 (32-bit). */
function decodeMessage(buf: Uint8Array, schema: Message, rawBytes = false): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    for (let shift = 0; ; shift += 7) {
      if (pos >= buf.length) throw new ProtobufDecodeError("unexpected end of protobuf data");
      const b = buf[pos++]!;
      result += (b & 0x7f) * 2 ** shift; // arithmetic, not <<: fields above 2^31 stay exact enough
      if ((b & 0x80) === 0) return result;
    }
  };
  while (pos < buf.length) {
    const tag = varint();
    const [number, wireType] = [Math.floor(tag / 8), tag % 8];
    let value: number | Uint8Array;
    if (wireType === 0) value = varint();
    else if (wireType === 2) {
      const length = varint();
      value = buf.subarray(pos, pos + length);
      pos += length;
    } else if (wireType === 1 || wireType === 5) {
      pos += wireType === 1 ? 8 : 4;
      continue; // no fixed-width fields in the kinds decoded
    } else throw new ProtobufDecodeError(`unsupported protobuf wire type ${wireType}`);
    const field = schema[number];
    if (field === undefined) continue; // status, managedFields...: not sent on create
    const decoded = decodeField(field, value, rawBytes);
    if (decoded === undefined) continue;
    if (typeof field.type === "object" && "map" in field.type) {
      const [k, v] = decoded as [string, unknown];
      out[field.name] = { ...(out[field.name] as object | undefined), [k]: v };
    } else if (field.repeated) {
      out[field.name] = [...((out[field.name] as unknown[] | undefined) ?? []), decoded];
    } else {
      out[field.name] = decoded;
    }
  }
  return out;
}
//< protobuf-wire

function decodeField(field: Field, value: number | Uint8Array, rawBytes: boolean): unknown {
  const t = field.type;
  const keepZero = field.ptr === true || field.repeated === true;
  if (t === "int") return value === 0 && !keepZero ? undefined : value;
  if (t === "bool") return value === 0 && !keepZero ? undefined : value !== 0;
  if (typeof value === "number") throw new ProtobufDecodeError(`field ${field.name}: expected length-delimited data`);
  if (t === "string") return value.length === 0 && !keepZero ? undefined : utf8Decode(value);
  if (t === "bytes") return rawBytes ? value : bytesToBase64(value);
  if (t === "time") {
    const { seconds } = decodeMessage(value, { 1: { name: "seconds", type: "int" } }) as { seconds?: number };
    return seconds === undefined ? undefined : new Date(seconds * 1000).toISOString().replace(".000Z", "Z");
  }
  if ("map" in t) {
    const entry = decodeMessage(value, { 1: s("key", { ptr: true }), 2: { name: "value", type: t.map, ptr: true } });
    return [entry["key"] ?? "", entry["value"] ?? ""];
  }
  return decodeMessage(value, t);
}
