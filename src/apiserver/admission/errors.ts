// Admission errors as the client sees them. A refusal is a Status: `403 Forbidden` with the
// message `pods "web" is forbidden: <why>` (admission.NewForbidden), or `422 Invalid` with field
// causes (admission.NewInvalid... upstream builds it with apierrors.NewInvalid).
//
// Reference: k8s.io/apiserver/pkg/admission/errors.go.

import { newForbidden, newInternalError, newInvalid, StatusError } from "../../api/status";
import type { FieldError } from "../../api/field-errors";
import type { AdmissionAttributes } from "../types";

/**
 * extractResourceName: the name to print. On CREATE the request has no name yet when the
 * object uses `generateName`, so upstream falls back to the object's name, then its
 * generateName, then "Unknown".
 */
export function extractResourceName(a: AdmissionAttributes): string {
  if (a.name !== "") return a.name;
  const meta = a.object?.metadata;
  if (meta?.name) return meta.name;
  if (meta?.generateName) return meta.generateName;
  return "Unknown";
}

/** admission.NewForbidden: `pods "web" is forbidden: <err>`. A Forbidden error is not wrapped twice. */
export function admissionForbidden(a: AdmissionAttributes, err: Error | string): StatusError {
  if (err instanceof StatusError && err.reason === "Forbidden") return err;
  return newForbidden(
    { group: a.resource.group, resource: a.resource.resource },
    extractResourceName(a),
    err,
  );
}

/** admission.NewInvalid style: `Pod "web" is invalid: spec.x: ...`, 422 with causes. */
export function admissionInvalid(a: AdmissionAttributes, errs: readonly FieldError[]): StatusError {
  return newInvalid({ group: a.kind.group, kind: a.kind.kind }, extractResourceName(a), errs);
}

/**
 * What the chain does with anything a plugin throws: a StatusError keeps its code and message;
 * anything else is a bug or an I/O failure and becomes `500 Internal error occurred: ...`.
 */
export function toStatusError(err: unknown): StatusError {
  if (err instanceof StatusError) return err;
  if (err instanceof Error) return newInternalError(err);
  return newInternalError(String(err));
}
