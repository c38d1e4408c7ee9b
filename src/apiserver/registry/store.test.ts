import { describe, expect, it } from "vitest";
import { newAlreadyExists, StatusError } from "../../api/status";
import { MvccStore } from "../../etcd/mvcc/mvcc-store";
import { Rng } from "../../sim/rng";
import { VirtualClock } from "../../sim/virtual-clock";
import { EtcdStore, MvccKV, type Storage } from "../storage";
import type { KubeObject } from "../types";
import { DEFAULT_POD_GRACE_PERIOD_SECONDS, MAX_REQUEST_BODY_BYTES, Registry } from "./store";

function setup(resource: "pods" | "configmaps" | "nodes" = "pods") {
  const clock = new VirtualClock(Date.parse("2026-01-01T00:00:00Z"));
  const storage: Storage = new EtcdStore(new MvccKV(new MvccStore()));
  const kinds = { pods: "Pod", configmaps: "ConfigMap", nodes: "Node" };
  const registry = new Registry({
    storage, resource, kind: kinds[resource], namespaced: resource !== "nodes", clock, rng: new Rng(7),
    ...(resource === "pods" ? { defaultGracePeriodSeconds: DEFAULT_POD_GRACE_PERIOD_SECONDS } : {}),
  });
  return { clock, storage, registry };
}

const pod = (name: string, extra: Partial<KubeObject["metadata"]> = {}): KubeObject => ({
  apiVersion: "v1", kind: "Pod",
  metadata: { name, ...extra },
  spec: { nodeName: "node-1", containers: [{ name: "app", image: "nginx" }] },
});

async function statusOf(p: Promise<unknown>): Promise<StatusError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof StatusError) return err;
    throw err;
  }
  throw new Error("expected a StatusError");
}

describe("create", () => {
  it("stamps uid, creationTimestamp from the clock, generation 1 and the store's resourceVersion", async () => {
    const { registry } = setup();
    const created = await registry.create("default", pod("web"));
    expect(created.metadata).toMatchObject({
      name: "web", namespace: "default", generation: 1, creationTimestamp: "2026-01-01T00:00:00Z", resourceVersion: "2",
    });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await registry.get("default", "web")).toEqual(created);
  });

  it("names an object from generateName with five random characters from the Rng", async () => {
    const { registry } = setup();
    const created = await registry.create("default", { metadata: { generateName: "web-" }, spec: {} });
    expect(created.metadata?.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it("draws another name when a generated one is taken (KEP-4420), so the create succeeds", async () => {
    const { registry, storage, clock } = setup();
    const twin = new Registry({ ...registry.options, storage, clock, rng: new Rng(7) }); // same seed: same first name
    const first = await registry.create("default", { metadata: { generateName: "web-" }, spec: {} });
    const second = await twin.create("default", { metadata: { generateName: "web-" }, spec: {} });
    expect(second.metadata?.name).toMatch(/^web-\w{5}$/);
    expect(second.metadata?.name).not.toBe(first.metadata?.name);
  });

  it("gives up after 8 taken names with upstream's generateName conflict, so the client retries later", async () => {
    const { registry, storage } = setup();
    let attempts = 0;
    const full: Storage = {
      ...storage,
      create: async (key) => {
        attempts++;
        throw newAlreadyExists({ group: "", resource: "pods" }, key);
      },
    };
    const crowded = new Registry({ ...registry.options, storage: full });
    const err = await statusOf(crowded.create("default", { metadata: { generateName: "web-" }, spec: {} }));
    expect(attempts).toBe(8);
    expect(err.code).toBe(409);
    expect(err.message).toMatch(/^pods "web-\w{5}" already exists, the server was not able to generate a unique name for the object$/);
    expect(err.status.details?.retryAfterSeconds).toBe(1);
  });

  it("refuses an object without name or generateName with 422", async () => {
    const { registry } = setup();
    const err = await statusOf(registry.create("default", { metadata: {} }));
    expect(err.code).toBe(422);
    expect(err.message).toBe('Pod "" is invalid: metadata.name: Required value: name or generateName is required');
  });

  it("answers a second create of the same name with 409 AlreadyExists", async () => {
    const { registry } = setup();
    await registry.create("default", pod("web"));
    const err = await statusOf(registry.create("default", pod("web")));
    expect(err.code).toBe(409);
    expect(err.message).toBe('pods "web" already exists');
  });

  it("keeps cluster-scoped objects out of namespaces", async () => {
    const { registry, storage } = setup("nodes");
    await registry.create("", { metadata: { name: "node-1", namespace: "ignored" } });
    expect(await storage.get("/registry/nodes/node-1")).toBeDefined();
  });

  it("refuses a body over 3 MiB with 413", async () => {
    const { registry } = setup("configmaps");
    const err = await statusOf(registry.create("default", { metadata: { name: "big" }, data: { x: "a".repeat(MAX_REQUEST_BODY_BYTES) } }));
    expect(err.code).toBe(413);
    expect(err.message).toBe(`Request entity too large: limit is ${MAX_REQUEST_BODY_BYTES}`);
  });
});

describe("list", () => {
  it("lists one namespace or all of them, as a PodList at the store's revision", async () => {
    const { registry } = setup();
    await registry.create("a", pod("one"));
    await registry.create("b", pod("two"));
    const all = await registry.list("");
    expect(all.kind).toBe("PodList");
    expect(all.items.map((p) => p.metadata?.name)).toEqual(["one", "two"]);
    expect(all.metadata.resourceVersion).toBe("3");
    expect((await registry.list("b")).items.map((p) => p.metadata?.name)).toEqual(["two"]);
  });
});

describe("update", () => {
  it("refuses a write from a stale resourceVersion with upstream's 409 message", async () => {
    const { registry } = setup();
    const read = await registry.create("default", pod("web"));
    await registry.update("default", "web", { ...read, metadata: { ...read.metadata, labels: { by: "alice" } } });
    const err = await statusOf(registry.update("default", "web", { ...read, metadata: { ...read.metadata, labels: { by: "bob" } } }));
    expect(err.code).toBe(409);
    expect(err.message).toBe(
      'Operation cannot be fulfilled on pods "web": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it("increments generation only when spec changes", async () => {
    const { registry } = setup();
    const v1 = await registry.create("default", pod("web"));
    const labelled = await registry.update("default", "web", { ...v1, metadata: { ...v1.metadata, labels: { a: "b" } } });
    expect(labelled.metadata?.generation).toBe(1);
    const respec = await registry.update("default", "web", { ...labelled, spec: { nodeName: "node-1", containers: [{ name: "app", image: "nginx:2" }] } });
    expect(respec.metadata?.generation).toBe(2);
  });

  it("refuses a changed uid with 422 and keeps the stored creationTimestamp (rest.BeforeUpdate ignores changes to it)", async () => {
    const { registry } = setup();
    const v1 = await registry.create("default", pod("web"));
    const err = await statusOf(registry.update("default", "web", { ...v1, metadata: { ...v1.metadata, uid: "other" } }));
    expect(err.code).toBe(422);
    expect(err.message).toBe('Pod "web" is invalid: metadata.uid: Invalid value: "other": field is immutable');
    const v2 = await registry.update("default", "web", { ...v1, metadata: { ...v1.metadata, creationTimestamp: "2000-01-01T00:00:00Z" } });
    expect(v2.metadata?.creationTimestamp).toBe(v1.metadata?.creationTimestamp);
  });

  it("refuses a name that differs from the URL with 400", async () => {
    const { registry } = setup();
    const v1 = await registry.create("default", pod("web"));
    const err = await statusOf(registry.update("default", "web", { ...v1, metadata: { ...v1.metadata, name: "api" } }));
    expect(err.code).toBe(400);
    expect(err.message).toBe("the name of the object (api) does not match the name on the URL (web)");
  });
});

describe("patch", () => {
  it("applies a strategic merge patch to the stored object", async () => {
    const { registry } = setup();
    await registry.create("default", pod("web"));
    const out = await registry.patch("default", "web", "application/strategic-merge-patch+json", '{"spec":{"containers":[{"name":"app","image":"nginx:2"}]}}');
    expect(out["spec"]).toEqual({ nodeName: "node-1", containers: [{ name: "app", image: "nginx:2" }] });
    expect(out.metadata?.generation).toBe(2);
  });

  it("succeeds after another writer changed the object, since it patches what it reads", async () => {
    const { registry } = setup();
    const v1 = await registry.create("default", pod("web"));
    await registry.update("default", "web", { ...v1, metadata: { ...v1.metadata, labels: { a: "1" } } });
    const out = await registry.patch("default", "web", "application/merge-patch+json", '{"metadata":{"labels":{"b":"2"}}}');
    expect(out.metadata?.labels).toEqual({ a: "1", b: "2" });
  });

  it("is refused with 409 when the patch carries a stale resourceVersion", async () => {
    const { registry } = setup();
    const v1 = await registry.create("default", pod("web"));
    await registry.update("default", "web", { ...v1, metadata: { ...v1.metadata, labels: { a: "1" } } });
    const body = JSON.stringify({ metadata: { resourceVersion: v1.metadata?.resourceVersion, labels: { b: "2" } } });
    expect((await statusOf(registry.patch("default", "web", "application/merge-patch+json", body))).code).toBe(409);
  });

  it("answers an unknown content type with 415 and leaves the object unchanged", async () => {
    const { registry } = setup();
    const v1 = await registry.create("default", pod("web"));
    expect((await statusOf(registry.patch("default", "web", "text/plain", "{}"))).code).toBe(415);
    expect(await registry.get("default", "web")).toEqual(v1);
  });

  it("answers a patch of a missing object with 404", async () => {
    const { registry } = setup();
    const err = await statusOf(registry.patch("default", "nope", "application/merge-patch+json", "{}"));
    expect(err.message).toBe('pods "nope" not found');
  });
});

describe("delete", () => {
  it("deletes an object without finalizers at once", async () => {
    const { registry } = setup("configmaps");
    await registry.create("default", { metadata: { name: "cfg" } });
    const result = await registry.delete("default", "cfg");
    expect(result.deleted).toBe(true);
    expect((await statusOf(registry.get("default", "cfg"))).code).toBe(404);
  });

  it("keeps an object with finalizers, marked with deletionTimestamp, until an update removes the last one", async () => {
    const { registry, clock } = setup("configmaps");
    await registry.create("default", { metadata: { name: "cfg", finalizers: ["example.com/a", "example.com/b"] } });
    clock.advance(5_000);
    const marked = await registry.delete("default", "cfg");
    expect(marked.deleted).toBe(false);
    expect(marked.object.metadata).toMatchObject({ deletionTimestamp: "2026-01-01T00:00:05Z", deletionGracePeriodSeconds: 0 });

    // A second delete changes nothing; a finalizer cannot be added while deleting.
    expect((await registry.delete("default", "cfg")).object.metadata?.resourceVersion).toBe(marked.object.metadata?.resourceVersion);
    const current = await registry.get("default", "cfg");
    const err = await statusOf(registry.update("default", "cfg", { ...current, metadata: { ...current.metadata, finalizers: ["example.com/a", "example.com/b", "c"] } }));
    expect(err.code).toBe(422);
    expect(err.message).toContain('no new finalizers can be added if the object is being deleted, found new finalizers []string{"c"}');

    const one = await registry.patch("default", "cfg", "application/strategic-merge-patch+json", '{"metadata":{"$deleteFromPrimitiveList/finalizers":["example.com/a"]}}');
    expect(one.metadata?.finalizers).toEqual(["example.com/b"]);
    expect(await registry.get("default", "cfg")).toBeDefined();
    await registry.patch("default", "cfg", "application/merge-patch+json", '{"metadata":{"finalizers":null}}');
    expect((await statusOf(registry.get("default", "cfg"))).code).toBe(404);
  });

  it("deletes a pod gracefully: deletionTimestamp is now + 30s, and the kubelet's grace-0 delete removes it", async () => {
    const { registry, clock } = setup();
    await registry.create("default", pod("web"));
    const marked = await registry.delete("default", "web");
    expect(marked.deleted).toBe(false);
    expect(marked.object.metadata).toMatchObject({ deletionTimestamp: "2026-01-01T00:00:30Z", deletionGracePeriodSeconds: 30, generation: 2 });

    clock.advance(30_000);
    expect(await registry.get("default", "web")).toBeDefined(); // nothing in the registry deletes on a timer
    const done = await registry.delete("default", "web", { gracePeriodSeconds: 0 });
    expect(done.deleted).toBe(true);
    expect((await statusOf(registry.get("default", "web"))).code).toBe(404);
  });

  it("shortens a pending grace period, and does not lengthen it", async () => {
    const { registry, clock } = setup();
    await registry.create("default", pod("web"));
    await registry.delete("default", "web");
    clock.advance(2_000);
    expect((await registry.delete("default", "web", { gracePeriodSeconds: 60 })).object.metadata?.deletionGracePeriodSeconds).toBe(30);
    const shorter = await registry.delete("default", "web", { gracePeriodSeconds: 10 });
    expect(shorter.object.metadata).toMatchObject({ deletionTimestamp: "2026-01-01T00:00:10Z", deletionGracePeriodSeconds: 10 });
  });

  it("uses spec.terminationGracePeriodSeconds, and deletes an unscheduled pod at once", async () => {
    const { registry } = setup();
    await registry.create("default", { ...pod("slow"), spec: { nodeName: "n", terminationGracePeriodSeconds: 120 } });
    expect((await registry.delete("default", "slow")).object.metadata?.deletionGracePeriodSeconds).toBe(120);
    await registry.create("default", { metadata: { name: "pending" }, spec: {} });
    expect((await registry.delete("default", "pending")).deleted).toBe(true);
  });

  it("deletes a pod at once with gracePeriodSeconds=0 (kubectl delete --force --grace-period=0)", async () => {
    const { registry } = setup();
    await registry.create("default", pod("web"));
    expect((await registry.delete("default", "web", { gracePeriodSeconds: 0 })).deleted).toBe(true);
  });

  it("refuses a delete whose uid precondition does not match with 409", async () => {
    const { registry } = setup("configmaps");
    await registry.create("default", { metadata: { name: "cfg" } });
    const err = await statusOf(registry.delete("default", "cfg", { preconditions: { uid: "other" } }));
    expect(err.code).toBe(409);
  });
});

describe("update hooks", () => {
  it("an update's transform sees the stored object, and its result is what is written", async () => {
    const { registry } = setup("configmaps");
    await registry.create("default", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { a: "1" }, status: { kept: true } });
    const seen: unknown[] = [];
    const out = await registry.update("default", "c", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { a: "2" } }, {
      transform: (updated, current) => {
        seen.push(current["status"]);
        return { ...updated, status: current["status"] }; // a status-subresource style strategy
      },
    });
    expect(seen).toEqual([{ kept: true }]);
    expect(out).toMatchObject({ data: { a: "2" }, status: { kept: true } });
  });

  it("a patch's transform runs on the patched object and may refuse it: nothing is written", async () => {
    const { registry } = setup("configmaps");
    const created = await registry.create("default", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { a: "1" } });
    const err = await statusOf(registry.patch("default", "c", "application/merge-patch+json", '{"data":{"a":"bad"}}', {
      transform: (patched) => {
        if ((patched["data"] as { a: string }).a === "bad") throw new StatusError({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", code: 403, reason: "Forbidden", message: "no" });
        return patched;
      },
    }));
    expect(err.code).toBe(403);
    expect(await registry.get("default", "c")).toEqual(created);
  });
});
