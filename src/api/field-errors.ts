// Field-level validation errors: the `metadata.name: Invalid value: "Web": ...` lines that
// `kubectl apply` prints when the API server rejects an object.
//
// Kubernetes validation never stops at the first problem. Each validator walks the object,
// builds a *path* to every field it checks (`spec.containers[0].image`), and appends one
// `field.Error` per problem to an `ErrorList`. The API server then wraps the whole list into a
// single 422 Invalid Status (see status.ts), so the user sees every mistake at once.
//
// Reference: k8s.io/apimachinery/pkg/util/validation/field/path.go and errors.go, and
// k8s.io/apimachinery/pkg/util/errors/errors.go (the aggregate's `[a, b]` formatting).

import { goQuote } from "./go-quote";

//> field-path
/**
 * The path from an object's root to one of its fields, printed as `spec.containers[0].image`
 * or `metadata.labels[app]`. Immutable: each step returns a new path.
 */
export class FieldPath {
  private constructor(
    private readonly parent: FieldPath | undefined,
    /** A field name, or undefined when this step is a subscript. */
    private readonly name: string | undefined,
    /** An index or map key, used when `name` is undefined. */
    private readonly subscript: string | undefined,
  ) {}

  /** `field.NewPath("spec", "replicas")`: a root path, optionally several names deep. */
  static of(name: string, ...moreNames: string[]): FieldPath {
    let p = new FieldPath(undefined, name, undefined);
    for (const n of moreNames) p = new FieldPath(p, n, undefined);
    return p;
  }

  child(name: string, ...moreNames: string[]): FieldPath {
    let p = new FieldPath(this, name, undefined);
    for (const n of moreNames) p = new FieldPath(p, n, undefined);
    return p;
  }

  /** A list index: `containers` → `containers[0]`. */
  index(i: number): FieldPath {
    return new FieldPath(this, undefined, String(i));
  }

  /** A map key: `labels` → `labels[app]` (not quoted, as upstream). */
  key(k: string): FieldPath {
    return new FieldPath(this, undefined, k);
  }

  toString(): string {
    const steps: FieldPath[] = [];
    for (let p: FieldPath | undefined = this; p !== undefined; p = p.parent) steps.unshift(p);
    let out = "";
    for (const step of steps) {
      if (step.name !== undefined && step.name !== "") {
        if (step.parent !== undefined) out += ".";
        out += step.name;
      } else {
        out += `[${step.subscript ?? ""}]`;
      }
    }
    return out;
  }
}
//< field-path

/**
 * The machine-readable kind of a field error. The same strings appear as `reason` in the
 * causes of a 422 Status, so clients can react to them.
 */
export type FieldErrorType =
  | "FieldValueNotFound"
  | "FieldValueRequired"
  | "FieldValueDuplicate"
  | "FieldValueInvalid"
  | "FieldValueNotSupported"
  | "FieldValueForbidden"
  | "FieldValueTooLong"
  | "FieldValueTooMany"
  | "InternalError"
  | "FieldValueTypeInvalid";

// ErrorType.String(): the human-readable word printed before the value.
const typeText: Readonly<Record<FieldErrorType, string>> = {
  FieldValueNotFound: "Not found",
  FieldValueRequired: "Required value",
  FieldValueDuplicate: "Duplicate value",
  FieldValueInvalid: "Invalid value",
  FieldValueNotSupported: "Unsupported value",
  FieldValueForbidden: "Forbidden",
  FieldValueTooLong: "Too long",
  FieldValueTooMany: "Too many",
  InternalError: "Internal error",
  FieldValueTypeInvalid: "Invalid value",
};

/** A marker for "print no value" (upstream's private `omitValue`). */
const omitValue: unique symbol = Symbol("omitValue");

/**
 * Print a bad value as Go's `%v`/`%q`/`%#v` would in `field.Error.ErrorBody`.
 * SIMPLIFICATION: Go prints arbitrary structs with `%#v` (`v1.Container{Name:"x", ...}`); we
 * print plain objects as JSON, which a learner can read just as well.
 */
function formatBadValue(value: unknown): string {
  if (value === null || value === undefined) return goQuote("null");
  if (typeof value === "string") return goQuote(value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    return String(value);
  }
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) {
    // %#v of a []string, as printed by the label selector errors: []string{"a", "b"}
    return `[]string{${value.map((v) => goQuote(v as string)).join(", ")}}`;
  }
  if (typeof value === "object" && value.toString !== Object.prototype.toString) {
    return String(value); // a fmt.Stringer, such as a Quantity
  }
  return JSON.stringify(value) ?? String(value);
}

/** One validation problem at one field. `message` is what `err.Error()` returns upstream. */
export class FieldError extends Error {
  override readonly name: string = "FieldError";

  constructor(
    readonly type: FieldErrorType,
    /** The path printed as a string, e.g. `spec.replicas`. */
    readonly field: string,
    readonly badValue: unknown,
    readonly detail: string,
  ) {
    super("");
    this.message = `${field}: ${this.errorBody()}`;
  }

  /** The message without the field name, used as a Status cause's `message`. */
  errorBody(): string {
    let s: string;
    switch (this.type) {
      // These types never print the value: it is missing, secret, huge or irrelevant.
      case "FieldValueRequired":
      case "FieldValueForbidden":
      case "FieldValueTooLong":
      case "InternalError":
        s = typeText[this.type];
        break;
      default:
        s =
          this.badValue === omitValue
            ? typeText[this.type]
            : `${typeText[this.type]}: ${formatBadValue(this.badValue)}`;
    }
    if (this.detail.length !== 0) s += `: ${this.detail}`;
    return s;
  }
}

/** A list of field errors, as returned by every validator. Empty means valid. */
export type FieldErrorList = FieldError[];

//> field-constructors
/**
 * The constructors, named as upstream's `field.Invalid`, `field.Required`, ... so that
 * validation code reads like the Go it mirrors: `field.invalid(path, -1, "must be ...")`.
 */
export const field = {
  newPath: FieldPath.of,

  invalid(path: FieldPath, value: unknown, detail: string): FieldError {
    return new FieldError("FieldValueInvalid", path.toString(), value, detail);
  },
  required(path: FieldPath, detail = ""): FieldError {
    return new FieldError("FieldValueRequired", path.toString(), "", detail);
  },
  notFound(path: FieldPath, value: unknown): FieldError {
    return new FieldError("FieldValueNotFound", path.toString(), value, "");
  },
  duplicate(path: FieldPath, value: unknown): FieldError {
    return new FieldError("FieldValueDuplicate", path.toString(), value, "");
  },
  /** An enum value outside the allowed set; the detail lists the supported values, quoted. */
  notSupported(path: FieldPath, value: unknown, validValues: readonly string[]): FieldError {
    const detail =
      validValues.length > 0 ? "supported values: " + validValues.map(goQuote).join(", ") : "";
    return new FieldError("FieldValueNotSupported", path.toString(), value, detail);
  },
  forbidden(path: FieldPath, detail: string): FieldError {
    return new FieldError("FieldValueForbidden", path.toString(), "", detail);
  },
  /** Too long: the value is kept on the error but never printed. */
  tooLong(path: FieldPath, value: unknown, maxLength: number): FieldError {
    const detail =
      maxLength >= 0
        ? `may not be more than ${maxLength} ${maxLength === 1 ? "byte" : "bytes"}`
        : "value is too long";
    return new FieldError("FieldValueTooLong", path.toString(), value, detail);
  },
  tooMany(path: FieldPath, actualQuantity: number, maxQuantity: number): FieldError {
    const detail = maxQuantity >= 0 ? `must have at most ${maxQuantity} items` : "has too many items";
    const actual = actualQuantity >= 0 ? actualQuantity : omitValue;
    return new FieldError("FieldValueTooMany", path.toString(), actual, detail);
  },
  internalError(path: FieldPath, err: Error): FieldError {
    return new FieldError("InternalError", path.toString(), null, err.message);
  },
  typeInvalid(path: FieldPath, value: unknown, detail: string): FieldError {
    return new FieldError("FieldValueTypeInvalid", path.toString(), value, detail);
  },
};
//< field-constructors

/**
 * `ErrorList.ToAggregate().Error()`: duplicates (same message) are dropped; one error prints
 * alone, several print as `[a, b, c]`. Returns undefined for an empty list (Go's nil).
 */
export function aggregateMessage(errors: readonly FieldError[]): string | undefined {
  const seen = new Set<string>();
  const unique: string[] = [];
  for (const e of errors) {
    if (seen.has(e.message)) continue;
    seen.add(e.message);
    unique.push(e.message);
  }
  if (unique.length === 0) return undefined;
  if (unique.length === 1) return unique[0];
  return `[${unique.join(", ")}]`;
}
