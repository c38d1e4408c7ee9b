// Object metadata: the `metadata` block every Kubernetes object carries, and the helpers the
// control plane uses on it.
//
// - identity: `uid` (unique forever, across deletions and re-creations of the same name) and
//   `creationTimestamp`, both filled in by the API server on create, never by the client;
// - keys: controllers and caches index objects by "namespace/name" (`default/web`), or by the
//   bare name for cluster-scoped objects such as Nodes;
// - ownership: a ReplicaSet's Pods point back to it with an ownerReference whose
//   `controller: true` marks the one owner that manages them. The garbage collector follows
//   these references when an owner is deleted.
//
// References: k8s.io/apiserver/pkg/registry/rest/meta.go (FillObjectMetaSystemFields),
// k8s.io/apimachinery/pkg/apis/meta/v1/controller_ref.go (NewControllerRef, GetControllerOf,
// IsControlledBy), k8s.io/client-go/tools/cache/store.go (MetaNamespaceKeyFunc,
// SplitMetaNamespaceKey), k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go (SetMetaDataLabel).

import type { ObjectMeta, OwnerReference } from "kubernetes-types/meta/v1";
import type { RandomSource } from "./names";

/** Anything with the standard type and object metadata: a Pod, a Deployment, a Node... */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

/** An error in how the metadata helpers were called (not a user input error). */
export class MetadataError extends Error {
  override readonly name: string = "MetadataError";
}

//> new-uid
/**
 * A random RFC 4122 version 4 UUID, such as `3f2a9c1e-7b4d-4e8a-9c0f-1a2b3c4d5e6f`, drawn from
 * `rng` so that a seeded simulation replays the same uids. Upstream uses google/uuid's
 * NewRandom (crypto/rand); the format is the same.
 */
export function newUID(rng: RandomSource): string {
  const hex = "0123456789abcdef";
  let out = "";
  for (let i = 0; i < 32; i++) {
    if (i === 8 || i === 12 || i === 16 || i === 20) out += "-";
    if (i === 12) out += "4"; // version 4: random
    else if (i === 16) out += hex.charAt(8 + rng.int(0, 4)); // variant 10xx: 8, 9, a or b
    else out += hex.charAt(rng.int(0, 16));
  }
  return out;
}
//< new-uid

/**
 * A timestamp as metav1.Time serializes it: RFC 3339 in UTC with whole seconds,
 * `2024-05-01T12:00:00Z`. Takes milliseconds since the epoch (from the simulation clock).
 */
export function rfc3339(epochMillis: number): string {
  return new Date(epochMillis).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * rest.FillObjectMetaSystemFields: what the API server stamps on every new object.
 * Returns a copy; the input is not modified.
 */
export function fillObjectMetaSystemFields(
  meta: ObjectMeta,
  env: { now: () => number; rng: RandomSource },
): ObjectMeta {
  return { ...meta, creationTimestamp: rfc3339(env.now()), uid: newUID(env.rng) };
}

//> object-keys
/** The namespace and name of an object; namespace is "" for cluster-scoped objects. */
export interface NamespacedName {
  namespace: string;
  name: string;
}

export function namespacedName(obj: KubeObject): NamespacedName {
  return { namespace: obj.metadata?.namespace ?? "", name: obj.metadata?.name ?? "" };
}

/**
 * cache.MetaNamespaceKeyFunc: `namespace/name`, or just `name` for cluster-scoped objects.
 * This is the key controllers put on their work queues.
 */
export function metaNamespaceKey(obj: KubeObject): string {
  return namespacedNameKey(namespacedName(obj));
}

/** The same key, from a namespace and name: `default/web`, or `node-1` without a namespace. */
export function namespacedNameKey({ namespace, name }: NamespacedName): string {
  return namespace.length > 0 ? `${namespace}/${name}` : name;
}

/** cache.SplitMetaNamespaceKey: the inverse of metaNamespaceKey. */
export function splitMetaNamespaceKey(key: string): NamespacedName {
  const parts = key.split("/");
  if (parts.length === 1) return { namespace: "", name: parts[0] ?? "" };
  if (parts.length === 2) return { namespace: parts[0] ?? "", name: parts[1] ?? "" };
  throw new MetadataError(`unexpected key format: ${JSON.stringify(key)}`);
}
//< object-keys

//> owner-references
/**
 * An ownerReference pointing at `owner`. The owner must already exist on the server: its
 * `uid` is what makes the reference unambiguous (a new object with the same name has another
 * uid, and the garbage collector treats the old reference as dangling).
 */
export function ownerReference(
  owner: KubeObject,
  opts: { controller?: boolean; blockOwnerDeletion?: boolean } = {},
): OwnerReference {
  const { apiVersion, kind } = owner;
  const name = owner.metadata?.name;
  const uid = owner.metadata?.uid;
  if (!apiVersion || !kind || !name || !uid) {
    throw new MetadataError(
      "an owner reference needs the owner's apiVersion, kind, metadata.name and metadata.uid " +
        `(got apiVersion=${String(apiVersion)}, kind=${String(kind)}, name=${String(name)}, uid=${String(uid)}); ` +
        "was the owner read back from the API server?",
    );
  }
  const ref: OwnerReference = { apiVersion, kind, name, uid };
  if (opts.controller !== undefined) ref.controller = opts.controller;
  if (opts.blockOwnerDeletion !== undefined) ref.blockOwnerDeletion = opts.blockOwnerDeletion;
  return ref;
}

/** metav1.NewControllerRef: the reference a controller puts on the objects it creates. */
export function newControllerRef(owner: KubeObject): OwnerReference {
  return ownerReference(owner, { controller: true, blockOwnerDeletion: true });
}

/** metav1.GetControllerOf: the owner reference with `controller: true`, if any. */
export function getControllerOf(obj: KubeObject): OwnerReference | undefined {
  const ref = (obj.metadata?.ownerReferences ?? []).find((r) => r.controller === true);
  return ref === undefined ? undefined : { ...ref };
}

/** metav1.IsControlledBy: is `owner` the managing controller of `obj`? Compared by uid. */
export function isControlledBy(obj: KubeObject, owner: KubeObject): boolean {
  const ref = getControllerOf(obj);
  return ref !== undefined && ref.uid === owner.metadata?.uid;
}

/** Does any owner reference of `obj` (controller or not) point at `owner`? Compared by uid. */
export function isOwnedBy(obj: KubeObject, owner: KubeObject): boolean {
  const uid = owner.metadata?.uid;
  return uid !== undefined && (obj.metadata?.ownerReferences ?? []).some((r) => r.uid === uid);
}
//< owner-references

// Labels and annotations. Readers accept objects without metadata; writers create what is
// missing and modify `obj` in place, as upstream's SetMetaDataLabel does.

export function getLabels(obj: KubeObject): Readonly<Record<string, string>> {
  return obj.metadata?.labels ?? {};
}
export function getLabel(obj: KubeObject, key: string): string | undefined {
  return obj.metadata?.labels?.[key];
}
export function hasLabel(obj: KubeObject, key: string): boolean {
  return obj.metadata?.labels !== undefined && Object.hasOwn(obj.metadata.labels, key);
}
export function setLabel(obj: KubeObject, key: string, value: string): void {
  const meta = (obj.metadata ??= {});
  (meta.labels ??= {})[key] = value;
}
export function removeLabel(obj: KubeObject, key: string): void {
  if (obj.metadata?.labels !== undefined) delete obj.metadata.labels[key];
}

export function getAnnotations(obj: KubeObject): Readonly<Record<string, string>> {
  return obj.metadata?.annotations ?? {};
}
export function getAnnotation(obj: KubeObject, key: string): string | undefined {
  return obj.metadata?.annotations?.[key];
}
export function hasAnnotation(obj: KubeObject, key: string): boolean {
  return obj.metadata?.annotations !== undefined && Object.hasOwn(obj.metadata.annotations, key);
}
export function setAnnotation(obj: KubeObject, key: string, value: string): void {
  const meta = (obj.metadata ??= {});
  (meta.annotations ??= {})[key] = value;
}
export function removeAnnotation(obj: KubeObject, key: string): void {
  if (obj.metadata?.annotations !== undefined) delete obj.metadata.annotations[key];
}
