// Authorization: may they do it.
export { abacAuthorizer, abacMatches, AbacPolicyError, type AbacPolicySpec, parseAbacPolicyFile } from "./abac";
export {
  allow, alwaysAllowAuthorizer, alwaysDenyAuthorizer, type Authorizer, type AuthorizerResult, buildAuthorizer, deny, isReadOnly, noOpinion, privilegedGroupsAuthorizer,
  requestAttributes, type SyncAuthorizer, unionAuthorizer,
} from "./authorizer";
export {
  bindingAuthorized, breakdownRule, checkBindingWrite, checkRoleWrite, compactRules, confirmNoEscalation, covers,
  type EscalationContext, escalationAllowed, roleEscalationAuthorized, ruleCovers,
} from "./escalation";
export { forbiddenError, forbiddenMessage } from "./forbidden";
export { type NodeGraphSource, nodeAuthorizer, nodeIdentity, podReferences } from "./node";
export { appliesToUser, describeSource, InMemoryRbac, rbacAuthorizer, rbacRulesFor, type RbacLister, RuleResolver } from "./rbac";
export { compactString, ruleAllows } from "./rbac-rules";
export {
  cannotResolveRules, isRuleResolver, type RulesForResult, type SubjectRuleResolver, unionRuleResolver,
} from "./rule-resolver";
export { reviewAttributes, selfSubjectAccessReview } from "./self-subject-access-review";
export { selfSubjectRulesReview } from "./self-subject-rules-review";
export { buildSubjectAccessReview, parseSubjectAccessReviewResponse, type SubjectAccessReviewTransport, webhookAuthorizer } from "./webhook";
