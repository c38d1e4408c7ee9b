// What a submission may use: the global names, the Node built-ins and the import paths. Kept
// apart from policy.ts (which needs the TypeScript compiler) because the test runner checks
// imports with it too, and should not load a compiler to do so. The reasons are in policy.ts.
import path from "node:path";

export const ALLOWED_GLOBALS: ReadonlySet<string> = new Set([
  // values
  "undefined", "NaN", "Infinity",
  // functions
  "isFinite", "isNaN", "parseFloat", "parseInt", "encodeURI", "encodeURIComponent", "decodeURI", "decodeURIComponent",
  "structuredClone", "queueMicrotask",
  // constructors and namespaces (all frozen while grading)
  "Object", "Array", "Number", "String", "Boolean", "Symbol", "BigInt", "Math", "JSON", "Reflect", "Date", "RegExp",
  "Promise", "Map", "Set", "WeakMap", "WeakSet", "WeakRef", "Proxy",
  "Error", "AggregateError", "EvalError", "RangeError", "ReferenceError", "SyntaxError", "TypeError", "URIError",
  "ArrayBuffer", "DataView", "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array",
  "Int32Array", "Uint32Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array",
  "TextEncoder", "TextDecoder",
  // replaced by a silent stub in the test process
  "console",
  // bound inside every non-arrow function
  "arguments",
]);

/** Node built-in modules a submission may import. None so far: exercises run on the course library. */
export const ALLOWED_BUILTINS: ReadonlySet<string> = new Set<string>([]);


/**
 * Whether a submitted `exerciseFile` ("NN-slug/<name>.ts") may import `specifier`. Relative paths
 * are taken as if the file sat in the course's exercises/ folder (where the grader mounts it, see
 * run-tests.ts) and must land in src/ or exercises/, not on a test; bare names must be allowed
 * built-ins; query suffixes (`?raw`) are refused.
 */
export function allowedImport(exerciseFile: string, specifier: string): boolean {
  if (specifier.includes("?") || specifier.includes("#") || specifier.includes("\0")) return false;
  if (specifier.startsWith("node:") || !specifier.startsWith(".")) {
    return ALLOWED_BUILTINS.has(specifier.replace(/^node:/, ""));
  }
  const landed = path.posix.normalize(path.posix.join("exercises", path.posix.dirname(exerciseFile), specifier));
  if (/\.test(\.[a-z]+)?$|\.test\.ts$/.test(landed)) return false;
  return landed.startsWith("src/") || (landed.startsWith("exercises/") && !landed.startsWith("exercises/.."));
}

/**
 * Names a submission may not use, even as a property or in a string: an object with an
 * `asymmetricMatch` method is treated by vitest's toEqual as a matcher and compared by calling
 * it, so returning one would pass any equality test.
 */
export const FORBIDDEN_NAMES: readonly string[] = ["asymmetricMatch"];
