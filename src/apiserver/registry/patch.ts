// PATCH: the three patch formats `kubectl patch --type json|merge|strategic` sends, applied to the
// stored object (k8s.io/apiserver/pkg/endpoints/handlers/patch.go, applyPatcher).
//
//   application/json-patch+json            RFC 6902: a list of operations (admission/json-patch.ts)
//   application/merge-patch+json           RFC 7386: a partial object; null deletes; lists replace
//   application/strategic-merge-patch+json a partial object whose lists of known kinds *merge* by a
//                                          key (containers by name, ports by containerPort...)
//
// Why strategic merge exists: with a merge patch, `{"spec":{"containers":[{"name":"app","image":
// "v2"}]}}` replaces the whole containers list, dropping the sidecar. Strategic merge looks up
// each list's `patchMergeKey` in the Go types (the `patchStrategy:"merge" patchMergeKey:"name"`
// struct tags) and merges the element named "app" instead.
//
// The struct tags are in one table, src/apiserver/validation/patch-metadata.ts, keyed by OpenAPI
// definition and property (PodSpec.containers, Container.ports, ServiceSpec.ports...); the same
// table gives /openapi/v3 the `x-kubernetes-patch-*` extensions kubectl computes `apply` with.
// The patch walks the object's type as upstream's PatchMetaFromStruct does: from the kind
// (apiVersion + kind of the stored object) down through the definitions' `$ref`s.
//
// Errors: a body that does not parse is 400 BadRequest; a patch that parses but cannot be applied
// (a JSON patch `test` that fails, a path that does not exist) is 422, as upstream.
//
// SIMPLIFICATION: an object whose kind has no definition is patched with every list atomic;
// upstream refuses strategic merge for such types (custom resources) with 415.
import { StatusError, newBadRequest, newRequestEntityTooLarge } from "../../api/status";
import { applyJsonPatch, jsonEqual, parseJsonPatch, type JsonValue } from "../admission/json-patch";
import { patchMetaFor } from "../validation/patch-metadata";
import { definitionNameFor, definitions, refName, type Schema } from "../validation/schema";

export type PatchType = "json" | "merge" | "strategic";

export const PATCH_CONTENT_TYPES: Readonly<Record<string, PatchType>> = {
  "application/json-patch+json": "json",
  "application/merge-patch+json": "merge",
  "application/strategic-merge-patch+json": "strategic",
};

/** handlers/patch.go maxJSONPatchOperations: a bound on the work one request can cause. */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

/** 415, with upstream's message (handlers/rest.go, the PATCH handler's content-type check). */
export function unsupportedPatchType(contentType: string): StatusError {
  return new StatusError({
    kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", code: 415, reason: "UnsupportedMediaType",
    message:
      `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, ` +
      `application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`,
    details: { causes: [{ reason: "UnsupportedMediaType", message: contentType }] },
  });
}

/**
 * The patch type for a Content-Type header (parameters such as `; charset=utf-8` are ignored).
 * SIMPLIFICATION: `application/apply-patch+yaml` (server-side apply) is accepted upstream; here it
 * is refused with a 400 that says so, since field managers are not modelled.
 */
export function patchTypeFor(contentType: string): PatchType {
  const mediaType = (contentType.split(";")[0] ?? "").trim().toLowerCase();
  if (mediaType === "application/apply-patch+yaml") {
    throw newBadRequest("server-side apply (application/apply-patch+yaml) is not implemented by this course's API server; use client-side kubectl apply");
  }
  const type = PATCH_CONTENT_TYPES[mediaType];
  if (type === undefined) throw unsupportedPatchType(contentType);
  return type;
}

/** 422 with the patch library's message as is (errors.NewGenericServerResponse(422, ...) upstream). */
function unprocessable(message: string): StatusError {
  return new StatusError({
    kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", code: 422, reason: "Invalid", message, details: {},
  });
}

type JsonObject = { [key: string]: JsonValue };
const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function parseObjectPatch(body: string): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (err) {
    throw newBadRequest(`error decoding patch: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!isObject(parsed)) {
    const got = Array.isArray(parsed) ? "array" : parsed === null ? "null" : typeof parsed;
    throw newBadRequest(`json: cannot unmarshal ${got} into Go value of type map[string]interface {}`);
  }
  return parsed;
}

//> apply-patch
/** Applies `body`, a patch of `type`, to `original` and returns the result; `original` is unchanged. */
export function applyPatch(original: JsonValue, type: PatchType, body: string): JsonValue {
  switch (type) {
    case "json": {
      let ops;
      try {
        ops = parseJsonPatch(body);
      } catch (err) {
        throw newBadRequest(err instanceof Error ? err.message : String(err));
      }
      if (ops.length > MAX_JSON_PATCH_OPERATIONS) {
        throw newRequestEntityTooLarge(`The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${ops.length}`);
      }
      try {
        return applyJsonPatch(original, ops);
      } catch (err) {
        throw unprocessable(err instanceof Error ? err.message : String(err));
      }
    }
    case "merge":
      return mergePatch(original, parseObjectPatch(body));
    case "strategic":
      return strategicMergePatch(original, parseObjectPatch(body));
  }
}
//< apply-patch

//> merge-patch
/** RFC 7386 §2 MergePatch: objects merge key by key, null deletes, everything else replaces. */
export function mergePatch(target: JsonValue, patch: JsonValue): JsonValue {
  if (!isObject(patch)) return clone(patch);
  const out: JsonObject = isObject(target) ? clone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key] ?? null, value);
  }
  return out;
}
//< merge-patch

// ---- strategic merge patch (k8s.io/apimachinery/pkg/util/strategicpatch/patch.go) ----

/**
 * Where the merge is in the object's type: the OpenAPI definition of the map being merged
 * (`io.k8s.api.core.v1.PodSpec`), or undefined below a field we have no type for (there every
 * list is atomic, as upstream's PatchMetaFromStruct finds no tags on an unknown type).
 */
type TypeCursor = string | undefined;

/** The definition a schema names, directly or as its list's items: `items: {$ref: Container}`. */
function definitionOf(schema: Schema | undefined): TypeCursor {
  const target = schema?.type === "array" ? schema.items : schema;
  return target?.$ref === undefined ? undefined : refName(target.$ref);
}

/** The type of field `key` of the map typed `owner`. */
function fieldType(owner: TypeCursor, key: string): TypeCursor {
  return owner === undefined ? undefined : definitionOf(definitions[owner]?.properties?.[key]);
}

/** The definition of a whole object, from its `apiVersion` and `kind`. */
function kindType(obj: JsonObject): TypeCursor {
  const { apiVersion, kind } = obj;
  if (typeof apiVersion !== "string" || typeof kind !== "string") return undefined;
  const slash = apiVersion.indexOf("/");
  const [group, version] = slash < 0 ? ["", apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
  return definitionNameFor({ group, version, kind });
}

const DIRECTIVE = "$patch";
const DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";
const SET_ELEMENT_ORDER = "$setElementOrder/";
const RETAIN_KEYS = "$retainKeys";

/** Go's `%v` of a decoded JSON value, as upstream's messages print maps: `map[image:nginx name:app]`. */
export function goFormat(v: JsonValue): string {
  if (Array.isArray(v)) return `[${v.map(goFormat).join(" ")}]`;
  if (isObject(v)) return `map[${Object.keys(v).sort().map((k) => `${k}:${goFormat(v[k]!)}`).join(" ")}]`;
  return v === null ? "<nil>" : String(v);
}

/** mergepatch.ErrBadPatchType. */
function badDirective(value: JsonValue, map: JsonObject): StatusError {
  return newBadRequest(`unknown patch type: ${goFormat(value)} in map: ${goFormat(map)}`);
}

//> strategic-merge-patch
/**
 * strategicpatch.StrategicMergePatch for the built-in kinds: merge `patch` into `original`, with
 * the patch strategies of the object's kind (read from `original`, else from `patch`).
 */
export function strategicMergePatch(original: JsonValue, patch: JsonObject): JsonValue {
  const target = isObject(original) ? original : {};
  return mergeMap(target, patch, kindType(target) ?? kindType(patch));
}

function mergeMap(original: JsonObject, patch: JsonObject, type: TypeCursor): JsonValue {
  const directive = patch[DIRECTIVE];
  if (directive !== undefined) {
    if (directive === "replace") {
      // `$patch: replace` on a map: the patch (without the directive) is the new value.
      const { [DIRECTIVE]: _d, ...rest } = patch;
      return stripDirectives(rest);
    }
    if (directive === "delete") return null; // the caller drops the key
    if (directive !== "merge") throw badDirective(directive, patch);
  }
  const out = clone(original);
  for (const [key, value] of Object.entries(patch)) {
    if (key === DIRECTIVE) continue;
    if (key.startsWith(SET_ELEMENT_ORDER)) {
      // SIMPLIFICATION: `$setElementOrder/<list>` (sent by kubectl apply to keep the user's order)
      // is ignored; merged lists keep the stored order with new elements appended.
      continue;
    }
    if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      const field = key.slice(DELETE_FROM_PRIMITIVE_LIST.length);
      if (!Array.isArray(value)) throw newBadRequest(`invalid patch: ${key} must be a list`);
      const current = out[field];
      if (Array.isArray(current)) out[field] = current.filter((v) => !value.some((d) => d === v));
      continue;
    }
    if (key === RETAIN_KEYS) continue; // applied after the merge, below
    if (value === null) {
      delete out[key];
      continue;
    }
    const current = out[key];
    const meta = patchMetaFor(type, key);
    if (isObject(value) && meta?.patchStrategy === "replace") {
      out[key] = stripDirectives(value); // e.g. PodDisruptionBudgetSpec.selector
    } else if (isObject(value)) {
      const merged = mergeMap(isObject(current) ? current : {}, value, fieldType(type, key));
      if (merged === null) delete out[key];
      else out[key] = merged;
    } else if (Array.isArray(value)) {
      out[key] = mergeList(type, key, Array.isArray(current) ? current : [], value);
    } else {
      out[key] = value;
    }
  }
  const retain = patch[RETAIN_KEYS];
  if (retain !== undefined) {
    if (!Array.isArray(retain)) throw newBadRequest(`invalid patch: ${RETAIN_KEYS} must be a list`);
    for (const k of Object.keys(out)) if (!retain.includes(k)) delete out[k];
  }
  return out;
}

/** Merges list `field` of the map typed `owner`: by its merge key, as a set, or atomically. */
function mergeList(owner: TypeCursor, field: string, original: JsonValue[], patch: JsonValue[]): JsonValue[] {
  // A `{"$patch": "replace"}` element: the other elements are the whole new list.
  if (patch.some((e) => isObject(e) && e[DIRECTIVE] === "replace")) {
    return stripDirectives(patch.filter((e) => !(isObject(e) && e[DIRECTIVE] === "replace"))) as JsonValue[];
  }
  const meta = patchMetaFor(owner, field);
  const merges = meta?.patchStrategy?.split(",").includes("merge") === true;
  if (!merges) return stripDirectives(patch) as JsonValue[]; // atomic list: the patch's list replaces it
  const mergeKey = meta?.patchMergeKey;
  if (mergeKey === undefined) {
    // `patchStrategy:"merge"` on a list of scalars (finalizers): a set union, original order first.
    const out = clone(original);
    for (const v of patch) if (!out.some((o) => o === v)) out.push(v);
    return out;
  }
  if (!patch.every(isObject)) return stripDirectives(patch) as JsonValue[];
  const elementType = fieldType(owner, field);
  const out = clone(original);
  for (const element of patch as JsonObject[]) {
    const keyValue = element[mergeKey];
    const directive = element[DIRECTIVE];
    if (directive !== undefined && directive !== "delete") {
      // strategicpatch mergeSliceWithSpecialElements: only delete (and replace, above) are list directives.
      if (directive === "merge") throw newBadRequest("merging lists cannot yet be specified in the patch");
      throw badDirective(directive, element);
    }
    if (keyValue === undefined) {
      if (directive === "delete") throw newBadRequest("delete patch type with no merge key defined");
      throw newBadRequest(`map: ${goFormat(element)} does not contain declared merge key: ${mergeKey}`);
    }
    const at = out.findIndex((o) => isObject(o) && jsonEqual(o[mergeKey] ?? null, keyValue));
    if (directive === "delete") {
      if (at >= 0) out.splice(at, 1);
      continue;
    }
    if (at >= 0) out[at] = mergeMap(out[at] as JsonObject, element, elementType) as JsonValue;
    else out.push(stripDirectives(element));
  }
  return out;
}
//< strategic-merge-patch

/** A new element or a replaced map is stored without any `$`-directives inside it. */
function stripDirectives(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, val] of Object.entries(v)) if (!k.startsWith("$")) out[k] = stripDirectives(val);
  return out;
}
