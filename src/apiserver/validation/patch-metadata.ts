// How strategic merge patch treats a field, and what kind of list it is: upstream's struct tags
// and list markers, in one table that two readers share.
//
//   // k8s.io/api core/v1 types.go, PodSpec
//   // +patchMergeKey=name
//   // +patchStrategy=merge
//   // +listType=map
//   // +listMapKey=name
//   Containers []Container `json:"containers" patchStrategy:"merge" patchMergeKey:"name" ...`
//
// - The server applies `application/strategic-merge-patch+json` with the struct tags
//   (strategicpatch.PatchMetaFromStruct): src/apiserver/registry/patch.ts reads this table.
// - kubectl computes the patch it sends for `kubectl apply` from the same facts as they appear in
//   /openapi/v3 (PatchMetaFromOpenAPIV3 reads `x-kubernetes-patch-strategy` and
//   `x-kubernetes-patch-merge-key`): tools/openapi/generate.ts copies this table into
//   definitions.generated.ts. Without them kubectl treats `containers` as an atomic list, sees the
//   server's defaults (imagePullPolicy, terminationMessagePath...) as a difference, and re-sends
//   the list on every apply: "configured" where upstream says "unchanged".
//
// Where the values come from: the patch tags are the ones compiled into kubectl v1.32 (a Go
// binary keeps struct tags for reflection; `strings /usr/bin/kubectl | grep patchStrategy` lists
// them), each placed on its struct by its json name and protobuf field number as in k8s.io/api
// v0.32 core/v1, apps/v1, batch/v1, policy/v1 types.go and apimachinery meta/v1 types.go.
//
// SIMPLIFICATION: `listType` / `listMapKeys` (`x-kubernetes-list-type`, used by server-side
// apply, which this server does not implement) are given only where upstream's `+listType`
// marker was checked against its source; upstream also marks most other lists `atomic`
// (command, args, tolerations, rules...), which we leave unsaid. A list with no entry here is
// atomic to strategic merge patch, as upstream.

/** One field's patch and list metadata. Keys as in the Go markers. */
export interface FieldPatchMeta {
  /**
   * `patchStrategy`: "merge" merges a list by `patchMergeKey` (a list of scalars: set union);
   * "retainKeys" lets a `$retainKeys` directive clear the map's other fields (a union such as
   * DeploymentStrategy); "replace" makes the patch's value replace the field whole.
   */
  patchStrategy?: "merge" | "merge,retainKeys" | "retainKeys" | "replace";
  /** `patchMergeKey`: the field identifying a list element (containers by `name`). */
  patchMergeKey?: string;
  /** `+listType`: atomic (replaced whole), set (of scalars) or map (of objects, by listMapKeys). */
  listType?: "atomic" | "set" | "map";
  /** `+listMapKey`s of a `listType: map`. */
  listMapKeys?: readonly string[];
}

const byName = (key: string, extra: Omit<FieldPatchMeta, "patchMergeKey"> = {}): FieldPatchMeta => ({
  patchStrategy: "merge", patchMergeKey: key, ...extra,
});
const mapBy = (...keys: string[]): Pick<FieldPatchMeta, "listType" | "listMapKeys"> => ({ listType: "map", listMapKeys: keys });

/** Container and EphemeralContainer (EphemeralContainerCommon) carry the same tags. */
const containerFields: Readonly<Record<string, FieldPatchMeta>> = {
  ports: byName("containerPort", mapBy("containerPort", "protocol")),
  env: byName("name", mapBy("name")),
  volumeMounts: byName("mountPath", mapBy("mountPath")),
  volumeDevices: byName("devicePath", mapBy("devicePath")),
};
/** `Conditions []XCondition ... patchStrategy:"merge" patchMergeKey:"type"` on status structs. */
const conditions = { conditions: byName("type") };

/** OpenAPI definition name → property → metadata. Only definitions we serve (roots.ts). */
export const patchMetadata: Readonly<Record<string, Readonly<Record<string, FieldPatchMeta>>>> = {
  "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta": {
    finalizers: { patchStrategy: "merge", listType: "set" },
    ownerReferences: byName("uid", mapBy("uid")),
  },
  "io.k8s.api.core.v1.PodSpec": {
    volumes: { ...byName("name", mapBy("name")), patchStrategy: "merge,retainKeys" },
    initContainers: byName("name", mapBy("name")),
    containers: byName("name", mapBy("name")),
    ephemeralContainers: byName("name", mapBy("name")),
    imagePullSecrets: byName("name", mapBy("name")),
    hostAliases: byName("ip", mapBy("ip")),
    topologySpreadConstraints: byName("topologyKey", mapBy("topologyKey", "whenUnsatisfiable")),
    schedulingGates: byName("name", mapBy("name")),
    resourceClaims: { ...byName("name", mapBy("name")), patchStrategy: "merge,retainKeys" },
  },
  "io.k8s.api.core.v1.Container": containerFields,
  // admissionregistration/v1 types.go: `Webhooks ... patchStrategy:"merge" patchMergeKey:"name"`,
  // +listType=map +listMapKey=name.
  "io.k8s.api.admissionregistration.v1.MutatingWebhookConfiguration": { webhooks: byName("name", mapBy("name")) },
  "io.k8s.api.admissionregistration.v1.ValidatingWebhookConfiguration": { webhooks: byName("name", mapBy("name")) },
  "io.k8s.api.core.v1.EphemeralContainer": containerFields,
  "io.k8s.api.core.v1.ContainerStatus": { volumeMounts: byName("mountPath") },
  "io.k8s.api.core.v1.PodStatus": {
    ...conditions,
    podIPs: byName("ip"),
    hostIPs: byName("ip"),
    resourceClaimStatuses: { ...byName("name"), patchStrategy: "merge,retainKeys" },
  },
  // ServiceSpec.ports merges by `port` in a strategic merge patch, but is a list map keyed by port
  // *and* protocol (a DNS Service serves 53/TCP and 53/UDP).
  "io.k8s.api.core.v1.ServiceSpec": { ports: byName("port", mapBy("port", "protocol")) },
  "io.k8s.api.core.v1.ServiceStatus": { conditions: byName("type", mapBy("type")) },
  // ServiceAccount.imagePullSecrets has no patch tags (unlike PodSpec's): it is atomic.
  "io.k8s.api.core.v1.ServiceAccount": { secrets: byName("name") },
  "io.k8s.api.core.v1.NodeSpec": { podCIDRs: { patchStrategy: "merge" } },
  "io.k8s.api.core.v1.NodeStatus": { ...conditions, addresses: byName("type") },
  "io.k8s.api.core.v1.NamespaceStatus": conditions,
  "io.k8s.api.core.v1.PersistentVolumeClaimStatus": conditions,
  "io.k8s.api.apps.v1.DeploymentSpec": { strategy: { patchStrategy: "retainKeys" } },
  "io.k8s.api.apps.v1.DeploymentStatus": conditions,
  "io.k8s.api.apps.v1.ReplicaSetStatus": conditions,
  "io.k8s.api.apps.v1.StatefulSetStatus": conditions,
  "io.k8s.api.batch.v1.JobStatus": { conditions: byName("type", { listType: "atomic" }) },
  "io.k8s.api.policy.v1.PodDisruptionBudgetSpec": { selector: { patchStrategy: "replace" } },
  "io.k8s.api.policy.v1.PodDisruptionBudgetStatus": { conditions: byName("type", mapBy("type")) },
};

/** The metadata of `property` in definition `definition`, if upstream tags it. */
export function patchMetaFor(definition: string | undefined, property: string): FieldPatchMeta | undefined {
  return definition === undefined ? undefined : patchMetadata[definition]?.[property];
}
