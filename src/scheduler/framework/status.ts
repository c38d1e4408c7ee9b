// Status: what every plugin returns, and what the framework does next because of it.
//
// A plugin never throws to say "this node will not do": it returns a Status whose *code* tells
// the framework how to carry on. Success is `null` (upstream returns a nil *Status), so the hot
// path of filtering thousands of nodes allocates nothing for the nodes that fit.
//
// Reference: k8s.io/kube-scheduler/framework/interface.go (Code, Status, NewStatus, AsStatus).

//> status-codes
/**
 * The status codes, with the meaning upstream documents for each. The numbers are upstream's.
 */
export const Code = {
  /** The plugin ran correctly and found the pod schedulable. `null` stands for this in results. */
  Success: 0,
  /** An internal error: the scheduling cycle stops and the pod is retried after a backoff. */
  Error: 1,
  /** The plugin finds the pod unschedulable here, but preemption (PostFilter) might change that. */
  Unschedulable: 2,
  /** Unschedulable, and preempting pods on this node would not help: PostFilter skips the node. */
  UnschedulableAndUnresolvable: 3,
  /** Permit only: the pod waits until another plugin allows or rejects it, or a timeout. */
  Wait: 4,
  /**
   * Bind: this binder does not handle the pod, the next one should. PreFilter/PreScore: the plugin
   * has nothing to do for this pod, so its Filter/Score are skipped for the whole cycle.
   */
  Skip: 5,
  /**
   * The pod cannot be scheduled right now because something it waits for (not a node's capacity)
   * is missing; it stays out of the active queue until an event changes that.
   */
  Pending: 6,
} as const;
//< status-codes

export type Code = (typeof Code)[keyof typeof Code];

const codeNames = ["Success", "Error", "Unschedulable", "UnschedulableAndUnresolvable", "Wait", "Skip", "Pending"];

/** The name of a code, as upstream's Code.String() prints it. */
export function codeName(code: Code): string {
  return codeNames[code] ?? `Unknown Code(${code})`;
}

export class Status {
  /** The plugin that returned this status; the framework fills it in. */
  plugin = "";

  constructor(
    readonly code: Code,
    /** Human-readable reasons; a node's reasons are counted into the FitError message. */
    readonly reasons: readonly string[] = [],
    /** For Error: the underlying error. */
    readonly error?: Error,
  ) {}

  /** Reasons joined by ", " (Status.Message). */
  message(): string {
    return this.reasons.join(", ");
  }

  isSuccess(): boolean {
    return this.code === Code.Success;
  }

  /** Unschedulable or UnschedulableAndUnresolvable (or Pending): the pod was turned down. */
  isRejected(): boolean {
    return this.code === Code.Unschedulable || this.code === Code.UnschedulableAndUnresolvable || this.code === Code.Pending;
  }

  isSkip(): boolean {
    return this.code === Code.Skip;
  }

  withPlugin(plugin: string): this {
    this.plugin = plugin;
    return this;
  }

  toString(): string {
    return `${codeName(this.code)}${this.reasons.length ? `: ${this.message()}` : ""}`;
  }
}

/** NewStatus. `newStatus(Code.Success)` still returns a Status object; plugins return null. */
export function newStatus(code: Code, ...reasons: string[]): Status {
  return new Status(code, reasons);
}

/** AsStatus: an Error status wrapping `err`. */
export function asStatus(err: unknown): Status {
  const error = err instanceof Error ? err : new Error(String(err));
  return new Status(Code.Error, [error.message], error);
}

/** The code of a possibly-null status (null is Success). */
export function codeOf(status: Status | null | undefined): Code {
  return status ? status.code : Code.Success;
}

export function isSuccess(status: Status | null | undefined): boolean {
  return !status || status.code === Code.Success;
}
