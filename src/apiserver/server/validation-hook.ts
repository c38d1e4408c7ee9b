// Where the server meets schema validation. The contract with src/apiserver/validation:
//
//   validateObject(object, target, operation, fieldValidation) → { error?, warnings }
//
// `error` is a 422 Invalid (or a 400 BadRequest: a wrongly typed field, or `strict decoding
// error: unknown field ...` when fieldValidation is Strict); `warnings` go to `Warning:` headers
// (unknown fields in Warn mode). Upstream the same happens in two places: the decoder (400s,
// unknown fields) and the strategy's Validate (422s), k8s.io/apiserver/pkg/endpoints/handlers.
//
// `metadataOnlyValidation` is the fallback when no schema validator is given: it checks what
// every kind shares (ObjectMeta: the name and the labels), with upstream's messages.

import { field, FieldPath, type FieldError } from "../../api/field-errors";
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, validateLabels } from "../../api/names";
import { newBadRequest, newInvalid, type StatusError } from "../../api/status";
import type { FieldValidation } from "../pipeline/rest-handler";
import type { KubeObject } from "../types";

export interface ValidationTarget {
  group: string;
  version: string;
  kind: string;
  resource: string;
  namespaced: boolean;
}

export type ValidateObject = (
  object: KubeObject,
  target: ValidationTarget,
  operation: "CREATE" | "UPDATE",
  fieldValidation: FieldValidation,
) => { error?: StatusError; warnings: string[] };

/** The name rule of each kind (its strategy's ValidateNameFunc); DNS subdomain for the rest. */
function nameRule(target: ValidationTarget): (name: string) => string[] {
  if (target.group === "" && (target.kind === "Namespace")) return isDNS1123Label;
  if (target.group === "" && target.kind === "Service") return isDNS1035Label;
  return isDNS1123Subdomain;
}

/** path.IsValidPathSegmentName: names end up in URLs. */
function pathSegmentErrors(name: string): string[] {
  if (name === "." || name === "..") return [`may not be '${name}'`];
  for (const c of ["/", "%"]) if (name.includes(c)) return [`may not contain '${c}'`];
  return [];
}

//> apiserver-metadata-validation
/** ValidateObjectMeta's checks of the name and labels, with upstream's messages. */
export const metadataOnlyValidation: ValidateObject = (object, target) => {
  const meta = object.metadata;
  if (meta !== undefined && (typeof meta !== "object" || meta === null || Array.isArray(meta))) {
    return { error: newBadRequest(`${target.kind} in version "${target.version}" cannot be handled as a ${target.kind}: json: cannot unmarshal ${typeName(meta)} into Go struct field ${target.kind}.metadata of type v1.ObjectMeta`), warnings: [] };
  }
  const errs: FieldError[] = [];
  const name = typeof meta?.name === "string" ? meta.name : "";
  const namePath = FieldPath.of("metadata", "name");
  if (name === "" && !meta?.generateName) errs.push(field.required(namePath, "name or generateName is required"));
  if (name !== "") {
    for (const msg of [...pathSegmentErrors(name), ...nameRule(target)(name)]) errs.push(field.invalid(namePath, name, msg));
  }
  const labels = meta?.labels;
  if (labels !== undefined && (typeof labels !== "object" || labels === null || Array.isArray(labels) || Object.values(labels).some((v) => typeof v !== "string"))) {
    return { error: newBadRequest(`${target.kind} in version "${target.version}" cannot be handled as a ${target.kind}: json: cannot unmarshal ${typeName(labels)} into Go struct field ObjectMeta.metadata.labels of type map[string]string`), warnings: [] };
  }
  errs.push(...validateLabels(labels, FieldPath.of("metadata", "labels")));
  if (errs.length === 0) return { warnings: [] };
  return { error: newInvalid({ group: target.group, kind: target.kind }, name, errs), warnings: [] };
};
//< apiserver-metadata-validation

function typeName(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (v === null) return "null";
  if (typeof v === "object") return "object";
  if (typeof v === "boolean") return "bool";
  return typeof v;
}
