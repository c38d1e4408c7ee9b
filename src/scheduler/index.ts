// control-plane/scheduler: kube-scheduler's scheduling framework, its default plugins with
// upstream's formulas and messages, the scheduling queue, preemption, and an in-memory driver.
//
// framework/    Status and codes, CycleState, the extension-point interfaces, NodeInfo and the
//               snapshot, the framework runtime that runs a profile's plugins, the registry
// plugins/      one plugin per file (or folder): PrioritySort, SchedulingGates, NodeUnschedulable,
//               NodeName, TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit (+ Least/
//               Most/RequestedToCapacityRatio), NodeResourcesBalancedAllocation, ImageLocality,
//               InterPodAffinity, PodTopologySpread, DefaultPreemption, DefaultBinder
// queue/        activeQ, backoffQ, unschedulablePods, the nominator
// schedule-one  numFeasibleNodesToFind, filtering, scoring, selectHost
// scheduler     scheduleOne: the scheduling and binding cycles, failures and the PodScheduled condition
// fit-error     "0/5 nodes are available: ..."
// driver/       the in-memory cluster (notebooks, benchmark, playground), the API-server driver
//               (informers, pods/binding, status patches, events) and priority admission
// testing/      pod and node builders shaped like upstream's st.MakePod()
//
// What this module does not do: volume plugins (VolumeBinding, VolumeZone, NodeVolumeLimits,
// VolumeRestrictions), DynamicResources, scheduler extenders, leader election, parallelism (one
// cycle at a time, nodes checked in order).

export { Code, codeName, Status, newStatus, asStatus, isSuccess } from "./framework/status";
export { CycleState, type StateData } from "./framework/cycle-state";
export * from "./framework/interface";
export { NodeInfo } from "./framework/node-info";
export { PodInfo, podInfoOf, podKey, podPriority, type AffinityTerm } from "./framework/pod-info";
export { Resource, DefaultMilliCPURequest, DefaultMemoryRequest, podRequests } from "./framework/resource";
export { Snapshot, type NodeInfoLister, LabelHostname, LabelTopologyZone, LabelTopologyRegion } from "./framework/snapshot";
export { Framework, resolvePlugins, type FilterVerdict, type PluginScore, type NodePluginScores } from "./framework/framework";
export { inTreeRegistry, type PluginFactory, type Registry } from "./framework/registry";
export * from "./config/config";
export { names } from "./plugins/names";
export { FitError, fitErrorMessage } from "./fit-error";
export { numFeasibleNodesToFind, selectHost, minFeasibleNodesToFind, minFeasibleNodesPercentageToFind } from "./schedule-one";
export { Scheduler, type ScheduleResult, type ScheduleDiagnosis, type NodeDiagnosis, type SchedulerCluster } from "./scheduler";
export { SchedulingQueue, podMaxInUnschedulablePodsDuration } from "./queue/scheduling-queue";
export { Nominator } from "./queue/nominator";
export { InMemoryCluster, type InMemoryClusterOptions } from "./driver/in-memory";
export { ApiServerCluster, KubeSchedulerUser, type ApiServerClusterOptions, type BindingRecord } from "./driver/api-server";
export { admitPriority, systemPriorityClasses } from "./driver/priority";
export { makePod, makeNode, matchLabels, exists, PodWrapper, NodeWrapper } from "./testing/wrappers";
