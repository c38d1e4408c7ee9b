// The errors a client of the store can meet, with etcd's exact messages.
//
// etcd has two spellings of most errors. Inside the server, the mvcc package says
// `mvcc: required revision has been compacted` (server/storage/mvcc/kvstore.go, `ErrCompacted`).
// At the gRPC boundary, api/v3rpc/rpctypes/error.go maps it to a status whose message is
// `etcdserver: mvcc: required revision has been compacted`, and that is the string a client
// (etcdctl, client-go, the kube-apiserver's logs) prints. The store in this course is what a
// client talks to, so every error's `message` is the client-facing rpctypes string; where the
// server has its own spelling it is kept in `serverMessage`, so the chapter can show both.
//
// Each class also carries the gRPC status code rpctypes attaches (`OutOfRange` for a compacted
// revision, `ResourceExhausted` for NOSPACE, ...), because the code is what a client's retry
// logic looks at.

/** gRPC status code names, as in google.golang.org/grpc/codes. */
export type GrpcCode =
  | "InvalidArgument"
  | "NotFound"
  | "FailedPrecondition"
  | "OutOfRange"
  | "ResourceExhausted";

/** Base class: `instanceof MvccError` catches everything this module throws on purpose. */
export abstract class MvccError extends Error {
  abstract readonly code: GrpcCode;
  /** The server-side spelling (without the "etcdserver: " prefix) where etcd has one. */
  readonly serverMessage: string;

  protected constructor(message: string, serverMessage?: string) {
    super(message);
    this.name = new.target.name;
    this.serverMessage = serverMessage ?? message;
  }
}

//> mvcc-compacted-error
/**
 * A read or watch asked for a revision older than the last compaction: that history is gone.
 * rpctypes `ErrGRPCCompacted`; server side `mvcc.ErrCompacted`.
 */
export class CompactedError extends MvccError {
  readonly code = "OutOfRange";
  constructor(readonly compactRevision: number) {
    super("etcdserver: mvcc: required revision has been compacted", "mvcc: required revision has been compacted");
  }
}
//< mvcc-compacted-error

/** A read or compaction named a revision the store has not reached. rpctypes `ErrGRPCFutureRev`. */
export class FutureRevisionError extends MvccError {
  readonly code = "OutOfRange";
  constructor(readonly currentRevision: number) {
    super("etcdserver: mvcc: required revision is a future revision", "mvcc: required revision is a future revision");
  }
}

/**
 * The backend would grow past its quota, or the NOSPACE alarm is raised. rpctypes
 * `ErrGRPCNoSpace`; inside the server it is `errors.ErrNoSpace` = "etcdserver: no space"
 * (server/etcdserver/errors/errors.go), which the gRPC layer translates.
 */
export class NoSpaceError extends MvccError {
  readonly code = "ResourceExhausted";
  constructor() {
    super("etcdserver: mvcc: database space exceeded", "etcdserver: no space");
  }
}

/** The encoded request is larger than --max-request-bytes. rpctypes `ErrGRPCRequestTooLarge`. */
export class RequestTooLargeError extends MvccError {
  readonly code = "InvalidArgument";
  constructor(readonly requestBytes: number, readonly maxRequestBytes: number) {
    super("etcdserver: request is too large");
  }
}

/** rpctypes `ErrGRPCLeaseNotFound`; server side `lease.ErrLeaseNotFound` = "lease not found". */
export class LeaseNotFoundError extends MvccError {
  readonly code = "NotFound";
  constructor(readonly leaseId: number) {
    super("etcdserver: requested lease not found", "lease not found");
  }
}

/** A grant named an ID that is in use. rpctypes `ErrGRPCLeaseExist`; server "lease already exists". */
export class LeaseExistsError extends MvccError {
  readonly code = "FailedPrecondition";
  constructor(readonly leaseId: number) {
    super("etcdserver: lease already exists", "lease already exists");
  }
}

/** TTL above lease.MaxLeaseTTL (9,000,000,000 s). rpctypes `ErrGRPCLeaseTTLTooLarge`. */
export class LeaseTtlTooLargeError extends MvccError {
  readonly code = "OutOfRange";
  constructor(readonly ttl: number) {
    super("etcdserver: too large lease TTL", "too large lease TTL");
  }
}

/** A put with ignore_value or ignore_lease on a key that does not exist. rpctypes `ErrGRPCKeyNotFound`. */
export class KeyNotFoundError extends MvccError {
  readonly code = "InvalidArgument";
  constructor(readonly key: string) {
    super("etcdserver: key not found");
  }
}

/** An empty key. rpctypes `ErrGRPCEmptyKey`. */
export class EmptyKeyError extends MvccError {
  readonly code = "InvalidArgument";
  constructor() {
    super("etcdserver: key is not provided");
  }
}

/** A txn branch with more operations than --max-txn-ops (128). rpctypes `ErrGRPCTooManyOps`. */
export class TooManyOpsError extends MvccError {
  readonly code = "InvalidArgument";
  constructor(readonly ops: number, readonly maxTxnOps: number) {
    super("etcdserver: too many operations in txn request");
  }
}

/** Two writes to one key in one txn branch. rpctypes `ErrGRPCDuplicateKey`. */
export class DuplicateKeyError extends MvccError {
  readonly code = "InvalidArgument";
  constructor(readonly key: string) {
    super("etcdserver: duplicate key given in txn request");
  }
}

/**
 * A command this store cannot interpret (unknown type, a revision that is not an integer...).
 * Not an etcd error: gRPC would have refused to decode such a request. It names what was wrong.
 */
export class InvalidCommandError extends MvccError {
  readonly code = "InvalidArgument";
  constructor(detail: string) {
    super(`mvcc: invalid command: ${detail}`);
  }
}
