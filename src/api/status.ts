// API errors: the `Status` object the API server returns instead of the object you asked for.
//
//   $ kubectl get pod web
//   Error from server (NotFound): pods "web" not found
//
// is kubectl printing `reason` and `message` of this JSON body, sent with HTTP 404:
//
//   {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
//    "message":"pods \"web\" not found","reason":"NotFound",
//    "details":{"name":"web","kind":"pods"},"code":404}
//
// Clients branch on `reason` (machine-readable), show `message` (human-readable) and may use
// `details` (which object, which fields, when to retry). The HTTP code must agree with them.
// Note that `details.kind` holds the *resource* ("pods"), not the Kind, for most reasons:
// upstream's quirk, kept because clients read it.
//
// Reference: k8s.io/apimachinery/pkg/api/errors/errors.go (constructors and Is* predicates),
// k8s.io/apimachinery/pkg/apis/meta/v1/types.go (Status, StatusReason) and
// k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go (forbiddenMessage).

import type { StatusCause, StatusDetails } from "kubernetes-types/meta/v1";
import { aggregateMessage, type FieldError } from "./field-errors";
import { goQuote } from "./go-quote";

/** metav1.StatusReason values; "" is StatusReasonUnknown. */
export type StatusReason =
  | "" | "Unauthorized" | "Forbidden" | "NotFound" | "AlreadyExists" | "Conflict" | "Gone"
  | "Invalid" | "ServerTimeout" | "StoreReadError" | "Timeout" | "TooManyRequests" | "BadRequest"
  | "MethodNotAllowed" | "NotAcceptable" | "RequestEntityTooLarge" | "UnsupportedMediaType"
  | "InternalError" | "Expired" | "ServiceUnavailable";

/** A Status object as the API server writes it (fields in upstream's JSON order). */
export interface ApiStatus {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Success" | "Failure";
  message?: string;
  reason?: StatusReason;
  details?: StatusDetails;
  code?: number;
}

/** schema.GroupResource: "pods" in group "", "deployments" in group "apps". */
export interface GroupResource {
  group: string;
  resource: string;
}

/** schema.GroupKind: "Pod" in group "", "Deployment" in group "apps". */
export interface GroupKind {
  group: string;
  kind: string;
}

/** GroupResource.String(): `pods`, or `deployments.apps` with a group. */
export function groupResourceString({ group, resource }: GroupResource): string {
  return group === "" ? resource : `${resource}.${group}`;
}

/** GroupKind.String(): `Pod`, or `Deployment.apps` with a group. */
export function groupKindString({ group, kind }: GroupKind): string {
  return group === "" ? kind : `${kind}.${group}`;
}

/** An error carrying a Status: thrown by the API server core, turned into a response. */
export class StatusError extends Error {
  override readonly name: string = "StatusError";
  constructor(readonly status: ApiStatus) {
    super(status.message ?? "");
  }
  get code(): number {
    return this.status.code ?? 0;
  }
  get reason(): StatusReason {
    return this.status.reason ?? "";
  }
}

interface DetailsInput {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** StatusDetails with Go's omitempty: empty strings, empty lists and zero are left out. */
function details(d: DetailsInput): StatusDetails {
  const out: StatusDetails = {};
  if (d.name) out.name = d.name;
  if (d.group) out.group = d.group;
  if (d.kind) out.kind = d.kind;
  if (d.causes && d.causes.length > 0) out.causes = d.causes;
  if (d.retryAfterSeconds) out.retryAfterSeconds = d.retryAfterSeconds;
  return out;
}

function failure(code: number, reason: StatusReason, message: string, d?: DetailsInput): StatusError {
  const status: ApiStatus = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason };
  if (d !== undefined) status.details = details(d);
  status.code = code;
  return new StatusError(status);
}

const text = (err: Error | string): string => (typeof err === "string" ? err : err.message);

//> status-constructors
/** 404: `pods "web" not found`. */
export function newNotFound(gr: GroupResource, name: string): StatusError {
  return failure(404, "NotFound", `${groupResourceString(gr)} ${goQuote(name)} not found`, {
    group: gr.group, kind: gr.resource, name,
  });
}

/** 409: `pods "web" already exists` (a create whose name is taken). */
export function newAlreadyExists(gr: GroupResource, name: string): StatusError {
  return failure(409, "AlreadyExists", `${groupResourceString(gr)} ${goQuote(name)} already exists`, {
    group: gr.group, kind: gr.resource, name,
  });
}

/** 409 AlreadyExists when generateName produced a taken name; the client should retry. */
export function newGenerateNameConflict(gr: GroupResource, name: string, retryAfterSeconds: number): StatusError {
  return failure(
    409,
    "AlreadyExists",
    `${groupResourceString(gr)} ${goQuote(name)} already exists, the server was not able to generate a unique name for the object`,
    { group: gr.group, kind: gr.resource, name, retryAfterSeconds },
  );
}

/**
 * 409: `Operation cannot be fulfilled on pods "web": the object has been modified; please
 * apply your changes to the latest version and try again` (optimistic concurrency lost).
 */
export function newConflict(gr: GroupResource, name: string, err: Error | string): StatusError {
  return failure(
    409,
    "Conflict",
    `Operation cannot be fulfilled on ${groupResourceString(gr)} ${goQuote(name)}: ${text(err)}`,
    { group: gr.group, kind: gr.resource, name },
  );
}

/**
 * 422: `Pod "web" is invalid: metadata.name: Invalid value: "Web": ...`, or with several
 * errors `Pod "web" is invalid: [a: ..., b: ...]`. Each field error also becomes a cause.
 */
export function newInvalid(gk: GroupKind, name: string, errs: readonly FieldError[]): StatusError {
  const causes: StatusCause[] = errs.map((e) => {
    const cause: StatusCause = { reason: e.type, message: e.errorBody() };
    if (e.field) cause.field = e.field;
    return cause;
  });
  const aggregate = aggregateMessage(errs);
  const head = `${groupKindString(gk)} ${goQuote(name)} is invalid`;
  return failure(422, "Invalid", aggregate === undefined ? head : `${head}: ${aggregate}`, {
    group: gk.group, kind: gk.kind, name, causes,
  });
}

/**
 * 403: `pods "web" is forbidden: <why>`; without a name `pods is forbidden: <why>`; without a
 * resource `forbidden: <why>`. The reason usually comes from forbiddenMessage below.
 */
export function newForbidden(gr: GroupResource, name: string, err: Error | string): StatusError {
  let message: string;
  if (gr.group === "" && gr.resource === "") message = `forbidden: ${text(err)}`;
  else if (name === "") message = `${groupResourceString(gr)} is forbidden: ${text(err)}`;
  else message = `${groupResourceString(gr)} ${goQuote(name)} is forbidden: ${text(err)}`;
  return failure(403, "Forbidden", message, { group: gr.group, kind: gr.resource, name });
}

/** 401: authentication failed. */
export function newUnauthorized(reason: string): StatusError {
  return failure(401, "Unauthorized", reason === "" ? "not authorized" : reason);
}

/** 410 Gone. Deprecated upstream in favour of newResourceExpired. */
export function newGone(message: string): StatusError {
  return failure(410, "Gone", message);
}

/** 410 Expired: a watch or list resourceVersion older than the compacted history. */
export function newResourceExpired(message: string): StatusError {
  return failure(410, "Expired", message);
}

/** 400: a malformed request (bad selector, undecodable body...). */
export function newBadRequest(reason: string): StatusError {
  return failure(400, "BadRequest", reason);
}

/** 429 with a Retry-After hint, as API Priority and Fairness sends. */
export function newTooManyRequests(message: string, retryAfterSeconds: number): StatusError {
  return failure(429, "TooManyRequests", message, { retryAfterSeconds });
}

/** 429: `Too many requests: <message>` (the max-in-flight filter). */
export function newTooManyRequestsError(message: string): StatusError {
  return failure(429, "TooManyRequests", `Too many requests: ${message}`);
}

/** 503. */
export function newServiceUnavailable(reason: string): StatusError {
  return failure(503, "ServiceUnavailable", reason);
}

/** 405: `watch is not supported on resources of kind "bindings"`. */
export function newMethodNotSupported(gr: GroupResource, action: string): StatusError {
  return failure(405, "MethodNotAllowed", `${action} is not supported on resources of kind ${goQuote(groupResourceString(gr))}`, {
    group: gr.group, kind: gr.resource,
  });
}

/** 500 ServerTimeout: the operation could not complete in time and should be retried. */
export function newServerTimeout(gr: GroupResource, operation: string, retryAfterSeconds: number): StatusError {
  return failure(
    500,
    "ServerTimeout",
    `The ${operation} operation against ${groupResourceString(gr)} could not be completed at this time, please try again.`,
    { group: gr.group, kind: gr.resource, name: operation, retryAfterSeconds },
  );
}

/** 500: `Internal error occurred: <err>`. */
export function newInternalError(err: Error | string): StatusError {
  return failure(500, "InternalError", `Internal error occurred: ${text(err)}`, {
    causes: [{ message: text(err) }],
  });
}

/** 504: `Timeout: <message>`; the operation may still complete. */
export function newTimeoutError(message: string, retryAfterSeconds: number): StatusError {
  return failure(504, "Timeout", `Timeout: ${message}`, { retryAfterSeconds });
}

/** 413: `Request entity too large: <message>` (e.g. "limit is 3145728"). */
export function newRequestEntityTooLarge(message: string): StatusError {
  return failure(413, "RequestEntityTooLarge", `Request entity too large: ${message}`);
}
//< status-constructors

/** A Success status, as DELETE returns for some resources. */
export function newSuccessStatus(d?: DetailsInput): ApiStatus {
  const status: ApiStatus = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success" };
  if (d !== undefined) status.details = details(d);
  return status;
}

/**
 * responsewriters.forbiddenMessage: the RBAC-style explanation inside a 403, e.g.
 * `User "bob" cannot get resource "pods" in API group "" in the namespace "default"`.
 */
export function forbiddenMessage(a: {
  user: string;
  verb: string;
  resource: string;
  subresource?: string;
  group: string;
  namespace?: string;
}): string {
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const head = `User ${goQuote(a.user)} cannot ${a.verb} resource ${goQuote(resource)} in API group ${goQuote(a.group)}`;
  return a.namespace ? `${head} in the namespace ${goQuote(a.namespace)}` : `${head} at the cluster scope`;
}

/** FromObject: a StatusError from a decoded Status body (v1 or meta.k8s.io/v1). */
export function statusErrorFromObject(obj: unknown): StatusError | undefined {
  if (!isStatusObject(obj)) return undefined;
  const { apiVersion } = obj as { apiVersion?: unknown };
  if (apiVersion !== "v1" && apiVersion !== "meta.k8s.io/v1") return undefined;
  return new StatusError({ ...(obj as ApiStatus), apiVersion: "v1" });
}

/** Is `obj` a decoded Status body? */
export function isStatusObject(obj: unknown): boolean {
  return typeof obj === "object" && obj !== null && (obj as { kind?: unknown }).kind === "Status";
}
