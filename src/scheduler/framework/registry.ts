// The registry: plugin name → factory. The in-tree plugins are registered here; a learner's
// plugin joins by adding an entry, then enabling it in the profile, exactly as an out-of-tree
// plugin is compiled into a custom kube-scheduler (app.WithPlugin).
//
//   const registry = { ...inTreeRegistry(), MyPlugin: (args, handle) => new MyPlugin(handle) };
//   newScheduler({ registry, config: { profiles: [{ schedulerName: "default-scheduler",
//     plugins: { multiPoint: { enabled: [{ name: "MyPlugin", weight: 2 }] } } }] } });
//
// Reference: pkg/scheduler/framework/plugins/registry.go, pkg/scheduler/framework/runtime/registry.go.
import { newImageLocality } from "../plugins/image-locality";
import { newInterPodAffinity } from "../plugins/interpodaffinity/plugin";
import { newDefaultBinder } from "../plugins/default-binder";
import { newDefaultPreemption } from "../plugins/default-preemption";
import { newNodeAffinity } from "../plugins/node-affinity";
import { newNodeName } from "../plugins/node-name";
import { newNodePorts } from "../plugins/node-ports";
import { newNodeUnschedulable } from "../plugins/node-unschedulable";
import { newBalancedAllocation } from "../plugins/noderesources/balanced-allocation";
import { newFit } from "../plugins/noderesources/fit";
import { newPodTopologySpread } from "../plugins/podtopologyspread/plugin";
import { newPrioritySort } from "../plugins/priority-sort";
import { newSchedulingGates } from "../plugins/scheduling-gates";
import { newTaintToleration } from "../plugins/taint-toleration";
import type { Handle, Plugin } from "./interface";

/** Builds a plugin from its `pluginConfig` args (undefined when none) and the framework handle. */
export type PluginFactory = (args: unknown, handle: Handle) => Plugin;

export type Registry = Record<string, PluginFactory>;

export function inTreeRegistry(): Registry {
  return {
    PrioritySort: newPrioritySort,
    SchedulingGates: newSchedulingGates,
    NodeUnschedulable: newNodeUnschedulable,
    NodeName: newNodeName,
    TaintToleration: newTaintToleration,
    NodeAffinity: newNodeAffinity,
    NodePorts: newNodePorts,
    NodeResourcesFit: newFit,
    NodeResourcesBalancedAllocation: newBalancedAllocation,
    ImageLocality: newImageLocality,
    InterPodAffinity: newInterPodAffinity,
    PodTopologySpread: newPodTopologySpread,
    DefaultPreemption: newDefaultPreemption,
    DefaultBinder: newDefaultBinder,
  };
}
