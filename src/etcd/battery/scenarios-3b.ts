// Part 3B of MIT 6.5840's Raft lab: log replication (Raft §5.3, §5.4).
//
// One difference from the lab shows in the index arithmetic: an etcd leader appends an empty
// entry when it takes office (Raft §8; it is how it learns what is committed, §5.4.2), so the
// first command lands at index 2, not 1, and a new leader shifts later indexes by one. The
// tests below say "the next free index" where MIT hard-codes a number.
import { ELECTION_TIMEOUT_MS, Harness } from "./harness";
import { randCmd, type Scenario } from "./scenario";

export const part3B: Scenario[] = [
  {
    part: "3B",
    mit: "TestBasicAgree3B",
    title: "3B basic agreement: each command is committed by every server at the next index, and not before it is proposed",
    run(seed) {
      const servers = 3;
      const h = new Harness({ seed, servers });
      const leader = h.checkOneLeader();
      let next = h.node(leader)!.raw.raft.raftLog.lastIndex() + 1;
      for (let iters = 0; iters < 3; iters++) {
        if (h.nCommitted(next).count > 0) h.fail("some have committed before Start()");
        const xindex = h.one(String(next * 100), servers, false);
        if (xindex !== next) h.fail(`got index ${xindex} but expected ${next}`);
        next++;
      }
      return h.now();
    },
  },
  {
    part: "3B",
    mit: "TestRPCBytes3B",
    title: "3B RPC byte count: each command travels to each follower about once",
    run(seed) {
      const servers = 3;
      const h = new Harness({ seed, servers });
      h.one("99", servers, false);
      const bytes0 = h.bytesTotal();
      let sent = 0;
      for (let index = 0; index < 10; index++) {
        const cmd = randString(h, 5000);
        h.one(cmd, servers, false);
        sent += cmd.length;
      }
      const got = h.bytesTotal() - bytes0;
      // MIT allows servers × sent + 50 000 bytes; each command must reach servers - 1 followers once.
      const expected = servers * sent;
      if (got > expected + 50_000) h.fail(`too many RPC bytes; got ${got}, expected ${expected}`);
      return h.now();
    },
  },
  {
    part: "3B",
    mit: "TestFollowerFailure3B",
    title: "3B follower failure: the cluster commits with one follower gone, and nothing commits once two are gone",
    run(seed) {
      const servers = 3;
      const h = new Harness({ seed, servers });
      h.one("101", servers, false);
      // Disconnect one follower from the network.
      const leader1 = h.checkOneLeader();
      h.disconnect((leader1 + 1) % servers);
      // The leader and the remaining follower should be able to agree despite the disconnected follower.
      h.one("102", servers - 1, false);
      h.sleep(ELECTION_TIMEOUT_MS);
      const last = h.one("103", servers - 1, false);
      // Disconnect the remaining follower.
      const leader2 = h.checkOneLeader();
      h.disconnect((leader2 + 1) % servers);
      h.disconnect((leader2 + 2) % servers);
      // Submit a command: the leader takes it, at the next index...
      const { index, isLeader } = h.propose(leader2, "104");
      if (!isLeader) h.fail("leader rejected Start()");
      if (index !== last + 1) h.fail(`expected index ${last + 1}, got ${index}`);
      h.sleep(2 * ELECTION_TIMEOUT_MS);
      // ...but it cannot commit it without a majority.
      const n = h.nCommitted(index).count;
      if (n > 0) h.fail(`${n} committed but no majority`);
      return h.now();
    },
  },
  {
    part: "3B",
    mit: "TestLeaderFailure3B",
    title: "3B leader failure: a new leader takes over from a disconnected one, and a lone server commits nothing",
    run(seed) {
      const servers = 3;
      const h = new Harness({ seed, servers });
      h.one("101", servers, false);
      const leader1 = h.checkOneLeader();
      h.disconnect(leader1);
      // The remaining followers should elect a new leader.
      h.one("102", servers - 1, false);
      h.sleep(ELECTION_TIMEOUT_MS);
      const last = h.one("103", servers - 1, false);
      // Disconnect the new leader too.
      const leader2 = h.checkOneLeader();
      h.disconnect(leader2);
      // Submit a command to each server: no majority is connected, so nothing can commit.
      for (let i = 0; i < servers; i++) h.propose(i, "104");
      h.sleep(2 * ELECTION_TIMEOUT_MS);
      for (let index = last + 1; index <= last + 2; index++) {
        const n = h.nCommitted(index).count;
        if (n > 0) h.fail(`${n} committed at index ${index} but no majority`);
      }
      return h.now();
    },
  },
  {
    part: "3B",
    mit: "TestFailAgree3B",
    title: "3B fail agree: a follower that was disconnected catches up when it reconnects",
    run(seed) {
      const servers = 3;
      const h = new Harness({ seed, servers });
      h.one("101", servers, false);
      // Disconnect one follower from the network.
      const leader = h.checkOneLeader();
      h.disconnect((leader + 1) % servers);
      // The leader and the remaining follower should be able to agree despite the disconnected follower.
      h.one("102", servers - 1, false);
      h.one("103", servers - 1, false);
      h.sleep(ELECTION_TIMEOUT_MS);
      h.one("104", servers - 1, false);
      h.one("105", servers - 1, false);
      // Re-connect: the full set of servers agrees, the returning follower included.
      h.connect((leader + 1) % servers);
      h.one("106", servers, true);
      h.sleep(ELECTION_TIMEOUT_MS);
      h.one("107", servers, true);
      return h.now();
    },
  },
  {
    part: "3B",
    mit: "TestFailNoAgree3B",
    title: "3B fail no agree: with three of five servers gone nothing commits, and after they return the log continues",
    run(seed) {
      const servers = 5;
      const h = new Harness({ seed, servers });
      const first = h.one("10", servers, false);
      // Three of five followers disconnect.
      const leader = h.checkOneLeader();
      h.disconnect((leader + 1) % servers);
      h.disconnect((leader + 2) % servers);
      h.disconnect((leader + 3) % servers);
      const { index, isLeader } = h.propose(leader, "20");
      if (!isLeader) h.fail("leader rejected Start()");
      if (index !== first + 1) h.fail(`expected index ${first + 1}, got ${index}`);
      h.sleep(2 * ELECTION_TIMEOUT_MS);
      const n = h.nCommitted(index).count;
      if (n > 0) h.fail(`${n} committed but no majority`);
      // Repair.
      h.connect((leader + 1) % servers);
      h.connect((leader + 2) % servers);
      h.connect((leader + 3) % servers);
      // The disconnected majority may have chosen a leader from among their own ranks, forgetting
      // index `first + 1`; either way the new leader's empty entry comes next.
      const leader2 = h.checkOneLeader();
      const r = h.propose(leader2, "30");
      if (!r.isLeader) h.fail("leader2 rejected Start()");
      if (r.index < first + 2 || r.index > first + 3) h.fail(`unexpected index ${r.index}`);
      h.one("1000", servers, true);
      return h.now();
    },
  },
  {
    part: "3B",
    mit: "TestConcurrentStarts3B",
    title: "3B concurrent starts: five commands proposed in the same instant all commit, each once",
    run(seed) {
      const servers = 3;
      const h = new Harness({ seed, servers });
      let success = false;
      for (let attempt = 0; attempt < 5 && !success; attempt++) {
        if (attempt > 0) h.sleep(3_000); // give the solution some time to settle
        const leader = h.checkOneLeader();
        const first = h.propose(leader, "1");
        if (!first.isLeader) continue; // leader moved on really quickly
        const iters = 5;
        const indexes: number[] = [];
        for (let i = 0; i < iters; i++) {
          const r = h.propose(leader, String(100 + i));
          if (r.isLeader && r.term === first.term) indexes.push(r.index);
        }
        if (indexes.length < iters) continue;
        const cmds: string[] = [];
        let termChanged = false;
        for (const index of indexes) {
          const cmd = h.run(h.waitProc(index, servers, first.term));
          if (cmd === undefined) {
            termChanged = true; // peers have moved on to later terms, so we can't expect all Start()s to have succeeded
            break;
          }
          cmds.push(cmd);
        }
        if (termChanged) continue;
        for (let i = 0; i < iters; i++) {
          const x = String(100 + i);
          if (cmds.filter((c) => c === x).length !== 1) h.fail(`cmd ${x} missing (or duplicated) in ${JSON.stringify(cmds)}`);
        }
        success = true;
      }
      if (!success) h.fail("term changed too often");
      return h.now();
    },
  },
  {
    part: "3B",
    mit: "TestRejoin3B",
    title: "3B rejoin: a partitioned leader's uncommitted entries are replaced when it rejoins",
    run(seed) {
      const servers = 3;
      const h = new Harness({ seed, servers });
      h.one("101", servers, true);
      // The leader is cut off...
      const leader1 = h.checkOneLeader();
      h.disconnect(leader1);
      // ...and takes commands that can never commit.
      h.propose(leader1, "102");
      h.propose(leader1, "103");
      h.propose(leader1, "104");
      // The new leader commits, also for index = 2 (MIT's numbering).
      h.one("103", 2, true);
      // The new leader is cut off; the old one comes back.
      const leader2 = h.checkOneLeader();
      h.disconnect(leader2);
      h.connect(leader1);
      h.one("104", 2, true);
      // All together now.
      h.connect(leader2);
      h.one("105", servers, true);
      return h.now();
    },
  },
  {
    part: "3B",
    mit: "TestBackup3B",
    title: "3B backup: a leader quickly backs up followers over long runs of conflicting entries (fast backup by term)",
    run(seed) {
      const servers = 5;
      const h = new Harness({ seed, servers });
      h.one(randCmd(h.rng), servers, true);
      // Put the leader and one follower in a partition.
      const leader1 = h.checkOneLeader();
      h.disconnect((leader1 + 2) % servers);
      h.disconnect((leader1 + 3) % servers);
      h.disconnect((leader1 + 4) % servers);
      // Submit lots of commands that won't commit.
      for (let i = 0; i < 50; i++) h.propose(leader1, randCmd(h.rng));
      h.sleep(ELECTION_TIMEOUT_MS / 2);
      h.disconnect((leader1 + 0) % servers);
      h.disconnect((leader1 + 1) % servers);
      // Allow the other partition to recover.
      h.connect((leader1 + 2) % servers);
      h.connect((leader1 + 3) % servers);
      h.connect((leader1 + 4) % servers);
      // Lots of successful commands to the new group.
      for (let i = 0; i < 50; i++) h.one(randCmd(h.rng), 3, true);
      // Now another partitioned leader and one follower.
      const leader2 = h.checkOneLeader();
      let other = (leader1 + 2) % servers;
      if (leader2 === other) other = (leader2 + 1) % servers;
      h.disconnect(other);
      // Lots more commands that won't commit.
      for (let i = 0; i < 50; i++) h.propose(leader2, randCmd(h.rng));
      h.sleep(ELECTION_TIMEOUT_MS / 2);
      // Bring the original leader back to life.
      for (let i = 0; i < servers; i++) h.disconnect(i);
      h.connect((leader1 + 0) % servers);
      h.connect((leader1 + 1) % servers);
      h.connect(other);
      // Lots of successful commands to the new group.
      for (let i = 0; i < 50; i++) h.one(randCmd(h.rng), 3, true);
      // Now everyone.
      for (let i = 0; i < servers; i++) h.connect(i);
      h.one(randCmd(h.rng), servers, true);
      return h.now();
    },
  },
  {
    part: "3B",
    mit: "TestCount3B",
    title: "3B RPC counts: an election, a batch of commands and an idle second each take a bounded number of RPCs",
    run(seed) {
      const servers = 3;
      const h = new Harness({ seed, servers });
      // Count until the first leader is known. (MIT counts through checkOneLeader's half-second
      // sleep; ours sleeps a full second, whose heartbeats the idle bound below covers.)
      h.clock.runUntil(() => h.liveRafts().some((r) => r.state === "StateLeader"), { limitMs: 10 * ELECTION_TIMEOUT_MS });
      const total1 = h.rpcTotal();
      if (total1 > 30 || total1 < 1) h.fail(`too many or few RPCs (${total1}) to elect initial leader`);
      let total2 = 0;
      let success = false;
      for (let attempt = 0; attempt < 5 && !success; attempt++) {
        if (attempt > 0) h.sleep(3_000);
        const leader = h.checkOneLeader();
        const before = h.rpcTotal();
        const iters = 10;
        const first = h.propose(leader, "1");
        if (!first.isLeader) continue;
        const cmds: string[] = [];
        const indexes: number[] = [];
        for (let i = 1; i < iters + 2; i++) {
          const x = randCmd(h.rng);
          cmds.push(x);
          const r = h.propose(leader, x);
          if (r.term !== first.term || !r.isLeader) break;
          if (r.index !== first.index + i) h.fail("Start() failed");
          indexes.push(r.index);
        }
        if (indexes.length < iters + 1) continue;
        let termChanged = false;
        for (let i = 0; i < indexes.length; i++) {
          const cmd = h.run(h.waitProc(indexes[i]!, servers, first.term));
          if (cmd === undefined) {
            termChanged = true;
            break;
          }
          if (cmd !== cmds[i]) h.fail(`wrong value ${cmd} committed for index ${indexes[i]}; expected ${cmds[i]}`);
        }
        if (termChanged || h.liveRafts().some((r) => r.term !== first.term)) continue;
        total2 = h.rpcTotal() - before;
        // MIT allows (iters + 1 + 3) × 3 = 42 calls for 12 commands. etcd-raft sends one MsgApp per
        // proposal per follower (no batching while the previous ones are in flight) and one more
        // to carry each advance of the commit index: about 2 × (iters + 2) × (servers - 1) calls.
        const bound = 2 * (iters + 2) * (servers - 1) + 3 * servers;
        if (total2 > bound) h.fail(`too many RPCs (${total2}) for ${iters + 2} entries (bound ${bound})`);
        success = true;
      }
      if (!success) h.fail("term changed too often");
      const before = h.rpcTotal();
      h.sleep(ELECTION_TIMEOUT_MS / 2);
      const idle = h.rpcTotal() - before;
      // One second idle: a heartbeat per tick to each follower, 20 calls. MIT allows 3 × 20.
      if (idle > 3 * 20) h.fail(`too many RPCs (${idle}) for 1 second of idleness`);
      return h.now();
    },
  },
];

/** MIT's randstring: printable characters. */
function randString(h: Harness, n: number): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/";
  let s = "";
  for (let i = 0; i < n; i++) s += alphabet[h.rng.int(0, alphabet.length)];
  return s;
}
