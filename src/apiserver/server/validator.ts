// Validation and decoding as the pipeline's Validator and Decoder, over one ValidateObject
// (src/apiserver/validation's by default): the decoder refuses what does not decode (400s) before
// admission runs; the validator, after mutating admission, answers 422s and the warnings.
//
// Only the kinds that are stored are schema-validated: the subresources' own kinds (Binding,
// Eviction, Scale) and the reviews (SelfSubjectAccessReview, SelfSubjectRulesReview) are checked
// by their handlers, as upstream's BindingREST, EvictionREST, ScaleREST and the reviews' REST
// storage check them.

import { newInternalError } from "../../api/status";
import type { Decoder, FieldValidation, ValidationResult, Validator } from "../pipeline/rest-handler";
import { fieldValidationOf } from "../pipeline/rest-handler";
import type { RequestInfo } from "../pipeline/request-info";
import type { KubeObject } from "../types";
import { decodeBody, resolveResource, targetOf, validateWriteOptions, type ResolvedResource } from "./decode";
import type { ValidateObject } from "./validation-hook";

const reviews: ReadonlySet<string> = new Set(["selfsubjectaccessreviews", "selfsubjectrulesreviews"]);
const isSchemaValidated = (r: ResolvedResource) => !reviews.has(r.info.resource) && (r.sub === undefined || r.sub.name === "status");

/** A ValidateObject that never throws: a bug in it is a 500, not a crashed request. */
function guarded(validate: ValidateObject): ValidateObject {
  return (object, target, operation, fv) => {
    try {
      return validate(object, target, operation, fv);
    } catch (err) {
      return { error: newInternalError(err instanceof Error ? err : String(err)), warnings: [] };
    }
  };
}

export function schemaValidator(validate: ValidateObject): Validator {
  const safe = guarded(validate);
  return (object: KubeObject, info: RequestInfo, operation, fieldValidation: FieldValidation): ValidationResult => {
    if (operation !== "CREATE" && operation !== "UPDATE") return { warnings: [] };
    const resolved = resolveResource(info);
    if (!isSchemaValidated(resolved)) return { warnings: [] };
    return safe(object, targetOf(resolved), operation, fieldValidation);
  };
}

export function requestDecoder(validate: ValidateObject): Decoder {
  const safe = guarded(validate);
  const noValidation: ValidateObject = () => ({ warnings: [] });
  return (body, info, operation, query) => {
    const resolved = resolveResource(info);
    validateWriteOptions(info.verb, query);
    if (operation === "DELETE" || operation === "CONNECT") return undefined;
    return decodeBody(body, resolved, info.namespace, isSchemaValidated(resolved) ? safe : noValidation, operation, fieldValidationOf(query));
  };
}
