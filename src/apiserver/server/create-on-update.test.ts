// A PUT of an object that does not exist: a create for the kinds whose strategy says
// AllowCreateOnUpdate() (leases, roles, events...; resources.ts), a 404 for the others.
// Upstream: k8s.io/apiserver/pkg/registry/generic/registry/store.go Update (the `creating`
// branch) and k8s.io/apiserver/pkg/endpoints/handlers/update.go.
import { describe, expect, it } from "vitest";
import { inProcessTransport, type AdmissionReview, type Webhook } from "../admission/webhook/types";
import { encodeBase64 } from "../admission/webhook/base64";
import type { KubeObject, Operation } from "../types";
import { newServer, pod, T0 } from "./server.test-util";

const leasePath = (name: string) => `/apis/coordination.k8s.io/v1/namespaces/default/leases/${name}`;
const lease = (name: string, metadata: Record<string, unknown> = {}) => ({
  apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name, ...metadata },
  spec: { holderIdentity: "node-1", leaseDurationSeconds: 40 },
});

/** A webhook on leases for `operations`, which records what it was asked and labels what it admits. */
function leaseHook(operations: Operation[], seen: AdmissionReview[]) {
  const webhook: Webhook = {
    name: "leases.example.com", clientConfig: { service: { namespace: "system", name: "webhooks", path: "/leases" } },
    rules: [{ operations, apiGroups: ["coordination.k8s.io"], apiVersions: ["v1"], resources: ["leases"] }],
    sideEffects: "None", admissionReviewVersions: ["v1"],
  };
  const label = [{ op: "add", path: "/metadata/labels", value: { admitted: "true" } }];
  const respond = (review: AdmissionReview) => {
    seen.push(review);
    return {
      apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview",
      response: { uid: review.request!.uid, allowed: true, patchType: "JSONPatch", patch: encodeBase64(JSON.stringify(label)) },
    };
  };
  return { mutatingWebhooks: [{ metadata: { name: "leases" }, webhooks: [webhook] }], webhookTransport: inProcessTransport({ "leases.example.com": respond }) };
}

describe("a PUT of a missing object creates it only where the kind's strategy allows it", () => {
  it("a PUT of a missing Lease creates it: 201, with uid, creationTimestamp and generation 1", async () => {
    const { admin } = await newServer();
    const res = await admin.request("PUT", leasePath("node-1"), { body: lease("node-1") });
    expect(res.status).toBe(201);
    const created = res.body as KubeObject;
    expect(created).toMatchObject({ apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name: "node-1", namespace: "default", generation: 1 } });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata?.creationTimestamp).toBe(new Date(T0).toISOString().replace(/\.\d{3}Z$/, "Z"));
    expect(await admin.get({ resource: "leases", group: "coordination.k8s.io", namespace: "default", name: "node-1" })).toEqual(created);
  });

  it("a second PUT of that Lease is an ordinary update: 200, same uid", async () => {
    const { admin } = await newServer();
    const created = (await admin.request("PUT", leasePath("node-1"), { body: lease("node-1") })).body as KubeObject;
    const res = await admin.request("PUT", leasePath("node-1"), { body: { ...lease("node-1"), spec: { holderIdentity: "node-2" } } });
    expect(res.status).toBe(200);
    expect((res.body as KubeObject).metadata?.uid).toBe(created.metadata?.uid);
  });

  it("a PUT of a missing ConfigMap is 404, as upstream's configmap strategy does not allow create-on-update", async () => {
    const { admin } = await newServer();
    const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { a: "1" } };
    const res = await admin.request("PUT", "/api/v1/namespaces/default/configmaps/c", { body: cm });
    expect([res.status, (res.body as { message?: string }).message]).toEqual([404, 'configmaps "c" not found']);
    expect((await admin.list({ resource: "configmaps", namespace: "default" })).items).toEqual([]);
  });

  it("a PUT of a missing Pod is 404 too: pods are created with POST only", async () => {
    const { admin } = await newServer();
    const res = await admin.request("PUT", "/api/v1/namespaces/default/pods/web", { body: pod("web") });
    expect(res.status).toBe(404);
  });

  it("a Lease created by a PUT went through admission as a CREATE, with no oldObject", async () => {
    const seen: AdmissionReview[] = [];
    const { admin } = await newServer(leaseHook(["CREATE"], seen));
    const res = await admin.request("PUT", leasePath("node-1"), { body: lease("node-1") });
    expect(res.status).toBe(201);
    expect(seen.map((r) => [r.request?.operation, r.request?.name, r.request?.oldObject ?? null])).toEqual([["CREATE", "node-1", null]]);
    expect((res.body as KubeObject).metadata?.labels).toEqual({ admitted: "true" });
  });

  it("a PUT of an existing Lease is admitted as an UPDATE, so a CREATE-only webhook is not called", async () => {
    const seen: AdmissionReview[] = [];
    const { admin } = await newServer(leaseHook(["CREATE"], seen));
    await admin.request("PUT", leasePath("node-1"), { body: lease("node-1") });
    const res = await admin.request("PUT", leasePath("node-1"), { body: lease("node-1", { labels: { admitted: "true" } }) });
    expect(res.status).toBe(200);
    expect(seen.map((r) => r.request?.operation)).toEqual(["CREATE"]);
  });

  it("a resourceVersion in the body of a create-on-update is ignored, as upstream's storage drops it", async () => {
    const { admin } = await newServer();
    const res = await admin.request("PUT", leasePath("node-1"), { body: lease("node-1", { resourceVersion: "7" }) });
    expect(res.status).toBe(201);
    expect((res.body as KubeObject).metadata?.resourceVersion).not.toBe("7");
  });

  it("a uid in the body is a precondition no missing object meets: 409 Conflict", async () => {
    const { admin } = await newServer();
    const res = await admin.request("PUT", leasePath("node-1"), { body: lease("node-1", { uid: "0b9f3c1e-0000-4000-8000-000000000001" }) });
    expect([res.status, (res.body as { message?: string }).message]).toEqual([
      409, 'Operation cannot be fulfilled on leases.coordination.k8s.io "node-1": Precondition failed: UID in precondition: 0b9f3c1e-0000-4000-8000-000000000001, UID in object meta: ',
    ]);
  });

  it("a dry-run PUT of a missing Lease answers 201 and stores nothing", async () => {
    const { admin } = await newServer();
    const res = await admin.request("PUT", leasePath("node-1"), { body: lease("node-1"), query: { dryRun: "All" } });
    expect(res.status).toBe(201);
    expect((await admin.request("GET", leasePath("node-1"))).status).toBe(404);
  });

  it("a user who may update leases but not create them cannot create one with a PUT: 403", async () => {
    const { admin, user } = await newServer();
    const rbac = "rbac.authorization.k8s.io";
    await admin.create({ resource: "roles", group: rbac, namespace: "default" }, {
      apiVersion: `${rbac}/v1`, kind: "Role", metadata: { name: "lease-updater" },
      rules: [{ apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["get", "update"] }],
    });
    await admin.create({ resource: "rolebindings", group: rbac, namespace: "default" }, {
      apiVersion: `${rbac}/v1`, kind: "RoleBinding", metadata: { name: "alice-lease-updater" },
      roleRef: { apiGroup: rbac, kind: "Role", name: "lease-updater" }, subjects: [{ kind: "User", name: "alice", apiGroup: rbac }],
    });
    const res = await user("alice").request("PUT", leasePath("node-1"), { body: lease("node-1") });
    expect([res.status, (res.body as { message?: string }).message]).toEqual([403, 'leases.coordination.k8s.io "node-1" is forbidden: ']);
    // Once the lease exists, the same user's PUT is an update, which the role allows.
    await admin.request("PUT", leasePath("node-1"), { body: lease("node-1") });
    expect((await user("alice").request("PUT", leasePath("node-1"), { body: lease("node-1") })).status).toBe(200);
  });
});
