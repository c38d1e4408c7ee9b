// --max-requests-inflight and --max-mutating-requests-inflight: two counters of requests being
// served, one for reads and one for writes; a request that finds its counter full is refused
// at once with 429 and `Retry-After: 1`, and the client (client-go) backs off and retries.
//
// Upstream: k8s.io/apiserver/pkg/server/filters/maxinflight.go (WithMaxInFlightLimit), placed
// by k8s.io/apiserver/pkg/server/config.go (DefaultBuildHandlerChain) after impersonation and
// before authorization, in the slot API Priority and Fairness takes when it is enabled.
//
// What is counted: every request that is not long-running. Long-running ones (watches, and the
// attach/exec/log/portforward/proxy subresources) hold a connection for minutes and would
// fill the counters by themselves, so they pass uncounted (kube-apiserver's LongRunningFunc).
// Reads are get, list (and watch); everything else, non-resource POSTs included, is mutating.
//
// What it does not guarantee: fairness. One client in a tight loop fills the counter and
// everyone else, leader election included, gets 429 too. Only system:masters is let through.
//
// SIMPLIFICATION: kube-apiserver has API Priority and Fairness on by default (stable since
// v1.29), and when it is on this filter is not installed at all: APF sums the two flags into
// the server's total concurrency and shares it among priority levels, with fair queuing inside
// each (k8s.io/apiserver/pkg/server/filters/priority-and-fairness.go). The course implements
// only the older max-in-flight filter.

import { SystemPrivilegedGroup } from "../types";
import type { Phase } from "./compose";
import type { ApiServerMetrics, RequestKind } from "./metrics";
import { textResponse, type ApiResponse } from "./request";
import type { RequestInfo } from "./request-info";

/** maxinflight.go's nonMutatingRequestVerbs. */
const nonMutatingRequestVerbs = new Set(["get", "list", "watch"]);

/** kube-apiserver's LongRunningFunc: BasicLongRunningRequestCheck(LongRunningVerbs, LongRunningSubresources). */
const longRunningVerbs = new Set(["watch", "proxy"]);
const longRunningSubresources = new Set(["attach", "exec", "proxy", "log", "portforward"]);

/**
 * BasicLongRunningRequestCheck (k8s.io/apiserver/pkg/server/filters/longrunning.go), with the
 * sets cmd/kube-apiserver configures. Also used by upstream's timeout and audit filters.
 */
export function isLongRunning(info: RequestInfo): boolean {
  if (longRunningVerbs.has(info.verb)) return true;
  if (info.isResourceRequest && longRunningSubresources.has(info.subresource)) return true;
  return !info.isResourceRequest && info.path.startsWith("/debug/pprof/");
}

export interface MaxInFlightOptions {
  /** --max-requests-inflight: concurrent reads. 0 means no limit. */
  maxRequestsInFlight: number;
  /** --max-mutating-requests-inflight: concurrent writes. 0 means no limit. */
  maxMutatingRequestsInFlight: number;
  /** Where the in-flight counts and the dropped requests are reported. */
  metrics: ApiServerMetrics;
}

/** maxinflight.go's retryAfter: "TODO: maybe make this dynamic?". */
const retryAfter = "1";

/** WithMaxInFlightLimit. Undefined when both limits are 0: upstream then returns the handler unwrapped. */
export function maxInFlightFilter(opts: MaxInFlightOptions): Phase | undefined {
  for (const [flag, value] of [["--max-requests-inflight", opts.maxRequestsInFlight], ["--max-mutating-requests-inflight", opts.maxMutatingRequestsInFlight]] as const) {
    if (!Number.isInteger(value) || value < 0) throw new Error(`${flag} must be a whole number of requests, 0 or more (0 means no limit); got ${value}`);
  }
  if (opts.maxRequestsInFlight === 0 && opts.maxMutatingRequestsInFlight === 0) return undefined;
  const limit: Record<RequestKind, number> = { readOnly: opts.maxRequestsInFlight, mutating: opts.maxMutatingRequestsInFlight };
  const inFlight: Record<RequestKind, number> = { readOnly: 0, mutating: 0 };
  const report = () => opts.metrics.updateInflightRequestMetrics(inFlight.readOnly, inFlight.mutating);
  report();

  return {
    name: "max_inflight",
    //> apiserver-max-inflight
    async run(ctx, next): Promise<ApiResponse> {
      const info = ctx.requestInfo!;
      // Skip tracking long running events: a watch would hold its slot for minutes.
      if (isLongRunning(info)) return next();

      const kind: RequestKind = nonMutatingRequestVerbs.has(info.verb) ? "readOnly" : "mutating";
      if (limit[kind] === 0) return next(); // a limit of 0: this kind is not limited

      if (inFlight[kind] < limit[kind]) {
        // Upstream: `case c <- true:`, a buffered channel of the limit's size; `defer <-c`.
        inFlight[kind]++;
        report();
        try {
          return await next();
        } finally {
          inFlight[kind]--;
          report();
        }
      }
      // Full. "A system:master is so powerful that they should always get an answer. It's a
      // super-admin or a loopback connection." Not counted, so it never takes a slot either.
      if (ctx.user?.groups.includes(SystemPrivilegedGroup)) return next();

      opts.metrics.recordDroppedRequest(kind);
      // tooManyRequests: http.Error, so a text body rather than a Status; client-go reads the
      // 429 and the Retry-After header, and retries.
      const response = textResponse(429, "Too many requests, please try again later.\n");
      response.headers["Retry-After"] = retryAfter;
      return response;
    },
    //< apiserver-max-inflight
  };
}
