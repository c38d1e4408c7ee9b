import { describe, expect, it } from "vitest";
import type { KubeObject } from "../types";
import { newServer, pod, rejection } from "./server.test-util";

const binding = (name: string, node: string) => ({ apiVersion: "v1", kind: "Binding", metadata: { name }, target: { apiVersion: "v1", kind: "Node", name: node } });
const deployment = {
  apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" },
  spec: { replicas: 1, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "app", image: "nginx" }] } } },
};

describe("pods/binding: the scheduler's write", () => {
  it("binding a pod sets spec.nodeName and PodScheduled, and answers 201 Success", async () => {
    const { admin } = await newServer();
    await admin.create({ resource: "pods", namespace: "default" }, pod("web"));
    const res = await admin.request("POST", "/api/v1/namespaces/default/pods/web/binding", { body: binding("web", "node-1") });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 201 });
    const p = await admin.get<KubeObject>({ resource: "pods", namespace: "default", name: "web" });
    expect(p["spec"]).toMatchObject({ nodeName: "node-1" });
    expect((p["status"] as { conditions: unknown[] }).conditions).toEqual([expect.objectContaining({ type: "PodScheduled", status: "True" })]);
  });

  it("binding an already bound pod is 409, with upstream's message", async () => {
    const { admin } = await newServer();
    await admin.create({ resource: "pods", namespace: "default" }, pod("web"));
    await admin.create({ resource: "pods", namespace: "default", name: "web", subresource: "binding" }, binding("web", "node-1"));
    const err = await rejection(admin.create({ resource: "pods", namespace: "default", name: "web", subresource: "binding" }, binding("web", "node-2")));
    expect([err.code, err.reason, err.message]).toEqual([409, "Conflict", 'Operation cannot be fulfilled on pods/binding "web": pod web is already assigned to node "node-1"']);
  });

  it("a binding whose name differs from the URL is 400", async () => {
    const { admin } = await newServer();
    await admin.create({ resource: "pods", namespace: "default" }, pod("web"));
    const err = await rejection(admin.create({ resource: "pods", namespace: "default", name: "web", subresource: "binding" }, binding("other", "node-1")));
    expect([err.code, err.message]).toEqual([400, "name in URL does not match name in Binding object"]);
  });

  it("binding a pod that does not exist is 404", async () => {
    const { admin } = await newServer();
    const err = await rejection(admin.create({ resource: "pods", namespace: "default", name: "ghost", subresource: "binding" }, binding("ghost", "node-1")));
    expect([err.code, err.message]).toEqual([404, 'pods "ghost" not found']);
  });
});

describe("pods/eviction", () => {
  it("evicting a pod deletes it gracefully and answers 201 Success", async () => {
    const { admin } = await newServer();
    await admin.create({ resource: "pods", namespace: "default" }, pod("web", { spec: { nodeName: "node-1", containers: [{ name: "app", image: "nginx" }] } }));
    const res = await admin.request("POST", "/api/v1/namespaces/default/pods/web/eviction", {
      body: { apiVersion: "policy/v1", kind: "Eviction", metadata: { name: "web", namespace: "default" } },
    });
    expect(res.status).toBe(201);
    const p = await admin.get<KubeObject>({ resource: "pods", namespace: "default", name: "web" });
    expect(p.metadata?.deletionTimestamp).toBeDefined();
  });
});

describe("scale and status subresources", () => {
  it("GET deployments/scale answers an autoscaling/v1 Scale; PUT changes spec.replicas", async () => {
    const { admin } = await newServer();
    await admin.create({ resource: "deployments", namespace: "default" }, deployment);
    const scale = await admin.get<KubeObject>({ resource: "deployments", namespace: "default", name: "web", subresource: "scale" });
    expect(scale).toMatchObject({ kind: "Scale", apiVersion: "autoscaling/v1", spec: { replicas: 1 }, status: { replicas: 0, selector: "app=web" } });
    const updated = await admin.update<KubeObject>({ resource: "deployments", namespace: "default", name: "web", subresource: "scale" }, { ...scale, spec: { replicas: 4 } });
    expect(updated["spec"]).toEqual({ replicas: 4 });
    expect((await admin.get<KubeObject>({ resource: "deployments", namespace: "default", name: "web" }))["spec"]).toMatchObject({ replicas: 4 });
  });

  it("kubectl scale's patch on /scale works, and a stale Scale resourceVersion is 409", async () => {
    const { admin } = await newServer();
    await admin.create({ resource: "deployments", namespace: "default" }, deployment);
    const scale = await admin.get<KubeObject>({ resource: "deployments", namespace: "default", name: "web", subresource: "scale" });
    await admin.patch({ resource: "deployments", namespace: "default", name: "web", subresource: "scale" }, { spec: { replicas: 2 } });
    const err = await rejection(admin.update({ resource: "deployments", namespace: "default", name: "web", subresource: "scale" }, { ...scale, spec: { replicas: 9 } }));
    expect(err.code).toBe(409);
  });

  it("a negative scale is 422 with upstream's message", async () => {
    const { admin } = await newServer();
    await admin.create({ resource: "deployments", namespace: "default" }, deployment);
    const err = await rejection(admin.patch({ resource: "deployments", namespace: "default", name: "web", subresource: "scale" }, { spec: { replicas: -1 } }));
    expect([err.code, err.message]).toEqual([422, 'Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0']);
  });

  it("an update of /status changes only the status; an update of the object keeps the status", async () => {
    const { admin } = await newServer();
    const created = await admin.create<KubeObject>({ resource: "deployments", namespace: "default" }, deployment);
    const viaStatus = await admin.update<KubeObject>({ resource: "deployments", namespace: "default", name: "web", subresource: "status" },
      { ...created, spec: { ...(created["spec"] as object), replicas: 7 }, status: { replicas: 1, readyReplicas: 1 } });
    expect(viaStatus["spec"]).toMatchObject({ replicas: 1 });
    expect(viaStatus["status"]).toEqual({ replicas: 1, readyReplicas: 1 });
    const viaMain = await admin.update<KubeObject>({ resource: "deployments", namespace: "default", name: "web" },
      { ...viaStatus, spec: { ...(viaStatus["spec"] as object), replicas: 3 }, status: {} });
    expect(viaMain["spec"]).toMatchObject({ replicas: 3 });
    expect(viaMain["status"]).toEqual({ replicas: 1, readyReplicas: 1 });
  });
});

describe("ResourceQuota, counted by the server", () => {
  it("a quota of 2 pods admits two and refuses the third with upstream's message, and deleting one frees room", async () => {
    const { admin } = await newServer();
    await admin.create({ resource: "resourcequotas", namespace: "default" }, { apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "q" }, spec: { hard: { pods: "2" } } });
    await admin.create({ resource: "pods", namespace: "default" }, pod("a"));
    await admin.create({ resource: "pods", namespace: "default" }, pod("b"));
    const err = await rejection(admin.create({ resource: "pods", namespace: "default" }, pod("c")));
    expect([err.code, err.message]).toEqual([403, 'pods "c" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2']);
    const quota = await admin.get<KubeObject>({ resource: "resourcequotas", namespace: "default", name: "q" });
    expect(quota["status"]).toEqual({ hard: { pods: "2" }, used: { pods: "2" } });
    await admin.delete({ resource: "pods", namespace: "default", name: "a" }, { gracePeriodSeconds: 0 });
    await admin.create({ resource: "pods", namespace: "default" }, pod("c"));
  });
});
