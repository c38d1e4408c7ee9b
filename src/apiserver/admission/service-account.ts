// The ServiceAccount admission plugin: every Pod runs as a ServiceAccount, and gets a token to
// talk to the API server, without the user writing either.
//
// On CREATE of a Pod it
//   1. sets `spec.serviceAccountName` to "default" when empty;
//   2. refuses the Pod when that ServiceAccount does not exist;
//   3. unless automounting is switched off (on the Pod, else on the ServiceAccount), adds a
//      projected volume `kube-api-access-<5 random chars>` holding a bound token, the cluster CA
//      and the namespace, and mounts it read-only at /var/run/secrets/kubernetes.io/serviceaccount
//      in every container that has nothing mounted there yet;
//   4. copies the ServiceAccount's imagePullSecrets when the Pod has none.
//
// Since v1.22 the token is a short-lived *bound* token from the TokenRequest API, projected by
// the kubelet; before, the plugin mounted a long-lived Secret. That Secret-based path is gone.
//
// Reference: plugin/pkg/admission/serviceaccount/admission.go (Admit, mountServiceAccountToken,
// TokenVolumeSource). SIMPLIFICATION: mirror pods and ephemeral containers are not handled.

import type { RandomSource } from "../../api/names";
import type { AdmissionAttributes, KubeObject } from "../types";
import { isCoreResource } from "./attributes";
import { admissionForbidden } from "./errors";
import { handlesOperations, type AdmissionPlugin } from "./plugin";
import { allContainers, asPod, type Pod, type Volume } from "./pod-spec";

export const DefaultServiceAccountName = "default";
export const ServiceAccountVolumeName = "kube-api-access";
export const DefaultAPITokenMountPath = "/var/run/secrets/kubernetes.io/serviceaccount";
/** serviceaccount.WarnOnlyBoundTokenExpirationSeconds: 1h + 7s, a marker the kubelet recognises. */
export const WarnOnlyBoundTokenExpirationSeconds = 3607;

/** utilrand.String's alphabet: no vowels (no words) and no confusable 0/1/3. */
const alphanums = "bcdfghjklmnpqrstvwxz2456789";

/** Looks up ServiceAccounts; undefined means not found. */
export type ServiceAccountGetter = (namespace: string, name: string) => KubeObject | undefined;

export interface ServiceAccountOptions {
  getServiceAccount: ServiceAccountGetter;
  /** Draws the 5 random characters of the volume name (names.SimpleNameGenerator). */
  rng: RandomSource;
  /** --service-account-... MountServiceAccountToken; true by default, as upstream. */
  mountServiceAccountToken?: boolean;
}

/** TokenVolumeSource: the projected volume, field for field as upstream builds it. */
export function tokenVolumeSource(): Record<string, unknown> {
  return {
    defaultMode: 420, // 0644, set explicitly (kubernetes#104464)
    sources: [
      { serviceAccountToken: { expirationSeconds: WarnOnlyBoundTokenExpirationSeconds, path: "token" } },
      { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
      { downwardAPI: { items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }] } },
    ],
  };
}

function shouldAutomount(sa: KubeObject, pod: Pod): boolean {
  // The Pod's own setting wins; then the ServiceAccount's; the default is to mount.
  if (pod.spec.automountServiceAccountToken !== undefined) return pod.spec.automountServiceAccountToken;
  const saSetting = sa["automountServiceAccountToken"];
  return typeof saSetting === "boolean" ? saSetting : true;
}

//> service-account-mount
function mountServiceAccountToken(pod: Pod, rng: RandomSource): void {
  // Reuse a kube-api-access-* volume the Pod already has (e.g. a re-submitted manifest).
  const existing = (pod.spec.volumes ?? []).find((v) => v.name.startsWith(ServiceAccountVolumeName + "-"));
  let tokenVolumeName = existing?.name ?? "";
  if (tokenVolumeName === "") {
    tokenVolumeName = ServiceAccountVolumeName + "-";
    for (let i = 0; i < 5; i++) tokenVolumeName += alphanums.charAt(rng.int(0, alphanums.length));
  }
  let needsTokenVolume = false;
  for (const container of allContainers(pod.spec)) {
    // A container that already mounts something at the token path keeps it.
    if ((container.volumeMounts ?? []).some((m) => m.mountPath === DefaultAPITokenMountPath)) continue;
    (container.volumeMounts ??= []).push({ name: tokenVolumeName, readOnly: true, mountPath: DefaultAPITokenMountPath });
    needsTokenVolume = true;
  }
  if (existing === undefined && needsTokenVolume) {
    const volume: Volume = { name: tokenVolumeName, projected: tokenVolumeSource() };
    (pod.spec.volumes ??= []).push(volume);
  }
}
//< service-account-mount

export function serviceAccountPlugin(options: ServiceAccountOptions): AdmissionPlugin {
  const mount = options.mountServiceAccountToken ?? true;
  return {
    name: "ServiceAccount",
    // Pods are only mutated on create; a running Pod's ServiceAccount cannot change.
    handles: handlesOperations("CREATE"),
    admit(a: AdmissionAttributes): void {
      if (!isCoreResource(a, "pods")) return;
      const pod = asPod(a.object);
      if (pod === undefined) return;
      pod.spec.serviceAccountName ||= DefaultServiceAccountName;
      const name = pod.spec.serviceAccountName;
      const sa = options.getServiceAccount(a.namespace, name);
      if (sa === undefined) {
        throw admissionForbidden(
          a,
          `error looking up service account ${a.namespace}/${name}: serviceaccount ${JSON.stringify(name)} not found`,
        );
      }
      if (mount && shouldAutomount(sa, pod)) mountServiceAccountToken(pod, options.rng);
      const pullSecrets = (sa["imagePullSecrets"] as { name: string }[] | undefined) ?? [];
      if ((pod.spec.imagePullSecrets ?? []).length === 0 && pullSecrets.length > 0) {
        pod.spec.imagePullSecrets = pullSecrets.map((s) => ({ name: s.name }));
      }
    },
  };
}
