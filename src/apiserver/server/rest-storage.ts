// The storage step of the pipeline: one request, dispatched by verb to the resource's Registry.
// By the time a create or an update arrives here it has been decoded, admitted and validated
// (rest-handler.ts); a patch is admitted here, inside the registry (update-admission.ts).
//
//   get, list, watch          Registry.get/list, storage.watch; answered as the client's Accept asks
//                             (the object, a Table, PartialObjectMetadata)
//   create                    Registry.create (201); pods/binding, pods/eviction, SelfSubjectAccessReview,
//                             SelfSubjectRulesReview
//   update, patch             Registry.update/patch with the strategy (status subresource) and,
//                             for RBAC objects, the escalation check; deployments/scale; a PUT
//                             admitted as a create (AllowCreateOnUpdate) is Registry.create (201)
//   delete, deletecollection  Registry.delete: 200 when gone, 202 while a grace period runs;
//                             deletecollection admits each item's deletion here (admitDelete)
//
// Upstream: k8s.io/apiserver/pkg/endpoints/handlers (get.go, create.go, update.go, patch.go,
// delete.go) over k8s.io/apiserver/pkg/registry/generic/registry/store.go.

import { newBadRequest, newConflict, newInternalError, newSuccessStatus, StatusError } from "../../api/status";
import type { SelfSubjectAccessReview, SelfSubjectRulesReview } from "kubernetes-types/authorization/v1";
import { headerValue } from "../authn/types";
import { isRuleResolver } from "../authz/rule-resolver";
import { selfSubjectAccessReview } from "../authz/self-subject-access-review";
import { selfSubjectRulesReview } from "../authz/self-subject-rules-review";
import type { StorageHandler, StorageOutcome, StorageRequest, StreamOutcome } from "../pipeline/rest-handler";
import { queryValue } from "../pipeline/request-info";
import type { ListObject } from "../registry/store";
import { collectionKey, objectKey } from "../storage/keys";
import type { WatchEvent } from "../storage/interfaces";
import type { KubeObject } from "../types";
import { decodeBody, resolveResource, validateWriteOptions, type ResolvedResource } from "./decode";
import { bodyAsksDryRun, parseDeleteOptions } from "./delete-options";
import { parseListOptions } from "./list-options";
import { deleteNamespace, ensureDefaultServiceAccount } from "./namespace-lifecycle";
import { requestedRepresentation } from "./query";
import { recountQuotas } from "./quota-recount";
import type { RestContext } from "./rest-context";
import { apiVersionOf, groupResourceOf, type ResourceInfo } from "./resources";
import { prepareForCreate, prepareForUpdate } from "./strategy";
import { createEviction } from "./eviction";
import { createBinding, patchBody, scaleOf, writeScale, writeStatus } from "./subresources";
import { parseIncludeObject, partialObjectMetadata, toTable } from "./table";
import { admitDelete, admitUpdate, checkEscalation } from "./update-admission";
import { WatchStream, type WireEvent } from "./watch-stream";
import { fieldValidationOf } from "../pipeline/rest-handler";

/**
 * Resources whose finished DELETE answers the deleted object rather than a Success Status: those
 * whose registry sets `ReturnDeletedObject: true` on its genericregistry.Store, in kubernetes/kubernetes
 *   pkg/registry/core/pod/storage/storage.go
 *   pkg/registry/core/service/storage/storage.go
 *   pkg/registry/core/namespace/storage/storage.go
 *   pkg/registry/core/serviceaccount/storage/storage.go
 *   pkg/registry/core/persistentvolumeclaim/storage/storage.go
 *   pkg/registry/core/resourcequota/storage/storage.go
 *   pkg/registry/storage/storageclass/storage/storage.go
 * The other registries of the resources served here (resources.ts) leave it false: configmaps,
 * endpoints, events, limitranges, nodes, secrets; deployments, replicasets, statefulsets; jobs,
 * cronjobs; leases; poddisruptionbudgets; the four RBAC kinds; priorityclasses; and the two
 * webhook configurations.
 */
const returnsDeletedObject = new Set([
  "pods", "services", "namespaces", "serviceaccounts", "persistentvolumeclaims", "resourcequotas", "storageclasses",
]);

const withType = (info: ResourceInfo, obj: KubeObject): KubeObject => ({ ...obj, apiVersion: apiVersionOf(info), kind: info.kind });

/**
 * One wire event per change for every watcher that wants the plain object: the watch cache hands
 * the same stored object to each of them, so the event (and, in the HTTPS front, its JSON) is
 * made once, not once per watcher. Upstream does the same with cachingObject
 * (k8s.io/apiserver/pkg/storage/cacher/caching_object.go), which caches each encoding of an event.
 */
const wireEvents = new WeakMap<KubeObject, Map<string, WireEvent>>();
function sharedWireEvent(info: ResourceInfo, type: string, object: KubeObject): WireEvent {
  let byType = wireEvents.get(object);
  if (byType === undefined) wireEvents.set(object, (byType = new Map()));
  let event = byType.get(type);
  if (event === undefined) byType.set(type, (event = { type, object: withType(info, object) }));
  return event;
}

export class RestStorage {
  constructor(private readonly ctx: RestContext) {}

  /** The StorageHandler for buildHandlerChain. */
  readonly handler: StorageHandler = (req) => this.handle(req);

  //> apiserver-rest-dispatch
  async handle(req: StorageRequest): Promise<StorageOutcome | StreamOutcome> {
    const resolved = resolveResource(req.info);
    const { info } = req;
    const sub = resolved.sub?.name;
    // The Table options are checked before anything is written (upstream checks them only when
    // it encodes the response, after a create has been stored).
    if (requestedRepresentation(req.headers) === "Table") parseIncludeObject(queryValue(req.query ?? {}, "includeObject"));
    switch (info.verb) {
      case "get": return { kind: "Ok", object: await this.get(req, resolved) };
      case "list": return { kind: "Ok", object: await this.list(req, resolved) };
      case "watch": return this.watch(req, resolved);
      case "create":
        if (resolved.info.resource === "selfsubjectaccessreviews") return this.review(req);
        if (resolved.info.resource === "selfsubjectrulesreviews") return this.rulesReview(req);
        if (sub === "binding") return createBinding(this.ctx, req, resolved);
        if (sub === "eviction") return createEviction(this.ctx, req, resolved);
        return this.create(req, resolved);
      case "update":
        if (req.createOnUpdate === true) return this.createOnUpdate(req, resolved);
        return { kind: "Ok", object: await this.update(req, resolved) };
      case "patch": return { kind: "Ok", object: await this.update(req, resolved) };
      case "delete": return this.delete(req, resolved);
      case "deletecollection": return { kind: "Ok", object: await this.deleteCollection(req, resolved) };
      default: throw newInternalError(`unexpected verb ${info.verb}`);
    }
  }
  //< apiserver-rest-dispatch

  /** The stored object a write replaces, for admission's oldObject; undefined when there is none. */
  async oldObject(req: { info: StorageRequest["info"] }): Promise<KubeObject | undefined> {
    try {
      const resolved = resolveResource(req.info);
      const obj = await this.ctx.registry(resolved.info).get(req.info.namespace, req.info.name);
      return resolved.sub?.name === "scale" ? scaleOf(obj) : obj;
    } catch {
      return undefined;
    }
  }

  private async get(req: StorageRequest, resolved: ResolvedResource): Promise<unknown> {
    const obj = withType(resolved.info, await this.ctx.registry(resolved.info).get(req.info.namespace, req.info.name));
    if (resolved.sub?.name === "scale") return scaleOf(obj);
    return this.present(req, resolved.info, [obj], undefined);
  }

  private async list(req: StorageRequest, resolved: ResolvedResource): Promise<unknown> {
    const options = parseListOptions(resolved.info, req.query ?? {}, false);
    const list = await this.ctx.registry(resolved.info).list(req.info.namespace, options.list);
    return this.present(req, resolved.info, list.items.map((i) => withType(resolved.info, i)), list);
  }

  /** The object, list or Table the client's Accept header asks for. */
  private present(req: StorageRequest, info: ResourceInfo, items: KubeObject[], list: ListObject | undefined): unknown {
    const repr = requestedRepresentation(req.headers);
    if (repr === "Table") {
      const include = parseIncludeObject(queryValue(req.query ?? {}, "includeObject"));
      return toTable(info, items, list === undefined ? {} : { ...list.metadata }, this.ctx.o.clock.now(), include);
    }
    if (repr === "PartialObjectMetadata") {
      if (list === undefined) return partialObjectMetadata(items[0]!);
      return { kind: "PartialObjectMetadataList", apiVersion: "meta.k8s.io/v1", metadata: list.metadata, items: items.map(partialObjectMetadata) };
    }
    if (list === undefined) return items[0];
    // Upstream's list items carry no apiVersion and kind: the list's kind says what they are.
    const bare = items.map(({ apiVersion: _a, kind: _k, ...rest }) => rest);
    return { apiVersion: list.apiVersion, kind: list.kind, metadata: list.metadata, items: bare };
  }

  //> apiserver-watch
  private async watch(req: StorageRequest, resolved: ResolvedResource): Promise<StreamOutcome> {
    const { info } = req;
    const options = parseListOptions(resolved.info, req.query ?? {}, true);
    const table = requestedRepresentation(req.headers) === "Table";
    const include = parseIncludeObject(queryValue(req.query ?? {}, "includeObject"));
    const now = () => this.ctx.o.clock.now();
    const encode = (e: WatchEvent): WireEvent => {
      if (e.type === "ERROR") return { type: e.type, object: e.object };
      if (e.type !== "BOOKMARK" && !table) return sharedWireEvent(resolved.info, e.type, e.object);
      const obj = withType(resolved.info, e.object);
      if (e.type === "BOOKMARK") return { type: e.type, object: { kind: obj.kind, apiVersion: obj.apiVersion, metadata: obj.metadata } };
      return { type: e.type, object: toTable(resolved.info, [obj], { resourceVersion: obj.metadata?.resourceVersion ?? "" }, now(), include) };
    };
    const stream = new WatchStream({ clock: this.ctx.o.clock, rng: this.ctx.o.rng, timeoutSeconds: options.timeoutSeconds, encode });
    // A name in the path (/api/v1/watch/namespaces/ns/pods/web) watches one object.
    const named = info.parts.length >= 2;
    const key = named ? objectKey(resolved.info.resource, resolved.info.namespaced ? info.namespace : "", info.name)
      : collectionKey(resolved.info.resource, resolved.info.namespaced ? info.namespace : "");
    const watchOptions = {
      recursive: !named, predicate: options.predicate, allowWatchBookmarks: options.allowWatchBookmarks,
      onEvent: (e: WatchEvent) => stream.push(e),
      ...(options.list.resourceVersion === undefined ? {} : { resourceVersion: options.list.resourceVersion }),
    };
    try {
      stream.attach(await this.ctx.storage.watch(key, watchOptions));
    } catch (err) {
      stream.end();
      throw err;
    }
    return { kind: "Stream", stream };
  }
  //< apiserver-watch

  private async review(req: StorageRequest): Promise<StorageOutcome> {
    const result = await selfSubjectAccessReview(this.ctx.o.authorizer, req.user, req.object as SelfSubjectAccessReview);
    if (result instanceof StatusError) throw result;
    return { kind: "Created", object: result };
  }

  /** SelfSubjectRulesReview, from the authorizer's rule resolvers (buildAuthorizer unions them). */
  private async rulesReview(req: StorageRequest): Promise<StorageOutcome> {
    const authorizer = this.ctx.o.authorizer;
    if (!isRuleResolver(authorizer)) throw newInternalError("the configured authorizer resolves no rules");
    const result = await selfSubjectRulesReview(authorizer, req.user, req.object as SelfSubjectRulesReview);
    if (result instanceof StatusError) throw result;
    return { kind: "Created", object: result };
  }

  private async create(req: StorageRequest, resolved: ResolvedResource): Promise<StorageOutcome> {
    const obj = req.object as KubeObject;
    prepareForCreate(resolved.info, obj);
    await checkEscalation(this.ctx, req, obj);
    const created = await this.ctx.registry(resolved.info, req.dryRun).create(req.info.namespace, obj);
    if (!req.dryRun) {
      if (resolved.info.resource === "namespaces") await ensureDefaultServiceAccount(this.ctx, created.metadata?.name ?? "");
      await recountQuotas(this.ctx, req.info.namespace);
    }
    return { kind: "Created", object: this.present(req, resolved.info, [withType(resolved.info, created)], undefined) };
  }

  /**
   * store.go Update, the `creating` branch: a PUT of a missing object, of a kind whose strategy
   * allows it, already admitted and validated as a CREATE (rest-handler.ts), is stored by a create,
   * which stamps uid, creationTimestamp and generation. What differs from a POST is what the body
   * of an update may carry:
   *   - a uid is a precondition (rest.DefaultUpdatedObjectInfo.Preconditions) that no missing
   *     object meets: 409, as storage.Preconditions.Check answers through InterpretUpdateError;
   *   - a resourceVersion is not checked (store.go compares it only against an existing object)
   *     and storage drops it (Versioner.PrepareObjectForStorage), so it is ignored here too.
   */
  private async createOnUpdate(req: StorageRequest, resolved: ResolvedResource): Promise<StorageOutcome> {
    const { info } = req;
    const obj = req.object as KubeObject;
    const meta = (obj.metadata ??= {});
    if (meta.name !== undefined && meta.name !== info.name) {
      throw newBadRequest(`the name of the object (${meta.name}) does not match the name on the URL (${info.name})`);
    }
    if (meta.uid) {
      throw newConflict(groupResourceOf(resolved.info), info.name, `Precondition failed: UID in precondition: ${meta.uid}, UID in object meta: `);
    }
    meta.name = info.name;
    delete meta.resourceVersion;
    return this.create(req, resolved);
  }

  private async update(req: StorageRequest, resolved: ResolvedResource): Promise<unknown> {
    const { info } = req;
    if (info.verb === "patch") validateWriteOptions("patch", req.query ?? {});
    let out: KubeObject;
    if (resolved.sub?.name === "scale") return writeScale(this.ctx, req, resolved);
    if (resolved.sub?.name === "status") out = await writeStatus(this.ctx, req, resolved);
    else if (info.verb === "patch") {
      out = await this.ctx.registry(resolved.info, req.dryRun).patch(info.namespace, info.name, headerValue(req.headers, "Content-Type"), patchBody(req.object), {
        transform: async (patched, current) => {
          const decoded = decodeBody(patched, resolved, info.namespace, this.ctx.o.validate, "UPDATE", fieldValidationOf(req.query ?? {}));
          const admitted = await admitUpdate(this.ctx, req, resolved, prepareForUpdate(resolved.info, "", decoded, current), current);
          await checkEscalation(this.ctx, req, admitted);
          return admitted;
        },
      });
    } else {
      out = await this.ctx.registry(resolved.info, req.dryRun).update(info.namespace, info.name, req.object as KubeObject, {
        transform: async (updated, current) => {
          const prepared = prepareForUpdate(resolved.info, "", updated, current);
          await checkEscalation(this.ctx, req, prepared);
          return prepared;
        },
      });
    }
    if (!req.dryRun) await recountQuotas(this.ctx, info.namespace);
    return this.present(req, resolved.info, [withType(resolved.info, out)], undefined);
  }

  //> apiserver-delete
  private async delete(req: StorageRequest, resolved: ResolvedResource): Promise<StorageOutcome> {
    const { info } = req;
    const options = parseDeleteOptions(req.object, req.query ?? {});
    const dryRun = req.dryRun || bodyAsksDryRun(req.object);
    if (resolved.info.resource === "namespaces") {
      const ns = dryRun
        ? await this.ctx.registry(resolved.info).get("", info.name)
        : await deleteNamespace(this.ctx, info.name, options.preconditions);
      return { kind: "Ok", object: withType(resolved.info, ns) };
    }
    const result = await this.ctx.registry(resolved.info, dryRun).delete(info.namespace, info.name, options);
    if (!dryRun) await recountQuotas(this.ctx, info.namespace);
    const obj = withType(resolved.info, result.object);
    // Still there (finalizers, a grace period): 200 with the marked object, as upstream. Upstream
    // answers 202 only when the client asked for cascading deletion with orphanDependents=false
    // (handlers/delete.go: "We want to do this always ... but that will break existing clients").
    if (!result.deleted) return { kind: options.orphanDependents === false ? "Accepted" : "Ok", object: obj };
    if (returnsDeletedObject.has(resolved.info.resource)) return { kind: "Ok", object: obj };
    // finalizeDelete: a Success Status naming what was deleted, its uid included.
    const status = newSuccessStatus({ name: info.name, group: resolved.info.group, kind: resolved.info.resource });
    if (obj.metadata?.uid !== undefined) status.details = { ...status.details, uid: obj.metadata.uid };
    return { kind: "Ok", object: status };
  }
  //< apiserver-delete

  private async deleteCollection(req: StorageRequest, resolved: ResolvedResource): Promise<unknown> {
    const { info } = req;
    const list = parseListOptions(resolved.info, req.query ?? {}, false);
    const options = parseDeleteOptions(req.object, req.query ?? {});
    const dryRun = req.dryRun || bodyAsksDryRun(req.object);
    const registry = this.ctx.registry(resolved.info, dryRun);
    const items = (await registry.list(info.namespace, { predicate: list.predicate })).items;
    const deleted: KubeObject[] = [];
    // store.go DeleteCollection: Delete on each item with the admission of a DELETE of that item
    // (handlers/delete.go passes rest.AdmissionToValidateObjectDeleteFunc). An item already gone
    // is skipped; any other error, an admission refusal included, ends the request with that
    // error, and the items deleted before it stay deleted (kube-apiserver's
    // --delete-collection-workers defaults to 1, so the items go one by one, in list order).
    try {
      for (const item of items) {
        try {
          await admitDelete(this.ctx, { ...req, dryRun }, item);
          const r = await registry.delete(item.metadata?.namespace ?? "", item.metadata?.name ?? "", options);
          deleted.push(r.object);
        } catch (err) {
          if (!(err instanceof StatusError && err.code === 404)) throw err;
        }
      }
    } finally {
      if (!dryRun && deleted.length > 0) await recountQuotas(this.ctx, info.namespace);
    }
    const rv = deleted.length === 0 ? "" : deleted[deleted.length - 1]!.metadata?.resourceVersion ?? "";
    return { apiVersion: apiVersionOf(resolved.info), kind: `${resolved.info.kind}List`, metadata: { resourceVersion: rv }, items: deleted };
  }
}
