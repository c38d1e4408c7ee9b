// Pod Security Admission (PSA): the built-in validating plugin that enforces the Pod Security
// Standards per namespace. It replaced PodSecurityPolicy (deprecated in v1.21, removed in
// v1.25): PSP was a cluster-wide object bound through RBAC `use` permissions and could also
// *mutate* Pods, which made the effective policy hard to predict. PSA only validates, and the
// policy is three labels on the namespace.
//
// For each Pod created (or updated in a way that matters), in the Pod's namespace:
//   - enforce: a violation refuses the request, 403
//       pods "x" is forbidden: violates PodSecurity "restricted:latest": <reason (detail), ...>
//   - warn:    a violation adds a warning for the client: would violate PodSecurity "...": ...
//   - audit:   a violation adds the audit annotation pod-security.kubernetes.io/audit-violations.
//
// Reference: staging/src/k8s.io/pod-security-admission/admission/admission.go (ValidatePod,
// EvaluatePod, isSignificantPodUpdate), admission/response.go (forbiddenResponse).
// SIMPLIFICATION: workload resources (Deployments...) are not checked for warn/audit, and
// labelling a namespace does not warn about existing Pods (upstream does both).

import { newInternalError } from "../../../api/status";
import type { AdmissionAttributes, KubeObject } from "../../types";
import { isCoreResource } from "../attributes";
import { admissionForbidden } from "../errors";
import { AdmissionContext, handlesOperations, type AdmissionPlugin } from "../plugin";
import { asPod, type Pod } from "../pod-spec";
import { evaluatePod, forbiddenReason } from "./checks";
import { defaultPolicy, labelPrefix, levelVersionString, policyToEvaluate, type Policy } from "./policy";

export interface PodSecurityOptions {
  getNamespace: (name: string) => KubeObject | undefined;
  /** AdmissionConfiguration `defaults`, for namespaces without labels. */
  defaults?: Policy;
  /** AdmissionConfiguration `exemptions`: requests these match are never checked. */
  exemptions?: { usernames?: string[]; namespaces?: string[]; runtimeClasses?: string[] };
}

/** isSignificantPodUpdate: a Pod's spec is immutable except images, so only those matter. */
function isSignificantPodUpdate(pod: Pod, old: Pod | undefined): boolean {
  if (old === undefined) return true;
  const images = (p: Pod) => [...(p.spec.initContainers ?? []), ...p.spec.containers].map((c) => c.image ?? "");
  return JSON.stringify(images(pod)) !== JSON.stringify(images(old));
}

//> pod-security-validate
function validatePod(a: AdmissionAttributes, ctx: AdmissionContext, options: PodSecurityOptions): void {
  const pod = asPod(a.object);
  if (pod === undefined) return;
  if (a.operation === "UPDATE" && !isSignificantPodUpdate(pod, asPod(a.oldObject))) return;

  const ex = options.exemptions ?? {};
  const exempt =
    ex.namespaces?.includes(a.namespace) ? "namespace"
    : ex.usernames?.includes(a.userInfo.name) ? "user"
    : ex.runtimeClasses?.includes(String(pod.spec["runtimeClassName"] ?? "\u0000")) ? "runtimeClass"
    : undefined;
  if (exempt !== undefined) {
    ctx.addAnnotation(labelPrefix + "exempt", exempt);
    return;
  }

  const ns = options.getNamespace(a.namespace);
  if (ns === undefined) throw newInternalError(`failed to lookup namespace ${JSON.stringify(a.namespace)}`);
  const { policy, errors } = policyToEvaluate(ns.metadata?.labels ?? {}, options.defaults ?? defaultPolicy);
  if (errors.length > 0) ctx.addAnnotation(labelPrefix + "error", `Failed to parse policy: ${errors.join(", ")}`);

  const enforce = evaluatePod(policy.enforce.level, pod.metadata, pod.spec);
  ctx.addAnnotation(labelPrefix + "enforce-policy", levelVersionString(policy.enforce));

  const audit = evaluatePod(policy.audit.level, pod.metadata, pod.spec);
  if (audit.length > 0) {
    ctx.addAnnotation(labelPrefix + "audit-violations",
      `would violate PodSecurity ${JSON.stringify(levelVersionString(policy.audit))}: ${forbiddenReason(audit)}`);
  }
  if (enforce.length === 0) {
    // Warnings only on a pod that is let in: upstream's EvaluatePod avoids "adding warnings to a
    // request we're already going to reject with an error".
    const warn = evaluatePod(policy.warn.level, pod.metadata, pod.spec);
    if (warn.length > 0) {
      ctx.addWarning(`would violate PodSecurity ${JSON.stringify(levelVersionString(policy.warn))}: ${forbiddenReason(warn)}`);
    }
  } else {
    throw admissionForbidden(a,
      `violates PodSecurity ${JSON.stringify(levelVersionString(policy.enforce))}: ${forbiddenReason(enforce)}`);
  }
}
//< pod-security-validate

export function podSecurityPlugin(options: PodSecurityOptions): AdmissionPlugin {
  return {
    name: "PodSecurity",
    handles: handlesOperations("CREATE", "UPDATE"),
    validate(a, ctx) {
      // Pods, and the ephemeralcontainers subresource that adds debug containers to one.
      if (!isCoreResource(a, "pods") && !(a.resource.resource === "pods" && a.subresource === "ephemeralcontainers")) return;
      validatePod(a, ctx, options);
    },
  };
}
