import { describe, expect, it } from "vitest";
import type { KubeObject } from "../types";
import { newAttributes } from "./attributes";
import { AdmissionChain } from "./chain";
import { usageFor, podConstraints } from "./quota-usage";
import { InMemoryQuotaStore, resourceQuotaPlugin } from "./resource-quota";
import { pod } from "./test-fixtures.test-util";

const quota = (name: string, hard: Record<string, string>): KubeObject => ({
  apiVersion: "v1", kind: "ResourceQuota", metadata: { name, namespace: "default" }, spec: { hard },
});
const sized = (name: string, cpu: string, memory: string) =>
  pod(name, [{ resources: { requests: { cpu, memory }, limits: { cpu, memory } } }]);
const create = (object: KubeObject, resource = "pods", dryRun = false) => newAttributes({ operation: "CREATE", resource, object, dryRun });
const used = (store: InMemoryQuotaStore, name: string) => (store.get("default", name)?.["status"] as { used: Record<string, string> }).used;

describe("ResourceQuota admission", () => {
  it("charges each admitted Pod to the namespace's quota", async () => {
    const store = new InMemoryQuotaStore();
    store.add(quota("compute", { pods: "10", "requests.cpu": "2", "limits.memory": "2Gi" }));
    const chain = new AdmissionChain([resourceQuotaPlugin(store)]);
    expect((await chain.validate(create(sized("a", "500m", "512Mi")))).allowed).toBe(true);
    expect((await chain.validate(create(sized("b", "500m", "512Mi")))).allowed).toBe(true);
    expect(used(store, "compute")).toEqual({ pods: "2", "requests.cpu": "1", "limits.memory": "1Gi" });
  });

  it("refuses a Pod over quota with upstream's exceeded quota message, and charges nothing", async () => {
    const store = new InMemoryQuotaStore();
    store.add(quota("compute", { pods: "10", "requests.cpu": "1", "limits.cpu": "1", "requests.memory": "1Gi" }));
    const chain = new AdmissionChain([resourceQuotaPlugin(store)]);
    await chain.validate(create(sized("a", "800m", "256Mi")));
    const result = await chain.validate(create(sized("b", "500m", "256Mi")));
    expect(result.allowed).toBe(false);
    if (result.allowed) return;
    expect(result.error.code).toBe(403);
    expect(result.error.message).toBe(
      'pods "b" is forbidden: exceeded quota: compute, requested: limits.cpu=500m,requests.cpu=500m, used: limits.cpu=800m,requests.cpu=800m, limited: limits.cpu=1,requests.cpu=1',
    );
    expect(used(store, "compute")).toEqual({ pods: "1", "requests.cpu": "800m", "limits.cpu": "800m", "requests.memory": "256Mi" });
  });

  it("requires every container to set cpu and memory when a quota limits them", async () => {
    const store = new InMemoryQuotaStore();
    store.add(quota("compute", { "requests.cpu": "4", "limits.memory": "4Gi" }));
    const result = await new AdmissionChain([resourceQuotaPlugin(store)]).validate(create(pod("web", [{}, { resources: { requests: { cpu: "1" } } }])));
    expect(!result.allowed && result.error.message).toBe(
      'pods "web" is forbidden: failed quota: compute: must specify limits.memory for: app,c1; requests.cpu for: app',
    );
  });

  it("counts any object kind with count/<resource>.<group>", async () => {
    const store = new InMemoryQuotaStore();
    store.add(quota("objects", { "count/deployments.apps": "1", configmaps: "5" }));
    const chain = new AdmissionChain([resourceQuotaPlugin(store)]);
    const deploy = (name: string): KubeObject => ({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name, namespace: "default" } });
    expect((await chain.validate(create(deploy("one"), "deployments"))).allowed).toBe(true);
    const second = await chain.validate(create(deploy("two"), "deployments"));
    expect(!second.allowed && second.error.message).toBe(
      'deployments.apps "two" is forbidden: exceeded quota: objects, requested: count/deployments.apps=1, used: count/deployments.apps=1, limited: count/deployments.apps=1',
    );
    await chain.validate(create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "default" } }, "configmaps"));
    expect(used(store, "objects")).toEqual({ "count/deployments.apps": "1", configmaps: "1" });
  });

  it("charges nothing on a dry run", async () => {
    const store = new InMemoryQuotaStore();
    store.add(quota("pods", { pods: "1" }));
    await new AdmissionChain([resourceQuotaPlugin(store)]).validate(create(sized("a", "1", "1Gi"), "pods", true));
    expect(used(store, "pods")).toEqual({ pods: "0" });
  });

  it("charges only the growth on an update", async () => {
    const store = new InMemoryQuotaStore();
    store.add(quota("storage", { "requests.storage": "10Gi" }));
    const pvc = (size: string): KubeObject => ({ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data", namespace: "default" }, spec: { resources: { requests: { storage: size } } } });
    const chain = new AdmissionChain([resourceQuotaPlugin(store)]);
    await chain.validate(create(pvc("4Gi"), "persistentvolumeclaims"));
    await chain.validate(newAttributes({ operation: "UPDATE", resource: "persistentvolumeclaims", object: pvc("6Gi"), oldObject: pvc("4Gi") }));
    expect(used(store, "storage")).toEqual({ "requests.storage": "6Gi" });
  });

  it("computes Pod usage as the larger of the containers' sum and the biggest init container", () => {
    const p = pod("web", [{ resources: { requests: { cpu: "200m" } } }, { resources: { requests: { cpu: "300m" } } }],
      { initContainers: [{ name: "init", resources: { requests: { cpu: "1" } } }] });
    const u = usageFor("", "pods", p);
    expect(u.get("requests.cpu")?.toString()).toBe("1");
    expect(u.get("cpu")?.toString()).toBe("1");
    expect(u.get("pods")?.toString()).toBe("1");
    expect(podConstraints(["pods"], p)).toBeUndefined();
  });

  it("does not count a finished Pod", () => {
    const p = { ...pod("done"), status: { phase: "Succeeded" } };
    expect(usageFor("", "pods", p).size).toBe(0);
  });
});
