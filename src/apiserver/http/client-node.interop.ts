// @kubernetes/client-node 1.4.0 (the JavaScript client, built like client-go) against the
// course's API server over HTTPS: typed calls, and an informer that lists, then watches from
// the list's resourceVersion, as every controller does.
import { CoreV1Api, KubeConfig, makeInformer, type V1Pod } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInteropCluster } from "./interop-cluster.interop-util";
import type { TestCluster } from "./test-cluster.interop-util";

let cluster: TestCluster;
let kc: KubeConfig;
let core: CoreV1Api;

beforeAll(async () => {
  cluster = await startInteropCluster();
  kc = new KubeConfig();
  kc.loadFromFile(cluster.serving.kubeconfigPath);
  core = kc.makeApiClient(CoreV1Api);
});

afterAll(async () => {
  await cluster?.stop();
});

const pod = (name: string): V1Pod => ({
  apiVersion: "v1", kind: "Pod", metadata: { name, labels: { app: name } },
  spec: { containers: [{ name: "main", image: "nginx:1.27" }] },
});

/** Resolves with the first value `register` hands its callback, or rejects after `ms`. */
function nextCall<T>(register: (cb: (value: T) => void) => void, what: string, ms = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
    register((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

describe("@kubernetes/client-node", () => {
  it("lists namespaces and creates, reads and deletes a pod with the typed client", async () => {
    const namespaces = await core.listNamespace();
    expect(namespaces.items.map((n) => n.metadata?.name)).toContain("default");
    const created = await core.createNamespacedPod({ namespace: "default", body: pod("typed") });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    const read = await core.readNamespacedPod({ name: "typed", namespace: "default" });
    expect(read.spec?.containers[0]?.image).toBe("nginx:1.27");
    await core.deleteNamespacedPod({ name: "typed", namespace: "default" });
  });

  it("reports a server error as an ApiException carrying the Status", async () => {
    await expect(core.readNamespacedPod({ name: "missing", namespace: "default" })).rejects.toMatchObject({
      code: 404,
      body: expect.stringContaining('pods \\"missing\\" not found'),
    });
  });

  it("an informer over pods fires add when a pod is created and delete when it is deleted", async () => {
    await core.createNamespacedPod({ namespace: "default", body: pod("before") });
    const informer = makeInformer<V1Pod>(kc, "/api/v1/namespaces/default/pods", () => core.listNamespacedPod({ namespace: "default" }));
    const errors: unknown[] = [];
    informer.on("error", (err) => errors.push(err));
    const seen: string[] = [];
    informer.on("add", (p) => seen.push(`add ${p.metadata?.name}`));
    informer.on("delete", (p) => seen.push(`delete ${p.metadata?.name}`));
    try {
      // The list: the pod that already exists is added first.
      const listed = nextCall<V1Pod>((cb) => informer.on("add", cb), "add from the list");
      await informer.start();
      expect((await listed).metadata?.name).toBe("before");
      expect(informer.list("default").map((p) => p.metadata?.name)).toEqual(["before"]);

      // The watch: a new pod, then its deletion.
      const added = nextCall<V1Pod>((cb) => informer.on("add", (p) => p.metadata?.name === "informed" && cb(p)), "add of pod informed");
      await core.createNamespacedPod({ namespace: "default", body: pod("informed") });
      expect((await added).metadata?.labels).toEqual({ app: "informed" });
      const deleted = nextCall<V1Pod>((cb) => informer.on("delete", (p) => p.metadata?.name === "informed" && cb(p)), "delete of pod informed");
      await core.deleteNamespacedPod({ name: "informed", namespace: "default" });
      expect((await deleted).metadata?.name).toBe("informed");
      expect(seen).toEqual(["add before", "add informed", "delete informed"]);
      expect(errors).toEqual([]);
    } finally {
      await informer.stop();
      await core.deleteNamespacedPod({ name: "before", namespace: "default" });
    }
  });
});
