// Pod Security Standards, baseline level: two of its controls, with upstream's exact wording.
//
// The Pod Security admission plugin (src/apiserver/admission/pod-security/admission.ts) judges
// every Pod created in a namespace labelled `pod-security.kubernetes.io/enforce: baseline` (or
// restricted) by a list of checks, one per control of the standard. A check looks at the Pod's
// metadata and spec and answers allowed, or forbidden with a reason and a detail; the plugin
// prints the failures as `reason (detail), reason (detail)`:
//
//   pods "web" is forbidden: violates PodSecurity "baseline:latest": host namespaces
//   (hostNetwork=true), privileged (container "app" must not set securityContext.privileged=true)
//
// You write two baseline checks (the wording is upstream's, byte for byte: clients and people
// search for these messages):
//
//   Host Namespaces        spec.hostNetwork, spec.hostPID, spec.hostIPC must be unset or false.
//                          reason "host namespaces"; detail: the ones set, as "hostNetwork=true",
//                          "hostPID=true", "hostIPC=true", in that order, joined by ", ".
//   Privileged Containers  no container may set securityContext.privileged=true. reason
//                          "privileged"; detail: `container "a"` (or `containers "a", "b"`, init
//                          containers first, then the others) + ` must not set securityContext.privileged=true`.
//
// Your functions replace src/apiserver/admission/pod-security/host-checks.ts: the graded tests run
// evaluatePod and the PodSecurity admission plugin with them. That file is the course's own
// answer: try before you look at it.
import { goQuote } from "../../src/api/go-quote";
import { allContainers, type Pod, type PodSpec } from "../../src/apiserver/admission/pod-spec";
import type { CheckResult } from "../../src/apiserver/admission/pod-security/checks";

// Given: allContainers(spec) lists init containers, then containers (upstream's visitContainers);
// goQuote("a") is Go's %q, "\"a\"".
export { allContainers, goQuote };

/** check_hostNamespaces.go, hostNamespacesV1Dot0. */
export function hostNamespacesV1Dot0(meta: Pod["metadata"], spec: PodSpec): CheckResult {
  // SOLUTION BEGIN
  // TODO(pod-security-baseline): collect "hostNetwork=true", "hostPID=true", "hostIPC=true" for the
  // fields set to true, in that order. None: { allowed: true }. Otherwise { allowed: false,
  // forbiddenReason: "host namespaces", forbiddenDetail: <them joined by ", "> }.
  // Read: https://kubernetes.io/docs/concepts/security/pod-security-standards/ (Baseline, "Host
  // Namespaces"); k8s.io/pod-security-admission/policy/check_hostNamespaces.go.
  // STUB: return { allowed: true };
  const hostNamespaces: string[] = [];
  if (spec.hostNetwork) hostNamespaces.push("hostNetwork=true");
  if (spec.hostPID) hostNamespaces.push("hostPID=true");
  if (spec.hostIPC) hostNamespaces.push("hostIPC=true");
  if (hostNamespaces.length === 0) return { allowed: true };
  return { allowed: false, forbiddenReason: "host namespaces", forbiddenDetail: hostNamespaces.join(", ") };
  // SOLUTION END
}

/** check_privileged.go, privilegedV1Dot0. */
export function privilegedV1Dot0(meta: Pod["metadata"], spec: PodSpec): CheckResult {
  // SOLUTION BEGIN
  // TODO(pod-security-baseline): the names of the containers (allContainers(spec)) whose
  // securityContext.privileged is true (false and unset are fine). None: { allowed: true }.
  // Otherwise reason "privileged" and the detail `container "a" must not set
  // securityContext.privileged=true` (plural: `containers "a", "b" must not ...`, names quoted with
  // goQuote and joined by ", "). Read: the Pod Security Standards, Baseline, "Privileged
  // Containers"; k8s.io/pod-security-admission/policy/check_privileged.go.
  // STUB: return { allowed: true };
  const badContainers = allContainers(spec).filter((c) => c.securityContext?.privileged === true).map((c) => c.name);
  if (badContainers.length === 0) return { allowed: true };
  const containers = badContainers.length === 1 ? "container" : "containers";
  return {
    allowed: false,
    forbiddenReason: "privileged",
    forbiddenDetail: `${containers} ${badContainers.map(goQuote).join(", ")} must not set securityContext.privileged=true`,
  };
  // SOLUTION END
}
