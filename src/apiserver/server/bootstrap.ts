// What kube-apiserver creates when it starts (its post-start hooks: `start-system-namespaces-
// controller`, `rbac/bootstrap-roles`, `scheduling/bootstrap-system-priority-classes`) and what
// the controller manager adds moments later (a default ServiceAccount per namespace). Objects that already exist are left as they are, so
// starting again over the same storage changes nothing.
//
// Upstream: pkg/controlplane/controller/systemnamespaces, plugin/pkg/auth/authorizer/rbac/
// bootstrappolicy (EnsureRBACPolicy reconciles the roles; here they are only created if missing),
// pkg/registry/scheduling/rest/storage_scheduling.go (AddSystemPriorityClasses).

import type { RandomSource } from "../../api/names";
import { StatusError } from "../../api/status";
import type { Clock } from "../../sim/clock";
import { Registry } from "../registry/store";
import type { Storage } from "../storage/interfaces";
import type { KubeObject } from "../types";
import { systemPriorityClasses } from "../admission/priority";
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from "./bootstrap-policy";
import { apiVersionOf, resourceByName } from "./resources";
import { prepareForCreate } from "./strategy";

/** The namespaces every cluster has. */
export const SYSTEM_NAMESPACES: readonly string[] = ["default", "kube-system", "kube-public", "kube-node-lease"];

//> apiserver-bootstrap
export async function bootstrap(storage: Storage, clock: Clock, rng: RandomSource): Promise<void> {
  const registryFor = (resource: string) => {
    const info = resourceByName(resource)!;
    return {
      info,
      registry: new Registry({
        storage, resource, kind: info.kind, group: info.group, apiVersion: apiVersionOf(info), namespaced: info.namespaced, clock, rng,
      }),
    };
  };
  const ensure = async (resource: string, namespace: string, obj: KubeObject) => {
    const { info, registry } = registryFor(resource);
    prepareForCreate(info, obj);
    try {
      await registry.create(namespace, obj);
    } catch (err) {
      if (!(err instanceof StatusError && err.reason === "AlreadyExists")) throw err;
    }
  };
  for (const name of SYSTEM_NAMESPACES) {
    await ensure("namespaces", "", { apiVersion: "v1", kind: "Namespace", metadata: { name } });
    await ensure("serviceaccounts", name, { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default", namespace: name } });
  }
  for (const role of bootstrapClusterRoles()) await ensure("clusterroles", "", role as unknown as KubeObject);
  for (const binding of bootstrapClusterRoleBindings()) await ensure("clusterrolebindings", "", binding as unknown as KubeObject);
  for (const pc of systemPriorityClasses()) await ensure("priorityclasses", "", pc as unknown as KubeObject);
}
//< apiserver-bootstrap
