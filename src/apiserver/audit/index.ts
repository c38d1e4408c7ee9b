// Audit logging: who did what, when, and with what result, written as audit.k8s.io/v1 events.
export {
  evaluatePolicy, levelAtLeast, pathMatches, ruleMatches, type GroupResources, type Level, type Policy, type PolicyRule,
  type RequestAuditConfig, type Stage,
} from "./policy";
export {
  auditUser, DecisionAnnotationKey, eventAtStage, formatMicroTime, newAuditID, ReasonAnnotationKey, responseStatusOf,
  type AuditEvent, type AuditUser, type ObjectReference, type ResponseStatus,
} from "./event";
export { logBackend, MemorySink, type AuditBackend, type AuditSink } from "./backend";
