import { describe, expect, it } from "vitest";
import { Rng } from "../../sim/rng";
import type { KubeObject } from "../types";
import { newAttributes } from "./attributes";
import { AdmissionChain } from "./chain";
import { serviceAccountPlugin, DefaultAPITokenMountPath, tokenVolumeSource } from "./service-account";
import { pod } from "./test-fixtures.test-util";

const accounts: Record<string, KubeObject> = {
  "default/default": { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default", namespace: "default" } },
  "default/builder": {
    apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "builder", namespace: "default" },
    automountServiceAccountToken: false, imagePullSecrets: [{ name: "registry" }],
  },
};
const plugin = () => serviceAccountPlugin({ getServiceAccount: (ns, n) => accounts[`${ns}/${n}`], rng: new Rng(7) });

describe("ServiceAccount admission", () => {
  it("defaults serviceAccountName to default and mounts a projected token volume in every container", async () => {
    const p = pod("web", [{}, {}], { initContainers: [{ name: "init", image: "busybox" }] });
    const result = await new AdmissionChain([plugin()]).admit(newAttributes({ operation: "CREATE", resource: "pods", object: p }));
    expect(result.allowed).toBe(true);
    expect(p.spec.serviceAccountName).toBe("default");
    const volume = p.spec.volumes?.[0];
    expect(volume?.name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(volume?.["projected"]).toEqual(tokenVolumeSource());
    for (const c of [...p.spec.initContainers!, ...p.spec.containers]) {
      expect(c.volumeMounts).toEqual([{ name: volume?.name, readOnly: true, mountPath: DefaultAPITokenMountPath }]);
    }
  });

  it("draws the volume name from the injected random source, so a seed replays it", async () => {
    const names = [];
    for (let i = 0; i < 2; i++) {
      const p = pod("web");
      await plugin().admit!(newAttributes({ operation: "CREATE", resource: "pods", object: p }), undefined as never);
      names.push(p.spec.volumes?.[0]?.name);
    }
    expect(names[0]).toBe(names[1]);
  });

  it("builds the token volume with upstream's projection: a 3607 second token, the CA and the namespace", () => {
    expect(tokenVolumeSource()).toEqual({
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
        { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
        { downwardAPI: { items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }] } },
      ],
    });
  });

  it("does not mount a token when the ServiceAccount opts out, but copies its imagePullSecrets", async () => {
    const p = pod("web", [{}], { serviceAccountName: "builder" });
    await new AdmissionChain([plugin()]).admit(newAttributes({ operation: "CREATE", resource: "pods", object: p }));
    expect(p.spec.volumes).toBeUndefined();
    expect(p.spec.imagePullSecrets).toEqual([{ name: "registry" }]);
  });

  it("lets the Pod's automountServiceAccountToken override the ServiceAccount's", async () => {
    const p = pod("web", [{}], { serviceAccountName: "builder", automountServiceAccountToken: true });
    await new AdmissionChain([plugin()]).admit(newAttributes({ operation: "CREATE", resource: "pods", object: p }));
    expect(p.spec.volumes).toHaveLength(1);
  });

  it("leaves a container that already mounts something at the token path alone", async () => {
    const p = pod("web", [{ volumeMounts: [{ name: "mine", mountPath: DefaultAPITokenMountPath }] }]);
    await new AdmissionChain([plugin()]).admit(newAttributes({ operation: "CREATE", resource: "pods", object: p }));
    expect(p.spec.volumes).toBeUndefined();
    expect(p.spec.containers[0]?.volumeMounts).toEqual([{ name: "mine", mountPath: DefaultAPITokenMountPath }]);
  });

  it("refuses a Pod whose ServiceAccount does not exist, with upstream's message", async () => {
    const p = pod("web", [{}], { serviceAccountName: "ghost" });
    const result = await new AdmissionChain([plugin()]).admit(newAttributes({ operation: "CREATE", resource: "pods", object: p }));
    expect(result.allowed).toBe(false);
    if (result.allowed) return;
    expect(result.error.code).toBe(403);
    expect(result.error.message).toBe('pods "web" is forbidden: error looking up service account default/ghost: serviceaccount "ghost" not found');
  });

  it("ignores updates and other resources", async () => {
    const p = pod("web");
    const chain = new AdmissionChain([plugin()]);
    await chain.admit(newAttributes({ operation: "UPDATE", resource: "pods", object: p, oldObject: pod("web") }));
    await chain.admit(newAttributes({ operation: "CREATE", resource: "configmaps", object: { kind: "ConfigMap", metadata: { name: "x" } } }));
    expect(p.spec.serviceAccountName).toBeUndefined();
  });
});
