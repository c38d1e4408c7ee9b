import type { Pod } from "kubernetes-types/core/v1";
import type { PriorityClass } from "kubernetes-types/scheduling/v1";
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../types";
import { newAttributes } from "./attributes";
import { AdmissionChain } from "./chain";
import { priorityPlugin, systemPriorityClasses } from "./priority";

const pc = (name: string, value: number, extra: Partial<PriorityClass> = {}): PriorityClass => ({
  apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name }, value, preemptionPolicy: "PreemptLowerPriority", ...extra,
});
const newPod = (name: string, spec: Partial<NonNullable<Pod["spec"]>> = {}): KubeObject => ({
  apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default" }, spec: { containers: [{ name: "app", image: "nginx" }], ...spec },
});
const specOf = (o: KubeObject | undefined) => (o as unknown as Pod).spec!;

function chain(classes: PriorityClass[]) {
  return new AdmissionChain([priorityPlugin(() => [...systemPriorityClasses(), ...classes])]);
}
const createPod = (c: AdmissionChain, p: KubeObject) => c.admitAndValidate(newAttributes({ operation: "CREATE", resource: "pods", object: p }));

describe("Priority admission: pods", () => {
  it("resolves spec.priorityClassName to the class's value and preemptionPolicy", async () => {
    const p = newPod("web", { priorityClassName: "high" });
    const r = await createPod(chain([pc("high", 1000, { preemptionPolicy: "Never" })]), p);
    expect(r.allowed).toBe(true);
    expect(specOf(p)).toMatchObject({ priorityClassName: "high", priority: 1000, preemptionPolicy: "Never" });
  });

  it("gives a pod without a class the globalDefault class, its name included, and the lowest of two defaults", async () => {
    const p = newPod("web");
    await createPod(chain([pc("batch", 100, { globalDefault: true }), pc("low", 10, { globalDefault: true })]), p);
    expect(specOf(p)).toMatchObject({ priorityClassName: "low", priority: 10 });
  });

  it("gives a pod priority 0 and PreemptLowerPriority when no class is the default", async () => {
    const p = newPod("web");
    await createPod(chain([pc("high", 1000)]), p);
    expect(specOf(p).priority).toBe(0);
    expect(specOf(p).preemptionPolicy).toBe("PreemptLowerPriority");
    expect(specOf(p).priorityClassName).toBeUndefined();
  });

  it("knows the two system classes", async () => {
    const p = newPod("kube-proxy", { priorityClassName: "system-node-critical" });
    await createPod(chain([]), p);
    expect(specOf(p).priority).toBe(2000001000);
  });

  it("refuses a class that does not exist: 403 with upstream's message", async () => {
    const r = await createPod(chain([]), newPod("late", { priorityClassName: "later" }));
    expect(r.allowed).toBe(false);
    if (r.allowed) return;
    expect([r.plugin, r.error.code, r.error.message]).toEqual(["Priority", 403, 'pods "late" is forbidden: no PriorityClass with name later was found']);
  });

  it("refuses a spec.priority the client set that disagrees with the class", async () => {
    const r = await createPod(chain([pc("high", 1000)]), newPod("web", { priorityClassName: "high", priority: 7 }));
    expect(r.allowed ? "" : r.error.message).toBe(
      'pods "web" is forbidden: the integer value of priority (7) must not be provided in pod spec; priority admission controller computed 1000 from the given PriorityClass name',
    );
    const agreeing = newPod("ok", { priorityClassName: "high", priority: 1000 });
    expect((await createPod(chain([pc("high", 1000)]), agreeing)).allowed).toBe(true);
  });

  it("keeps the stored priority on an update that leaves it out", async () => {
    const old = newPod("web", { priority: 1000, preemptionPolicy: "Never", priorityClassName: "high" });
    const updated = newPod("web", { priorityClassName: "high" });
    await chain([]).admit(newAttributes({ operation: "UPDATE", resource: "pods", object: updated, oldObject: old }));
    expect(specOf(updated)).toMatchObject({ priority: 1000, preemptionPolicy: "Never" });
  });
});

describe("Priority admission: PriorityClasses", () => {
  const write = (c: AdmissionChain, operation: "CREATE" | "UPDATE", object: PriorityClass) =>
    c.validate(newAttributes({ operation, resource: "priorityclasses", object: object as unknown as KubeObject }));

  it("refuses a second globalDefault class with upstream's message", async () => {
    const c = chain([pc("batch", 100, { globalDefault: true })]);
    const r = await write(c, "CREATE", pc("other", 5, { globalDefault: true }));
    expect(r.allowed ? "" : r.error.message).toBe(
      'priorityclasses.scheduling.k8s.io "other" is forbidden: PriorityClass batch is already marked as default. Only one default can exist',
    );
  });

  it("lets the default class itself be updated, and any class that is not a default be created", async () => {
    const c = chain([pc("batch", 100, { globalDefault: true })]);
    expect((await write(c, "UPDATE", pc("batch", 100, { globalDefault: true, description: "batch jobs" }))).allowed).toBe(true);
    expect((await write(c, "CREATE", pc("other", 5))).allowed).toBe(true);
  });
});
