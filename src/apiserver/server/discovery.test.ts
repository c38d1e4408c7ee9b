import { describe, expect, it } from "vitest";
import { newServer } from "./server.test-util";

const aggregatedAccept = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

describe("discovery, as kubectl v1.32 asks for it", () => {
  it("/api lists the core version v1", async () => {
    const { admin } = await newServer();
    const res = await admin.request("GET", "/api", { headers: { Accept: aggregatedAccept } });
    expect(res.status).toBe(200);
    expect(res.headers["Content-Type"]).toBe("application/json");
    expect(res.body).toEqual({ kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: "127.0.0.1:6443" }] });
  });

  it("/apis lists every group with its preferred version", async () => {
    const { admin } = await newServer();
    const body = (await admin.request("GET", "/apis", { headers: { Accept: aggregatedAccept } })).body as { kind: string; groups: { name: string; preferredVersion: unknown }[] };
    expect(body.kind).toBe("APIGroupList");
    expect(body.groups.map((g) => g.name)).toEqual([
      "apps", "authorization.k8s.io", "batch", "coordination.k8s.io", "policy", "rbac.authorization.k8s.io", "scheduling.k8s.io", "storage.k8s.io",
      "admissionregistration.k8s.io",
    ]);
    expect(body.groups[0]).toEqual({ name: "apps", versions: [{ groupVersion: "apps/v1", version: "v1" }], preferredVersion: { groupVersion: "apps/v1", version: "v1" } });
  });

  it("/api/v1 reports pods as kubectl api-resources prints them, with their subresources", async () => {
    const { admin } = await newServer();
    const body = (await admin.request("GET", "/api/v1")).body as { resources: Record<string, unknown>[] };
    expect(body.resources.find((r) => r["name"] === "pods")).toEqual({
      name: "pods", singularName: "pod", namespaced: true, kind: "Pod",
      verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"], shortNames: ["po"], categories: ["all"],
    });
    expect(body.resources.find((r) => r["name"] === "pods/eviction")).toEqual({
      name: "pods/eviction", singularName: "", namespaced: true, group: "policy", version: "v1", kind: "Eviction", verbs: ["create"],
    });
    expect(body.resources.find((r) => r["name"] === "pods/binding")).toMatchObject({ kind: "Binding", verbs: ["create"] });
  });

  it("/apis/apps/v1 reports deployments/scale as an autoscaling/v1 Scale", async () => {
    const { admin } = await newServer();
    const body = (await admin.request("GET", "/apis/apps/v1")).body as { groupVersion: string; resources: Record<string, unknown>[] };
    expect(body.groupVersion).toBe("apps/v1");
    expect(body.resources.find((r) => r["name"] === "deployments/scale")).toMatchObject({ group: "autoscaling", version: "v1", kind: "Scale", verbs: ["get", "patch", "update"] });
    expect(body.resources.find((r) => r["name"] === "deployments")).toMatchObject({ shortNames: ["deploy"], categories: ["all"] });
  });

  it("/version answers a v1.32 version.Info, even to anonymous users", async () => {
    const { server } = await newServer();
    const res = await server.handle({ method: "GET", path: "/version" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ major: "1", minor: "32", gitVersion: "v1.32.0-course", platform: "linux/amd64" });
  });

  it("anonymous users may not read discovery: 403 on the path, as upstream's system:discovery is for authenticated users", async () => {
    const { server } = await newServer();
    const res = await server.handle({ method: "GET", path: "/apis" });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ message: 'forbidden: User "system:anonymous" cannot get path "/apis"' });
  });

  it("serves the OpenAPI documents kubectl validates against", async () => {
    const { admin } = await newServer();
    const v2 = await admin.request("GET", "/openapi/v2");
    expect(v2.status).toBe(200);
    expect((v2.body as { swagger: string }).swagger).toBe("2.0");
    const v3 = (await admin.request("GET", "/openapi/v3")).body as { paths: Record<string, { serverRelativeURL: string }> };
    const apps = v3.paths["apis/apps/v1"]!.serverRelativeURL;
    expect((await admin.request("GET", apps.split("?")[0]!)).status).toBe(200);
  });

  it("an unknown group is 404", async () => {
    const { admin } = await newServer();
    expect((await admin.request("GET", "/apis/example.com")).status).toBe(404);
  });
});
