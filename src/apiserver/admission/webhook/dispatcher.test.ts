import { describe, expect, it } from "vitest";
import { Rng } from "../../../sim/rng";
import type { KubeObject } from "../../types";
import { newAttributes } from "../attributes";
import { AdmissionChain } from "../chain";
import type { JsonPatchOperation } from "../json-patch";
import type { Pod } from "../pod-spec";
import { namespace, pod } from "../test-fixtures.test-util";
import { decodeBase64, encodeBase64 } from "./base64";
import { mutatingWebhookPlugin, validatingWebhookPlugin } from "./dispatcher";
import { ruleMatches } from "./matching";
import { inProcessTransport, type AdmissionReview, type Webhook, type WebhookConfiguration } from "./types";

const namespaces: Record<string, KubeObject> = {
  default: namespace("default", { "istio-injection": "enabled" }),
  plain: namespace("plain"),
};

const hook = (name: string, extra: Partial<Webhook> = {}): Webhook => ({
  name,
  clientConfig: { service: { namespace: "system", name: "webhooks", path: `/${name}` } },
  rules: [{ operations: ["CREATE"], apiGroups: [""], apiVersions: ["v1"], resources: ["pods"] }],
  sideEffects: "None",
  admissionReviewVersions: ["v1"],
  ...extra,
});
const config = (name: string, ...webhooks: Webhook[]): WebhookConfiguration => ({ metadata: { name }, webhooks });

const allow = (review: AdmissionReview, extra: object = {}) => ({
  apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", response: { uid: review.request!.uid, allowed: true, ...extra },
});
const deny = (review: AdmissionReview, message: string, code = 403) => ({
  apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview",
  response: { uid: review.request!.uid, allowed: false, status: { code, message } },
});

/** A sidecar injector, as a service mesh runs one: add a proxy container with a JSON Patch. */
function sidecarInjector(review: AdmissionReview) {
  const p = review.request!.object as Pod;
  const patch: JsonPatchOperation[] = [
    { op: "add", path: "/spec/containers/-", value: { name: "istio-proxy", image: "proxyv2:1.22" } },
  ];
  if (p.metadata?.annotations === undefined) patch.push({ op: "add", path: "/metadata/annotations", value: {} });
  patch.push({ op: "add", path: "/metadata/annotations/sidecar.istio.io~1status", value: "injected" });
  return allow(review, { patchType: "JSONPatch", patch: encodeBase64(JSON.stringify(patch)), warnings: ["sidecar injected"] });
}

/** A chain with `mutating` configurations for the mutating plugin and `validating` ones for the other. */
const plugins = (mutating: WebhookConfiguration[], handlers: Parameters<typeof inProcessTransport>[0], validating: WebhookConfiguration[] = []) => {
  const common = { transport: inProcessTransport(handlers), getNamespace: (n: string) => namespaces[n], rng: new Rng(1) };
  return new AdmissionChain([
    mutatingWebhookPlugin({ ...common, configurations: () => mutating }),
    validatingWebhookPlugin({ ...common, configurations: () => validating }),
  ]);
};
const create = (object: KubeObject, dryRun = false) => newAttributes({ operation: "CREATE", resource: "pods", object, dryRun });

describe("admission webhooks", () => {
  it("injects a sidecar by applying the webhook's JSON Patch", async () => {
    const chain = plugins([config("istio", hook("sidecar-injector.istio.io", { namespaceSelector: { matchLabels: { "istio-injection": "enabled" } } }))],
      { "sidecar-injector.istio.io": sidecarInjector });
    const result = await chain.admit(create(pod("web")));
    expect(result.allowed).toBe(true);
    if (!result.allowed) return;
    const p = result.object as Pod;
    expect(p.spec.containers.map((c) => c.name)).toEqual(["app", "istio-proxy"]);
    expect(p.metadata?.annotations).toEqual({ "sidecar.istio.io/status": "injected" });
    expect(result.warnings).toEqual(["sidecar injected"]);
  });

  it("skips namespaces the namespaceSelector does not select", async () => {
    const chain = plugins([config("istio", hook("inject", { namespaceSelector: { matchLabels: { "istio-injection": "enabled" } } }))], { inject: sidecarInjector });
    const result = await chain.admit(create(pod("web", [{}], {}, "plain")));
    expect(result.allowed && (result.object as Pod).spec.containers).toHaveLength(1);
  });

  it("sends an AdmissionReview v1 request with the attributes, the object and a fresh uid", async () => {
    const seen: AdmissionReview[] = [];
    const chain = plugins([config("c", hook("record"))], { record: (r) => { seen.push(r); return allow(r); } });
    await chain.admit(newAttributes({ operation: "CREATE", resource: "pods", object: pod("web"), userInfo: { name: "alice", groups: ["dev"] } }));
    const req = seen[0]!.request!;
    expect(seen[0]!.apiVersion).toBe("admission.k8s.io/v1");
    expect(req.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(req).toMatchObject({
      kind: { group: "", version: "v1", kind: "Pod" }, resource: { group: "", version: "v1", resource: "pods" },
      name: "web", namespace: "default", operation: "CREATE", userInfo: { username: "alice", groups: ["dev"] },
      oldObject: null, dryRun: false,
    });
    expect((req.object as Pod).metadata?.name).toBe("web");
  });

  it("refuses with the webhook's message, prefixed as upstream does", async () => {
    const chain = plugins([config("policy", hook("no-latest.example.com"))], {
      "no-latest.example.com": (r) => deny(r, "image tag latest is not allowed"),
    });
    const result = await chain.admit(create(pod("web")));
    expect(result.allowed).toBe(false);
    if (result.allowed) return;
    expect(result.error.code).toBe(403);
    expect(result.error.message).toBe('admission webhook "no-latest.example.com" denied the request: image tag latest is not allowed');
  });

  it("refuses with 500 when a failurePolicy Fail webhook cannot be reached", async () => {
    const chain = plugins([config("c", hook("down.example.com"))], {});
    const result = await chain.admit(create(pod("web")));
    expect(!result.allowed && result.error.code).toBe(500);
    expect(!result.allowed && result.error.message).toBe(
      'Internal error occurred: failed calling webhook "down.example.com": no endpoint for webhook "down.example.com"',
    );
  });

  it("carries on when a failurePolicy Ignore webhook fails, and notes it for audit", async () => {
    const chain = plugins([config("c", hook("flaky", { failurePolicy: "Ignore" }))], { flaky: () => { throw new Error("connection refused"); } });
    const result = await chain.admitAndValidate(create(pod("web")));
    expect(result.allowed).toBe(true);
    expect(result.annotations["failed-open.mutation.webhook.admission.k8s.io/round_0_index_0"]).toBe("flaky");
  });

  it("treats a reply for another request uid as a failed call", async () => {
    const chain = plugins([config("c", hook("confused"))], { confused: (r) => ({ ...allow(r), response: { uid: "other", allowed: true } }) });
    const result = await chain.admit(create(pod("web")));
    expect(!result.allowed && result.error.message).toMatch(/failed calling webhook "confused": received invalid webhook response: expected response.uid=".*", got "other"/);
  });

  it("refuses a patch from a validating webhook", async () => {
    const chain = plugins([], { sneaky: (r) => allow(r, { patchType: "JSONPatch", patch: encodeBase64("[]") }) }, [config("v", hook("sneaky"))]);
    const result = await chain.validate(create(pod("web")));
    expect(!result.allowed && result.error.message).toContain("validating webhooks may not return patches");
  });

  it("calls webhooks in configuration name order, each seeing the previous patch", async () => {
    const order: string[] = [];
    const label = (value: string) => (r: AdmissionReview) => {
      order.push(`${value}:${(r.request!.object as Pod).metadata?.labels?.["step"] ?? "-"}`);
      return allow(r, { patchType: "JSONPatch", patch: encodeBase64(JSON.stringify([{ op: "add", path: "/metadata/labels", value: { step: value } }])) });
    };
    const chain = plugins([config("b-second", hook("two")), config("a-first", hook("one"))], { one: label("1"), two: label("2") });
    const result = await chain.admit(create(pod("web")));
    expect(order).toEqual(["1:-", "2:1"]);
    expect(result.allowed && result.object?.metadata?.labels).toEqual({ step: "2" });
  });

  it("lets a validating webhook refuse after all mutations", async () => {
    const chain = plugins([config("c", hook("inject"))], {
      inject: sidecarInjector,
      count: (r) => ((r.request!.object as Pod).spec.containers.length > 1 ? deny(r, "too many containers", 0) : allow(r)),
    }, [config("d", hook("count"))]);
    // "count" only refuses when it sees the injected sidecar, so it must run after the mutation.
    const result = await chain.admitAndValidate(create(pod("web")));
    expect(!result.allowed && result.error.message).toBe('admission webhook "count" denied the request: too many containers');
    expect(!result.allowed && result.error.code).toBe(400); // codes below 400 are raised to 400
  });

  it("refuses a dry run for a webhook with side effects", async () => {
    const chain = plugins([config("c", hook("side", { sideEffects: "Some" }))], { side: (r) => allow(r) });
    const result = await chain.admit(create(pod("web"), true));
    expect(!result.allowed && result.error.message).toBe('admission webhook "side" does not support dry run');
    expect(!result.allowed && result.error.code).toBe(400);
  });

  it("matches rules by operation, group, version, resource and subresource wildcards", () => {
    const a = newAttributes({ operation: "UPDATE", resource: "pods", subresource: "status", object: pod("web") });
    const rule = (resources: string[], operations: ("CREATE" | "UPDATE" | "*")[] = ["*"]) =>
      ({ operations, apiGroups: ["*"], apiVersions: ["*"], resources });
    expect(ruleMatches(rule(["pods"]), a)).toBe(false);
    expect(ruleMatches(rule(["pods/*"]), a)).toBe(true);
    expect(ruleMatches(rule(["*"]), a)).toBe(false);
    expect(ruleMatches(rule(["*/status"]), a)).toBe(true);
    expect(ruleMatches(rule(["*/*"], ["CREATE"]), a)).toBe(false);
    expect(ruleMatches({ ...rule(["*/*"]), scope: "Cluster" }, a)).toBe(false);
  });

  it("encodes patches as standard base64 of UTF-8", () => {
    expect(encodeBase64('[{"op":"remove","path":"/a"}]')).toBe("W3sib3AiOiJyZW1vdmUiLCJwYXRoIjoiL2EifV0=");
    for (const s of ["", "f", "fo", "foo", "héllo ✓ 🚀"]) expect(decodeBase64(encodeBase64(s))).toBe(s);
    expect(() => decodeBase64("abc")).toThrow(/illegal base64/);
  });
});
