// The REST handler: what happens to a resource request once the filters let it through.
// For a write (create, update, delete), the steps of upstream's handlers
// (k8s.io/apiserver/pkg/endpoints/handlers/create.go, update.go, delete.go):
//
//   decode → mutating admission → validation → validating admission → storage → response
//
// Decoding (with defaulting) comes first, so that admission sees a well-formed object of the
// resource's kind. Validation sits between the two admission phases so that it sees the object
// the mutating plugins produced, and the validating plugins see an object already known to be
// well formed.
//
// A PUT of an object that does not exist is a create when the kind's strategy allows it
// (AllowCreateOnUpdate: leases, events, roles...; resources.ts): admitted and validated as a
// CREATE, authorized once more for the `create` verb, and stored by a create (handlers/update.go,
// and the `creating` branch of registry/store.go Update). For the other kinds it is a 404.
//
// The response codes, as upstream: 201 Created for a create (and for an update that created the
// object), 202 Accepted for a delete that has not finished *and* asked for cascading deletion
// with orphanDependents=false (upstream keeps 200 for every other unfinished delete, so as not to
// break old clients), 200 for everything else.
//
// PATCH does not pass through these phases: the patched object exists only inside the storage
// step, which applies the patch to the stored object and runs admission and validation there, on
// each attempt of its optimistic-concurrency loop (handlers/patch.go does the same, through the
// registry's update). Reads (get, list, watch) go to storage directly, as upstream, and so does
// deletecollection, whose storage step admits the deletion of each item it finds
// (server/update-admission.ts, admitDelete).
//
// SIMPLIFICATION: storage, decoding, validation and the old object's lookup are injected.
// Whether a PUT creates is decided once, from the lookup before admission; upstream decides it
// inside the storage's optimistic-concurrency loop, so an object created or deleted between the
// two is handled there as the other operation, and here answers 409 or 404.
import { newBadRequest, newForbidden, newInternalError, type StatusError } from "../../api/status";
import type { Headers } from "../authn/types";
import type { Authorizer } from "../authz/authorizer";
import { AdmissionChain, type AdmissionResult } from "../admission/chain";
import { toStatusError } from "../admission/errors";
import { newAttributes } from "../admission/attributes";
import { AdmissionContext } from "../admission/plugin";
import type { AdmissionAttributes, KubeObject, Operation, UserInfo } from "../types";
import type { Phase } from "./compose";
import { jsonResponse, statusResponse, type RequestContext, type ResponseStream } from "./request";
import { queryValue, type Query, type RequestInfo } from "./request-info";

/** What the storage step is asked to do. */
export interface StorageRequest {
  info: RequestInfo;
  user: UserInfo;
  /** For create and update: the object after admission and validation. The body, for patch. */
  object: unknown;
  query: RequestContext["request"]["query"];
  dryRun: boolean;
  /** The request headers: Content-Type of a patch, Accept for a Table. */
  headers: Headers;
  /** `Warning:` headers for the client; the storage step may add to them (admission of a patch). */
  warnings: string[];
  /** Audit annotations; the storage step may add to them. */
  annotations: Record<string, string>;
  /** An update admitted as a CREATE (a PUT of a missing object whose kind allows it): storage creates. */
  createOnUpdate?: boolean;
}

//> storage-outcome
/** What storage did, which decides the response code. Storage refuses by throwing a StatusError. */
export type StorageOutcome =
  /** 200: a read, an update of an existing object, a patch, a delete (finished or only marked). */
  | { kind: "Ok"; object: unknown }
  /** 201: a create, or an update that created the object. */
  | { kind: "Created"; object: unknown }
  /** 202: a delete not yet finished, when the client sent orphanDependents=false (handlers/delete.go). */
  | { kind: "Accepted"; object: unknown };
//< storage-outcome

/** A watch: the response is a stream of events (ApiResponse.stream). */
export interface StreamOutcome {
  kind: "Stream";
  stream: ResponseStream;
}

export type StorageHandler = (req: StorageRequest) => Promise<StorageOutcome | StreamOutcome>;

/** metav1.FieldValidation*: what to do with unknown or duplicate fields (`?fieldValidation=`). */
export type FieldValidation = "Strict" | "Warn" | "Ignore";

/** What validation found: a 422 Invalid (or a 400 in Strict mode), and warnings for the client. */
export interface ValidationResult {
  error?: StatusError;
  warnings: string[];
}

/** Schema and field validation of an object about to be written. */
export type Validator = (object: KubeObject, info: RequestInfo, operation: Operation, fieldValidation: FieldValidation) => ValidationResult;

/**
 * Decodes a write's body into an object of the resource's kind, with defaults (the handlers'
 * decoder, k8s.io/apiserver/pkg/endpoints/handlers/create.go). Throws a StatusError to refuse
 * (400 for a body of the wrong kind, 404 for an unknown resource). For DELETE the body is the
 * DeleteOptions: it returns undefined, having checked the request can proceed.
 */
export type Decoder = (body: unknown, info: RequestInfo, operation: Operation, query: Query) => KubeObject | undefined;

/** handlers/rest.go fieldValidation: absent means Warn. */
export function fieldValidationOf(query: Query): FieldValidation {
  const v = queryValue(query, "fieldValidation");
  return v === "Strict" || v === "Ignore" ? v : "Warn";
}

/** The stored object, for admission of an update or a delete (undefined when there is none). */
export type ObjectGetter = (info: RequestInfo) => Promise<KubeObject | undefined>;

export interface RestHandlerOptions {
  admission: AdmissionChain;
  validate: Validator;
  storage: StorageHandler;
  /** Without it, admission sees no oldObject on update and delete. */
  get?: ObjectGetter;
  /** Without it, the body must be a JSON object, used as it is. */
  decode?: Decoder;
  /** Whether a PUT of a missing object of this resource creates it (AllowCreateOnUpdate). Default: never. */
  createsOnUpdate?: (info: RequestInfo) => boolean;
  /** Authorizes the `create` a PUT turns into; a create-on-update without it is a 500, as upstream. */
  authorizer?: Authorizer;
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
  /** A PUT that creates: admitted as a CREATE, authorized for `create`, stored by a create. */
  createOnUpdate: boolean;
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
        let operation = operationOf(info);
        if (operation === undefined) return next();
        const oldObject = operation === "CREATE" || opts.get === undefined ? undefined : await opts.get(info);
        // handlers/update.go: with no stored object, a PUT of a kind that allows create-on-update
        // is a create, for admission, validation and storage alike.
        const createOnUpdate = operation === "UPDATE" && oldObject === undefined && opts.createsOnUpdate?.(info) === true;
        if (createOnUpdate) operation = "CREATE";
        const body = ctx.request.body;
        let object: KubeObject | undefined;
        if (opts.decode !== undefined) {
          try {
            object = opts.decode(body, info, operation, ctx.request.query ?? {});
          } catch (err) {
            return statusResponse(toStatusError(err));
          }
        } else if (operation !== "DELETE") {
          if (typeof body !== "object" || body === null || Array.isArray(body)) {
            return statusResponse(newBadRequest(`the body of the request was in an unknown format - accepted media types include: application/json`));
          }
          object = clone(body) as KubeObject;
        }
        // The request object as the client sent it, for the audit log, before anyone changes it.
        if (operation !== "DELETE" && ctx.audit) ctx.audit.requestObject = clone(body);
        const attrs = newAttributes({
          operation, resource: info.resource, object, oldObject, subresource: info.subresource,
          namespace: info.namespace, name: info.name, userInfo: ctx.user!, dryRun: queryValue(ctx.request.query ?? {}, "dryRun") === "All",
        });
        const actx = new AdmissionContext();
        admissionState.set(ctx, { attrs, actx, createOnUpdate });
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
        const result = opts.validate(ctx.object, ctx.requestInfo!, state.attrs.operation, fieldValidationOf(ctx.request.query ?? {}));
        ctx.warnings.push(...result.warnings);
        return result.error === undefined ? next() : Promise.resolve(statusResponse(result.error));
      },
    },
    {
      name: "validating_admission",
      async run(ctx, next) {
        const state = admissionState.get(ctx);
        if (state === undefined) return next();
        if (state.createOnUpdate) {
          const refusal = await authorizeCreateOnUpdate(opts.authorizer, ctx);
          if (refusal !== undefined) return statusResponse(refusal);
        }
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
        let outcome: StorageOutcome | StreamOutcome;
        try {
          outcome = await opts.storage({
            info, user: ctx.user!, object: ctx.object ?? ctx.request.body, query: ctx.request.query ?? {},
            dryRun: queryValue(ctx.request.query ?? {}, "dryRun") === "All",
            headers: ctx.request.headers ?? {}, warnings: ctx.warnings, annotations: ctx.annotations,
            ...(admissionState.get(ctx)?.createOnUpdate === true ? { createOnUpdate: true } : {}),
          });
        } catch (err) {
          return statusResponse(toStatusError(err));
        }
        if (outcome.kind === "Stream") return { ...jsonResponse(200, undefined), stream: outcome.stream };
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

/**
 * handlers/update.go withAuthorization: the authorization filter let through an `update`; a PUT
 * that creates must also be allowed to `create`, checked before validating admission. Upstream's
 * refusal is a bare Forbidden with the authorizer's reason (often empty).
 */
async function authorizeCreateOnUpdate(authorizer: Authorizer | undefined, ctx: RequestContext): Promise<StatusError | undefined> {
  if (authorizer === undefined) return newInternalError("no authorizer provided, unable to authorize a create on update");
  const info = ctx.requestInfo!;
  const { decision, reason, error } = await authorizer.authorize({
    user: ctx.user!, verb: "create", isResourceRequest: info.isResourceRequest, path: info.path,
    namespace: info.namespace, apiGroup: info.apiGroup, apiVersion: info.apiVersion,
    resource: info.resource, subresource: info.subresource, name: info.name,
  });
  if (decision === "Allow") return undefined;
  if (error !== undefined) return newInternalError(error);
  return newForbidden({ group: info.apiGroup, resource: info.resource }, info.name, reason);
}

function clone(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v)) as unknown;
}
