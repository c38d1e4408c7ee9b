// Part 3A of MIT 6.5840's Raft lab: leader election (Raft §5.2), with etcd's PreVote and
// CheckQuorum switched on, as an etcd server runs them.
import { ELECTION_TIMEOUT_MS, Harness } from "./harness";
import type { Scenario } from "./scenario";

export const part3A: Scenario[] = [
  {
    part: "3A",
    mit: "TestInitialElection3A",
    title: "3A initial election: three servers elect one leader and keep it, and its term, while nothing fails",
    run(seed) {
      const h = new Harness({ seed, servers: 3 });
      h.checkOneLeader();
      // Let followers learn of the election, then all must agree on the term.
      h.sleep(50);
      const term1 = h.checkTerms();
      if (term1 < 1) h.fail(`term is ${term1}, but should be at least 1`);
      // Without failures the leader keeps sending heartbeats and nobody times out.
      // (MIT only warns here; with etcd's heartbeat ten times shorter than the election timeout,
      // a changed term is a bug.)
      h.sleep(2 * ELECTION_TIMEOUT_MS);
      const term2 = h.checkTerms();
      if (term1 !== term2) h.fail(`term changed from ${term1} to ${term2} even though there were no failures`);
      h.checkOneLeader();
      return h.now();
    },
  },
  {
    part: "3A",
    mit: "TestReElection3A",
    title: "3A re-election: a new leader replaces a disconnected one, the old one rejoins quietly, and no leader is elected without a majority",
    run(seed) {
      const servers = 3;
      const h = new Harness({ seed, servers });
      const leader1 = h.checkOneLeader();
      // If the leader disconnects, a new one should be elected.
      h.disconnect(leader1);
      h.checkOneLeader();
      // If the old leader rejoins, that shouldn't disturb the new leader (PreVote keeps its term down).
      h.connect(leader1);
      const leader2 = h.checkOneLeader();
      // If there's no quorum, no new leader should be elected.
      h.disconnect(leader2);
      h.disconnect((leader2 + 1) % servers);
      h.sleep(2 * ELECTION_TIMEOUT_MS);
      h.checkNoLeader();
      // If a quorum arises, it should elect a leader.
      h.connect((leader2 + 1) % servers);
      h.checkOneLeader();
      // Re-join of the last node shouldn't prevent leaders from existing.
      h.connect(leader2);
      h.checkOneLeader();
      return h.now();
    },
  },
  {
    part: "3A",
    mit: "TestManyElections3A",
    title: "3A many elections: seven servers keep electing a leader while random triples disconnect and reconnect",
    run(seed) {
      const servers = 7;
      const h = new Harness({ seed, servers });
      h.checkOneLeader();
      for (let iters = 0; iters < 10; iters++) {
        // Disconnect three random servers; four remain, a majority of seven.
        const i1 = h.rng.int(0, servers);
        const i2 = h.rng.int(0, servers);
        const i3 = h.rng.int(0, servers);
        h.disconnect(i1);
        h.disconnect(i2);
        h.disconnect(i3);
        // Either the current leader should still be alive, or the remaining four should elect one.
        h.checkOneLeader();
        h.connect(i1);
        h.connect(i2);
        h.connect(i3);
      }
      h.checkOneLeader();
      return h.now();
    },
  },
];
