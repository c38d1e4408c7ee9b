// ValidateObjectMeta: the checks every stored object's `metadata` goes through, whatever its kind.
//
//   Pod "Web" is invalid: metadata.name: Invalid value: "Web": a lowercase RFC 1123 subdomain ...
//
// The kind decides only two things: whether the object lives in a namespace, and which rule its
// name follows (a name function, below). Everything else is the same for all kinds: labels,
// annotation keys and their total size, owner references, finalizers, generation.
//
// Reference: k8s.io/apimachinery/pkg/api/validation/objectmeta.go (ValidateObjectMetaAccessor,
// ValidateAnnotations, ValidateOwnerReferences, ValidateFinalizers) and generic.go (the name
// functions, maskTrailingDash).
//
// SIMPLIFICATION: without the stored object we cannot run ValidateObjectMetaUpdate (name,
// namespace, uid and creationTimestamp are immutable) on UPDATE; managedFields are not checked.

import { field, type FieldErrorList, type FieldPath } from "../../api/field-errors";
import { utf8Length } from "../../api/go-quote";
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, validateLabels } from "../../api/names";
import type { KubeObject } from "../types";

/** A name rule: the problems with `name`; `prefix` is true for a generateName. */
export type NameFunc = (name: string, prefix: boolean) => string[];

/**
 * generic.go's maskTrailingDash: a generateName may end with "-" (a suffix follows). Upstream
 * cuts *two* characters before appending "a"; we keep that quirk, it never matters for validity.
 */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith("-") ? name.slice(0, -2) + "a" : name;
}

export const nameIsDNSSubdomain: NameFunc = (name, prefix) => isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);
export const nameIsDNSLabel: NameFunc = (name, prefix) => isDNS1123Label(prefix ? maskTrailingDash(name) : name);
export const nameIsDNS1035Label: NameFunc = (name, prefix) => isDNS1035Label(prefix ? maskTrailingDash(name) : name);

/** path.ValidatePathSegmentName: RBAC object names only need to be usable in a URL path. */
export const pathSegmentName: NameFunc = (name, prefix) => {
  if (!prefix) {
    for (const illegal of [".", ".."]) if (name === illegal) return [`may not be '${illegal}'`];
  }
  return ["/", "%"].filter((c) => name.includes(c)).map((c) => `may not contain '${c}'`);
};

/** apimachineryvalidation.TotalAnnotationSizeLimitB: 256 kB for all keys and values together. */
export const TotalAnnotationSizeLimitB = 256 * (1 << 10);

/** ValidateNonnegativeField. */
export function validateNonnegativeField(value: number, path: FieldPath): FieldErrorList {
  return value < 0 ? [field.invalid(path, value, "must be greater than or equal to 0")] : [];
}

/** ValidateAnnotations: keys are qualified names (case-insensitive); the total size is limited. */
export function validateAnnotations(annotations: Readonly<Record<string, string>> | undefined, path: FieldPath): FieldErrorList {
  const errs: FieldErrorList = [];
  let total = 0;
  for (const key of Object.keys(annotations ?? {}).sort()) {
    for (const msg of isQualifiedName(key.toLowerCase())) errs.push(field.invalid(path, key, msg));
    total += utf8Length(key) + utf8Length(annotations?.[key] ?? "");
  }
  if (total > TotalAnnotationSizeLimitB) errs.push(field.tooLong(path, "", TotalAnnotationSizeLimitB));
  return errs;
}

interface OwnerReference {
  apiVersion?: string;
  kind?: string;
  name?: string;
  uid?: string;
  controller?: boolean;
}

/** ValidateOwnerReferences. Upstream reports at `metadata.ownerReferences`, without an index. */
function validateOwnerReferences(refs: readonly OwnerReference[], path: FieldPath): FieldErrorList {
  const errs: FieldErrorList = [];
  let firstController = "";
  for (const ref of refs) {
    const apiVersion = ref.apiVersion ?? "";
    const version = apiVersion.includes("/") ? apiVersion.slice(apiVersion.indexOf("/") + 1) : apiVersion;
    if (version === "") errs.push(field.invalid(path.child("apiVersion"), apiVersion, "version must not be empty"));
    if (!ref.kind) errs.push(field.invalid(path.child("kind"), ref.kind ?? "", "kind must not be empty"));
    if (!ref.name) errs.push(field.invalid(path.child("name"), ref.name ?? "", "name must not be empty"));
    if (!ref.uid) errs.push(field.invalid(path.child("uid"), ref.uid ?? "", "uid must not be empty"));
    // BannedOwners: a core/v1 Event may not own anything.
    if (apiVersion === "v1" && ref.kind === "Event") errs.push(field.invalid(path, ref, "/v1, Kind=Event is disallowed from being an owner"));
    if (ref.controller === true) {
      const current = `${ref.kind ?? ""}/${ref.name ?? ""}`;
      if (firstController === "") firstController = current;
      else {
        errs.push(field.invalid(path, refs, `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`));
      }
    }
  }
  return errs;
}

/** ValidateFinalizers: qualified names, and not both orphan and foregroundDeletion. */
function validateFinalizers(finalizers: readonly string[], path: FieldPath): FieldErrorList {
  const errs: FieldErrorList = [];
  for (const f of finalizers) for (const msg of isQualifiedName(f)) errs.push(field.invalid(path, f, msg));
  if (finalizers.includes("orphan") && finalizers.includes("foregroundDeletion")) {
    errs.push(field.invalid(path, finalizers, "finalizer orphan and foregroundDeletion cannot be both set"));
  }
  return errs;
}

//> validate-object-meta
/**
 * ValidateObjectMeta(meta, requiresNamespace, nameFn, fldPath). A namespaced kind must carry a
 * namespace (the handler copies it from the URL before validation); a cluster-scoped one must not.
 */
export function validateObjectMeta(
  meta: KubeObject["metadata"],
  requiresNamespace: boolean,
  nameFn: NameFunc,
  path: FieldPath,
): FieldErrorList {
  const m = meta ?? {};
  const errs: FieldErrorList = [];
  const generateName = m.generateName ?? "";
  const name = m.name ?? "";
  if (generateName !== "") {
    for (const msg of nameFn(generateName, true)) errs.push(field.invalid(path.child("generateName"), generateName, msg));
  }
  // Upstream generates the name (rest.BeforeCreate) before validating, so an object that only has
  // a generateName never reaches this check there. We accept it, whichever order the caller uses.
  if (name === "") {
    if (generateName === "") errs.push(field.required(path.child("name"), "name or generateName is required"));
  } else {
    for (const msg of nameFn(name, false)) errs.push(field.invalid(path.child("name"), name, msg));
  }
  const namespace = m.namespace ?? "";
  if (requiresNamespace) {
    if (namespace === "") errs.push(field.required(path.child("namespace"), ""));
    else for (const msg of nameIsDNSLabel(namespace, false)) errs.push(field.invalid(path.child("namespace"), namespace, msg));
  } else if (namespace !== "") {
    errs.push(field.forbidden(path.child("namespace"), "not allowed on this type"));
  }
  errs.push(...validateNonnegativeField(m.generation ?? 0, path.child("generation")));
  errs.push(...validateLabels(m.labels, path.child("labels")));
  errs.push(...validateAnnotations(m.annotations, path.child("annotations")));
  errs.push(...validateOwnerReferences((m.ownerReferences ?? []) as OwnerReference[], path.child("ownerReferences")));
  errs.push(...validateFinalizers(m.finalizers ?? [], path.child("finalizers")));
  return errs;
}
//< validate-object-meta
