// A reflector: list once, then watch, and keep watching across restarts without losing or
// repeating a change.
//
// Every controller, the scheduler and the kubelet keep a local copy of the objects they care
// about, fed by client-go's reflector (k8s.io/client-go/tools/cache/reflector.go, ListAndWatch):
//
//   1. LIST   read every object and the list's resourceVersion R (a store revision), and replace
//             the local copy with them.
//   2. WATCH  from R: every change after R arrives as ADDED, MODIFIED or DELETED, each carrying the
//             resourceVersion of the change. Remember the last one seen: lastSyncResourceVersion.
//   3. A watch does not last forever (the server closes it after a timeout, a connection drops):
//             start a new one FROM lastSyncResourceVersion. No list is needed, nothing is missed,
//             nothing is seen twice: "N" means "every change after N".
//   4. Unless the server answers 410 Expired ("too old resource version"): the history after N is
//             gone (etcd compacted it, or the watch cache's window moved on). Then only a new LIST
//             can tell what happened; its result replaces the local copy, and objects that are no
//             longer listed were deleted while we were away.
//
// Bookmarks make step 4 rarer. A watcher that sets allowWatchBookmarks receives, now and then, a
// BOOKMARK event: an object with nothing but metadata.resourceVersion, "you are up to date to
// here". It changes no object, but it moves lastSyncResourceVersion forward, so a watcher of a
// quiet namespace in a busy cluster resumes from a recent revision, still in the window, instead
// of an old one that is not.
//
// SIMPLIFICATION: upstream feeds a DeltaFIFO and an informer; here the reflector keeps the objects
// itself (`items`) and calls the handler directly. After a relist upstream reports every listed
// object again (OnUpdate); here an object whose resourceVersion did not change is not reported.
// And here only a 410 calls for a relist: upstream's reflector also lists again after most other
// watch errors (it resumes after a 500 without listing only when MaxInternalErrorRetryDuration
// is set), listing from lastSyncResourceVersion, which the watch cache can serve.
import { isResourceExpired } from "../../src/api/status-predicates";
import type { Storage, Watch, WatchEvent } from "../../src/apiserver/storage";
import type { KubeObject } from "../../src/apiserver/types";

/** cache.ResourceEventHandler: what a controller is told about each change. */
export interface ResourceEventHandler {
  onAdd?(obj: KubeObject): void;
  onUpdate?(oldObj: KubeObject, newObj: KubeObject): void;
  onDelete?(obj: KubeObject): void;
}

/** cache.MetaNamespaceKeyFunc: "namespace/name", or "name" for a cluster-scoped object. */
export function metaNamespaceKey(obj: KubeObject): string {
  const ns = obj.metadata?.namespace ?? "";
  const name = obj.metadata?.name ?? "";
  return ns === "" ? name : `${ns}/${name}`;
}

export class Reflector {
  /** The local copy, by metaNamespaceKey. */
  readonly items = new Map<string, KubeObject>();
  /** The resourceVersion of the last list, event or bookmark seen; "" before the first list. */
  lastSyncResourceVersion = "";
  /** The current watch (undefined before the first one). */
  watch: Watch | undefined;
  /** How many LISTs were made: 1 for the first, plus one per relist after a 410. */
  lists = 0;
  /** How many watches were started. */
  watches = 0;
  /** True until the first list, and after a 410: the next watch must be preceded by a list. */
  private relistNeeded = true;

  /**
   * `key` is a collection prefix in storage ("/registry/configmaps/" for all ConfigMaps,
   * "/registry/configmaps/team-a/" for one namespace's).
   */
  constructor(readonly storage: Storage, readonly key: string, readonly handler: ResourceEventHandler = {}) {}

  /**
   * One turn of the reflector's loop: handle every event the current watch delivered; if that
   * watch is over, start the next one (listing first when needed) and handle what it delivered at
   * once, up to three restarts in a row.
   */
  async sync(): Promise<void> {
    for (let restarts = 0; restarts < 3; restarts++) {
      if (this.watch !== undefined) {
        for (const event of this.watch.take()) this.handleEvent(event);
        if (!this.watch.stopped) return;
      }
      await this.startWatch();
    }
  }

  /** LIST: the objects under `key` and the revision they were read at, into `replace`. */
  private async list(): Promise<void> {
    const list = await this.storage.getList(this.key);
    this.lists++;
    this.replace(list.items, list.resourceVersion);
  }

  /**
   * Reflector.syncWith and store.Replace: the listed objects become the local copy, and
   * lastSyncResourceVersion the list's revision. Reports the difference to the handler: onAdd
   * for an object not held before, onUpdate(old, new) for one whose resourceVersion changed,
   * onDelete(last known state) for one held before and no longer listed.
   */
  replace(objects: readonly KubeObject[], resourceVersion: string): void {
    // SOLUTION BEGIN
    // TODO(watch-resume): build the new contents by metaNamespaceKey, report adds and updates
    // against this.items, then report a delete for every old key that is not listed any more,
    // and make this.items hold exactly the listed objects. Finally set lastSyncResourceVersion.
    // Read: client-go tools/cache/reflector.go (syncWith) and delta_fifo.go (Replace: objects
    // missing from the list are deleted, DeletedFinalStateUnknown).
    const listed = new Map(objects.map((o) => [metaNamespaceKey(o), o]));
    for (const [key, obj] of listed) {
      const old = this.items.get(key);
      if (old === undefined) this.handler.onAdd?.(obj);
      else if (old.metadata?.resourceVersion !== obj.metadata?.resourceVersion) this.handler.onUpdate?.(old, obj);
    }
    for (const [key, old] of this.items) {
      if (!listed.has(key)) this.handler.onDelete?.(old);
    }
    this.items.clear();
    for (const [key, obj] of listed) this.items.set(key, obj);
    this.lastSyncResourceVersion = resourceVersion;
    // SOLUTION END
  }

  /**
   * Reflector.watchHandler, for one event: apply it to `items`, tell the handler, and remember
   * its resourceVersion. A BOOKMARK only moves the resourceVersion. An ERROR 410 Expired means
   * lastSyncResourceVersion is too old to resume from: the next watch must follow a relist.
   * Any other ERROR changes nothing (the watch is over; the next one resumes).
   */
  handleEvent(event: WatchEvent): void {
    // SOLUTION BEGIN
    // TODO(watch-resume): switch on event.type. ADDED and MODIFIED put the object in this.items
    // (onAdd if the key was not there, else onUpdate(old, new)); DELETED removes it (onDelete);
    // BOOKMARK changes no object. For those four, set lastSyncResourceVersion to
    // event.object.metadata.resourceVersion. ERROR: if isResourceExpired(event.object) (or code
    // 410), set this.relistNeeded. Read: client-go tools/cache/reflector.go (watchHandler, and
    // how ListAndWatch handles apierrors.IsResourceExpired / IsGone); docs "Efficient detection of
    // changes" and "Watch bookmarks" (https://kubernetes.io/docs/reference/using-api/api-concepts/).
    switch (event.type) {
      case "ADDED":
      case "MODIFIED": {
        const key = metaNamespaceKey(event.object);
        const old = this.items.get(key);
        this.items.set(key, event.object);
        if (old === undefined) this.handler.onAdd?.(event.object);
        else this.handler.onUpdate?.(old, event.object);
        break;
      }
      case "DELETED":
        this.items.delete(metaNamespaceKey(event.object));
        this.handler.onDelete?.(event.object);
        break;
      case "BOOKMARK":
        break;
      case "ERROR":
        if (isResourceExpired(event.object) || event.object.code === 410) this.relistNeeded = true;
        return;
    }
    this.lastSyncResourceVersion = event.object.metadata?.resourceVersion ?? this.lastSyncResourceVersion;
    // SOLUTION END
  }

  /**
   * Starts the next watch: after a list when one is needed (the first time, and after a 410),
   * and always from lastSyncResourceVersion, with bookmarks allowed.
   */
  private async startWatch(): Promise<void> {
    // SOLUTION BEGIN
    // TODO(watch-resume): if this.relistNeeded, await this.list() and clear the flag. Then
    // this.watch = await this.storage.watch(this.key, { recursive: true, resourceVersion: ...,
    // allowWatchBookmarks: ... }) and count it in this.watches. Which resourceVersion makes the
    // new watch start exactly after the last change you saw?
    // Read: client-go tools/cache/reflector.go (ListAndWatch, watch: options.ResourceVersion =
    // r.LastSyncResourceVersion(), AllowWatchBookmarks: true).
    if (this.relistNeeded) {
      await this.list();
      this.relistNeeded = false;
    }
    this.watch = await this.storage.watch(this.key, {
      recursive: true,
      resourceVersion: this.lastSyncResourceVersion,
      allowWatchBookmarks: true,
    });
    this.watches++;
    // SOLUTION END
  }
}
