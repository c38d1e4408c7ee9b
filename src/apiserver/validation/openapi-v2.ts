// GET /openapi/v2: one Swagger 2.0 document with every definition and path.
//
// kubectl uses it for client-side validation (`kubectl apply --validate` against servers that
// do not validate fields themselves) and `kubectl explain --output=plaintext-openapiv2`.
//
// SIMPLIFICATION: kubectl asks for this document as protobuf
// (`Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf`, gnostic's encoding);
// we produce only JSON. kubectl 1.27+ reads /openapi/v3 for explain and for detecting
// server-side field validation (openapi-v3.ts), which is JSON.
//
// Reference: k8s.io/kube-openapi/pkg/handler (the v2 handler), api/openapi-spec/swagger.json.

import { DEFAULT_VERSION, openApiInfoVersion, type VersionInfo } from "../version";
import { pathItemsFor, type Parameter, type PathItem } from "./openapi-paths";
import { definitionNameFor, definitions, type Schema } from "./schema";
import { servedResources } from "./served";

export interface OpenApiV2Document {
  swagger: "2.0";
  info: { title: string; version: string };
  paths: Record<string, Record<string, unknown>>;
  definitions: Record<string, Schema>;
  securityDefinitions: Record<string, unknown>;
  security: Array<Record<string, string[]>>;
}

function parameterV2(p: Parameter): Record<string, unknown> {
  if (p.in === "body") return { name: p.name, in: "body", required: true, schema: { $ref: `#/definitions/${p.schemaRef ?? ""}` } };
  const out: Record<string, unknown> = { name: p.name, in: p.in, type: "string", uniqueItems: true, description: p.description };
  if (p.required === true) out.required = true;
  return out;
}

function pathItemV2(item: PathItem): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const op of item.operations) {
    out[op.method] = {
      description: op.description,
      consumes: op.consumes ?? ["*/*"],
      produces: ["application/json", "application/yaml"],
      schemes: ["https"],
      operationId: op.operationId,
      parameters: op.parameters.map(parameterV2),
      responses: { "200": { description: "OK", schema: { $ref: `#/definitions/${op.response}` } }, "401": { description: "Unauthorized" } },
      "x-kubernetes-action": op.action,
      "x-kubernetes-group-version-kind": op.gvk,
    };
  }
  out.parameters = item.parameters.map(parameterV2);
  return out;
}

/** Every served resource's path items, keyed by path. */
export function allPathItems(): PathItem[] {
  return servedResources.flatMap((r) => {
    const def = definitionNameFor(r);
    return def === undefined ? [] : pathItemsFor(r, def);
  });
}

const cached = new Map<string, OpenApiV2Document>();

//> openapi-v2
/**
 * The /openapi/v2 document of a server at `version` (its `info.version`, as /version says).
 * Built once per version; the same object every call (do not mutate it).
 */
export function openApiV2Document(version: VersionInfo = DEFAULT_VERSION): OpenApiV2Document {
  const infoVersion = openApiInfoVersion(version);
  const hit = cached.get(infoVersion);
  if (hit !== undefined) return hit;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const item of allPathItems()) paths[item.path] = pathItemV2(item);
  const doc: OpenApiV2Document = {
    swagger: "2.0",
    info: { title: "Kubernetes", version: infoVersion },
    paths,
    definitions: { ...definitions },
    securityDefinitions: { BearerToken: { description: "Bearer Token authentication", type: "apiKey", name: "authorization", in: "header" } },
    security: [{ BearerToken: [] }],
  };
  cached.set(infoVersion, doc);
  return doc;
}
//< openapi-v2
