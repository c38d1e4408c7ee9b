// The scheduler against chapter 2's API server, on virtual time: what a user sees through the
// API (spec.nodeName, the PodScheduled condition, events) after the driver's informers, queue
// and binding requests have done their work.
import { describe, expect, it } from "vitest";
import type { Event, Node, Pod } from "kubernetes-types/core/v1";
import { ApiClient, Informer, type RequestHandler } from "../../apiserver/client";
import type { ApiRequest, ApiResponse } from "../../apiserver/pipeline/request";
import type { ApiServer } from "../../apiserver/server";
import { newServer } from "../../apiserver/server/server.test-util";
import type { VirtualClock } from "../../sim";
import { LabelTopologyZone } from "../framework/snapshot";
import { makeNode, makePod, matchLabels } from "../testing/wrappers";
import { ApiServerCluster, KubeSchedulerUser } from "./api-server";
import { InMemoryCluster } from "./in-memory";

/** Lets a test act just before the scheduler's request reaches the server, or answer it itself. */
class Interceptor implements RequestHandler {
  before: ((req: ApiRequest) => Promise<ApiResponse | undefined>) | undefined;
  constructor(private readonly server: ApiServer) {}
  async handle(req: ApiRequest): Promise<ApiResponse> {
    const hook = this.before;
    if (hook !== undefined) {
      const answer = await hook(req);
      if (answer !== undefined) return answer;
    }
    return this.server.handle(req);
  }
  /** Runs `f` once, before the first POST to pods/<name>/binding. */
  onceBeforeBinding(f: (req: ApiRequest) => Promise<ApiResponse | undefined>): void {
    this.before = async (req) => {
      if (req.method !== "POST" || !req.path.endsWith("/binding")) return undefined;
      this.before = undefined;
      return f(req);
    };
  }
}

async function newCluster(seed = 1) {
  const { server, clock, admin } = await newServer();
  const interceptor = new Interceptor(server);
  const driver = new ApiServerCluster({ client: ApiClient.forUser(interceptor, KubeSchedulerUser), clock, seed });
  await driver.start();
  const addNode = (n: Node) => admin.create({ resource: "nodes" }, n);
  const addPod = (p: Pod) => admin.create<Pod>({ resource: "pods", namespace: p.metadata?.namespace ?? "default" }, p);
  const getPod = (name: string) => admin.get<Pod>({ resource: "pods", namespace: "default", name });
  const listPods = async () => (await admin.list({ resource: "pods", namespace: "default" })).items as unknown as Pod[];
  const events = async (name: string) =>
    ((await admin.list({ resource: "events", namespace: "default" })).items as unknown as Event[]).filter((e) => e.involvedObject.name === name);
  return { server, clock, admin, driver, interceptor, addNode, addPod, getPod, listPods, events };
}

/** What a kubelet does with a pod deleted gracefully: stops it, then deletes it for good. */
async function kubeletStandIn(admin: ApiClient, clock: VirtualClock, driver: ApiServerCluster): Promise<void> {
  const terminating = new Set<string>();
  const pods = new Informer(admin, { resource: "pods" }, { clock });
  pods.on({
    update: (_old, pod) => {
      const m = pod.metadata ?? {};
      if (!m.deletionTimestamp || terminating.has(`${m.namespace}/${m.name}`)) return;
      terminating.add(`${m.namespace}/${m.name}`);
      clock.setTimer((m.deletionGracePeriodSeconds ?? 30) * 1000, () => {
        driver.waitFor(admin.delete({ resource: "pods", namespace: m.namespace ?? "", name: m.name ?? "" }, { gracePeriodSeconds: 0 }));
      }, "kubelet/terminate");
    },
  });
  await pods.start();
}

const node = (name: string, cpu = "4") => makeNode().name(name).capacity({ cpu, memory: "8Gi" }).obj();
const condition = (p: Pod, type: string) => p.status?.conditions?.find((c) => c.type === type);

describe("the scheduler against the API server", () => {
  it("binds pods through pods/binding: the API shows spec.nodeName, PodScheduled=True and a Scheduled event", async () => {
    const c = await newCluster();
    await c.addNode(node("node-1"));
    await c.addPod(makePod().name("web").req({ cpu: "500m" }).obj());
    const results = await c.driver.scheduleAll();
    expect(results.map((r) => [r.pod, r.outcome, r.nodeName])).toEqual([["default/web", "Scheduled", "node-1"]]);
    const web = await c.getPod("web");
    expect(web.spec?.nodeName).toBe("node-1");
    expect(condition(web, "PodScheduled")?.status).toBe("True");
    expect((await c.events("web")).map((e) => [e.type, e.reason, e.message])).toEqual([["Normal", "Scheduled", "Successfully assigned default/web to node-1"]]);
    expect(c.driver.bindings.map((b) => b.outcome)).toEqual(["Bound"]);
    expect(c.driver.errors).toEqual([]);
  });

  it("writes PodScheduled=False with upstream's message and a FailedScheduling event for a pod that fits nowhere", async () => {
    const c = await newCluster();
    for (const n of ["node-1", "node-2", "node-3"]) await c.addNode(node(n, "2"));
    await c.addPod(makePod().name("big").req({ cpu: "3" }).obj());
    await c.driver.scheduleAll();
    // 3 cpu is more than any node has in all: unresolvable, so preemption does not even try.
    const message = "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";
    const big = await c.getPod("big");
    expect(big.spec?.nodeName).toBeUndefined();
    expect(condition(big, "PodScheduled")).toMatchObject({ status: "False", reason: "Unschedulable", message });
    expect((await c.events("big")).map((e) => [e.type, e.reason, e.message])).toEqual([["Warning", "FailedScheduling", message]]);
    // Our own status patch came back through the watch: the pod stays in unschedulablePods.
    expect(c.driver.scheduler.queue.pendingPods().unschedulable).toEqual(["default/big"]);
    expect(c.driver.errors).toEqual([]);
  });

  it("moves the pending pod to the queue when a node is added (NodeAdd), and binds it there", async () => {
    const c = await newCluster();
    await c.addNode(node("small", "1"));
    await c.addPod(makePod().name("web").req({ cpu: "2" }).obj());
    expect((await c.driver.scheduleAll())[0]?.outcome).toBe("Unschedulable");
    await c.addNode(node("large", "8"));
    expect(c.driver.scheduler.queue.pendingPods().unschedulable).toEqual([]);
    const later = await c.driver.runFor(10_000); // the pod waits out its backoff (1 s), then binds
    expect(later.map((r) => [r.pod, r.outcome, r.nodeName])).toEqual([["default/web", "Scheduled", "large"]]);
    expect((await c.getPod("web")).spec?.nodeName).toBe("large");
    expect(c.driver.errors).toEqual([]);
  });

  it("frees the node when the pod is deleted while its binding is in flight, and does not requeue it", async () => {
    const c = await newCluster();
    await c.addNode(node("node-1"));
    await c.addPod(makePod().name("web").req({ cpu: "3" }).obj());
    c.interceptor.onceBeforeBinding(async () => {
      await c.admin.delete({ resource: "pods", namespace: "default", name: "web" }); // unscheduled: gone at once
      return undefined;
    });
    expect(c.driver.scheduleOne()?.outcome).toBe("Scheduled"); // assumed...
    expect(c.driver.snapshot.get("node-1")?.requested.milliCPU).toBe(3000);
    await c.driver.scheduleAll(); // ...the binding fails: 404
    expect(c.driver.bindings).toMatchObject([{ pod: "default/web", outcome: "Failed" }]);
    expect(c.driver.bindings[0]?.message).toContain('pods "web" not found');
    expect(c.driver.snapshot.get("node-1")?.requested.milliCPU).toBe(0);
    expect(c.driver.scheduler.queue.length).toBe(0);
    expect(c.driver.errors).toEqual([]);
  });

  it("un-assumes a pod that someone else bound first (409), and counts it where it really runs", async () => {
    const c = await newCluster();
    await c.addNode(node("node-1"));
    await c.addNode(node("node-2"));
    const web = await c.addPod(makePod().name("web").req({ cpu: "3" }).obj());
    let other = "";
    c.interceptor.onceBeforeBinding(async (req) => {
      // Someone else binds the pod to the other node just before our binding arrives.
      other = (req.body as { target: { name: string } }).target.name === "node-1" ? "node-2" : "node-1";
      const binding = { apiVersion: "v1", kind: "Binding", metadata: { name: "web", uid: web.metadata?.uid }, target: { kind: "Node", name: other } };
      await c.admin.create({ resource: "pods", namespace: "default", name: "web", subresource: "binding" }, binding);
      return undefined;
    });
    const assumedOn = c.driver.scheduleOne()!.nodeName!;
    expect(c.driver.snapshot.get(assumedOn)?.requested.milliCPU).toBe(3000);
    await c.driver.scheduleAll();
    expect(c.driver.bindings[0]).toMatchObject({ outcome: "Failed" });
    expect(c.driver.bindings[0]?.message).toBe(
      `running Bind plugin "DefaultBinder": Operation cannot be fulfilled on pods/binding "web": pod web is already assigned to node "${other}"`,
    );
    expect(c.driver.snapshot.get(assumedOn)?.requested.milliCPU).toBe(0);
    expect(c.driver.snapshot.get(other)?.requested.milliCPU).toBe(3000);
    expect(c.driver.scheduler.queue.length).toBe(0);
    expect((await c.events("web")).map((e) => e.reason)).toEqual(["FailedScheduling"]);
    expect(c.driver.errors).toEqual([]);
  });

  it("requeues with backoff a pod whose binding the server refused (500), and binds it on the retry", async () => {
    const c = await newCluster();
    await c.addNode(node("node-1"));
    await c.addPod(makePod().name("web").req({ cpu: "1" }).obj());
    c.interceptor.onceBeforeBinding(async () => ({
      status: 500, headers: {},
      body: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "etcdserver: request timed out", reason: "InternalError", code: 500 },
    }));
    await c.driver.scheduleAll();
    expect(c.driver.scheduler.queue.pendingPods().backoff).toEqual(["default/web"]);
    expect(c.driver.snapshot.get("node-1")?.requested.milliCPU).toBe(0);
    const failed = await c.getPod("web");
    expect(condition(failed, "PodScheduled")).toMatchObject({
      status: "False", reason: "SchedulerError", message: 'running Bind plugin "DefaultBinder": etcdserver: request timed out',
    });
    const retry = await c.driver.runFor(5_000);
    expect(retry.map((r) => [r.outcome, r.nodeName])).toEqual([["Scheduled", "node-1"]]);
    expect((await c.getPod("web")).spec?.nodeName).toBe("node-1");
    expect((await c.events("web")).map((e) => e.reason)).toEqual(["FailedScheduling", "Scheduled"]);
    expect(c.driver.errors).toEqual([]);
  });

  it("preempts through the API: victims marked and deleted gracefully, the preemptor nominated, then bound once they are gone", async () => {
    const c = await newCluster();
    await kubeletStandIn(c.admin, c.clock, c.driver);
    for (const [name, value, globalDefault] of [["batch", 100, true], ["service", 10000, false]] as const) {
      await c.admin.create({ resource: "priorityclasses" }, { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name }, value, globalDefault });
    }
    await c.addNode(node("n1"));
    for (let i = 0; i < 4; i++) await c.addPod(makePod().name(`batch-${i}`).req({ cpu: "1" }).terminationGracePeriodSeconds(30).obj());
    expect((await c.driver.scheduleAll()).every((r) => r.outcome === "Scheduled")).toBe(true);

    await c.addPod(makePod().name("svc").priorityClassName("service").req({ cpu: "2" }).obj());
    const [first] = await c.driver.scheduleAll();
    expect(first).toMatchObject({ pod: "default/svc", outcome: "Unschedulable", nominatedNodeName: "n1" });
    expect(first?.victims).toHaveLength(2);
    expect((await c.getPod("svc")).status?.nominatedNodeName).toBe("n1");
    for (const key of first!.victims!) {
      const victim = await c.getPod(key.split("/")[1]!);
      expect(victim.metadata?.deletionTimestamp).toBeDefined(); // Terminating: the kubelet has 30 s
      expect(condition(victim, "DisruptionTarget")).toMatchObject({ status: "True", reason: "PreemptionByScheduler" });
      expect(condition(victim, "PodScheduled")?.status).toBe("True"); // the strategic merge patch kept it
      expect((await c.events(victim.metadata!.name!)).map((e) => e.reason)).toContain("Preempted");
    }

    const later = await c.driver.runFor(60_000);
    expect(later.filter((r) => r.outcome === "Scheduled").map((r) => [r.pod, r.nodeName])).toEqual([["default/svc", "n1"]]);
    expect((await c.getPod("svc")).spec?.nodeName).toBe("n1");
    const left = (await c.listPods()).map((p) => p.metadata?.name);
    expect(left.length).toBe(3);
    expect(c.driver.errors).toEqual([]);
  });

  it("gives the same placements as the in-memory driver for the same cluster and seed", async () => {
    const zones = ["a", "b", "c"];
    const nodes = zones.flatMap((z) => [0, 1].map((i) => makeNode().name(`${z}-${i}`).label(LabelTopologyZone, z).capacity({ cpu: "4", memory: "16Gi" }).obj()));
    const pods = () => Array.from({ length: 12 }, (_, i) => {
      const p = makePod().name(`web-${String(i).padStart(2, "0")}`).label("app", "web").req({ cpu: "500m", memory: "512Mi" });
      return (i % 2 === 0 ? p.spreadConstraint(1, LabelTopologyZone, "ScheduleAnyway", matchLabels({ app: "web" })) : p).obj();
    });
    const memory = new InMemoryCluster({ nodes, seed: 7 });
    for (const p of pods()) memory.addPod(p);
    const expected = memory.scheduleAll().map((r) => [r.pod, r.nodeName]);

    const c = await newCluster(7);
    for (const n of nodes) await c.addNode(n);
    for (const p of pods()) await c.addPod(p);
    const got = (await c.driver.scheduleAll()).map((r) => [r.pod, r.nodeName]);
    expect(got).toEqual(expected);
    const bound = (await c.listPods()).map((p) => [`default/${p.metadata?.name}`, p.spec?.nodeName]);
    expect(bound.sort()).toEqual([...expected].sort());
    expect(c.driver.errors).toEqual([]);
  });

  it("takes spec.priority from the server's Priority plugin, which refuses a pod whose class does not exist", async () => {
    const c = await newCluster();
    await c.addNode(node("n1"));
    const refused = await c.addPod(makePod().name("late").priorityClassName("later").req({ cpu: "1" }).obj()).catch((err: unknown) => err);
    expect((refused as Error).message).toBe('pods "late" is forbidden: no PriorityClass with name later was found');
    await c.admin.create({ resource: "priorityclasses" }, { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "later" }, value: 5 });
    await c.addPod(makePod().name("late").priorityClassName("later").req({ cpu: "1" }).obj());
    expect((await c.driver.scheduleAll()).map((r) => [r.pod, r.outcome])).toEqual([["default/late", "Scheduled"]]);
    expect(c.driver.snapshot.get("n1")?.pods.map((p) => p.pod.spec?.priority)).toEqual([5]);
    expect(c.driver.errors).toEqual([]);
  });

  it("reads the PodDisruptionBudgets the server serves in policy/v1", async () => {
    const c = await newCluster();
    expect(c.driver.unserved).toEqual([]);
    await c.admin.create({ resource: "poddisruptionbudgets", namespace: "default" }, {
      apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "web" }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: "web" } } },
    });
    await c.driver.scheduleAll();
    expect(c.driver.listPodDisruptionBudgets().map((p) => p.metadata?.name)).toEqual(["web"]);
    expect(c.driver.errors).toEqual([]);
  });
});
