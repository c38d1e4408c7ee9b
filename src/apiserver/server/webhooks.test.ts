import { describe, expect, it } from "vitest";
import { encodeBase64 } from "../admission/webhook/base64";
import { inProcessTransport, type AdmissionReview, type Webhook, type WebhookConfiguration } from "../admission/webhook/types";
import type { KubeObject } from "../types";
import { newServer, pod, rejection } from "./server.test-util";

const hook = (name: string, extra: Partial<Webhook> = {}): Webhook => ({
  name, clientConfig: { service: { namespace: "system", name: "webhooks", path: `/${name}` } },
  rules: [{ operations: ["CREATE"], apiGroups: [""], apiVersions: ["v1"], resources: ["pods"] }],
  sideEffects: "None", admissionReviewVersions: ["v1"], ...extra,
});
const config = (name: string, ...webhooks: Webhook[]): WebhookConfiguration => ({ metadata: { name }, webhooks });
const answer = (review: AdmissionReview, response: object) => ({ apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", response: { uid: review.request!.uid, ...response } });

/** A sidecar injector whose container names only a name and an image: the server defaults the rest. */
function injector(seen: AdmissionReview[]) {
  return (review: AdmissionReview) => {
    seen.push(review);
    const patch = [{ op: "add", path: "/spec/containers/-", value: { name: "proxy", image: "proxyv2:1.24" } }];
    return answer(review, { allowed: true, patchType: "JSONPatch", patch: encodeBase64(JSON.stringify(patch)) });
  };
}

describe("admission webhooks configured on the ApiServer", () => {
  it("a mutating webhook's container is stored, defaulted as if the client had sent it", async () => {
    const seen: AdmissionReview[] = [];
    const { admin } = await newServer({ mutatingWebhooks: [config("mesh", hook("inject.mesh.io"))], webhookTransport: inProcessTransport({ "inject.mesh.io": injector(seen) }) });
    const created = await admin.create<KubeObject>({ resource: "pods", namespace: "default" }, pod("web"));
    const containers = (created["spec"] as { containers: Record<string, unknown>[] }).containers;
    expect(containers.map((c) => c["name"])).toEqual(["app", "proxy"]);
    expect(containers[1]).toMatchObject({ imagePullPolicy: "IfNotPresent", terminationMessagePath: "/dev/termination-log", terminationMessagePolicy: "File", resources: {} });
  });

  it("the AdmissionReview of a CREATE names the object, and the webhook sees the built-in plugins' work", async () => {
    const seen: AdmissionReview[] = [];
    const { admin } = await newServer({ mutatingWebhooks: [config("mesh", hook("inject.mesh.io"))], webhookTransport: inProcessTransport({ "inject.mesh.io": injector(seen) }) });
    await admin.create({ resource: "pods", namespace: "default" }, pod("web"));
    const request = seen[0]!.request!;
    expect([request.operation, request.name, request.namespace]).toEqual(["CREATE", "web", "default"]);
    // ServiceAccount and Priority come before MutatingAdmissionWebhook.
    expect(request.object?.["spec"]).toMatchObject({ serviceAccountName: "default", priority: 0 });
  });

  it("a validating webhook's refusal reaches the client with the webhook's name", async () => {
    const deny = (review: AdmissionReview) => answer(review, { allowed: false, status: { code: 403, message: "images must come from registry.example.com" } });
    const { admin } = await newServer({ validatingWebhooks: [config("policy", hook("images.example.com"))], webhookTransport: inProcessTransport({ "images.example.com": deny }) });
    const err = await rejection(admin.create({ resource: "pods", namespace: "default" }, pod("web")));
    expect([err.code, err.message]).toEqual([403, 'admission webhook "images.example.com" denied the request: images must come from registry.example.com']);
  });

  it("without a transport a webhook cannot be called: failurePolicy Fail refuses with 500, Ignore lets the pod in", async () => {
    const failing = await newServer({ validatingWebhooks: [config("policy", hook("images.example.com"))] });
    const err = await rejection(failing.admin.create({ resource: "pods", namespace: "default" }, pod("web")));
    expect([err.code, err.message]).toEqual([500, 'Internal error occurred: failed calling webhook "images.example.com": no webhook transport configured']);
    const ignoring = await newServer({ validatingWebhooks: [config("policy", hook("images.example.com", { failurePolicy: "Ignore" }))] });
    const created = await ignoring.admin.create<KubeObject>({ resource: "pods", namespace: "default" }, pod("web"));
    expect(created.metadata?.name).toBe("web");
  });
});

describe("webhook configurations stored through the API (admissionregistration.k8s.io/v1)", () => {
  const mwc = { resource: "mutatingwebhookconfigurations", group: "admissionregistration.k8s.io" };
  const stored = (name: string, ...webhooks: Webhook[]) => ({ apiVersion: "admissionregistration.k8s.io/v1", kind: "MutatingWebhookConfiguration", ...config(name, ...webhooks) });

  it("a stored MutatingWebhookConfiguration is called on the next request, and no longer once deleted", async () => {
    const seen: AdmissionReview[] = [];
    const { admin } = await newServer({ webhookTransport: inProcessTransport({ "inject.mesh.io": injector(seen) }) });
    await admin.create(mwc, stored("mesh", hook("inject.mesh.io")));
    const created = await admin.create<KubeObject>({ resource: "pods", namespace: "default" }, pod("web"));
    expect((created["spec"] as { containers: { name: string }[] }).containers.map((c) => c.name)).toEqual(["app", "proxy"]);
    await admin.delete({ ...mwc, name: "mesh" });
    const plain = await admin.create<KubeObject>({ resource: "pods", namespace: "default" }, pod("db"));
    expect((plain["spec"] as { containers: { name: string }[] }).containers.map((c) => c.name)).toEqual(["app"]);
    expect(seen).toHaveLength(1);
  });

  it("configurations given as options win over the stored ones", async () => {
    const seen: AdmissionReview[] = [];
    const { admin } = await newServer({ mutatingWebhooks: [], webhookTransport: inProcessTransport({ "inject.mesh.io": injector(seen) }) });
    await admin.create(mwc, stored("mesh", hook("inject.mesh.io")));
    await admin.create({ resource: "pods", namespace: "default" }, pod("web"));
    expect(seen).toEqual([]);
  });

  it("a configuration without sideEffects or a URL is refused with 422, as upstream's validation", async () => {
    const { admin } = await newServer();
    const bad = stored("bad", { name: "bad.example.com", clientConfig: {}, rules: [], admissionReviewVersions: ["v1"] });
    const err = await rejection(admin.create(mwc, bad));
    expect(err.code).toBe(422);
    expect(err.message).toContain("webhooks[0].sideEffects: Required value");
    expect(err.message).toContain("webhooks[0].clientConfig: Required value: exactly one of url or service is required");
  });

  it("a user bound to the admin ClusterRole cannot create webhook configurations: only cluster-admin's * covers them", async () => {
    const { admin, user } = await newServer();
    await admin.create({ resource: "clusterrolebindings", group: "rbac.authorization.k8s.io" }, {
      apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: "alice-admin" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "admin" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "alice" }],
    });
    const err = await rejection(user("alice").create(mwc, stored("mesh", hook("inject.mesh.io"))));
    expect(err.code).toBe(403);
  });
});

describe("a deletecollection passes each item through admission, as a DELETE of that item", () => {
  // The webhook refuses to delete the pod named "db" and records what it was asked.
  const setup = async () => {
    const seen: string[] = [];
    const guard = (review: AdmissionReview) => {
      const name = String(review.request?.oldObject?.metadata?.name);
      seen.push(`${review.request?.operation} ${review.request?.name}`);
      return name === "db"
        ? answer(review, { allowed: false, status: { code: 403, message: "db is protected" } })
        : answer(review, { allowed: true });
    };
    const hooks = [config("guard", hook("guard.example.com", { rules: [{ operations: ["DELETE"], apiGroups: [""], apiVersions: ["v1"], resources: ["pods"] }] }))];
    const server = await newServer({ validatingWebhooks: hooks, webhookTransport: inProcessTransport({ "guard.example.com": guard }) });
    for (const name of ["api", "db", "web"]) await server.admin.create({ resource: "pods", namespace: "default" }, pod(name));
    return { ...server, seen };
  };
  const names = async (admin: Awaited<ReturnType<typeof setup>>["admin"]) =>
    (await admin.list({ resource: "pods", namespace: "default" })).items.map((p) => p.metadata?.name);

  it("stops at the first item a validating webhook refuses: the ones before it are deleted, the rest are kept", async () => {
    const { admin, seen } = await setup();
    const res = await admin.request("DELETE", "/api/v1/namespaces/default/pods", { query: { gracePeriodSeconds: "0" } });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ message: 'admission webhook "guard.example.com" denied the request: db is protected' });
    expect(seen).toEqual(["DELETE api", "DELETE db"]);
    expect(await names(admin)).toEqual(["db", "web"]);
  });

  it("deletes every item the webhook allows when the selector leaves the protected one out", async () => {
    const { admin, seen } = await setup();
    const res = await admin.request("DELETE", "/api/v1/namespaces/default/pods", { query: { fieldSelector: "metadata.name!=db", gracePeriodSeconds: "0" } });
    expect(res.status).toBe(200);
    expect(seen).toEqual(["DELETE api", "DELETE web"]);
    expect(await names(admin)).toEqual(["db"]);
  });
});
