// Part 3C of MIT 6.5840's Raft lab: persistence (Raft Figure 2, "persistent state on all
// servers") and the hard cases: Figure 8, unreliable networks, churn. A crash here is a power
// loss: the simulated disk keeps only what an fsync completed, so "persist before you reply" is
// tested for real, not assumed.
import { ELECTION_TIMEOUT_MS, Harness } from "./harness";
import { sleep, type Proc, type Task } from "./procs";
import { randCmd, type Scenario } from "./scenario";

export const part3C: Scenario[] = [
  {
    part: "3C",
    mit: "TestPersist13C",
    title: "3C persist 1: servers restarted from disk keep their logs, alone and all at once",
    run(seed) {
      const servers = 3;
      const h = new Harness({ seed, servers });
      h.one("11", servers, true);
      // Crash and re-start all.
      for (let i = 0; i < servers; i++) h.start(i);
      for (let i = 0; i < servers; i++) h.connect(i);
      h.one("12", servers, true);
      const leader1 = h.checkOneLeader();
      h.start(leader1);
      h.connect(leader1);
      h.one("13", servers, true);
      const leader2 = h.checkOneLeader();
      h.disconnect(leader2);
      const index = h.one("14", servers - 1, true);
      h.start(leader2);
      h.connect(leader2);
      h.run(h.waitProc(index, servers, -1)); // wait for leader2 to join before killing i3
      const i3 = (h.checkOneLeader() + 1) % servers;
      h.disconnect(i3);
      h.one("15", servers - 1, true);
      h.start(i3);
      h.connect(i3);
      h.one("16", servers, true);
      return h.now();
    },
  },
  {
    part: "3C",
    mit: "TestPersist23C",
    title: "3C persist 2: a majority restarted from disk after a partition still holds every committed entry",
    run(seed) {
      const servers = 5;
      const h = new Harness({ seed, servers });
      let index = 1;
      for (let iters = 0; iters < 5; iters++) {
        h.one(String(10 + index), servers, true);
        index++;
        const leader1 = h.checkOneLeader();
        h.disconnect((leader1 + 1) % servers);
        h.disconnect((leader1 + 2) % servers);
        h.one(String(10 + index), servers - 2, true);
        index++;
        h.disconnect((leader1 + 0) % servers);
        h.disconnect((leader1 + 3) % servers);
        h.disconnect((leader1 + 4) % servers);
        h.start((leader1 + 1) % servers);
        h.start((leader1 + 2) % servers);
        h.connect((leader1 + 1) % servers);
        h.connect((leader1 + 2) % servers);
        h.sleep(ELECTION_TIMEOUT_MS);
        h.start((leader1 + 3) % servers);
        h.connect((leader1 + 3) % servers);
        h.one(String(10 + index), servers - 2, true);
        index++;
        h.connect((leader1 + 4) % servers);
        h.connect((leader1 + 0) % servers);
      }
      h.one("1000", servers, true);
      return h.now();
    },
  },
  {
    part: "3C",
    mit: "TestPersist33C",
    title: "3C persist 3: a leader and a follower crash together and the log survives on the third server and their disks",
    run(seed) {
      const servers = 3;
      const h = new Harness({ seed, servers });
      h.one("101", 3, true);
      const leader = h.checkOneLeader();
      h.disconnect((leader + 2) % servers);
      h.one("102", 2, true);
      h.crash((leader + 0) % servers);
      h.crash((leader + 1) % servers);
      h.connect((leader + 2) % servers);
      h.start((leader + 0) % servers);
      h.connect((leader + 0) % servers);
      h.one("103", 2, true);
      h.start((leader + 1) % servers);
      h.connect((leader + 1) % servers);
      h.one("104", servers, true);
      return h.now();
    },
  },
  {
    part: "3C",
    mit: "TestFigure83C",
    title: "3C Figure 8: leaders crash right after proposing, and no entry from an earlier term is committed by counting replicas",
    run(seed) {
      return figure8(seed, false);
    },
  },
  {
    part: "3C",
    mit: "TestUnreliableAgree3C",
    title: "3C unreliable agreement: concurrent commands all commit over a lossy, reordering network",
    run(seed) {
      const servers = 5;
      const h = new Harness({ seed, servers, unreliable: true });
      const tasks: Task<number>[] = [];
      for (let iters = 1; iters < 50; iters++) {
        for (let j = 0; j < 4; j++) tasks.push(h.scheduler.spawn(h.oneProc(String(100 * iters + j), 1, true)));
        h.one(String(iters), 1, true);
      }
      h.setUnreliable(false);
      join(h, tasks);
      h.one("100", servers, true);
      return h.now();
    },
  },
  {
    part: "3C",
    mit: "TestFigure8Unreliable3C",
    title: "3C Figure 8 unreliable: leaders are cut off right after proposing while replies arrive seconds late, and the log still converges",
    run(seed) {
      return figure8(seed, true);
    },
  },
  {
    part: "3C",
    mit: "TestReliableChurn3C",
    title: "3C reliable churn: every value a client saw committed is in the final log, after random crashes, restarts and disconnections",
    run(seed) {
      return churn(seed, false);
    },
  },
  {
    part: "3C",
    mit: "TestUnreliableChurn3C",
    title: "3C unreliable churn: the same over a lossy, reordering network",
    run(seed) {
      return churn(seed, true);
    },
  },
];

//> figure-8-scenario
/**
 * MIT's TestFigure8 (reliable) and TestFigure8Unreliable: propose on every server, then crash
 * (or cut off) whoever took the command as leader, again and again, so that entries of old terms
 * sit on some servers while new leaders come and go: the situation of Raft Figure 8. A server
 * that committed an old-term entry by counting replicas would let two state machines diverge,
 * and the Applier would stop the run there.
 */
function figure8(seed: string | number, unreliable: boolean): number {
  const servers = 5;
  // One entry per AppendEntries (etcd's MaxSizePerMsg 0): an acknowledgement can then cover a
  // previous term's entries without the new leader's own empty entry, which is the window in
  // which counting replicas of an old entry (the bug of Figure 8) would commit it.
  const h = new Harness({ seed, servers, unreliable, raft: { maxSizePerMsg: 0 } });
  h.one(String(h.rng.int(0, 10_000)), 1, true);
  let nup = servers;
  for (let iters = 0; iters < 1000; iters++) {
    if (unreliable && iters === 200) h.setLongReordering(true);
    let leader = -1;
    for (let i = 0; i < servers; i++) {
      const r = h.propose(i, String(h.rng.int(0, 10_000)));
      if (r.isLeader && (unreliable ? h.connected(i) : h.isRunning(i))) leader = i;
    }
    if (h.rng.int(0, 1000) < 100) h.sleep(h.rng.int(0, ELECTION_TIMEOUT_MS / 2));
    else h.sleep(h.rng.int(0, 13));
    if (unreliable) {
      if (leader !== -1 && h.rng.int(0, 1000) < 500) {
        h.disconnect(leader);
        nup--;
      }
      if (nup < 3) {
        const s = h.rng.int(0, servers);
        if (!h.connected(s)) {
          h.connect(s);
          nup++;
        }
      }
    } else {
      if (leader !== -1) {
        h.crash(leader);
        nup--;
      }
      if (nup < 3) {
        const s = h.rng.int(0, servers);
        if (!h.isRunning(s)) {
          h.start(s);
          h.connect(s);
          nup++;
        }
      }
    }
  }
  if (unreliable) {
    h.setUnreliable(false);
    h.setLongReordering(false);
  }
  for (let i = 0; i < servers; i++) {
    if (!h.isRunning(i)) h.start(i);
    h.connect(i);
  }
  h.one(String(h.rng.int(0, 10_000)), servers, true);
  return h.now();
}
//< figure-8-scenario

/** MIT's internalChurn: three clients keep proposing while servers crash, restart and disconnect. */
function churn(seed: string | number, unreliable: boolean): number {
  const servers = 5;
  const h = new Harness({ seed, servers, unreliable });
  let stop = false;
  function* client(me: number): Proc<string[]> {
    const values: string[] = [];
    while (!stop) {
      const x = randCmd(h.rng);
      let index = -1;
      for (let i = 0; i < servers; i++) {
        // Try them all, maybe one of them is a leader.
        const r = h.propose(i, x);
        if (r.isLeader) index = r.index;
      }
      if (index === -1) {
        yield 79 + me * 17;
        continue;
      }
      // Maybe the leader will commit our value, maybe not; don't wait forever.
      for (const to of [10, 20, 50, 100, 200]) {
        const { count, cmd } = h.nCommitted(index);
        if (count > 0) {
          if (cmd === x) values.push(x);
          break;
        }
        yield* sleep(to);
      }
    }
    return values;
  }
  const clients = [0, 1, 2].map((me) => h.scheduler.spawn(client(me)));
  for (let iters = 0; iters < 20; iters++) {
    if (h.rng.int(0, 1000) < 200) h.disconnect(h.rng.int(0, servers));
    if (h.rng.int(0, 1000) < 500) {
      const i = h.rng.int(0, servers);
      if (!h.isRunning(i)) h.start(i);
      h.connect(i);
    }
    if (h.rng.int(0, 1000) < 200) {
      const i = h.rng.int(0, servers);
      if (h.isRunning(i)) h.crash(i);
    }
    // Often enough that peers rarely settle between changes, not so often that nothing works:
    // MIT's 7/10 of an election timeout.
    h.sleep((ELECTION_TIMEOUT_MS * 7) / 10);
  }
  h.sleep(ELECTION_TIMEOUT_MS);
  h.setUnreliable(false);
  for (let i = 0; i < servers; i++) {
    if (!h.isRunning(i)) h.start(i);
    h.connect(i);
  }
  stop = true;
  join(h, clients);
  const values = clients.flatMap((c) => c.value ?? []);
  h.sleep(ELECTION_TIMEOUT_MS);
  const lastIndex = h.one(randCmd(h.rng), servers, true);
  const really = new Set<string>();
  for (let index = 1; index <= lastIndex; index++) {
    const v = h.run(h.waitProc(index, servers, -1));
    if (v !== undefined) really.add(v);
  }
  for (const v of values) if (!really.has(v)) h.fail(`didn't find a value: ${v} was seen committed but is not in the final log`);
  if (values.length === 0) h.fail("the clients saw no value committed at all");
  return h.now();
}

/** Waits (in virtual time) until every task finished; rethrows a task's failure. */
export function join<A, T>(h: Harness<A>, tasks: Task<T>[]): void {
  h.clock.runUntil(() => tasks.every((t) => t.done), { limitMs: 600_000 });
  h.scheduler.rethrow();
  if (!tasks.every((t) => t.done)) h.fail("client processes did not finish");
}
