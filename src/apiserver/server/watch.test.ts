import { describe, expect, it } from "vitest";
import { MvccStore } from "../../etcd/mvcc/mvcc-store";
import { VirtualClock } from "../../sim/virtual-clock";
import { CachedStorage } from "../storage/cached-storage";
import { EtcdStore } from "../storage/etcd-store";
import { MvccKV } from "../storage/mvcc-kv";
import type { KubeObject } from "../types";
import type { ClientWatchEvent as WatchEvent } from "../client/api-client";
import { newServer, pod, T0 } from "./server.test-util";
import type { Table } from "./table";

describe("watch", () => {
  it("a watch from a list's resourceVersion sees every later change, in order", async () => {
    const { admin } = await newServer();
    const list = await admin.list({ resource: "pods", namespace: "default" });
    const events: string[] = [];
    await admin.watch({ resource: "pods", namespace: "default" }, { resourceVersion: list.metadata.resourceVersion! }, (e) => {
      events.push(`${e.type} ${e.object.metadata?.name ?? ""}`);
    });
    await admin.create({ resource: "pods", namespace: "default" }, pod("web"));
    await admin.patch({ resource: "pods", namespace: "default", name: "web" }, { metadata: { labels: { a: "b" } } });
    await admin.delete({ resource: "pods", namespace: "default", name: "web" }, { gracePeriodSeconds: 0 });
    expect(events).toEqual(["ADDED web", "MODIFIED web", "DELETED web"]);
  });

  it("events carry apiVersion and kind, and a label selector filters them", async () => {
    const { admin } = await newServer();
    const events: WatchEvent[] = [];
    await admin.watch({ resource: "pods", namespace: "default" }, { labelSelector: "app=web", resourceVersion: "0" }, (e) => events.push(e));
    await admin.create({ resource: "pods", namespace: "default" }, pod("db", { metadata: { labels: { app: "db" } } }));
    await admin.create({ resource: "pods", namespace: "default" }, pod("web", { metadata: { labels: { app: "web" } } }));
    expect(events.map((e) => [e.type, e.object.kind, e.object.apiVersion, e.object.metadata?.name])).toEqual([["ADDED", "Pod", "v1", "web"]]);
  });

  it("a watch from a compacted resourceVersion gets ERROR 410 Expired, then ends", async () => {
    const clock = new VirtualClock(T0);
    const storage = new CachedStorage(new EtcdStore(new MvccKV(new MvccStore())), { clock, watchCacheCapacity: 5 });
    const { admin } = await newServer({ storage });
    const first = await admin.create<KubeObject>({ resource: "configmaps", namespace: "default" }, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c0" } });
    for (let i = 1; i <= 8; i++) await admin.create({ resource: "configmaps", namespace: "default" }, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `c${i}` } });
    const events: WatchEvent[] = [];
    let ended = false;
    await admin.watch({ resource: "configmaps", namespace: "default" }, { resourceVersion: first.metadata!.resourceVersion! }, (e) => events.push(e), () => { ended = true; });
    expect(events).toHaveLength(1);
    expect(events[0]!.type).toBe("ERROR");
    expect(events[0]!.object).toMatchObject({ kind: "Status", code: 410, reason: "Expired" });
    expect(ended).toBe(true);
    storage.stop();
  });

  it("timeoutSeconds ends the watch on the server's clock", async () => {
    const { admin, clock } = await newServer();
    let ended = false;
    await admin.watch({ resource: "pods" }, { timeoutSeconds: 10 }, () => undefined, () => { ended = true; });
    clock.advance(9_000);
    expect(ended).toBe(false);
    clock.advance(1_000);
    expect(ended).toBe(true);
  });

  it("allowWatchBookmarks brings a BOOKMARK with the current resourceVersion every minute", async () => {
    const { admin, clock } = await newServer();
    const created = await admin.create<KubeObject>({ resource: "pods", namespace: "default" }, pod("web"));
    const events: WatchEvent[] = [];
    await admin.watch({ resource: "pods", namespace: "default" }, { resourceVersion: created.metadata!.resourceVersion!, allowWatchBookmarks: true }, (e) => events.push(e));
    clock.advance(60_000);
    expect(events.map((e) => e.type)).toEqual(["BOOKMARK"]);
    expect(events[0]!.object).toEqual({ kind: "Pod", apiVersion: "v1", metadata: { resourceVersion: created.metadata!.resourceVersion } });
  });

  it("kubectl get -w: each event's object is a one-row Table", async () => {
    const { admin, server } = await newServer();
    const res = await server.handle({
      method: "GET", path: "/api/v1/namespaces/default/pods", query: { watch: "true", resourceVersion: "0" },
      headers: { Accept: "application/json;as=Table;v=v1;g=meta.k8s.io,application/json" }, peerCertificate: admin.identity.peerCertificate!,
    });
    expect(res.status).toBe(200);
    const events: { type: string; object: unknown }[] = [];
    res.stream!.subscribe((e) => events.push(e), () => undefined);
    await admin.create({ resource: "pods", namespace: "default" }, pod("web"));
    const table = events[0]!.object as Table;
    expect(events[0]!.type).toBe("ADDED");
    expect(table.kind).toBe("Table");
    expect(table.rows.map((r) => r.cells.slice(0, 3))).toEqual([["web", "0/1", "Pending"]]);
  });

  it("a watch with a bad label selector is refused with 400 before it starts", async () => {
    const { admin } = await newServer();
    const res = await admin.request("GET", "/api/v1/pods", { query: { watch: "true", labelSelector: "a in (" } });
    expect(res.status).toBe(400);
    expect(res.stream).toBeUndefined();
  });
});
