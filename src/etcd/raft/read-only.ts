// ReadIndex bookkeeping on the leader (Raft thesis §6.4, linearizable reads without a log write).
// Mirrors etcd-io/raft's read_only.go (the version in etcd 3.5/3.6).
//
// To serve a read, the leader (1) records its commit index as the read index, (2) confirms it is
// still the leader by a round of heartbeats carrying the request's context, and (3) once a
// quorum has acknowledged that heartbeat, answers with the read index. The reader then waits
// until its state machine has applied that index. A deposed leader cannot collect the quorum in
// step 2, so it never answers with a stale index.
//
// Requests are queued in arrival order; an acknowledgement for a later request confirms all
// the earlier ones too (the heartbeat round was sent after they arrived).
import type { MsgReadIndex, NodeId } from "./types";

export type ReadOnlyOption = "ReadOnlySafe" | "ReadOnlyLeaseBased";

interface ReadIndexStatus {
  req: MsgReadIndex;
  index: number;
  acks: Set<NodeId>;
}

export class ReadOnly {
  private readonly pendingReadIndex = new Map<string, ReadIndexStatus>();
  private readIndexQueue: string[] = [];

  constructor(readonly option: ReadOnlyOption) {}

  /** Records a read request arriving when the commit index is `index`. */
  addRequest(index: number, m: MsgReadIndex): void {
    if (this.pendingReadIndex.has(m.context)) return;
    this.pendingReadIndex.set(m.context, { index, req: m, acks: new Set() });
    this.readIndexQueue.push(m.context);
  }

  /** A heartbeat response from `id` carried `context`; returns who has acknowledged it so far. */
  recvAck(id: NodeId, context: string): ReadonlySet<NodeId> {
    const rs = this.pendingReadIndex.get(context);
    if (!rs) return new Set();
    rs.acks.add(id);
    return rs.acks;
  }

  /** The request for `context` is confirmed: dequeue it and every request queued before it. */
  advance(context: string): { req: MsgReadIndex; index: number }[] {
    const i = this.readIndexQueue.indexOf(context);
    if (i < 0) return [];
    const done = this.readIndexQueue.slice(0, i + 1);
    this.readIndexQueue = this.readIndexQueue.slice(i + 1);
    return done.map((ctx) => {
      const rs = this.pendingReadIndex.get(ctx)!;
      this.pendingReadIndex.delete(ctx);
      return { req: rs.req, index: rs.index };
    });
  }

  /** The context of the newest pending request: heartbeats carry it to confirm all of them. */
  lastPendingRequestCtx(): string {
    return this.readIndexQueue[this.readIndexQueue.length - 1] ?? "";
  }

  pendingCount(): number {
    return this.readIndexQueue.length;
  }
}
