// The registry: one resource's REST semantics on top of `Storage`
// (k8s.io/apiserver/pkg/registry/generic/registry/store.go, with rest/create.go, rest/update.go
// and rest/delete.go). Storage knows keys, bytes and revisions; the registry knows what a
// Kubernetes object *is*:
//
//   create   name (or generateName + 5 random characters), uid, creationTimestamp, generation 1
//   update   optimistic concurrency on metadata.resourceVersion (409), immutable uid, generation
//            bumped when spec changes, no new finalizers once deleting
//   patch    the patch applied to the *current* object inside guaranteedUpdate, so a lost race
//            is retried with a fresh read (unless the patch itself names a resourceVersion)
//   delete   three ways, decided in `delete` below: at once; by marking (deletionTimestamp) and
//            waiting for finalizers; gracefully (pods: deletionTimestamp = now + grace)
//
// What it does not do by itself: validation beyond metadata (phase 5 runs before it), admission
// and status subresources (the caller's UpdateHooks), field managers, dry run (give it a storage
// that writes nothing), watch (call storage.watch), the garbage collector's
// orphan/foreground finalizers (propagationPolicy). Nobody deletes a gracefully deleted pod when
// its grace period ends except the kubelet (a delete with gracePeriodSeconds=0): nor here.
import { field } from "../../api/field-errors";
import { generateName, type RandomSource } from "../../api/names";
import { newUID, rfc3339 } from "../../api/meta";
import { goQuote, utf8Length } from "../../api/go-quote";
import {
  newBadRequest, newGenerateNameConflict, newInvalid, newRequestEntityTooLarge, StatusError, type GroupResource,
} from "../../api/status";
import type { Clock } from "../../sim/clock";
import { jsonEqual, type JsonValue } from "../admission/json-patch";
import { collectionKey, objectKey, optimisticLockError, type ListOptions, type Preconditions, type Storage } from "../storage";
import type { KubeObject } from "../types";
import { applyPatch, patchTypeFor } from "./patch";

/**
 * The largest request body the API server reads (apiserver's MaxRequestBodyBytes, 3 MiB, set in
 * k8s.io/apiserver/pkg/server/config.go). Cost: etcd's own limit is 1.5 MiB per value, so an
 * object between the two passes here and fails in etcd; we model only this one.
 */
export const MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;

/** How many generated names a create tries before giving up (store.go maxNameGenerationCreateAttempts). */
export const MAX_NAME_GENERATION_CREATE_ATTEMPTS = 8;

/** Upstream's default for pods without spec.terminationGracePeriodSeconds. */
export const DEFAULT_POD_GRACE_PERIOD_SECONDS = 30;

export interface RegistryOptions {
  storage: Storage;
  /** The plural resource: "pods". */
  resource: string;
  /** For errors: `Pod "web" is invalid`. */
  kind: string;
  group?: string;
  apiVersion?: string;
  namespaced: boolean;
  clock: Clock;
  /** Names from generateName and uids. */
  rng: RandomSource;
  /**
   * rest.RESTGracefulDeleteStrategy: the grace period of an object deleted without one, or
   * undefined when the resource does not delete gracefully (everything but pods). Pods use
   * spec.terminationGracePeriodSeconds, this default (30) when absent, and 0 when unscheduled.
   */
  defaultGracePeriodSeconds?: number;
}

/**
 * What a caller adds to an update or a patch. It runs inside guaranteedUpdate, so it sees the
 * stored object of each attempt: the API server puts the update strategy there (a status update
 * keeps the stored spec), and, for a patch, admission and validation, as upstream's registry runs
 * them through rest.UpdatedObjectInfo and the update validation functions.
 */
export interface UpdateHooks {
  /** The object to write, from the one the request produced and the stored one; throw to refuse. */
  transform?: (updated: KubeObject, current: KubeObject) => KubeObject | Promise<KubeObject>;
}

export interface RegistryDeleteOptions {
  /** metav1.DeleteOptions.gracePeriodSeconds; 0 deletes at once ("force"). */
  gracePeriodSeconds?: number;
  preconditions?: Preconditions;
}

/** What DELETE did: `deleted` false means the object is still there, now marked for deletion. */
export interface DeleteResult {
  object: KubeObject;
  deleted: boolean;
}

export interface ListObject {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: KubeObject[];
}

/** 413 when a request body exceeds MAX_REQUEST_BODY_BYTES (handlers/rest.go limitedReadBody). */
export function checkRequestSize(body: string): void {
  if (utf8Length(body) > MAX_REQUEST_BODY_BYTES) throw newRequestEntityTooLarge(`limit is ${MAX_REQUEST_BODY_BYTES}`);
}

const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export class Registry {
  readonly gr: GroupResource;

  constructor(readonly options: RegistryOptions) {
    this.gr = { group: options.group ?? "", resource: options.resource };
  }

  private key(namespace: string, name: string): string {
    return objectKey(this.options.resource, this.options.namespaced ? namespace : "", name);
  }

  private invalid(name: string, errs: Parameters<typeof newInvalid>[2]): StatusError {
    return newInvalid({ group: this.gr.group, kind: this.options.kind }, name, errs);
  }

  //> registry-create
  /** store.Create with rest.BeforeCreate: stamps the system fields, then storage.create. */
  async create(namespace: string, input: KubeObject): Promise<KubeObject> {
    checkRequestSize(JSON.stringify(input));
    const obj = copy(input);
    const meta = (obj.metadata ??= {});
    this.checkNamespace(namespace, meta.namespace);
    if (this.options.namespaced) meta.namespace = namespace;
    else delete meta.namespace;
    if (!meta.name && meta.generateName) meta.name = generateName(meta.generateName, this.options.rng);
    if (!meta.name) {
      throw this.invalid("", [field.required(field.newPath("metadata", "name"), "name or generateName is required")]);
    }
    // rest.FillObjectMetaSystemFields, and what BeforeCreate clears: a client cannot create an
    // object that is already being deleted.
    meta.uid = newUID(this.options.rng);
    meta.creationTimestamp = rfc3339(this.options.clock.now());
    meta.generation = 1;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    // A generated name that is taken: draw another, up to 8 attempts in all (KEP-4420, on by
    // default since v1.32: store.go createWithGenerateNameRetry); then upstream's distinct 409
    // (rest.CheckGeneratedNameError).
    const generated = !input.metadata?.name && meta.generateName !== undefined && meta.generateName !== "";
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.options.storage.create(this.key(namespace, meta.name), obj);
      } catch (err) {
        if (!(generated && err instanceof StatusError && err.reason === "AlreadyExists")) throw err;
        if (attempt === MAX_NAME_GENERATION_CREATE_ATTEMPTS) throw newGenerateNameConflict(this.gr, meta.name, 1);
        meta.name = generateName(meta.generateName!, this.options.rng);
      }
    }
  }
  //< registry-create

  get(namespace: string, name: string): Promise<KubeObject> {
    return this.options.storage.get(this.key(namespace, name)) as Promise<KubeObject>;
  }

  /** A `<Kind>List`; namespace "" lists every namespace. */
  async list(namespace: string, options: ListOptions = {}): Promise<ListObject> {
    const prefix = collectionKey(this.options.resource, this.options.namespaced ? namespace : "");
    const result = await this.options.storage.getList(prefix, options);
    const metadata: ListObject["metadata"] = { resourceVersion: result.resourceVersion };
    if (result.continue !== undefined) metadata.continue = result.continue;
    if (result.remainingItemCount !== undefined) metadata.remainingItemCount = result.remainingItemCount;
    return { apiVersion: this.options.apiVersion ?? "v1", kind: `${this.options.kind}List`, metadata, items: result.items };
  }

  //> registry-update
  /** store.Update: `input` replaces the object; refused with 409 if it was read at an older resourceVersion. */
  async update(namespace: string, name: string, input: KubeObject, hooks: UpdateHooks = {}): Promise<KubeObject> {
    checkRequestSize(JSON.stringify(input));
    const obj = copy(input);
    this.checkNamespace(namespace, obj.metadata?.namespace);
    if (obj.metadata?.name !== undefined && obj.metadata.name !== name) {
      throw newBadRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
    }
    const key = this.key(namespace, name);
    const out = await this.options.storage.guaranteedUpdate(key, async (current) => {
      const updated = hooks.transform === undefined ? obj : await hooks.transform(copy(obj), current);
      return this.prepareForUpdate(key, current, updated);
    });
    return this.deleteIfFinalized(key, out);
  }
  //< registry-update

  //> registry-patch
  /**
   * PATCH: `body` in the format its `contentType` names (patch.ts). The patch is applied to the
   * object guaranteedUpdate read, so a concurrent writer only makes it re-read and re-apply.
   */
  async patch(namespace: string, name: string, contentType: string, body: string, hooks: UpdateHooks = {}): Promise<KubeObject> {
    checkRequestSize(body);
    const type = patchTypeFor(contentType);
    const key = this.key(namespace, name);
    const out = await this.options.storage.guaranteedUpdate(key, async (current) => {
      const patched = applyPatch(current as JsonValue, type, body);
      if (typeof patched !== "object" || patched === null || Array.isArray(patched)) {
        throw newBadRequest("the patch did not produce an object");
      }
      const obj = patched as KubeObject;
      if (obj.metadata?.name !== undefined && obj.metadata.name !== name) {
        throw newBadRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
      }
      const updated = hooks.transform === undefined ? obj : await hooks.transform(obj, current);
      return this.prepareForUpdate(key, current, updated);
    });
    return this.deleteIfFinalized(key, out);
  }
  //< registry-patch

  /**
   * rest.BeforeUpdate and ValidateObjectMetaUpdate, run inside guaranteedUpdate on each attempt.
   * Pure: `current` and `input` are not changed.
   */
  private prepareForUpdate(key: string, current: KubeObject, input: KubeObject): KubeObject {
    const obj = copy(input);
    const meta = (obj.metadata ??= {});
    const old = current.metadata ?? {};
    const name = old.name ?? "";
    //> registry-resource-version-check
    // Optimistic concurrency: a resourceVersion in the request must be the stored one. None at all
    // is an unconditional update (AllowUnconditionalUpdate, true for the built-in kinds).
    if (meta.resourceVersion && meta.resourceVersion !== old.resourceVersion) throw optimisticLockError(key);
    meta.resourceVersion = old.resourceVersion;
    //< registry-resource-version-check
    meta.name = old.name;
    if (old.namespace !== undefined) meta.namespace = old.namespace;

    const errs = [];
    // "Use the existing UID if none is provided"; a different one is an error.
    if (!meta.uid) meta.uid = old.uid;
    else if (meta.uid !== old.uid) errs.push(field.invalid(field.newPath("metadata", "uid"), meta.uid, "field is immutable"));
    // rest.BeforeUpdate: "ignore changes to timestamp" — the stored creationTimestamp is kept.
    meta.creationTimestamp = old.creationTimestamp;
    // Once deleting, the deletion fields are the registry's; a client may omit them but not change them.
    for (const f of ["deletionTimestamp", "deletionGracePeriodSeconds"] as const) {
      if (meta[f] === undefined) {
        if (old[f] !== undefined) (meta as Record<string, unknown>)[f] = old[f];
      } else if (meta[f] !== old[f]) {
        errs.push(field.invalid(field.newPath("metadata", f), meta[f], "field is immutable"));
      }
    }
    if (old.deletionTimestamp !== undefined) {
      const added = (meta.finalizers ?? []).filter((f) => !(old.finalizers ?? []).includes(f));
      if (added.length > 0) {
        const shown = `[]string{${added.map(goQuote).join(", ")}}`;
        errs.push(field.forbidden(field.newPath("metadata", "finalizers"),
          `no new finalizers can be added if the object is being deleted, found new finalizers ${shown}`));
      }
    }
    if (errs.length > 0) throw this.invalid(name, errs);

    //> registry-generation
    // Requests cannot set generation; the strategy bumps it when the desired state (spec) changed.
    meta.generation = old.generation ?? 1;
    const specChanged = !jsonEqual((current["spec"] ?? null) as JsonValue, (obj["spec"] ?? null) as JsonValue);
    if (specChanged) meta.generation += 1;
    //< registry-generation
    return obj;
  }

  /**
   * store.shouldDeleteDuringUpdate: an update that removed the last finalizer of an object whose
   * deletion is due (deletionGracePeriodSeconds 0) completes the deletion.
   */
  private async deleteIfFinalized(key: string, obj: KubeObject): Promise<KubeObject> {
    const meta = obj.metadata ?? {};
    if (meta.deletionTimestamp === undefined || (meta.finalizers ?? []).length > 0 || meta.deletionGracePeriodSeconds !== 0) {
      return obj;
    }
    const preconditions: Preconditions = {};
    if (meta.uid !== undefined) preconditions.uid = meta.uid;
    if (meta.resourceVersion !== undefined) preconditions.resourceVersion = meta.resourceVersion;
    return this.options.storage.delete(key, { preconditions });
  }

  //> registry-delete
  /**
   * store.Delete with rest.BeforeDelete. In order:
   *  1. Already deleting: a shorter grace period shortens it; otherwise nothing changes.
   *  2. Graceful (pods, grace > 0): set deletionTimestamp = now + grace and deletionGracePeriodSeconds;
   *     the kubelet stops the containers and deletes with grace 0.
   *  3. Finalizers present: mark (deletionTimestamp = now, grace 0) and keep the object until
   *     the controllers owning the finalizers remove them (update → deleteIfFinalized).
   *  4. Otherwise: delete from storage now.
   */
  async delete(namespace: string, name: string, options: RegistryDeleteOptions = {}): Promise<DeleteResult> {
    const key = this.key(namespace, name);
    const now = this.options.clock.now();
    let deleteNow = false;
    const out = await this.options.storage.guaranteedUpdate(
      key,
      (current) => {
        deleteNow = false;
        const obj = copy(current);
        const meta = (obj.metadata ??= {});
        const hasFinalizers = (meta.finalizers ?? []).length > 0;
        const requested = options.gracePeriodSeconds === undefined ? undefined : Math.max(0, options.gracePeriodSeconds);
        if (meta.deletionTimestamp !== undefined) {
          const existing = meta.deletionGracePeriodSeconds ?? 0;
          if (requested === undefined || requested >= existing) return current; // pending: unchanged
          // Shorten: the deadline moves from (start + existing) to (start + requested).
          const start = Date.parse(meta.deletionTimestamp) - existing * 1000;
          meta.deletionTimestamp = rfc3339(start + requested * 1000);
          meta.deletionGracePeriodSeconds = requested;
          deleteNow = requested === 0 && !hasFinalizers;
          return obj;
        }
        const grace = requested ?? this.defaultGracePeriod(current);
        if (grace !== undefined && grace > 0) {
          // rest.BeforeDelete: the deadline, and a generation bump (a change of desired state).
          meta.deletionTimestamp = rfc3339(now + grace * 1000);
          meta.deletionGracePeriodSeconds = grace;
          if ((meta.generation ?? 0) > 0) meta.generation = (meta.generation ?? 0) + 1;
          return obj;
        }
        if (hasFinalizers) {
          meta.deletionTimestamp = rfc3339(now); // store.go markAsDeleting
          meta.deletionGracePeriodSeconds = 0;
          if ((meta.generation ?? 0) > 0) meta.generation = (meta.generation ?? 0) + 1;
          return obj;
        }
        deleteNow = true;
        return current; // no change: EtcdStore skips the write
      },
      options.preconditions === undefined ? {} : { preconditions: options.preconditions },
    );
    if (!deleteNow) return { object: out, deleted: false };
    const preconditions: Preconditions = { ...(options.preconditions ?? {}) };
    if (out.metadata?.resourceVersion !== undefined) preconditions.resourceVersion = out.metadata.resourceVersion;
    return { object: await this.options.storage.delete(key, { preconditions }), deleted: true };
  }
  //< registry-delete

  /** pods' CheckGracefulDelete: terminationGracePeriodSeconds, the default, or 0 when unscheduled or finished. */
  private defaultGracePeriod(obj: KubeObject): number | undefined {
    if (this.options.defaultGracePeriodSeconds === undefined) return undefined;
    const spec = (obj["spec"] ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
    const phase = ((obj["status"] ?? {}) as { phase?: string }).phase;
    if (this.options.resource === "pods" && (!spec.nodeName || phase === "Succeeded" || phase === "Failed")) return 0;
    return spec.terminationGracePeriodSeconds ?? this.options.defaultGracePeriodSeconds;
  }

  private checkNamespace(requestNamespace: string, objectNamespace: string | undefined): void {
    if (!this.options.namespaced) return;
    if (requestNamespace === "") throw newBadRequest("namespace is required for a namespaced resource");
    if (objectNamespace && objectNamespace !== requestNamespace) {
      throw newBadRequest("the namespace of the provided object does not match the namespace sent on the request");
    }
  }
}
