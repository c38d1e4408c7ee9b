// The Pod rules a learner meets first: containers are required, each needs a DNS-label name
// that is unique in the pod and an image, ports are in range, requests do not exceed limits,
// restartPolicy and dnsPolicy are one of their values.
//
//   Pod "web" is invalid: spec.containers: Required value
//
// The same ValidatePodSpec runs on the pod template of every workload (Deployment, ReplicaSet,
// StatefulSet, Job, CronJob).
//
// Reference: k8s.io/kubernetes/pkg/apis/core/validation/validation.go (ValidatePodSpec,
// validateContainers, validateContainerCommon, validateContainerPorts,
// ValidateContainerResourceRequirements, validateRestartPolicy, validateDNSPolicy) and
// k8s.io/apimachinery/pkg/util/validation/validation.go (IsValidPortName, IsValidPortNum).
//
// SIMPLIFICATION: volumes, probes, security contexts, env vars, affinity, tolerations and the
// many feature-gated rules are not checked. Enums that defaulting fills (restartPolicy,
// dnsPolicy, protocol) are only checked when given: our server may validate before defaulting.

import type { Container, ContainerPort, PodSpec, PodTemplateSpec, ResourceRequirements } from "kubernetes-types/core/v1";
import { field, type FieldErrorList, type FieldPath } from "../../api/field-errors";
import { isDNS1123Label, validateLabels } from "../../api/names";
import { type Quantity, tryParseQuantity } from "../../api/quantity";
import { validateAnnotations } from "./object-meta";

/** ValidateDNS1123Label at a path. */
export function validateDNS1123Label(value: string, path: FieldPath): FieldErrorList {
  return isDNS1123Label(value).map((msg) => field.invalid(path, value, msg));
}

/** IsValidPortNum. */
export function isValidPortNum(port: number): string[] {
  return port >= 1 && port <= 65535 ? [] : ["must be between 1 and 65535, inclusive"];
}

/** IsValidPortName: an IANA service name such as `http` or `metrics-1`. */
export function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (port.length > 15) errs.push("must be no more than 15 characters");
  if (!/^[-a-z0-9]+$/.test(port)) errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (!/[a-z]/.test(port)) errs.push("must contain at least one letter (a-z)");
  if (port.includes("--")) errs.push("must not contain consecutive hyphens");
  if (port.startsWith("-") || port.endsWith("-")) errs.push("must not begin or end with a hyphen");
  return errs;
}

export const supportedPortProtocols = ["SCTP", "TCP", "UDP"];

function validateContainerPorts(ports: readonly ContainerPort[], path: FieldPath): FieldErrorList {
  const errs: FieldErrorList = [];
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const p = path.index(i);
    if (port.name) {
      const msgs = isValidPortName(port.name);
      if (msgs.length > 0) errs.push(...msgs.map((m) => field.invalid(p.child("name"), port.name, m)));
      else if (names.has(port.name)) errs.push(field.duplicate(p.child("name"), port.name));
      else names.add(port.name);
    }
    if (!port.containerPort) errs.push(field.required(p.child("containerPort"), ""));
    else errs.push(...isValidPortNum(port.containerPort).map((m) => field.invalid(p.child("containerPort"), port.containerPort, m)));
    if (port.hostPort) errs.push(...isValidPortNum(port.hostPort).map((m) => field.invalid(p.child("hostPort"), port.hostPort, m)));
    if (port.protocol && !supportedPortProtocols.includes(port.protocol)) {
      errs.push(field.notSupported(p.child("protocol"), port.protocol, supportedPortProtocols));
    }
  });
  return errs;
}

/** helper.IsOvercommitAllowed: native resources (cpu, memory, ...) except hugepages. */
function isOvercommitAllowed(name: string): boolean {
  const native = !name.includes("/") || name.includes("kubernetes.io/");
  return native && !name.startsWith("hugepages-");
}

const parsed = (value: string | number | undefined): Quantity | undefined => {
  const q = tryParseQuantity(String(value ?? "0"));
  return q.ok ? q.quantity : undefined; // decode already rejected unparsable quantities
};

//> resource-requirements
/** ValidateContainerResourceRequirements: non-negative quantities, requests <= limits. */
function validateResources(resources: ResourceRequirements | undefined, path: FieldPath): FieldErrorList {
  const errs: FieldErrorList = [];
  const limits = resources?.limits ?? {};
  const requests = resources?.requests ?? {};
  const limPath = path.child("limits");
  const reqPath = path.child("requests");
  for (const name of Object.keys(limits).sort()) {
    const q = parsed(limits[name]);
    if (q !== undefined && q.sign() < 0) errs.push(field.invalid(limPath.key(name), q.toString(), "must be greater than or equal to 0"));
  }
  for (const name of Object.keys(requests).sort()) {
    const q = parsed(requests[name]);
    if (q === undefined) continue;
    if (q.sign() < 0) errs.push(field.invalid(reqPath.key(name), q.toString(), "must be greater than or equal to 0"));
    const limit = name in limits ? parsed(limits[name]) : undefined;
    if (limit !== undefined) {
      // Extended resources (GPUs...) cannot be overcommitted: requests must equal limits.
      if (q.cmp(limit) !== 0 && !isOvercommitAllowed(name)) {
        errs.push(field.invalid(reqPath, q.toString(), `must be equal to ${name} limit of ${limit.toString()}`));
      } else if (q.cmp(limit) > 0) {
        errs.push(field.invalid(reqPath, q.toString(), `must be less than or equal to ${name} limit of ${limit.toString()}`));
      }
    } else if (!isOvercommitAllowed(name)) {
      errs.push(field.required(limPath, "Limit must be set for non overcommitable resources"));
    }
  }
  return errs;
}
//< resource-requirements

/** validateContainers (and the init containers' variant): names unique across both lists. */
function validateContainers(containers: readonly Container[], path: FieldPath, allNames: Set<string>): FieldErrorList {
  const errs: FieldErrorList = [];
  containers.forEach((ctr, i) => {
    const p = path.index(i);
    const name = ctr.name ?? "";
    if (name === "") errs.push(field.required(p.child("name"), ""));
    else errs.push(...validateDNS1123Label(name, p.child("name")));
    if (!ctr.image) errs.push(field.required(p.child("image"), ""));
    errs.push(...validateContainerPorts(ctr.ports ?? [], p.child("ports")));
    errs.push(...validateResources(ctr.resources, p.child("resources")));
    if (allNames.has(name)) errs.push(field.duplicate(p.child("name"), name));
    else allNames.add(name);
  });
  return errs;
}

//> validate-pod-spec
/** ValidatePodSpec, reduced to the rules listed at the top of this file. */
export function validatePodSpec(spec: PodSpec | undefined, path: FieldPath): FieldErrorList {
  const errs: FieldErrorList = [];
  const allNames = new Set<string>();
  errs.push(...validateContainers(spec?.initContainers ?? [], path.child("initContainers"), allNames));
  const containers = spec?.containers ?? [];
  if (containers.length === 0) errs.push(field.required(path.child("containers"), ""));
  else errs.push(...validateContainers(containers, path.child("containers"), allNames));

  const restartPolicy = spec?.restartPolicy;
  if (restartPolicy && !["Always", "OnFailure", "Never"].includes(restartPolicy)) {
    errs.push(field.notSupported(path.child("restartPolicy"), restartPolicy, ["Always", "OnFailure", "Never"]));
  }
  const dnsPolicies = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
  if (spec?.dnsPolicy && !dnsPolicies.includes(spec.dnsPolicy)) {
    errs.push(field.notSupported(path.child("dnsPolicy"), spec.dnsPolicy, dnsPolicies));
  }
  errs.push(...validateLabels(spec?.nodeSelector, path.child("nodeSelector")));
  const deadline = spec?.activeDeadlineSeconds;
  if (deadline !== undefined && (deadline < 1 || deadline > 2147483647)) {
    errs.push(field.invalid(path.child("activeDeadlineSeconds"), deadline, "must be between 1 and 2147483647, inclusive"));
  }
  return errs;
}
//< validate-pod-spec

/** ValidatePodTemplateSpec: the template's labels and annotations, then its pod spec. */
export function validatePodTemplateSpec(template: PodTemplateSpec | undefined, path: FieldPath): FieldErrorList {
  const errs: FieldErrorList = [];
  errs.push(...validateLabels(template?.metadata?.labels, path.child("metadata", "labels")));
  errs.push(...validateAnnotations(template?.metadata?.annotations, path.child("metadata", "annotations")));
  errs.push(...validatePodSpec(template?.spec, path.child("spec")));
  return errs;
}
