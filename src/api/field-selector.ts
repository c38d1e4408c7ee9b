// Field selectors: `kubectl get pods --field-selector spec.nodeName=node-1,status.phase!=Failed`.
//
// A field selector is a much smaller language than a label selector: terms joined by commas
// (AND), each `field=value`, `field==value` or `field!=value`. The fields are not free-form:
// each kind declares the few fields it can be selected on (`metadata.name` and
// `metadata.namespace` for every kind, plus e.g. `spec.nodeName` and `status.phase` for Pods),
// because the API server evaluates them against a small precomputed map, not the object.
// The kubelet relies on one of them: it watches `pods?fieldSelector=spec.nodeName=<its node>`.
// And `kubectl delete` waits for deletion by watching `metadata.name=<name>`.
//
// Values may contain `,` and `=` when escaped with a backslash: `a=x\,y` is one term.
//
// References: k8s.io/apimachinery/pkg/fields/selector.go (ParseSelector, splitTerms,
// splitTerm, UnescapeValue), k8s.io/apiserver/pkg/registry/generic/matcher.go
// (ObjectMetaFieldsSet), k8s.io/kubernetes/pkg/registry/core/pod/strategy.go
// (ToSelectableFields), and the "field label not supported" conversion errors of each kind.

/** The selectable fields of one object, e.g. { "metadata.name": "web", "status.phase": "Running" }. */
export type Fields = Readonly<Record<string, string>>;

export type FieldOperator = "=" | "==" | "!=";

export interface FieldRequirement {
  readonly field: string;
  readonly operator: FieldOperator;
  readonly value: string;
}

/** A malformed field selector, or one naming a field its kind does not support. */
export class FieldSelectorError extends Error {
  override readonly name: string = "FieldSelectorError";
}

//> field-selector-escaping
/** EscapeValue: `\`, `,` and `=` in a value are prefixed with a backslash. */
export function escapeFieldValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => "\\" + c);
}

/** UnescapeValue: the inverse; an unescaped `,` or `=`, or a stray `\`, is an error. */
export function unescapeFieldValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = "";
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== "\\" && c !== "," && c !== "=") {
        throw new FieldSelectorError(`invalid field selector: invalid escape sequence: \\${c}`);
      }
      out += c;
      inSlash = false;
    } else if (c === "\\") {
      inSlash = true;
    } else if (c === "," || c === "=") {
      // Upstream formats the rune with %v, which prints its code point: "=" is 61.
      throw new FieldSelectorError(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    } else {
      out += c;
    }
  }
  if (inSlash) throw new FieldSelectorError("invalid field selector: invalid escape sequence: \\");
  return out;
}
//< field-selector-escaping

/** fields.Selector: an AND of terms. A missing field reads as "", as in upstream's Set.Get. */
export class FieldsSelector {
  constructor(readonly requirements: readonly FieldRequirement[]) {}

  static everything(): FieldsSelector {
    return new FieldsSelector([]);
  }

  /** OneTermEqualSelector: the selector kubectl uses to watch one object by name. */
  static oneTermEqual(field: string, value: string): FieldsSelector {
    return new FieldsSelector([{ field, operator: "=", value }]);
  }

  matches(fields: Fields): boolean {
    return this.requirements.every((r) => {
      const actual = Object.hasOwn(fields, r.field) ? (fields[r.field] ?? "") : "";
      return r.operator === "!=" ? actual !== r.value : actual === r.value;
    });
  }

  isEmpty(): boolean {
    return this.requirements.length === 0;
  }

  /** The value an `=` term demands for `field`, which lets a store use an index. */
  requiresExactMatch(field: string): string | undefined {
    return this.requirements.find((r) => r.field === field && r.operator !== "!=")?.value;
  }

  /** String: `a=x,b!=y`, values escaped. `==` prints as `=`, as upstream's hasTerm does. */
  toString(): string {
    return this.requirements
      .map((r) => `${r.field}${r.operator === "!=" ? "!=" : "="}${escapeFieldValue(r.value)}`)
      .join(",");
  }
}

//> parse-field-selector
/**
 * fields.ParseSelector. Terms are sorted (as raw strings), empty terms are skipped, and each
 * term is split at the first `!=`, `==` or `=`: the field name cannot contain an operator.
 */
export function parseFieldSelector(selector: string): FieldsSelector {
  const requirements: FieldRequirement[] = [];
  for (const term of splitTerms(selector).sort()) {
    if (term === "") continue;
    const split = splitTerm(term);
    if (split === undefined) {
      throw new FieldSelectorError(`invalid selector: '${selector}'; can't understand '${term}'`);
    }
    requirements.push({ field: split.lhs, operator: split.op, value: unescapeFieldValue(split.rhs) });
  }
  return new FieldsSelector(requirements);
}

/** splitTerms: split on commas not preceded by a backslash (the backslash is kept). */
function splitTerms(s: string): string[] {
  if (s.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charAt(i);
    if (inSlash) inSlash = false;
    else if (c === "\\") inSlash = true;
    else if (c === ",") {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

/** splitTerm: `==` is tried before `=` so that "a==b" does not leave "=b" as the value. */
function splitTerm(term: string): { lhs: string; op: FieldOperator; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of ["!=", "==", "="] as const) {
      if (term.startsWith(op, i)) return { lhs: term.slice(0, i), op, rhs: term.slice(i + op.length) };
    }
  }
  return undefined;
}
//< parse-field-selector

//> selectable-fields
/** Reads one selectable field from an object; "" when the field is unset (Go's zero value).
 * Typed `any` because one registry serves objects of every kind. */
export type FieldGetter = (obj: any) => string;

/** Any object with the usual metadata (a Pod, a Node...); the kind's getters read the rest. */
interface WithMetadata {
  metadata?: { name?: string; namespace?: string };
}

const str = (v: unknown): string => (v === undefined || v === null ? "" : String(v));

/**
 * Which fields each kind can be selected on, and how to read them. The API server uses it to
 * reject unknown fields ("field label not supported: spec.foo") and to compute an object's
 * field set. Register extra kinds or fields with `register`.
 *
 * SIMPLIFICATION: kinds are keyed by kind name alone ("Pod"), not group/version/kind.
 */
export class SelectableFields {
  private readonly byKind = new Map<string, Map<string, FieldGetter>>();

  /** Add fields for a kind. metadata.name and metadata.namespace are always present. */
  register(kind: string, fields: Readonly<Record<string, FieldGetter>>): this {
    const known = this.byKind.get(kind) ?? new Map<string, FieldGetter>();
    for (const [name, getter] of Object.entries(fields)) known.set(name, getter);
    this.byKind.set(kind, known);
    return this;
  }

  supportedFields(kind: string): string[] {
    return ["metadata.name", "metadata.namespace", ...(this.byKind.get(kind)?.keys() ?? [])].sort();
  }

  /** The field set of `obj` (generic.ObjectMetaFieldsSet plus the kind's own fields). */
  fieldsOf<T extends WithMetadata>(kind: string, obj: T): Fields {
    const fields: Record<string, string> = {
      "metadata.name": str(obj.metadata?.name),
      "metadata.namespace": str(obj.metadata?.namespace),
    };
    for (const [name, getter] of this.byKind.get(kind) ?? []) fields[name] = getter(obj);
    return fields;
  }

  /** Throws FieldSelectorError for a field the kind does not support, with upstream's text. */
  validate(kind: string, selector: FieldsSelector): void {
    const supported = new Set(this.supportedFields(kind));
    for (const r of selector.requirements) {
      if (!supported.has(r.field)) throw new FieldSelectorError(`field label not supported: ${r.field}`);
    }
  }

  matches<T extends WithMetadata>(kind: string, selector: FieldsSelector, obj: T): boolean {
    return selector.matches(this.fieldsOf(kind, obj));
  }
}

/** The selectable fields of the built-in kinds this course uses, as upstream defines them. */
export function defaultSelectableFields(): SelectableFields {
  return new SelectableFields()
    .register("Pod", {
      "spec.nodeName": (p) => str(p.spec?.nodeName),
      "spec.restartPolicy": (p) => str(p.spec?.restartPolicy),
      "spec.schedulerName": (p) => str(p.spec?.schedulerName),
      "spec.serviceAccountName": (p) => str(p.spec?.serviceAccountName),
      "spec.hostNetwork": (p) => String(p.spec?.hostNetwork === true),
      "status.phase": (p) => str(p.status?.phase),
      "status.podIP": (p) => str(p.status?.podIPs?.[0]?.ip ?? p.status?.podIP),
      "status.nominatedNodeName": (p) => str(p.status?.nominatedNodeName),
    })
    .register("Node", { "spec.unschedulable": (n) => String(n.spec?.unschedulable === true) })
    .register("Namespace", { "status.phase": (ns) => str(ns.status?.phase) })
    .register("Secret", { type: (s) => str(s.type) })
    .register("ReplicaSet", { "status.replicas": (rs) => String(rs.status?.replicas ?? 0) })
    .register("Event", {
      "involvedObject.kind": (e) => str(e.involvedObject?.kind),
      "involvedObject.namespace": (e) => str(e.involvedObject?.namespace),
      "involvedObject.name": (e) => str(e.involvedObject?.name),
      "involvedObject.uid": (e) => str(e.involvedObject?.uid),
      reason: (e) => str(e.reason),
      type: (e) => str(e.type),
    });
}
//< selectable-fields
