// Graded tests for the exercise "pod-security-baseline" (chapter 02-api-server, 10 points). Each
// test's weight is the points it is worth (they add up to 10); see tools/exercises/points.ts.
// `@exercise/...` is your exercises/ file; the grader also runs these tests against the reference
// solution and the untouched stub (tools/exercises/README.md). Each test is a sentence; its
// failure message names the rule that was broken and where to read about it.
//
// Your checks are plugged into Pod Security admission: vi.mock below replaces
// src/apiserver/admission/pod-security/host-checks.ts, which checks.ts registers as the checks
// "hostNamespaces" and "privileged". evaluatePod and the PodSecurity plugin then judge whole Pods
// in labelled namespaces with them.
import { describe, expect, it, vi } from "vitest";
import * as learner from "@exercise/02-api-server/pod-security-baseline";
import { newAttributes } from "../../src/apiserver/admission/attributes";
import { AdmissionChain } from "../../src/apiserver/admission/chain";
import { podSecurityPlugin } from "../../src/apiserver/admission/pod-security/admission";
import { type CheckResult, evaluatePod, forbiddenReason } from "../../src/apiserver/admission/pod-security/checks";
import type { Container, Pod, PodSpec } from "../../src/apiserver/admission/pod-spec";
import type { KubeObject } from "../../src/apiserver/types";

const { hostNamespacesV1Dot0, privilegedV1Dot0 } = learner;

vi.mock("../../src/apiserver/admission/pod-security/host-checks", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../src/apiserver/admission/pod-security/host-checks")>()),
  hostNamespacesV1Dot0: (meta: Pod["metadata"], spec: PodSpec) => learner.hostNamespacesV1Dot0(meta, spec),
  privilegedV1Dot0: (meta: Pod["metadata"], spec: PodSpec) => learner.privilegedV1Dot0(meta, spec),
}));

const PSS = "Pod Security Standards, Baseline (https://kubernetes.io/docs/concepts/security/pod-security-standards/)";
const HOST = `${PSS}, "Host Namespaces"; pod-security-admission/policy/check_hostNamespaces.go`;
const PRIV = `${PSS}, "Privileged Containers"; pod-security-admission/policy/check_privileged.go`;
const forbidden = (forbiddenReason: string, forbiddenDetail: string): CheckResult => ({ allowed: false, forbiddenReason, forbiddenDetail });
const allowed: CheckResult = { allowed: true };
const meta = { name: "web", namespace: "default" };
const spec = (containers: Array<Partial<Container>>, extra: Partial<PodSpec> = {}): PodSpec => ({
  containers: containers.map((c, i) => ({ name: String.fromCharCode(97 + i), image: "nginx", ...c })),
  ...extra,
});

describe("the checks on their own: upstream's tables", () => {
  it("host namespaces: each of hostNetwork, hostPID and hostIPC is named, in that order (check_hostNamespaces_test.go)", { meta: { weight: 2 } }, () => {
    const cases: Array<{ name: string; spec: PodSpec; expect: CheckResult }> = [
      { name: "host network", spec: spec([{}], { hostNetwork: true }), expect: forbidden("host namespaces", "hostNetwork=true") },
      { name: "host PID", spec: spec([{}], { hostPID: true }), expect: forbidden("host namespaces", "hostPID=true") },
      { name: "host IPC", spec: spec([{}], { hostIPC: true }), expect: forbidden("host namespaces", "hostIPC=true") },
      { name: "host namespaces", spec: spec([{}], { hostIPC: true, hostNetwork: true, hostPID: true }), expect: forbidden("host namespaces", "hostNetwork=true, hostPID=true, hostIPC=true") },
      { name: "explicitly false", spec: spec([{}], { hostNetwork: false, hostPID: false, hostIPC: false }), expect: allowed },
      { name: "unset", spec: spec([{}]), expect: allowed },
    ];
    for (const c of cases) {
      expect(hostNamespacesV1Dot0(meta, c.spec), `${HOST}: upstream case "${c.name}"`).toEqual(c.expect);
    }
  });

  it("privileged: the containers that set privileged=true are listed, quoted, with the plural (check_privileged_test.go)", { meta: { weight: 2 } }, () => {
    const multiple = spec([
      { securityContext: undefined }, { securityContext: {} }, { securityContext: { privileged: false } },
      { securityContext: { privileged: true } }, { securityContext: { privileged: true } },
    ]);
    expect(privilegedV1Dot0(meta, multiple), `${PRIV}: upstream case "multiple containers": only "d" and "e" set privileged=true`)
      .toEqual(forbidden("privileged", 'containers "d", "e" must not set securityContext.privileged=true'));
    expect(privilegedV1Dot0(meta, spec([{}, { securityContext: { privileged: true } }])), `${PRIV}: one container: "container", singular`)
      .toEqual(forbidden("privileged", 'container "b" must not set securityContext.privileged=true'));
    expect(privilegedV1Dot0(meta, spec([{ securityContext: { privileged: false } }])), `${PRIV}: privileged=false is allowed`).toEqual(allowed);
  });

  it("privileged: init containers count too, and are listed before the app containers", { meta: { weight: 1.5 } }, () => {
    const s = spec([{ name: "app", securityContext: { privileged: true } }], {
      initContainers: [{ name: "setup-iptables", securityContext: { privileged: true } }, { name: "fetch", securityContext: {} }],
    });
    expect(privilegedV1Dot0(meta, s), `${PRIV}: visitContainers walks spec.initContainers, then spec.containers (use allContainers)`)
      .toEqual(forbidden("privileged", 'containers "setup-iptables", "app" must not set securityContext.privileged=true'));
    expect(
      hostNamespacesV1Dot0(meta, s),
      `${HOST}: privileged containers are not a host namespace: the host namespace check allows this pod`,
    ).toEqual(allowed);
    const quoted = spec([{ name: 'we"ird', securityContext: { privileged: true } }]);
    expect(privilegedV1Dot0(meta, quoted), `${PRIV}: names are quoted as Go's %q does (goQuote), escapes included`)
      .toEqual(forbidden("privileged", 'container "we\\"ird" must not set securityContext.privileged=true'));
  });
});

describe("plugged into Pod Security admission", () => {
  it("evaluatePod reports both controls, in check order, and forbiddenReason prints them as the API server does", { meta: { weight: 1.5 } }, () => {
    const s = spec([{ name: "app", securityContext: { privileged: true } }], { hostNetwork: true, hostPID: true });
    const baseline = evaluatePod("baseline", meta, s);
    expect(
      forbiddenReason(baseline),
      `${PSS}: a Pod with hostNetwork, hostPID and a privileged container violates two baseline controls; checks run sorted by id (hostNamespaces, privileged)`,
    ).toBe('host namespaces (hostNetwork=true, hostPID=true), privileged (container "app" must not set securityContext.privileged=true)');
    expect(evaluatePod("privileged", meta, s), `${PSS}: the privileged level checks nothing`).toEqual([]);
    const restricted = evaluatePod("restricted", meta, s).map((v) => v.id);
    expect(restricted, `${PSS}: the levels are cumulative: restricted applies the baseline controls too`).toEqual(expect.arrayContaining(["hostNamespaces", "privileged"]));
  });

  it("a namespace enforcing baseline refuses a privileged host-network Pod with upstream's 403, and warns where it only warns", { meta: { weight: 2 } }, async () => {
    const namespaces: Record<string, KubeObject> = {
      prod: { apiVersion: "v1", kind: "Namespace", metadata: { name: "prod", labels: { "pod-security.kubernetes.io/enforce": "baseline" } } },
      staging: { apiVersion: "v1", kind: "Namespace", metadata: { name: "staging", labels: { "pod-security.kubernetes.io/warn": "baseline" } } },
      "kube-system": { apiVersion: "v1", kind: "Namespace", metadata: { name: "kube-system", labels: { "pod-security.kubernetes.io/enforce": "privileged" } } },
    };
    const chain = new AdmissionChain([podSecurityPlugin({ getNamespace: (n) => namespaces[n] })]);
    const pod = (namespace: string, s: PodSpec): Pod => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "node-agent", namespace }, spec: s });
    const agent = spec([{ name: "agent", securityContext: { privileged: true } }], { hostNetwork: true });
    const create = (namespace: string, s: PodSpec) => chain.validate(newAttributes({ operation: "CREATE", resource: "pods", object: pod(namespace, s) }));

    const refused = await create("prod", agent);
    expect(
      refused.allowed ? "admitted" : `${refused.error.code} ${refused.error.message}`,
      `${PSS}: prod enforces baseline, so the Pod is refused with 403 and both violations, in upstream's words`,
    ).toBe('403 pods "node-agent" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true), privileged (container "agent" must not set securityContext.privileged=true)');

    const warned = await create("staging", agent);
    expect(warned.allowed, `${PSS}: staging only warns at baseline: the Pod is admitted`).toBe(true);
    expect(warned.warnings, `${PSS}: ... with a warning for the client naming the same violations`).toEqual([
      'would violate PodSecurity "baseline:latest": host namespaces (hostNetwork=true), privileged (container "agent" must not set securityContext.privileged=true)',
    ]);

    expect((await create("kube-system", agent)).allowed, `${PSS}: kube-system enforces privileged: anything goes`).toBe(true);
    expect((await create("prod", spec([{ name: "web", securityContext: { privileged: false } }]))).allowed, `${PSS}: an ordinary Pod is admitted in prod`).toBe(true);
  });
});

describe("the restricted level builds on baseline", () => {
  it("a Pod hardened for restricted except for hostPID is refused for host namespaces alone", { meta: { weight: 1 } }, () => {
    const hardened: Partial<Container> = { securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" }, capabilities: { drop: ["ALL"] } } };
    expect(forbiddenReason(evaluatePod("restricted", meta, spec([hardened], { hostPID: true }))), `${HOST}: hostPID is the only violation left`)
      .toBe("host namespaces (hostPID=true)");
    expect(evaluatePod("restricted", meta, spec([hardened])), `${PSS}: and without it the Pod passes restricted`).toEqual([]);
  });
});
