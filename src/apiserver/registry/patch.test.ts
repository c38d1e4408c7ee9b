import { describe, expect, it } from "vitest";
import { StatusError } from "../../api/status";
import type { JsonValue } from "../admission/json-patch";
import { applyPatch, mergePatch, patchTypeFor } from "./patch";

const deployment = (): JsonValue => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", labels: { app: "web", tier: "frontend" }, finalizers: ["a"] },
  spec: {
    replicas: 1,
    template: {
      spec: {
        containers: [
          {
            name: "app", image: "nginx:1.25",
            ports: [{ containerPort: 80, name: "http" }],
            env: [{ name: "A", value: "1" }, { name: "B", value: "2" }],
            volumeMounts: [{ mountPath: "/data", name: "data" }],
          },
          { name: "sidecar", image: "envoy:1" },
        ],
        volumes: [{ name: "data", emptyDir: {} }],
        tolerations: [{ key: "x", operator: "Exists" }],
      },
    },
  },
});

function statusOf(fn: () => unknown): { code: number; reason: string; message: string } {
  try {
    fn();
  } catch (err) {
    if (err instanceof StatusError) return { code: err.code, reason: err.reason, message: err.message };
    throw err;
  }
  throw new Error("expected a StatusError");
}

const containers = (obj: JsonValue): Array<Record<string, unknown>> =>
  (obj as { spec: { template: { spec: { containers: Array<Record<string, unknown>> } } } }).spec.template.spec.containers;

describe("content types", () => {
  it("maps the three patch media types, ignoring parameters", () => {
    expect(patchTypeFor("application/json-patch+json")).toBe("json");
    expect(patchTypeFor("application/merge-patch+json; charset=utf-8")).toBe("merge");
    expect(patchTypeFor("application/strategic-merge-patch+json")).toBe("strategic");
  });

  it("answers an unknown content type with 415 and upstream's list of accepted types", () => {
    const s = statusOf(() => patchTypeFor("application/json"));
    expect(s.code).toBe(415);
    expect(s.reason).toBe("UnsupportedMediaType");
    expect(s.message).toBe(
      "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json",
    );
  });
});

describe("JSON patch (kubectl patch --type json)", () => {
  it("replaces the image of the first container", () => {
    const out = applyPatch(deployment(), "json", '[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"nginx:1.27"}]');
    expect(containers(out)[0]!["image"]).toBe("nginx:1.27");
    expect(containers(out)).toHaveLength(2);
  });

  it("rejects a body that is not a list of operations with 400", () => {
    expect(statusOf(() => applyPatch(deployment(), "json", '{"op":"add"}')).code).toBe(400);
    expect(statusOf(() => applyPatch(deployment(), "json", "not json")).code).toBe(400);
  });

  it("rejects an operation on a missing path or a failed test with 422, leaving the object alone", () => {
    const original = deployment();
    const missing = statusOf(() => applyPatch(original, "json", '[{"op":"remove","path":"/spec/nope"}]'));
    expect(missing.code).toBe(422);
    expect(missing.message).toContain("json patch operation 0");
    expect(statusOf(() => applyPatch(original, "json", '[{"op":"test","path":"/spec/replicas","value":3}]')).code).toBe(422);
    expect(original).toEqual(deployment());
  });
});

describe("JSON merge patch (RFC 7386)", () => {
  // RFC 7386 Appendix A, a few of its test cases.
  it.each([
    [{ a: "b" }, { a: "c" }, { a: "c" }],
    [{ a: "b" }, { b: "c" }, { a: "b", b: "c" }],
    [{ a: "b" }, { a: null }, {}],
    [{ a: ["b"] }, { a: "c" }, { a: "c" }],
    [{ a: [{ b: "c" }] }, { a: [1] }, { a: [1] }],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ] as [JsonValue, JsonValue, JsonValue][])("merges %j with %j into %j (RFC 7386 Appendix A)", (target, patch, result) => {
    expect(mergePatch(target, patch)).toEqual(result);
  });

  it("replaces the whole containers list, dropping the sidecar: why strategic merge exists", () => {
    const out = applyPatch(deployment(), "merge", '{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"nginx:1.27"}]}}}}');
    expect(containers(out)).toEqual([{ name: "app", image: "nginx:1.27" }]);
  });

  it("removes a label with null (kubectl label app-)", () => {
    const out = applyPatch(deployment(), "merge", '{"metadata":{"labels":{"tier":null}}}') as { metadata: { labels: unknown } };
    expect(out.metadata.labels).toEqual({ app: "web" });
  });

  it("rejects a patch that is not a JSON object with 400", () => {
    const s = statusOf(() => applyPatch(deployment(), "merge", "[1]"));
    expect(s.code).toBe(400);
    expect(s.message).toBe("json: cannot unmarshal array into Go value of type map[string]interface {}");
  });
});

describe("strategic merge patch (kubectl patch, the default type)", () => {
  it("merges containers by name: the image changes and the sidecar stays", () => {
    const out = applyPatch(deployment(), "strategic", '{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"nginx:1.27"}]}}}}');
    expect(containers(out).map((c) => [c["name"], c["image"]])).toEqual([["app", "nginx:1.27"], ["sidecar", "envoy:1"]]);
    expect(containers(out)[0]!["env"]).toHaveLength(2);
  });

  it("appends a container with a new name", () => {
    const out = applyPatch(deployment(), "strategic", '{"spec":{"template":{"spec":{"containers":[{"name":"logger","image":"fluentbit"}]}}}}');
    expect(containers(out).map((c) => c["name"])).toEqual(["app", "sidecar", "logger"]);
  });

  it("merges env by name, ports by containerPort and volumeMounts by mountPath", () => {
    const patch = {
      spec: { template: { spec: { containers: [{
        name: "app",
        env: [{ name: "B", value: "20" }, { name: "C", value: "3" }],
        ports: [{ containerPort: 80, protocol: "TCP" }, { containerPort: 443 }],
        volumeMounts: [{ mountPath: "/data", readOnly: true }],
      }] } } },
    };
    const app = containers(applyPatch(deployment(), "strategic", JSON.stringify(patch)))[0]!;
    expect(app["env"]).toEqual([{ name: "A", value: "1" }, { name: "B", value: "20" }, { name: "C", value: "3" }]);
    expect(app["ports"]).toEqual([{ containerPort: 80, name: "http", protocol: "TCP" }, { containerPort: 443 }]);
    expect(app["volumeMounts"]).toEqual([{ mountPath: "/data", name: "data", readOnly: true }]);
  });

  it("deletes a list element with $patch: delete", () => {
    const out = applyPatch(deployment(), "strategic", '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}}}}');
    expect(containers(out).map((c) => c["name"])).toEqual(["app"]);
  });

  it("replaces a whole list with a $patch: replace element", () => {
    const patch = '{"spec":{"template":{"spec":{"volumes":[{"$patch":"replace"},{"name":"cache","emptyDir":{}}]}}}}';
    const out = applyPatch(deployment(), "strategic", patch) as { spec: { template: { spec: { volumes: unknown } } } };
    expect(out.spec.template.spec.volumes).toEqual([{ name: "cache", emptyDir: {} }]);
  });

  it("replaces a map with $patch: replace, and deletes one with $patch: delete", () => {
    const replaced = applyPatch(deployment(), "strategic", '{"metadata":{"labels":{"$patch":"replace","app":"api"}}}') as { metadata: { labels: unknown } };
    expect(replaced.metadata.labels).toEqual({ app: "api" });
    const deleted = applyPatch(deployment(), "strategic", '{"metadata":{"labels":{"$patch":"delete"}}}') as { metadata: Record<string, unknown> };
    expect(deleted.metadata["labels"]).toBeUndefined();
  });

  it("unions finalizers and removes one with $deleteFromPrimitiveList", () => {
    const added = applyPatch(deployment(), "strategic", '{"metadata":{"finalizers":["b","a"]}}');
    expect((added as { metadata: { finalizers: unknown } }).metadata.finalizers).toEqual(["a", "b"]);
    const removed = applyPatch(added, "strategic", '{"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}}') as { metadata: { finalizers: unknown } };
    expect(removed.metadata.finalizers).toEqual(["b"]);
  });

  it("replaces tolerations, which have no merge key upstream", () => {
    const out = applyPatch(deployment(), "strategic", '{"spec":{"template":{"spec":{"tolerations":[{"key":"y","operator":"Exists"}]}}}}') as {
      spec: { template: { spec: { tolerations: unknown } } };
    };
    expect(out.spec.template.spec.tolerations).toEqual([{ key: "y", operator: "Exists" }]);
  });

  it("ignores $setElementOrder (a SIMPLIFICATION) and leaves no directive in the result", () => {
    const patch = '{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"sidecar"},{"name":"app"}],"containers":[{"name":"app","image":"v2"}]}}}}';
    const out = applyPatch(deployment(), "strategic", patch);
    expect(JSON.stringify(out)).not.toContain("$");
    expect(containers(out).map((c) => c["name"])).toEqual(["app", "sidecar"]);
  });

  it("refuses a list element without its merge key with 400 and upstream's message", () => {
    const s = statusOf(() => applyPatch(deployment(), "strategic", '{"spec":{"template":{"spec":{"containers":[{"image":"nginx"}]}}}}'));
    expect(s.code).toBe(400);
    expect(s.message).toBe("map: map[image:nginx] does not contain declared merge key: name");
  });

  it("refuses an unknown $patch directive with 400 and upstream's message", () => {
    const s = statusOf(() => applyPatch(deployment(), "strategic", '{"metadata":{"$patch":"frobnicate"}}'));
    expect(s.code).toBe(400);
    expect(s.message).toBe("unknown patch type: frobnicate in map: map[$patch:frobnicate]");
  });

  it("refuses a list delete directive without the merge key with 400", () => {
    const s = statusOf(() => applyPatch(deployment(), "strategic", '{"spec":{"template":{"spec":{"volumes":[{"$patch":"delete"}]}}}}'));
    expect(s.message).toBe("delete patch type with no merge key defined");
  });

  it("reads merge keys by type: PodSpec.imagePullSecrets merge by name, a ServiceAccount's are atomic", () => {
    const pod = { apiVersion: "v1", kind: "Pod", spec: { imagePullSecrets: [{ name: "a" }] } };
    const merged = applyPatch(pod, "strategic", '{"spec":{"imagePullSecrets":[{"name":"b"}]}}') as typeof pod;
    expect(merged.spec.imagePullSecrets).toEqual([{ name: "a" }, { name: "b" }]);
    const sa = { apiVersion: "v1", kind: "ServiceAccount", imagePullSecrets: [{ name: "a" }] };
    const replaced = applyPatch(sa, "strategic", '{"imagePullSecrets":[{"name":"b"}]}') as typeof sa;
    expect(replaced.imagePullSecrets).toEqual([{ name: "b" }]);
  });

  it("replaces a PodDisruptionBudget's selector whole (patchStrategy replace)", () => {
    const pdb = { apiVersion: "policy/v1", kind: "PodDisruptionBudget", spec: { selector: { matchLabels: { app: "web" } } } };
    const out = applyPatch(pdb, "strategic", '{"spec":{"selector":{"matchLabels":{"tier":"db"}}}}') as typeof pdb;
    expect(out.spec.selector).toEqual({ matchLabels: { tier: "db" } });
  });

  it("treats every list of an object of unknown kind as atomic", () => {
    const out = applyPatch({ spec: { containers: [{ name: "a" }] } }, "strategic", '{"spec":{"containers":[{"name":"b"}]}}');
    expect(out).toEqual({ spec: { containers: [{ name: "b" }] } });
  });

  it("merges Service ports by port", () => {
    const svc = { apiVersion: "v1", kind: "Service", spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443, targetPort: 8443 }] } };
    const out = applyPatch(svc, "strategic", '{"spec":{"ports":[{"port":80,"targetPort":9090}]}}') as typeof svc;
    expect(out.spec.ports).toEqual([{ port: 80, targetPort: 9090 }, { port: 443, targetPort: 8443 }]);
  });
});
