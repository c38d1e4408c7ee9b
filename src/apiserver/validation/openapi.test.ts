import { describe, expect, it } from "vitest";
import { openApiV2Document } from "./openapi-v2";
import { openApiV3Document, openApiV3Json, openApiV3Paths } from "./openapi-v3";
import { definitionNameFor, definitions } from "./schema";
import { servedResources } from "./served";
import { sha512Hex } from "./sha512";
import { DEFAULT_VERSION } from "../version";

/** Every `$ref` string anywhere in a JSON value. */
function refs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refs(v, out));
  else if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k === "$ref" && typeof v === "string") out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

describe("the OpenAPI definitions", () => {
  it("every served kind's definition is present with x-kubernetes-group-version-kind", () => {
    for (const r of servedResources) {
      const name = definitionNameFor(r);
      expect(name, `${r.group}/${r.kind}`).toBeDefined();
      expect(definitions[name ?? ""]?.["x-kubernetes-group-version-kind"]).toContainEqual({ group: r.group, kind: r.kind, version: r.version });
    }
  });

  it("use upstream's names and formats for Quantity, IntOrString and Time", () => {
    expect(definitions["io.k8s.apimachinery.pkg.api.resource.Quantity"]).toMatchObject({ type: "string" });
    expect(definitions["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]).toMatchObject({ type: "string", format: "int-or-string" });
    expect(definitions["io.k8s.apimachinery.pkg.apis.meta.v1.Time"]).toMatchObject({ type: "string", format: "date-time" });
    expect(definitions["io.k8s.api.apps.v1.RollingUpdateDeployment"]?.properties?.maxSurge).toMatchObject({
      $ref: "#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString",
    });
  });

  it("numbers are integers, int64 where upstream says so", () => {
    expect(definitions["io.k8s.api.apps.v1.DeploymentSpec"]?.properties?.replicas).toMatchObject({ type: "integer", format: "int32" });
    expect(definitions["io.k8s.api.core.v1.PodSpec"]?.properties?.terminationGracePeriodSeconds).toMatchObject({ type: "integer", format: "int64" });
  });

  it("maps are additionalProperties, and Secret data is base64 bytes", () => {
    expect(definitions["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"]?.properties?.labels).toMatchObject({ type: "object", additionalProperties: { type: "string" } });
    expect(definitions["io.k8s.api.core.v1.Secret"]?.properties?.data).toMatchObject({ additionalProperties: { type: "string", format: "byte" } });
  });

  it("non-optional fields are required and carry descriptions for kubectl explain", () => {
    expect(definitions["io.k8s.api.core.v1.PodSpec"]?.required).toEqual(["containers"]);
    expect(definitions["io.k8s.api.core.v1.Container"]?.properties?.image?.description).toMatch(/^Container image name/);
  });

  it("carry upstream's patch and list metadata, which kubectl apply computes its patch with", () => {
    expect(definitions["io.k8s.api.core.v1.PodSpec"]?.properties?.containers).toMatchObject({
      "x-kubernetes-patch-strategy": "merge", "x-kubernetes-patch-merge-key": "name",
      "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"],
    });
    expect(definitions["io.k8s.api.core.v1.Container"]?.properties?.ports).toMatchObject({
      "x-kubernetes-patch-merge-key": "containerPort", "x-kubernetes-list-map-keys": ["containerPort", "protocol"],
    });
    expect(definitions["io.k8s.api.core.v1.PodSpec"]?.properties?.volumes?.["x-kubernetes-patch-strategy"]).toBe("merge,retainKeys");
    // Tolerations have no merge key upstream: an atomic list, no extension.
    expect(definitions["io.k8s.api.core.v1.PodSpec"]?.properties?.tolerations?.["x-kubernetes-patch-strategy"]).toBeUndefined();
  });

  it("restore the ResourceRule properties kubernetes-types lost (verbs, resources)", () => {
    const rule = definitions["io.k8s.api.authorization.v1.ResourceRule"];
    expect(Object.keys(rule?.properties ?? {})).toEqual(["apiGroups", "resourceNames", "resources", "verbs"]);
    expect(rule?.required).toEqual(["verbs"]);
  });

  it("every $ref points at a definition that exists", () => {
    for (const ref of refs(definitions)) expect(definitions[ref.replace("#/definitions/", "")], ref).toBeDefined();
  });
});

describe("/openapi/v2", () => {
  const doc = openApiV2Document();

  it("is a Swagger 2.0 document with all definitions", () => {
    expect(doc.swagger).toBe("2.0");
    expect(doc.info.title).toBe("Kubernetes");
    expect(Object.keys(doc.definitions)).toEqual(Object.keys(definitions));
  });

  it("says the version /version says, without the build suffix (completeOpenAPI)", () => {
    expect(DEFAULT_VERSION.gitVersion).toBe("v1.32.0-course");
    expect(doc.info.version).toBe("v1.32.0");
    expect(openApiV2Document({ ...DEFAULT_VERSION, gitVersion: "v1.33.1" }).info.version).toBe("v1.33.1");
  });

  it("has a PATCH operation per kind that accepts fieldValidation", () => {
    const patch = doc.paths["/api/v1/namespaces/{namespace}/pods/{name}"]?.patch as Record<string, unknown>;
    expect(patch["operationId"]).toBe("patchCoreV1NamespacedPod");
    expect(patch["x-kubernetes-group-version-kind"]).toEqual({ group: "", kind: "Pod", version: "v1" });
    expect(patch["parameters"]).toContainEqual(expect.objectContaining({ name: "fieldValidation", in: "query" }));
  });
});

describe("/openapi/v3", () => {
  it("lists each group version with a hash that is the SHA-512 of its document", () => {
    const { paths } = openApiV3Paths();
    expect(Object.keys(paths)).toContain("api/v1");
    expect(Object.keys(paths)).toContain("apis/apps/v1");
    const apps = openApiV3Json("apis/apps/v1");
    expect(paths["apis/apps/v1"]?.serverRelativeURL).toBe(`/openapi/v3/apis/apps/v1?hash=${sha512Hex(apps?.json ?? "")}`);
    expect(paths["apis/apps/v1"]?.serverRelativeURL).toMatch(/\?hash=[0-9A-F]{128}$/);
  });

  it("is deterministic: the same hash every time", () => {
    expect(openApiV3Paths()).toEqual(openApiV3Paths());
  });

  it("a group version's document holds the kind's schema with its GVK, for kubectl explain", () => {
    const doc = openApiV3Document("apps/v1") as { openapi: string; components: { schemas: Record<string, Record<string, unknown>> } };
    expect(doc.openapi).toBe("3.0.0");
    const deployment = doc.components.schemas["io.k8s.api.apps.v1.Deployment"];
    expect(deployment?.["x-kubernetes-group-version-kind"]).toEqual([{ group: "apps", kind: "Deployment", version: "v1" }]);
    // A described $ref is wrapped in allOf, as upstream's v3 documents do.
    expect((deployment?.["properties"] as Record<string, unknown>)["spec"]).toEqual({
      description: expect.stringContaining("Specification of the desired behavior"),
      allOf: [{ $ref: "#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec" }],
    });
  });

  it("the apps/v1 document carries PodSpec.containers' patch metadata, and the server's version", () => {
    const doc = openApiV3Document("apps/v1") as { info: { version: string }; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };
    expect(doc.info.version).toBe("v1.32.0");
    expect(doc.components.schemas["io.k8s.api.core.v1.PodSpec"]?.properties?.["containers"]).toMatchObject({
      "x-kubernetes-patch-merge-key": "name", "x-kubernetes-patch-strategy": "merge",
    });
  });

  it("every $ref in a group version's document resolves inside that document", () => {
    for (const gv of Object.keys(openApiV3Paths().paths)) {
      const doc = openApiV3Document(gv) as { components: { schemas: Record<string, unknown> } };
      for (const ref of refs(doc)) expect(doc.components.schemas[ref.replace("#/components/schemas/", "")], `${gv} ${ref}`).toBeDefined();
    }
  });

  it("an unknown group version has no document", () => {
    expect(openApiV3Document("apis/example.com/v1")).toBeUndefined();
  });
});

describe("sha512Hex", () => {
  it("hashes the empty string as the standard says", () => {
    expect(sha512Hex("")).toBe(
      "CF83E1357EEFB8BDF1542850D66D8007D620E4050B5715DC83F4A921D36CE9CE47D0D13C5D85F2B0FF8318D2877EEC2F63B931BD47417A81A538327AF927DA3E",
    );
  });

  // FIPS 180-4 example: SHA-512("abc").
  it("hashes \"abc\" as the standard says", () => {
    expect(sha512Hex("abc")).toBe(
      "DDAF35A193617ABACC417349AE20413112E6FA4E89A97EA20A9EEEE64B55D39A2192992A274FC1A836BA3C23A3FEEBBD454D4423643CE80E2A9AC94FA54CA49F",
    );
  });
});
