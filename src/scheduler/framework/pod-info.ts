// PodInfo: a pod parsed once for scheduling, so that filtering 5000 nodes does not re-read its
// quantities and label selectors 5000 times.
//
// Reference: pkg/scheduler/framework/types.go (PodInfo, AffinityTerm, WeightedAffinityTerm,
// newAffinityTerm, getNamespacesFromPodAffinityTerm).
import type { Pod, PodAffinityTerm, WeightedPodAffinityTerm } from "kubernetes-types/core/v1";
import { labelSelectorAsSelector, type Labels, type LabelsSelector } from "../../api";
import { nonZeroDefaults, podRequests, Resource, ResourceCPU, ResourceMemory, toResource } from "./resource";

//> affinity-term
/** A pod (anti-)affinity term, parsed: which pods it selects, and over which topology. */
export interface AffinityTerm {
  /** Namespaces whose pods the term looks at (the pod's own when the term names none). */
  namespaces: ReadonlySet<string>;
  selector: LabelsSelector;
  topologyKey: string;
  /** Namespaces selected by label; `nothing()` when the term has no namespaceSelector. */
  namespaceSelector: LabelsSelector;
}

export interface WeightedAffinityTerm extends AffinityTerm {
  weight: number;
}

/** AffinityTerm.Matches: the pod is in one of the term's namespaces and has matching labels. */
export function termMatches(t: AffinityTerm, pod: Pod, nsLabels: Labels | undefined): boolean {
  if (t.namespaces.has(podNamespace(pod)) || (nsLabels !== undefined && t.namespaceSelector.matches(nsLabels))) {
    return t.selector.matches(pod.metadata?.labels ?? {});
  }
  return false;
}
//< affinity-term

/** The pod's namespace, "default" when unset (as the API server would have defaulted it). */
export function podNamespace(pod: Pod): string {
  return pod.metadata?.namespace || "default";
}

/** namespace/name: how queues, caches and messages name a pod. */
export function podKey(pod: Pod): string {
  return `${podNamespace(pod)}/${pod.metadata?.name ?? ""}`;
}

/** The pod's priority (spec.priority, filled in from its PriorityClass at admission); 0 if unset. */
export function podPriority(pod: Pod): number {
  return pod.spec?.priority ?? 0;
}

export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

export class PodInfo {
  readonly key: string;
  readonly namespace: string;
  /** What the pod requests, as NodeResourcesFit filters on it (no defaults). */
  readonly requests: Resource;
  /** CPU and memory with the non-zero defaults, as NodeInfo.NonZeroRequested counts them. */
  readonly nonZeroCPU: number;
  readonly nonZeroMemory: number;
  readonly requiredAffinityTerms: AffinityTerm[] = [];
  readonly requiredAntiAffinityTerms: AffinityTerm[] = [];
  readonly preferredAffinityTerms: WeightedAffinityTerm[] = [];
  readonly preferredAntiAffinityTerms: WeightedAffinityTerm[] = [];
  readonly hostPorts: HostPort[] = [];
  /** Set when a label selector in the pod's affinity does not parse. */
  readonly parseError: Error | undefined;

  constructor(readonly pod: Pod) {
    this.key = podKey(pod);
    this.namespace = podNamespace(pod);
    const reqs = podRequests(pod);
    this.requests = toResource(reqs);
    // NodeInfo.calculateResource: the defaults apply only to a resource no container requests.
    const missing = new Map([...nonZeroDefaults].filter(([name]) => !reqs.has(name)));
    const nonZero = missing.size > 0 ? podRequests(pod, missing) : reqs;
    this.nonZeroCPU = nonZero.get(ResourceCPU) ?? 0;
    this.nonZeroMemory = nonZero.get(ResourceMemory) ?? 0;

    let parseError: Error | undefined;
    const parse = <T>(fn: () => T): T | undefined => {
      try {
        return fn();
      } catch (err: unknown) {
        parseError ??= err instanceof Error ? err : new Error(String(err));
        return undefined;
      }
    };
    const affinity = pod.spec?.affinity;
    for (const t of affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
      const term = parse(() => newAffinityTerm(pod, t));
      if (term) this.requiredAffinityTerms.push(term);
    }
    for (const t of affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
      const term = parse(() => newAffinityTerm(pod, t));
      if (term) this.requiredAntiAffinityTerms.push(term);
    }
    for (const t of affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) {
      const term = parse(() => newWeightedTerm(pod, t));
      if (term) this.preferredAffinityTerms.push(term);
    }
    for (const t of affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) {
      const term = parse(() => newWeightedTerm(pod, t));
      if (term) this.preferredAntiAffinityTerms.push(term);
    }
    this.parseError = parseError;

    for (const c of pod.spec?.containers ?? []) {
      for (const p of c.ports ?? []) {
        if (p.hostPort && p.hostPort > 0) {
          this.hostPorts.push({ ip: p.hostIP || "0.0.0.0", protocol: p.protocol || "TCP", port: p.hostPort });
        }
      }
    }
  }

  get priority(): number {
    return podPriority(this.pod);
  }

  get hasAffinity(): boolean {
    const a = this.pod.spec?.affinity;
    return a !== undefined && (a.podAffinity !== undefined || a.podAntiAffinity !== undefined);
  }
}

// SIMPLIFICATION: matchLabelKeys / mismatchLabelKeys of pod affinity terms are merged into the
// label selector by the API server (since v1.33) before the scheduler sees the pod; the
// in-memory driver does not do that merge.
function newAffinityTerm(pod: Pod, term: PodAffinityTerm): AffinityTerm {
  const namespaces = new Set<string>();
  if ((term.namespaces ?? []).length === 0 && term.namespaceSelector === undefined) namespaces.add(podNamespace(pod));
  else for (const ns of term.namespaces ?? []) namespaces.add(ns);
  return {
    namespaces,
    selector: labelSelectorAsSelector(term.labelSelector),
    topologyKey: term.topologyKey,
    namespaceSelector: labelSelectorAsSelector(term.namespaceSelector),
  };
}

function newWeightedTerm(pod: Pod, term: WeightedPodAffinityTerm): WeightedAffinityTerm {
  return { ...newAffinityTerm(pod, term.podAffinityTerm), weight: term.weight };
}

// Pods are immutable for the scheduler's purposes (a change arrives as a new object), so a
// PodInfo can be cached per object.
const cache = new WeakMap<Pod, PodInfo>();

/** The PodInfo for a pod object, parsed on first use. */
export function podInfoOf(pod: Pod): PodInfo {
  let info = cache.get(pod);
  if (!info) {
    info = new PodInfo(pod);
    cache.set(pod, info);
  }
  return info;
}
