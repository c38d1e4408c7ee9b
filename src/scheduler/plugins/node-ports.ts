// NodePorts: a pod asking for a hostPort needs that port (protocol, address) free on the node.
//
// Reference: pkg/scheduler/framework/plugins/nodeports/node_ports.go.
import type { Pod } from "kubernetes-types/core/v1";
import type { CycleState, StateData } from "../framework/cycle-state";
import { ActionType, type ClusterEventWithHint, type EnqueueExtensions, type FilterPlugin, type PreFilterPlugin } from "../framework/interface";
import type { NodeInfo } from "../framework/node-info";
import { type HostPort, podInfoOf } from "../framework/pod-info";
import { asStatus, Code, newStatus, type Status } from "../framework/status";
import { names } from "./names";

export const ErrReasonNodePorts = "node(s) didn't have free ports for the requested pod ports";
const preFilterStateKey = "PreFilter" + names.NodePorts;

class PreFilterState implements StateData {
  constructor(readonly ports: readonly HostPort[]) {}
  clone(): StateData {
    return this;
  }
}

export class NodePorts implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {
  readonly name = names.NodePorts;

  preFilter(state: CycleState, pod: Pod): Status | null {
    const ports = podInfoOf(pod).hostPorts;
    if (ports.length === 0) return newStatus(Code.Skip);
    state.write(preFilterStateKey, new PreFilterState(ports));
    return null;
  }

  filter(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): Status | null {
    let s: PreFilterState;
    try {
      s = state.read<PreFilterState>(preFilterStateKey);
    } catch (err: unknown) {
      return asStatus(err);
    }
    for (const p of s.ports) {
      if (nodeInfo.portConflicts(p)) return newStatus(Code.Unschedulable, ErrReasonNodePorts);
    }
    return null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      { event: { resource: "AssignedPod", actionType: ActionType.Delete } },
      { event: { resource: "Node", actionType: ActionType.Add } },
    ];
  }
}

export const newNodePorts = (): NodePorts => new NodePorts();
