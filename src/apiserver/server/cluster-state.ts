// The server's informer caches, and the read-only views its plugins need built on them:
//
//   RBAC authorizer       RbacLister over roles, clusterroles, rolebindings, clusterrolebindings
//   Node authorizer       the pods (which node runs which pod, and what they reference)
//   admission plugins     namespaces, serviceaccounts, limitranges, resourcequotas, storageclasses,
//                         priorityclasses
//   admission webhooks    mutatingwebhookconfigurations, validatingwebhookconfigurations
//   SA token authn        serviceaccounts (a token of a deleted ServiceAccount is refused)
//
// so that `kubectl create rolebinding` takes effect on the next request, as upstream's informers
// make it take effect a few milliseconds later.

import type { Pod } from "kubernetes-types/core/v1";
import type { PriorityClass } from "kubernetes-types/scheduling/v1";
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from "kubernetes-types/rbac/v1";
import { InMemoryRbac, type RbacLister } from "../authz/rbac";
import type { NodeGraphSource } from "../authz/node";
import type { QuotaStore } from "../admission/resource-quota";
import type { WebhookConfiguration } from "../admission/webhook/types";
import type { Storage } from "../storage/interfaces";
import type { KubeObject } from "../types";
import { ObjectCache } from "./object-cache";
import { apiVersionOf, resourceByName } from "./resources";

/** The resources the server caches for itself. */
export const CACHED_RESOURCES = [
  "namespaces", "serviceaccounts", "limitranges", "resourcequotas", "storageclasses", "priorityclasses", "pods",
  "roles", "clusterroles", "rolebindings", "clusterrolebindings",
  "mutatingwebhookconfigurations", "validatingwebhookconfigurations",
] as const;
export type CachedResource = (typeof CACHED_RESOURCES)[number];

/**
 * A stored configuration as the dispatcher reads it. `webhooks` and each webhook's `rules` are
 * optional in the API (an empty configuration is valid), so absent lists are read as empty.
 */
function asWebhookConfiguration(o: KubeObject): WebhookConfiguration {
  const c = o as unknown as WebhookConfiguration;
  return { ...c, webhooks: (c.webhooks ?? []).map((w) => ({ ...w, rules: w.rules ?? [] })) };
}

export class ClusterState {
  readonly caches: Readonly<Record<CachedResource, ObjectCache>>;
  /** RBAC's lister: the stored roles and bindings, kept current by the caches. */
  readonly rbac = new InMemoryRbac();

  constructor(storage: Storage) {
    const caches = {} as Record<CachedResource, ObjectCache>;
    for (const resource of CACHED_RESOURCES) {
      const info = resourceByName(resource)!;
      caches[resource] = new ObjectCache(storage, resource, info.kind, apiVersionOf(info));
    }
    this.caches = caches;
    for (const resource of ["roles", "clusterroles", "rolebindings", "clusterrolebindings"] as const) {
      caches[resource].onChange((type, obj) => {
        const rbacObj = obj as unknown as Role | ClusterRole | RoleBinding | ClusterRoleBinding;
        if (type === "DELETED") this.rbac.delete(rbacObj.kind as "Role", obj.metadata?.namespace ?? "", obj.metadata?.name ?? "");
        else this.rbac.put(rbacObj);
      });
    }
  }

  async start(): Promise<void> {
    await Promise.all(Object.values(this.caches).map((c) => c.start()));
  }

  stop(): void {
    for (const c of Object.values(this.caches)) c.stop();
  }

  get rbacLister(): RbacLister {
    return this.rbac;
  }

  /** The Node authorizer's graph source. */
  get nodeGraph(): NodeGraphSource {
    return { listPods: () => this.caches.pods.list() as unknown as Pod[] };
  }

  getNamespace(name: string): KubeObject | undefined {
    return this.caches.namespaces.get("", name);
  }

  getServiceAccount(namespace: string, name: string): KubeObject | undefined {
    return this.caches.serviceaccounts.get(namespace, name);
  }

  listLimitRanges(namespace: string): KubeObject[] {
    return this.caches.limitranges.list(namespace);
  }

  listStorageClasses(): KubeObject[] {
    return this.caches.storageclasses.list();
  }

  /** The Priority plugin's lister. */
  listPriorityClasses(): PriorityClass[] {
    return this.caches.priorityclasses.list() as unknown as PriorityClass[];
  }

  /**
   * The stored MutatingWebhookConfigurations, for MutatingAdmissionWebhook: upstream's
   * configuration manager (generic/webhook_configuration_manager.go) reads them from an informer
   * too, so a `kubectl apply` of a configuration takes effect on the next request.
   */
  listMutatingWebhookConfigurations(): WebhookConfiguration[] {
    return this.caches.mutatingwebhookconfigurations.list().map(asWebhookConfiguration);
  }

  /** The stored ValidatingWebhookConfigurations, for ValidatingAdmissionWebhook. */
  listValidatingWebhookConfigurations(): WebhookConfiguration[] {
    return this.caches.validatingwebhookconfigurations.list().map(asWebhookConfiguration);
  }

  /**
   * The ResourceQuota plugin's store. Charges are not written here: after every successful
   * write in a namespace with quotas the server recounts them (quota-recount.ts), so a rejected
   * request never changes a quota.
   */
  get quotaStore(): QuotaStore {
    return {
      list: (namespace) => this.caches.resourcequotas.list(namespace)
        .sort((a, b) => ((a.metadata?.name ?? "") < (b.metadata?.name ?? "") ? -1 : 1)),
      updateUsed: () => undefined,
    };
  }
}
