// The audit event: one JSON object per request per stage, as `kube-apiserver
// --audit-log-path` writes them (audit.k8s.io/v1 Event).
//
//   {"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"…",
//    "stage":"ResponseComplete","requestURI":"/api/v1/namespaces/default/pods","verb":"create",
//    "user":{"username":"alice","groups":["system:authenticated"]},"sourceIPs":["10.0.0.1"],
//    "userAgent":"kubectl/v1.32.0","objectRef":{"resource":"pods","namespace":"default",
//    "apiVersion":"v1"},"responseStatus":{"metadata":{},"code":201},
//    "requestReceivedTimestamp":"…","stageTimestamp":"…",
//    "annotations":{"authorization.k8s.io/decision":"allow","authorization.k8s.io/reason":""}}
//
// Upstream: k8s.io/apiserver/pkg/apis/audit/v1/types.go (Event, ObjectReference, UserInfo) and
// k8s.io/apiserver/pkg/audit/request.go (NewEventFromRequest, LogRequestObject,
// LogResponseObject, LogAnnotation).

import { newUID } from "../../api/meta";
import type { RandomSource } from "../../api/names";
import type { ApiStatus } from "../../api/status";
import type { UserInfo } from "../types";
import { type Level, levelAtLeast, type Stage } from "./policy";

/** authentication/v1 UserInfo, as audit writes it ("username", not "name"). */
export interface AuditUser {
  username: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

/** audit.ObjectReference. */
export interface ObjectReference {
  resource?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiGroup?: string;
  apiVersion?: string;
  resourceVersion?: string;
  subresource?: string;
}

/** metav1.Status as the audit log carries it: without kind and apiVersion. */
export type ResponseStatus = Omit<Partial<ApiStatus>, "kind" | "apiVersion"> & { metadata: Record<string, never> };

export interface AuditEvent {
  kind: "Event";
  apiVersion: "audit.k8s.io/v1";
  level: Level;
  auditID: string;
  stage: Stage;
  requestURI: string;
  verb: string;
  user: AuditUser;
  impersonatedUser?: AuditUser;
  sourceIPs?: string[];
  userAgent?: string;
  objectRef?: ObjectReference;
  responseStatus?: ResponseStatus;
  requestObject?: unknown;
  responseObject?: unknown;
  requestReceivedTimestamp: string;
  stageTimestamp: string;
  annotations?: Record<string, string>;
}

/** Annotation keys the authorization filter adds (k8s.io/apiserver/pkg/endpoints/filters/authorization.go). */
export const DecisionAnnotationKey = "authorization.k8s.io/decision";
export const ReasonAnnotationKey = "authorization.k8s.io/reason";

/** An audit ID in uuid form, from the seeded Rng (upstream: uuid.New, or the client's Audit-ID header). */
export function newAuditID(rng: RandomSource): string {
  return newUID(rng);
}

/**
 * metav1.MicroTime as JSON: RFC 3339 with exactly six fractional digits, UTC
 * ("2026-01-02T15:04:05.123000Z"). The Clock counts milliseconds, so the last three are zeros.
 */
export function formatMicroTime(epochMillis: number): string {
  return new Date(epochMillis).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

export function auditUser(user: UserInfo): AuditUser {
  const out: AuditUser = { username: user.name };
  if (user.uid !== undefined && user.uid !== "") out.uid = user.uid;
  if (user.groups.length > 0) out.groups = [...user.groups];
  if (user.extra !== undefined && Object.keys(user.extra).length > 0) out.extra = user.extra;
  return out;
}

/** responseStatus for a response: the Status for a failure, `{metadata:{}, code}` for a success. */
export function responseStatusOf(code: number, body: unknown): ResponseStatus {
  if (typeof body === "object" && body !== null && (body as { kind?: unknown }).kind === "Status") {
    const { kind: _k, apiVersion: _a, ...rest } = body as ApiStatus;
    return { ...rest, metadata: {}, code };
  }
  return { metadata: {}, code };
}

//> audit-level-content
/** What one stage's event carries, trimmed to the level: objects only at Request and above. */
export function eventAtStage(
  base: Omit<AuditEvent, "stage" | "stageTimestamp" | "requestObject" | "responseObject" | "responseStatus">,
  stage: Stage,
  stageTimestamp: string,
  content: { requestObject?: unknown; responseObject?: unknown; responseStatus?: ResponseStatus },
): AuditEvent {
  const event: AuditEvent = { ...base, stage, stageTimestamp };
  if (content.responseStatus !== undefined) event.responseStatus = content.responseStatus;
  if (levelAtLeast(base.level, "Request") && content.requestObject !== undefined) event.requestObject = content.requestObject;
  if (levelAtLeast(base.level, "RequestResponse") && content.responseObject !== undefined) event.responseObject = content.responseObject;
  return event;
}
//< audit-level-content
