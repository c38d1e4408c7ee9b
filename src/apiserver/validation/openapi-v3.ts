// GET /openapi/v3 and /openapi/v3/<group version>: OpenAPI 3.0, one document per group version.
//
//   GET /openapi/v3
//   {"paths": {"api/v1": {"serverRelativeURL": "/openapi/v3/api/v1?hash=0F3A..."}, "apis/apps/v1": ...}}
//
// The hash is the SHA-512 of the group version's JSON document (upper case hex, as kube-openapi
// prints it), so a client can cache `/openapi/v3/apis/apps/v1?hash=...` forever and notices a
// change by the URL. kubectl 1.32 uses these documents for `kubectl explain` (it finds the schema
// whose `x-kubernetes-group-version-kind` names the kind) and to learn that the server does field
// validation itself (the PATCH operation lists `fieldValidation`, see openapi-paths.ts).
//
// Differences from v2, as upstream: `$ref`s point at `#/components/schemas/...`; a `$ref` with a
// description is wrapped in `allOf` (in OpenAPI 3.0 a `$ref`'s siblings are ignored); request
// bodies and responses carry their media types.
//
// Reference: k8s.io/kube-openapi/pkg/handler3/handler.go (OpenAPIV3Discovery, the ETag/hash),
// k8s.io/kubectl/pkg/explain/v2, upstream api/openapi-spec/v3/*.json.
//
// SIMPLIFICATION: Quantity and IntOrString are given as `oneOf` string/number and
// integer/string (what kube-openapi's OpenAPIV3OneOfTypes declares); we could not compare this
// with a live server's document byte for byte.

import { DEFAULT_VERSION, openApiInfoVersion, type VersionInfo } from "../version";
import { type Parameter, type PathItem } from "./openapi-paths";
import { allPathItems } from "./openapi-v2";
import { definitions, refName, type Schema } from "./schema";
import { groupVersionPath, servedGroupVersions } from "./served";
import { sha512Hex } from "./sha512";

export interface OpenApiV3Discovery {
  paths: Record<string, { serverRelativeURL: string }>;
}

export type JsonObject = { [key: string]: unknown };

const v3Ref = (name: string): string => `#/components/schemas/${name}`;

/** A v2-style schema in OpenAPI 3.0 form. */
function toV3(schema: Schema, name?: string): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "$ref") continue;
    if (key === "properties") {
      out.properties = Object.fromEntries(Object.entries(value as Record<string, Schema>).map(([k, v]) => [k, toV3(v)]));
    } else if (key === "items" || key === "additionalProperties") {
      out[key] = toV3(value as Schema);
    } else out[key] = value;
  }
  if (schema.$ref !== undefined) {
    const ref = v3Ref(refName(schema.$ref));
    if (Object.keys(out).length === 0) return { $ref: ref };
    out.allOf = [{ $ref: ref }];
  }
  if (name === "io.k8s.apimachinery.pkg.api.resource.Quantity") {
    delete out.type;
    out.oneOf = [{ type: "string" }, { type: "number" }];
  } else if (name === "io.k8s.apimachinery.pkg.util.intstr.IntOrString") {
    delete out.type;
    out.oneOf = [{ type: "integer" }, { type: "string" }];
  }
  return out;
}

/** Every definition `names` refer to, transitively, with `names` themselves. */
function closure(names: Iterable<string>): string[] {
  const seen = new Set<string>();
  const visit = (s: Schema | undefined): void => {
    if (s === undefined) return;
    if (s.$ref !== undefined) add(refName(s.$ref));
    for (const p of Object.values(s.properties ?? {})) visit(p);
    visit(s.items);
    visit(s.additionalProperties);
  };
  const add = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    visit(definitions[name]);
  };
  for (const n of names) add(n);
  return [...seen].sort();
}

function parameterV3(p: Parameter): JsonObject {
  const out: JsonObject = { name: p.name, in: p.in, description: p.description, schema: { type: "string", uniqueItems: true } };
  if (p.required === true) out.required = true;
  return out;
}

function pathItemV3(item: PathItem): JsonObject {
  const out: JsonObject = {};
  for (const op of item.operations) {
    const body = op.parameters.find((p) => p.in === "body");
    const operation: JsonObject = {
      description: op.description,
      operationId: op.operationId,
      parameters: op.parameters.filter((p) => p.in !== "body").map(parameterV3),
      responses: {
        "200": { description: "OK", content: { "application/json": { schema: { $ref: v3Ref(op.response) } }, "application/yaml": { schema: { $ref: v3Ref(op.response) } } } },
        "401": { description: "Unauthorized" },
      },
      "x-kubernetes-action": op.action,
      "x-kubernetes-group-version-kind": op.gvk,
    };
    if (body?.schemaRef !== undefined) {
      const schema = { $ref: v3Ref(body.schemaRef) };
      operation.requestBody = { content: Object.fromEntries((op.consumes ?? ["*/*"]).map((t) => [t, { schema }])), required: true };
    }
    out[op.method] = operation;
  }
  out.parameters = item.parameters.map(parameterV3);
  return out;
}

const documents = new Map<string, { doc: JsonObject; json: string; hash: string }>();

function build(groupVersion: string, version: VersionInfo): { doc: JsonObject; json: string; hash: string } | undefined {
  const infoVersion = openApiInfoVersion(version);
  const key = `${infoVersion} ${groupVersion}`;
  const hit = documents.get(key);
  if (hit !== undefined) return hit;
  const items = allPathItems().filter((i) => i.path.startsWith(`/${groupVersion}/`));
  if (items.length === 0) return undefined;
  const roots = new Set<string>();
  for (const item of items) {
    for (const op of item.operations) {
      roots.add(op.response);
      for (const p of op.parameters) if (p.schemaRef !== undefined) roots.add(p.schemaRef);
    }
  }
  // The scale subresource's type lives in autoscaling/v1 but is served by apps/v1.
  if (groupVersion === "apis/apps/v1") roots.add("io.k8s.api.autoscaling.v1.Scale");
  const schemas = Object.fromEntries(closure(roots).map((n) => [n, toV3(definitions[n] ?? {}, n)]));
  const paths = Object.fromEntries(items.map((i) => [i.path, pathItemV3(i)]));
  const doc: JsonObject = {
    openapi: "3.0.0",
    info: { title: "Kubernetes", version: infoVersion },
    paths,
    components: {
      schemas,
      securitySchemes: { BearerToken: { type: "apiKey", description: "Bearer Token authentication", name: "authorization", in: "header" } },
    },
  };
  const json = JSON.stringify(doc);
  const built = { doc, json, hash: sha512Hex(json) };
  documents.set(key, built);
  return built;
}

//> openapi-v3
/**
 * GET /openapi/v3: where each group version's document is, with its content hash. `version` is
 * the server's (/version), which each document reports as `info.version`.
 */
export function openApiV3Paths(version: VersionInfo = DEFAULT_VERSION): OpenApiV3Discovery {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const gv of servedGroupVersions()) {
    const built = build(gv, version);
    if (built !== undefined) paths[gv] = { serverRelativeURL: `/openapi/v3/${gv}?hash=${built.hash}` };
  }
  return { paths };
}

/**
 * GET /openapi/v3/<groupVersion>, e.g. "api/v1" or "apis/apps/v1" (also accepted: "v1",
 * "apps/v1"). Undefined for a group version we do not serve (the front answers 404).
 */
export function openApiV3Document(groupVersion: string, version: VersionInfo = DEFAULT_VERSION): JsonObject | undefined {
  return build(normalize(groupVersion), version)?.doc;
}
//< openapi-v3

/** The document as the exact JSON text its hash was computed over (serve these bytes). */
export function openApiV3Json(groupVersion: string, version: VersionInfo = DEFAULT_VERSION): { json: string; hash: string } | undefined {
  const built = build(normalize(groupVersion), version);
  return built === undefined ? undefined : { json: built.json, hash: built.hash };
}

function normalize(groupVersion: string): string {
  const gv = groupVersion.replace(/^\/+/, "").replace(/^openapi\/v3\//, "");
  if (gv.startsWith("api/") || gv.startsWith("apis/")) return gv;
  const slash = gv.indexOf("/");
  return slash < 0 ? groupVersionPath("", gv) : groupVersionPath(gv.slice(0, slash), gv.slice(slash + 1));
}
