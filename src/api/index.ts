// control-plane/api: the Kubernetes object model shared by every other module.
//
// names            DNS-1123/1035 names, label keys and values, generateName
// meta             uids, timestamps, namespace/name keys, owner references, labels
// label-selector   requirements, LabelsSelector, LabelSelector (API object) conversion
// field-selector   `spec.nodeName=node-1`, and the selectable fields of each kind
// quantity         exact resource quantities: 250m, 4Gi, 1e3
// field-errors     field paths and `metadata.name: Invalid value: ...` errors
// status           metav1.Status errors (404 NotFound, 409 Conflict, 422 Invalid, ...)
// manifest         loading multi-document YAML and JSON manifests
//
// What this module does not do: it does not validate whole objects (each kind's validation
// belongs to the API server), and it does no I/O.

export {
  DNS1035LabelMaxLength,
  DNS1123LabelMaxLength,
  DNS1123SubdomainMaxLength,
  generateName,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  LabelValueMaxLength,
  MaxGeneratedNameLength,
  type RandomSource,
  validateLabels,
} from "./names";

export {
  fillObjectMetaSystemFields,
  getAnnotation,
  getAnnotations,
  getControllerOf,
  getLabel,
  getLabels,
  hasAnnotation,
  hasLabel,
  isControlledBy,
  isOwnedBy,
  type KubeObject,
  MetadataError,
  metaNamespaceKey,
  type NamespacedName,
  namespacedName,
  namespacedNameKey,
  newControllerRef,
  newUID,
  ownerReference,
  removeAnnotation,
  removeLabel,
  rfc3339,
  setAnnotation,
  setLabel,
  splitMetaNamespaceKey,
} from "./meta";

export {
  type LabelOperator,
  type LabelRequirement,
  type Labels,
  LabelsSelector,
  labelSelectorAsSelector,
  LabelSelectorError,
  newRequirement,
  requirementMatches,
  requirementString,
  selectorFromSet,
  validateLabelSelector,
} from "./label-selector";
export { LabelSelectorParseError, parseLabelSelector } from "./label-selector-parser";

export {
  defaultSelectableFields,
  escapeFieldValue,
  type FieldGetter,
  type FieldOperator,
  type FieldRequirement,
  type Fields,
  FieldSelectorError,
  FieldsSelector,
  parseFieldSelector,
  SelectableFields,
  unescapeFieldValue,
} from "./field-selector";

export {
  parseQuantity,
  Quantity,
  QuantityError,
  type QuantityErrorKind,
  type QuantityFormat,
  tryParseQuantity,
} from "./quantity";

export { aggregateMessage, field, FieldError, type FieldErrorList, type FieldErrorType, FieldPath } from "./field-errors";

export {
  type ApiStatus,
  forbiddenMessage,
  type GroupKind,
  groupKindString,
  type GroupResource,
  groupResourceString,
  newAlreadyExists,
  newBadRequest,
  newConflict,
  newForbidden,
  newGenerateNameConflict,
  newGone,
  newInternalError,
  newInvalid,
  newMethodNotSupported,
  newNotFound,
  newRequestEntityTooLarge,
  newResourceExpired,
  newServerTimeout,
  newServiceUnavailable,
  newSuccessStatus,
  newTimeoutError,
  newTooManyRequests,
  newTooManyRequestsError,
  newUnauthorized,
  StatusError,
  statusErrorFromObject,
  type StatusReason,
} from "./status";
export {
  isAlreadyExists,
  isBadRequest,
  isConflict,
  isForbidden,
  isGone,
  isInternalError,
  isInvalid,
  isMethodNotSupported,
  isNotAcceptable,
  isNotFound,
  isRequestEntityTooLarge,
  isResourceExpired,
  isServerTimeout,
  isServiceUnavailable,
  isTimeout,
  isTooManyRequests,
  isUnauthorized,
  isUnsupportedMediaType,
  reasonForError,
  suggestsClientDelay,
} from "./status-predicates";

export {
  isKind,
  loadManifestEntries,
  loadManifests,
  type ManifestEntry,
  ManifestError,
  type ManifestObject,
  type ManifestProblem,
  type ManifestSource,
} from "./manifest";

export { goQuote, utf8Length } from "./go-quote";
