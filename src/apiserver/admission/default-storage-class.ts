// DefaultStorageClass: a PersistentVolumeClaim that names no StorageClass gets the cluster's
// default one, the class annotated `storageclass.kubernetes.io/is-default-class: "true"`.
//
// Note the three cases a learner meets:
//   - storageClassName absent      → the default class is filled in here;
//   - storageClassName: ""         → explicitly *no* class (bind only to PVs without a class);
//     the plugin leaves it alone, because "" is a choice, not an omission;
//   - no default class configured  → the PVC stays without a class (since v1.28 the PV
//     controller assigns a default retroactively once one appears).
// With several defaults, upstream picks the newest by creationTimestamp, then by name (v1.26+;
// before, it refused the claim).
//
// Reference: plugin/pkg/admission/storage/storageclass/setdefault/admission.go and
// pkg/volume/util/storageclass.go (GetDefaultClass).

import type { AdmissionAttributes, KubeObject } from "../types";
import { isCoreResource } from "./attributes";
import { handlesOperations, type AdmissionPlugin } from "./plugin";

export const IsDefaultStorageClassAnnotation = "storageclass.kubernetes.io/is-default-class";
export const BetaIsDefaultStorageClassAnnotation = "storageclass.beta.kubernetes.io/is-default-class";
/** The pre-1.6 way of naming a class, still honoured. */
export const BetaStorageClassAnnotation = "volume.beta.kubernetes.io/storage-class";

function isDefaultAnnotation(sc: KubeObject): boolean {
  const ann = sc.metadata?.annotations ?? {};
  return ann[IsDefaultStorageClassAnnotation] === "true" || ann[BetaIsDefaultStorageClassAnnotation] === "true";
}

/** GetDefaultClass: the newest default StorageClass (ties by name), or undefined. */
export function getDefaultClass(classes: readonly KubeObject[]): KubeObject | undefined {
  const defaults = classes.filter(isDefaultAnnotation);
  defaults.sort((x, y) => {
    const tx = x.metadata?.creationTimestamp ?? "";
    const ty = y.metadata?.creationTimestamp ?? "";
    if (tx !== ty) return tx > ty ? -1 : 1; // RFC 3339 UTC strings sort as times
    const nx = x.metadata?.name ?? "";
    const ny = y.metadata?.name ?? "";
    return nx < ny ? -1 : nx > ny ? 1 : 0;
  });
  return defaults[0];
}

export function defaultStorageClassPlugin(listStorageClasses: () => readonly KubeObject[]): AdmissionPlugin {
  return {
    name: "DefaultStorageClass",
    handles: handlesOperations("CREATE"),
    admit(a: AdmissionAttributes): void {
      if (!isCoreResource(a, "persistentvolumeclaims") || a.object === undefined) return;
      const pvc = a.object;
      const spec = (pvc["spec"] ??= {}) as { storageClassName?: string | null };
      // PersistentVolumeClaimHasClass: the beta annotation or the field, even "", counts.
      if (pvc.metadata?.annotations?.[BetaStorageClassAnnotation] !== undefined) return;
      if (spec.storageClassName !== undefined && spec.storageClassName !== null) return;
      const def = getDefaultClass(listStorageClasses());
      if (def?.metadata?.name === undefined) return;
      spec.storageClassName = def.metadata.name;
    },
  };
}
