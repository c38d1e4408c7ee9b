import { describe, expect, it } from "vitest";
import type { Container, PodSpec } from "../pod-spec";
import { checksForLevel, evaluatePod, forbiddenReason, type Level } from "./checks";

const spec = (containers: Partial<Container>[], extra: Partial<PodSpec> = {}): PodSpec => ({
  containers: containers.map((c, i) => ({ name: String.fromCharCode(97 + i), image: "nginx", ...c })),
  ...extra,
});

/** A container that passes every restricted check. */
const hardened: Partial<Container> = {
  securityContext: {
    allowPrivilegeEscalation: false, runAsNonRoot: true,
    seccompProfile: { type: "RuntimeDefault" }, capabilities: { drop: ["ALL"] },
  },
};

// Table cases in the style of staging/src/k8s.io/pod-security-admission/policy/check_*_test.go
// (name, pod, expectReason, expectDetail); the reasons and details are upstream's wording.
const cases: { name: string; level: Level; spec: PodSpec; reason: string }[] = [
  { name: "baseline refuses host namespaces, listing each one", level: "baseline",
    spec: spec([{}], { hostNetwork: true, hostPID: true }), reason: "host namespaces (hostNetwork=true, hostPID=true)" },
  { name: "baseline refuses privileged containers", level: "baseline",
    spec: spec([{ securityContext: { privileged: true } }, { securityContext: { privileged: true } }]),
    reason: 'privileged (containers "a", "b" must not set securityContext.privileged=true)' },
  { name: "baseline refuses capabilities beyond the default set", level: "baseline",
    spec: spec([{ securityContext: { capabilities: { add: ["SYS_TIME", "NET_ADMIN", "CHOWN"] } } }]),
    reason: 'non-default capabilities (container "a" must not include "NET_ADMIN", "SYS_TIME" in securityContext.capabilities.add)' },
  { name: "baseline refuses hostPath volumes", level: "baseline",
    spec: spec([{}], { volumes: [{ name: "host", hostPath: { path: "/" } }, { name: "tmp", emptyDir: {} }] }),
    reason: 'hostPath volumes (volume "host")' },
  { name: "baseline refuses host ports but allows hostPort 0 (check_hostPorts_test.go)", level: "baseline",
    spec: spec([{ ports: [{ hostPort: 0 }, { hostPort: 10 }] }, { ports: [{ hostPort: 20 }] }]),
    reason: 'hostPort (containers "a", "b" use hostPorts 10, 20)' },
  { name: "baseline refuses an unconfined AppArmor annotation", level: "baseline",
    spec: spec([{}]), reason: 'forbidden AppArmor profile (container.apparmor.security.beta.kubernetes.io/a="unconfined")' },
  { name: "baseline refuses custom SELinux types, users and roles", level: "baseline",
    spec: spec([{ securityContext: { seLinuxOptions: { type: "spc_t", user: "root" } } }], { securityContext: { seLinuxOptions: { role: "sysadm_r" } } }),
    reason: 'seLinuxOptions (pod and container "a" set forbidden securityContext.seLinuxOptions: type "spc_t"; user may not be set; role may not be set)' },
  { name: "baseline refuses an unmasked /proc", level: "baseline",
    spec: spec([{ securityContext: { procMount: "Unmasked" } }]),
    reason: 'procMount (container "a" must not set securityContext.procMount to "Unmasked")' },
  { name: "baseline refuses seccomp Unconfined", level: "baseline",
    spec: spec([{}], { securityContext: { seccompProfile: { type: "Unconfined" } } }),
    reason: 'seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")' },
  { name: "baseline refuses unsafe sysctls but allows the safe set", level: "baseline",
    spec: spec([{}], { securityContext: { sysctls: [{ name: "net.ipv4.tcp_syncookies", value: "1" }, { name: "kernel.msgmax", value: "1" }] } }),
    reason: "forbidden sysctls (kernel.msgmax)" },
  { name: "baseline refuses Windows hostProcess containers", level: "baseline",
    spec: spec([{ securityContext: { windowsOptions: { hostProcess: true } } }], { hostNetwork: true }),
    reason: 'host namespaces (hostNetwork=true), hostProcess (container "a" must not set securityContext.windowsOptions.hostProcess=true)' },
  { name: "restricted refuses volume types that reach the node", level: "restricted",
    spec: spec([hardened], { volumes: [{ name: "nfs", nfs: {} }, { name: "host", hostPath: {} }, { name: "cm", configMap: {} }] }),
    reason: 'restricted volume types (volumes "nfs", "host" use restricted volume types "hostPath", "nfs")' },
  { name: "restricted refuses runAsUser 0 even with runAsNonRoot", level: "restricted",
    spec: spec([{ ...hardened, securityContext: { ...hardened.securityContext, runAsUser: 0 } }]),
    reason: 'runAsUser=0 (container "a" must not set runAsUser=0)' },
  { name: "restricted refuses added capabilities other than NET_BIND_SERVICE", level: "restricted",
    spec: spec([{ securityContext: { ...hardened.securityContext, capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE", "SYS_ADMIN"] } } }]),
    reason: 'unrestricted capabilities (container "a" must not include "SYS_ADMIN" in securityContext.capabilities.add)' },
  { name: "restricted accepts non-root set once on the pod", level: "restricted",
    spec: spec([{ securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } } }],
      { securityContext: { runAsNonRoot: true, seccompProfile: { type: "Localhost" } } }), reason: "" },
  { name: "restricted reports an explicit runAsNonRoot=false before containers that set nothing (check_runAsNonRoot.go)", level: "restricted",
    spec: spec([{ securityContext: { ...hardened.securityContext, runAsNonRoot: false } }, { securityContext: { ...hardened.securityContext, runAsNonRoot: undefined } }],
      { securityContext: { runAsNonRoot: false } }),
    reason: 'runAsNonRoot != true (pod and container "a" must not set securityContext.runAsNonRoot=false)' },
  { name: "restricted refuses containers that set no seccomp profile when the pod sets none either", level: "restricted",
    spec: spec([hardened, { securityContext: { ...hardened.securityContext, seccompProfile: undefined } }]),
    reason: 'seccompProfile (pod or container "b" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")' },
  { name: "privileged accepts anything", level: "privileged",
    spec: spec([{ securityContext: { privileged: true } }], { hostPID: true }), reason: "" },
];

describe("Pod Security Standards checks", () => {
  for (const c of cases) {
    it(c.name, () => {
      const meta = c.name.includes("AppArmor")
        ? { annotations: { "container.apparmor.security.beta.kubernetes.io/a": "unconfined" } }
        : {};
      expect(forbiddenReason(evaluatePod(c.level, meta, c.spec))).toBe(c.reason);
    });
  }

  it("reports a bare Pod at restricted with the four reasons kubectl users know", () => {
    // The warning shown by `kubectl run` in a restricted namespace, as in the Kubernetes docs
    // (tutorials/security/ns-level-pss) for an nginx Pod.
    expect(forbiddenReason(evaluatePod("restricted", {}, { containers: [{ name: "nginx", image: "nginx" }] }))).toBe(
      'allowPrivilegeEscalation != false (container "nginx" must set securityContext.allowPrivilegeEscalation=false), ' +
      'unrestricted capabilities (container "nginx" must set securityContext.capabilities.drop=["ALL"]), ' +
      'runAsNonRoot != true (pod or container "nginx" must set securityContext.runAsNonRoot=true), ' +
      'seccompProfile (pod or container "nginx" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
  });

  it("accepts the same Pod at baseline, which only blocks known escalations", () => {
    expect(evaluatePod("baseline", {}, { containers: [{ name: "nginx", image: "nginx" }] })).toEqual([]);
  });

  it("lets restricted checks replace the baseline ones they tighten", () => {
    const ids = checksForLevel("restricted").map((c) => c.id);
    expect(ids).not.toContain("hostPathVolumes");
    expect(ids).not.toContain("seccompProfile_baseline");
    expect(ids).not.toContain("capabilities_baseline");
    expect(ids).toContain("privileged");
    expect(checksForLevel("baseline")).toHaveLength(11);
  });

  it("checks init containers too", () => {
    const s = spec([{}], { initContainers: [{ name: "setup", securityContext: { privileged: true } }] });
    expect(forbiddenReason(evaluatePod("baseline", {}, s))).toBe('privileged (container "setup" must not set securityContext.privileged=true)');
  });
});
