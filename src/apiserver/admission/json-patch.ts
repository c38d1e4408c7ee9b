// JSON Patch (RFC 6902) over JSON Pointer (RFC 6901): what a mutating webhook sends back.
//
// A patch is a list of operations applied in order to a document:
//   [{"op":"add","path":"/spec/containers/-","value":{...}}]
// Paths are JSON Pointers: `/a/b/0`, with `~1` for `/` and `~0` for `~` inside a segment, and
// `-` meaning "after the last element" of an array. If any operation fails, the whole patch
// fails and the document is unchanged (RFC 6902 §5): we apply to a deep copy.
//
// Upstream uses github.com/evanphx/json-patch (k8s.io/apiserver/pkg/admission/plugin/webhook/
// mutating/dispatcher.go). SIMPLIFICATION: numbers are JavaScript doubles, so integers beyond
// 2^53 lose precision; Kubernetes objects do not carry such numbers.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export type JsonPatchOperation =
  | { op: "add"; path: string; value: JsonValue }
  | { op: "remove"; path: string }
  | { op: "replace"; path: string; value: JsonValue }
  | { op: "move"; from: string; path: string }
  | { op: "copy"; from: string; path: string }
  | { op: "test"; path: string; value: JsonValue };

/** A patch that could not be applied: which operation, and why. */
export class JsonPatchError extends Error {
  override readonly name: string = "JsonPatchError";
  constructor(readonly index: number, message: string) {
    super(`json patch operation ${index}: ${message}`);
  }
}

/** RFC 6901 §3-4: split a pointer into unescaped reference tokens. "" is the whole document. */
export function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw new Error(`invalid JSON pointer ${JSON.stringify(pointer)}: must start with "/"`);
  // Unescape ~1 before ~0, so that "~01" becomes "~1" and not "/" (RFC 6901 §4).
  return pointer.slice(1).split("/").map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

const isObject = (v: unknown): v is { [key: string]: JsonValue } =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** An array index token: "0" or a number without leading zeros (RFC 6901 §4). */
function arrayIndex(token: string, length: number, allowEnd: boolean): number {
  if (allowEnd && token === "-") return length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new Error(`invalid array index ${JSON.stringify(token)}`);
  const i = Number(token);
  if (i > length || (!allowEnd && i === length)) throw new Error(`array index ${i} out of bounds`);
  return i;
}

/** The value a pointer names, or throws when a step does not exist. */
function get(doc: JsonValue, tokens: readonly string[]): JsonValue {
  let cur: JsonValue = doc;
  for (const t of tokens) {
    if (Array.isArray(cur)) cur = cur[arrayIndex(t, cur.length, false)]!;
    else if (isObject(cur) && Object.hasOwn(cur, t)) cur = cur[t]!;
    else throw new Error(`path not found at ${JSON.stringify(t)}`);
  }
  return cur;
}

/** The container holding the last token, and that token. */
function parentOf(doc: JsonValue, tokens: readonly string[]): { parent: JsonValue; last: string } {
  const last = tokens[tokens.length - 1];
  if (last === undefined) throw new Error("the root has no parent");
  return { parent: get(doc, tokens.slice(0, -1)), last };
}

function add(doc: JsonValue, tokens: readonly string[], value: JsonValue): JsonValue {
  if (tokens.length === 0) return value; // replaces the whole document (RFC 6902 §4.1)
  const { parent, last } = parentOf(doc, tokens);
  if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent.length, true), 0, value);
  else if (isObject(parent)) parent[last] = value;
  else throw new Error(`cannot add to a ${typeof parent} value`);
  return doc;
}

function remove(doc: JsonValue, tokens: readonly string[]): JsonValue {
  const { parent, last } = parentOf(doc, tokens);
  if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent.length, false), 1);
  else if (isObject(parent) && Object.hasOwn(parent, last)) delete parent[last];
  else throw new Error(`path not found at ${JSON.stringify(last)}`);
  return doc;
}

/** RFC 6902 §4.6: JSON equality; object member order does not matter, number value does. */
export function jsonEqual(a: JsonValue, b: JsonValue): boolean {
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]!));
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k]!, b[k]!));
  }
  return a === b;
}

const clone = (v: JsonValue): JsonValue => JSON.parse(JSON.stringify(v)) as JsonValue;

//> json-patch-apply
/**
 * Apply `patch` to `doc` and return the result. `doc` itself is never changed. Throws
 * JsonPatchError naming the first operation that failed.
 */
export function applyJsonPatch(doc: JsonValue, patch: readonly JsonPatchOperation[]): JsonValue {
  let out = clone(doc);
  patch.forEach((op, index) => {
    try {
      const path = parsePointer(op.path);
      switch (op.op) {
        case "add":
          out = add(out, path, clone(op.value));
          break;
        case "remove":
          out = remove(out, path);
          break;
        case "replace": // remove then add, but the target must exist (RFC 6902 §4.3)
          get(out, path);
          out = path.length === 0 ? clone(op.value) : add(remove(out, path), path, clone(op.value));
          break;
        case "move": {
          if (op.path.startsWith(op.from + "/")) throw new Error(`cannot move ${op.from} into its own child`);
          const from = parsePointer(op.from);
          const value = get(out, from);
          out = add(remove(out, from), path, value);
          break;
        }
        case "copy":
          out = add(out, path, clone(get(out, parsePointer(op.from))));
          break;
        case "test":
          if (!jsonEqual(get(out, path), op.value)) throw new Error(`test failed at ${op.path}`);
          break;
        default:
          throw new Error(`unknown op ${JSON.stringify((op as { op: unknown }).op)}`);
      }
    } catch (err) {
      if (err instanceof JsonPatchError) throw err;
      throw new JsonPatchError(index, err instanceof Error ? err.message : String(err));
    }
  });
  return out;
}
//< json-patch-apply

/** Parse and check a patch document: an array of objects with a known `op` and string paths. */
export function parseJsonPatch(text: string): JsonPatchOperation[] {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) throw new Error("a JSON patch must be an array of operations");
  return parsed.map((raw: unknown, i) => {
    if (!isObject(raw as JsonValue)) throw new JsonPatchError(i, "operation must be an object");
    const op = raw as Record<string, unknown>;
    if (typeof op["path"] !== "string") throw new JsonPatchError(i, `missing "path"`);
    switch (op["op"]) {
      case "add": case "replace": case "test":
        if (!("value" in op)) throw new JsonPatchError(i, `missing "value"`);
        break;
      case "move": case "copy":
        if (typeof op["from"] !== "string") throw new JsonPatchError(i, `missing "from"`);
        break;
      case "remove":
        break;
      default:
        throw new JsonPatchError(i, `unknown op ${JSON.stringify(op["op"])}`);
    }
    return op as unknown as JsonPatchOperation;
  });
}
