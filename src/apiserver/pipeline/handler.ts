// The API server's request pipeline, assembled: the filters in upstream's order, then the REST
// phases for resource requests, or the non-resource endpoints (/healthz, /livez, /readyz,
// /metrics) for the rest. Every phase's own time is measured on the injected Clock, so a
// notebook on virtual time sees the same per-phase figures on every run.
//
//   request ─▶ panic recovery ─▶ request info ─▶ authentication ─401
//           ─▶ audit ─▶ impersonation ─403 ─▶ max-in-flight ─429 ─▶ authorization ─403
//           ─▶ resource request?  mutating admission ─▶ validation ─422 ─▶ validating admission
//                                 ─▶ storage ─▶ 200 / 201 / 202
//           ─▶ non-resource?      /healthz /livez /readyz /metrics, then `nonResource`
//                                 (discovery, /version, /openapi), else 404
//
// Upstream: k8s.io/apiserver/pkg/server/config.go (DefaultBuildHandlerChain) and
// k8s.io/apiserver/pkg/server/handler.go (the director: resource paths to the REST handlers,
// everything else to the non-resource mux).
//
// What this does not guarantee: no timeouts, and no fairness between clients (max-in-flight,
// not API Priority and Fairness); a phase that never settles holds its request, and its
// max-in-flight slot, forever.

import type { RandomSource } from "../../api/names";
import type { Clock } from "../../sim/clock";
import type { AdmissionChain } from "../admission/chain";
import type { RequestAuthenticator } from "../authn/types";
import type { AuditBackend } from "../audit/backend";
import type { Policy } from "../audit/policy";
import type { Authorizer } from "../authz/authorizer";
import { compose, type Phase } from "./compose";
import {
  auditFilter, authenticationFilter, authorizationFilter, impersonationFilter, panicRecovery, requestInfoFilter,
} from "./filters";
import { pingCheck, serveHealth, type HealthCheck } from "./health";
import { maxInFlightFilter } from "./max-inflight";
import { ApiServerMetrics } from "./metrics";
import { newRequestContext, textResponse, type ApiRequest, type ApiResponse, type RequestContext } from "./request";
import type { RequestInfo } from "./request-info";
import { restPhases, type Decoder, type ObjectGetter, type StorageHandler, type Validator } from "./rest-handler";

export interface HandlerChainConfig {
  clock: Clock;
  /** Audit IDs. */
  rng: RandomSource;
  /** Usually buildAuthenticationChain(...) from ../authn. */
  authenticator: RequestAuthenticator;
  /** Usually buildAuthorizer([...modes]) from ../authz. Also checks impersonation. */
  authorizer: Authorizer;
  admission: AdmissionChain;
  validate: Validator;
  storage: StorageHandler;
  get?: ObjectGetter;
  /** Decodes and defaults write bodies; default: any JSON object is taken as it is. */
  decode?: Decoder;
  /** Whether a PUT of a missing object creates it (the kind's AllowCreateOnUpdate); default: never. */
  createsOnUpdate?: (info: RequestInfo) => boolean;
  /**
   * Serves the non-resource paths the pipeline does not know itself (discovery, /version,
   * /openapi): a response, or undefined for 404. Called after authorization, as upstream's
   * NonGoRestfulMux handlers are.
   */
  nonResource?: (request: ApiRequest) => Promise<ApiResponse | undefined>;
  /** Default: no rules, so nothing is audited (kube-apiserver without --audit-policy-file). */
  auditPolicy?: Policy;
  /** Default: events are dropped. */
  auditBackend?: AuditBackend;
  /** Checks after `ping`. Default: none. Upstream adds log, etcd, poststarthooks... */
  healthChecks?: readonly HealthCheck[];
  /** Checks only /readyz runs (upstream: informer-sync, shutdown). Default: none. */
  readyChecks?: readonly HealthCheck[];
  /**
   * --max-requests-inflight: get and list requests served at once; more are refused with 429.
   * Default 400, as kube-apiserver. 0 means no limit.
   */
  maxRequestsInFlight?: number;
  /**
   * --max-mutating-requests-inflight: writes served at once. Default 200, as kube-apiserver.
   * 0 means no limit. Both 0: the filter is left out.
   */
  maxMutatingRequestsInFlight?: number;
}

export interface ApiServerHandler {
  handle(request: ApiRequest): Promise<ApiResponse>;
  readonly metrics: ApiServerMetrics;
}

//> build-handler-chain
export function buildHandlerChain(config: HandlerChainConfig): ApiServerHandler {
  const now = () => config.clock.now();
  const metrics = new ApiServerMetrics();
  const observe = (phase: string, ms: number) => metrics.observePhase(phase, ms);

  // Upstream installs WithPriorityAndFairness here when APF is enabled (the default); see max-inflight.ts.
  const maxInFlight = maxInFlightFilter({
    maxRequestsInFlight: config.maxRequestsInFlight ?? 400,
    maxMutatingRequestsInFlight: config.maxMutatingRequestsInFlight ?? 200,
    metrics,
  });
  const filters: Phase[] = [
    panicRecovery,
    requestInfoFilter,
    authenticationFilter(config.authenticator),
    auditFilter({ policy: config.auditPolicy ?? { rules: [] }, backend: config.auditBackend ?? { processEvents: () => {} }, now, rng: config.rng }),
    impersonationFilter(config.authorizer),
    ...(maxInFlight === undefined ? [] : [maxInFlight]),
    authorizationFilter(config.authorizer),
  ];
  const checks = [pingCheck, ...(config.healthChecks ?? [])];
  const readyChecks = [...checks, ...(config.readyChecks ?? [])];
  const rest = compose(restPhases(config), now, observe, async () => textResponse(404, "404 page not found\n"));

  // The director: resource requests to the REST phases, the rest to the non-resource endpoints.
  const director = (ctx: RequestContext) => async (): Promise<ApiResponse> => {
    if (ctx.requestInfo!.isResourceRequest) return rest(ctx);
    const { path, query = {} } = ctx.request;
    if (path === "/metrics") return textResponse(200, metrics.exposition());
    const health =
      (await serveHealth("healthz", checks, path, query)) ??
      (await serveHealth("livez", checks, path, query)) ??
      (await serveHealth("readyz", readyChecks, path, query));
    if (health !== undefined) return health;
    return (await config.nonResource?.(ctx.request)) ?? textResponse(404, "404 page not found\n");
  };

  return {
    metrics,
    async handle(request) {
      const ctx = newRequestContext(request, now());
      const response = await compose(filters, now, observe, director(ctx))(ctx);
      metrics.observeRequest(request.method, ctx.requestInfo, response.status, now() - ctx.receivedAt);
      return response;
    },
  };
}
//< build-handler-chain
