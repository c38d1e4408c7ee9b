// What version this API server says it is: /version reports it (server/discovery.ts) and the
// OpenAPI documents carry it as `info.version` (validation/openapi-v2.ts, openapi-v3.ts). One
// value, so kubectl never sees two answers.
//
// Upstream: k8s.io/apimachinery/pkg/version (Info), and k8s.io/apiserver/pkg/server/config.go
// completeOpenAPI, which sets `info.version` from the server's version.

export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

/**
 * What /version reports by default: a v1.32 server that says it is this course's.
 * SIMPLIFICATION: the OpenAPI definitions come from kubernetes-types 1.30
 * (definitions.generated.ts `kubernetesTypesVersion`), so fields added in 1.31 and 1.32 are
 * missing from them although `info.version` says v1.32.0.
 */
export const DEFAULT_VERSION: VersionInfo = {
  major: "1", minor: "32", gitVersion: "v1.32.0-course", gitCommit: "0000000000000000000000000000000000000000",
  gitTreeState: "clean", buildDate: "2024-12-11T00:00:00Z", goVersion: "go1.23.3", compiler: "gc", platform: "linux/amd64",
};

/**
 * The OpenAPI `info.version` of a server at `version`: its gitVersion up to the first "-"
 * (completeOpenAPI: `strings.Split(version.String(), "-")[0]`), so v1.32.0-course → v1.32.0.
 */
export function openApiInfoVersion(version: VersionInfo): string {
  return version.gitVersion.split("-")[0] ?? version.gitVersion;
}
