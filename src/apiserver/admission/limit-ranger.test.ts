import { describe, expect, it } from "vitest";
import type { KubeObject } from "../types";
import { newAttributes } from "./attributes";
import { AdmissionChain } from "./chain";
import { LimitRangerAnnotation, limitRangerPlugin, type LimitRangeItem } from "./limit-ranger";
import { pod } from "./test-fixtures.test-util";

const limitRange = (...limits: LimitRangeItem[]): KubeObject => ({
  apiVersion: "v1", kind: "LimitRange", metadata: { name: "limits", namespace: "default" }, spec: { limits },
});
const chainWith = (lr: KubeObject) => new AdmissionChain([limitRangerPlugin(() => [lr])]);
const create = (object: KubeObject) => newAttributes({ operation: "CREATE", resource: "pods", object });

describe("LimitRanger admission", () => {
  it("fills in default requests and limits and records what it set in an annotation", async () => {
    const p = pod("web", [{ resources: { limits: { memory: "256Mi" } } }]);
    const lr = limitRange({ type: "Container", default: { cpu: "500m", memory: "512Mi" }, defaultRequest: { cpu: "250m", memory: "128Mi" } });
    const result = await chainWith(lr).admitAndValidate(create(p));
    expect(result.allowed).toBe(true);
    expect(p.spec.containers[0]?.resources).toEqual({ limits: { memory: "256Mi", cpu: "500m" }, requests: { cpu: "250m", memory: "128Mi" } });
    expect(p.metadata?.annotations?.[LimitRangerAnnotation]).toBe(
      "LimitRanger plugin set: cpu, memory request for container app; cpu limit for container app",
    );
  });

  it("defaults the request to the default limit when defaultRequest is absent, as SetDefaults_LimitRangeItem does", async () => {
    const p = pod("web");
    await chainWith(limitRange({ type: "Container", default: { cpu: "1" } })).admit(create(p));
    expect(p.spec.containers[0]?.resources).toEqual({ limits: { cpu: "1" }, requests: { cpu: "1" } });
  });

  it("refuses a limit above max, with upstream's message", async () => {
    const p = pod("web", [{ resources: { requests: { cpu: "500m" }, limits: { cpu: "1500m" } } }]);
    const result = await chainWith(limitRange({ type: "Container", max: { cpu: "800m" } })).validate(create(p));
    expect(result.allowed).toBe(false);
    if (!result.allowed) {
      expect(result.error.code).toBe(403);
      expect(result.error.message).toBe('pods "web" is forbidden: maximum cpu usage per Container is 800m, but limit is 1500m');
    }
  });

  it("refuses a request below min, and a missing request", async () => {
    const lr = limitRange({ type: "Container", min: { memory: "64Mi" } });
    const low = await chainWith(lr).validate(create(pod("low", [{ resources: { requests: { memory: "32Mi" } } }])));
    expect(!low.allowed && low.error.message).toBe('pods "low" is forbidden: minimum memory usage per Container is 64Mi, but request is 32Mi');
    const none = await chainWith(lr).validate(create(pod("none")));
    expect(!none.allowed && none.error.message).toBe('pods "none" is forbidden: minimum memory usage per Container is 64Mi.  No request is specified');
  });

  it("refuses a limit to request ratio above maxLimitRequestRatio, printing the ratio as Go's %f", async () => {
    const p = pod("web", [{ resources: { requests: { cpu: "100m" }, limits: { cpu: "1" } } }]);
    const result = await chainWith(limitRange({ type: "Container", maxLimitRequestRatio: { cpu: "4" } })).validate(create(p));
    expect(!result.allowed && result.error.message).toBe(
      'pods "web" is forbidden: cpu max limit to request ratio per Container is 4, but provided ratio is 10.000000',
    );
  });

  it("lists every violation of a LimitRange at once, in brackets", async () => {
    const p = pod("web", [{ resources: { requests: { cpu: "2" }, limits: { cpu: "2" } } }, { resources: { requests: { cpu: "2" }, limits: { cpu: "2" } } }]);
    const result = await chainWith(limitRange({ type: "Pod", max: { cpu: "3" } }, { type: "Container", max: { cpu: "1" } })).validate(create(p));
    expect(!result.allowed && result.error.message).toBe(
      'pods "web" is forbidden: [maximum cpu usage per Pod is 3, but limit is 4, maximum cpu usage per Container is 1, but limit is 2, maximum cpu usage per Container is 1, but limit is 2]',
    );
  });

  it("accepts a Pod within bounds after defaulting", async () => {
    const lr = limitRange({ type: "Container", default: { cpu: "500m" }, min: { cpu: "100m" }, max: { cpu: "1" } });
    expect((await chainWith(lr).admitAndValidate(create(pod("web")))).allowed).toBe(true);
  });
});
