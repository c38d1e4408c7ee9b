// RequestInfo: what an HTTP request asks for, read off its method, path and query alone, before
// anyone has looked at the body or the credentials. Authorization, audit and the REST handlers
// all start from it.
//
//   GET    /api/v1/namespaces/default/pods/web         get pods "web" in default
//   GET    /api/v1/namespaces/default/pods             list pods in default
//   GET    /api/v1/pods?watch=true                     watch pods in every namespace
//   POST   /apis/apps/v1/namespaces/prod/deployments   create deployments in prod
//   DELETE /api/v1/namespaces/default/pods             deletecollection
//   PUT    /api/v1/namespaces/default/pods/web/status  update pods/status "web"
//   GET    /healthz                                    a non-resource request, verb "get"
//
// Upstream: k8s.io/apiserver/pkg/endpoints/request/requestinfo.go (RequestInfoFactory.NewRequestInfo),
// followed line by line; its tests are reproduced in request-info.test.ts.
//
// SIMPLIFICATION: the fieldSelector that turns a list into a list of one name is parsed with a
// small splitter (terms joined by ",", each `key=value`, `key==value` or `key!=value`), without
// upstream's backslash escapes.

/** request.RequestInfo. */
export interface RequestInfo {
  /** False for /healthz, /metrics, /version, /api, /apis/apps...: anything not naming a resource. */
  isResourceRequest: boolean;
  /** The URL path, as sent. */
  path: string;
  /**
   * Resource requests: get, list, watch, create, update, patch, delete, deletecollection (or the
   * special verb proxy). Non-resource requests: the lower-cased HTTP method.
   */
  verb: string;
  /** "api" (the legacy core group) or "apis". */
  apiPrefix: string;
  apiGroup: string;
  apiVersion: string;
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
  /** The path after the prefix, group, version and namespace: resource/name/subresource/... */
  parts: string[];
}

/** A query string already split: `?watch=true&labelSelector=a` as { watch: "true", ... }. */
export type Query = Readonly<Record<string, string | readonly string[] | undefined>>;

/** The first value of a query parameter, or undefined (Go's url.Values.Get, but telling absent from empty). */
export function queryValue(query: Query, key: string): string | undefined {
  const v = query[key];
  return typeof v === "string" ? v : v?.[0];
}

/** APIPrefixes and GrouplessAPIPrefixes as kube-apiserver configures them. */
const apiPrefixes = new Set(["api", "apis"]);
const grouplessAPIPrefixes = new Set(["api"]);
/** `/api/v1/watch/pods` and `/api/v1/proxy/...`: verbs spelled as a path segment (deprecated upstream, still parsed). */
const specialVerbs = new Set(["proxy", "watch"]);
/** After `proxy`, everything is the proxied path: no subresource. */
const specialVerbsNoSubresources = new Set(["proxy"]);
/** `/namespaces/ns/status` and `/namespaces/ns/finalize` are subresources of the namespace itself. */
const namespaceSubresources = new Set(["status", "finalize"]);

//> new-request-info
export function newRequestInfo(method: string, path: string, query: Query = {}): RequestInfo {
  // Start with a non-resource request until proven otherwise.
  const info: RequestInfo = {
    isResourceRequest: false, path, verb: method.toLowerCase(),
    apiPrefix: "", apiGroup: "", apiVersion: "", namespace: "", resource: "", subresource: "", name: "", parts: [],
  };
  let parts = splitPath(path);
  if (parts.length < 3 || !apiPrefixes.has(parts[0]!)) return info;
  const apiPrefix = parts[0]!;
  parts = parts.slice(1);
  let apiGroup = "";
  if (!grouplessAPIPrefixes.has(apiPrefix)) {
    // The prefix is consumed, so this asks "were there four parts?": /apis/<group>/<version>/<resource>.
    if (parts.length < 3) return info;
    apiGroup = parts[0]!;
    parts = parts.slice(1);
  }
  info.isResourceRequest = true;
  info.apiPrefix = apiPrefix;
  info.apiGroup = apiGroup;
  info.apiVersion = parts[0]!;
  parts = parts.slice(1);

  if (specialVerbs.has(parts[0]!)) {
    // Upstream answers an error for `/api/v1/watch` alone; a non-resource request is what it becomes.
    if (parts.length < 2) return { ...info, isResourceRequest: false, verb: method.toLowerCase() };
    info.verb = parts[0]!;
    parts = parts.slice(1);
  } else {
    info.verb = verbForMethod(method);
  }

  // /namespaces/{namespace}/{resource}/...: parts become relative to the resource.
  if (parts[0] === "namespaces") {
    if (parts.length > 1) {
      info.namespace = parts[1]!;
      if (parts.length > 2 && !namespaceSubresources.has(parts[2]!)) parts = parts.slice(2);
    }
  }
  info.parts = parts;

  // resource/name/subresource/other/stuff/we/don't/interpret
  if (parts.length >= 3 && !specialVerbsNoSubresources.has(info.verb)) info.subresource = parts[2]!;
  if (parts.length >= 2) info.name = parts[1]!;
  if (parts.length >= 1) info.resource = parts[0]!;

  // No name and a GET: a list, or a watch with ?watch=true. A fieldSelector on metadata.name
  // narrows the collection to one name, which RBAC's resourceNames can then authorize.
  if (info.name === "" && info.verb === "get") {
    info.verb = isWatch(query) ? "watch" : "list";
    const name = nameFromFieldSelector(queryValue(query, "fieldSelector"));
    if (name !== undefined && isValidPathSegmentName(name)) info.name = name;
  }
  // No name and a DELETE: the whole collection.
  if (info.name === "" && info.verb === "delete") info.verb = "deletecollection";
  return info;
}
//< new-request-info

function verbForMethod(method: string): string {
  switch (method.toUpperCase()) {
    case "POST": return "create";
    case "GET": case "HEAD": return "get";
    case "PUT": return "update";
    case "PATCH": return "patch";
    case "DELETE": return "delete";
    default: return "";
  }
}

/** strings.Split(strings.Trim(path, "/"), "/"), with "" for the root. */
function splitPath(path: string): string[] {
  const trimmed = path.replace(/^\/+|\/+$/g, "");
  return trimmed === "" ? [] : trimmed.split("/");
}

/** ListOptions.Watch decoded as a Go bool: "false" and "0" are false, anything else true. */
function isWatch(query: Query): boolean {
  const v = queryValue(query, "watch");
  if (v === undefined) return false;
  const lower = v.toLowerCase();
  return !(lower === "false" || lower === "0");
}

/** fields.Selector.RequiresExactMatch("metadata.name"); undefined when the selector does not parse. */
function nameFromFieldSelector(selector: string | undefined): string | undefined {
  if (selector === undefined || selector === "") return undefined;
  let name: string | undefined;
  for (const term of selector.split(",")) {
    const m = /^([^=!]+)(==|=|!=)(.*)$/.exec(term);
    if (!m) return undefined; // upstream: a parse error resets the options, so no name
    if (m[1]!.trim() === "metadata.name" && m[2] !== "!=") name = m[3]!;
  }
  return name;
}

/** path.IsValidPathSegmentName: not "." or "..", and no "/" or "%". */
function isValidPathSegmentName(name: string): boolean {
  return name !== "." && name !== ".." && !name.includes("/") && !name.includes("%");
}
