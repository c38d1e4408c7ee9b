// Decoding: what happens to a request body before any validation rule runs.
//
// Upstream, the body is JSON-decoded into the kind's Go struct (sigs.k8s.io/json, a fork of
// encoding/json). Two kinds of problem come out of that step, both as 400 BadRequest:
//
// - A value of the wrong JSON type (`replicas: "3"`): Go's UnmarshalTypeError,
//   `json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`.
//   The decoder remembers the *first* such error and keeps going; a custom UnmarshalJSON
//   (Quantity, IntOrString, Time) that fails stops decoding at once and its error wins.
// - Fields the struct does not have (`spec.replica`): with server-side field validation
//   (KEP-2885), strict decoding collects *every* unknown field as `unknown field "spec.replica"`,
//   with list indexes in the path (`spec.containers[0].imagePullPolicyy`). A type error wins
//   over unknown fields.
//
// We have no Go structs, so we walk the decoded JSON against the OpenAPI schemas instead, and
// print Go's type names from the definition names (`io.k8s.api.core.v1.Container` → `v1.Container`).
//
// SIMPLIFICATION: a JSON body with the same key twice (`duplicate field "replicas"` upstream)
// cannot be detected here: the body was already parsed into a JavaScript object, which kept
// the last value. Named Go string types (`v1.RestartPolicy`) print as `string`, and
// `v1.ResourceList` as `map[string]resource.Quantity`. A number written `3.0` is accepted as an
// integer (JavaScript cannot tell it from `3`); Go rejects it.
//
// Reference: Go's encoding/json decode.go (UnmarshalTypeError, addErrorContext),
// sigs.k8s.io/json (strict unknown-field errors), k8s.io/apimachinery resource.Quantity,
// intstr.IntOrString and metav1.Time UnmarshalJSON.

import { goQuote } from "../../api/go-quote";
import { tryParseQuantity } from "../../api/quantity";
import { refName, resolve, type Schema } from "./schema";
import { timeParseError } from "./go-time";

export interface DecodeResult {
  /** The first decode error, as the Go decoder's `err.Error()`; undefined when none. */
  error?: string;
  /** Every unknown field's path, in document order: `spec.containers[0].foo`. */
  unknownFields: string[];
}

/** Go's name for a JSON value's type in UnmarshalTypeError.Value. */
function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (typeof value === "object") return "object";
  if (typeof value === "boolean") return "bool";
  return typeof value === "number" ? "number" : "string";
}

/** The Go type a schema decodes into, as reflect.Type.String() prints it. */
export function goTypeName(schema: Schema): string {
  if (schema.$ref !== undefined) {
    const parts = refName(schema.$ref).split(".");
    return parts.slice(-2).join(".");
  }
  switch (schema.type) {
    case "array": return `[]${goTypeName(schema.items ?? {})}`;
    case "object": return schema.additionalProperties ? `map[string]${goTypeName(schema.additionalProperties)}` : "map[string]interface {}";
    case "integer": return schema.format === "int64" ? "int64" : "int32";
    case "number": return "float64";
    case "boolean": return "bool";
    default: return schema.format === "byte" ? "[]uint8" : "string";
  }
}

class Abort extends Error {}

/** Walks one decoded body; see decodeAgainst. */
class Walker {
  error: string | undefined;
  readonly unknownFields: string[] = [];
  /** Go's errorContext: the struct being filled and the JSON field names from the root. */
  private struct = "";
  private fieldStack: string[] = [];

  /** A saved UnmarshalTypeError (the first one wins; decoding continues). */
  private typeError(value: string, type: string): void {
    this.error ??= this.describe(value, type);
  }

  private describe(value: string, type: string): string {
    if (this.struct === "" && this.fieldStack.length === 0) return `json: cannot unmarshal ${value} into Go value of type ${type}`;
    return `json: cannot unmarshal ${value} into Go struct field ${this.struct}.${this.fieldStack.join(".")} of type ${type}`;
  }

  /** A custom UnmarshalJSON failed: Go stops decoding and returns this error. */
  private abort(message: string): never {
    this.error = message;
    throw new Abort();
  }

  walk(value: unknown, schema: Schema, path: string): void {
    if (value === null || value === undefined) return; // null leaves Go's zero value: never an error
    const { name, schema: s } = resolve(schema);
    switch (name) {
      case "io.k8s.apimachinery.pkg.api.resource.Quantity": return this.quantity(value);
      case "io.k8s.apimachinery.pkg.util.intstr.IntOrString": return this.intOrString(value);
      case "io.k8s.apimachinery.pkg.apis.meta.v1.Time":
      case "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime": return this.time(value, name.endsWith("MicroTime"));
      case "io.k8s.apimachinery.pkg.runtime.RawExtension":
      case "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1": return; // raw JSON, kept as is
    }
    const type = goTypeName(schema);
    if (s.type === "object" && s.additionalProperties === undefined) {
      if (typeof value !== "object" || Array.isArray(value)) return this.typeError(jsonKind(value), type);
      return this.struct_(value as Record<string, unknown>, s, name ?? "", path);
    }
    if (s.type === "object") {
      if (typeof value !== "object" || Array.isArray(value)) return this.typeError(jsonKind(value), type);
      // Map keys are not part of Go's error context, but sigs.k8s.io/json's strict paths show them.
      for (const [k, v] of Object.entries(value)) this.walk(v, s.additionalProperties ?? {}, `${path}[${k}]`);
      return;
    }
    if (s.type === "array") {
      if (!Array.isArray(value)) return this.typeError(jsonKind(value), type);
      value.forEach((v, i) => this.walk(v, s.items ?? {}, `${path}[${i}]`));
      return;
    }
    this.scalar(value, s, type);
  }

  private struct_(value: Record<string, unknown>, s: Schema, defName: string, path: string): void {
    const saved = { struct: this.struct, depth: this.fieldStack.length };
    for (const [key, v] of Object.entries(value)) {
      const fieldPath = path === "" ? key : `${path}.${key}`;
      const prop = s.properties?.[key];
      if (prop === undefined) {
        this.unknownFields.push(fieldPath);
        continue;
      }
      this.struct = defName.split(".").pop() ?? "";
      this.fieldStack.push(key);
      this.walk(v, prop, fieldPath);
      this.fieldStack.length = saved.depth;
      this.struct = saved.struct;
    }
  }

  private scalar(value: unknown, s: Schema, type: string): void {
    switch (s.type) {
      case "string":
        if (typeof value !== "string") return this.typeError(jsonKind(value), type);
        if (s.format === "byte") {
          const bad = base64ErrorIndex(value);
          // A saved error without field context, as Go's decoder stores base64.CorruptInputError.
          if (bad !== undefined) this.error ??= `illegal base64 data at input byte ${bad}`;
        }
        return;
      case "boolean":
        if (typeof value !== "boolean") this.typeError(jsonKind(value), type);
        return;
      case "integer": {
        if (typeof value !== "number") return this.typeError(jsonKind(value), type);
        const limit = type === "int64" ? 2 ** 63 : 2 ** 31;
        if (!Number.isInteger(value) || value >= limit || value < -limit) this.typeError(`number ${value}`, type);
        return;
      }
      case "number":
        if (typeof value !== "number") this.typeError(jsonKind(value), type);
        return;
    }
  }

  /** Quantity.UnmarshalJSON: a string or a bare number, parsed by ParseQuantity. */
  private quantity(value: unknown): void {
    const text = typeof value === "string" ? value.trim() : typeof value === "number" ? String(value) : JSON.stringify(value);
    const parsed = tryParseQuantity(text);
    if (!parsed.ok) this.abort(parsed.error.message);
  }

  /** IntOrString.UnmarshalJSON: a string, or else json.Unmarshal into an int32. */
  private intOrString(value: unknown): void {
    if (typeof value === "string") return;
    if (typeof value !== "number") this.abort(this.describe(jsonKind(value), "int32"));
    if (!Number.isInteger(value) || value >= 2 ** 31 || value < -(2 ** 31)) this.abort(this.describe(`number ${value}`, "int32"));
  }

  /** metav1.Time / MicroTime UnmarshalJSON: json.Unmarshal into a string, then time.Parse. */
  private time(value: unknown, micro: boolean): void {
    if (typeof value !== "string") this.abort(this.describe(jsonKind(value), "string"));
    const err = timeParseError(value, micro);
    if (err !== undefined) this.abort(err);
  }
}

/** Where Go's base64.StdEncoding.Decode would fail, or undefined for valid base64. */
function base64ErrorIndex(s: string): number | undefined {
  const clean = s.replace(/[\r\n]/g, ""); // Go skips newlines
  const bad = /[^A-Za-z0-9+/=]/.exec(clean);
  if (bad !== null) return bad.index;
  const pad = clean.indexOf("=");
  if (pad >= 0 && (!/^={1,2}$/.test(clean.slice(pad)) || clean.length % 4 !== 0)) return pad;
  if (clean.length % 4 !== 0) return clean.length - (clean.length % 4);
  return undefined;
}

/** Decode `object` against the definition `definitionName`: the first type error and all unknown fields. */
export function decodeAgainst(object: unknown, definitionName: string): DecodeResult {
  const walker = new Walker();
  try {
    walker.walk(object, { $ref: `#/definitions/${definitionName}` }, "");
  } catch (e: unknown) {
    if (!(e instanceof Abort)) throw e;
  }
  return walker.error === undefined
    ? { unknownFields: walker.unknownFields }
    : { error: walker.error, unknownFields: walker.unknownFields };
}

/** sigs.k8s.io/json's strict error for one field: `unknown field "spec.foo"`. */
export function unknownFieldMessage(path: string): string {
  return `unknown field ${goQuote(path)}`;
}
