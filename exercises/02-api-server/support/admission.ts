// Helpers for chapter 2's admission exercises: namespaces, Pods, requests, and the default
// admission chain (src/apiserver/admission/default-plugins.ts) with one more plugin in it.
//
// This file is not an exercise; you do not need to change it.
import { Rng } from "../../../src/sim/rng";
import { newAttributes } from "../../../src/apiserver/admission/attributes";
import { AdmissionChain } from "../../../src/apiserver/admission/chain";
import { newDefaultAdmissionChain } from "../../../src/apiserver/admission/default-plugins";
import type { AdmissionPlugin } from "../../../src/apiserver/admission/plugin";
import type { Container, Pod } from "../../../src/apiserver/admission/pod-spec";
import { InMemoryQuotaStore } from "../../../src/apiserver/admission/resource-quota";
import type { AdmissionAttributes, KubeObject, Operation } from "../../../src/apiserver/types";

export { AdmissionChain, InMemoryQuotaStore, newAttributes, type AdmissionAttributes, type Container, type KubeObject, type Pod };

export function namespace(name: string, labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name, labels } };
}

/** A Pod with one container "app" (or the containers given). */
export function pod(name: string, namespaceName: string, containers: Array<Partial<Container>> = [{}]): Pod {
  return {
    apiVersion: "v1", kind: "Pod", metadata: { name, namespace: namespaceName },
    spec: { containers: containers.map((c, i) => ({ name: i === 0 ? "app" : `c${i}`, image: "nginx:1.27", ...c })) },
  };
}

/** The attributes of a request on a Pod (or any object): CREATE by default. */
export function podRequest(object: KubeObject | undefined, operation: Operation = "CREATE", extra: { subresource?: string; resource?: string; oldObject?: KubeObject } = {}): AdmissionAttributes {
  return newAttributes({ operation, resource: extra.resource ?? "pods", object, ...(extra.subresource ? { subresource: extra.subresource } : {}), ...(extra.oldObject ? { oldObject: extra.oldObject } : {}) });
}

/**
 * kube-apiserver's default admission chain for these namespaces (every ServiceAccount exists, no
 * LimitRanges, no StorageClasses, the quotas in `quotaStore`), with `extra` plugins sorted in as
 * AdmissionChain.ordered does: a plugin upstream's list does not know goes after the known ones.
 */
export function defaultChainWith(namespaces: Record<string, KubeObject>, extra: AdmissionPlugin[], quotaStore = new InMemoryQuotaStore()): AdmissionChain {
  const defaults = newDefaultAdmissionChain({
    getNamespace: (n) => namespaces[n],
    getServiceAccount: (ns, n) => ({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name: n, namespace: ns } }),
    listLimitRanges: () => [],
    listStorageClasses: () => [],
    quotaStore,
    rng: new Rng(42),
  });
  return AdmissionChain.ordered([...defaults.plugins, ...extra]);
}

/** The container names of a Pod, for messages. */
export const containerNames = (p: KubeObject | undefined): string[] => ((p as Pod | undefined)?.spec?.containers ?? []).map((c) => c.name);
