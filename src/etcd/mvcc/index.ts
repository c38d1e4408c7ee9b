// etcd's MVCC store: revisions, ranges, transactions, watch, compaction, space, leases.
//
// `MvccStore` is the state machine: `apply(command)` for every change, reads and watches on
// the side. `AutoCompactor` and `LeaseRevoker` are the two clock-driven loops around it.
// `snapshot`/`restore` move the whole state as one string.
export { MvccStore, DEFAULT_STORE_CONFIG, unwrap, type StoreConfig, type StoreStatus } from "./mvcc-store";
export type {
  KeyValue, ResponseHeader, RangeRequest, RangeResponse, PutRequest, PutResponse, DeleteRangeRequest,
  DeleteRangeResponse, Compare, CompareResult, RequestOp, ResponseOp, TxnRequest, TxnResponse,
  CompactionRequest, CompactionResponse, LeaseGrantRequest, LeaseGrantResponse, LeaseRevokeResponse,
  LeaseKeepAliveResponse, LeaseTimeToLiveResponse, AlarmType, AlarmRequest, AlarmResponse, StoreCommand,
  StoreResult, ResponseByType, SortOrder, SortTarget,
} from "./types";
export type { Watcher, WatchRequest, WatchResponse, Event, EventType, WatchFilter } from "./watchable-store";
export {
  MvccError, CompactedError, FutureRevisionError, NoSpaceError, RequestTooLargeError, LeaseNotFoundError,
  LeaseExistsError, LeaseTtlTooLargeError, KeyNotFoundError, EmptyKeyError, TooManyOpsError, DuplicateKeyError,
  InvalidCommandError, type GrpcCode,
} from "./errors";
export { getPrefix, utf8Length } from "./range-end";
export { AutoCompactor, parseRetention, REVISION_MODE_INTERVAL_MS, type AutoCompactionMode, type AutoCompactorOptions, type CompactionAttempt } from "./auto-compactor";
export { LeaseRevoker, type LeaseRevokerOptions } from "./lease-revoker";
export { snapshot, restore, snapshotStatus, SnapshotFormatError, type SnapshotData } from "./snapshot";
export { crc32c } from "./hash";
export { DEFAULT_QUOTA_BYTES, MAX_QUOTA_BYTES, cost } from "./quota";
export { DEFAULT_MAX_REQUEST_BYTES, DEFAULT_MAX_TXN_OPS, requestBytes } from "./validation";
export { DEFAULT_MIN_LEASE_TTL, MAX_LEASE_TTL } from "./lessor";
export { PAGE_SIZE, EMPTY_DB_BYTES } from "./backend";
export { KeyIndex } from "./key-index";
