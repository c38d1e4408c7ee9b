// The API server's request pipeline: filters, REST phases, health and metrics endpoints.
export { buildHandlerChain, type ApiServerHandler, type HandlerChainConfig } from "./handler";
export { compose, type Next, type Phase, type PhaseObserver } from "./compose";
export {
  attributesOf, auditFilter, authenticationFilter, authorizationFilter, impersonationFilter, panicRecovery, requestInfoFilter,
  requestURI, type AuditOptions,
} from "./filters";
export { pingCheck, serveHealth, type HealthCheck, type HealthEndpoint } from "./health";
export { ApiServerMetrics, cleanVerb, FILTER_DURATION_BUCKETS, REQUEST_DURATION_BUCKETS } from "./metrics";
export {
  jsonResponse, newRequestContext, statusResponse, textResponse, type ApiRequest, type ApiResponse, type RequestContext, type ResponseStream,
} from "./request";
export { newRequestInfo, queryValue, type Query, type RequestInfo } from "./request-info";
export {
  fieldValidationOf, restPhases, type Decoder, type FieldValidation, type ObjectGetter, type RestHandlerOptions, type StorageHandler,
  type StorageOutcome, type StorageRequest, type StreamOutcome, type ValidationResult, type Validator,
} from "./rest-handler";
