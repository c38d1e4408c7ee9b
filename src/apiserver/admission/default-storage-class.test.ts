import { describe, expect, it } from "vitest";
import type { KubeObject } from "../types";
import { newAttributes } from "./attributes";
import { AdmissionChain } from "./chain";
import { defaultStorageClassPlugin, getDefaultClass } from "./default-storage-class";

const sc = (name: string, isDefault: boolean, created = "2024-01-01T00:00:00Z"): KubeObject => ({
  apiVersion: "storage.k8s.io/v1", kind: "StorageClass",
  metadata: { name, creationTimestamp: created, annotations: isDefault ? { "storageclass.kubernetes.io/is-default-class": "true" } : {} },
});
const pvc = (spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data", namespace: "default" },
  spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, ...spec },
});
const admit = async (claim: KubeObject, classes: KubeObject[]) =>
  new AdmissionChain([defaultStorageClassPlugin(() => classes)]).admit(
    newAttributes({ operation: "CREATE", resource: "persistentvolumeclaims", object: claim }),
  );

describe("DefaultStorageClass admission", () => {
  it("gives a claim without storageClassName the class annotated as default", async () => {
    const claim = pvc();
    await admit(claim, [sc("slow", false), sc("fast", true)]);
    expect((claim["spec"] as { storageClassName?: string }).storageClassName).toBe("fast");
  });

  it("keeps an explicit empty storageClassName, which means no class at all", async () => {
    const claim = pvc({ storageClassName: "" });
    await admit(claim, [sc("fast", true)]);
    expect((claim["spec"] as { storageClassName?: string }).storageClassName).toBe("");
  });

  it("keeps a class the user named, and does nothing without a default class", async () => {
    const named = pvc({ storageClassName: "slow" });
    await admit(named, [sc("fast", true)]);
    expect((named["spec"] as { storageClassName?: string }).storageClassName).toBe("slow");
    const none = pvc();
    await admit(none, [sc("slow", false)]);
    expect((none["spec"] as { storageClassName?: string }).storageClassName).toBeUndefined();
  });

  it("picks the newest of several default classes, as upstream does since v1.26", () => {
    expect(getDefaultClass([sc("old", true, "2024-01-01T00:00:00Z"), sc("new", true, "2024-06-01T00:00:00Z")])?.metadata?.name).toBe("new");
    expect(getDefaultClass([sc("b", true), sc("a", true)])?.metadata?.name).toBe("a");
  });
});
