// /healthz, /livez and /readyz: is this API server alive, and ready for traffic?
//
//   $ curl -k https://127.0.0.1:6443/readyz?verbose
//   [+]ping ok
//   [+]etcd ok
//   readyz check passed
//
// Each endpoint runs a list of named checks. All passing: 200 and "ok" (or the verbose list);
// any failing: 500 with the list, the failures marked `[-]name failed: reason withheld` (the
// reason goes to the server's log, not to an anonymous caller). `/readyz/etcd` runs one check;
// `?exclude=etcd` skips one. A load balancer polls /readyz; the kubelet's liveness probe /livez.
//
// Upstream: k8s.io/apiserver/pkg/server/healthz/healthz.go (handleRootHealth, PingHealthz,
// adaptCheckToHandler).

import { textResponse, type ApiResponse } from "./request";
import { queryValue, type Query } from "./request-info";

/** healthz.HealthChecker: `check` returns nothing when healthy, an Error when not. */
export interface HealthCheck {
  readonly name: string;
  check(): Error | undefined | Promise<Error | undefined>;
}

/** healthz.PingHealthz: always healthy; proves the server answers at all. */
export const pingCheck: HealthCheck = { name: "ping", check: () => undefined };

export type HealthEndpoint = "healthz" | "livez" | "readyz";

//> health-endpoint
/** Serves `/<endpoint>` and `/<endpoint>/<check>`; undefined when `path` is not one of them. */
export async function serveHealth(
  endpoint: HealthEndpoint,
  checks: readonly HealthCheck[],
  path: string,
  query: Query,
): Promise<ApiResponse | undefined> {
  const root = `/${endpoint}`;
  if (path.startsWith(`${root}/`)) {
    const check = checks.find((c) => `${root}/${c.name}` === path);
    if (check === undefined) return undefined;
    const err = await check.check();
    return err === undefined ? textResponse(200, "ok") : textResponse(500, `internal server error: ${err.message}\n`);
  }
  if (path !== root) return undefined;

  const excluded = new Set(allValues(query, "exclude"));
  const lines: string[] = [];
  let failed = false;
  for (const c of checks) {
    if (excluded.delete(c.name)) {
      lines.push(`[+]${c.name} excluded: ok`);
      continue;
    }
    const err = await c.check();
    if (err === undefined) lines.push(`[+]${c.name} ok`);
    else {
      failed = true;
      lines.push(`[-]${c.name} failed: reason withheld`);
    }
  }
  for (const name of excluded) lines.push(`warn: some health checks cannot be excluded: no matches for "${name}"`);
  const verbose = queryValue(query, "verbose") !== undefined;
  if (failed) return textResponse(500, `${lines.join("\n")}\n${endpoint} check failed\n`);
  if (!verbose) return textResponse(200, "ok");
  return textResponse(200, `${lines.join("\n")}\n${endpoint} check passed\n`);
}
//< health-endpoint

function allValues(query: Query, key: string): string[] {
  const v = query[key];
  if (v === undefined) return [];
  return typeof v === "string" ? [v] : [...v];
}
