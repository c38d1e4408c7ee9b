// Priority: a pod's importance, as a number the scheduler can compare. On pod CREATE the plugin
// looks up `spec.priorityClassName` and writes the class's value into `spec.priority` (and its
// `preemptionPolicy`); the client does not set the number itself.
//
//   priorityClassName: high      → spec.priority = the "high" class's value
//   no priorityClassName         → the globalDefault class (its name is filled in too), else 0
//   priorityClassName: nope      → 403 pods "web" is forbidden: no PriorityClass with name nope was found
//   spec.priority: 7, class → 5  → 403 ... the integer value of priority (7) must not be provided ...
//
// On PriorityClass CREATE and UPDATE it refuses a second globalDefault class. On pod UPDATE it
// keeps the stored priority when the new object leaves it out (the plugin set it on create).
//
// Reference: plugin/pkg/admission/priority/admission.go (Admit, admitPod, validatePriorityClass,
// getDefaultPriorityClass), pkg/apis/scheduling/types.go (system classes and limits).
//
// Why not src/scheduler/driver/priority.ts's admitPriority: src/apiserver must not import the
// scheduler, and the rules differ. The scheduler's copy is lenient on purpose (it accepts a
// spec.priority set without a class, for its in-memory tests and static pods, and lets the pod's
// own preemptionPolicy win); this one refuses both, as the API server does. The two system
// classes are duplicated rather than shared: they are constants of the API, four lines each.

import type { Pod } from "kubernetes-types/core/v1";
import type { PriorityClass } from "kubernetes-types/scheduling/v1";
import type { AdmissionAttributes } from "../types";
import { admissionForbidden } from "./errors";
import { handlesOperations, type AdmissionPlugin } from "./plugin";

export const SystemClusterCritical = "system-cluster-critical";
export const SystemNodeCritical = "system-node-critical";
/** scheduling.SystemPriorityClassPrefix: names starting with it are reserved. */
export const SystemPriorityClassPrefix = "system-";
/** scheduling.HighestUserDefinablePriority: a user's class may not be worth more. */
export const HighestUserDefinablePriority = 1_000_000_000;
/** scheduling.SystemCriticalPriority. */
export const SystemCriticalPriority = 2 * HighestUserDefinablePriority;
/** scheduling.DefaultPriorityWhenNoDefaultClassExists. */
export const DefaultPriorityWhenNoDefaultClassExists = 0;

/** scheduling.SystemPriorityClasses(): what kube-apiserver creates at start (the scheduling post-start hook). */
export function systemPriorityClasses(): PriorityClass[] {
  const pc = (name: string, value: number, description: string): PriorityClass => ({
    apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name }, value, description, preemptionPolicy: "PreemptLowerPriority",
  });
  return [
    pc(SystemNodeCritical, SystemCriticalPriority + 1000, "Used for system critical pods that must not be moved from their current node."),
    pc(SystemClusterCritical, SystemCriticalPriority, "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary."),
  ];
}

/** The PriorityClass lister the plugin reads (an informer's cache upstream). */
export type ListPriorityClasses = () => readonly PriorityClass[];

/** getDefaultPriorityClass: the globalDefault class; with several (a race), the lowest value. */
export function getDefaultPriorityClass(classes: readonly PriorityClass[]): PriorityClass | undefined {
  let found: PriorityClass | undefined;
  for (const c of classes) if (c.globalDefault && (found === undefined || c.value < found.value)) found = c;
  return found;
}

const isResource = (a: AdmissionAttributes, group: string, resource: string) => a.resource.group === group && a.resource.resource === resource;

//> priority-admit-pod
/** admitPod on CREATE: resolve the class, refuse a number or policy that disagrees with it. */
function admitPodCreate(a: AdmissionAttributes, pod: Pod, list: ListPriorityClasses): void {
  const spec = (pod.spec ??= { containers: [] });
  let priority: number;
  let preemptionPolicy: string | undefined;
  if (!spec.priorityClassName) {
    const def = getDefaultPriorityClass(list());
    if (def !== undefined) spec.priorityClassName = def.metadata?.name ?? "";
    priority = def?.value ?? DefaultPriorityWhenNoDefaultClassExists;
    preemptionPolicy = def === undefined ? "PreemptLowerPriority" : def.preemptionPolicy;
  } else {
    const pc = list().find((c) => c.metadata?.name === spec.priorityClassName);
    if (pc === undefined) throw admissionForbidden(a, `no PriorityClass with name ${spec.priorityClassName} was found`);
    priority = pc.value;
    preemptionPolicy = pc.preemptionPolicy;
  }
  if (spec.priority !== undefined && spec.priority !== null && spec.priority !== priority) {
    throw admissionForbidden(a, `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`);
  }
  spec.priority = priority;
  if (preemptionPolicy !== undefined) {
    if (spec.preemptionPolicy && spec.preemptionPolicy !== preemptionPolicy) {
      throw admissionForbidden(a, `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${preemptionPolicy} from the given PriorityClass name`);
    }
    spec.preemptionPolicy = preemptionPolicy;
  }
}
//< priority-admit-pod

/** admitPod on UPDATE: the priority set on create survives an update that leaves it out. */
function admitPodUpdate(pod: Pod, old: Pod | undefined): void {
  const spec = pod.spec;
  if (spec === undefined || old?.spec === undefined) return;
  if (spec.priority === undefined && old.spec.priority !== undefined) spec.priority = old.spec.priority;
  if (spec.preemptionPolicy === undefined && old.spec.preemptionPolicy !== undefined) spec.preemptionPolicy = old.spec.preemptionPolicy;
}

export function priorityPlugin(listPriorityClasses: ListPriorityClasses): AdmissionPlugin {
  return {
    name: "Priority",
    handles: handlesOperations("CREATE", "UPDATE"),
    admit(a) {
      // Subresources (pods/status, pods/binding) are ignored.
      if (a.subresource !== "" || !isResource(a, "", "pods") || a.object === undefined) return;
      if (a.operation === "CREATE") admitPodCreate(a, a.object as unknown as Pod, listPriorityClasses);
      else admitPodUpdate(a.object as unknown as Pod, a.oldObject as unknown as Pod | undefined);
    },
    validate(a) {
      if (a.subresource !== "" || !isResource(a, "scheduling.k8s.io", "priorityclasses") || a.object === undefined) return;
      const pc = a.object as unknown as PriorityClass;
      if (!pc.globalDefault) return;
      // Only one default: a second one on create, or another class marked default on update.
      const def = getDefaultPriorityClass(listPriorityClasses());
      if (def !== undefined && (a.operation === "CREATE" || def.metadata?.name !== pc.metadata?.name)) {
        throw admissionForbidden(a, `PriorityClass ${def.metadata?.name ?? ""} is already marked as default. Only one default can exist`);
      }
    },
  };
}
