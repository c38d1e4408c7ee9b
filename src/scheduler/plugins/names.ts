// The in-tree plugin names, as they appear in KubeSchedulerConfiguration and in messages.
// Reference: pkg/scheduler/framework/plugins/names/names.go.
export const names = {
  PrioritySort: "PrioritySort",
  SchedulingGates: "SchedulingGates",
  NodeUnschedulable: "NodeUnschedulable",
  NodeName: "NodeName",
  TaintToleration: "TaintToleration",
  NodeAffinity: "NodeAffinity",
  NodePorts: "NodePorts",
  NodeResourcesFit: "NodeResourcesFit",
  NodeResourcesBalancedAllocation: "NodeResourcesBalancedAllocation",
  ImageLocality: "ImageLocality",
  InterPodAffinity: "InterPodAffinity",
  PodTopologySpread: "PodTopologySpread",
  DefaultPreemption: "DefaultPreemption",
  DefaultBinder: "DefaultBinder",
} as const;
