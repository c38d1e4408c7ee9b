// ProgressTracker: the leader's table of followers, the current voters, and the votes of an
// election; and the quorum arithmetic over them. Mirrors etcd-io/raft's tracker/tracker.go and
// quorum/majority.go.
//
// SIMPLIFICATION: etcd supports joint consensus (two voter sets during a change) and learners
// (non-voting members). This course teaches single-server changes (Raft thesis §4.1), for which
// one majority configuration is enough.
import { Progress } from "./progress";
import { committedIndex } from "./quorum";
import type { ConfState, NodeId } from "./types";

export type VoteResult = "VotePending" | "VoteLost" | "VoteWon";

export class ProgressTracker {
  /** The voters of the current configuration. */
  voters = new Set<NodeId>();
  /** One Progress per voter. Meaningful on the leader only. */
  progress = new Map<NodeId, Progress>();
  /** Votes received in the current election: true = granted. */
  votes = new Map<NodeId, boolean>();

  constructor(readonly maxInflight: number) {}

  /** Raft §5.2: a majority of the voters. 3 → 2, 4 → 3, 5 → 3. */
  quorum(): number {
    return Math.floor(this.voters.size / 2) + 1;
  }

  confState(): ConfState {
    return { voters: [...this.voters].sort((a, b) => a - b) };
  }

  isSingleton(): boolean {
    return this.voters.size === 1;
  }

  /** Calls f for every tracked node, in increasing id order (so runs are reproducible). */
  visit(f: (id: NodeId, pr: Progress) => void): void {
    const ids = [...this.progress.keys()].sort((a, b) => a - b);
    for (const id of ids) f(id, this.progress.get(id)!);
  }

  /**
   * The highest index stored on a quorum of voters (quorum.ts `committedIndex` over the voters'
   * match indexes). Whether it may be *committed* is decided by raftLog.maybeCommit
   * (current-term rule, Raft §5.4.2).
   */
  committed(): number {
    return committedIndex([...this.voters].map((id) => this.progress.get(id)?.match ?? 0));
  }

  /** True if a quorum of voters was recently active (CheckQuorum). */
  quorumActive(): boolean {
    let active = 0;
    for (const id of this.voters) if (this.progress.get(id)?.recentActive) active++;
    return active >= this.quorum();
  }

  resetVotes(): void {
    this.votes = new Map();
  }

  /** Records id's vote; only the first vote of each node counts. */
  recordVote(id: NodeId, granted: boolean): void {
    if (!this.votes.has(id)) this.votes.set(id, granted);
  }

  /** Counts the votes: won once a quorum granted, lost once a quorum can no longer grant. */
  tallyVotes(): { granted: number; rejected: number; result: VoteResult } {
    let granted = 0;
    let rejected = 0;
    for (const id of this.voters) {
      const v = this.votes.get(id);
      if (v === true) granted++;
      else if (v === false) rejected++;
    }
    const missing = this.voters.size - granted - rejected;
    const q = this.quorum();
    let result: VoteResult = "VoteLost";
    if (granted >= q) result = "VoteWon";
    else if (granted + missing >= q) result = "VotePending";
    return { granted, rejected, result };
  }
}
