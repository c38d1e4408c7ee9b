// The tables protobuf-decoding.ts reads: a message is its fields by number, each with the JSON
// name and the type it decodes to. Every number in the protobuf-messages-*.ts files is copied
// from the generated.proto of the Go type's package (go-to-protobuf writes one per package);
// this file holds the shapes and the apimachinery messages every group embeds.
//
// How a Go type becomes a Field:
//   a scalar or a nested struct        one Field; `repeated` for a slice
//   a Go pointer (*int32, *bool, ...)  `ptr`: gogo-protobuf writes it only when set, so a zero
//                                      that arrives was meant (replicas: 0) and is kept
//   an embedded struct (json:",inline")  `inline`: its own message on the wire, its fields
//                                      merged into the parent in JSON (Probe's ProbeHandler,
//                                      Volume's VolumeSource, the selectors' LocalObjectReference)
//   map<string, V>                     a repeated entry message { 1: key, 2: value }
//   status on create                   `dropped`: read and thrown away, not reported as unknown

/** What a field's bytes decode to in JSON. */
export type Scalar =
  | "string" | "bytes" | "int" | "bool"
  /** meta/v1 Time { 1: seconds, 2: nanos }: RFC 3339 to the second, as Time marshals. */
  | "time"
  /** meta/v1 MicroTime, the same message: RFC 3339 with six fractional digits. */
  | "microTime"
  /** resource.Quantity { 1: string }: JSON carries the string ("500m", "1Gi"). */
  | "quantity"
  /** intstr.IntOrString { 1: type, 2: intVal, 3: strVal }: a number or a string in JSON. */
  | "intOrString";

export interface Field {
  name: string;
  type: Scalar | Message | { map: "string" | "bytes" | "quantity" } | "dropped";
  repeated?: boolean;
  /** A Go pointer, or a field whose JSON tag has no omitempty: the zero value is kept. */
  ptr?: boolean;
  /** An embedded Go struct: its fields land in the parent object. */
  inline?: boolean;
}
export type Message = { readonly [fieldNumber: number]: Field };

export const s = (name: string, extra: Partial<Field> = {}): Field => ({ name, type: "string", ...extra });
export const strings = (name: string): Field => ({ name, type: "string", repeated: true });
export const int = (name: string, extra: Partial<Field> = {}): Field => ({ name, type: "int", ...extra });
export const bool = (name: string, extra: Partial<Field> = {}): Field => ({ name, type: "bool", ...extra });
export const quantity = (name: string, extra: Partial<Field> = {}): Field => ({ name, type: "quantity", ...extra });
export const intOrString = (name: string, extra: Partial<Field> = {}): Field => ({ name, type: "intOrString", ...extra });
export const time = (name: string): Field => ({ name, type: "time" });
export const msg = (name: string, type: Message, repeated = false): Field => ({ name, type, repeated });
export const map = (name: string, value: "string" | "bytes" | "quantity" = "string"): Field => ({ name, type: { map: value } });
export const inline = (name: string, type: Message): Field => ({ name, type, inline: true });
export const dropped = (name: string): Field => ({ name, type: "dropped" });
/** For `int("replicas", ptr)`: a Go pointer. */
export const ptr = { ptr: true } as const;

// k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto
const ownerReference: Message = { 1: s("kind"), 3: s("name"), 4: s("uid"), 5: s("apiVersion"), 6: bool("controller", { ptr: true }), 7: bool("blockOwnerDeletion", { ptr: true }) };
export const objectMeta: Message = {
  1: s("name"), 2: s("generateName"), 3: s("namespace"), 4: s("selfLink"), 5: s("uid"), 6: s("resourceVersion"), 7: int("generation"),
  8: time("creationTimestamp"), 9: time("deletionTimestamp"), 10: int("deletionGracePeriodSeconds", { ptr: true }),
  11: map("labels"), 12: map("annotations"), 13: msg("ownerReferences", ownerReference, true), 14: strings("finalizers"),
};
export const labelSelector: Message = {
  1: map("matchLabels"),
  2: msg("matchExpressions", { 1: s("key"), 2: s("operator"), 3: strings("values") }, true),
};
