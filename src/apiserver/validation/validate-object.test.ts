import { describe, expect, it } from "vitest";
import type { KubeObject } from "../types";
import { validateObject, type ValidationTarget } from "./validate-object";

const pods: ValidationTarget = { group: "", version: "v1", kind: "Pod", resource: "pods", namespaced: true };
const deployments: ValidationTarget = { group: "apps", version: "v1", kind: "Deployment", resource: "deployments", namespaced: true };

function pod(spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "default", ...metadata }, spec };
}

const web = { name: "web", image: "nginx" };

function deployment(spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "default" },
    spec: {
      selector: { matchLabels: { app: "web" } },
      template: { metadata: { labels: { app: "web" } }, spec: { containers: [web] } },
      ...spec,
    },
  };
}

describe("validateObject: decoding (400 BadRequest)", () => {
  it("a valid pod passes with no error and no warnings", () => {
    expect(validateObject(pod({ containers: [web] }), pods, "CREATE", "Strict")).toEqual({ warnings: [] });
  });

  it("a replica count given as a string is rejected at decode", () => {
    const { error } = validateObject(deployment({ replicas: "3" }), deployments, "CREATE", "Strict");
    expect(error?.code).toBe(400);
    expect(error?.reason).toBe("BadRequest");
    expect(error?.message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
  });

  it("containers given as an object name the Go slice type, as kubectl users see it", () => {
    const { error } = validateObject(pod({ containers: web }), pods, "CREATE", "Strict");
    expect(error?.message).toBe(
      'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container',
    );
  });

  it("a type error deep in a list names the innermost struct and the path without indexes", () => {
    const { error } = validateObject(pod({ containers: [{ ...web, env: [{ name: "A", value: 1 }] }] }), pods, "CREATE", "Strict");
    expect(error?.message).toContain("json: cannot unmarshal number into Go struct field EnvVar.spec.containers.env.value of type string");
  });

  it("a fractional replica count is a number that does not fit an int32", () => {
    const { error } = validateObject(deployment({ replicas: 1.5 }), deployments, "CREATE", "Strict");
    expect(error?.message).toContain("json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32");
  });

  it("an unparsable quantity fails with Quantity's own message", () => {
    const { error } = validateObject(pod({ containers: [{ ...web, resources: { limits: { cpu: "lots" } } }] }), pods, "CREATE", "Strict");
    expect(error?.message).toBe(
      "Pod in version \"v1\" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    );
  });

  it("a quantity given as a bare number is accepted, as Quantity.UnmarshalJSON does", () => {
    expect(validateObject(pod({ containers: [{ ...web, resources: { limits: { cpu: 1 } } }] }), pods, "CREATE", "Strict").error).toBeUndefined();
  });

  it("Secret data that is not base64 is rejected with Go's base64 error", () => {
    const secret: KubeObject = { apiVersion: "v1", kind: "Secret", metadata: { name: "s", namespace: "default" }, data: { password: "not base64!" } };
    const target: ValidationTarget = { group: "", version: "v1", kind: "Secret", resource: "secrets", namespaced: true };
    expect(validateObject(secret, target, "CREATE", "Strict").error?.message).toBe(
      'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3',
    );
  });

  it("a malformed timestamp is reported as Go's time.Parse does", () => {
    const { error } = validateObject(pod({ containers: [web] }, { creationTimestamp: "yesterday" }), pods, "CREATE", "Strict");
    expect(error?.message).toContain('parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"');
  });
});

describe("validateObject: unknown fields and fieldValidation (KEP-2885)", () => {
  const typo = pod({ containers: [{ ...web, imagePullPolicyy: "Always" }], foo: 1 });

  it("an unknown field under spec with fieldValidation=Strict is 400 strict decoding error naming the field", () => {
    const { error } = validateObject(pod({ containers: [web], foo: 1 }), pods, "CREATE", "Strict");
    expect(error?.code).toBe(400);
    expect(error?.message).toBe('Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.foo"');
  });

  it("Strict lists every unknown field, comma-separated, with list indexes in the path", () => {
    expect(validateObject(typo, pods, "CREATE", "Strict").error?.message).toBe(
      'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagePullPolicyy", unknown field "spec.foo"',
    );
  });

  it("Warn returns a warning per unknown field and no error", () => {
    expect(validateObject(typo, pods, "CREATE", "Warn")).toEqual({
      warnings: ['unknown field "spec.containers[0].imagePullPolicyy"', 'unknown field "spec.foo"'],
    });
  });

  it("Ignore says nothing about unknown fields", () => {
    expect(validateObject(typo, pods, "CREATE", "Ignore")).toEqual({ warnings: [] });
  });

  it("a type error wins over unknown fields, whatever fieldValidation says", () => {
    const { error } = validateObject(pod({ containers: [web], foo: 1, hostNetwork: "yes" }), pods, "CREATE", "Warn");
    expect(error?.message).toContain("cannot unmarshal string into Go struct field PodSpec.spec.hostNetwork of type bool");
  });

  it("unknown metadata fields are unknown fields too", () => {
    expect(validateObject(pod({ containers: [web] }, { label: { a: "b" } }), pods, "CREATE", "Warn").warnings).toEqual([
      'unknown field "metadata.label"',
    ]);
  });
});

describe("validateObject: semantic validation (422 Invalid)", () => {
  it("a pod without containers is 422 with spec.containers: Required value", () => {
    const { error } = validateObject(pod({}), pods, "CREATE", "Strict");
    expect(error?.code).toBe(422);
    expect(error?.message).toBe('Pod "web" is invalid: spec.containers: Required value');
    expect(error?.status.details?.causes).toEqual([{ reason: "FieldValueRequired", message: "Required value", field: "spec.containers" }]);
  });

  it("a pod named in upper case is invalid with the RFC 1123 subdomain message", () => {
    const { error } = validateObject(pod({ containers: [web] }, { name: "Web" }), pods, "CREATE", "Strict");
    expect(error?.message).toBe(
      `Pod "Web" is invalid: metadata.name: Invalid value: "Web": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    );
  });

  it("several problems are reported together, in brackets", () => {
    const { error } = validateObject(pod({ containers: [{ name: "Web" }] }), pods, "CREATE", "Strict");
    expect(error?.message).toMatch(/^Pod "web" is invalid: \[spec\.containers\[0\]\.name: Invalid value: "Web": a lowercase RFC 1123 label .*, spec\.containers\[0\]\.image: Required value\]$/);
  });

  it("a namespaced object without a namespace is invalid; a cluster-scoped one with a namespace too", () => {
    expect(validateObject(pod({ containers: [web] }, { namespace: undefined }), pods, "CREATE", "Strict").error?.message).toBe(
      'Pod "web" is invalid: metadata.namespace: Required value',
    );
    const ns: KubeObject = { apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a", namespace: "default" } };
    const target: ValidationTarget = { group: "", version: "v1", kind: "Namespace", resource: "namespaces", namespaced: false };
    expect(validateObject(ns, target, "CREATE", "Strict").error?.message).toBe(
      'Namespace "team-a" is invalid: metadata.namespace: Forbidden: not allowed on this type',
    );
  });

  it("an object with only a generateName passes (the name is generated before it is stored)", () => {
    expect(validateObject(pod({ containers: [web] }, { name: undefined, generateName: "web-" }), pods, "CREATE", "Strict").error).toBeUndefined();
  });

  it("an UPDATE does not re-check the immutable name", () => {
    expect(validateObject(pod({ containers: [web] }, { name: "Web" }), pods, "UPDATE", "Strict").error).toBeUndefined();
  });

  it("a Deployment whose template labels don't match its selector is rejected with upstream's message", () => {
    const d = deployment({ template: { metadata: { labels: { app: "api" } }, spec: { containers: [web] } } });
    const { error } = validateObject(d, deployments, "CREATE", "Strict");
    expect(error?.message).toBe(
      'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"api"}: `selector` does not match template `labels`',
    );
    expect(error?.status.details).toMatchObject({ group: "apps", kind: "Deployment", name: "web" });
  });

  it("a Deployment without a selector is told the selector is required", () => {
    const d = deployment({ selector: undefined });
    expect(validateObject(d, deployments, "CREATE", "Strict").error?.message).toBe('Deployment.apps "web" is invalid: spec.selector: Required value');
  });

  it("negative replicas are invalid", () => {
    expect(validateObject(deployment({ replicas: -1 }), deployments, "CREATE", "Strict").error?.message).toBe(
      'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
  });
});
