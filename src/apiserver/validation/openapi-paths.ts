// The REST operations of each served resource, described once and rendered by openapi-v2.ts and
// openapi-v3.ts. Names follow upstream's generated spec: operationIds such as
// `patchCoreV1NamespacedPod`, `x-kubernetes-action`, and an `x-kubernetes-group-version-kind`
// object on each operation.
//
// Why paths matter at all: kubectl (resource.QueryParamVerifierV3) looks for the PATCH
// operation of a kind and checks that it lists the `fieldValidation` query parameter; if it
// does, kubectl leaves field validation to the server (`--validate=strict` becomes
// `?fieldValidation=Strict`).
//
// Reference: k8s.io/kubectl/pkg/cmd/util (QueryParamVerifierV3, supportsQueryParamV3),
// upstream api/openapi-spec/v3/api__v1_openapi.json for the shapes.

import type { GroupVersionKind } from "./schema";
import { groupVersionPath, type ServedResource } from "./served";

export interface Parameter {
  name: string;
  in: "path" | "query" | "body";
  description: string;
  required?: boolean;
  /** For body parameters: the definition sent. */
  schemaRef?: string;
}

export interface Operation {
  method: "get" | "post" | "put" | "patch" | "delete";
  operationId: string;
  description: string;
  action: "list" | "post" | "deletecollection" | "get" | "put" | "patch" | "delete";
  gvk: GroupVersionKind;
  parameters: Parameter[];
  /** The request body's media types (create, update, patch). */
  consumes?: string[];
  /** The definition returned with 200. */
  response: string;
}

export interface PathItem {
  path: string;
  /** Path-level parameters (name, namespace). */
  parameters: Parameter[];
  operations: Operation[];
}

const q = (name: string, description: string): Parameter => ({ name, in: "query", description });
const dryRun = q("dryRun", "When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed");
const fieldManager = q("fieldManager", "fieldManager is a name associated with the actor or entity that is making these changes.");
const fieldValidation = q(
  "fieldValidation",
  "fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn - Strict",
);
const listParams = ["labelSelector", "fieldSelector", "limit", "continue", "resourceVersion", "watch"].map((n) => q(n, `the list option ${n}`));
const meta = "io.k8s.apimachinery.pkg.apis.meta.v1";
const patchTypes = ["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"];

/** `rbac.authorization.k8s.io` → `RbacAuthorization`, `` → `Core`: upstream's operationId infix. */
function groupCamel(group: string): string {
  if (group === "") return "Core";
  return group.replace(/\.k8s\.io$/, "").split(".").map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join("");
}

/** The paths of one resource: its collection and (unless create-only) its items. */
export function pathItemsFor(r: ServedResource, definition: string): PathItem[] {
  const gvk = { group: r.group, kind: r.kind, version: r.version };
  const id = (verb: string): string => `${verb}${groupCamel(r.group)}${r.version.charAt(0).toUpperCase()}${r.version.slice(1)}${r.namespaced ? "Namespaced" : ""}${r.kind}`;
  const base = `/${groupVersionPath(r.group, r.version)}${r.namespaced ? "/namespaces/{namespace}" : ""}/${r.resource}`;
  const nsParam: Parameter[] = r.namespaced ? [{ name: "namespace", in: "path", required: true, description: "object name and auth scope, such as for teams and projects" }] : [];
  const body = (ref: string): Parameter => ({ name: "body", in: "body", required: true, description: "", schemaRef: ref });
  const op = (o: Omit<Operation, "gvk">): Operation => ({ ...o, gvk });
  const create = op({
    method: "post", action: "post", operationId: id("create"), description: `create a ${r.kind}`, response: definition,
    parameters: [body(definition), dryRun, fieldManager, fieldValidation], consumes: ["application/json", "application/yaml"],
  });
  if (r.createOnly === true) return [{ path: base, parameters: nsParam, operations: [create] }];
  const listDef = `${definition}List`;
  const collection: PathItem = {
    path: base,
    parameters: nsParam,
    operations: [
      op({ method: "get", action: "list", operationId: id("list"), description: `list or watch objects of kind ${r.kind}`, response: listDef, parameters: listParams }),
      create,
      op({ method: "delete", action: "deletecollection", operationId: id("deleteCollection"), description: `delete collection of ${r.kind}`, response: `${meta}.Status`, parameters: [body(`${meta}.DeleteOptions`), dryRun, ...listParams] }),
    ],
  };
  const item: PathItem = {
    path: `${base}/{name}`,
    parameters: [{ name: "name", in: "path", required: true, description: `name of the ${r.kind}` }, ...nsParam],
    operations: [
      op({ method: "get", action: "get", operationId: id("read"), description: `read the specified ${r.kind}`, response: definition, parameters: [] }),
      op({
        method: "put", action: "put", operationId: id("replace"), description: `replace the specified ${r.kind}`, response: definition,
        parameters: [body(definition), dryRun, fieldManager, fieldValidation], consumes: ["application/json", "application/yaml"],
      }),
      op({
        method: "patch", action: "patch", operationId: id("patch"), description: `partially update the specified ${r.kind}`, response: definition,
        parameters: [body(`${meta}.Patch`), dryRun, fieldManager, fieldValidation, q("force", "Force is going to \"force\" Apply requests.")], consumes: patchTypes,
      }),
      op({ method: "delete", action: "delete", operationId: id("delete"), description: `delete a ${r.kind}`, response: `${meta}.Status`, parameters: [body(`${meta}.DeleteOptions`), dryRun] }),
    ],
  };
  return [collection, item];
}
