import { describe, expect, it } from "vitest";
import type { KubeObject } from "../types";
import { newServer, pod, rejection } from "./server.test-util";

const pc = (name: string, value: number, extra: Record<string, unknown> = {}) => ({
  apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name }, value, ...extra,
});
const specOf = (o: KubeObject) => o["spec"] as { priority?: number; priorityClassName?: string; preemptionPolicy?: string };

describe("pod priority, resolved by the server", () => {
  it("starts with the two system PriorityClasses, as kubectl get priorityclasses shows them", async () => {
    const { admin } = await newServer();
    const classes = (await admin.list({ resource: "priorityclasses" })).items;
    expect(classes.map((c) => [c.metadata?.name, c["value"], c["preemptionPolicy"]])).toEqual([
      ["system-cluster-critical", 2000000000, "PreemptLowerPriority"],
      ["system-node-critical", 2000001000, "PreemptLowerPriority"],
    ]);
  });

  it("a pod gets spec.priority from its priorityClassName, and 0 without one", async () => {
    const { admin } = await newServer();
    await admin.create({ resource: "priorityclasses" }, pc("high", 1000, { preemptionPolicy: "Never" }));
    const high = await admin.create<KubeObject>({ resource: "pods", namespace: "default" }, pod("web", { spec: { priorityClassName: "high", containers: [{ name: "app", image: "nginx" }] } }));
    expect(specOf(high)).toMatchObject({ priorityClassName: "high", priority: 1000, preemptionPolicy: "Never" });
    const plain = await admin.create<KubeObject>({ resource: "pods", namespace: "default" }, pod("plain"));
    expect(specOf(plain)).toMatchObject({ priority: 0, preemptionPolicy: "PreemptLowerPriority" });
    const critical = await admin.create<KubeObject>({ resource: "pods", namespace: "kube-system" }, pod("dns", { spec: { priorityClassName: "system-cluster-critical", containers: [{ name: "app", image: "coredns" }] } }));
    expect(specOf(critical).priority).toBe(2000000000);
  });

  it("a globalDefault class names itself in pods that name no class", async () => {
    const { admin } = await newServer();
    await admin.create({ resource: "priorityclasses" }, pc("batch", 100, { globalDefault: true }));
    const created = await admin.create<KubeObject>({ resource: "pods", namespace: "default" }, pod("job"));
    expect(specOf(created)).toMatchObject({ priorityClassName: "batch", priority: 100 });
  });

  it("a pod naming a class that does not exist is 403 with upstream's message", async () => {
    const { admin } = await newServer();
    const err = await rejection(admin.create({ resource: "pods", namespace: "default" }, pod("late", { spec: { priorityClassName: "later", containers: [{ name: "app", image: "nginx" }] } })));
    expect([err.code, err.reason, err.message]).toEqual([403, "Forbidden", 'pods "late" is forbidden: no PriorityClass with name later was found']);
  });

  it("a pod that sets spec.priority itself is refused when it disagrees with its class", async () => {
    const { admin } = await newServer();
    const err = await rejection(admin.create({ resource: "pods", namespace: "default" }, pod("web", { spec: { priority: 5, containers: [{ name: "app", image: "nginx" }] } })));
    expect(err.message).toBe('pods "web" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name');
  });

  it("a replaced pod keeps the priority the server gave it", async () => {
    const { admin } = await newServer();
    await admin.create({ resource: "priorityclasses" }, pc("high", 1000));
    const created = await admin.create<KubeObject>({ resource: "pods", namespace: "default" }, pod("web", { spec: { priorityClassName: "high", containers: [{ name: "app", image: "nginx" }] } }));
    const spec = { ...specOf(created) };
    delete spec.priority;
    const updated = await admin.update<KubeObject>({ resource: "pods", namespace: "default", name: "web" }, { ...created, metadata: { ...created.metadata, labels: { a: "b" } }, spec });
    expect(specOf(updated).priority).toBe(1000);
  });
});

describe("PriorityClass writes", () => {
  it("a user class above 1000000000 is 422 with upstream's message", async () => {
    const { admin } = await newServer();
    const err = await rejection(admin.create({ resource: "priorityclasses" }, pc("huge", 2000000000)));
    expect([err.code, err.message]).toEqual([422, 'PriorityClass.scheduling.k8s.io "huge" is invalid: value: Forbidden: maximum allowed value of a user defined priority is 1000000000']);
  });

  it("the system- prefix is reserved", async () => {
    const { admin } = await newServer();
    const err = await rejection(admin.create({ resource: "priorityclasses" }, pc("system-mine", 10)));
    expect(err.message).toBe(
      "PriorityClass.scheduling.k8s.io \"system-mine\" is invalid: metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class",
    );
  });

  it("a second globalDefault class is 403 with upstream's message", async () => {
    const { admin } = await newServer();
    await admin.create({ resource: "priorityclasses" }, pc("batch", 100, { globalDefault: true }));
    const err = await rejection(admin.create({ resource: "priorityclasses" }, pc("other", 5, { globalDefault: true })));
    expect([err.code, err.message]).toEqual([403, 'priorityclasses.scheduling.k8s.io "other" is forbidden: PriorityClass batch is already marked as default. Only one default can exist']);
  });
});
