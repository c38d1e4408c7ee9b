// Hidden tests for the exercise "pod-security-baseline": instructor-only, they count in batch
// grading and are not in the learner edition. Weights add up to 3, on top of the public 10.
import { describe, expect, it } from "vitest";
import { hostNamespacesV1Dot0, privilegedV1Dot0 } from "@exercise/02-api-server/pod-security-baseline";
import type { PodSpec } from "../../src/apiserver/admission/pod-spec";

const PSS = "Pod Security Standards, Baseline (pod-security-admission/policy/check_hostNamespaces.go, check_privileged.go)";
const meta = { name: "p", namespace: "default" };

describe("hidden: more pods", () => {
  it("hostIPC alone, and hostNetwork with hostIPC but not hostPID, keep upstream's order", { meta: { weight: 1 } }, () => {
    const base: PodSpec = { containers: [{ name: "a" }] };
    expect(hostNamespacesV1Dot0(meta, { ...base, hostIPC: true }), PSS).toEqual({ allowed: false, forbiddenReason: "host namespaces", forbiddenDetail: "hostIPC=true" });
    expect(hostNamespacesV1Dot0(meta, { ...base, hostIPC: true, hostPID: false, hostNetwork: true }), PSS)
      .toEqual({ allowed: false, forbiddenReason: "host namespaces", forbiddenDetail: "hostNetwork=true, hostIPC=true" });
  });

  it("three privileged containers over init and app containers are listed in visit order", { meta: { weight: 1 } }, () => {
    const spec: PodSpec = {
      initContainers: [{ name: "init-b", securityContext: { privileged: true } }],
      containers: [{ name: "z", securityContext: { privileged: true } }, { name: "a", securityContext: { privileged: true } }, { name: "m" }],
    };
    expect(privilegedV1Dot0(meta, spec), `${PSS}: no sorting: the order of the Pod, init containers first`)
      .toEqual({ allowed: false, forbiddenReason: "privileged", forbiddenDetail: 'containers "init-b", "z", "a" must not set securityContext.privileged=true' });
  });

  it("a privileged init container alone is refused; the other security settings are not this check's business", { meta: { weight: 1 } }, () => {
    const spec: PodSpec = {
      initContainers: [{ name: "sysctl", securityContext: { privileged: true } }],
      containers: [{ name: "app", securityContext: { capabilities: { add: ["SYS_ADMIN"] }, runAsUser: 0 } }],
    };
    expect(privilegedV1Dot0(meta, spec), PSS).toEqual({ allowed: false, forbiddenReason: "privileged", forbiddenDetail: 'container "sysctl" must not set securityContext.privileged=true' });
  });
});
