// control-plane/apiserver: chapter 2's module, the Kubernetes API server.
//
//   server      ApiServer: the whole pipeline speaking the REST API in process (./server)
//   client      ApiClient and Informer, in process, on virtual time (./client)
//   pipeline    the filters and REST phases, buildHandlerChain, RequestInfo (./pipeline)
//   authn       who is asking: x509, tokens, ServiceAccount JWTs, OIDC, anonymous (./authn)
//   authz       may they: RBAC, Node, ABAC, webhook, escalation checks (./authz)
//   admission   mutating and validating plugins, webhooks (./admission)
//   validation  schema validation and the OpenAPI documents (./validation)
//   registry    REST semantics over storage, patches, encryption at rest (./registry)
//   storage     the Storage interface, its backends, the watch cache (./storage)
//   audit       audit policy and events (./audit)
//
// Re-exported flat; where two modules use one name, the server's or the first one's wins and the
// other stays reachable through its own path.
export * from "./server";
export * from "./client";
export * from "./pipeline";
export * from "./authn";
export * from "./authz";
export * from "./admission";
export {
  definitionNameFor, definitions, openApiV2Document, openApiV3Document, openApiV3Json, openApiV3Paths, validateObject,
  type GroupVersionKind, type JsonObject, type OpenApiV2Document, type OpenApiV3Discovery, type Schema,
} from "./validation";
export * from "./registry";
export * from "./storage";
export {
  auditUser, DecisionAnnotationKey, eventAtStage, evaluatePolicy, formatMicroTime, levelAtLeast, logBackend, MemorySink, newAuditID, pathMatches,
  ReasonAnnotationKey, responseStatusOf, ruleMatches as auditRuleMatches, type AuditBackend, type AuditEvent, type AuditSink, type AuditUser,
  type GroupResources, type Level as AuditLevel, type ObjectReference, type Policy as AuditPolicy, type PolicyRule as AuditPolicyRule,
  type RequestAuditConfig, type ResponseStatus, type Stage,
} from "./audit";
export * from "./types";
