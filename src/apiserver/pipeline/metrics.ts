// The API server's latency metrics, served on /metrics in the Prometheus text format
// (reusing the etcd chapter's Histogram and exposition writer):
//
//   apiserver_request_duration_seconds{verb,resource}   upstream's end-to-end latency SLI
//   apiserver_request_filter_duration_seconds{filter}   upstream: time in each filter before the next
//   apiserver_request_total{code,verb,resource}         upstream's request counter
//   apiserver_current_inflight_requests{request_kind}   upstream: requests the max-in-flight filter
//                                                       is serving, readOnly and mutating
//   apiserver_dropped_requests_total{request_kind}      upstream: requests it refused with 429
//   course_apiserver_phase_duration_seconds{phase}      this course: every phase's own time,
//                                                       filters and REST steps alike
//
// Upstream: k8s.io/apiserver/pkg/endpoints/metrics/metrics.go (requestLatencies, requestCounter,
// CleanVerb) and pkg/endpoints/filterlatency (apiserver_request_filter_duration_seconds).
//
// SIMPLIFICATION: upstream's request metrics carry more labels (group, version, scope,
// subresource, component, dry_run); two are enough to read the chapter's figures. Upstream's
// apiserver_current_inflight_requests is the highest count seen in the last second (a watermark
// sampled every second); here it is the count at the moment /metrics is read.

import { formatExposition, formatGoFloat, type MetricFamily, type Sample } from "../../etcd/server/exposition";
import { Histogram } from "../../etcd/server/histogram";
import type { RequestInfo } from "./request-info";

/** requestLatencies buckets (seconds). */
export const REQUEST_DURATION_BUCKETS = [
  0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60,
];
/** filterlatency buckets (seconds). */
export const FILTER_DURATION_BUCKETS = [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 5, 10, 15, 30];

/** The filters upstream measures in apiserver_request_filter_duration_seconds. */
const upstreamFilters = new Set(["authentication", "audit", "impersonation", "authorization"]);

/** maxinflight.go's two counters: metrics.ReadOnlyKind and metrics.MutatingKind. */
export type RequestKind = "readOnly" | "mutating";

/** A histogram per label set, in first-seen order. */
class LabelledHistograms {
  private readonly series = new Map<string, { labels: Record<string, string>; h: Histogram }>();
  constructor(readonly name: string, readonly help: string, private readonly buckets: readonly number[]) {}

  observe(labels: Record<string, string>, value: number): void {
    const key = JSON.stringify(labels);
    let s = this.series.get(key);
    if (s === undefined) this.series.set(key, (s = { labels, h: new Histogram(this.buckets) }));
    s.h.observe(value);
  }

  family(): MetricFamily {
    const samples: Sample[] = [];
    for (const { labels, h } of this.series.values()) {
      for (const b of h.buckets()) samples.push({ name: `${this.name}_bucket`, labels: { ...labels, le: formatGoFloat(b.upperBound) }, value: b.count });
      samples.push({ name: `${this.name}_sum`, labels, value: h.sum }, { name: `${this.name}_count`, labels, value: h.count });
    }
    return { name: this.name, help: this.help, type: "histogram", samples };
  }
}

export class ApiServerMetrics {
  private readonly requestDuration = new LabelledHistograms(
    "apiserver_request_duration_seconds",
    "Response latency distribution in seconds for each verb, dry run value, group, version, resource, subresource, scope and component.",
    REQUEST_DURATION_BUCKETS,
  );
  private readonly filterDuration = new LabelledHistograms(
    "apiserver_request_filter_duration_seconds",
    "Request filter latency distribution in seconds, for each filter type",
    FILTER_DURATION_BUCKETS,
  );
  private readonly phaseDuration = new LabelledHistograms(
    "course_apiserver_phase_duration_seconds",
    "Time each request pipeline phase spent on its own work, excluding the phases after it, in seconds.",
    FILTER_DURATION_BUCKETS,
  );
  private readonly requestTotal = new Map<string, { labels: Record<string, string>; value: number }>();
  /** Undefined until a max-in-flight filter reports: without one, upstream exports no samples either. */
  private inflight: Record<RequestKind, number> | undefined;
  private readonly dropped: Record<RequestKind, number> = { readOnly: 0, mutating: 0 };

  /** UpdateInflightRequestMetrics: the requests the max-in-flight filter is serving now. */
  updateInflightRequestMetrics(readOnly: number, mutating: number): void {
    this.inflight = { readOnly, mutating };
  }

  /** DroppedRequests: one more request refused with 429 by the max-in-flight filter. */
  recordDroppedRequest(kind: RequestKind): void {
    this.dropped[kind]++;
  }

  /** One phase's own time, from the composed chain. */
  observePhase(phase: string, millis: number): void {
    this.phaseDuration.observe({ phase }, millis / 1000);
    if (upstreamFilters.has(phase)) this.filterDuration.observe({ filter: phase }, millis / 1000);
  }

  /** A finished request: its total latency and response code. */
  observeRequest(method: string, info: RequestInfo | undefined, code: number, millis: number): void {
    const verb = cleanVerb(method, info);
    const resource = info?.resource ?? "";
    this.requestDuration.observe({ verb, resource }, millis / 1000);
    const labels = { code: String(code), resource, verb };
    const key = JSON.stringify(labels);
    const c = this.requestTotal.get(key) ?? { labels, value: 0 };
    c.value++;
    this.requestTotal.set(key, c);
  }

  /** The /metrics body. */
  exposition(): string {
    const total: MetricFamily = {
      name: "apiserver_request_total",
      help: "Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.",
      type: "counter",
      samples: [...this.requestTotal.values()].map((c) => ({ name: "apiserver_request_total", labels: c.labels, value: c.value })),
    };
    const families = [this.requestDuration.family(), this.filterDuration.family(), this.phaseDuration.family(), total];
    if (this.inflight !== undefined) {
      const byKind = (name: string, values: Record<RequestKind, number>): Sample[] =>
        (["mutating", "readOnly"] as const).map((kind) => ({ name, labels: { request_kind: kind }, value: values[kind] }));
      families.push(
        { name: "apiserver_current_inflight_requests", type: "gauge", samples: byKind("apiserver_current_inflight_requests", this.inflight),
          help: "Maximal number of currently used inflight request limit of this apiserver per request kind in last second." },
        { name: "apiserver_dropped_requests_total", type: "counter", samples: byKind("apiserver_dropped_requests_total", this.dropped),
          help: "Number of requests dropped with 'Try again later' response" },
      );
    }
    return formatExposition(families);
  }
}

/** metrics.CleanVerb: LIST and WATCH told apart from GET; otherwise the HTTP method. */
export function cleanVerb(method: string, info: RequestInfo | undefined): string {
  const m = method.toUpperCase();
  if (info?.isResourceRequest) {
    if (info.verb === "list") return "LIST";
    if (info.verb === "watch") return "WATCH";
    if (m === "GET" && info.verb === "get") return "GET";
  }
  return m;
}
