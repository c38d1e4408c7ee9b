// Where the server meets schema validation: the signature of src/apiserver/validation's
// validateObject, which ApiServerOptions.validateObject may replace (tests, other schemas).
//
//   validateObject(object, target, operation, fieldValidation) → { error?, warnings }
//
// `error` is a 422 Invalid (or a 400 BadRequest: a wrongly typed field, or `strict decoding
// error: unknown field ...` when fieldValidation is Strict); `warnings` go to `Warning:` headers
// (unknown fields in Warn mode). Upstream the same happens in two places: the decoder (400s,
// unknown fields) and the strategy's Validate (422s), k8s.io/apiserver/pkg/endpoints/handlers.

import type { FieldValidation, ValidationResult } from "../pipeline/rest-handler";
import type { KubeObject } from "../types";
import type { ValidationTarget } from "../validation/validate-object";

export type { ValidationTarget };

export type ValidateObject = (
  object: KubeObject,
  target: ValidationTarget,
  operation: "CREATE" | "UPDATE",
  fieldValidation: FieldValidation,
) => ValidationResult;
