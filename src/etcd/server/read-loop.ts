// Linearizable reads without writing to the log: etcd's linearizableReadLoop.
//
// A read served from a member's own store may be stale: the member may be a follower that has not
// heard of the latest commits, or a leader that was deposed a moment ago and does not know it yet.
// etcd makes a read linearizable with Raft's ReadIndex (Raft thesis §6.4):
//
//   1. ask Raft for a read index: the leader notes its commit index and confirms it is still the
//      leader by a heartbeat round with a quorum (raft/read-only.ts); a follower forwards the
//      question to the leader;
//   2. wait until this member has *applied* up to that index;
//   3. serve the read from the local store. Anything committed before the read began is now
//      visible, so the read cannot return an older value than one a client already saw.
//
// All reads that arrive while a round is in progress share the next round: one heartbeat round
// serves a batch of reads (server/etcdserver/v3_server.go `linearizableReadLoop`,
// `requestCurrentIndex`). A round whose answer does not come within `readIndexRetryTime` (500 ms)
// is asked again with a new request ID (the leader may have been busy, or the question lost);
// a round that takes longer than the request timeout fails with "request timed out"; a leader
// change fails it with "leader changed", which clients retry.
import type { Clock, TimerId } from "../../sim/clock";
import type { ReadState } from "../raft/types";
import { LeaderChangedError, RequestTimeoutError } from "./errors";

/** v3_server.go readIndexRetryTime. */
export const READ_INDEX_RETRY_MS = 500;

export interface ReadLoopOptions {
  clock: Clock;
  /** Asks Raft for a read index with this context (RaftNode.readIndex). */
  readIndex: (context: string) => void;
  /** The member's applied index now. */
  applied: () => number;
  /** Fail a round after this long: the server's request timeout. */
  requestTimeoutMs: number;
  /** Prefix of the request IDs, so contexts from different members never collide. */
  name: string;
}

type Reader = (error: Error | undefined) => void;

interface Round {
  ids: Set<string>;
  readers: Reader[];
  retryTimer: TimerId;
  errorTimer: TimerId;
}

export class ReadLoop {
  private next: Reader[] = [];
  private round: Round | undefined;
  private applying: { index: number; readers: Reader[] } | undefined;
  private seq = 0;
  /** etcd_server_slow_read_indexes_total and etcd_server_read_indexes_failed_total. */
  readonly stats = { rounds: 0, slowReadIndexes: 0, readIndexesFailed: 0 };

  constructor(private readonly o: ReadLoopOptions) {}

  //> etcd-linearizable-read-notify
  /** linearizableReadNotify: `ready` is called once the store may serve a linearizable read, or with the error. */
  wait(ready: Reader): void {
    this.next.push(ready);
    if (!this.round && !this.applying) this.startRound();
  }
  //< etcd-linearizable-read-notify

  /** Raft answered a read index request (from RaftNode's onReadState). */
  onReadState(rs: ReadState): void {
    const round = this.round;
    if (!round || !round.ids.has(rs.requestCtx)) {
      this.stats.slowReadIndexes++; // an answer to a request we already gave up on
      return;
    }
    this.endRound(round);
    this.applying = { index: rs.index, readers: round.readers };
    this.onApplied(this.o.applied());
  }

  /** The member applied up to `index`. */
  onApplied(index: number): void {
    const a = this.applying;
    if (!a || index < a.index) return;
    this.applying = undefined;
    for (const ready of a.readers) ready(undefined);
    if (this.next.length > 0) this.startRound();
  }

  /** A new leader was elected: a round in progress may have asked the old one. */
  onLeaderChanged(): void {
    if (!this.round) return;
    this.stats.readIndexesFailed++;
    this.fail(this.round, new LeaderChangedError());
  }

  /** The process stops: nobody will be answered. */
  stop(): void {
    if (this.round) this.endRound(this.round);
    this.next = [];
    this.applying = undefined;
  }

  //> etcd-request-current-index
  private startRound(): void {
    const readers = this.next;
    this.next = [];
    this.stats.rounds++;
    const round: Round = {
      ids: new Set(),
      readers,
      retryTimer: 0,
      errorTimer: this.o.clock.setTimer(this.o.requestTimeoutMs, () => {
        this.stats.slowReadIndexes++;
        this.fail(round, new RequestTimeoutError());
      }, `read index timeout ${this.o.name}`),
    };
    this.round = round;
    this.send(round);
  }

  /** Sends a read index request with a fresh ID, and asks again after READ_INDEX_RETRY_MS. */
  private send(round: Round): void {
    const id = `${this.o.name}/read${++this.seq}`;
    round.ids.add(id);
    round.retryTimer = this.o.clock.setTimer(READ_INDEX_RETRY_MS, () => this.send(round), `read index retry ${this.o.name}`);
    this.o.readIndex(id);
  }
  //< etcd-request-current-index

  private fail(round: Round, error: Error): void {
    this.endRound(round);
    for (const ready of round.readers) ready(error);
    if (this.next.length > 0 && !this.applying) this.startRound();
  }

  private endRound(round: Round): void {
    this.o.clock.clearTimer(round.retryTimer);
    this.o.clock.clearTimer(round.errorTimer);
    if (this.round === round) this.round = undefined;
  }
}
