// Two baseline controls of the Pod Security Standards, in a module of their own: "Host
// Namespaces" (hostNetwork, hostPID, hostIPC) and "Privileged Containers". checks.ts registers
// them with the other checks; chapter 2's exercise "pod-security-baseline" has the learner write
// them, and its graded tests replace this module with the learner's (vi.mock) so that evaluatePod
// and the PodSecurity admission plugin run on the learner's code.
//
// Upstream: staging/src/k8s.io/pod-security-admission/policy/check_hostNamespaces.go
// (hostNamespacesV1Dot0) and check_privileged.go (privilegedV1Dot0); the reasons and details are
// upstream's, byte for byte.

import { goQuote } from "../../../api/go-quote";
import { allContainers, type Pod, type PodSpec } from "../pod-spec";
import type { CheckResult } from "./checks";

/** Sharing the host's network, PID or IPC namespace is forbidden: `host namespaces (hostNetwork=true)`. */
export function hostNamespacesV1Dot0(_meta: Pod["metadata"], spec: PodSpec): CheckResult {
  const hostNamespaces: string[] = [];
  if (spec.hostNetwork) hostNamespaces.push("hostNetwork=true");
  if (spec.hostPID) hostNamespaces.push("hostPID=true");
  if (spec.hostIPC) hostNamespaces.push("hostIPC=true");
  if (hostNamespaces.length === 0) return { allowed: true };
  return { allowed: false, forbiddenReason: "host namespaces", forbiddenDetail: hostNamespaces.join(", ") };
}

/** Privileged containers are forbidden: `privileged (container "a" must not set securityContext.privileged=true)`. */
export function privilegedV1Dot0(_meta: Pod["metadata"], spec: PodSpec): CheckResult {
  // visitContainers: init containers first, then the app containers.
  const badContainers = allContainers(spec).filter((c) => c.securityContext?.privileged === true).map((c) => c.name);
  if (badContainers.length === 0) return { allowed: true };
  return {
    allowed: false,
    forbiddenReason: "privileged",
    forbiddenDetail: `${badContainers.length === 1 ? "container" : "containers"} ${badContainers.map(goQuote).join(", ")} must not set securityContext.privileged=true`,
  };
}
