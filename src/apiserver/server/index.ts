// The API server assembled: ApiServer (options, start, handle) and the pieces it is made of.
//
// api-server        ApiServer: the pipeline wired to storage, caches, authn, authz, admission
// resources         the resource catalog (kubectl api-resources)
// discovery         /api, /apis, /api/v1, /apis/<group>/<version>, /version
// rest-storage      the REST handler: verbs to Registry calls, Table output, watch streams
// decode, strategy  request bodies: kind checks, defaults, status/spec split
// subresources      status, scale, binding; eviction (with disruption-budget) the PDB-aware delete
// strategy-validation  the strategies' own checks (PriorityClass values)
// table, printers   server-side printing for `kubectl get`
// bootstrap         system namespaces and the bootstrap RBAC policy
export { ApiServer, type ApiServerOptions, type AuthorizationMode } from "./api-server";
export { buildAuthenticator, type AuthenticationOptions } from "./authentication";
export { bootstrap, SYSTEM_NAMESPACES } from "./bootstrap";
export { bootstrapClusterRoleBindings, bootstrapClusterRoles, nodeRules } from "./bootstrap-policy";
export { ClusterState, CACHED_RESOURCES } from "./cluster-state";
export { DEFAULT_VERSION, discoveryDocument, type VersionInfo } from "./discovery";
export { DryRunStorage } from "./dry-run-storage";
export { IMMORTAL_NAMESPACES, namespaceLifecyclePlugin } from "./namespace-lifecycle";
export { ObjectCache } from "./object-cache";
export { podCells } from "./print-pod";
export { formatLabels, formatLabelSelector, printerFor, type Column, type Printer } from "./printers";
export { requestedRepresentation, type Representation } from "./query";
export {
  apiGroups, apiVersionOf, lookupResource, lookupSubresource, RESOURCES, resourceByName, type ResourceInfo, type SubresourceInfo,
} from "./resources";
export { applyDefaults, prepareForCreate, prepareForUpdate } from "./strategy";
export { scaleOf } from "./subresources";
export { budgetsFor, checkAndDecrement, computeBudgetStatus } from "./disruption-budget";
export { validatePriorityClass, withStrategyValidation } from "./strategy-validation";
export { humanDuration, partialObjectMetadata, toTable, translateTimestampSince, type Table, type TableColumnDefinition, type TableRow } from "./table";
export type { ValidateObject, ValidationTarget } from "./validation-hook";
export { WatchStream, MIN_REQUEST_TIMEOUT_SECONDS } from "./watch-stream";
