import { describe, expect, it } from "vitest";
import type { KubeObject } from "../types";
import { newServer, pod, rejection } from "./server.test-util";

const rb = (name: string, role: string, user: string, kind: "ClusterRole" | "Role" = "ClusterRole") => ({
  apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: { name },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind, name: role }, subjects: [{ kind: "User", name: user, apiGroup: "rbac.authorization.k8s.io" }],
});

describe("authorization against the stored RBAC policy", () => {
  it("a user with no binding cannot list pods: 403 with upstream's message", async () => {
    const { user } = await newServer();
    const err = await rejection(user("alice").list({ resource: "pods", namespace: "default" }));
    expect([err.code, err.message]).toEqual([403, 'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"']);
  });

  it("kubectl create rolebinding takes effect on the next request", async () => {
    const { admin, user } = await newServer();
    await admin.create({ resource: "rolebindings", group: "rbac.authorization.k8s.io", namespace: "default" }, rb("alice-view", "view", "alice"));
    const list = await user("alice").list({ resource: "pods", namespace: "default" });
    expect(list.items).toEqual([]);
    // ... and only in that namespace.
    const err = await rejection(user("alice").list({ resource: "pods", namespace: "kube-system" }));
    expect(err.code).toBe(403);
  });

  it("a user bound to view cannot create a pod: 403 with upstream's message", async () => {
    const { admin, user } = await newServer();
    await admin.create({ resource: "rolebindings", namespace: "default" }, rb("alice-view", "view", "alice"));
    const err = await rejection(user("alice").create({ resource: "pods", namespace: "default" }, pod("web")));
    expect([err.code, err.reason, err.message]).toEqual([403, "Forbidden", 'pods is forbidden: User "alice" cannot create resource "pods" in API group "" in the namespace "default"']);
  });

  it("deleting the binding takes the permission away again", async () => {
    const { admin, user } = await newServer();
    await admin.create({ resource: "rolebindings", namespace: "default" }, rb("alice-edit", "edit", "alice"));
    await user("alice").create({ resource: "pods", namespace: "default" }, pod("web"));
    await admin.delete({ resource: "rolebindings", namespace: "default", name: "alice-edit" });
    expect((await rejection(user("alice").get({ resource: "pods", namespace: "default", name: "web" }))).code).toBe(403);
  });

  it("an editor cannot bind herself to cluster-admin: escalation is refused with upstream's message", async () => {
    const { admin, user } = await newServer();
    await admin.create({ resource: "rolebindings", namespace: "default" }, rb("alice-admin", "admin", "alice"));
    const err = await rejection(user("alice").create({ resource: "rolebindings", namespace: "default" }, rb("alice-root", "cluster-admin", "alice")));
    expect(err.code).toBe(403);
    expect(err.message).toMatch(/^rolebindings\.rbac\.authorization\.k8s\.io "alice-root" is forbidden: user "alice" \(groups=\["system:authenticated"\]\) is attempting to grant RBAC permissions not currently held:/);
  });

  it("a namespace admin may hand out view in her namespace: she holds everything it grants there", async () => {
    const { admin, user } = await newServer();
    await admin.create({ resource: "rolebindings", namespace: "default" }, rb("alice-admin", "admin", "alice"));
    const created = await user("alice").create<KubeObject>({ resource: "rolebindings", namespace: "default" }, rb("bob-view", "view", "bob"));
    expect(created.kind).toBe("RoleBinding");
    expect((await user("bob").list({ resource: "configmaps", namespace: "default" })).items).toEqual([]);
  });

  it("a Role with more than its author holds is refused, and a patch cannot sneak it in either", async () => {
    const { admin, user } = await newServer();
    await admin.create({ resource: "rolebindings", namespace: "default" }, rb("alice-admin", "admin", "alice"));
    const role = { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name: "r" }, rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get"] }] };
    await user("alice").create({ resource: "roles", namespace: "default" }, role);
    const err = await rejection(user("alice").patch({ resource: "roles", namespace: "default", name: "r" }, { rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }] }));
    expect(err.code).toBe(403);
    expect(err.message).toContain('roles.rbac.authorization.k8s.io "r" is forbidden: user "alice"');
  });

  it("kubectl auth can-i: a SelfSubjectAccessReview answers for the asking user", async () => {
    const { admin, user } = await newServer();
    await admin.create({ resource: "rolebindings", namespace: "default" }, rb("alice-view", "view", "alice"));
    const ask = (verb: string) => user("alice").request("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", {
      body: { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec: { resourceAttributes: { namespace: "default", verb, resource: "pods" } } },
    });
    const yes = await ask("list");
    expect(yes.status).toBe(201);
    expect(yes.body).toMatchObject({ kind: "SelfSubjectAccessReview", status: { allowed: true } });
    expect((await ask("delete")).body).toMatchObject({ status: { allowed: false } });
  });

  it("impersonation: an admin acting --as alice gets alice's answer", async () => {
    const { admin } = await newServer();
    const err = await rejection(admin.as("alice").list({ resource: "secrets", namespace: "default" }));
    expect(err.message).toBe('secrets is forbidden: User "alice" cannot list resource "secrets" in API group "" in the namespace "default"');
  });

  it("a kubelet may update the status of a pod bound to it, not of one on another node", async () => {
    const { admin, user } = await newServer();
    await admin.create({ resource: "pods", namespace: "default" }, pod("mine", { spec: { nodeName: "node-1", containers: [{ name: "app", image: "nginx" }] } }));
    await admin.create({ resource: "pods", namespace: "default" }, pod("theirs", { spec: { nodeName: "node-2", containers: [{ name: "app", image: "nginx" }] } }));
    const kubelet = user("system:node:node-1", ["system:nodes"]);
    const ok = await kubelet.patch<KubeObject>({ resource: "pods", namespace: "default", name: "mine", subresource: "status" }, { status: { phase: "Running" } });
    expect(ok["status"]).toMatchObject({ phase: "Running" });
    const err = await rejection(kubelet.patch({ resource: "pods", namespace: "default", name: "theirs", subresource: "status" }, { status: { phase: "Running" } }));
    expect(err.message).toBe(
      `pods "theirs" is forbidden: User "system:node:node-1" cannot patch resource "pods/status" in API group "" in the namespace "default": no relationship found between node 'node-1' and this object`,
    );
  });

  it("a kubelet reads only the secrets its pods reference, and lists pods and services by NodeRules", async () => {
    const { admin, user } = await newServer();
    const secret = (name: string) => ({ apiVersion: "v1", kind: "Secret", metadata: { name }, data: {} });
    await admin.create({ resource: "secrets", namespace: "default" }, secret("app-secret"));
    await admin.create({ resource: "secrets", namespace: "default" }, secret("other"));
    await admin.create({ resource: "pods", namespace: "default" }, pod("mine", {
      spec: { nodeName: "node-1", containers: [{ name: "app", image: "nginx", envFrom: [{ secretRef: { name: "app-secret" } }] }] },
    }));
    const kubelet = user("system:node:node-1", ["system:nodes"]);
    expect((await kubelet.get({ resource: "secrets", namespace: "default", name: "app-secret" })).metadata?.name).toBe("app-secret");
    expect((await rejection(kubelet.get({ resource: "secrets", namespace: "default", name: "other" }))).code).toBe(403);
    expect((await kubelet.list({ resource: "pods" }, { fieldSelector: "spec.nodeName=node-1" })).items.map((p) => p.metadata?.name)).toEqual(["mine"]);
    expect((await kubelet.list({ resource: "services" })).kind).toBe("ServiceList");
  });
});

describe("the bootstrap policy", () => {
  it("system:kube-scheduler may list pods and nodes and bind pods, but not read secrets", async () => {
    const { admin, user } = await newServer();
    await admin.create({ resource: "pods", namespace: "default" }, pod("web"));
    const scheduler = user("system:kube-scheduler");
    expect((await scheduler.list({ resource: "pods" })).items).toHaveLength(1);
    expect((await scheduler.list({ resource: "nodes" })).kind).toBe("NodeList");
    const bound = await scheduler.request("POST", "/api/v1/namespaces/default/pods/web/binding", {
      body: { apiVersion: "v1", kind: "Binding", metadata: { name: "web" }, target: { kind: "Node", name: "node-1" } },
    });
    expect(bound.status).toBe(201);
    expect((await rejection(scheduler.list({ resource: "secrets" }))).code).toBe(403);
  });

  it("view, edit and admin carry their aggregated rules, as the aggregation controller writes them", async () => {
    const { admin } = await newServer();
    const view = await admin.get<{ rules: { resources?: string[] }[] }>({ resource: "clusterroles", name: "view" });
    expect(view.rules.some((r) => r.resources?.includes("pods"))).toBe(true);
    const editRules = (await admin.get<{ rules: unknown[] }>({ resource: "clusterroles", name: "edit" })).rules.length;
    expect(editRules).toBeGreaterThan(view.rules.length);
  });
});

describe("PodDisruptionBudgets in the bootstrap roles", () => {
  it("view reads budgets, edit writes them, and the scheduler lists them, as upstream's roles allow", async () => {
    const { admin, user } = await newServer();
    await admin.create({ resource: "rolebindings", namespace: "default" }, rb("alice-view", "view", "alice"));
    await admin.create({ resource: "rolebindings", namespace: "default" }, rb("bob-edit", "edit", "bob"));
    const budget = { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "web" }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: "web" } } } };
    expect((await user("alice").list({ resource: "poddisruptionbudgets", namespace: "default" })).items).toEqual([]);
    const err = await rejection(user("alice").create({ resource: "poddisruptionbudgets", namespace: "default" }, budget));
    expect(err.message).toBe('poddisruptionbudgets.policy is forbidden: User "alice" cannot create resource "poddisruptionbudgets" in API group "policy" in the namespace "default"');
    await user("bob").create({ resource: "poddisruptionbudgets", namespace: "default" }, budget);
    const seen = await user("system:kube-scheduler").list({ resource: "poddisruptionbudgets" });
    expect(seen.items.map((p) => p.metadata?.name)).toEqual(["web"]);
  });
});
