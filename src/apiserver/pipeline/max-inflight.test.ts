// --max-requests-inflight and --max-mutating-requests-inflight, as a client sees them: requests
// are held open in storage (a deferred promise per request) so that they stay in flight while
// the next ones arrive. Time is virtual and never moves: the limit is on concurrency, not rate.
import { describe, expect, it } from "vitest";
import { Rng } from "../../sim/rng";
import { VirtualClock } from "../../sim/virtual-clock";
import { AdmissionChain } from "../admission/chain";
import type { RequestAuthenticator } from "../authn/types";
import { allow, type Authorizer } from "../authz/authorizer";
import { buildHandlerChain, type HandlerChainConfig } from "./handler";
import type { ApiRequest, ApiResponse } from "./request";
import type { StorageOutcome, StorageRequest } from "./rest-handler";

const groupsByToken: Record<string, string[]> = { "alice-token": ["system:authenticated"], "admin-token": ["system:masters", "system:authenticated"] };

/** A pipeline whose storage holds every request until the test releases it. */
function setup(overrides: Partial<HandlerChainConfig> = {}) {
  const held: { req: StorageRequest; release: () => void }[] = [];
  let onArrival: (() => void) | undefined;
  const authenticator: RequestAuthenticator = {
    name: "fake-tokens",
    authenticate(req) {
      const token = String(req.headers["Authorization"] ?? "").replace(/^Bearer /, "");
      const groups = groupsByToken[token];
      return groups === undefined ? { kind: "NoOpinion" } : { kind: "Authenticated", user: { name: token.replace(/-token$/, ""), groups } };
    },
  };
  const authorizer: Authorizer = { name: "allow-all", authorize: () => allow() };
  const handler = buildHandlerChain({
    clock: new VirtualClock(Date.UTC(2026, 0, 2, 15, 4, 5)),
    rng: new Rng(42),
    authenticator,
    authorizer,
    admission: new AdmissionChain([]),
    validate: () => ({ warnings: [] }),
    async storage(req): Promise<StorageOutcome> {
      await new Promise<void>((release) => {
        held.push({ req, release });
        onArrival?.();
      });
      return req.info.verb === "create" ? { kind: "Created", object: req.object } : { kind: "Ok", object: { kind: "PodList", items: [] } };
    },
    ...overrides,
  });

  /** Sends a request and waits until it is held in storage (it passed every filter). */
  async function hold(request: ApiRequest): Promise<{ response: Promise<ApiResponse> }> {
    const arrived = new Promise<void>((resolve) => (onArrival = resolve));
    const response = handler.handle(request);
    await Promise.race([arrived, response]);
    return { response }; // wrapped: awaiting a bare promise of a promise would wait for the response
  }
  const releaseAll = () => held.splice(0).forEach((h) => h.release());
  return { handler, held, hold, releaseAll };
}

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const listPods = (token = "alice-token"): ApiRequest => ({ method: "GET", path: "/api/v1/namespaces/default/pods", headers: auth(token) });
const watchPods = (): ApiRequest => ({ method: "GET", path: "/api/v1/namespaces/default/pods", query: { watch: "true" }, headers: auth("alice-token") });
const createPod = (name: string): ApiRequest => ({
  method: "POST", path: "/api/v1/namespaces/default/pods", headers: auth("alice-token"),
  body: { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default" }, spec: { containers: [] } },
});
const metricLines = (body: unknown, name: string) => String(body).split("\n").filter((l) => l.startsWith(name));

describe("max-in-flight: --max-requests-inflight and --max-mutating-requests-inflight", () => {
  it("refuses the third concurrent list with 429, Retry-After: 1 and upstream's message when the limit is 2", async () => {
    const { hold, handler, held } = setup({ maxRequestsInFlight: 2 });
    const { response: first } = await hold(listPods());
    const { response: second } = await hold(listPods());
    const third = await handler.handle(listPods());
    expect(third.status).toBe(429);
    expect(third.headers["Retry-After"]).toBe("1");
    expect(third.body).toBe("Too many requests, please try again later.\n");
    expect(held).toHaveLength(2); // the third never reached storage
    held.splice(0).forEach((h) => h.release());
    expect([(await first).status, (await second).status]).toEqual([200, 200]);
  });

  it("frees a slot when a request finishes, so the next list is served", async () => {
    const { hold, held } = setup({ maxRequestsInFlight: 1 });
    const { response: first } = await hold(listPods());
    held.shift()!.release();
    expect((await first).status).toBe(200);
    const { response: next } = await hold(listPods());
    expect(held).toHaveLength(1);
    held.shift()!.release();
    expect((await next).status).toBe(200);
  });

  it("does not count a watch: it is long-running, so two lists still fit beside it", async () => {
    const { hold, handler, held, releaseAll } = setup({ maxRequestsInFlight: 2 });
    await hold(watchPods());
    await hold(listPods());
    await hold(listPods());
    expect(held.map((h) => h.req.info.verb)).toEqual(["watch", "list", "list"]);
    expect((await handler.handle(listPods())).status).toBe(429);
    releaseAll();
  });

  it("keeps a separate limit for writes: a full read limit does not stop a create, and a full write limit does not stop a list", async () => {
    const { hold, handler, held, releaseAll } = setup({ maxRequestsInFlight: 1, maxMutatingRequestsInFlight: 1 });
    await hold(listPods());
    await hold(createPod("web"));
    expect(held.map((h) => h.req.info.verb)).toEqual(["list", "create"]);
    expect((await handler.handle(createPod("db"))).status).toBe(429);
    expect((await handler.handle(listPods())).status).toBe(429);
    releaseAll();
  });

  it("always serves system:masters, even when the limit is full", async () => {
    const { hold, held, releaseAll } = setup({ maxRequestsInFlight: 1 });
    await hold(listPods());
    const { response: admin } = await hold(listPods("admin-token"));
    expect(held).toHaveLength(2);
    releaseAll();
    expect((await admin).status).toBe(200);
  });

  it("does not limit at all when the limit is 0", async () => {
    const { hold, held, releaseAll } = setup({ maxRequestsInFlight: 0, maxMutatingRequestsInFlight: 0 });
    for (let i = 0; i < 5; i++) await hold(listPods());
    expect(held).toHaveLength(5);
    releaseAll();
  });

  it("refuses a negative limit, naming the flag", () => {
    expect(() => setup({ maxMutatingRequestsInFlight: -1 })).toThrow("--max-mutating-requests-inflight must be a whole number of requests, 0 or more (0 means no limit); got -1");
  });

  it("reports the requests in flight and the dropped ones on /metrics, by request_kind", async () => {
    const { hold, handler, releaseAll } = setup({ maxRequestsInFlight: 1, maxMutatingRequestsInFlight: 1 });
    await hold(listPods());
    await hold(createPod("web"));
    expect((await handler.handle(listPods())).status).toBe(429);
    // Read as system:masters, which passes a full limit without taking a slot.
    const during = await handler.handle({ method: "GET", path: "/metrics", headers: auth("admin-token") });
    expect(metricLines(during.body, "apiserver_current_inflight_requests{")).toEqual([
      'apiserver_current_inflight_requests{request_kind="mutating"} 1',
      'apiserver_current_inflight_requests{request_kind="readOnly"} 1',
    ]);
    expect(metricLines(during.body, "apiserver_dropped_requests_total{")).toEqual([
      'apiserver_dropped_requests_total{request_kind="mutating"} 0',
      'apiserver_dropped_requests_total{request_kind="readOnly"} 1',
    ]);
    expect(metricLines(during.body, 'apiserver_request_total{code="429"')).toEqual(['apiserver_request_total{code="429",resource="pods",verb="LIST"} 1']);
    releaseAll();
  });
});
