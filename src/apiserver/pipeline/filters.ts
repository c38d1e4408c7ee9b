// The filters every request passes before any REST handler, in upstream's order
// (k8s.io/apiserver/pkg/server/config.go, DefaultBuildHandlerChain, read from the outside in):
//
//   panic recovery → request info → authentication → audit → impersonation → max-in-flight
//   → authorization
//
// Why this order: audit runs after authentication so that the event names the user, and before
// impersonation so that it records both who asked and whom they impersonated. Authorization runs
// last, on the impersonated user: `kubectl --as=bob` is allowed exactly what bob is.
//
// Each filter answers by itself (401, 403, 500) or calls `next`.
//
// The max-in-flight filter has its own file (max-inflight.ts).
//
// SIMPLIFICATION: max-in-flight, where upstream by default runs API Priority and Fairness in
// the same slot; no CORS, no request timeout, and no WithFailedAuthenticationAudit (upstream
// also audits the 401s, at the level of a policy evaluated for the unknown user).

import { newInternalError, newUnauthorized } from "../../api/status";
import type { RandomSource } from "../../api/names";
import { impersonate } from "../authn/impersonation";
import { headerValue, type RequestAuthenticator } from "../authn/types";
import type { AuditBackend } from "../audit/backend";
import {
  auditUser, DecisionAnnotationKey, eventAtStage, formatMicroTime, newAuditID, ReasonAnnotationKey, responseStatusOf,
  type AuditEvent, type ObjectReference,
} from "../audit/event";
import { evaluatePolicy, type Policy } from "../audit/policy";
import type { Authorizer } from "../authz/authorizer";
import { forbiddenError } from "../authz/forbidden";
import type { RequestAttributes, UserInfo } from "../types";
import type { Phase } from "./compose";
import { statusResponse, textResponse, type RequestContext } from "./request";
import { newRequestInfo, type Query, type RequestInfo } from "./request-info";

/** WithPanicRecovery: anything thrown inside becomes a 500, and the server keeps serving. */
export const panicRecovery: Phase = {
  name: "panic_recovery",
  async run(_ctx, next) {
    try {
      return await next();
    } catch {
      // Upstream: http.Error(w, "This request caused apiserver to panic. Look in the logs for details.", 500).
      return textResponse(500, "This request caused apiserver to panic. Look in the logs for details.\n");
    }
  },
};

/** WithRequestInfo: what the request asks for, from its method, path and query. */
export const requestInfoFilter: Phase = {
  name: "request_info",
  run(ctx, next) {
    ctx.requestInfo = newRequestInfo(ctx.request.method, ctx.request.path, ctx.request.query ?? {});
    return next();
  },
};

//> with-authentication
/** WithAuthentication: who is asking. Nobody recognised (and no anonymous fallback): 401. */
export function authenticationFilter(authenticator: RequestAuthenticator): Phase {
  return {
    name: "authentication",
    async run(ctx, next) {
      const req = ctx.request;
      const result = await authenticator.authenticate(
        req.peerCertificate === undefined ? { headers: req.headers ?? {} } : { headers: req.headers ?? {}, peerCertificate: req.peerCertificate },
      );
      if (result.kind !== "Authenticated") return statusResponse(newUnauthorized("Unauthorized"));
      ctx.user = result.user;
      ctx.requestor = result.user;
      return next();
    },
  };
}
//< with-authentication

export interface AuditOptions {
  policy: Policy;
  backend: AuditBackend;
  now: () => number;
  rng: RandomSource;
}

//> with-audit
/**
 * WithAudit: decide the level from the policy, write RequestReceived, let the request run,
 * then write ResponseComplete with the response status (and, by level, the objects).
 */
export function auditFilter(opts: AuditOptions): Phase {
  return {
    name: "audit",
    async run(ctx, next) {
      const info = ctx.requestInfo!;
      const config = evaluatePolicy(opts.policy, attributesOf(ctx.user!, info));
      if (config.level === "None") return next();

      const req = ctx.request;
      const auditID = headerValue(req.headers ?? {}, "Audit-ID") || newAuditID(opts.rng);
      const event: NonNullable<RequestContext["audit"]>["event"] = {
        kind: "Event", apiVersion: "audit.k8s.io/v1", level: config.level, auditID,
        requestURI: requestURI(req.path, req.query ?? {}), verb: info.verb, user: auditUser(ctx.user!),
        sourceIPs: req.remoteAddr === undefined ? [] : [req.remoteAddr],
        userAgent: headerValue(req.headers ?? {}, "User-Agent"),
        requestReceivedTimestamp: formatMicroTime(ctx.receivedAt),
      };
      if (info.isResourceRequest) event.objectRef = objectRef(info);
      ctx.audit = { config, event };
      const emit = (e: AuditEvent): void => {
        if (!config.omitStages.includes(e.stage)) opts.backend.processEvents(e);
      };
      emit(eventAtStage(event, "RequestReceived", formatMicroTime(opts.now()), {}));

      const response = await next();
      response.headers["Audit-ID"] = auditID;
      // The impersonation filter ran inside us: the event names both users.
      if (ctx.user !== ctx.requestor && ctx.user !== undefined) event.impersonatedUser = auditUser(ctx.user);
      if (Object.keys(ctx.annotations).length > 0) event.annotations = { ...ctx.annotations };
      const ok = response.status < 400;
      emit(eventAtStage(event, "ResponseComplete", formatMicroTime(opts.now()), {
        responseStatus: responseStatusOf(response.status, response.body),
        requestObject: ctx.audit.requestObject,
        responseObject: ok && typeof response.body === "object" ? response.body : undefined,
      }));
      return response;
    },
  };
}
//< with-audit

/** WithImpersonation: `Impersonate-User` and friends, each checked with the `impersonate` verb. */
export function impersonationFilter(authorizer: Authorizer): Phase {
  return {
    name: "impersonation",
    async run(ctx, next) {
      const result = await impersonate(ctx.user!, ctx.request.headers ?? {}, authorizer);
      if (result.kind === "Rejected") return statusResponse(result.error);
      if (result.kind === "Impersonated") ctx.user = result.user;
      return next();
    },
  };
}

//> with-authorization
/** WithAuthorization: may this user do this? Allowed: on. Otherwise: 403 with upstream's message. */
export function authorizationFilter(authorizer: Authorizer): Phase {
  return {
    name: "authorization",
    async run(ctx, next) {
      const attrs = attributesOf(ctx.user!, ctx.requestInfo!);
      const { decision, reason, error } = await authorizer.authorize(attrs);
      if (decision === "Allow") {
        ctx.annotations[DecisionAnnotationKey] = "allow";
        ctx.annotations[ReasonAnnotationKey] = reason;
        return next();
      }
      if (error !== undefined) {
        ctx.annotations[ReasonAnnotationKey] = "internal error";
        return statusResponse(newInternalError(error));
      }
      ctx.annotations[DecisionAnnotationKey] = "forbid";
      ctx.annotations[ReasonAnnotationKey] = reason;
      return statusResponse(forbiddenError(attrs, reason));
    },
  };
}
//< with-authorization

/** filters.GetAuthorizerAttributes: the RequestInfo with the user. */
export function attributesOf(user: UserInfo, info: RequestInfo): RequestAttributes {
  return {
    user, verb: info.verb, isResourceRequest: info.isResourceRequest, path: info.path,
    namespace: info.namespace, apiGroup: info.apiGroup, apiVersion: info.apiVersion,
    resource: info.resource, subresource: info.subresource, name: info.name,
  };
}

function objectRef(info: RequestInfo): ObjectReference {
  const ref: ObjectReference = { resource: info.resource };
  if (info.namespace !== "") ref.namespace = info.namespace;
  if (info.name !== "") ref.name = info.name;
  if (info.apiGroup !== "") ref.apiGroup = info.apiGroup;
  ref.apiVersion = info.apiVersion;
  if (info.subresource !== "") ref.subresource = info.subresource;
  return ref;
}

/** The path and the query, as the client sent them (req.URL.RequestURI()). */
export function requestURI(path: string, query: Query): string {
  const pairs: string[] = [];
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    for (const value of typeof v === "string" ? [v] : v) pairs.push(`${encodeURIComponent(k)}=${encodeURIComponent(value)}`);
  }
  return pairs.length === 0 ? path : `${path}?${pairs.join("&")}`;
}

