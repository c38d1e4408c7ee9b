import { describe, expect, it } from "vitest";
import {
  fillObjectMetaSystemFields,
  getAnnotation,
  getControllerOf,
  getLabel,
  getLabels,
  hasAnnotation,
  hasLabel,
  isControlledBy,
  isOwnedBy,
  type KubeObject,
  MetadataError,
  metaNamespaceKey,
  namespacedName,
  namespacedNameKey,
  newControllerRef,
  newUID,
  ownerReference,
  removeAnnotation,
  removeLabel,
  rfc3339,
  setAnnotation,
  setLabel,
  splitMetaNamespaceKey,
} from "./meta";
import type { RandomSource } from "./names";

/** A small deterministic generator (a linear congruential one), enough for tests. */
function seeded(seed: number): RandomSource {
  let state = seed >>> 0;
  return {
    int(lo, hi) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return lo + (state % (hi - lo));
    },
  };
}

const rs: KubeObject = { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: "web-7d4b9", namespace: "default", uid: "rs-uid" } };

describe("uids and timestamps", () => {
  it("generates RFC 4122 version 4 uids", () => {
    const rng = seeded(1);
    for (let i = 0; i < 50; i++) {
      expect(newUID(rng)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it("replays the same uids from the same seed", () => {
    expect(newUID(seeded(42))).toBe(newUID(seeded(42)));
    expect(newUID(seeded(42))).not.toBe(newUID(seeded(43)));
  });

  it("formats timestamps as metav1.Time does, in UTC with whole seconds", () => {
    expect(rfc3339(0)).toBe("1970-01-01T00:00:00Z");
    expect(rfc3339(Date.UTC(2024, 4, 1, 12, 30, 15, 999))).toBe("2024-05-01T12:30:15Z");
  });

  it("stamps creationTimestamp and uid on a copy of the metadata", () => {
    const meta = { name: "web" };
    const filled = fillObjectMetaSystemFields(meta, { now: () => 1_000, rng: seeded(7) });
    expect(filled.creationTimestamp).toBe("1970-01-01T00:00:01Z");
    expect(filled.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(meta).toEqual({ name: "web" });
  });
});

describe("namespace/name keys", () => {
  it("uses namespace/name for namespaced objects and the name alone otherwise", () => {
    expect(metaNamespaceKey(rs)).toBe("default/web-7d4b9");
    expect(metaNamespaceKey({ kind: "Node", metadata: { name: "node-1" } })).toBe("node-1");
    expect(namespacedNameKey({ namespace: "kube-system", name: "dns" })).toBe("kube-system/dns");
    expect(namespacedName(rs)).toEqual({ namespace: "default", name: "web-7d4b9" });
  });

  it.each([
    ["default/web", { namespace: "default", name: "web" }],
    ["node-1", { namespace: "", name: "node-1" }],
  ])("splits %s back into its parts", (key, expected) => {
    expect(splitMetaNamespaceKey(key)).toEqual(expected);
  });

  it("rejects a key with two slashes, in client-go's words", () => {
    expect(() => splitMetaNamespaceKey("a/b/c")).toThrow('unexpected key format: "a/b/c"');
  });
});

describe("owner references", () => {
  const pod: KubeObject = { apiVersion: "v1", kind: "Pod", metadata: { name: "web-7d4b9-x2k9p", ownerReferences: [newControllerRef(rs)] } };

  it("builds a controller reference as metav1.NewControllerRef does", () => {
    expect(newControllerRef(rs)).toEqual({
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      name: "web-7d4b9",
      uid: "rs-uid",
      controller: true,
      blockOwnerDeletion: true,
    });
  });

  it("leaves controller and blockOwnerDeletion out unless asked", () => {
    expect(ownerReference(rs)).toEqual({ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-7d4b9", uid: "rs-uid" });
  });

  it("refuses an owner that has no uid yet, and says why", () => {
    expect(() => ownerReference({ apiVersion: "v1", kind: "Pod", metadata: { name: "x" } })).toThrow(MetadataError);
    expect(() => ownerReference({ apiVersion: "v1", kind: "Pod", metadata: { name: "x" } })).toThrow(/metadata\.uid/);
  });

  it("finds the controller among several owners", () => {
    const obj: KubeObject = {
      metadata: { ownerReferences: [ownerReference({ ...rs, metadata: { ...rs.metadata, uid: "other" } }), newControllerRef(rs)] },
    };
    expect(getControllerOf(obj)?.uid).toBe("rs-uid");
    expect(getControllerOf({ metadata: {} })).toBeUndefined();
  });

  it("compares owners by uid, not by name", () => {
    expect(isControlledBy(pod, rs)).toBe(true);
    expect(isOwnedBy(pod, rs)).toBe(true);
    const recreated = { ...rs, metadata: { ...rs.metadata, uid: "new-uid" } };
    expect(isControlledBy(pod, recreated)).toBe(false);
    expect(isOwnedBy(pod, recreated)).toBe(false);
  });

  it("returns a copy of the controller reference", () => {
    const ref = getControllerOf(pod);
    if (ref) ref.name = "changed";
    expect(getControllerOf(pod)?.name).toBe("web-7d4b9");
  });
});

describe("labels and annotations", () => {
  it("reads labels of objects with and without metadata", () => {
    expect(getLabels({})).toEqual({});
    expect(getLabel({ metadata: { labels: { app: "web" } } }, "app")).toBe("web");
    expect(hasLabel({ metadata: { labels: { app: "" } } }, "app")).toBe(true);
    expect(hasLabel({}, "app")).toBe(false);
  });

  it("creates metadata and label maps when setting, and removes", () => {
    const obj: KubeObject = {};
    setLabel(obj, "app", "web");
    setAnnotation(obj, "note", "hi");
    expect(obj.metadata).toEqual({ labels: { app: "web" }, annotations: { note: "hi" } });
    expect(hasAnnotation(obj, "note")).toBe(true);
    expect(getAnnotation(obj, "note")).toBe("hi");
    removeLabel(obj, "app");
    removeAnnotation(obj, "note");
    expect(obj.metadata).toEqual({ labels: {}, annotations: {} });
  });
});
