// NodeUnschedulable: a cordoned node (`spec.unschedulable: true`, what `kubectl cordon` sets)
// takes no new pods, unless the pod tolerates the node.kubernetes.io/unschedulable taint.
//
// Reference: pkg/scheduler/framework/plugins/nodeunschedulable/node_unschedulable.go.
import type { Node, Pod } from "kubernetes-types/core/v1";
import type { CycleState } from "../framework/cycle-state";
import { ActionType, type ClusterEventWithHint, type EnqueueExtensions, type FilterPlugin, QueueingHint } from "../framework/interface";
import type { NodeInfo } from "../framework/node-info";
import { Code, newStatus, type Status } from "../framework/status";
import { tolerationsTolerateTaint } from "./helper/taints";
import { names } from "./names";

export const ErrReasonUnschedulable = "node(s) were unschedulable";
export const TaintNodeUnschedulable = "node.kubernetes.io/unschedulable";

export class NodeUnschedulable implements FilterPlugin, EnqueueExtensions {
  readonly name = names.NodeUnschedulable;

  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | null {
    if (!nodeInfo.node.spec?.unschedulable) return null;
    // A pod that tolerates the unschedulable taint also tolerates spec.unschedulable.
    if (tolerationsTolerateTaint(pod.spec?.tolerations, { key: TaintNodeUnschedulable, effect: "NoSchedule" })) return null;
    return newStatus(Code.UnschedulableAndUnresolvable, ErrReasonUnschedulable);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: "Node", actionType: ActionType.Add | ActionType.UpdateNodeTaint },
        queueingHintFn: (_pod, _old, newObj) => ((newObj as Node).spec?.unschedulable ? QueueingHint.QueueSkip : QueueingHint.Queue),
      },
    ];
  }
}

export const newNodeUnschedulable = (): NodeUnschedulable => new NodeUnschedulable();
