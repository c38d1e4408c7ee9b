// The non-resource paths this server adds to the pipeline's own (/healthz, /livez, /readyz,
// /metrics): discovery, /version and the OpenAPI documents. They are authorized like any other
// path (system:discovery and system:public-info-viewer allow them), then answered here.
//
// Upstream: k8s.io/apiserver/pkg/server/routes (version.go, openapi.go) and
// k8s.io/apiserver/pkg/endpoints/discovery.

import { jsonResponse, type ApiRequest, type ApiResponse } from "../pipeline/request";
import { openApiV2Document, openApiV3Document, openApiV3Paths } from "../validation";
import { discoveryDocument, type VersionInfo } from "./discovery";

//> apiserver-non-resource
export function nonResourceHandler(version: VersionInfo, serverAddress: string): (req: ApiRequest) => Promise<ApiResponse | undefined> {
  return async (req) => {
    if (req.method.toUpperCase() !== "GET" && req.method.toUpperCase() !== "HEAD") return undefined;
    const path = req.path;
    if (path === "/openapi/v2") return jsonResponse(200, openApiV2Document(version));
    if (path === "/openapi/v3") return jsonResponse(200, openApiV3Paths(version));
    if (path.startsWith("/openapi/v3/")) {
      const doc = openApiV3Document(path.slice("/openapi/v3/".length), version);
      return doc === undefined ? undefined : jsonResponse(200, doc);
    }
    const doc = discoveryDocument(path, version, serverAddress);
    // Also the answer to kubectl's aggregated-discovery Accept: plain JSON, which it understands.
    return doc === undefined ? undefined : jsonResponse(200, doc);
  };
}
//< apiserver-non-resource
