// NodeName: a pod that names its node (`spec.nodeName` set by its author, bypassing scheduling
// choices) only fits that node.
//
// Reference: pkg/scheduler/framework/plugins/nodename/node_name.go.
import type { Pod } from "kubernetes-types/core/v1";
import type { CycleState } from "../framework/cycle-state";
import { ActionType, type ClusterEventWithHint, type EnqueueExtensions, type FilterPlugin } from "../framework/interface";
import type { NodeInfo } from "../framework/node-info";
import { Code, newStatus, type Status } from "../framework/status";
import { names } from "./names";

export const ErrReasonNodeName = "node(s) didn't match the requested node name";

export class NodeName implements FilterPlugin, EnqueueExtensions {
  readonly name = names.NodeName;

  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | null {
    const wanted = pod.spec?.nodeName;
    if (!wanted || wanted === nodeInfo.name) return null;
    return newStatus(Code.UnschedulableAndUnresolvable, ErrReasonNodeName);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [{ event: { resource: "Node", actionType: ActionType.Add } }];
  }
}

export const newNodeName = (): NodeName => new NodeName();
