// validateObject: everything the API server checks about an object's *content* before admission's
// validating plugins and storage see it. Three stages, in upstream's order:
//
//   1. Decode (400 BadRequest). A wrongly typed value stops the request:
//        Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal
//        string into Go struct field DeploymentSpec.spec.replicas of type int32
//   2. Unknown fields, as the request's `fieldValidation` asks (KEP-2885):
//        Strict  400 `... cannot be handled as a Pod: strict decoding error: unknown field "spec.foo"`
//        Warn    a `Warning:` header per field, `unknown field "spec.foo"`, and the write goes on
//        Ignore  the fields are silently dropped (when stored)
//   3. Semantic validation (422 Invalid), every problem at once:
//        Pod "web" is invalid: spec.containers: Required value
//
// Reference: k8s.io/apiserver/pkg/endpoints/handlers/create.go and update.go (decode,
// transformDecodeError, addStrictDecodingWarnings), k8s.io/apimachinery/pkg/runtime/error.go
// (strictDecodingError), and each kind's strategy Validate / ValidateUpdate.
//
// What this does not do: the request namespace vs metadata.namespace check ("the namespace of the
// provided object does not match the namespace sent on the request") and apiVersion/kind vs URL
// checks belong to the handler; defaulting is not done here; immutability on UPDATE needs the
// stored object, which this function does not receive.
//
// SIMPLIFICATION: unknown fields are reported but not removed; the caller decides whether to
// prune them before storing (upstream's typed decoding drops them as a side effect).

import { newBadRequest, newInvalid, type StatusError } from "../../api/status";
import { field, type FieldErrorList } from "../../api/field-errors";
import type { KubeObject } from "../types";
import { decodeAgainst, unknownFieldMessage } from "./decode";
import { kindRules } from "./kinds";
import { nameIsDNSSubdomain, validateObjectMeta } from "./object-meta";
import { definitionNameFor } from "./schema";
import type { FieldValidation, ValidationResult } from "../pipeline/rest-handler";

/** The resource being written, as the handler resolved it from the URL. */
export interface ValidationTarget {
  group: string;
  version: string;
  kind: string;
  resource: string;
  namespaced: boolean;
}

// The pipeline's validation phase defines what validation answers: FieldValidation (the request's
// `fieldValidation`) and ValidationResult (a 400/422 error, and warnings in document order).
export type { FieldValidation, ValidationResult } from "../pipeline/rest-handler";

//> validate-object
export function validateObject(
  object: KubeObject,
  target: ValidationTarget,
  operation: "CREATE" | "UPDATE",
  fieldValidation: FieldValidation,
): ValidationResult {
  const warnings: string[] = [];

  // 1 and 2: decoding. The message names the kind and version the *body* claims (the URL's when
  // the body says nothing) and the kind the server decodes into.
  const definition = definitionNameFor(target);
  if (definition !== undefined) {
    const decoded = decodeAgainst(object, definition);
    const apiVersion = typeof object.apiVersion === "string" ? object.apiVersion : "";
    const bodyKind = typeof object.kind === "string" && object.kind !== "" ? object.kind : target.kind;
    const bodyVersion = apiVersion === "" ? target.version : apiVersion.slice(apiVersion.indexOf("/") + 1);
    const cannotHandle = (err: string): StatusError =>
      newBadRequest(`${bodyKind} in version "${bodyVersion}" cannot be handled as a ${target.kind}: ${err}`);
    if (decoded.error !== undefined) return { error: cannotHandle(decoded.error), warnings };
    const unknown = decoded.unknownFields.map(unknownFieldMessage);
    if (unknown.length > 0 && fieldValidation === "Strict") {
      return { error: cannotHandle(`strict decoding error: ${unknown.join(", ")}`), warnings };
    }
    if (fieldValidation === "Warn") warnings.push(...unknown);
  }

  // 3: semantic validation, ObjectMeta first, then the kind's own rules.
  const rules = kindRules[`${target.group}/${target.kind}`];
  const errs: FieldErrorList = [];
  const nameFn = rules === undefined ? nameIsDNSSubdomain : rules.nameFn;
  if (nameFn !== undefined) {
    const metaErrs = validateObjectMeta(object.metadata, target.namespaced, nameFn, field.newPath("metadata"));
    // ValidateObjectMetaUpdate does not re-check the name or namespace (both are immutable and
    // were valid on create); the rest of the metadata is checked again.
    const skipOnUpdate = new Set(["metadata.name", "metadata.generateName", "metadata.namespace"]);
    errs.push(...(operation === "UPDATE" ? metaErrs.filter((e) => !skipOnUpdate.has(e.field)) : metaErrs));
  }
  if (rules?.validate !== undefined) errs.push(...rules.validate(object));
  if (errs.length > 0) {
    return { error: newInvalid({ group: target.group, kind: target.kind }, object.metadata?.name ?? "", errs), warnings };
  }
  return { warnings };
}
//< validate-object
