// SelfSubjectAccessReview: "may I?", asked of the API server itself. `kubectl auth can-i create
// deployments -n prod` POSTs one to /apis/authorization.k8s.io/v1/selfsubjectaccessreviews and
// prints "yes" or "no" from status.allowed. The answer runs the same authorizer chain a real
// request would, for the user who asks (after impersonation, so `--as` works too).
//
// Upstream: k8s.io/kubernetes/pkg/registry/authorization/selfsubjectaccessreview/rest.go,
// pkg/registry/authorization/util (ResourceAttributesFrom, NonResourceAttributesFrom) and
// pkg/apis/authorization/validation (ValidateSelfSubjectAccessReviewSpec).

import type { SelfSubjectAccessReview, SubjectAccessReviewStatus } from "kubernetes-types/authorization/v1";
import { field, FieldPath } from "../../api/field-errors";
import { newInvalid, type StatusError } from "../../api/status";
import type { RequestAttributes, UserInfo } from "../types";
import type { Authorizer } from "./authorizer";

/** The attributes to authorize for a review spec (an empty version means every version: "*"). */
export function reviewAttributes(user: UserInfo, spec: SelfSubjectAccessReview["spec"]): RequestAttributes {
  const r = spec.resourceAttributes;
  if (r !== undefined) {
    return {
      user, verb: r.verb ?? "", isResourceRequest: true, path: "", namespace: r.namespace ?? "", apiGroup: r.group ?? "",
      apiVersion: r.version || "*", resource: r.resource ?? "", subresource: r.subresource ?? "", name: r.name ?? "",
    };
  }
  const n = spec.nonResourceAttributes ?? {};
  return {
    user, verb: n.verb ?? "", isResourceRequest: false, path: n.path ?? "",
    namespace: "", apiGroup: "", apiVersion: "", resource: "", subresource: "", name: "",
  };
}

//> self-subject-access-review
/** Creates a SelfSubjectAccessReview: the review with its status filled in, or 422 Invalid. */
export async function selfSubjectAccessReview(
  authorizer: Authorizer,
  user: UserInfo,
  review: SelfSubjectAccessReview,
): Promise<SelfSubjectAccessReview | StatusError> {
  const spec = review.spec ?? {};
  const specPath = FieldPath.of("spec");
  if (spec.resourceAttributes !== undefined && spec.nonResourceAttributes !== undefined) {
    return newInvalid({ group: "authorization.k8s.io", kind: "SelfSubjectAccessReview" }, "", [
      field.invalid(specPath.child("nonResourceAttributes"), spec.nonResourceAttributes, "cannot be specified in combination with resourceAttributes"),
    ]);
  }
  if (spec.resourceAttributes === undefined && spec.nonResourceAttributes === undefined) {
    return newInvalid({ group: "authorization.k8s.io", kind: "SelfSubjectAccessReview" }, "", [
      field.invalid(specPath.child("resourceAttributes"), spec.nonResourceAttributes, "exactly one of nonResourceAttributes or resourceAttributes must be specified"),
    ]);
  }
  const result = await authorizer.authorize(reviewAttributes(user, spec));
  const status: SubjectAccessReviewStatus = { allowed: result.decision === "Allow" };
  if (result.decision === "Deny") status.denied = true;
  if (result.reason !== "") status.reason = result.reason;
  if (result.error !== undefined) status.evaluationError = result.error.message;
  return {
    apiVersion: "authorization.k8s.io/v1",
    kind: "SelfSubjectAccessReview",
    metadata: review.metadata ?? {},
    spec,
    status,
  };
}
//< self-subject-access-review
