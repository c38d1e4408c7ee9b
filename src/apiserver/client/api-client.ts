// An in-process Kubernetes client: what client-go's typed clients do over HTTPS, done by calling
// the API server's `handle` directly, so a notebook, a test or the scheduler's driver speaks the
// real REST API (paths, verbs, Status errors) with no socket and on virtual time.
//
//   const admin = ApiClient.forUser(server, "kubernetes-admin", ["system:masters"]);
//   await admin.create({ resource: "pods", namespace: "default" }, pod);
//   const pods = await admin.list({ resource: "pods", namespace: "default" }, { labelSelector: "app=web" });
//   await admin.patch({ resource: "deployments", namespace: "default", name: "web" }, { spec: { replicas: 3 } });
//
// Who the client is: a verified client certificate (CN = user, O = groups), as kubeadm's
// admin.conf and kubelets do, or a bearer token. Every error the server answers is thrown as a
// StatusError carrying the server's Status (`err.code`, `err.reason`, `err.message`).
//
// Stable API: the helpers below, their argument shapes and their return types.

import { StatusError, statusErrorFromObject } from "../../api/status";
import type { PeerCertificate } from "../authn/types";
import type { ApiRequest, ApiResponse } from "../pipeline/request";
import type { Query } from "../pipeline/request-info";
import type { PatchType } from "../registry/patch";
import { resourceByName } from "../server/resources";
import type { KubeObject } from "../types";

/** Anything that answers requests: an ApiServer, or a test double. */
export interface RequestHandler {
  handle(request: ApiRequest): Promise<ApiResponse>;
}

/** A resource, and optionally a namespace, a name and a subresource. */
export interface ResourceRef {
  resource: string;
  /** Default: the group and version this server serves `resource` in ("" and "v1" for pods). */
  group?: string;
  version?: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

export interface ClientListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: "Exact" | "NotOlderThan";
}

export interface ClientWatchOptions {
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
}

export interface ClientWatchEvent<T = KubeObject> {
  type: "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";
  object: T;
}

export interface KubeList<T = KubeObject> {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  items: T[];
}

const patchContentTypes: Record<PatchType, string> = {
  merge: "application/merge-patch+json",
  strategic: "application/strategic-merge-patch+json",
  json: "application/json-patch+json",
};

export interface ClientIdentity {
  /** A verified client certificate, as the TLS layer would hand it to the x509 authenticator. */
  peerCertificate?: PeerCertificate;
  /** `Authorization: Bearer <token>`. */
  token?: string;
  /** Extra headers on every request (Impersonate-User...). */
  headers?: Record<string, string | readonly string[]>;
}

//> apiserver-client-paths
/** The URL path of a resource: /api/v1/namespaces/default/pods/web/status. */
export function resourcePath(ref: ResourceRef): string {
  const known = resourceByName(ref.resource);
  const group = ref.group ?? known?.group ?? "";
  const version = ref.version ?? known?.version ?? "v1";
  let path = group === "" ? `/api/${version}` : `/apis/${group}/${version}`;
  if (ref.namespace !== undefined && ref.namespace !== "") path += `/namespaces/${ref.namespace}`;
  path += `/${ref.resource}`;
  if (ref.name !== undefined) path += `/${ref.name}`;
  if (ref.subresource !== undefined) path += `/${ref.subresource}`;
  return path;
}
//< apiserver-client-paths

function toQuery(o: object): Record<string, string> {
  const q: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) q[k] = String(v);
  return q;
}

export class ApiClient {
  constructor(readonly server: RequestHandler, readonly identity: ClientIdentity = {}, readonly userAgent = "course-client/v1.32.0") {}

  /** A client presenting a certificate CN=`user`, O=`groups`, signed by the cluster's client CA. */
  static forUser(server: RequestHandler, user: string, groups: readonly string[] = []): ApiClient {
    return new ApiClient(server, { peerCertificate: { subject: { commonName: user, organization: [...groups] }, verifiedBy: ["client-ca"] } });
  }

  /** A client sending a bearer token. */
  static withToken(server: RequestHandler, token: string): ApiClient {
    return new ApiClient(server, { token });
  }

  /** The same identity, impersonating another user and groups (`kubectl --as --as-group`). */
  as(user: string, groups: readonly string[] = []): ApiClient {
    const headers: Record<string, string | readonly string[]> = { ...this.identity.headers, "Impersonate-User": user };
    if (groups.length > 0) headers["Impersonate-Group"] = [...groups];
    return new ApiClient(this.server, { ...this.identity, headers }, this.userAgent);
  }

  /** One raw request: the response as the server gave it (no error thrown). */
  request(method: string, path: string, init: { query?: Query; body?: unknown; headers?: Record<string, string> } = {}): Promise<ApiResponse> {
    const headers: Record<string, string | readonly string[]> = { "User-Agent": this.userAgent, Accept: "application/json", ...this.identity.headers, ...init.headers };
    if (this.identity.token !== undefined) headers["Authorization"] = `Bearer ${this.identity.token}`;
    const req: ApiRequest = { method, path, headers };
    if (init.query !== undefined) req.query = init.query;
    if (init.body !== undefined) req.body = init.body;
    if (this.identity.peerCertificate !== undefined) req.peerCertificate = this.identity.peerCertificate;
    return this.server.handle(req);
  }

  private async call<T>(method: string, path: string, init: { query?: Query; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
    const res = await this.request(method, path, init);
    if (res.status >= 400) throw errorOf(res);
    return res.body as T;
  }

  get<T = KubeObject>(ref: ResourceRef & { name: string }): Promise<T> {
    return this.call<T>("GET", resourcePath(ref));
  }

  /** A list; its items carry apiVersion and kind again (the server leaves them out, as upstream). */
  async list<T extends KubeObject = KubeObject>(ref: ResourceRef, options: ClientListOptions = {}): Promise<KubeList<T>> {
    const list = await this.call<KubeList<T>>("GET", resourcePath(ref), { query: toQuery(options) });
    const apiVersion = list.apiVersion;
    const kind = list.kind.replace(/List$/, "");
    return { ...list, items: list.items.map((i) => ({ apiVersion, kind, ...i })) };
  }

  create<T = KubeObject>(ref: ResourceRef, obj: object, query: { dryRun?: "All"; fieldValidation?: "Strict" | "Warn" | "Ignore" } = {}): Promise<T> {
    return this.call<T>("POST", resourcePath(ref), { body: obj, query: toQuery(query), headers: { "Content-Type": "application/json" } });
  }

  update<T = KubeObject>(ref: ResourceRef & { name: string }, obj: object, query: { dryRun?: "All"; fieldValidation?: "Strict" | "Warn" | "Ignore" } = {}): Promise<T> {
    return this.call<T>("PUT", resourcePath(ref), { body: obj, query: toQuery(query), headers: { "Content-Type": "application/json" } });
  }

  patch<T = KubeObject>(ref: ResourceRef & { name: string }, patch: unknown, type: PatchType = "merge"): Promise<T> {
    return this.call<T>("PATCH", resourcePath(ref), { body: patch, headers: { "Content-Type": patchContentTypes[type] } });
  }

  /** DELETE; the answer is the object (still there while a grace period runs) or a Success Status. */
  delete<T = KubeObject>(ref: ResourceRef & { name: string }, options: { gracePeriodSeconds?: number; preconditions?: { uid?: string; resourceVersion?: string }; propagationPolicy?: string } = {}): Promise<T> {
    return this.call<T>("DELETE", resourcePath(ref), { body: { kind: "DeleteOptions", apiVersion: "v1", ...options }, headers: { "Content-Type": "application/json" } });
  }

  //> apiserver-client-watch
  /**
   * Watches a collection (or, with `name`, one object). `onEvent` receives each event as the
   * server sends it; `onEnd` once when the watch ends (server timeout, an ERROR event, `stop`).
   * Throws the StatusError when the server refuses the watch itself (403, 400 bad selector).
   */
  async watch<T = KubeObject>(
    ref: ResourceRef, options: ClientWatchOptions, onEvent: (event: ClientWatchEvent<T>) => void, onEnd: () => void = () => undefined,
  ): Promise<{ stop: () => void }> {
    const res = await this.request("GET", resourcePath(ref), { query: { ...toQuery(options), watch: "true" } });
    if (res.status >= 400 || res.stream === undefined) throw errorOf(res);
    const stop = res.stream.subscribe((e) => onEvent(e as ClientWatchEvent<T>), onEnd);
    return { stop };
  }
  //< apiserver-client-watch
}

/** The StatusError of an error response (its Status, or a generic one for a text body). */
export function errorOf(res: ApiResponse): StatusError {
  return statusErrorFromObject(res.body) ?? new StatusError({
    kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", code: res.status,
    message: typeof res.body === "string" ? res.body.trim() : `the server responded with the status code ${res.status}`,
  });
}
