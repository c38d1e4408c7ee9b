// Reference: k8s.io/apiserver/pkg/endpoints/request/requestinfo_test.go (TestGetAPIRequestInfo,
// TestGetNonAPIRequestInfo, TestFieldSelectorParsing). The tables are upstream's, with one
// correction: upstream's table expects prefix "api" for /apis/... paths it does not check.
import { describe, expect, it } from "vitest";
import { newRequestInfo, type Query } from "./request-info";

function parse(method: string, url: string) {
  const [path, qs = ""] = url.split("?") as [string, string?];
  const query: Record<string, string> = {};
  for (const pair of qs.split("&").filter((p) => p !== "")) {
    const i = pair.indexOf("=");
    query[decodeURIComponent(pair.slice(0, i))] = decodeURIComponent(pair.slice(i + 1));
  }
  return newRequestInfo(method, path, query as Query);
}

// method, url, verb, prefix, group, version, namespace, resource, subresource, name, parts
type Row = [string, string, string, string, string, string, string, string, string, string, string[]];
const apiRequests: Row[] = [
  ["GET", "/api/v1/namespaces", "list", "api", "", "v1", "", "namespaces", "", "", ["namespaces"]],
  ["GET", "/api/v1/namespaces/other", "get", "api", "", "v1", "other", "namespaces", "", "other", ["namespaces", "other"]],
  ["GET", "/api/v1/namespaces/other/pods", "list", "api", "", "v1", "other", "pods", "", "", ["pods"]],
  ["GET", "/api/v1/namespaces/other/pods/foo", "get", "api", "", "v1", "other", "pods", "", "foo", ["pods", "foo"]],
  ["HEAD", "/api/v1/namespaces/other/pods/foo", "get", "api", "", "v1", "other", "pods", "", "foo", ["pods", "foo"]],
  ["GET", "/api/v1/pods", "list", "api", "", "v1", "", "pods", "", "", ["pods"]],
  ["HEAD", "/api/v1/pods", "list", "api", "", "v1", "", "pods", "", "", ["pods"]],
  // special verbs
  ["GET", "/api/v1/proxy/namespaces/other/pods/foo", "proxy", "api", "", "v1", "other", "pods", "", "foo", ["pods", "foo"]],
  ["GET", "/api/v1/proxy/namespaces/other/pods/foo/subpath/not/a/subresource", "proxy", "api", "", "v1", "other", "pods", "", "foo",
    ["pods", "foo", "subpath", "not", "a", "subresource"]],
  ["GET", "/api/v1/watch/pods", "watch", "api", "", "v1", "", "pods", "", "", ["pods"]],
  ["GET", "/api/v1/pods?watch=true", "watch", "api", "", "v1", "", "pods", "", "", ["pods"]],
  ["GET", "/api/v1/pods?watch=false", "list", "api", "", "v1", "", "pods", "", "", ["pods"]],
  ["GET", "/api/v1/watch/namespaces/other/pods", "watch", "api", "", "v1", "other", "pods", "", "", ["pods"]],
  ["GET", "/api/v1/namespaces/other/pods?watch=1", "watch", "api", "", "v1", "other", "pods", "", "", ["pods"]],
  ["GET", "/api/v1/namespaces/other/pods?watch=0", "list", "api", "", "v1", "other", "pods", "", "", ["pods"]],
  // subresource identification
  ["GET", "/api/v1/namespaces/other/pods/foo/status", "get", "api", "", "v1", "other", "pods", "status", "foo", ["pods", "foo", "status"]],
  ["GET", "/api/v1/namespaces/other/pods/foo/proxy/subpath", "get", "api", "", "v1", "other", "pods", "proxy", "foo", ["pods", "foo", "proxy", "subpath"]],
  ["PUT", "/api/v1/namespaces/other/finalize", "update", "api", "", "v1", "other", "namespaces", "finalize", "other", ["namespaces", "other", "finalize"]],
  ["PUT", "/api/v1/namespaces/other/status", "update", "api", "", "v1", "other", "namespaces", "status", "other", ["namespaces", "other", "status"]],
  // verb identification
  ["PATCH", "/api/v1/namespaces/other/pods/foo", "patch", "api", "", "v1", "other", "pods", "", "foo", ["pods", "foo"]],
  ["DELETE", "/api/v1/namespaces/other/pods/foo", "delete", "api", "", "v1", "other", "pods", "", "foo", ["pods", "foo"]],
  ["POST", "/api/v1/namespaces/other/pods", "create", "api", "", "v1", "other", "pods", "", "", ["pods"]],
  // deletecollection verb identification
  ["DELETE", "/api/v1/nodes", "deletecollection", "api", "", "v1", "", "nodes", "", "", ["nodes"]],
  ["DELETE", "/api/v1/namespaces", "deletecollection", "api", "", "v1", "", "namespaces", "", "", ["namespaces"]],
  ["DELETE", "/api/v1/namespaces/other/pods", "deletecollection", "api", "", "v1", "other", "pods", "", "", ["pods"]],
  ["DELETE", "/apis/extensions/v1/namespaces/other/pods", "deletecollection", "apis", "extensions", "v1", "other", "pods", "", "", ["pods"]],
  // api group identification
  ["POST", "/apis/extensions/v1/namespaces/other/pods", "create", "apis", "extensions", "v1", "other", "pods", "", "", ["pods"]],
  // api version identification
  ["POST", "/apis/extensions/v1beta3/namespaces/other/pods", "create", "apis", "extensions", "v1beta3", "other", "pods", "", "", ["pods"]],
];

describe("newRequestInfo", () => {
  it.each(apiRequests)("reads %s %s as upstream does", (method, url, verb, apiPrefix, apiGroup, apiVersion, namespace, resource, subresource, name, parts) => {
    expect(parse(method, url)).toEqual({
      isResourceRequest: true, path: url.split("?")[0], verb, apiPrefix, apiGroup, apiVersion, namespace, resource, subresource, name, parts,
    });
  });

  // TestGetAPIRequestInfo's errorCases: none of these names a resource.
  it.each([
    ["no resource path", "/"],
    ["just apiversion", "/api/version/"],
    ["just prefix, group, version", "/apis/group/version/"],
    ["apiversion with no resource", "/api/version/"],
    ["bad prefix", "/badprefix/version/resource"],
    ["missing api group", "/apis/version/resource"],
  ])("treats %s (%s) as a non-resource request", (_name, url) => {
    expect(parse("GET", url).isResourceRequest).toBe(false);
  });

  // TestGetNonAPIRequestInfo
  it.each([
    ["/api/version/resource", true],
    ["/apis/group/version/resource/name/subresource", true],
    ["/api/version/resource/name/subresource", true],
    ["/apis/batch/v1/job", true],
    ["/apis/batch/v1/job/foo", true],
    ["/apis/batch/v1/job/foo/scale", true],
    ["/not-api/version/resource", false],
    ["/apis/extensions/v1beta1", false],
    ["/apis/extensions/v1beta1/", false],
    ["/api/version", false],
    ["/api", false],
    ["/", false],
    ["", false],
  ] as const)("says whether %s is a resource request (%s)", (url, expected) => {
    expect(parse("GET", url).isResourceRequest).toBe(expected);
  });

  it("gives a non-resource request the lower-cased method as verb and keeps the path", () => {
    expect(parse("GET", "/healthz")).toMatchObject({ isResourceRequest: false, verb: "get", path: "/healthz", resource: "" });
    expect(parse("POST", "/version").verb).toBe("post");
  });

  // TestFieldSelectorParsing
  it.each([
    ["no selector", "/apis/group/version/resource", "", "list"],
    ["metadata.name selector", "/apis/group/version/resource?fieldSelector=metadata.name=name1", "name1", "list"],
    ["metadata.name selector with watch", "/apis/group/version/resource?watch=true&fieldSelector=metadata.name=name1", "name1", "watch"],
    ["random selector", "/apis/group/version/resource?fieldSelector=foo=bar", "", "list"],
    ["invalid selector with metadata.name", "/apis/group/version/resource?fieldSelector=metadata.name=name1,foo", "", "list"],
    ["invalid selector with metadata.name with watch", "/apis/group/version/resource?fieldSelector=metadata.name=name1,foo&watch=true", "", "watch"],
    ["invalid selector with metadata.name with watch false", "/apis/group/version/resource?fieldSelector=metadata.name=name1,foo&watch=false", "", "list"],
  ])("narrows a list to one name with a fieldSelector: %s", (_name, url, name, verb) => {
    const info = parse("GET", url);
    expect(info.name).toBe(name);
    expect(info.verb).toBe(verb);
  });
});
