// Lockdown: the setup file of every batch-grading test process. vitest runs it in the worker
// after its own runtime has loaded and BEFORE the test file, and so before any submitted code.
//
// It freezes the JavaScript built-ins (Object, Array.prototype, JSON, Math, Map, Promise, ...),
// so a submission cannot change how the tests' assertions compute: `Object.is = () => true`,
// `Array.prototype.every = ...` or `JSON.stringify = ...` throw a TypeError instead. A frozen
// prototype would also stop ordinary code from giving an object its own `toString` or `name`
// by assignment (JavaScript's "override mistake"), so those few properties of a prototype become
// accessors whose setter defines the property on the object assigned to, as SES's lockdown does.
//
// It also replaces `console` with a silent stub: what a submission prints is never read by the
// grader, and Node's console leads to process.stdout and from there to `process`.
//
// What it does not do: hide the global object. The grading policy (policy.ts) keeps submissions
// from naming it, and --disallow-code-generation-from-strings keeps them from building code that
// would. See tools/grading/README.md for the whole trust model.

const frozen = new WeakSet<object>();

// The properties ordinary code gives its own objects by assignment (class constructors, custom
// errors, toString overrides, thenables). Taming every property would make each built-in method
// call go through a getter, several times slower; freezing these few as accessors costs nothing
// measurable. Assigning any other built-in method on an instance throws, as in SES's lockdown.
// `constructor` stays a plain value on the prototypes V8 guards with "species protectors"
// (Array, Promise, RegExp, typed arrays): an accessor there sends every map(), then() and
// slice() down a slow path.
const OVERRIDABLE = new Set<PropertyKey>(["constructor", "toString", "toLocaleString", "valueOf", "toJSON", "name", "message"]);
const SPECIES_GUARDED = new Set<unknown>([
  Array.prototype,
  Promise.prototype,
  RegExp.prototype,
  Object.getPrototypeOf(Uint8Array).prototype,
  ...[Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array,
    Float64Array, BigInt64Array, BigUint64Array].map((t) => t.prototype),
]);

function tameOverride(proto: object, key: PropertyKey, desc: PropertyDescriptor): void {
  if (!OVERRIDABLE.has(key) || !("value" in desc) || !desc.writable || !desc.configurable) return;
  if (key === "constructor" && SPECIES_GUARDED.has(proto)) return;
  const value: unknown = desc.value;
  Object.defineProperty(proto, key, {
    get() {
      return value;
    },
    set(this: object, next: unknown) {
      if (this === proto) throw new TypeError(`Cannot assign to read only property '${String(key)}' of a frozen built-in`);
      Object.defineProperty(this, key, { value: next, writable: true, enumerable: true, configurable: true });
    },
    enumerable: desc.enumerable ?? false,
    configurable: false,
  });
}

/** Freezes `root` and everything reachable from it through own properties and prototypes. */
function harden(root: unknown, isPrototype: (o: object) => boolean, keepWritable: Map<object, Set<PropertyKey>>): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const o = stack.pop();
    if ((typeof o !== "object" && typeof o !== "function") || o === null || frozen.has(o)) continue;
    frozen.add(o);
    const keep = keepWritable.get(o);
    for (const key of Reflect.ownKeys(o)) {
      const desc = Object.getOwnPropertyDescriptor(o, key);
      if (!desc) continue;
      if (keep?.has(key)) continue;
      if ("value" in desc) stack.push(desc.value);
      else stack.push(desc.get, desc.set);
      if (isPrototype(o)) tameOverride(o, key, desc);
    }
    stack.push(Object.getPrototypeOf(o));
    if (keep) {
      for (const key of Reflect.ownKeys(o)) {
        if (keep.has(key)) continue;
        const desc = Object.getOwnPropertyDescriptor(o, key);
        if (desc?.configurable) Object.defineProperty(o, key, { ...desc, configurable: false, ...("value" in desc ? { writable: false } : {}) });
      }
      Object.preventExtensions(o);
    } else Object.freeze(o);
  }
}

function lockdown(): void {
  // vitest runs setup files before every test file; a worker that runs several is locked once.
  if (Object.isFrozen(Object.prototype)) return;
  const g = globalThis as Record<string, unknown>;
  const names = [
    "Object", "Function", "Array", "Number", "String", "Boolean", "Symbol", "BigInt", "Math", "JSON", "Reflect",
    "Date", "RegExp", "Promise", "Map", "Set", "WeakMap", "WeakSet", "WeakRef", "FinalizationRegistry", "Proxy",
    "Error", "AggregateError", "EvalError", "RangeError", "ReferenceError", "SyntaxError", "TypeError", "URIError",
    "ArrayBuffer", "SharedArrayBuffer", "DataView", "Atomics", "Int8Array", "Uint8Array", "Uint8ClampedArray",
    "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "Float32Array", "Float64Array", "BigInt64Array",
    "BigUint64Array", "TextEncoder", "TextDecoder", "structuredClone", "queueMicrotask", "isFinite", "isNaN",
    "parseFloat", "parseInt", "encodeURI", "encodeURIComponent", "decodeURI", "decodeURIComponent",
  ];
  const roots: unknown[] = names.map((n) => g[n]);
  // Intrinsics with no global name: iterator, generator and async function prototypes.
  roots.push(
    Object.getPrototypeOf([][Symbol.iterator]()),
    Object.getPrototypeOf(new Map()[Symbol.iterator]()),
    Object.getPrototypeOf(new Set()[Symbol.iterator]()),
    Object.getPrototypeOf(""[Symbol.iterator]()),
    Object.getPrototypeOf(/x/[Symbol.matchAll]("")),
    Object.getPrototypeOf(function* () {}),
    Object.getPrototypeOf(async function () {}),
    Object.getPrototypeOf(async function* () {}),
    Object.getPrototypeOf(Uint8Array),
  );
  const prototypes = new Set<object>();
  for (const r of roots) {
    if (typeof r === "function" && typeof r.prototype === "object" && r.prototype !== null) prototypes.add(r.prototype as object);
  }
  prototypes.add(Object.getPrototypeOf(Uint8Array).prototype as object);
  for (const r of roots.slice(names.length)) if (typeof r === "object" && r !== null) prototypes.add(r);
  // V8 and the test framework keep writing these two; a submission changing them only changes
  // how its own errors are printed.
  const keepWritable = new Map<object, Set<PropertyKey>>([[Error, new Set(["stackTraceLimit", "prepareStackTrace"])]]);
  for (const r of roots) harden(r, (o) => prototypes.has(o), keepWritable);

  const silent = Object.freeze(
    Object.fromEntries(
      ["log", "info", "warn", "error", "debug", "trace", "dir", "table", "group", "groupEnd", "time", "timeEnd", "count", "assert"].map(
        (k) => [k, () => {}],
      ),
    ),
  );
  Object.defineProperty(globalThis, "console", { value: silent, writable: false, configurable: false, enumerable: false });
}

lockdown();
