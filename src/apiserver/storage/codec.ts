// How objects are stored: JSON, without `metadata.resourceVersion`, which is not data but the
// store's mod revision, stamped back on every read (storage.APIObjectVersioner,
// PrepareObjectForStorage / UpdateObject in k8s.io/apiserver/pkg/storage/api_object_versioner.go).
//
// SIMPLIFICATION: upstream stores protobuf for built-in kinds (with a `k8s\0` magic prefix) and JSON
// for custom resources, and may encrypt the bytes (the EncryptionConfiguration transformers).
import type { KubeObject } from "../types";

/** The bytes to store: the object without resourceVersion and selfLink. */
export function encode(obj: KubeObject): string {
  const { resourceVersion: _rv, selfLink: _selfLink, ...meta } = obj.metadata ?? {};
  return JSON.stringify({ ...obj, metadata: meta });
}

/** The object from stored bytes, with `resourceVersion` set to `revision`. A fresh copy every time. */
export function decode(data: string, revision: number): KubeObject {
  const obj = JSON.parse(data) as KubeObject;
  obj.metadata = { ...(obj.metadata ?? {}), resourceVersion: String(revision) };
  return obj;
}

/** A deep copy (objects are plain JSON). */
export function deepCopy<T>(obj: T): T {
  return JSON.parse(JSON.stringify(obj)) as T;
}

/** The object with a different resourceVersion, as a copy. */
export function withResourceVersion(obj: KubeObject, revision: number): KubeObject {
  return { ...obj, metadata: { ...(obj.metadata ?? {}), resourceVersion: String(revision) } };
}
