// LimitRanger: per-namespace defaults and bounds for container resources, from LimitRange
// objects. It is both a mutating plugin (fill in missing requests and limits) and a validating
// one (min, max, maxLimitRequestRatio), which is why the same plugin appears in both phases.
//
//   kind: LimitRange
//   spec:
//     limits:
//     - type: Container
//       default:        {cpu: 500m}   # limit for containers that set none
//       defaultRequest: {cpu: 250m}   # request for containers that set none
//       min: {cpu: 100m}
//       max: {cpu: "1"}
//       maxLimitRequestRatio: {cpu: "4"}
//
// Reference: plugin/pkg/admission/limitranger/admission.go (PodMutateLimitFunc,
// mergeContainerResources, PodValidateLimitFunc, minConstraint, maxConstraint,
// limitRequestRatioConstraint) and pkg/apis/core/v1/defaults.go (SetDefaults_LimitRangeItem).
// SIMPLIFICATION: the PersistentVolumeClaim limit type is not enforced, and Pod-level sums ignore
// pod overhead and restartable (sidecar) init containers.

import { Quantity } from "../../api/quantity";
import type { AdmissionAttributes, KubeObject } from "../types";
import { admissionForbidden } from "./errors";
import { AdmissionContext, handlesOperations, type AdmissionPlugin } from "./plugin";
import { asPod, type Container, type Pod, type ResourceList } from "./pod-spec";

export const LimitRangerAnnotation = "kubernetes.io/limit-ranger";

export interface LimitRangeItem {
  type: "Container" | "Pod" | "PersistentVolumeClaim";
  default?: ResourceList;
  defaultRequest?: ResourceList;
  min?: ResourceList;
  max?: ResourceList;
  maxLimitRequestRatio?: ResourceList;
}

export type LimitRangeLister = (namespace: string) => readonly KubeObject[];

function items(lr: KubeObject): LimitRangeItem[] {
  return ((lr["spec"] as { limits?: LimitRangeItem[] } | undefined)?.limits ?? []);
}

/**
 * SetDefaults_LimitRangeItem, which upstream runs when the LimitRange is stored: for
 * containers, a missing `default` falls back to `max`, a missing `defaultRequest` to `default`,
 * then to `min`.
 */
export function defaultedItem(item: LimitRangeItem): LimitRangeItem {
  if (item.type !== "Container") return item;
  const def: ResourceList = { ...item.max, ...item.default };
  const defaultRequest: ResourceList = { ...item.min, ...def, ...item.defaultRequest };
  return { ...item, default: def, defaultRequest };
}

/** The default requests and limits all Container items of one LimitRange give. */
function defaultContainerResourceRequirements(lr: KubeObject): { requests: ResourceList; limits: ResourceList } {
  const requests: ResourceList = {};
  const limits: ResourceList = {};
  for (const item of items(lr).map(defaultedItem)) {
    if (item.type !== "Container") continue;
    Object.assign(requests, item.defaultRequest);
    Object.assign(limits, item.default);
  }
  return { requests, limits };
}

//> limit-ranger-merge
/** mergeContainerResources: fill only what the container left out, and say what was set. */
function mergeContainerResources(
  c: Container,
  defaults: { requests: ResourceList; limits: ResourceList },
  prefix: string,
  annotations: string[],
): void {
  const resources = (c.resources ??= {});
  const limits = (resources.limits ??= {});
  const requests = (resources.requests ??= {});
  const setLimits: string[] = [];
  const setRequests: string[] = [];
  for (const [k, v] of Object.entries(defaults.limits)) {
    if (!(k in limits)) { limits[k] = v; setLimits.push(k); }
  }
  for (const [k, v] of Object.entries(defaults.requests)) {
    if (!(k in requests)) { requests[k] = v; setRequests.push(k); }
  }
  if (setRequests.length > 0) annotations.push(`${setRequests.sort().join(", ")} request for ${prefix} ${c.name}`);
  if (setLimits.length > 0) annotations.push(`${setLimits.sort().join(", ")} limit for ${prefix} ${c.name}`);
}
//< limit-ranger-merge

function podMutateLimitFunc(lr: KubeObject, pod: Pod): void {
  const annotations: string[] = [];
  const defaults = defaultContainerResourceRequirements(lr);
  for (const c of pod.spec.containers) mergeContainerResources(c, defaults, "container", annotations);
  for (const c of pod.spec.initContainers ?? []) mergeContainerResources(c, defaults, "init container", annotations);
  if (annotations.length > 0) {
    const meta = (pod.metadata ??= {});
    (meta.annotations ??= {})[LimitRangerAnnotation] = "LimitRanger plugin set: " + annotations.join("; ");
  }
}

const q = (s: string): Quantity => Quantity.parse(s);

//> limit-ranger-constraints
function minConstraint(limitType: string, name: string, enforced: string, request: ResourceList, limit: ResourceList): string | undefined {
  const req = request[name];
  const lim = limit[name];
  if (req === undefined) return `minimum ${name} usage per ${limitType} is ${q(enforced)}.  No request is specified`;
  if (q(req).cmp(q(enforced)) < 0) return `minimum ${name} usage per ${limitType} is ${q(enforced)}, but request is ${q(req)}`;
  if (lim !== undefined && q(lim).cmp(q(enforced)) < 0) return `minimum ${name} usage per ${limitType} is ${q(enforced)}, but limit is ${q(lim)}`;
  return undefined;
}

function maxConstraint(limitType: string, name: string, enforced: string, request: ResourceList, limit: ResourceList): string | undefined {
  const req = request[name];
  const lim = limit[name];
  if (lim === undefined) return `maximum ${name} usage per ${limitType} is ${q(enforced)}.  No limit is specified`;
  if (q(lim).cmp(q(enforced)) > 0) return `maximum ${name} usage per ${limitType} is ${q(enforced)}, but limit is ${q(lim)}`;
  if (req !== undefined && q(req).cmp(q(enforced)) > 0) return `maximum ${name} usage per ${limitType} is ${q(enforced)}, but request is ${q(req)}`;
  return undefined;
}

function limitRequestRatioConstraint(limitType: string, name: string, enforced: string, request: ResourceList, limit: ResourceList): string | undefined {
  const req = request[name] === undefined ? 0 : q(request[name]!).milliValue();
  const lim = limit[name] === undefined ? 0 : q(limit[name]!).milliValue();
  const head = `${name} max limit to request ratio per ${limitType} is ${q(enforced)}`;
  if (req === 0) return `${head}, but no request is specified or request is 0`;
  if (lim === 0) return `${head}, but no limit is specified or limit is 0`;
  const observed = lim / req;
  // Compared in thousandths, as upstream does with MilliValue; printed with Go's %f.
  if (observed * 1000 > q(enforced).milliValue()) return `${head}, but provided ratio is ${observed.toFixed(6)}`;
  return undefined;
}
//< limit-ranger-constraints

const sortedEntries = (l: ResourceList | undefined): [string, string][] =>
  Object.entries(l ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

function checkItem(item: LimitRangeItem, limitType: string, request: ResourceList, limit: ResourceList, errs: string[]): void {
  for (const [k, v] of sortedEntries(item.min)) { const e = minConstraint(limitType, k, v, request, limit); if (e) errs.push(e); }
  for (const [k, v] of sortedEntries(item.max)) { const e = maxConstraint(limitType, k, v, request, limit); if (e) errs.push(e); }
  for (const [k, v] of sortedEntries(item.maxLimitRequestRatio)) {
    const e = limitRequestRatioConstraint(limitType, k, v, request, limit);
    if (e) errs.push(e);
  }
}

/** resourcehelper.PodRequests/PodLimits: max(sum of containers, largest init container). */
export function podResources(pod: Pod, which: "requests" | "limits"): ResourceList {
  const sum = new Map<string, Quantity>();
  for (const c of pod.spec.containers) {
    for (const [k, v] of Object.entries(c.resources?.[which] ?? {})) sum.set(k, (sum.get(k) ?? Quantity.fromInt(0)).add(q(v)));
  }
  for (const c of pod.spec.initContainers ?? []) {
    for (const [k, v] of Object.entries(c.resources?.[which] ?? {})) {
      const cur = sum.get(k);
      if (cur === undefined || q(v).cmp(cur) > 0) sum.set(k, q(v));
    }
  }
  return Object.fromEntries([...sum].map(([k, v]) => [k, v.toString()]));
}

/** PodValidateLimitFunc: every violation of one LimitRange, in a stable order. */
export function podValidateLimitFunc(lr: KubeObject, pod: Pod): string[] {
  const errs: string[] = [];
  for (const item of items(lr)) {
    if (item.type === "Container") {
      for (const c of [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]) {
        checkItem(item, "Container", c.resources?.requests ?? {}, c.resources?.limits ?? {}, errs);
      }
    } else if (item.type === "Pod") {
      checkItem(item, "Pod", podResources(pod, "requests"), podResources(pod, "limits"), errs);
    }
  }
  return errs;
}

/** Pods only, no subresources, and not on UPDATE: containers' resources were fixed at create. */
function supports(a: AdmissionAttributes): boolean {
  return a.subresource === "" && a.kind.group === "" && a.kind.kind === "Pod" && a.operation === "CREATE";
}

export function limitRangerPlugin(listLimitRanges: LimitRangeLister): AdmissionPlugin {
  return {
    name: "LimitRanger",
    handles: handlesOperations("CREATE", "UPDATE"),
    admit(a: AdmissionAttributes, _ctx: AdmissionContext): void {
      const pod = asPod(a.object);
      if (!supports(a) || pod === undefined) return;
      for (const lr of listLimitRanges(a.namespace)) podMutateLimitFunc(lr, pod);
    },
    validate(a: AdmissionAttributes): void {
      const pod = asPod(a.object);
      if (!supports(a) || pod === undefined) return;
      for (const lr of listLimitRanges(a.namespace)) {
        const errs = podValidateLimitFunc(lr, pod);
        // utilerrors.NewAggregate: one error alone, several as "[a, b]".
        if (errs.length === 1) throw admissionForbidden(a, errs[0]!);
        if (errs.length > 1) throw admissionForbidden(a, `[${errs.join(", ")}]`);
      }
    },
  };
}
