import { describe, expect, it } from "vitest";
import type { KubeObject } from "../types";
import { humanDuration } from "./table";
import { newServer, pod } from "./server.test-util";
import type { Table } from "./table";

const kubectlAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

describe("Table output for kubectl get", () => {
  it("kubectl's Table request for pods gets READY 0/1 and STATUS Pending, and AGE from the clock", async () => {
    const { admin, clock } = await newServer();
    await admin.create({ resource: "pods", namespace: "default" }, pod("web"));
    clock.advance(5 * 60_000);
    const res = await admin.request("GET", "/api/v1/namespaces/default/pods", { headers: { Accept: kubectlAccept } });
    const table = res.body as Table;
    expect(table.kind).toBe("Table");
    expect(table.apiVersion).toBe("meta.k8s.io/v1");
    expect(table.columnDefinitions.map((c) => [c.name, c.priority])).toEqual([
      ["Name", 0], ["Ready", 0], ["Status", 0], ["Restarts", 0], ["Age", 0], ["IP", 1], ["Node", 1], ["Nominated Node", 1], ["Readiness Gates", 1],
    ]);
    expect(table.rows[0]!.cells).toEqual(["web", "0/1", "Pending", "0", "5m", "<none>", "<none>", "<none>", "<none>"]);
    expect(table.rows[0]!.object).toMatchObject({ kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: { name: "web" } });
    expect(table.metadata.resourceVersion).toMatch(/^\d+$/);
  });

  it("a running pod with restarts shows Running, 1/1 and '2 (3m ago)'", async () => {
    const { admin, clock } = await newServer();
    await admin.create({ resource: "pods", namespace: "default" }, pod("web"));
    const finished = new Date(clock.now()).toISOString().replace(/\.\d+Z$/, "Z");
    await admin.patch({ resource: "pods", namespace: "default", name: "web", subresource: "status" }, {
      status: {
        phase: "Running", podIPs: [{ ip: "10.0.0.7" }],
        containerStatuses: [{ name: "app", ready: true, restartCount: 2, state: { running: {} }, lastState: { terminated: { exitCode: 1, finishedAt: finished } } }],
      },
    });
    clock.advance(3 * 60_000);
    const table = (await admin.request("GET", "/api/v1/namespaces/default/pods/web", { headers: { Accept: kubectlAccept } })).body as Table;
    expect(table.rows[0]!.cells.slice(0, 6)).toEqual(["web", "1/1", "Running", "2 (3m ago)", "3m", "10.0.0.7"]);
  });

  it("nodes print NAME STATUS ROLES AGE VERSION", async () => {
    const { admin } = await newServer();
    await admin.create({ resource: "nodes" }, {
      apiVersion: "v1", kind: "Node", metadata: { name: "node-1", labels: { "node-role.kubernetes.io/control-plane": "" } },
      status: { conditions: [{ type: "Ready", status: "True" }], nodeInfo: { kubeletVersion: "v1.32.0" } },
    });
    const table = (await admin.request("GET", "/api/v1/nodes", { headers: { Accept: kubectlAccept } })).body as Table;
    expect(table.columnDefinitions.filter((c) => c.priority === 0).map((c) => c.name)).toEqual(["Name", "Status", "Roles", "Age", "Version"]);
    expect(table.rows[0]!.cells.slice(0, 5)).toEqual(["node-1", "Ready", "control-plane", "0s", "v1.32.0"]);
  });

  it("deployments print NAME READY UP-TO-DATE AVAILABLE AGE", async () => {
    const { admin } = await newServer();
    await admin.create({ resource: "deployments", namespace: "default" }, {
      apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" },
      spec: { replicas: 2, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "app", image: "nginx" }] } } },
    });
    const table = (await admin.request("GET", "/apis/apps/v1/namespaces/default/deployments", { headers: { Accept: kubectlAccept } })).body as Table;
    expect(table.rows[0]!.cells).toEqual(["web", "0/2", 0, 0, "0s", "app", "nginx", "app=web"]);
  });

  it("namespaces print NAME STATUS AGE", async () => {
    const { admin } = await newServer();
    const table = (await admin.request("GET", "/api/v1/namespaces/default", { headers: { Accept: kubectlAccept } })).body as Table;
    expect(table.columnDefinitions.map((c) => c.name)).toEqual(["Name", "Status", "Age"]);
    expect(table.rows[0]!.cells).toEqual(["default", "Active", "0s"]);
  });

  it("kinds without a printer get NAME and CREATED AT, like upstream's default convertor", async () => {
    const { admin } = await newServer();
    const table = (await admin.request("GET", "/apis/rbac.authorization.k8s.io/v1/clusterroles/view", { headers: { Accept: kubectlAccept } })).body as Table;
    expect(table.columnDefinitions.map((c) => [c.name, c.type])).toEqual([["Name", "string"], ["Created At", "date"]]);
    expect(table.rows[0]!.cells).toEqual(["view", "2026-01-02T15:04:05Z"]);
  });

  it("includeObject=Object puts the whole object in each row, None leaves it out", async () => {
    const { admin } = await newServer();
    const full = (await admin.request("GET", "/api/v1/namespaces/default", { headers: { Accept: kubectlAccept }, query: { includeObject: "Object" } })).body as Table;
    expect((full.rows[0]!.object as KubeObject).kind).toBe("Namespace");
    const none = (await admin.request("GET", "/api/v1/namespaces/default", { headers: { Accept: kubectlAccept }, query: { includeObject: "None" } })).body as Table;
    expect(none.rows[0]!.object).toBeUndefined();
  });
});

describe("humanDuration, the AGE column", () => {
  it.each([
    [0, "0s"], [-1500, "0s"], [-2500, "<invalid>"], [119_000, "119s"], [120_000, "2m"], [150_000, "2m30s"], [10 * 60_000, "10m"],
    [179 * 60_000, "179m"], [3 * 3600_000, "3h"], [3 * 3600_000 + 5 * 60_000, "3h5m"], [9 * 3600_000, "9h"], [50 * 3600_000, "2d2h"],
    [10 * 86400_000, "10d"], [800 * 86400_000, "2y70d"], [9 * 365 * 86400_000, "9y"],
  ])("%i ms prints as %s", (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});
