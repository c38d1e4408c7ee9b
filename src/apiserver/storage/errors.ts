// The errors the storage layer returns, already in the form a client sees (a Status).
//
// Upstream has two steps: etcd3/store.go returns `storage.StorageError`s (key not found, key
// exists, resource version conflicts, invalid object), and the registry turns them into API
// errors (k8s.io/apiserver/pkg/storage/errors/storage.go, InterpretGetError & co.). This course
// folds the two steps together: the key names the resource and the object, so the storage layer
// can build the final Status itself. The messages are upstream's, byte for byte.
import {
  newAlreadyExists, newBadRequest, newConflict, newNotFound, newResourceExpired, newTimeoutError, type StatusError,
} from "../../api/status";
import { groupResourceOf, parseKey } from "./keys";

/** registry/generic/registry/store.go OptimisticLockErrorMsg. */
export const OPTIMISTIC_LOCK_ERROR_MSG = "the object has been modified; please apply your changes to the latest version and try again";

/** 404 `pods "web" not found` (storage.NewKeyNotFoundError, interpreted). */
export function keyNotFound(key: string): StatusError {
  return newNotFound(groupResourceOf(key), parseKey(key).name);
}

/** 409 `pods "web" already exists` (storage.NewKeyExistsError, interpreted). */
export function keyExists(key: string): StatusError {
  return newAlreadyExists(groupResourceOf(key), parseKey(key).name);
}

/** 409 `Operation cannot be fulfilled on pods "web": the object has been modified; ...`. */
export function optimisticLockError(key: string): StatusError {
  return newConflict(groupResourceOf(key), parseKey(key).name, OPTIMISTIC_LOCK_ERROR_MSG);
}

/**
 * 409 for a failed precondition. storage.Preconditions.Check returns NewInvalidObjError and
 * InterpretUpdateError/InterpretDeleteError turn it into a Conflict whose message embeds the
 * StorageError's own text: `Operation cannot be fulfilled on pods "web": StorageError: invalid
 * object, Code: 4, Key: /registry/pods/default/web, ResourceVersion: 0, AdditionalErrorMsg:
 * Precondition failed: UID in precondition: a, UID in object meta: b`.
 */
export function preconditionFailed(key: string, detail: string): StatusError {
  const storageError = `StorageError: invalid object, Code: 4, Key: ${key}, ResourceVersion: 0, AdditionalErrorMsg: ${detail}`;
  return newConflict(groupResourceOf(key), parseKey(key).name, storageError);
}

/** 410 Expired, from the watch cache: `too old resource version: 5 (8)`, asked and oldest available. */
export function tooOldResourceVersion(requested: number, oldest: number): StatusError {
  return newResourceExpired(`too old resource version: ${requested} (${oldest})`);
}

/** etcd3/store.go interpretListError: an Exact list at a compacted revision. */
export const LIST_EXPIRED_MSG = "The resourceVersion for the provided list is too old.";
/** etcd3/watcher.go interpretWatchError: a watch (not served by the cache) from a compacted revision. */
export const WATCH_EXPIRED_MSG = "The resourceVersion for the provided watch is too old.";
/** etcd3/store.go continueExpired: the revision a continue token names has been compacted. */
export const CONTINUE_EXPIRED_MSG =
  "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.";

export function listExpired(): StatusError {
  return newResourceExpired(LIST_EXPIRED_MSG);
}
export function watchExpired(): StatusError {
  return newResourceExpired(WATCH_EXPIRED_MSG);
}

/**
 * SIMPLIFICATION: upstream answers an expired continue token with the longer "inconsistentContinue"
 * message plus a fresh token (rv -1) in the Status's ListMeta, so a client may finish the list
 * inconsistently; our Status type has no ListMeta, so only the plain message is returned.
 */
export function continueExpired(): StatusError {
  return newResourceExpired(CONTINUE_EXPIRED_MSG);
}

/** 400 `invalid continue token: ...` (etcd3/store.go GetList). */
export function invalidContinue(detail: string): StatusError {
  return newBadRequest(`invalid continue token: ${detail}`);
}

/** 400 for a resourceVersion that is not a number (storage/api_object_versioner.go ParseResourceVersion). */
export function invalidResourceVersion(rv: string): StatusError {
  return newBadRequest(`invalid resource version: ${rv}`);
}

/**
 * 504 `Too large resource version: 12, current: 10` (storage.NewTooLargeResourceVersionError):
 * the client has seen a revision this server has not reached yet; it should retry.
 */
export function tooLargeResourceVersion(requested: number, current: number): StatusError {
  return newTimeoutError(`Too large resource version: ${requested}, current: ${current}`, 1);
}

/** APIObjectVersioner.ParseResourceVersion: "" is 0; anything else must be a non-negative integer. */
export function parseResourceVersion(rv: string | undefined): number {
  if (rv === undefined || rv === "") return 0;
  if (!/^\d+$/.test(rv)) throw invalidResourceVersion(rv);
  return Number(rv);
}
