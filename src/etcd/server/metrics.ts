// What an etcd member reports on /metrics, computed from the simulation.
//
// The names, types and help texts are etcd's (server/etcdserver/metrics.go,
// server/storage/wal/metrics.go, server/storage/mvcc/metrics.go). These are the ones etcd's
// operations guide says to watch (etcd.io/docs/v3.6/op-guide/monitoring/) and the upstream
// alerts read (alerts.ts):
//
//   etcd_disk_wal_fsync_duration_seconds   histogram  every WAL fsync since this process started,
//                                                     from the simulated disk's fsync latencies
//   etcd_server_has_leader                 gauge      1 when this member knows a leader
//   etcd_server_is_leader                  gauge      1 on the leader
//   etcd_server_leader_changes_seen_total  counter    leaders this member has seen come to power
//   etcd_server_proposals_committed_total  gauge      Raft commit index (a gauge despite its name:
//   etcd_server_proposals_applied_total    gauge      applied index     etcd sets them from indexes)
//   etcd_server_proposals_pending          gauge      proposals of this member waiting for commit
//   etcd_server_proposals_failed_total     counter    proposals dropped or timed out
//   etcd_server_quota_backend_bytes        gauge      --quota-backend-bytes
//   etcd_mvcc_db_total_size_in_bytes       gauge      backend file size (what the quota counts)
//   etcd_mvcc_db_total_size_in_use_in_bytes gauge     bytes in use (the rest is freed by defrag)
//
// Counters start from zero when a member restarts, as a real process's do; alert rules use
// increase()/rate(), which account for that.
import { DEFAULT_QUOTA_BYTES } from "../mvcc/quota";
import { Histogram, WAL_FSYNC_BUCKETS } from "./histogram";
import { formatExposition, histogramFamily, scalar, type MetricFamily } from "./exposition";
import type { EtcdMember } from "./member";

/** Metric names, for rules and tests. */
export const METRIC = {
  walFsyncDuration: "etcd_disk_wal_fsync_duration_seconds",
  hasLeader: "etcd_server_has_leader",
  isLeader: "etcd_server_is_leader",
  leaderChanges: "etcd_server_leader_changes_seen_total",
  proposalsCommitted: "etcd_server_proposals_committed_total",
  proposalsApplied: "etcd_server_proposals_applied_total",
  proposalsPending: "etcd_server_proposals_pending",
  proposalsFailed: "etcd_server_proposals_failed_total",
  quotaBackendBytes: "etcd_server_quota_backend_bytes",
  dbTotalSize: "etcd_mvcc_db_total_size_in_bytes",
  dbTotalSizeInUse: "etcd_mvcc_db_total_size_in_use_in_bytes",
  slowReadIndexes: "etcd_server_slow_read_indexes_total",
  readIndexesFailed: "etcd_server_read_indexes_failed_total",
} as const;

//> etcd-member-metrics
export function collectMetrics(m: EtcdMember): MetricFamily[] {
  const fsync = new Histogram(WAL_FSYNC_BUCKETS);
  for (const ms of m.disk.fsyncDurations.slice(m.fsyncsAtBoot)) fsync.observe(ms / 1000);
  const status = m.store.status();
  const quota = m.store.config.quotaBackendBytes;
  return [
    histogramFamily(METRIC.walFsyncDuration, "The latency distributions of fsync called by WAL.", fsync),
    scalar(METRIC.hasLeader, "gauge", "Whether or not a leader exists. 1 is existence, 0 is not.", m.leader !== 0 ? 1 : 0),
    scalar(METRIC.isLeader, "gauge", "Whether or not this member is a leader. 1 if is, 0 otherwise.", m.isLeader ? 1 : 0),
    scalar(METRIC.leaderChanges, "counter", "The number of leader changes seen.", m.node.stats.leaderChanges),
    scalar(METRIC.proposalsCommitted, "gauge", "The total number of consensus proposals committed.", m.node.committed),
    scalar(METRIC.proposalsApplied, "gauge", "The total number of consensus proposals applied.", m.applier.applied),
    scalar(METRIC.proposalsPending, "gauge", "The current number of pending proposals to commit.", m.stats.proposalsPending),
    scalar(METRIC.proposalsFailed, "counter", "The total number of failed proposals seen.", m.stats.proposalsFailed),
    scalar(METRIC.quotaBackendBytes, "gauge", "Current backend storage quota size in bytes.", quota === 0 ? DEFAULT_QUOTA_BYTES : quota),
    scalar(METRIC.dbTotalSize, "gauge", "Total size of the underlying database physically allocated in bytes.", status.dbSize),
    scalar(METRIC.dbTotalSizeInUse, "gauge", "Total size of the underlying database logically in use in bytes.", status.dbSizeInUse),
    scalar(METRIC.slowReadIndexes, "counter", "The total number of pending read indexes not in sync with leader's or timed out read index requests.", m.readLoop.stats.slowReadIndexes),
    scalar(METRIC.readIndexesFailed, "counter", "The total number of failed read indexes seen.", m.readLoop.stats.readIndexesFailed),
  ];
}
//< etcd-member-metrics

/** The member's /metrics page. */
export function memberMetrics(m: EtcdMember): string {
  return formatExposition(collectMetrics(m));
}
