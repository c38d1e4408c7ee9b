// Namespaces: the admission plugin that guards them, and what happens when one is created or
// deleted.
//
//   NamespaceLifecycle (admission)  no object in a namespace that does not exist (404
//                                   `namespaces "x" not found`), nothing new in a namespace being
//                                   deleted, and default, kube-system and kube-public may never be
//                                   deleted (403 `this namespace may not be deleted`)
//   on create                       the ServiceAccount "default" (upstream: the serviceaccounts
//                                   controller creates it moments later)
//   on delete                       every object in the namespace, then the namespace (upstream:
//                                   the namespace is marked Terminating and the namespace
//                                   controller empties it, then removes the "kubernetes" finalizer)
//
// Upstream: plugin/pkg/admission/namespace/lifecycle/admission.go,
// pkg/controller/serviceaccount/serviceaccounts_controller.go, pkg/controller/namespace.
// SIMPLIFICATION: creation of the default ServiceAccount and the deletion of a namespace's
// content happen synchronously, inside the request that created or deleted the namespace.

import { newNotFound } from "../../api/status";
import { rfc3339 } from "../../api/meta";
import { admissionForbidden } from "../admission/errors";
import { handlesOperations, type AdmissionPlugin } from "../admission/plugin";
import { collectionKey, objectKey } from "../storage/keys";
import type { KubeObject } from "../types";
import type { ClusterState } from "./cluster-state";
import type { RestContext } from "./rest-context";
import { RESOURCES, resourceByName } from "./resources";

/** The namespaces that always exist (immortalNamespaces). */
export const IMMORTAL_NAMESPACES: readonly string[] = ["default", "kube-system", "kube-public"];

const isNamespaceKind = (kind: { group: string; kind: string }) => kind.group === "" && kind.kind === "Namespace";

//> apiserver-namespace-lifecycle
export function namespaceLifecyclePlugin(state: ClusterState): AdmissionPlugin {
  return {
    name: "NamespaceLifecycle",
    handles: handlesOperations("CREATE", "UPDATE", "DELETE"),
    admit(a) {
      const namespaceItself = isNamespaceKind(a.kind) || (a.resource.group === "" && a.resource.resource === "namespaces");
      if (a.operation === "DELETE" && namespaceItself && IMMORTAL_NAMESPACES.includes(a.name)) {
        throw admissionForbidden(a, "this namespace may not be deleted");
      }
      if (a.namespace === "" || namespaceItself || a.operation === "DELETE") return;
      // Access reviews answer questions; they leak nothing about the namespace.
      if (a.resource.group === "authorization.k8s.io") return;
      const ns = state.getNamespace(a.namespace);
      if (ns === undefined) throw newNotFound({ group: "", resource: "namespaces" }, a.namespace);
      const phase = (ns["status"] as { phase?: string } | undefined)?.phase;
      if (a.operation === "CREATE" && phase === "Terminating") {
        throw admissionForbidden(a, `unable to create new content in namespace ${a.namespace} because it is being terminated`);
      }
    },
  };
}
//< apiserver-namespace-lifecycle

/** The ServiceAccount every namespace gets. */
export async function ensureDefaultServiceAccount(ctx: RestContext, namespace: string): Promise<void> {
  const info = resourceByName("serviceaccounts")!;
  const existing = await ctx.storage.get(objectKey("serviceaccounts", namespace, "default"), { ignoreNotFound: true });
  if (existing !== undefined) return;
  await ctx.registry(info).create(namespace, { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default", namespace } })
    .catch(() => undefined); // created meanwhile
}

/**
 * Deletes everything in the namespace, then the namespace. Returns the namespace as the client
 * sees it: marked for deletion, phase Terminating, as upstream's DELETE answers.
 */
export async function deleteNamespace(ctx: RestContext, name: string, preconditions: { uid?: string; resourceVersion?: string } | undefined): Promise<KubeObject> {
  const key = objectKey("namespaces", "", name);
  const current = (await ctx.storage.get(key))!;
  if (preconditions !== undefined) {
    // Checked before anything is deleted: the storage's delete below checks them again.
    await ctx.storage.delete(key, { preconditions, validateDeletion: () => { throw new PreconditionsHold(); } }).catch((err: unknown) => {
      if (!(err instanceof PreconditionsHold)) throw err;
    });
  }
  for (const info of RESOURCES) {
    if (!info.namespaced) continue;
    const list = await ctx.storage.getList(collectionKey(info.resource, name));
    for (const obj of list.items) {
      await ctx.storage.delete(objectKey(info.resource, name, obj.metadata?.name ?? "")).catch(() => undefined);
    }
  }
  const deleted = await ctx.storage.delete(key, preconditions === undefined ? {} : { preconditions });
  return {
    ...deleted,
    metadata: { ...(deleted.metadata ?? {}), deletionTimestamp: rfc3339(ctx.o.clock.now()), deletionGracePeriodSeconds: 0 },
    spec: current["spec"] ?? {},
    status: { phase: "Terminating" },
  };
}

/** Thrown by validateDeletion to stop a delete once its preconditions are known to hold. */
class PreconditionsHold extends Error {}
