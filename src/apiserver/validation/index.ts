// control-plane/apiserver/validation: schema validation against the Kubernetes OpenAPI
// definitions, and the OpenAPI documents the server serves.
//
// validate-object   decode errors (400), unknown fields per fieldValidation, 422 Invalid
// object-meta       ValidateObjectMeta, shared by every kind
// pod-rules, workload-rules, core-rules, rbac-rules   each kind's own checks (kinds.ts maps them)
// decode            the JSON body walked against the schemas: Go's type errors, unknown fields
// schema            the definitions generated from kubernetes-types (definitions.generated.ts)
// patch-metadata    upstream's patchStrategy / patchMergeKey / listType per field: the generator
//                   copies it into the definitions, registry/patch.ts merges with it
// openapi-v2, openapi-v3   /openapi/v2, /openapi/v3 and /openapi/v3/<group version>
//
// Runs in the browser: no `node:` imports here.

export { type FieldValidation, validateObject, type ValidationResult, type ValidationTarget } from "./validate-object";
export { definitionNameFor, definitions, type GroupVersionKind, type Schema } from "./schema";
export { openApiV2Document, type OpenApiV2Document } from "./openapi-v2";
export { type JsonObject, openApiV3Document, openApiV3Json, openApiV3Paths, type OpenApiV3Discovery } from "./openapi-v3";
export { type FieldPatchMeta, patchMetadata, patchMetaFor } from "./patch-metadata";
