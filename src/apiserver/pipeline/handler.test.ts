// One request at a time through the whole pipeline, with fakes for everything the pipeline
// does not own: a token authenticator, a small authorizer, two admission plugins, a validator
// and an in-memory storage step. Time is virtual; the fakes advance it to give phases a cost.
import { describe, expect, it } from "vitest";
import { field, FieldPath } from "../../api/field-errors";
import { newAlreadyExists, newInvalid } from "../../api/status";
import { Rng } from "../../sim/rng";
import { VirtualClock } from "../../sim/virtual-clock";
import { AdmissionChain } from "../admission/chain";
import { admissionForbidden } from "../admission/errors";
import { handlesOperations } from "../admission/plugin";
import type { RequestAuthenticator } from "../authn/types";
import { MemorySink, logBackend } from "../audit/backend";
import type { Policy } from "../audit/policy";
import { allow, type Authorizer, noOpinion } from "../authz/authorizer";
import type { KubeObject } from "../types";
import { buildHandlerChain, type HandlerChainConfig } from "./handler";
import type { ApiRequest } from "./request";
import type { StorageOutcome } from "./rest-handler";

const tokens: Record<string, string> = { "alice-token": "alice", "bob-token": "bob" };

function setup(overrides: Partial<HandlerChainConfig> = {}) {
  const clock = new VirtualClock(Date.UTC(2026, 0, 2, 15, 4, 5));
  const stored = new Map<string, KubeObject>();
  const sink = new MemorySink();

  const authenticator: RequestAuthenticator = {
    name: "fake-tokens",
    authenticate(req) {
      const auth = req.headers["Authorization"];
      const token = typeof auth === "string" ? auth.replace(/^Bearer /, "") : "";
      const name = tokens[token];
      if (name === undefined) return { kind: "NoOpinion" };
      clock.advance(1);
      return { kind: "Authenticated", user: { name, groups: ["system:authenticated"] } };
    },
  };
  // alice may do anything in "default" and impersonate bob; everyone may read the health and metrics paths.
  const authorizer: Authorizer = {
    name: "fake",
    authorize(a) {
      clock.advance(2);
      if (!a.isResourceRequest) return allow();
      if (a.user.name === "alice" && a.verb === "impersonate" && a.name === "bob") return allow();
      if (a.user.name === "alice" && a.namespace === "default") return allow("alice owns default");
      return noOpinion();
    },
  };
  const admission = new AdmissionChain([
    {
      name: "AddTeamLabel",
      handles: handlesOperations("CREATE", "UPDATE"),
      admit(a, ctx) {
        a.object!.metadata = { ...a.object!.metadata, labels: { ...a.object!.metadata?.labels, team: "course" } };
        ctx.addAnnotation("addteamlabel.course/added", "team");
      },
    },
    {
      name: "DenyForbiddenNames",
      handles: handlesOperations("CREATE"),
      validate(a) {
        if (a.object?.metadata?.name === "forbidden") throw admissionForbidden(a, "the name forbidden is reserved");
      },
    },
  ]);
  const config: HandlerChainConfig = {
    clock,
    rng: new Rng(42),
    authenticator,
    authorizer,
    admission,
    validate(object) {
      const name = object.metadata?.name ?? "";
      if (/[A-Z]/.test(name)) {
        return { error: newInvalid({ group: "", kind: object.kind ?? "" }, name, [field.invalid(FieldPath.of("metadata", "name"), name, "must be lower case")]), warnings: [] };
      }
      return { warnings: name.startsWith("x-") ? [`metadata.name: ${name} looks experimental`] : [] };
    },
    async storage(req): Promise<StorageOutcome> {
      clock.advance(5);
      const key = `/registry/${req.info.resource}/${req.info.namespace}/${(req.object as KubeObject).metadata?.name ?? req.info.name}`;
      if (req.info.verb === "create") {
        const obj = req.object as KubeObject;
        if (stored.has(key)) throw newAlreadyExists({ group: "", resource: req.info.resource }, obj.metadata?.name ?? "");
        stored.set(key, obj);
        return { kind: "Created", object: obj };
      }
      return { kind: "Ok", object: stored.get(key) };
    },
    auditPolicy: { rules: [{ level: "RequestResponse" }] },
    auditBackend: logBackend(sink),
    ...overrides,
  };
  return { handler: buildHandlerChain(config), clock, stored, sink };
}

const pod = (name: string): KubeObject => ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default" }, spec: { containers: [] } });
const createPod = (token: string, name: string, headers: Record<string, string> = {}): ApiRequest => ({
  method: "POST", path: "/api/v1/namespaces/default/pods", headers: { Authorization: `Bearer ${token}`, "User-Agent": "kubectl/v1.32.0", ...headers },
  body: pod(name), remoteAddr: "10.0.0.7",
});

describe("the request pipeline", () => {
  it("answers 401 Unauthorized with a Status when nobody recognises the credential", async () => {
    const { handler, stored } = setup();
    const res = await handler.handle(createPod("stolen", "web"));
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "Unauthorized", reason: "Unauthorized", code: 401 });
    expect(stored.size).toBe(0);
  });

  it("answers 403 with upstream's exact message when no authorizer allows", async () => {
    const { handler, stored } = setup();
    const res = await handler.handle(createPod("bob-token", "web"));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      reason: "Forbidden",
      message: 'pods is forbidden: User "bob" cannot create resource "pods" in API group "" in the namespace "default"',
      details: { kind: "pods" },
      code: 403,
    });
    expect(stored.size).toBe(0);
  });

  it("stores the object as mutating admission changed it and answers 201 Created", async () => {
    const { handler, stored } = setup();
    const res = await handler.handle(createPod("alice-token", "web"));
    expect(res.status).toBe(201);
    expect((res.body as KubeObject).metadata?.labels).toEqual({ team: "course" });
    expect(stored.get("/registry/pods/default/web")?.metadata?.labels).toEqual({ team: "course" });
  });

  it("refuses with the validating plugin's 403 and stores nothing", async () => {
    const { handler, stored } = setup();
    const res = await handler.handle(createPod("alice-token", "forbidden"));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ message: 'pods "forbidden" is forbidden: the name forbidden is reserved' });
    expect(stored.size).toBe(0);
  });

  it("answers 422 Invalid from validation, between the two admission phases", async () => {
    const { handler, stored } = setup();
    const res = await handler.handle(createPod("alice-token", "Web"));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ reason: "Invalid", message: 'Pod "Web" is invalid: metadata.name: Invalid value: "Web": must be lower case' });
    expect(stored.size).toBe(0);
  });

  it("sends validation's warnings to the client in Warning headers", async () => {
    const { handler } = setup();
    const res = await handler.handle(createPod("alice-token", "x-web"));
    expect(res.status).toBe(201);
    expect(res.headers["Warning"]).toBe('299 - "metadata.name: x-web looks experimental"');
  });

  it("passes storage's own errors through as their Status: 409 AlreadyExists", async () => {
    const { handler } = setup();
    await handler.handle(createPod("alice-token", "web"));
    const res = await handler.handle(createPod("alice-token", "web"));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ reason: "AlreadyExists", message: 'pods "web" already exists' });
  });

  it("authorizes an impersonated request as the impersonated user", async () => {
    const { handler } = setup();
    const res = await handler.handle(createPod("alice-token", "web", { "Impersonate-User": "bob" }));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ message: 'pods is forbidden: User "bob" cannot create resource "pods" in API group "" in the namespace "default"' });
  });

  it("answers 500 Internal error when storage fails with something other than a Status", async () => {
    const { handler } = setup({ storage: () => Promise.reject(new Error("etcd is down")) });
    const res = await handler.handle(createPod("alice-token", "web"));
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ reason: "InternalError", message: "Internal error occurred: etcd is down" });
  });

  it("turns a phase that throws (a panic) into a 500 and keeps serving", async () => {
    const { handler } = setup({ validate: () => { throw new Error("boom"); } });
    const res = await handler.handle(createPod("alice-token", "web"));
    expect(res.status).toBe(500);
    expect(res.body).toBe("This request caused apiserver to panic. Look in the logs for details.\n");
    expect((await handler.handle({ method: "GET", path: "/livez", headers: { Authorization: "Bearer bob-token" } })).status).toBe(200);
  });
});

describe("audit logging through the pipeline", () => {
  const policy = (level: Policy["rules"][number]["level"]): Policy => ({ rules: [{ level }] });

  it("writes nothing at level None", async () => {
    const { handler, sink } = setup({ auditPolicy: policy("None") });
    await handler.handle(createPod("alice-token", "web"));
    expect(sink.lines).toEqual([]);
  });

  it("writes RequestReceived and ResponseComplete without objects at level Metadata", async () => {
    const { handler, sink } = setup({ auditPolicy: policy("Metadata") });
    const res = await handler.handle(createPod("alice-token", "web"));
    const [received, complete] = sink.events();
    expect(sink.lines.every((l) => l.endsWith("}\n"))).toBe(true);
    expect(received).toMatchObject({ stage: "RequestReceived", level: "Metadata" });
    expect(received!.responseStatus).toBeUndefined();
    expect(complete).toEqual({
      kind: "Event", apiVersion: "audit.k8s.io/v1", level: "Metadata", auditID: received!.auditID, stage: "ResponseComplete",
      requestURI: "/api/v1/namespaces/default/pods", verb: "create",
      user: { username: "alice", groups: ["system:authenticated"] }, sourceIPs: ["10.0.0.7"], userAgent: "kubectl/v1.32.0",
      objectRef: { resource: "pods", namespace: "default", apiVersion: "v1" },
      responseStatus: { metadata: {}, code: 201 },
      requestReceivedTimestamp: "2026-01-02T15:04:05.000000Z",
      stageTimestamp: "2026-01-02T15:04:05.008000Z",
      annotations: { "authorization.k8s.io/decision": "allow", "authorization.k8s.io/reason": "alice owns default", "addteamlabel.course/added": "team" },
    });
    expect(res.headers["Audit-ID"]).toBe(received!.auditID);
    expect(received!.auditID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it("adds the request object at level Request, and the response object at RequestResponse", async () => {
    const request = setup({ auditPolicy: policy("Request") });
    await request.handler.handle(createPod("alice-token", "web"));
    const atRequest = request.sink.events()[1]!;
    expect(atRequest.requestObject).toEqual(pod("web")); // as sent: before admission added the label
    expect(atRequest.responseObject).toBeUndefined();

    const full = setup({ auditPolicy: policy("RequestResponse") });
    await full.handler.handle(createPod("alice-token", "web"));
    const atFull = full.sink.events()[1]!;
    expect(atFull.requestObject).toEqual(pod("web"));
    expect((atFull.responseObject as KubeObject).metadata?.labels).toEqual({ team: "course" });
  });

  it("records a denial with the forbid decision and the Status", async () => {
    const { handler, sink } = setup();
    await handler.handle(createPod("bob-token", "web"));
    const complete = sink.events()[1]!;
    expect(complete.annotations).toEqual({ "authorization.k8s.io/decision": "forbid", "authorization.k8s.io/reason": "" });
    expect(complete.responseStatus).toMatchObject({ status: "Failure", reason: "Forbidden", code: 403 });
    expect(complete.responseObject).toBeUndefined();
  });

  it("names both the requestor and the impersonated user", async () => {
    const { handler, sink } = setup();
    await handler.handle(createPod("alice-token", "web", { "Impersonate-User": "bob" }));
    const complete = sink.events()[1]!;
    expect(complete.user.username).toBe("alice");
    expect(complete.impersonatedUser).toEqual({ username: "bob", groups: ["system:authenticated"] });
  });

  it("leaves out the stages the policy omits", async () => {
    const { handler, sink } = setup({ auditPolicy: { rules: [{ level: "Metadata", omitStages: ["RequestReceived"] }] } });
    await handler.handle(createPod("alice-token", "web"));
    expect(sink.events().map((e) => e.stage)).toEqual(["ResponseComplete"]);
  });
});

describe("metrics and health endpoints", () => {
  const get = (path: string, query = {}): ApiRequest => ({ method: "GET", path, query, headers: { Authorization: "Bearer bob-token" } });

  it("serves per-phase latency histograms on /metrics, measured on the clock", async () => {
    const { handler } = setup();
    await handler.handle(createPod("alice-token", "web"));
    const res = await handler.handle(get("/metrics"));
    expect(res.status).toBe(200);
    const text = res.body as string;
    expect(text).toContain("# TYPE apiserver_request_duration_seconds histogram");
    // 1 ms authentication + 2 ms authorization + 5 ms storage.
    expect(text).toContain('apiserver_request_duration_seconds_sum{verb="POST",resource="pods"} 0.008');
    expect(text).toContain('apiserver_request_filter_duration_seconds_sum{filter="authentication"} 0.001');
    expect(text).toContain('apiserver_request_filter_duration_seconds_sum{filter="authorization"} 0.002');
    for (const phase of ["request_info", "authentication", "audit", "impersonation", "authorization", "mutating_admission", "validation", "validating_admission", "storage"]) {
      expect(text).toContain(`course_apiserver_phase_duration_seconds_count{phase="${phase}"}`);
    }
    expect(text).toContain('course_apiserver_phase_duration_seconds_sum{phase="storage"} 0.005');
    expect(text).toContain('apiserver_request_total{code="201",resource="pods",verb="POST"} 1');
  });

  it("answers ok on /healthz, /livez and /readyz, and lists the checks with ?verbose", async () => {
    const { handler } = setup({ readyChecks: [{ name: "etcd", check: () => undefined }] });
    for (const path of ["/healthz", "/livez", "/readyz"]) {
      expect(await handler.handle(get(path))).toMatchObject({ status: 200, body: "ok" });
    }
    expect((await handler.handle(get("/livez", { verbose: "" }))).body).toBe("[+]ping ok\nlivez check passed\n");
    expect((await handler.handle(get("/readyz", { verbose: "" }))).body).toBe("[+]ping ok\n[+]etcd ok\nreadyz check passed\n");
    expect((await handler.handle(get("/readyz/etcd"))).body).toBe("ok");
  });

  it("answers 500 from /readyz when a check fails, withholding the reason", async () => {
    const { handler } = setup({ readyChecks: [{ name: "etcd", check: () => new Error("connection refused") }] });
    const res = await handler.handle(get("/readyz"));
    expect(res.status).toBe(500);
    expect(res.body).toBe("[+]ping ok\n[-]etcd failed: reason withheld\nreadyz check failed\n");
    expect((await handler.handle(get("/livez"))).status).toBe(200);
    expect((await handler.handle(get("/readyz", { exclude: "etcd" }))).status).toBe(200);
  });

  it("answers 404 for an unknown non-resource path", async () => {
    const { handler } = setup();
    expect((await handler.handle(get("/nope"))).status).toBe(404);
  });
});
