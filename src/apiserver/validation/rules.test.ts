// Per-kind rules, with cases taken from upstream's tests where they exist:
// k8s.io/kubernetes/pkg/apis/core/validation/validation_test.go (TestValidateContainers,
// TestValidateService, TestValidateConfigMap, TestValidateSecret),
// pkg/apis/apps/validation/validation_test.go, pkg/apis/rbac/validation/validation_test.go and
// k8s.io/apimachinery/pkg/api/validation/objectmeta_test.go.
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../types";
import { validateObject, type ValidationTarget } from "./validate-object";

const t = (group: string, kind: string, namespaced = true): ValidationTarget => ({ group, version: "v1", kind, resource: "", namespaced });

/** The 422 message for an object, or "valid". */
function check(target: ValidationTarget, object: KubeObject): string {
  const { error } = validateObject({ metadata: { name: "x", namespace: target.namespaced ? "default" : undefined }, ...object }, target, "CREATE", "Strict");
  return error === undefined ? "valid" : error.message;
}

const pod = t("", "Pod");
const c = { name: "web", image: "nginx" };

describe("Pod rules (ValidatePodSpec)", () => {
  it.each([
    ["two containers with the same name are a duplicate", { containers: [c, c] }, 'Pod "x" is invalid: spec.containers[1].name: Duplicate value: "web"'],
    ["an init container may not reuse a container's name", { initContainers: [c], containers: [c] }, 'Pod "x" is invalid: spec.containers[0].name: Duplicate value: "web"'],
    ["a container without a name is told the name is required", { containers: [{ image: "nginx" }] }, 'Pod "x" is invalid: spec.containers[0].name: Required value'],
    ["an unknown restartPolicy lists the supported values", { containers: [c], restartPolicy: "Sometimes" }, 'Pod "x" is invalid: spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"'],
    ["a port out of range says the range", { containers: [{ ...c, ports: [{ containerPort: 70000 }] }] }, 'Pod "x" is invalid: spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive'],
    ["an unknown protocol lists TCP, UDP and SCTP", { containers: [{ ...c, ports: [{ containerPort: 80, protocol: "HTTP" }] }] }, 'Pod "x" is invalid: spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"'],
    ["a port name in upper case breaks two IANA service name rules", { containers: [{ ...c, ports: [{ containerPort: 80, name: "HTTP" }] }] }, 'Pod "x" is invalid: [spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-), spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain at least one letter (a-z)]'],
    ["requests above limits are invalid, reported at resources.requests", { containers: [{ ...c, resources: { requests: { cpu: "2" }, limits: { cpu: "1" } } }] }, 'Pod "x" is invalid: spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1'],
    ["an extended resource must request exactly its limit", { containers: [{ ...c, resources: { requests: { "example.com/gpu": "1" }, limits: { "example.com/gpu": "2" } } }] }, 'Pod "x" is invalid: spec.containers[0].resources.requests: Invalid value: "1": must be equal to example.com/gpu limit of 2'],
    ["a negative limit is invalid", { containers: [{ ...c, resources: { limits: { memory: "-1Gi" } } }] }, 'Pod "x" is invalid: spec.containers[0].resources.limits[memory]: Invalid value: "-1Gi": must be greater than or equal to 0'],
  ])("%s", (_name, spec, want) => {
    expect(check(pod, { spec })).toBe(want);
  });
});

describe("ObjectMeta rules (ValidateObjectMeta)", () => {
  it.each([
    ["a label value with a space is invalid", { labels: { app: "my app" } }, /metadata\.labels: Invalid value: "my app": a valid label must be an empty string or consist of/],
    ["an annotation key with two slashes is invalid", { annotations: { "a/b/c": "x" } }, /metadata\.annotations: Invalid value: "a\/b\/c": a valid label key must consist of/],
    ["annotations over 256 kB are too long", { annotations: { big: "x".repeat(262144) } }, /metadata\.annotations: Too long: may not be more than 262144 bytes$/],
    ["a negative generation is invalid", { generation: -1 }, /metadata\.generation: Invalid value: -1: must be greater than or equal to 0$/],
    ["two controller owner references are one too many", {
      ownerReferences: [
        { apiVersion: "apps/v1", kind: "ReplicaSet", name: "a", uid: "1", controller: true },
        { apiVersion: "apps/v1", kind: "ReplicaSet", name: "b", uid: "2", controller: true },
      ],
    }, /Only one reference can have Controller set to true\. Found "true" in references for ReplicaSet\/a and ReplicaSet\/b$/],
    ["orphan and foregroundDeletion cannot both be finalizers", { finalizers: ["orphan", "foregroundDeletion"] }, /finalizer orphan and foregroundDeletion cannot be both set$/],
  ])("%s", (_name, meta, want) => {
    expect(check(pod, { metadata: { name: "x", namespace: "default", ...meta }, spec: { containers: [c] } })).toMatch(want);
  });

  it("a Namespace name must be a DNS label: no dots", () => {
    expect(check(t("", "Namespace", false), { metadata: { name: "team.a" } })).toBe('Namespace "team.a" is invalid: metadata.name: Invalid value: "team.a": must not contain dots');
  });

  it("a Service name must be a DNS-1035 label: it starts with a letter", () => {
    expect(check(t("", "Service"), { metadata: { name: "1web", namespace: "default" }, spec: { ports: [{ port: 80 }] } })).toMatch(
      /^Service "1web" is invalid: metadata\.name: Invalid value: "1web": a DNS-1035 label must consist of/,
    );
  });
});

describe("Service, ConfigMap and Secret rules", () => {
  const svc = t("", "Service");
  it.each([
    ["a Service without ports is invalid", {}, 'Service "x" is invalid: spec.ports: Required value'],
    ["a headless Service may have no ports", { clusterIP: "None" }, "valid"],
    ["an unknown type lists the four types", { type: "Internal", ports: [{ port: 80 }] }, 'Service "x" is invalid: spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"'],
    ["with two ports, each needs a name", { ports: [{ port: 80, name: "http" }, { port: 443 }] }, 'Service "x" is invalid: spec.ports[1].name: Required value'],
    ["an ExternalName Service needs externalName", { type: "ExternalName" }, 'Service "x" is invalid: spec.externalName: Required value'],
  ])("%s", (_name, spec, want) => {
    expect(check(svc, { spec })).toBe(want);
  });

  it("a ConfigMap key with a space is not a valid config key", () => {
    expect(check(t("", "ConfigMap"), { data: { "my key": "v" } })).toBe(
      `ConfigMap "x" is invalid: data[my key]: Invalid value: "my key": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
    );
  });

  it("a ConfigMap key may not be '..'", () => {
    expect(check(t("", "ConfigMap"), { data: { "..": "v" } })).toBe(`ConfigMap "x" is invalid: data[..]: Invalid value: "..": must not be '..'`);
  });

  it("a TLS Secret needs tls.crt and tls.key", () => {
    expect(check(t("", "Secret"), { type: "kubernetes.io/tls", data: { "tls.crt": "YQ==" } })).toBe('Secret "x" is invalid: data[tls.key]: Required value');
  });
});

describe("workload rules", () => {
  const rs = t("apps", "ReplicaSet");
  const template = { metadata: { labels: { app: "web" } }, spec: { containers: [c] } };
  it("an empty selector is invalid (upstream says 'for deployment' for a ReplicaSet too)", () => {
    expect(check(rs, { spec: { selector: {}, template } })).toMatch(/spec\.selector: Invalid value: .*: empty selector is invalid for deployment/);
  });

  it("a ReplicaSet's pods must restart Always", () => {
    const spec = { selector: { matchLabels: { app: "web" } }, template: { ...template, spec: { containers: [c], restartPolicy: "Never" } } };
    expect(check(rs, { spec })).toBe('ReplicaSet.apps "x" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"');
  });

  it("a Job whose pods would restart Always is refused, as learners who forget restartPolicy see", () => {
    expect(check(t("batch", "Job"), { spec: { template } })).toBe(
      'Job.batch "x" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
    );
  });

  it("a StatefulSet name must be a DNS label", () => {
    const spec = { selector: { matchLabels: { app: "web" } }, template };
    expect(check(t("apps", "StatefulSet"), { metadata: { name: "db.v1", namespace: "default" }, spec })).toBe(
      'StatefulSet.apps "db.v1" is invalid: metadata.name: Invalid value: "db.v1": must not contain dots',
    );
  });

  it("a CronJob needs a schedule and a name of at most 52 characters", () => {
    const spec = { jobTemplate: { spec: { template: { spec: { containers: [c], restartPolicy: "Never" } } } } };
    expect(check(t("batch", "CronJob"), { metadata: { name: "a".repeat(53), namespace: "default" }, spec })).toBe(
      `CronJob.batch "${"a".repeat(53)}" is invalid: [metadata.name: Invalid value: "${"a".repeat(53)}": must be no more than 52 characters, spec.schedule: Required value]`,
    );
  });
});

describe("RBAC rules", () => {
  it("a rule without verbs says verbs must contain at least one value", () => {
    expect(check(t("rbac.authorization.k8s.io", "Role"), { rules: [{ apiGroups: [""], resources: ["pods"] }] })).toBe(
      'Role.rbac.authorization.k8s.io "x" is invalid: rules[0].verbs: Required value: verbs must contain at least one value',
    );
  });

  it("a Role cannot grant non-resource URLs", () => {
    expect(check(t("rbac.authorization.k8s.io", "Role"), { rules: [{ verbs: ["get"], nonResourceURLs: ["/healthz"] }] })).toMatch(
      /rules\[0\]\.nonResourceURLs: Invalid value: \[\]string\{"\/healthz"\}: namespaced rules cannot apply to non-resource URLs$/,
    );
  });

  it("a RoleBinding without roleRef reports each missing roleRef field", () => {
    expect(check(t("rbac.authorization.k8s.io", "RoleBinding"), {})).toBe(
      'RoleBinding.rbac.authorization.k8s.io "x" is invalid: [roleRef.apiGroup: Unsupported value: "": supported values: "rbac.authorization.k8s.io", roleRef.kind: Unsupported value: "": supported values: "Role", "ClusterRole", roleRef.name: Required value]',
    );
  });

  it("a ClusterRoleBinding can only bind a ClusterRole", () => {
    const roleRef = { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "reader" };
    expect(check(t("rbac.authorization.k8s.io", "ClusterRoleBinding", false), { roleRef })).toBe(
      'ClusterRoleBinding.rbac.authorization.k8s.io "x" is invalid: roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
    );
  });
});
