// Pod priority, as the Priority admission plugin fills it in before the scheduler sees a pod:
// spec.priorityClassName → spec.priority and spec.preemptionPolicy; no class named → the
// globalDefault class (the lowest, if several claim it), else 0.
//
// Reference: plugin/pkg/admission/priority/admission.go, pkg/apis/scheduling/types.go.
import type { Pod } from "kubernetes-types/core/v1";
import type { PriorityClass } from "kubernetes-types/scheduling/v1";

export const SystemClusterCritical = "system-cluster-critical";
export const SystemNodeCritical = "system-node-critical";

/** The two classes every cluster has. */
export const systemPriorityClasses: PriorityClass[] = [
  { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: SystemClusterCritical }, value: 2000000000 },
  { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: SystemNodeCritical }, value: 2000001000 },
];

export class PriorityAdmissionError extends Error {
  override readonly name = "PriorityAdmissionError";
}

//> admit-priority
/** Fills in spec.priority and spec.preemptionPolicy in place. Throws if the class does not exist. */
export function admitPriority(pod: Pod, classes: readonly PriorityClass[]): void {
  const spec = (pod.spec ??= { containers: [] });
  const name = spec.priorityClassName;
  let pc: PriorityClass | undefined;
  if (name) {
    pc = classes.find((c) => c.metadata?.name === name);
    if (!pc) throw new PriorityAdmissionError(`pods "${pod.metadata?.name}" is forbidden: no PriorityClass with name ${name} was found`);
  } else {
    if (spec.priority !== undefined) return; // set explicitly (tests, static pods)
    for (const c of classes) if (c.globalDefault && (pc === undefined || c.value < pc.value)) pc = c;
  }
  spec.priority = pc?.value ?? 0;
  spec.preemptionPolicy = spec.preemptionPolicy ?? pc?.preemptionPolicy ?? "PreemptLowerPriority";
}
//< admit-priority
