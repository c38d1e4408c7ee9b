// The first step of every write: which resource is this, may this verb be used on it, and is the
// body an object of the right kind? Then the decoder's defaults. Upstream this is the route
// table of the installer (404 for an unknown resource, 405 for a verb it does not serve) and
// the start of handlers/create.go and update.go (decode, defaults, the namespace check).
//
//   POST /api/v1/namespaces/default/pods  {"kind":"Service",...}
//   → 400 Service in version "v1" cannot be handled as a Pod: ...
//
// SIMPLIFICATION: the decode error texts for a body of the wrong kind or version follow
// upstream's transformDecodeError wording; the Go scheme's inner messages are approximated.

import { field, FieldPath } from "../../api/field-errors";
import { goQuote } from "../../api/go-quote";
import { newBadRequest, newInvalid, StatusError } from "../../api/status";
import { queryValues } from "./query";
import type { FieldValidation } from "../pipeline/rest-handler";
import type { Query, RequestInfo } from "../pipeline/request-info";
import type { KubeObject } from "../types";
import { apiVersionOf, lookupResource, lookupSubresource, type ResourceInfo, type SubresourceInfo } from "./resources";
import { applyDefaults } from "./strategy";
import type { ValidateObject, ValidationTarget } from "./validation-hook";

/** 404 for a resource this group/version does not serve (the installer has no route). */
export function resourceNotFound(): StatusError {
  return new StatusError({
    kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure",
    message: "the server could not find the requested resource", reason: "NotFound", details: {}, code: 404,
  });
}

/** 405 for a verb the resource does not serve (go-restful's answer). */
export function methodNotAllowed(): StatusError {
  return new StatusError({
    kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure",
    message: "the server does not allow this method on the requested resource", reason: "MethodNotAllowed", details: {}, code: 405,
  });
}

export interface ResolvedResource {
  info: ResourceInfo;
  sub: SubresourceInfo | undefined;
}

/** The resource (and subresource) a request names, checked against the verb; throws 404/405. */
export function resolveResource(ri: RequestInfo): ResolvedResource {
  const info = lookupResource(ri.apiGroup, ri.apiVersion, ri.resource);
  if (info === undefined) throw resourceNotFound();
  // /namespaces/<ns>/pods on a cluster-scoped resource, or /nodes on a namespaced one, is not routed.
  if (ri.namespace !== "" && !info.namespaced && !(info.resource === "namespaces")) throw resourceNotFound();
  // Across namespaces a namespaced resource is only listed and watched: /api/v1/pods/<name> has no route,
  // and POST or DELETE /api/v1/pods is not allowed.
  if (info.namespaced && ri.namespace === "") {
    if (ri.parts.length > 1) throw resourceNotFound();
    if (ri.verb !== "list" && ri.verb !== "watch") throw methodNotAllowed();
  }
  let sub: SubresourceInfo | undefined;
  if (ri.subresource !== "") {
    sub = lookupSubresource(info, ri.subresource);
    if (sub === undefined || ri.parts.length > 3) throw resourceNotFound();
  }
  const verbs = sub?.verbs ?? info.verbs;
  const verb = ri.verb;
  const served = verb === "watch" ? verbs.includes("watch") : verbs.includes(verb);
  if (!served) throw methodNotAllowed();
  if (sub === undefined && ri.name === "" && ["update", "patch", "delete"].includes(verb)) throw methodNotAllowed();
  if (sub === undefined && ri.name !== "" && verb === "create") throw methodNotAllowed();
  return { info, sub };
}

/** The kind a request body speaks: the resource's, or its subresource's (Scale, Binding, Eviction). */
export function targetOf({ info, sub }: ResolvedResource): ValidationTarget {
  if (sub === undefined || sub.kind === info.kind) {
    return { group: info.group, version: info.version, kind: info.kind, resource: info.resource, namespaced: info.namespaced };
  }
  return { group: sub.group ?? info.group, version: sub.version ?? info.version, kind: sub.kind, resource: info.resource, namespaced: info.namespaced };
}

/** ValidateCreateOptions / UpdateOptions / PatchOptions / DeleteOptions: dryRun and fieldValidation. */
export function validateWriteOptions(verb: string, query: Query): void {
  const kind = verb === "create" ? "CreateOptions" : verb === "update" ? "UpdateOptions" : verb === "patch" ? "PatchOptions" : "DeleteOptions";
  const errs = [];
  const dryRun = queryValues(query, "dryRun");
  if (dryRun.some((v) => v !== "All")) {
    errs.push(field.notSupported(FieldPath.of("dryRun"), `[]string{${dryRun.map(goQuote).join(", ")}}`, ["All"]));
  }
  const fv = queryValues(query, "fieldValidation")[0];
  if (kind !== "DeleteOptions" && fv !== undefined && !["", "Ignore", "Strict", "Warn"].includes(fv)) {
    errs.push(field.notSupported(FieldPath.of("fieldValidation"), fv, ["", "Ignore", "Strict", "Warn"]));
  }
  if (errs.length > 0) throw newInvalid({ group: "meta.k8s.io", kind }, "", errs);
}

const jsonType = (v: unknown): string =>
  Array.isArray(v) ? "array" : v === null ? "null" : typeof v === "object" ? "object" : typeof v === "boolean" ? "bool" : typeof v;

/** summarizeData: the start of the body, for the "unrecognized" error. */
function summarize(body: unknown): string {
  const text = JSON.stringify(body) ?? "";
  return text.length > 30 ? `${text.slice(0, 30)} ...` : text;
}

//> apiserver-decode
/**
 * Decodes a create or update body for `target`: a JSON object whose apiVersion and kind, when
 * given, are the target's; missing ones are filled in (the handler's default GVK). Then the
 * namespace from the URL, the kind's defaults, and the decoder's own errors (wrongly typed
 * fields, Strict unknown fields) from `validate`, which are 400s.
 */
export function decodeBody(
  body: unknown, resolved: ResolvedResource, namespace: string, validate: ValidateObject, operation: "CREATE" | "UPDATE", fieldValidation: FieldValidation,
): KubeObject {
  const target = targetOf(resolved);
  const gv = apiVersionOf(target);
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw newBadRequest(
      `the object provided is unrecognized (must be of type ${target.kind}): couldn't get version/kind; json parse error: ` +
      `json: cannot unmarshal ${jsonType(body)} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; ` +
      `Kind string "json:\\"kind,omitempty\\"" } (${summarize(body)})`,
    );
  }
  const obj = JSON.parse(JSON.stringify(body)) as KubeObject;
  for (const key of ["apiVersion", "kind"] as const) {
    if (obj[key] !== undefined && typeof obj[key] !== "string") {
      throw newBadRequest(`couldn't get version/kind; json parse error: json: cannot unmarshal ${jsonType(obj[key])} into Go struct field .${key} of type string`);
    }
  }
  const kind = obj.kind || target.kind;
  const apiVersion = obj.apiVersion || gv;
  const version = apiVersion.includes("/") ? apiVersion.slice(apiVersion.indexOf("/") + 1) : apiVersion;
  if (kind !== target.kind) {
    throw newBadRequest(`${kind} in version ${goQuote(version)} cannot be handled as a ${target.kind}: no kind ${goQuote(kind)} is registered for version ${goQuote(apiVersion)} in scheme "pkg/api/legacyscheme/scheme.go:30"`);
  }
  if (apiVersion !== gv) {
    throw newBadRequest(`the API version in the data (${apiVersion}) does not match the expected API version (${gv})`);
  }
  obj.apiVersion = apiVersion;
  obj.kind = kind;
  const meta = obj.metadata;
  if (meta !== undefined && meta !== null && typeof meta === "object" && !Array.isArray(meta)) {
    // rest.EnsureObjectNamespaceMatchesRequestNamespace.
    const objNamespace = typeof meta.namespace === "string" ? meta.namespace : "";
    const requestNamespace = target.namespaced ? namespace : "";
    if (objNamespace === "" && requestNamespace !== "") meta.namespace = requestNamespace;
    else if (requestNamespace === "" && objNamespace !== "") delete meta.namespace;
    else if (objNamespace !== requestNamespace) {
      throw newBadRequest("the namespace of the provided object does not match the namespace sent on the request");
    }
  }
  const decodeError = validate(obj, target, operation, fieldValidation).error;
  if (decodeError !== undefined && decodeError.code === 400) throw decodeError;
  if (target.kind === resolved.info.kind) applyDefaults(resolved.info, obj);
  return obj;
}
//< apiserver-decode
