import { describe, expect, it } from "vitest";
import type { ApiClient } from "../client/api-client";
import type { KubeObject } from "../types";
import { newServer, pod } from "./server.test-util";

const pdb = (name: string, spec: Record<string, unknown>) => ({ apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name }, spec });
const eviction = (name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: "policy/v1", kind: "Eviction", metadata: { name, namespace: "default" }, ...extra });

/** A pod as a kubelet reports it: Running, and Ready unless told otherwise. */
async function runningPod(admin: ApiClient, name: string, labels: Record<string, string>, ready = true): Promise<void> {
  const created = await admin.create<KubeObject>({ resource: "pods", namespace: "default" }, pod(name, { metadata: { labels }, spec: { nodeName: "node-1", containers: [{ name: "app", image: "nginx" }] } }));
  await admin.update({ resource: "pods", namespace: "default", name, subresource: "status" }, {
    ...created, status: { phase: "Running", conditions: [{ type: "Ready", status: ready ? "True" : "False" }] },
  });
}
const evict = (admin: ApiClient, name: string, query: Record<string, string> = {}) =>
  admin.request("POST", `/api/v1/namespaces/default/pods/${name}/eviction`, { body: eviction(name), query });
const isTerminating = async (admin: ApiClient, name: string) =>
  (await admin.get<KubeObject>({ resource: "pods", namespace: "default", name })).metadata?.deletionTimestamp !== undefined;

describe("policy/v1 PodDisruptionBudgets", () => {
  it("are served: kubectl api-resources lists poddisruptionbudgets (pdb) with a status subresource", async () => {
    const { admin } = await newServer();
    const body = (await admin.request("GET", "/apis/policy/v1")).body as { resources: { name: string; shortNames?: string[]; namespaced: boolean }[] };
    expect(body.resources.map((r) => [r.name, r.shortNames ?? [], r.namespaced])).toEqual([
      ["poddisruptionbudgets", ["pdb"], true],
      ["poddisruptionbudgets/status", [], true],
    ]);
  });

  it("a new budget starts with the zero status, whatever the client sent", async () => {
    const { admin } = await newServer();
    const created = await admin.create<KubeObject>({ resource: "poddisruptionbudgets", namespace: "default" },
      { ...pdb("web", { minAvailable: 1, selector: { matchLabels: { app: "web" } } }), status: { disruptionsAllowed: 9 } });
    expect(created["status"]).toEqual({ disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 });
  });
});

describe("pods/eviction honours PodDisruptionBudgets", () => {
  it("evicts while the budget allows it, then answers 429 with upstream's message and a DisruptionBudget cause", async () => {
    const { admin } = await newServer();
    for (const name of ["web-0", "web-1", "web-2"]) await runningPod(admin, name, { app: "web" });
    await admin.create({ resource: "poddisruptionbudgets", namespace: "default" }, pdb("web", { minAvailable: 2, selector: { matchLabels: { app: "web" } } }));

    const first = await evict(admin, "web-0");
    expect(first.status).toBe(201);
    expect(await isTerminating(admin, "web-0")).toBe(true);
    const budget = await admin.get<KubeObject>({ resource: "poddisruptionbudgets", namespace: "default", name: "web" });
    expect(budget["status"]).toMatchObject({
      disruptionsAllowed: 0, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, disruptedPods: { "web-0": "2026-01-02T15:04:05Z" },
    });

    const second = await evict(admin, "web-1");
    expect(second.status).toBe(429);
    expect(second.body).toMatchObject({
      reason: "TooManyRequests", message: "Cannot evict pod as it would violate the pod's disruption budget.",
      details: { causes: [{ reason: "DisruptionBudget", message: "The disruption budget web needs 2 healthy pods and has 2 currently" }] },
    });
    expect(await isTerminating(admin, "web-1")).toBe(false);
  });

  it("a budget of maxUnavailable 0 refuses every eviction of a running pod", async () => {
    const { admin } = await newServer();
    await runningPod(admin, "db-0", { app: "db" });
    await admin.create({ resource: "poddisruptionbudgets", namespace: "default" }, pdb("db", { maxUnavailable: 0, selector: { matchLabels: { app: "db" } } }));
    expect((await evict(admin, "db-0")).status).toBe(429);
  });

  it("a pod matched by two budgets is 500 with upstream's message", async () => {
    const { admin } = await newServer();
    await runningPod(admin, "web-0", { app: "web", tier: "front" });
    await admin.create({ resource: "poddisruptionbudgets", namespace: "default" }, pdb("by-app", { maxUnavailable: 1, selector: { matchLabels: { app: "web" } } }));
    await admin.create({ resource: "poddisruptionbudgets", namespace: "default" }, pdb("by-tier", { maxUnavailable: 1, selector: { matchLabels: { tier: "front" } } }));
    const res = await evict(admin, "web-0");
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ status: "Failure", message: "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support." });
  });

  it("a Pending pod is evicted whatever its budget says: it disrupts nothing", async () => {
    const { admin } = await newServer();
    await admin.create({ resource: "pods", namespace: "default" }, pod("web-0", { metadata: { labels: { app: "web" } } }));
    await admin.create({ resource: "poddisruptionbudgets", namespace: "default" }, pdb("web", { maxUnavailable: 0, selector: { matchLabels: { app: "web" } } }));
    expect((await evict(admin, "web-0")).status).toBe(201);
  });

  it("an unready pod goes without spending the budget when the healthy pods meet it", async () => {
    const { admin } = await newServer();
    await runningPod(admin, "web-0", { app: "web" });
    await runningPod(admin, "web-1", { app: "web" });
    await runningPod(admin, "web-2", { app: "web" }, false);
    await admin.create({ resource: "poddisruptionbudgets", namespace: "default" }, pdb("web", { minAvailable: 2, selector: { matchLabels: { app: "web" } } }));
    expect((await evict(admin, "web-2")).status).toBe(201);
    const budget = await admin.get<KubeObject>({ resource: "poddisruptionbudgets", namespace: "default", name: "web" });
    expect((budget["status"] as { disruptedPods?: unknown }).disruptedPods).toBeUndefined();
  });

  it("a dry-run eviction checks the budget but neither spends it nor deletes the pod", async () => {
    const { admin } = await newServer();
    for (const name of ["web-0", "web-1"]) await runningPod(admin, name, { app: "web" });
    await admin.create({ resource: "poddisruptionbudgets", namespace: "default" }, pdb("web", { maxUnavailable: 1, selector: { matchLabels: { app: "web" } } }));
    expect((await evict(admin, "web-0", { dryRun: "All" })).status).toBe(201);
    expect(await isTerminating(admin, "web-0")).toBe(false);
    const budget = await admin.get<KubeObject>({ resource: "poddisruptionbudgets", namespace: "default", name: "web" });
    expect(budget["status"]).toEqual({ disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 });
  });
});
