// Admission control, phases 3 and 4 of the API server's request pipeline: mutating admission
// (defaults, sidecars) then validating admission (Pod Security, limits, quotas, webhooks).
// See chain.ts for the order and plugin.ts for the interface.

export { AdmissionContext, handlesOperations, type AdmissionPlugin } from "./plugin";
export { AdmissionChain, orderedPluginNames, type AdmissionResult } from "./chain";
export { admissionForbidden, admissionInvalid, extractResourceName, toStatusError } from "./errors";
export { isCoreResource, newAttributes, type AttributesInput } from "./attributes";
export { newDefaultAdmissionChain, type DefaultAdmissionDeps } from "./default-plugins";
export {
  DefaultAPITokenMountPath,
  DefaultServiceAccountName,
  serviceAccountPlugin,
  ServiceAccountVolumeName,
  tokenVolumeSource,
  type ServiceAccountOptions,
} from "./service-account";
export { defaultStorageClassPlugin, getDefaultClass, IsDefaultStorageClassAnnotation } from "./default-storage-class";
export { LimitRangerAnnotation, limitRangerPlugin, podResources, podValidateLimitFunc, type LimitRangeItem } from "./limit-ranger";
export { InMemoryQuotaStore, prettyPrint, resourceQuotaPlugin, type QuotaStore } from "./resource-quota";
export { objectCountQuotaResourceNameFor, podConstraints, usageFor, type Usage } from "./quota-usage";
export { podSecurityPlugin, type PodSecurityOptions } from "./pod-security/admission";
export {
  getDefaultPriorityClass, HighestUserDefinablePriority, priorityPlugin, SystemClusterCritical, SystemNodeCritical,
  systemPriorityClasses, type ListPriorityClasses,
} from "./priority";
export { allChecks, checksForLevel, evaluatePod, forbiddenReason, type Check, type Level, type Violation } from "./pod-security/checks";
export { defaultPolicy, policyToEvaluate, type Mode, type Policy } from "./pod-security/policy";
export { applyJsonPatch, JsonPatchError, jsonEqual, parseJsonPatch, parsePointer, type JsonPatchOperation, type JsonValue } from "./json-patch";
export { ErrCallingWebhook, mutatingWebhookPlugin, validatingWebhookPlugin, type WebhookPluginOptions } from "./webhook/dispatcher";
export { createAdmissionReview, toStatusErr, verifyAdmissionResponse } from "./webhook/review";
export { ruleMatches, webhookMatches } from "./webhook/matching";
export { decodeBase64, encodeBase64 } from "./webhook/base64";
export {
  inProcessTransport,
  type AdmissionRequest,
  type AdmissionResponse,
  type AdmissionReview,
  type Webhook,
  type WebhookConfiguration,
  type WebhookTransport,
} from "./webhook/types";
