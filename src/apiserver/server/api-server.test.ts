import { describe, expect, it } from "vitest";
import type { KubeObject } from "../types";
import { newServer, pod, rejection } from "./server.test-util";

describe("the API server: CRUD through the whole pipeline", () => {
  it("a create then a get returns the stored pod with apiVersion, kind, uid and resourceVersion", async () => {
    const { admin } = await newServer();
    const created = await admin.create<KubeObject>({ resource: "pods", namespace: "default" }, pod("web"));
    expect(created).toMatchObject({ apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "default" }, status: { phase: "Pending" } });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    const got = await admin.get<KubeObject>({ resource: "pods", namespace: "default", name: "web" });
    expect(got).toEqual(created);
  });

  it("a create then a list with a label selector returns it, and not the others", async () => {
    const { admin } = await newServer();
    await admin.create({ resource: "pods", namespace: "default" }, pod("web", { metadata: { labels: { app: "web" } } }));
    await admin.create({ resource: "pods", namespace: "default" }, pod("db", { metadata: { labels: { app: "db" } } }));
    const list = await admin.list({ resource: "pods", namespace: "default" }, { labelSelector: "app=web" });
    expect(list.kind).toBe("PodList");
    expect(list.items.map((p) => p.metadata?.name)).toEqual(["web"]);
  });

  it("applies the decoder's defaults: a pod gets restartPolicy Always and the default scheduler", async () => {
    const { admin } = await newServer();
    const created = await admin.create<KubeObject>({ resource: "pods", namespace: "default" }, pod("web"));
    expect(created["spec"]).toMatchObject({ restartPolicy: "Always", schedulerName: "default-scheduler", dnsPolicy: "ClusterFirst", serviceAccountName: "default" });
  });

  it("bootstraps the system namespaces, each with a default ServiceAccount", async () => {
    const { admin } = await newServer();
    const names = (await admin.list({ resource: "namespaces" })).items.map((n) => n.metadata?.name);
    expect(names).toEqual(["default", "kube-node-lease", "kube-public", "kube-system"]);
    const sa = await admin.get({ resource: "serviceaccounts", namespace: "kube-system", name: "default" });
    expect(sa.kind).toBe("ServiceAccount");
  });

  it("a new namespace gets its default ServiceAccount, so pods can be created in it at once", async () => {
    const { admin } = await newServer();
    await admin.create({ resource: "namespaces" }, { apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a" } });
    const created = await admin.create<KubeObject>({ resource: "pods", namespace: "team-a" }, pod("web"));
    expect(created.metadata?.namespace).toBe("team-a");
  });

  it("creating in a namespace that does not exist is 404 namespaces not found", async () => {
    const { admin } = await newServer();
    const err = await rejection(admin.create({ resource: "pods", namespace: "nope" }, pod("web")));
    expect([err.code, err.reason, err.message]).toEqual([404, "NotFound", 'namespaces "nope" not found']);
  });

  it("the default namespace may not be deleted", async () => {
    const { admin } = await newServer();
    const err = await rejection(admin.delete({ resource: "namespaces", name: "default" }));
    expect([err.code, err.message]).toEqual([403, 'namespaces "default" is forbidden: this namespace may not be deleted']);
  });

  it("an update with a stale resourceVersion is 409 Conflict", async () => {
    const { admin } = await newServer();
    const cm = await admin.create<KubeObject>({ resource: "configmaps", namespace: "default" }, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { a: "1" } });
    await admin.update({ resource: "configmaps", namespace: "default", name: "c" }, { ...cm, data: { a: "2" } });
    const err = await rejection(admin.update({ resource: "configmaps", namespace: "default", name: "c" }, { ...cm, data: { a: "3" } }));
    expect([err.code, err.reason]).toEqual([409, "Conflict"]);
    expect(err.message).toBe('Operation cannot be fulfilled on configmaps "c": the object has been modified; please apply your changes to the latest version and try again');
  });

  it("a merge patch changes one field and bumps the deployment's generation", async () => {
    const { admin } = await newServer();
    await admin.create({ resource: "deployments", namespace: "default" }, {
      apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" },
      spec: { selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "app", image: "nginx" }] } } },
    });
    const patched = await admin.patch<KubeObject>({ resource: "deployments", namespace: "default", name: "web" }, { spec: { replicas: 3 } });
    expect(patched["spec"]).toMatchObject({ replicas: 3 });
    expect(patched.metadata?.generation).toBe(2);
  });

  it("a patch goes through admission: a pod patched into a restricted namespace's violation is refused", async () => {
    const { admin } = await newServer();
    await admin.create({ resource: "namespaces" }, { apiVersion: "v1", kind: "Namespace", metadata: { name: "locked", labels: { "pod-security.kubernetes.io/enforce": "baseline" } } });
    await admin.create({ resource: "pods", namespace: "locked" }, pod("web"));
    const err = await rejection(admin.patch({ resource: "pods", namespace: "locked", name: "web" }, { spec: { containers: [{ name: "app", image: "nginx:1.28", securityContext: { privileged: true } }] } }, "strategic"));
    expect(err.code).toBe(403);
  });

  it("dryRun=All answers the object but stores nothing", async () => {
    const { admin } = await newServer();
    const created = await admin.create<KubeObject>({ resource: "configmaps", namespace: "default" }, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } }, { dryRun: "All" });
    expect(created.metadata?.name).toBe("c");
    const err = await rejection(admin.get({ resource: "configmaps", namespace: "default", name: "c" }));
    expect(err.code).toBe(404);
  });

  it("deleting a scheduled pod is graceful: 200 with the pod marked, 30 s of grace", async () => {
    const { admin, server } = await newServer();
    await admin.create({ resource: "pods", namespace: "default" }, pod("web", { spec: { nodeName: "node-1", containers: [{ name: "app", image: "nginx" }] } }));
    const res = await admin.request("DELETE", "/api/v1/namespaces/default/pods/web");
    expect(res.status).toBe(200);
    expect((res.body as KubeObject).metadata?.deletionGracePeriodSeconds).toBe(30);
    const cascading = await admin.request("DELETE", "/api/v1/namespaces/default/pods/web", { body: { kind: "DeleteOptions", apiVersion: "v1", orphanDependents: false } });
    expect(cascading.status).toBe(202);
    const force = await server.handle({ ...{ method: "DELETE", path: "/api/v1/namespaces/default/pods/web", query: { gracePeriodSeconds: "0" } }, peerCertificate: admin.identity.peerCertificate! });
    expect(force.status).toBe(200);
  });

  it("deleting a configmap answers a Success Status naming it", async () => {
    const { admin } = await newServer();
    await admin.create({ resource: "configmaps", namespace: "default" }, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } });
    const res = await admin.request("DELETE", "/api/v1/namespaces/default/configmaps/c");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: "Status", status: "Success", details: { name: "c", kind: "configmaps" } });
  });

  // Upstream: `ReturnDeletedObject: true` in pkg/registry/core/{serviceaccount,persistentvolumeclaim,
  // resourcequota}/storage/storage.go and pkg/registry/storage/storageclass/storage/storage.go;
  // secrets' registry (pkg/registry/core/secret/storage/storage.go) leaves it false.
  it("deleting a serviceaccount, a persistentvolumeclaim, a resourcequota or a storageclass answers the deleted object; a secret, a Status", async () => {
    const { admin } = await newServer();
    const objects: Array<[string, string, string, Record<string, unknown>]> = [
      ["", "serviceaccounts", "ServiceAccount", { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "robot" } }],
      ["", "persistentvolumeclaims", "PersistentVolumeClaim", {
        apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data" },
        spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } },
      }],
      ["", "resourcequotas", "ResourceQuota", { apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "q" }, spec: { hard: { pods: "10" } } }],
      ["storage.k8s.io", "storageclasses", "StorageClass", { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "fast" }, provisioner: "example.com/fast" }],
    ];
    for (const [group, resource, kind, body] of objects) {
      const namespace = resource === "storageclasses" ? undefined : "default";
      await admin.create({ resource, group, ...(namespace !== undefined ? { namespace } : {}) }, body);
      const name = (body["metadata"] as { name: string }).name;
      const path = group === "" ? `/api/v1/namespaces/default/${resource}/${name}` : `/apis/${group}/v1/${resource}/${name}`;
      const res = await admin.request("DELETE", path);
      expect(res.status, resource).toBe(200);
      expect(res.body, resource).toMatchObject({ kind, metadata: { name } });
    }
    await admin.create({ resource: "secrets", namespace: "default" }, { apiVersion: "v1", kind: "Secret", metadata: { name: "s" } });
    const secret = await admin.request("DELETE", "/api/v1/namespaces/default/secrets/s");
    expect(secret.body).toMatchObject({ kind: "Status", status: "Success", details: { name: "s", kind: "secrets" } });
  });

  it("an unknown resource is 404 and a verb the resource does not serve is 405", async () => {
    const { admin } = await newServer();
    const notFound = await admin.request("GET", "/api/v1/namespaces/default/widgets");
    expect(notFound.status).toBe(404);
    expect(notFound.body).toMatchObject({ reason: "NotFound", message: "the server could not find the requested resource" });
    const ssar = await admin.request("GET", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews");
    expect(ssar.status).toBe(405);
  });

  it("a body of the wrong kind is 400", async () => {
    const { admin } = await newServer();
    const res = await admin.request("POST", "/api/v1/namespaces/default/pods", { body: { apiVersion: "v1", kind: "Service", metadata: { name: "x" } } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ reason: "BadRequest" });
  });
});

describe("the API server: --max-requests-inflight and --max-mutating-requests-inflight", () => {
  it("passes the limits to the pipeline, which refuses a negative one naming the flag", async () => {
    await expect(newServer({ maxRequestsInFlight: -1 })).rejects.toThrow("--max-requests-inflight must be a whole number of requests, 0 or more (0 means no limit); got -1");
  });

  it("reports upstream's in-flight gauge on /metrics, with the defaults 400 and 200 in force", async () => {
    const { admin } = await newServer();
    const res = await admin.request("GET", "/metrics");
    expect(String(res.body)).toContain('apiserver_current_inflight_requests{request_kind="mutating"} 0');
  });
});
