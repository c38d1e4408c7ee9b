// Telling API errors apart: IsNotFound, IsConflict, ... as controllers use them.
//
//   if (isNotFound(err)) return;            // already deleted: nothing to do
//   if (isConflict(err)) requeue(key);      // lost an optimistic-concurrency race: retry
//
// A predicate looks at the error's reason first. Only when the reason is one it does not know
// (a newer server, another HTTP actor) does it fall back on the HTTP code, so that a 404 with
// reason "NotFound" and a 404 from a proxy are both "not found", but a 404 with some other
// known reason is not.
//
// Reference: k8s.io/apimachinery/pkg/api/errors/errors.go (IsNotFound ... ReasonForError,
// SuggestsClientDelay).

import { type ApiStatus, isStatusObject, StatusError, type StatusReason } from "./status";

//> status-predicates
/**
 * The reason and code of an error: a StatusError, a Status object, or an error whose `cause`
 * chain contains one (Go's errors.As). Anything else is reason "" and code 0.
 */
function reasonAndCode(err: unknown): { reason: string; code: number } {
  for (let e = err, depth = 0; e !== undefined && e !== null && depth < 32; depth++) {
    if (e instanceof StatusError) return { reason: e.reason, code: e.code };
    if (isStatusObject(e)) {
      const s = e as { reason?: unknown; code?: unknown };
      return { reason: typeof s.reason === "string" ? s.reason : "", code: typeof s.code === "number" ? s.code : 0 };
    }
    e = typeof e === "object" ? (e as { cause?: unknown }).cause : undefined;
  }
  return { reason: "", code: 0 };
}

const knownReasons = new Set<string>([
  "Unauthorized", "Forbidden", "NotFound", "AlreadyExists", "Conflict", "Gone", "Invalid",
  "ServerTimeout", "StoreReadError", "Timeout", "TooManyRequests", "BadRequest", "MethodNotAllowed",
  "NotAcceptable", "RequestEntityTooLarge", "UnsupportedMediaType", "InternalError", "Expired",
  "ServiceUnavailable",
]);

/** True if the reason matches, or if the reason is unknown and the HTTP code matches. */
function is(reason: StatusReason, code: number) {
  return (err: unknown): boolean => {
    const rc = reasonAndCode(err);
    return rc.reason === reason || (!knownReasons.has(rc.reason) && rc.code === code);
  };
}

/** ReasonForError: the StatusReason of an error, "" if it carries none. */
export function reasonForError(err: unknown): string {
  return reasonAndCode(err).reason;
}

export const isNotFound = is("NotFound", 404);
export const isConflict = is("Conflict", 409);
export const isInvalid = is("Invalid", 422);
export const isGone = is("Gone", 410);
export const isBadRequest = is("BadRequest", 400);
export const isUnauthorized = is("Unauthorized", 401);
export const isForbidden = is("Forbidden", 403);
export const isTimeout = is("Timeout", 504);
export const isInternalError = is("InternalError", 500);
export const isMethodNotSupported = is("MethodNotAllowed", 405);
export const isServiceUnavailable = is("ServiceUnavailable", 503);
export const isNotAcceptable = is("NotAcceptable", 406);
export const isUnsupportedMediaType = is("UnsupportedMediaType", 415);
// These match on the reason only: no HTTP code is specific to them.
export const isAlreadyExists = (err: unknown): boolean => reasonForError(err) === "AlreadyExists";
export const isResourceExpired = (err: unknown): boolean => reasonForError(err) === "Expired";
export const isServerTimeout = (err: unknown): boolean => reasonForError(err) === "ServerTimeout";
// These two predate the "unknown reason" rule and accept their code with any reason.
export const isTooManyRequests = (err: unknown): boolean =>
  reasonAndCode(err).reason === "TooManyRequests" || reasonAndCode(err).code === 429;
export const isRequestEntityTooLarge = (err: unknown): boolean =>
  reasonAndCode(err).reason === "RequestEntityTooLarge" || reasonAndCode(err).code === 413;

/** SuggestsClientDelay: the seconds a client should wait before retrying, if any. */
export function suggestsClientDelay(err: unknown): number | undefined {
  const status = err instanceof StatusError ? err.status : isStatusObject(err) ? (err as ApiStatus) : undefined;
  if (status?.details === undefined) return undefined;
  if (status.reason === "ServerTimeout") return status.details.retryAfterSeconds ?? 0;
  const after = status.details.retryAfterSeconds ?? 0;
  return after > 0 ? after : undefined;
}
//< status-predicates
