// Label selectors: how a Service finds its Pods, a ReplicaSet counts its replicas, and
// `kubectl get pods -l app=web` filters a list.
//
// A selector is a list of requirements that must *all* hold (there is no OR):
//
//   app=web            the label app exists and equals "web"      (operator "=" or "==")
//   tier!=db           tier is not "db", or there is no tier label  ("!=")
//   env in (a,b)       env exists and is one of a, b              ("in")
//   env notin (a,b)    env is none of a, b, or is absent            ("notin")
//   gpu                the label gpu exists, with any value         ("exists")
//   !legacy            there is no label legacy                     ("!")
//   replicas>2         the label parses as an integer above 2       ("gt", "lt")
//
// Objects carry the same thing in structured form, `metav1.LabelSelector` (matchLabels plus
// matchExpressions with In, NotIn, Exists, DoesNotExist), converted by labelSelectorAsSelector.
// Beware the asymmetry there: an *empty* LabelSelector `{}` matches everything, while a
// *missing* (null) one matches nothing.
//
// Reference: k8s.io/apimachinery/pkg/labels/selector.go (Requirement, internalSelector,
// NewRequirement), k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go (LabelSelectorAsSelector)
// and k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go (ValidateLabelSelector).

import type { LabelSelector, LabelSelectorRequirement } from "kubernetes-types/meta/v1";
import { aggregateMessage, field, FieldError, type FieldErrorList, FieldPath } from "./field-errors";
import { goQuote } from "./go-quote";
import { isQualifiedName, isValidLabelValue, validateLabels } from "./names";

/** A set of labels, as found in `metadata.labels`. */
export type Labels = Readonly<Record<string, string>>;

/** selection.Operator: the strings are upstream's, and appear in error messages. */
export type LabelOperator = "in" | "notin" | "=" | "==" | "!=" | "exists" | "!" | "gt" | "lt";

/** The operators in the order upstream lists them in "expected: ..." messages. */
export const binaryOperators: readonly LabelOperator[] = ["in", "notin", "=", "==", "!=", "gt", "lt"];
const unaryOperators: readonly LabelOperator[] = ["exists", "!"];

/** One requirement of a selector. Build it with newRequirement, which validates it. */
export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  readonly values: readonly string[];
}

/** A selector or requirement that breaks the rules; `errors` lists every problem. */
export class LabelSelectorError extends Error {
  override readonly name: string = "LabelSelectorError";
  constructor(
    message: string,
    readonly errors: FieldErrorList = [],
  ) {
    super(message);
  }
}

/** The path upstream's parser passes when it has none: a nil *field.Path prints "<nil>". */
export type PathOrNil = FieldPath | undefined;

/** validateLabelKey in selector.go: all key problems joined into one error. */
export function validateLabelKey(key: string, path: PathOrNil): FieldError | undefined {
  const errs = isQualifiedName(key);
  if (errs.length === 0) return undefined;
  return new FieldError("FieldValueInvalid", path?.toString() ?? "<nil>", key, errs.join("; "));
}

//> new-requirement
/**
 * NewRequirement: a requirement, after checking the key, the operator and the number of
 * values it takes. Throws LabelSelectorError with upstream's aggregated message.
 */
export function newRequirement(
  key: string,
  operator: LabelOperator,
  values: readonly string[],
  path?: FieldPath,
): LabelRequirement {
  const errs: FieldErrorList = [];
  const child = (name: string): FieldPath => path?.child(name) ?? FieldPath.of(name);
  const keyErr = validateLabelKey(key, child("key"));
  if (keyErr !== undefined) errs.push(keyErr);

  const valuePath = child("values");
  switch (operator) {
    case "in":
    case "notin":
      if (values.length === 0) {
        errs.push(field.invalid(valuePath, values, "for 'in', 'notin' operators, values set can't be empty"));
      }
      break;
    case "=":
    case "==":
    case "!=":
      if (values.length !== 1) {
        errs.push(field.invalid(valuePath, values, "exact-match compatibility requires one single value"));
      }
      break;
    case "exists":
    case "!":
      if (values.length !== 0) {
        errs.push(field.invalid(valuePath, values, "values set must be empty for exists and does not exist"));
      }
      break;
    case "gt":
    case "lt":
      if (values.length !== 1) {
        errs.push(field.invalid(valuePath, values, "for 'Gt', 'Lt' operators, exactly one value is required"));
      }
      values.forEach((v, i) => {
        if (parseInt64(v) === undefined) {
          errs.push(field.invalid(valuePath.index(i), v, "for 'Gt', 'Lt' operators, the value must be an integer"));
        }
      });
      break;
    default:
      errs.push(field.notSupported(child("operator"), operator, [...binaryOperators, ...unaryOperators]));
  }
  values.forEach((v, i) => {
    const msgs = isValidLabelValue(v);
    if (msgs.length > 0) errs.push(field.invalid(valuePath.index(i).key(key), v, msgs.join("; ")));
  });
  const message = aggregateMessage(errs);
  if (message !== undefined) throw new LabelSelectorError(message, errs);
  return { key, operator, values: [...values] };
}
//< new-requirement

/** strconv.ParseInt(s, 10, 64), or undefined. */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n > 9223372036854775807n || n < -9223372036854775808n ? undefined : n;
}

//> requirement-matches
/** Requirement.Matches. Note that `!=` and `notin` also match when the label is absent. */
export function requirementMatches(r: LabelRequirement, labels: Labels): boolean {
  const has = Object.hasOwn(labels, r.key);
  const value = labels[r.key];
  switch (r.operator) {
    case "in":
    case "=":
    case "==":
      return has && r.values.includes(value ?? "");
    case "notin":
    case "!=":
      return !has || !r.values.includes(value ?? "");
    case "exists":
      return has;
    case "!":
      return !has;
    case "gt":
    case "lt": {
      const actual = has ? parseInt64(value ?? "") : undefined;
      const wanted = r.values.length === 1 ? parseInt64(r.values[0] ?? "") : undefined;
      if (actual === undefined || wanted === undefined) return false;
      return r.operator === "gt" ? actual > wanted : actual < wanted;
    }
  }
}
//< requirement-matches

/** Requirement.String: `!key`, `key`, `key=v`, `key in (a,b)` with values sorted. */
export function requirementString(r: LabelRequirement): string {
  const op: Record<LabelOperator, string> = {
    "=": "=", "==": "==", "!=": "!=", in: " in ", notin: " notin ", gt: ">", lt: "<", exists: "", "!": "",
  };
  if (r.operator === "!") return "!" + r.key;
  if (r.operator === "exists") return r.key;
  const values = r.values.length === 1 ? (r.values[0] ?? "") : [...r.values].sort().join(",");
  const set = r.operator === "in" || r.operator === "notin";
  return r.key + op[r.operator] + (set ? `(${values})` : values);
}

/**
 * labels.Selector: an AND of requirements, kept sorted by key so that two selectors that mean
 * the same print the same. `nothing` is the special selector that matches no object at all.
 */
export class LabelsSelector {
  private constructor(
    readonly requirements: readonly LabelRequirement[],
    /** True only for LabelsSelector.nothing(). */
    readonly matchesNothing: boolean,
  ) {}

  /** labels.Everything(): no requirements, matches every object. */
  static everything(): LabelsSelector {
    return new LabelsSelector([], false);
  }

  /** labels.Nothing(): matches no object (what a null LabelSelector converts to). */
  static nothing(): LabelsSelector {
    return new LabelsSelector([], true);
  }

  /** A selector from requirements, sorted by key (stably: equal keys keep their order). */
  static of(requirements: readonly LabelRequirement[]): LabelsSelector {
    return new LabelsSelector(sortByKey(requirements), false);
  }

  matches(labels: Labels | undefined): boolean {
    if (this.matchesNothing) return false;
    return this.requirements.every((r) => requirementMatches(r, labels ?? {}));
  }

  /** Empty: does not restrict anything (true for everything(), false for nothing()). */
  isEmpty(): boolean {
    return !this.matchesNothing && this.requirements.length === 0;
  }

  /** Add: a new selector with more requirements (the nothing selector stays nothing). */
  add(...requirements: LabelRequirement[]): LabelsSelector {
    if (this.matchesNothing) return this;
    return LabelsSelector.of([...this.requirements, ...requirements]);
  }

  /** RequiresExactMatch: the single value the selector demands for `key`, if any. */
  requiresExactMatch(key: string): string | undefined {
    const r = this.requirements.find((req) => req.key === key);
    if (r === undefined || !["=", "==", "in"].includes(r.operator) || r.values.length !== 1) {
      return undefined;
    }
    return r.values[0];
  }

  /** String: the canonical text form, e.g. `app=web,env in (a,b),!legacy`. "" for both
   * everything() and nothing(). */
  toString(): string {
    return this.requirements.map(requirementString).join(",");
  }
}

function sortByKey(requirements: readonly LabelRequirement[]): LabelRequirement[] {
  return [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** labels.SelectorFromSet: `key=value` for each label; an empty set selects everything. */
export function selectorFromSet(labels: Labels | undefined): LabelsSelector {
  return LabelsSelector.of(
    Object.entries(labels ?? {}).map(([key, value]) => ({ key, operator: "=" as const, values: [value] })),
  );
}

//> label-selector-as-selector
const operatorFor: Readonly<Record<string, LabelOperator>> = {
  In: "in",
  NotIn: "notin",
  Exists: "exists",
  DoesNotExist: "!",
};

/**
 * metav1.LabelSelectorAsSelector: the structured selector of a Deployment, Service or
 * NetworkPolicy, as a LabelsSelector.
 * - null or undefined → nothing(): a missing selector selects no objects;
 * - `{}` (no matchLabels, no matchExpressions) → everything(): an empty one selects all.
 * Throws LabelSelectorError for an invalid key, value or operator.
 */
export function labelSelectorAsSelector(ls: LabelSelector | null | undefined): LabelsSelector {
  if (ls === null || ls === undefined) return LabelsSelector.nothing();
  const matchLabels = Object.entries(ls.matchLabels ?? {});
  const expressions = ls.matchExpressions ?? [];
  if (matchLabels.length + expressions.length === 0) return LabelsSelector.everything();
  const requirements: LabelRequirement[] = [];
  for (const [key, value] of matchLabels) requirements.push(newRequirement(key, "=", [value]));
  for (const expr of expressions) {
    const op = Object.hasOwn(operatorFor, expr.operator) ? operatorFor[expr.operator] : undefined;
    if (op === undefined) {
      throw new LabelSelectorError(`${goQuote(String(expr.operator))} is not a valid pod selector operator`);
    }
    requirements.push(newRequirement(expr.key, op, expr.values ?? []));
  }
  return LabelsSelector.of(requirements);
}
//< label-selector-as-selector

/**
 * ValidateLabelSelector: what the API server checks on a Deployment's `spec.selector`, with
 * its messages. Returns every problem; an empty list means valid.
 */
export function validateLabelSelector(
  ls: LabelSelector | null | undefined,
  path: FieldPath,
): FieldErrorList {
  if (ls === null || ls === undefined) return [];
  const errs = validateLabels(ls.matchLabels, path.child("matchLabels"));
  (ls.matchExpressions ?? []).forEach((expr, i) => {
    errs.push(...validateLabelSelectorRequirement(expr, path.child("matchExpressions").index(i)));
  });
  return errs;
}

function validateLabelSelectorRequirement(sr: LabelSelectorRequirement, path: FieldPath): FieldErrorList {
  const errs: FieldErrorList = [];
  const values = sr.values ?? [];
  switch (sr.operator) {
    case "In":
    case "NotIn":
      if (values.length === 0) {
        errs.push(field.required(path.child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
      }
      break;
    case "Exists":
    case "DoesNotExist":
      if (values.length > 0) {
        errs.push(field.forbidden(path.child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      }
      break;
    default:
      errs.push(field.invalid(path.child("operator"), sr.operator, "not a valid selector operator"));
  }
  for (const msg of isQualifiedName(sr.key)) errs.push(field.invalid(path.child("key"), sr.key, msg));
  values.forEach((v, i) => {
    for (const msg of isValidLabelValue(v)) errs.push(field.invalid(path.child("values").index(i), v, msg));
  });
  return errs;
}
