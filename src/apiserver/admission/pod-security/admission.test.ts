import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../types";
import { newAttributes } from "../attributes";
import { AdmissionChain } from "../chain";
import { namespace, pod } from "../test-fixtures.test-util";
import { podSecurityPlugin } from "./admission";
import { policyToEvaluate } from "./policy";

const namespaces: Record<string, KubeObject> = {
  open: namespace("open"),
  strict: namespace("strict", { "pod-security.kubernetes.io/enforce": "restricted" }),
  mixed: namespace("mixed", {
    "pod-security.kubernetes.io/enforce": "baseline", "pod-security.kubernetes.io/enforce-version": "v1.30",
    "pod-security.kubernetes.io/warn": "restricted", "pod-security.kubernetes.io/audit": "restricted",
  }),
  typo: namespace("typo", { "pod-security.kubernetes.io/enforce": "restrictd" }),
};
const chain = new AdmissionChain([podSecurityPlugin({ getNamespace: (n) => namespaces[n], exemptions: { usernames: ["ci-bot"] } })]);
const create = (ns: string, object = pod("app", [{}], {}, ns), user = "alice") =>
  newAttributes({ operation: "CREATE", resource: "pods", object, userInfo: { name: user, groups: [] } });

describe("Pod Security admission", () => {
  it("admits anything in a namespace without labels (privileged by default)", async () => {
    const result = await chain.validate(create("open", pod("x", [{ securityContext: { privileged: true } }], {}, "open")));
    expect(result.allowed).toBe(true);
    expect(result.annotations["pod-security.kubernetes.io/enforce-policy"]).toBe("privileged:latest");
  });

  it("refuses a violating Pod under enforce with upstream's message", async () => {
    const p = pod("x", [{ name: "app", securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" }, capabilities: { drop: ["ALL"] } } }], {}, "strict");
    const result = await chain.validate(create("strict", p));
    expect(result.allowed).toBe(false);
    if (result.allowed) return;
    expect(result.error.code).toBe(403);
    expect(result.error.reason).toBe("Forbidden");
    expect(result.error.message).toBe(
      'pods "x" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)',
    );
    expect(result.warnings).toEqual([]); // the refusal already says it all
  });

  it("warns and annotates the audit event without refusing under warn and audit", async () => {
    const result = await chain.validate(create("mixed", pod("web", [{}], {}, "mixed")));
    expect(result.allowed).toBe(true);
    const reason = 'would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false';
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toContain(reason);
    expect(result.annotations["pod-security.kubernetes.io/audit-violations"]).toContain(reason);
    expect(result.annotations["pod-security.kubernetes.io/enforce-policy"]).toBe("baseline:v1.30");
  });

  it("still enforces baseline in a namespace that warns at restricted", async () => {
    const result = await chain.validate(create("mixed", pod("web", [{}], { hostNetwork: true }, "mixed")));
    expect(!result.allowed && result.error.message).toBe('pods "web" is forbidden: violates PodSecurity "baseline:v1.30": host namespaces (hostNetwork=true)');
  });

  it("fails closed on an invalid level label, evaluating restricted", async () => {
    const result = await chain.validate(create("typo", pod("web", [{}], {}, "typo")));
    expect(!result.allowed && result.error.message).toContain('violates PodSecurity "restricted:latest"');
    expect(policyToEvaluate({ "pod-security.kubernetes.io/enforce": "restrictd" }).errors).toHaveLength(1);
  });

  it("skips exempt users and records the exemption", async () => {
    const result = await chain.validate(create("strict", pod("x", [{}], {}, "strict"), "ci-bot"));
    expect(result.allowed).toBe(true);
    expect(result.annotations["pod-security.kubernetes.io/exempt"]).toBe("user");
  });

  it("ignores updates that do not change an image, since the rest of a Pod spec is immutable", async () => {
    const old = pod("x", [{}], {}, "strict");
    const updated = pod("x", [{}], {}, "strict");
    updated.metadata!.labels = { tier: "web" };
    const result = await chain.validate(newAttributes({ operation: "UPDATE", resource: "pods", object: updated, oldObject: old }));
    expect(result.allowed).toBe(true);
  });

  it("defaults the version to latest when only the level label is set", () => {
    expect(policyToEvaluate({ "pod-security.kubernetes.io/warn": "baseline" }).policy.warn).toEqual({ level: "baseline", version: "latest" });
  });
});
