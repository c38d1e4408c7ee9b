// Discovery: how a client learns what this server serves before it asks for anything.
// `kubectl get deploy` first resolves "deploy" through these documents:
//
//   GET /api                 APIVersions        the core group's versions: ["v1"]
//   GET /apis                APIGroupList       every other group, with its preferred version
//   GET /apis/apps           APIGroup           one group
//   GET /api/v1              APIResourceList    the core resources: names, kinds, verbs, short names
//   GET /apis/apps/v1        APIResourceList    one group version's resources
//   GET /version             version.Info
//
// kubectl v1.32 first asks for the aggregated form (Accept:
// application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,...,application/json);
// a server that answers the plain documents with Content-Type application/json is understood
// as one without aggregated discovery, and kubectl walks the group versions one by one.
//
// Upstream: k8s.io/apiserver/pkg/endpoints/discovery (legacy.go, root.go, group.go, version.go),
// k8s.io/apimachinery/pkg/version (Info) and pkg/apis/meta/v1/types.go (the JSON shapes).
// SIMPLIFICATION: no aggregated discovery (apidiscovery.k8s.io/v2), no storageVersionHash.

import { apiGroups, apiVersionOf, RESOURCES, type ResourceInfo } from "./resources";

// VersionInfo and DEFAULT_VERSION live in ../version.ts: the OpenAPI documents report the same version.
export { DEFAULT_VERSION, type VersionInfo } from "../version";
import type { VersionInfo } from "../version";

interface GroupVersionForDiscovery {
  groupVersion: string;
  version: string;
}

function groupDoc(name: string, version: string) {
  const gv: GroupVersionForDiscovery = { groupVersion: `${name}/${version}`, version };
  return { name, versions: [gv], preferredVersion: gv };
}

/** metav1.APIResource entries of a group version: each resource, then its subresources. */
function apiResources(group: string, version: string) {
  const out: Record<string, unknown>[] = [];
  const infos = RESOURCES.filter((r) => r.group === group && r.version === version).sort((a, b) => (a.resource < b.resource ? -1 : 1));
  for (const info of infos) {
    const entry: Record<string, unknown> = {
      name: info.resource, singularName: info.singular, namespaced: info.namespaced, kind: info.kind, verbs: [...info.verbs],
    };
    if (info.shortNames.length > 0) entry["shortNames"] = [...info.shortNames];
    if (info.categories.length > 0) entry["categories"] = [...info.categories];
    out.push(entry);
    for (const sub of [...info.subresources].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const s: Record<string, unknown> = { name: `${info.resource}/${sub.name}`, singularName: "", namespaced: info.namespaced };
      if (sub.group !== undefined) s["group"] = sub.group;
      if (sub.version !== undefined) s["version"] = sub.version;
      s["kind"] = sub.kind;
      s["verbs"] = [...sub.verbs];
      out.push(s);
    }
  }
  return out;
}

//> apiserver-discovery
/**
 * The discovery document at `path`, or undefined when the path is not a discovery path.
 * `serverAddress` is what /api reports in serverAddressByClientCIDRs.
 */
export function discoveryDocument(path: string, version: VersionInfo, serverAddress: string): unknown {
  const p = path.length > 1 ? path.replace(/\/+$/, "") : path;
  if (p === "/version") return version;
  if (p === "/api") {
    return { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }] };
  }
  if (p === "/api/v1") return { kind: "APIResourceList", groupVersion: "v1", resources: apiResources("", "v1") };
  if (p === "/apis") return { kind: "APIGroupList", apiVersion: "v1", groups: apiGroups().map((g) => groupDoc(g.name, g.version)) };
  const m = /^\/apis\/([^/]+)(?:\/([^/]+))?$/.exec(p);
  if (m === null) return undefined;
  const group = apiGroups().find((g) => g.name === m[1]);
  if (group === undefined) return undefined;
  if (m[2] === undefined) return { kind: "APIGroup", apiVersion: "v1", ...groupDoc(group.name, group.version) };
  if (m[2] !== group.version) return undefined;
  return { kind: "APIResourceList", apiVersion: "v1", groupVersion: `${group.name}/${group.version}`, resources: apiResources(group.name, group.version) };
}
//< apiserver-discovery

/** For tests and tools: the `kubectl api-resources` line of a resource. */
export function apiResourcesLine(info: ResourceInfo): string {
  return [info.resource, info.shortNames.join(","), apiVersionOf(info), String(info.namespaced), info.kind].join("\t");
}
