// The Webhook mode: the API server asks an external service, POSTing a SubjectAccessReview and
// reading the decision from its status:
//
//   request  {"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview",
//             "spec":{"resourceAttributes":{"namespace":"default","verb":"get","group":"",
//                     "version":"v1","resource":"pods","name":"web"},
//                     "user":"bob","groups":["dev","system:authenticated"]}}
//   response {"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview",
//             "status":{"allowed":false,"denied":true,"reason":"bob is on leave"}}
//
// allowed -> Allow; denied -> Deny (stops the chain: this is how a webhook can veto what RBAC
// would allow, if it comes first); neither -> NoOpinion.
//
// Upstream: k8s.io/apiserver/plugin/pkg/authorizer/webhook/webhook.go.
// SIMPLIFICATION: no decision cache (upstream caches allows for 5 minutes and denials for 30
// seconds), no retry with backoff, no match conditions. A transport failure gives NoOpinion with
// the error, as the legacy --authorization-webhook-* flags do; the HTTP client is injected.

import type { SubjectAccessReview } from "kubernetes-types/authorization/v1";
import type { RequestAttributes } from "../types";
import { type Authorizer, type AuthorizerResult, noOpinion } from "./authorizer";
import { cannotResolveRules, type SubjectRuleResolver } from "./rule-resolver";

/** Sends the review to the webhook and returns its answer (an HTTPS POST in production). */
export type SubjectAccessReviewTransport = (review: SubjectAccessReview) => Promise<unknown>;

//> build-subject-access-review
export function buildSubjectAccessReview(attrs: RequestAttributes): SubjectAccessReview {
  const review: SubjectAccessReview = {
    apiVersion: "authorization.k8s.io/v1",
    kind: "SubjectAccessReview",
    spec: { user: attrs.user.name, groups: [...attrs.user.groups] },
  };
  if (attrs.user.uid) review.spec.uid = attrs.user.uid;
  if (attrs.user.extra && Object.keys(attrs.user.extra).length > 0) review.spec.extra = attrs.user.extra;
  if (attrs.isResourceRequest) {
    review.spec.resourceAttributes = {
      namespace: attrs.namespace, verb: attrs.verb, group: attrs.apiGroup, version: attrs.apiVersion,
      resource: attrs.resource, subresource: attrs.subresource, name: attrs.name,
    };
  } else {
    review.spec.nonResourceAttributes = { path: attrs.path, verb: attrs.verb };
  }
  return review;
}
//< build-subject-access-review

/** Reads the decision from a webhook's response, checking its shape. */
export function parseSubjectAccessReviewResponse(body: unknown): AuthorizerResult {
  const r = body as { apiVersion?: unknown; kind?: unknown; status?: { allowed?: unknown; denied?: unknown; reason?: unknown; evaluationError?: unknown } };
  if (typeof body !== "object" || body === null || r.kind !== "SubjectAccessReview") {
    return { ...noOpinion(), error: new Error("webhook response is not a SubjectAccessReview") };
  }
  if (r.apiVersion !== "authorization.k8s.io/v1" && r.apiVersion !== "authorization.k8s.io/v1beta1") {
    return { ...noOpinion(), error: new Error(`expected response of authorization.k8s.io/v1, got ${String(r.apiVersion)}`) };
  }
  const status = r.status ?? {};
  const reason = typeof status.reason === "string" ? status.reason : "";
  const result: AuthorizerResult =
    status.allowed === true ? { decision: "Allow", reason } : status.denied === true ? { decision: "Deny", reason } : noOpinion(reason);
  if (typeof status.evaluationError === "string" && status.evaluationError !== "") result.error = new Error(status.evaluationError);
  return result;
}

export function webhookAuthorizer(transport: SubjectAccessReviewTransport): Authorizer & SubjectRuleResolver {
  return {
    name: "Webhook",
    // WebhookAuthorizer.RulesFor: a webhook answers questions, it does not list rules.
    rulesFor: () => cannotResolveRules("webhook"),
    async authorize(attrs: RequestAttributes): Promise<AuthorizerResult> {
      let body: unknown;
      try {
        body = await transport(buildSubjectAccessReview(attrs));
      } catch (e) {
        return { ...noOpinion(), error: e instanceof Error ? e : new Error(String(e)) };
      }
      return parseSubjectAccessReviewResponse(body);
    },
  };
}
