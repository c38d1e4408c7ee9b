// SchedulingGates: a pod with `spec.schedulingGates` waits outside the active queue until every
// gate is removed (by whatever controller owns the gate).
//
// Reference: pkg/scheduler/framework/plugins/schedulinggates/scheduling_gates.go.
import type { Pod } from "kubernetes-types/core/v1";
import { ActionType, type ClusterEventWithHint, type EnqueueExtensions, type PreEnqueuePlugin, QueueingHint } from "../framework/interface";
import { Code, newStatus, type Status } from "../framework/status";
import { names } from "./names";

export class SchedulingGates implements PreEnqueuePlugin, EnqueueExtensions {
  readonly name = names.SchedulingGates;

  preEnqueue(pod: Pod): Status | null {
    const gates = pod.spec?.schedulingGates ?? [];
    if (gates.length === 0) return null;
    return newStatus(Code.UnschedulableAndUnresolvable, `waiting for scheduling gates: [${gates.map((g) => g.name).join(" ")}]`);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: "Pod", actionType: ActionType.UpdatePodSchedulingGatesEliminated },
        queueingHintFn: (pod, _old, newObj) =>
          (newObj as Pod | undefined)?.metadata?.uid === pod.metadata?.uid ? QueueingHint.Queue : QueueingHint.QueueSkip,
      },
    ];
  }
}

export const newSchedulingGates = (): SchedulingGates => new SchedulingGates();
