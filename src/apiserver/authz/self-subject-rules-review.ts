// SelfSubjectRulesReview: "what may I do in this namespace?", asked of the API server itself.
// `kubectl auth can-i --list -n dev` POSTs one to
// /apis/authorization.k8s.io/v1/selfsubjectrulesreviews and prints status.resourceRules as a
// table (Resources, Non-Resource URLs, Resource Names, Verbs). The rules come from the
// authorization modes that can enumerate what they allow (rule-resolver.ts), for the user who
// asks (after impersonation, so `--as` works too).
//
// The answer is for showing, not for deciding: it may be incomplete (`status.incomplete`, when a
// mode such as a webhook cannot list its rules) and it leaves out the system:masters
// short-circuit. SubjectAccessReview is how a program asks "may I?".
//
// Upstream: k8s.io/kubernetes/pkg/registry/authorization/selfsubjectrulesreview/rest.go (Create).

import type { SelfSubjectRulesReview, SubjectRulesReviewStatus } from "kubernetes-types/authorization/v1";
import { newBadRequest, type StatusError } from "../../api/status";
import type { UserInfo } from "../types";
import type { SubjectRuleResolver } from "./rule-resolver";

//> self-subject-rules-review
/**
 * Creates a SelfSubjectRulesReview: a new review holding only the status (upstream returns a
 * fresh object, not the request's metadata or spec), or 400 when spec.namespace is empty.
 */
export async function selfSubjectRulesReview(
  resolver: SubjectRuleResolver,
  user: UserInfo,
  review: SelfSubjectRulesReview,
): Promise<SelfSubjectRulesReview | StatusError> {
  const namespace = review.spec?.namespace ?? "";
  if (namespace === "") return newBadRequest("no namespace on request");
  const rules = await resolver.rulesFor(user, namespace);
  const status: SubjectRulesReviewStatus = {
    resourceRules: rules.resourceRules, nonResourceRules: rules.nonResourceRules, incomplete: rules.incomplete,
  };
  if (rules.error !== undefined) status.evaluationError = rules.error.message;
  return { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectRulesReview", metadata: {}, spec: {}, status };
}
//< self-subject-rules-review
