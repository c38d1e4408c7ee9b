// The etcd server on the simulation: Raft nodes driven on virtual time (RaftNode, RaftCluster),
// and etcd members serving the MVCC store through them (EtcdMember, EtcdCluster, EtcdClient),
// with snapshots, Prometheus metrics and alert rules. Start at etcd-cluster.ts.
export { RaftNode, type RaftNodeOptions, type StateMachine } from "./raft-node";
export { WalStorage, type LoadedState } from "./wal";
export { RaftTransport, address, describeWire, type RaftWire, type RaftTransportOptions } from "./transport";
export { RaftCluster, ListMachine, type RaftClusterOptions, type Member as RaftClusterMember } from "./raft-cluster";

export { EtcdCluster, describeEtcdWire, type EtcdClusterOptions } from "./etcd-cluster";
export { EtcdMember, type EtcdMemberOptions } from "./member";
export { EtcdClient, Call, type CallStatus, type CallOptions, type Attempt, type EtcdClientOptions } from "./client";
export {
  isRead, isTxnReadonly, describeRequest, type ClientRequest, type ClientResult, type ClientResponseByType,
  type EndpointStatus, type HashKVResponse, type ServedBy, type EtcdWire, type RaftRequest,
} from "./requests";
export {
  EtcdServerError, NoLeaderError, RequestTimeoutError, TimeoutDueToLeaderFailError, LeaderChangedError,
  ServerStoppedError, TooManyRequestsError, ProposalDroppedError, ConnectionRefusedError, NoResponseError,
  DeadlineExceededError, type ServerCode,
} from "./errors";
export { ApplyLayer, MemberWatch } from "./apply";
export { Wait } from "./wait";
export { ReadLoop, READ_INDEX_RETRY_MS, type ReadLoopOptions } from "./read-loop";
export { MAX_GAP_BETWEEN_APPLY_AND_COMMIT_INDEX, endpointStatus } from "./serve";
export { formatSnapshotStatus, prepareRestore, statusOf, type SavedSnapshot, type SnapshotFileStatus, type RestoreOptions } from "./snapshot-file";
export { formatTable, humanizeBytes, formatEndpointStatus } from "./etcdctl-printer";
export { METRIC, collectMetrics, memberMetrics } from "./metrics";
export {
  formatExposition, parseExposition, formatGoFloat, histogramFamily, scalar, ExpositionError, type MetricFamily,
  type MetricType, type Sample,
} from "./exposition";
export { Histogram, bucketQuantile, exponentialBuckets, WAL_FSYNC_BUCKETS, type Bucket } from "./histogram";
export { MetricsRecorder, seriesKey, LOOKBACK_MS, type Point, type MetricsRecorderOptions } from "./metrics-recorder";
export { promql, evaluate as evaluateAlertExpr, extrapolatedRate, compare, duration, type AlertExpr, type Comparison } from "./promql";
export {
  AlertEvaluator, upstreamEtcdAlerts, courseEtcdAlerts, slowFsyncAlert, describeRules, type AlertRule, type AlertState,
  type AlertStateName, type AlertTransition,
} from "./alerts";
