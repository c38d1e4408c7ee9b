// Building the AdmissionReview a webhook receives, and checking the one it sends back.
//
// Reference: staging/src/k8s.io/apiserver/pkg/admission/plugin/webhook/request/
// admissionreview.go (CreateV1AdmissionReview, VerifyAdmissionResponse) and
// .../webhook/errors/statuserror.go (ToStatusErr).

import { StatusError, type ApiStatus } from "../../../api/status";
import type { AdmissionAttributes } from "../../types";
import type { AdmissionResponse, AdmissionReview } from "./types";

//> create-admission-review
export function createAdmissionReview(a: AdmissionAttributes, uid: string): AdmissionReview {
  return {
    apiVersion: "admission.k8s.io/v1",
    kind: "AdmissionReview",
    request: {
      uid,
      kind: { ...a.kind },
      resource: { ...a.resource },
      ...(a.subresource ? { subResource: a.subresource } : {}),
      // SIMPLIFICATION: no version conversion (matchPolicy Equivalent), so the request's own
      // kind and resource are the ones the webhook matched.
      requestKind: { ...a.kind },
      requestResource: { ...a.resource },
      ...(a.subresource ? { requestSubResource: a.subresource } : {}),
      ...(a.name ? { name: a.name } : {}),
      ...(a.namespace ? { namespace: a.namespace } : {}),
      operation: a.operation,
      userInfo: {
        username: a.userInfo.name,
        ...(a.userInfo.uid ? { uid: a.userInfo.uid } : {}),
        groups: [...a.userInfo.groups],
        ...(a.userInfo.extra ? { extra: a.userInfo.extra } : {}),
      },
      object: a.object ?? null,
      oldObject: a.oldObject ?? null,
      dryRun: a.dryRun,
    },
  };
}
//< create-admission-review

/**
 * VerifyAdmissionResponse: the reply must be an admission.k8s.io/v1 AdmissionReview answering
 * *this* request (same uid), and only a mutating webhook may send a patch, typed JSONPatch.
 * Throws an Error whose message upstream prefixes with "received invalid webhook response: ".
 */
export function verifyAdmissionResponse(uid: string, mutating: boolean, body: unknown): AdmissionResponse {
  const review = body as Partial<AdmissionReview> | null;
  if (typeof review !== "object" || review === null) throw new Error("webhook response was not a JSON object");
  if (review.apiVersion !== "admission.k8s.io/v1" || review.kind !== "AdmissionReview") {
    throw new Error(`expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got ${String(review.apiVersion)}, Kind=${String(review.kind)}`);
  }
  const r = review.response;
  if (r === undefined || r === null) throw new Error("webhook response was absent");
  if (r.uid !== uid) throw new Error(`expected response.uid=${JSON.stringify(uid)}, got ${JSON.stringify(r.uid)}`);
  if (typeof r.allowed !== "boolean") throw new Error("webhook response.allowed must be a boolean");
  if (mutating) {
    if (r.patch && r.patchType === undefined) throw new Error("webhook returned response.patch but not response.patchType");
    if (r.patchType !== undefined && r.patchType !== "JSONPatch") throw new Error(`webhook returned invalid response.patchType of ${JSON.stringify(r.patchType)}`);
  } else {
    if (r.patch) throw new Error("validating webhooks may not return patches");
    if (r.patchType !== undefined) throw new Error("validating webhooks may not return response.patchType");
  }
  return r;
}

/**
 * ToStatusErr: a refusal as the client sees it. The webhook's own status is kept, with the
 * message prefixed by `admission webhook "<name>" denied the request`, and a code of at least 400.
 */
export function toStatusErr(webhookName: string, result: Partial<ApiStatus> | undefined): StatusError {
  const deniedBy = `admission webhook ${JSON.stringify(webhookName)} denied the request`;
  const code = result?.code === undefined || result.code < 400 ? 400 : result.code;
  const message = result?.message ? `${deniedBy}: ${result.message}`
    : result?.reason ? `${deniedBy}: ${result.reason}`
    : `${deniedBy} without explanation`;
  const status: ApiStatus = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message };
  if (result?.reason) status.reason = result.reason;
  if (result?.details) status.details = result.details;
  status.code = code;
  return new StatusError(status);
}
