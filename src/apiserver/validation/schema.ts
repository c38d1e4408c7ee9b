// The shape of the OpenAPI definitions the API server validates against and serves.
//
// Kubernetes describes every built-in type twice: as Go structs (which the decoder fills) and as
// OpenAPI schemas generated from those structs (which /openapi/v2 and /openapi/v3 serve, and
// which kubectl uses for `explain` and client-side validation). We have no Go structs, so the
// schemas play both roles here: decode.ts walks an object against them to find wrongly typed and
// unknown fields, and openapi-v2.ts / openapi-v3.ts serve them.
//
// The definitions themselves are generated from the `kubernetes-types` package (itself generated
// from upstream's swagger.json) by tools/openapi/generate.ts into definitions.generated.ts.
//
// Reference: k8s.io/kube-openapi/pkg/validation/spec (Schema), and upstream's
// api/openapi-spec/swagger.json for the names and formats.

import { definitions } from "./definitions.generated";

/** One group/version/kind, as in the `x-kubernetes-group-version-kind` extension. */
export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/**
 * A (Swagger 2.0 flavoured) schema. `$ref` points at another definition as
 * `#/definitions/<name>`; openapi-v3.ts rewrites it to `#/components/schemas/<name>`.
 */
export interface Schema {
  $ref?: string;
  type?: "object" | "array" | "string" | "integer" | "number" | "boolean";
  /** int32, int64, double, date-time, int-or-string, byte. */
  format?: string;
  description?: string;
  properties?: Record<string, Schema>;
  /** Fields the OpenAPI document calls required (non-optional in kubernetes-types). */
  required?: string[];
  items?: Schema;
  additionalProperties?: Schema;
  "x-kubernetes-group-version-kind"?: GroupVersionKind[];
  /** A property's patch and list metadata (patch-metadata.ts), as upstream's openapi-gen emits it. */
  "x-kubernetes-patch-strategy"?: string;
  "x-kubernetes-patch-merge-key"?: string;
  "x-kubernetes-list-type"?: "atomic" | "set" | "map";
  "x-kubernetes-list-map-keys"?: string[];
}

/** Every definition, keyed by its OpenAPI name such as `io.k8s.api.core.v1.Pod`. */
export type Definitions = Readonly<Record<string, Schema>>;

export { definitions };

const refPrefix = "#/definitions/";

/** `#/definitions/io.k8s.api.core.v1.PodSpec` → `io.k8s.api.core.v1.PodSpec`. */
export function refName(ref: string): string {
  return ref.startsWith(refPrefix) ? ref.slice(refPrefix.length) : ref;
}

/** The definition a schema points at (following one `$ref`), or the schema itself. */
export function resolve(schema: Schema): { name: string | undefined; schema: Schema } {
  if (schema.$ref === undefined) return { name: undefined, schema };
  const name = refName(schema.$ref);
  return { name, schema: definitions[name] ?? {} };
}

const byGVK = new Map<string, string>();
for (const name of Object.keys(definitions).sort()) {
  for (const gvk of definitions[name]?.["x-kubernetes-group-version-kind"] ?? []) {
    const key = `${gvk.group}/${gvk.version}/${gvk.kind}`;
    // DeleteOptions and WatchEvent list every group version; a real kind's own definition wins.
    if (!byGVK.has(key) || name.endsWith(`.${gvk.kind}`)) byGVK.set(key, name);
  }
}

/** The OpenAPI name of a kind's definition: ("apps", "v1", "Deployment") → `io.k8s.api.apps.v1.Deployment`. */
export function definitionNameFor(gvk: GroupVersionKind): string | undefined {
  return byGVK.get(`${gvk.group}/${gvk.version}/${gvk.kind}`);
}
