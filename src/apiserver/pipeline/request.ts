// The request and response as the pipeline sees them, independent of HTTP: the HTTPS front
// turns an IncomingMessage into an `ApiRequest`, and a notebook or a test builds one by hand.
// Nothing here knows about sockets, so the whole pipeline runs in the browser too.
//
// SIMPLIFICATION: the body arrives already decoded (from JSON or YAML) and within the size
// limit: decoding, the size limit and content types belong to the HTTP front. Request bodies in
// protobuf are decoded by the HTTP front for the kinds it lists (http/protobuf-decoding.ts);
// responses are always JSON, which every client accepts.

import type { StatusError } from "../../api/status";
import type { Headers, PeerCertificate } from "../authn/types";
import type { AuditEvent } from "../audit/event";
import type { RequestAuditConfig } from "../audit/policy";
import type { KubeObject, UserInfo } from "../types";
import type { Query, RequestInfo } from "./request-info";

export interface ApiRequest {
  method: string;
  /** The URL path without the query: "/api/v1/namespaces/default/pods". */
  path: string;
  query?: Query;
  headers?: Headers;
  /** The decoded JSON body, for POST, PUT and PATCH. */
  body?: unknown;
  /** The verified TLS client certificate, when the client presented one. */
  peerCertificate?: PeerCertificate;
  /** The client's address, for the audit event's sourceIPs. */
  remoteAddr?: string;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  /** A JSON value (an object, a Status) or, for text/plain responses, a string. */
  body: unknown;
  /**
   * A watch: after the status and headers, events follow one JSON object per line for as long
   * as the stream lasts (upstream's watch encoding: `{"type":"ADDED","object":{...}}`). `body` is
   * then unused. The HTTP front writes each event as it comes and stops the stream when the
   * client goes; an in-process caller subscribes directly.
   */
  stream?: ResponseStream;
}

/** A push stream of watch events (metav1.WatchEvent as JSON). */
export interface ResponseStream {
  /**
   * Delivers each event to `onEvent`, in order, from now on; `onEnd` once when the stream ends
   * (the server closed it, or after an ERROR event). Returns a function that stops the stream.
   */
  subscribe(onEvent: (event: { type: string; object: unknown }) => void, onEnd: () => void): () => void;
}

/**
 * What the filters learn about a request as it moves inward (upstream keeps these in the
 * request's context.Context: request.WithRequestInfo, WithUser, audit.WithAuditContext).
 */
export interface RequestContext {
  readonly request: ApiRequest;
  /** When the request arrived, on the Clock (milliseconds). */
  readonly receivedAt: number;
  /** Set by the request-info filter. */
  requestInfo?: RequestInfo;
  /** Set by authentication; replaced by impersonation. */
  user?: UserInfo;
  /** The authenticated user, kept when impersonation replaces `user`. */
  requestor?: UserInfo;
  /** Set by the audit filter when the policy level is above None. */
  audit?: {
    config: RequestAuditConfig;
    event: Omit<AuditEvent, "stage" | "stageTimestamp" | "requestObject" | "responseObject" | "responseStatus">;
    /** The object as the client sent it, before admission changed it. */
    requestObject?: unknown;
  };
  /** Audit annotations added by any phase (authorization decision, admission plugins). */
  readonly annotations: Record<string, string>;
  /** `Warning:` headers for the client (admission warnings). */
  readonly warnings: string[];
  /** The object being written, as admission leaves it. */
  object?: KubeObject;
}

export function newRequestContext(request: ApiRequest, receivedAt: number): RequestContext {
  return { request, receivedAt, annotations: {}, warnings: [] };
}

/** A Status error as the response: its code, and the Status as JSON. */
export function statusResponse(err: StatusError): ApiResponse {
  return jsonResponse(err.code, err.status);
}

export function jsonResponse(status: number, body: unknown): ApiResponse {
  return { status, headers: { "Content-Type": "application/json" }, body };
}

export function textResponse(status: number, body: string): ApiResponse {
  return { status, headers: { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" }, body };
}
