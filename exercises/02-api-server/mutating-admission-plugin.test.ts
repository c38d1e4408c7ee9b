// Graded tests for the exercise "mutating-admission-plugin" (chapter 02-api-server, 15 points).
// Each test's weight is the points it is worth (they add up to 15); see tools/exercises/points.ts.
// `@exercise/...` is your exercises/ file; the grader also runs these tests against the reference
// solution and the untouched stub (tools/exercises/README.md). Each test is a sentence; its
// failure message names the rule that was broken and where to read about it.
//
// Your plugin runs in the real admission chain (src/apiserver/admission/chain.ts) next to the
// default plugins kube-apiserver enables (LimitRanger, ServiceAccount, PodSecurity,
// DefaultStorageClass, the webhooks, ResourceQuota), sorted as AdmissionChain.ordered sorts them.
import { describe, expect, it } from "vitest";
import {
  InjectedLabel, InjectionEnabled, InjectionLabel, SidecarInjector, type SidecarInjectorOptions,
} from "@exercise/02-api-server/mutating-admission-plugin";
import {
  AdmissionChain, type Container, containerNames, defaultChainWith, InMemoryQuotaStore, type KubeObject, namespace, type Pod, pod, podRequest,
} from "./support/admission";

const MUTATING = "Admission control: a mutating plugin changes the object in admit, before any plugin validates it (docs 'Admission Control in Kubernetes'; apiserver admission/interfaces.go)";

const proxy: Container = {
  name: "proxy", image: "envoyproxy/envoy:v1.31.0",
  ports: [{ containerPort: 15001 }],
  resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { cpu: "500m", memory: "128Mi" } },
};
const namespaces: Record<string, KubeObject> = {
  mesh: namespace("mesh", { [InjectionLabel]: InjectionEnabled }),
  plain: namespace("plain"),
  off: namespace("off", { [InjectionLabel]: "disabled" }),
  "mesh-baseline": namespace("mesh-baseline", { [InjectionLabel]: InjectionEnabled, "pod-security.kubernetes.io/enforce": "baseline" }),
  quota: namespace("quota", { [InjectionLabel]: InjectionEnabled }),
};
const options = (sidecar: Container = proxy): SidecarInjectorOptions => ({ getNamespace: (n) => namespaces[n], sidecar });
const chainWith = (sidecar: Container = proxy, quotaStore?: InMemoryQuotaStore) => defaultChainWith(namespaces, [new SidecarInjector(options(sidecar))], quotaStore);
const labelsOf = (p: KubeObject | undefined) => p?.metadata?.labels ?? {};

describe("injection", () => {
  it("adds the sidecar after the app containers and labels the Pod, in a namespace labelled sidecar-injection=enabled", { meta: { weight: 3 } }, async () => {
    const result = await chainWith().admitAndValidate(podRequest(pod("web", "mesh", [{}, { name: "worker" }])));
    if (!result.allowed) throw new Error(`${MUTATING}: the Pod must be admitted, got ${result.plugin}: ${result.error.message}`);
    const p = result.object as Pod;
    expect(containerNames(p), `${MUTATING}: the proxy is appended to spec.containers, after "app" and "worker"`).toEqual(["app", "worker", "proxy"]);
    expect(p.spec.containers[2], "the injected container is the sidecar as configured: name, image, ports, resources").toEqual(proxy);
    expect(labelsOf(p)[InjectedLabel], `${MUTATING}: an injected Pod is labelled ${InjectedLabel}: "true"`).toBe("true");
    expect(p.spec.serviceAccountName, "the default plugins still ran: ServiceAccount set serviceAccountName").toBe("default");
  });

  it("leaves Pods alone in namespaces that did not ask for injection", { meta: { weight: 2 } }, async () => {
    for (const ns of ["plain", "off"]) {
      const p = pod("web", ns);
      p.metadata!.labels = { app: "web" };
      const result = await chainWith().admitAndValidate(podRequest(p));
      expect(result.allowed, `the Pod in "${ns}" is admitted`).toBe(true);
      expect(containerNames(p), `injection is opt-in: namespace "${ns}" is not labelled ${InjectionLabel}=${InjectionEnabled}, so no sidecar`).toEqual(["app"]);
      expect(labelsOf(p), `no sidecar, no ${InjectedLabel} label: the Pod's labels stay as they were`).toEqual({ app: "web" });
    }
    const injected = pod("web", "mesh");
    injected.metadata!.labels = { app: "web" };
    await chainWith().admitAndValidate(podRequest(injected));
    expect(labelsOf(injected), `${MUTATING}: the Pod's own labels are kept next to ${InjectedLabel}`).toEqual({ app: "web", [InjectedLabel]: "true" });
  });
});

describe("idempotence and scope", () => {
  it("is idempotent: a second pass, or a Pod that already has the sidecar, gets no second sidecar", { meta: { weight: 3 } }, async () => {
    const injector = new SidecarInjector(options());
    const chain = new AdmissionChain([injector]);
    const a = podRequest(pod("web", "mesh"));
    await chain.admit(a);
    await chain.admit(a); // reinvocation: the mutating phase runs again on the same object
    expect(containerNames(a.object), `${MUTATING}: upstream may call mutating plugins more than once (reinvocationPolicy: IfNeeded); a plugin must not add its sidecar twice`).toEqual(["app", "proxy"]);
    const resent = pod("web", "mesh", [{}, { name: "proxy", image: "envoyproxy/envoy:v1.30.0" }]);
    const result = await chainWith().admitAndValidate(podRequest(resent));
    expect(result.allowed, "a Pod resent with its sidecar is admitted").toBe(true);
    expect(containerNames(resent), "a Pod that already has a container named like the sidecar keeps it, and gets no second one (two containers with one name would be invalid)").toEqual(["app", "proxy"]);
    expect((resent.spec.containers[1] as Container).image, "the existing sidecar is left as it is").toBe("envoyproxy/envoy:v1.30.0");
    expect(labelsOf(resent)[InjectedLabel], `a Pod with the sidecar carries ${InjectedLabel}: "true"`).toBe("true");
  });

  it("ignores other operations, subresources and resources", { meta: { weight: 2 } }, async () => {
    const injector = new SidecarInjector(options());
    expect(injector.handles("CREATE"), "handles: the plugin must handle CREATE").toBe(true);
    for (const op of ["UPDATE", "DELETE", "CONNECT"] as const) {
      expect(injector.handles(op), `handles: a Pod's containers cannot change after creation, so ${op} is not for a sidecar injector (admission.NewHandler(admission.Create))`).toBe(false);
    }
    const chain = new AdmissionChain([injector]);
    const old = pod("web", "mesh");
    const updated = pod("web", "mesh");
    await chain.admit(podRequest(updated, "UPDATE", { oldObject: old }));
    expect(containerNames(updated), "an UPDATE of a Pod is not injected (validation would refuse the changed containers)").toEqual(["app"]);
    const ephemeral = pod("web", "mesh");
    await chain.admit(podRequest(ephemeral, "CREATE", { subresource: "ephemeralcontainers" }));
    expect(containerNames(ephemeral), "a request on a subresource (pods/ephemeralcontainers) is not a Pod creation: isCoreResource(a, \"pods\") is false").toEqual(["app"]);
    const template: KubeObject = { apiVersion: "v1", kind: "PodTemplate", metadata: { name: "t", namespace: "mesh" }, spec: { containers: [{ name: "app" }] } };
    await chain.admit(podRequest(template, "CREATE", { resource: "podtemplates" }));
    expect((template["spec"] as { containers: unknown[] }).containers, "other resources are not Pods, even with spec.containers: only resource \"pods\" in the core group is injected").toHaveLength(1);
    const deleteResult = await chain.admit(podRequest(undefined, "DELETE", { oldObject: pod("web", "mesh") }));
    expect(deleteResult.allowed, "a DELETE (no object) passes").toBe(true);
  });
});

describe("the mutating phase comes before validation", () => {
  it("validating plugins judge the Pod with its sidecar: Pod Security refuses a sidecar that needs NET_ADMIN, and quota charges its requests", { meta: { weight: 3 } }, async () => {
    const netAdmin: Container = { ...proxy, name: "mesh-init", securityContext: { capabilities: { add: ["NET_ADMIN", "NET_RAW"] } } };
    const refused = await chainWith(netAdmin).admitAndValidate(podRequest(pod("web", "mesh-baseline")));
    expect(
      refused.allowed ? "admitted" : `${refused.plugin}: ${refused.error.message}`,
      `${MUTATING}: the chain runs every admit, then every validate. Injected in admit, the sidecar is judged by PodSecurity (baseline forbids NET_ADMIN); injected in validate it would slip past PodSecurity, which validates before plugins it does not know`,
    ).toBe('PodSecurity: pods "web" is forbidden: violates PodSecurity "baseline:latest": non-default capabilities (container "mesh-init" must not include "NET_ADMIN", "NET_RAW" in securityContext.capabilities.add)');

    const quotaStore = new InMemoryQuotaStore();
    quotaStore.add({ apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "compute", namespace: "quota" }, spec: { hard: { "requests.cpu": "1", pods: "10" } } });
    const admitted = await chainWith(proxy, quotaStore).admitAndValidate(podRequest(pod("web", "quota", [{ resources: { requests: { cpu: "500m" } } }])));
    expect(admitted.allowed, "the Pod fits the quota").toBe(true);
    expect(
      (quotaStore.get("quota", "compute")?.["status"] as { used?: Record<string, string> }).used,
      `${MUTATING}: ResourceQuota validates last and charges what the Pod will really run: 500m for the app plus 100m for the injected sidecar`,
    ).toEqual({ "requests.cpu": "600m", pods: "1" });
  });

  it("each Pod gets its own copy of the sidecar, and validation alone changes nothing", { meta: { weight: 2 } }, async () => {
    const template = structuredClone(proxy);
    const injector = new SidecarInjector(options(template));
    const chain = new AdmissionChain([injector]);
    const first = pod("a", "mesh");
    const second = pod("b", "mesh");
    await chain.admit(podRequest(first));
    await chain.admit(podRequest(second));
    (first.spec.containers[1] as Container).env = [{ name: "POD", value: "a" }] as unknown as Container["env"];
    first.spec.containers[1]!.resources!.requests!["cpu"] = "1";
    expect(second.spec.containers[1], "copy the template for every Pod (structuredClone): changing one Pod's sidecar must not change another's").toEqual(proxy);
    expect(template, "... nor the template itself").toEqual(proxy);
    const validated = pod("c", "mesh");
    const result = await new AdmissionChain([injector]).validate(podRequest(validated));
    expect(result.allowed, "the validating phase admits the Pod").toBe(true);
    expect(containerNames(validated), `${MUTATING}: only admit may change the object; the validating phase must leave it as it is`).toEqual(["app"]);
  });
});
