import { describe, expect, it } from "vitest";
import { MvccStore } from "../../etcd/mvcc/mvcc-store";
import { StatusError } from "../../api/status";
import { VirtualClock } from "../../sim/virtual-clock";
import { newServer, pod, T0 } from "../server/server.test-util";
import { CachedStorage } from "../storage/cached-storage";
import { EtcdStore } from "../storage/etcd-store";
import { MvccKV } from "../storage/mvcc-kv";
import type { KubeObject } from "../types";
import { ApiClient, resourcePath } from "./api-client";
import { Informer } from "./informer";

describe("ApiClient", () => {
  it("builds upstream's paths from resource names alone", () => {
    expect(resourcePath({ resource: "pods", namespace: "default", name: "web", subresource: "status" })).toBe("/api/v1/namespaces/default/pods/web/status");
    expect(resourcePath({ resource: "deployments", namespace: "prod" })).toBe("/apis/apps/v1/namespaces/prod/deployments");
    expect(resourcePath({ resource: "clusterroles", name: "view" })).toBe("/apis/rbac.authorization.k8s.io/v1/clusterroles/view");
  });

  it("throws the server's Status as a StatusError", async () => {
    const { admin } = await newServer();
    await expect(admin.get({ resource: "pods", namespace: "default", name: "nope" })).rejects.toSatisfy(
      (e: unknown) => e instanceof StatusError && e.code === 404 && e.message === 'pods "nope" not found',
    );
  });

  it("authenticates with a static token, and is anonymous without a credential", async () => {
    const { server } = await newServer({ authentication: { tokens: "s3cret,alice,1001,\"dev\"\n" } });
    const alice = ApiClient.withToken(server, "s3cret");
    const review = await alice.create<{ status: { allowed: boolean } }>({ resource: "selfsubjectaccessreviews" }, {
      apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec: { resourceAttributes: { verb: "list", resource: "pods", namespace: "default" } },
    });
    expect(review.status.allowed).toBe(false);
    const bad = await ApiClient.withToken(server, "wrong").request("GET", "/version");
    expect(bad.status).toBe(401);
    expect((await new ApiClient(server).request("GET", "/healthz")).status).toBe(200);
  });
});

describe("Informer", () => {
  it("lists, then follows the watch: add, update and delete handlers fire in order", async () => {
    const { admin, clock } = await newServer();
    await admin.create({ resource: "pods", namespace: "default" }, pod("a"));
    const seen: string[] = [];
    const informer = new Informer(admin, { resource: "pods" }, { clock });
    informer.on({
      add: (p) => seen.push(`add ${p.metadata?.name}`),
      update: (_o, n) => seen.push(`update ${n.metadata?.name}`),
      delete: (p) => seen.push(`delete ${p.metadata?.name}`),
    });
    await informer.start();
    expect(informer.hasSynced).toBe(true);
    await admin.create({ resource: "pods", namespace: "default" }, pod("b"));
    await admin.patch({ resource: "pods", namespace: "default", name: "a" }, { metadata: { labels: { x: "y" } } });
    await admin.delete({ resource: "pods", namespace: "default", name: "b" }, { gracePeriodSeconds: 0 });
    expect(seen).toEqual(["add a", "add b", "update a", "delete b"]);
    expect([...informer.store.keys()]).toEqual(["default/a"]);
    expect(informer.get("default", "a")?.kind).toBe("Pod");
    informer.stop();
  });

  it("re-lists after a 410 Expired and reports what changed while it was away", async () => {
    const clock = new VirtualClock(T0);
    const storage = new CachedStorage(new EtcdStore(new MvccKV(new MvccStore())), { clock, watchCacheCapacity: 3 });
    const { admin, server } = await newServer({ storage, clock });
    // A connection that can be held: watch requests wait while `held` is set, as if the network were down.
    let release: () => void = () => undefined;
    let held: Promise<void> | undefined;
    const flaky = { handle: async (req: Parameters<typeof server.handle>[0]) => {
      if (req.query?.["watch"] === "true" && held !== undefined) await held;
      return server.handle(req);
    } };
    const client = new ApiClient(flaky, admin.identity);
    const informer = new Informer<KubeObject>(client, { resource: "configmaps", namespace: "default" }, { clock });
    const seen: string[] = [];
    informer.on({ add: (c) => seen.push(`add ${c.metadata?.name}`) });
    await informer.start();
    held = new Promise((r) => { release = r; });
    clock.advance(3600_000); // the server ends the watch (30 to 60 minutes); the re-watch is held
    for (let i = 0; i < 6; i++) await admin.create({ resource: "configmaps", namespace: "default" }, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `c${i}` } });
    held = undefined;
    release();
    for (let i = 0; i < 50 && informer.lists < 2; i++) await new Promise((r) => setImmediate(r));
    expect(informer.lists).toBe(2);
    expect(seen).toEqual(["add c0", "add c1", "add c2", "add c3", "add c4", "add c5"]);
    informer.stop();
    server.stop();
  });
});
