// PodTopologySpread: constraints, as the plugin uses them.
//
// Reference: pkg/scheduler/framework/plugins/podtopologyspread/common.go, plugin.go.
import type { Node, Pod, TopologySpreadConstraint } from "kubernetes-types/core/v1";
import { labelSelectorAsSelector, type LabelsSelector, newRequirement, selectorFromSet } from "../../../api";
import type { WorkloadSelectors } from "../../framework/interface";
import type { PodInfo } from "../../framework/pod-info";
import { LabelHostname, LabelTopologyZone } from "../../framework/snapshot";
import type { RequiredNodeAffinity } from "../helper/node-selector";
import { doNotScheduleTaints, findMatchingUntoleratedTaint } from "../helper/taints";

export interface Constraint {
  maxSkew: number;
  topologyKey: string;
  selector: LabelsSelector;
  /** Fewer eligible domains than this count as a global minimum of 0. Default 1. */
  minDomains: number;
  /** Honor (default): only nodes matching the pod's node affinity/selector count. */
  nodeAffinityPolicy: "Honor" | "Ignore";
  /** Ignore (default): tainted nodes count too. */
  nodeTaintsPolicy: "Honor" | "Ignore";
}

//> system-default-constraints
/**
 * Applied to pods that declare no constraints, when a Service, ReplicaSet or StatefulSet
 * selects them (defaultingType: System). Both are soft (ScheduleAnyway): they only score.
 */
export const systemDefaultConstraints: TopologySpreadConstraint[] = [
  { topologyKey: LabelHostname, whenUnsatisfiable: "ScheduleAnyway", maxSkew: 3 },
  { topologyKey: LabelTopologyZone, whenUnsatisfiable: "ScheduleAnyway", maxSkew: 5 },
];
//< system-default-constraints

/** filterTopologySpreadConstraints: the constraints with `whenUnsatisfiable === action`. */
export function filterConstraints(
  constraints: readonly TopologySpreadConstraint[],
  podLabels: Readonly<Record<string, string>>,
  action: "DoNotSchedule" | "ScheduleAnyway",
): Constraint[] {
  const out: Constraint[] = [];
  for (const c of constraints) {
    if (c.whenUnsatisfiable !== action) continue;
    let selector = labelSelectorAsSelector(c.labelSelector);
    // matchLabelKeys: spread only among pods with the same values for these labels (e.g. the
    // same pod-template-hash, so a rolling update spreads the new ReplicaSet on its own).
    const extra = (c.matchLabelKeys ?? []).filter((k) => podLabels[k] !== undefined);
    if (extra.length > 0) selector = selector.add(...extra.map((k) => newRequirement(k, "=", [podLabels[k]!])));
    out.push({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selector,
      minDomains: c.minDomains ?? 1,
      nodeAffinityPolicy: (c.nodeAffinityPolicy as "Honor" | "Ignore" | undefined) ?? "Honor",
      nodeTaintsPolicy: (c.nodeTaintsPolicy as "Honor" | "Ignore" | undefined) ?? "Ignore",
    });
  }
  return out;
}

/** helper.DefaultSelector: the union of the selectors of the workloads that own or select the pod. */
export function defaultSelector(w: WorkloadSelectors): LabelsSelector {
  const merged: Record<string, string> = {};
  for (const s of w.services) Object.assign(merged, s);
  let selector = selectorFromSet(merged);
  for (const c of w.controllers) {
    try {
      selector = selector.add(...labelSelectorAsSelector(c).requirements);
    } catch {
      // an invalid selector adds nothing, as upstream ignores the error
    }
  }
  return selector;
}

/** buildDefaultConstraints: the system defaults, with the workload's selector. */
export function buildDefaultConstraints(
  defaults: readonly TopologySpreadConstraint[],
  pod: Pod,
  action: "DoNotSchedule" | "ScheduleAnyway",
  workloads: () => WorkloadSelectors,
): Constraint[] {
  const constraints = filterConstraints(defaults, pod.metadata?.labels ?? {}, action);
  if (constraints.length === 0) return [];
  const selector = defaultSelector(workloads());
  if (selector.isEmpty()) return [];
  return constraints.map((c) => ({ ...c, selector }));
}

export function nodeLabelsMatchSpreadConstraints(labels: Readonly<Record<string, string>>, constraints: readonly Constraint[]): boolean {
  for (const c of constraints) if (labels[c.topologyKey] === undefined) return false;
  return true;
}

export function matchNodeInclusionPolicies(c: Constraint, pod: Pod, node: Node, required: RequiredNodeAffinity): boolean {
  if (c.nodeAffinityPolicy === "Honor" && !required.match(node)) return false;
  if (c.nodeTaintsPolicy === "Honor" && findMatchingUntoleratedTaint(node.spec?.taints, pod.spec?.tolerations, doNotScheduleTaints)) return false;
  return true;
}

/** Pods in `namespace` matching the selector, terminating pods excluded (kubernetes#87621). */
export function countPodsMatchSelector(pods: readonly PodInfo[], selector: LabelsSelector, namespace: string): number {
  if (selector.isEmpty()) return 0;
  let count = 0;
  for (const p of pods) {
    if (p.pod.metadata?.deletionTimestamp || p.namespace !== namespace) continue;
    if (selector.matches(p.pod.metadata?.labels ?? {})) count++;
  }
  return count;
}
