import { describe, expect, it } from "vitest";
import { field } from "../../api/field-errors";
import { Rng } from "../../sim/rng";
import type { AdmissionAttributes, KubeObject } from "../types";
import { newAttributes } from "./attributes";
import { AdmissionChain, orderedPluginNames } from "./chain";
import { newDefaultAdmissionChain } from "./default-plugins";
import { admissionForbidden, admissionInvalid } from "./errors";
import type { AdmissionPlugin } from "./plugin";
import type { Pod } from "./pod-spec";
import { InMemoryQuotaStore } from "./resource-quota";
import { namespace, pod } from "./test-fixtures.test-util";
import { encodeBase64 } from "./webhook/base64";
import { inProcessTransport } from "./webhook/types";

/** A plugin that logs each phase it runs in. */
const tracer = (name: string, log: string[], refuse?: "admit" | "validate"): AdmissionPlugin => ({
  name,
  handles: (op) => op !== "DELETE",
  admit() {
    log.push(`${name}.admit`);
    if (refuse === "admit") throw new Error("boom");
  },
  validate(a) {
    log.push(`${name}.validate`);
    if (refuse === "validate") throw admissionForbidden(a, `${name} says no`);
  },
});
const create = (object: KubeObject) => newAttributes({ operation: "CREATE", resource: "pods", object });

describe("the admission chain", () => {
  it("runs every mutating plugin in order, then every validating one", async () => {
    const log: string[] = [];
    const result = await new AdmissionChain([tracer("A", log), tracer("B", log)]).admitAndValidate(create(pod("web")));
    expect(result.allowed).toBe(true);
    expect(log).toEqual(["A.admit", "B.admit", "A.validate", "B.validate"]);
  });

  it("stops at the first refusal and names the plugin", async () => {
    const log: string[] = [];
    const result = await new AdmissionChain([tracer("A", log, "validate"), tracer("B", log)]).admitAndValidate(create(pod("web")));
    expect(log).toEqual(["A.admit", "B.admit", "A.validate"]);
    expect(!result.allowed && [result.plugin, result.error.code, result.error.message]).toEqual(["A", 403, 'pods "web" is forbidden: A says no']);
  });

  it("turns an unexpected error into 500 Internal error", async () => {
    const result = await new AdmissionChain([tracer("A", [], "admit")]).admit(create(pod("web")));
    expect(!result.allowed && [result.error.code, result.error.message]).toEqual([500, "Internal error occurred: boom"]);
  });

  it("skips plugins that do not handle the operation", async () => {
    const log: string[] = [];
    await new AdmissionChain([tracer("A", log)]).admitAndValidate(newAttributes({ operation: "DELETE", resource: "pods", oldObject: pod("web") }));
    expect(log).toEqual([]);
  });

  it("sorts plugins into upstream's order whatever order they are given in", () => {
    const stub = (name: string): AdmissionPlugin => ({ name, handles: () => true });
    const chain = AdmissionChain.ordered([...orderedPluginNames].reverse().map(stub));
    expect(chain.plugins.map((p) => p.name)).toEqual(orderedPluginNames);
  });

  it("names the object by generateName when it has no name yet, as admission.NewForbidden does", () => {
    const a: AdmissionAttributes = create({ apiVersion: "v1", kind: "Pod", metadata: { generateName: "web-" } });
    expect(admissionForbidden(a, "no").message).toBe('pods "web-" is forbidden: no');
  });

  it("builds a 422 Invalid error with field causes", () => {
    const err = admissionInvalid(create(pod("web")), [field.invalid(field.newPath("spec", "replicas"), -1, "must be greater than or equal to 0")]);
    expect(err.code).toBe(422);
    expect(err.message).toBe('Pod "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
    expect(err.status.details?.causes?.[0]?.field).toBe("spec.replicas");
  });
});

describe("the default admission chain", () => {
  const namespaces: Record<string, KubeObject> = {
    team: namespace("team", { "pod-security.kubernetes.io/enforce": "baseline" }),
  };
  const deps = (sidecarPrivileged: boolean) => ({
    getNamespace: (n: string) => namespaces[n],
    getServiceAccount: (ns: string, n: string): KubeObject => ({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name: n, namespace: ns } }),
    listLimitRanges: (): KubeObject[] => [{ kind: "LimitRange", metadata: { name: "l" }, spec: { limits: [{ type: "Container", default: { cpu: "200m", memory: "128Mi" } }] } }],
    listStorageClasses: () => [],
    quotaStore: new InMemoryQuotaStore(),
    mutatingWebhooks: () => [{ metadata: { name: "mesh" }, webhooks: [{
      name: "inject.mesh.io", clientConfig: { url: "https://mesh.example/inject" }, sideEffects: "None" as const, admissionReviewVersions: ["v1"],
      rules: [{ operations: ["CREATE" as const], apiGroups: [""], apiVersions: ["v1"], resources: ["pods"] }],
    }] }],
    webhookTransport: inProcessTransport({
      "inject.mesh.io": (r) => ({
        apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview",
        response: { uid: r.request!.uid, allowed: true, patchType: "JSONPatch", patch: encodeBase64(JSON.stringify([
          { op: "add", path: "/spec/containers/-", value: { name: "proxy", image: "proxy", securityContext: { privileged: sidecarPrivileged } } },
        ])) },
      }),
    }),
    rng: new Rng(42),
  });

  it("mutates a Pod with every default plugin before validation sees it", async () => {
    const d = deps(false);
    d.quotaStore.add({ kind: "ResourceQuota", metadata: { name: "q", namespace: "team" }, spec: { hard: { pods: "5" } } });
    const result = await newDefaultAdmissionChain(d).admitAndValidate(create(pod("web", [{}], {}, "team")));
    if (!result.allowed) throw result.error;
    const p = result.object as Pod;
    expect(p.spec.serviceAccountName).toBe("default");
    expect(p.spec.containers.map((c) => c.name)).toEqual(["app", "proxy"]);
    expect(p.spec.containers[0]?.resources?.limits).toEqual({ cpu: "200m", memory: "128Mi" });
    expect(p.spec.volumes?.[0]?.name).toMatch(/^kube-api-access-/);
    expect((d.quotaStore.get("team", "q")?.["status"] as { used: unknown }).used).toEqual({ pods: "1" });
  });

  it("lets Pod Security catch a privileged sidecar a webhook injected, because validation runs last", async () => {
    const result = await newDefaultAdmissionChain(deps(true)).admitAndValidate(create(pod("web", [{}], {}, "team")));
    expect(!result.allowed && [result.plugin, result.error.message]).toEqual([
      "PodSecurity", 'pods "web" is forbidden: violates PodSecurity "baseline:latest": privileged (container "proxy" must not set securityContext.privileged=true)',
    ]);
  });
});
