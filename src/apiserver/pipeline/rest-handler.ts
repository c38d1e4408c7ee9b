// The REST handler: what happens to a resource request once the filters let it through.
// For a write (create, update, delete), the steps of upstream's handlers
// (k8s.io/apiserver/pkg/endpoints/handlers/create.go, update.go, delete.go):
//
//   mutating admission → validation → validating admission → storage → response
//
// Validation sits between the two admission phases so that it sees the object the mutating
// plugins produced, and the validating plugins see an object already known to be well formed.
//
// The response codes, as upstream: 201 Created for a create (and for an update that created the
// object), 202 Accepted for a delete that has not finished (finalizers, graceful deletion),
// 200 for everything else.
//
// SIMPLIFICATION: storage, validation and the old object's lookup are injected. Upstream runs
// admission for PATCH inside the registry (the patched object exists only there), so here a
// patch goes to storage without admission: the registry that applies the patch must admit it.
// Reads (get, list, watch) and deletecollection go to storage directly, as upstream.

import { newBadRequest, type StatusError } from "../../api/status";
import { AdmissionChain, type AdmissionResult } from "../admission/chain";
import { toStatusError } from "../admission/errors";
import { newAttributes } from "../admission/attributes";
import { AdmissionContext } from "../admission/plugin";
import type { AdmissionAttributes, KubeObject, Operation, UserInfo } from "../types";
import type { Phase } from "./compose";
import { jsonResponse, statusResponse, type RequestContext } from "./request";
import { queryValue, type RequestInfo } from "./request-info";

/** What the storage step is asked to do. */
export interface StorageRequest {
  info: RequestInfo;
  user: UserInfo;
  /** For create and update: the object after admission and validation. The body, for patch. */
  object: unknown;
  query: RequestContext["request"]["query"];
  dryRun: boolean;
}

//> storage-outcome
/** What storage did, which decides the response code. Storage refuses by throwing a StatusError. */
export type StorageOutcome =
  /** 200: a read, an update of an existing object, a patch, a delete that finished. */
  | { kind: "Ok"; object: unknown }
  /** 201: a create, or an update that created the object. */
  | { kind: "Created"; object: unknown }
  /** 202: a delete that has started but not finished (finalizers, a grace period). */
  | { kind: "Accepted"; object: unknown };
//< storage-outcome

export type StorageHandler = (req: StorageRequest) => Promise<StorageOutcome>;
/** Schema and field validation of an object about to be written: a 422 Invalid, or nothing. */
export type Validator = (object: KubeObject, info: RequestInfo, operation: Operation) => StatusError | undefined;
/** The stored object, for admission of an update or a delete (undefined when there is none). */
export type ObjectGetter = (info: RequestInfo) => Promise<KubeObject | undefined>;

export interface RestHandlerOptions {
  admission: AdmissionChain;
  validate: Validator;
  storage: StorageHandler;
  /** Without it, admission sees no oldObject on update and delete. */
  get?: ObjectGetter;
}

/** The admission operation for a verb, or undefined when admission does not run here. */
function operationOf(info: RequestInfo): Operation | undefined {
  switch (info.verb) {
    case "create": return "CREATE";
    case "update": return "UPDATE";
    case "delete": return "DELETE";
    default: return undefined;
  }
}

/** Per-request state shared by the REST phases. */
interface Admission {
  attrs: AdmissionAttributes;
  actx: AdmissionContext;
}
const admissionState = new WeakMap<RequestContext, Admission>();

/** The REST phases, to be composed after the filters. */
export function restPhases(opts: RestHandlerOptions): Phase[] {
  const refused = (ctx: RequestContext, r: AdmissionResult & { allowed: false }) => {
    Object.assign(ctx.annotations, r.annotations);
    return statusResponse(r.error);
  };
  return [
    {
      name: "mutating_admission",
      async run(ctx, next) {
        const info = ctx.requestInfo!;
        const operation = operationOf(info);
        if (operation === undefined) return next();
        const body = ctx.request.body;
        if (operation !== "DELETE") {
          if (typeof body !== "object" || body === null || Array.isArray(body)) {
            return statusResponse(newBadRequest(`the body of the request was in an unknown format - accepted media types include: application/json`));
          }
          // The request object as the client sent it, for the audit log, before anyone changes it.
          if (ctx.audit) ctx.audit.requestObject = clone(body);
        }
        const object = operation === "DELETE" ? undefined : (clone(body) as KubeObject);
        const oldObject = operation === "CREATE" || opts.get === undefined ? undefined : await opts.get(info);
        const attrs = newAttributes({
          operation, resource: info.resource, object, oldObject, subresource: info.subresource,
          namespace: info.namespace, name: info.name, userInfo: ctx.user!, dryRun: queryValue(ctx.request.query ?? {}, "dryRun") === "All",
        });
        const actx = new AdmissionContext();
        admissionState.set(ctx, { attrs, actx });
        const result = await opts.admission.admit(attrs, actx);
        if (!result.allowed) return refused(ctx, result);
        if (attrs.object !== undefined) ctx.object = attrs.object;
        return next();
      },
    },
    {
      name: "validation",
      run(ctx, next) {
        const state = admissionState.get(ctx);
        if (state === undefined || ctx.object === undefined) return next();
        const err = opts.validate(ctx.object, ctx.requestInfo!, state.attrs.operation);
        return err === undefined ? next() : Promise.resolve(statusResponse(err));
      },
    },
    {
      name: "validating_admission",
      async run(ctx, next) {
        const state = admissionState.get(ctx);
        if (state === undefined) return next();
        const result = await opts.admission.validate(state.attrs, state.actx);
        if (!result.allowed) return refused(ctx, result);
        Object.assign(ctx.annotations, state.actx.annotations);
        ctx.warnings.push(...state.actx.warnings);
        return next();
      },
    },
    {
      name: "storage",
      async run(ctx) {
        const info = ctx.requestInfo!;
        let outcome: StorageOutcome;
        try {
          outcome = await opts.storage({
            info, user: ctx.user!, object: ctx.object ?? ctx.request.body, query: ctx.request.query ?? {},
            dryRun: queryValue(ctx.request.query ?? {}, "dryRun") === "All",
          });
        } catch (err) {
          return statusResponse(toStatusError(err));
        }
        //> response-code
        const code = outcome.kind === "Created" ? 201 : outcome.kind === "Accepted" ? 202 : 200;
        //< response-code
        const response = jsonResponse(code, outcome.object);
        // Upstream: `Warning: 299 - "message"` (k8s.io/apiserver/pkg/warning, RFC 7234 §5.5).
        if (ctx.warnings.length > 0) response.headers["Warning"] = ctx.warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(", ");
        return response;
      },
    },
  ];
}

function clone(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v)) as unknown;
}
