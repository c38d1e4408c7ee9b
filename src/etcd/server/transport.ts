// Raft messages on the simulated network, between addresses "n1", "n2", ...
//
// It also plays the part of etcd's rafthttp in one respect Raft depends on: a leader must learn
// whether a snapshot reached its follower (RawNode.reportSnapshot), or it waits for that
// follower forever. The receiving side acknowledges every MsgSnap at the transport level; no
// acknowledgement within `snapshotTimeoutMs` counts as a failure, and the leader will retry.
import type { Clock } from "../../sim/clock";
import type { Network } from "../../sim/network";
import type { Message, NodeId } from "../raft/types";
import { describeMessage } from "../raft/types";

/** What travels between members. Servers add their own kinds (client requests) to this union. */
export type RaftWire = { kind: "raft"; msg: Message } | { kind: "snap-ack"; from: NodeId; index: number };

export const address = (id: NodeId): string => `n${id}`;

export function describeWire(w: { kind: string; msg?: Message }): string {
  return w.kind === "raft" && w.msg ? describeMessage(w.msg) : w.kind;
}

export interface RaftTransportOptions {
  clock: Clock;
  /** Only `send` is used, so a network carrying a wider message union (an etcd server's) fits too. */
  network: Pick<Network<RaftWire>, "send">;
  /** Called with the outcome of each snapshot this node sent. */
  onSnapshotStatus: (to: NodeId, ok: boolean) => void;
  snapshotTimeoutMs?: number;
}

export class RaftTransport {
  private readonly pending = new Map<string, number>(); // "to:index" -> timer

  constructor(
    private readonly id: NodeId,
    private readonly options: RaftTransportOptions,
  ) {}

  send(m: Message): void {
    this.options.network.send(address(this.id), address(m.to), { kind: "raft", msg: m });
    if (m.type !== "MsgSnap") return;
    const key = `${m.to}:${m.snapshot.metadata.index}`;
    const timer = this.options.clock.setTimer(
      this.options.snapshotTimeoutMs ?? 1_000,
      () => {
        this.pending.delete(key);
        this.options.onSnapshotStatus(m.to, false);
      },
      `snapshot to n${m.to}`,
    );
    this.pending.set(key, timer);
  }

  /** The receiving side: acknowledge a snapshot once it was handed to Raft. */
  acknowledge(m: Message): void {
    if (m.type !== "MsgSnap") return;
    const ack: RaftWire = { kind: "snap-ack", from: this.id, index: m.snapshot.metadata.index };
    this.options.network.send(address(this.id), address(m.from), ack);
  }

  /** The sending side got an acknowledgement. */
  acknowledged(from: NodeId, index: number): void {
    const key = `${from}:${index}`;
    const timer = this.pending.get(key);
    if (timer === undefined) return;
    this.options.clock.clearTimer(timer);
    this.pending.delete(key);
    this.options.onSnapshotStatus(from, true);
  }

  /** Forget pending snapshot timers (the process stopped). */
  stop(): void {
    for (const timer of this.pending.values()) this.options.clock.clearTimer(timer);
    this.pending.clear();
  }
}
