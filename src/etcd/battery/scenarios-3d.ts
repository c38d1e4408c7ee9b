// Part 3D of MIT 6.5840's Raft lab: log compaction and InstallSnapshot (Raft §7).
//
// The lab's service snapshots every SnapShotInterval = 10 applied entries; here the RaftNode
// driver does it itself, as etcd's server does (--snapshot-count), with snapshotCount 10 and
// etcd's catch-up rule: 5 entries stay behind the snapshot for slow followers (etcd keeps 5000).
// A follower further behind than that can only be repaired with a snapshot.
import { Harness } from "./harness";
import { randCmd, type Scenario } from "./scenario";

export const SNAPSHOT_INTERVAL = 10;
const CATCH_UP_ENTRIES = 5;
/** MIT's MAXLOGSIZE, in entries: what a log may hold with compaction working. */
const MAX_LOG_ENTRIES = CATCH_UP_ENTRIES + 3 * SNAPSHOT_INTERVAL;
/** And in WAL bytes: the entries above plus the HardState records appended between snapshots. */
const MAX_WAL_BYTES = 16_000;

function snapshotHarness(seed: string | number, servers: number, unreliable: boolean): Harness {
  return new Harness({ seed, servers, unreliable, snapshotCount: SNAPSHOT_INTERVAL, catchUpEntries: CATCH_UP_ENTRIES });
}

//> snapcommon
/**
 * MIT's snapcommon: over and over, a victim (a follower, or every third time the leader) is
 * disconnected or crashed while enough commands go through to compact the log past it; when it
 * comes back it can only catch up by InstallSnapshot. The log must stay small throughout.
 */
function snapcommon(seed: string | number, disconnect: boolean, reliable: boolean, crash: boolean): number {
  const iters = 30;
  const servers = 3;
  const h = snapshotHarness(seed, servers, !reliable);
  h.one(randCmd(h.rng), servers, true);
  let leader1 = h.checkOneLeader();
  for (let i = 0; i < iters; i++) {
    let victim = (leader1 + 1) % servers;
    let sender = leader1;
    if (i % 3 === 1) {
      sender = (leader1 + 1) % servers;
      victim = leader1;
    }
    if (disconnect) {
      h.disconnect(victim);
      h.one(randCmd(h.rng), servers - 1, true);
    }
    if (crash) {
      h.crash(victim);
      h.one(randCmd(h.rng), servers - 1, true);
    }
    // Perhaps send enough to get a snapshot.
    const nn = SNAPSHOT_INTERVAL / 2 + h.rng.int(0, SNAPSHOT_INTERVAL);
    for (let k = 0; k < nn; k++) h.propose(sender, randCmd(h.rng));
    // Let the appliers catch up with the proposals.
    if (!disconnect && !crash) h.one(randCmd(h.rng), servers, true);
    else h.one(randCmd(h.rng), servers - 1, true);
    checkLogSize(h);
    if (disconnect) {
      // Reconnect a follower, who may be behind and need to receive a snapshot.
      h.connect(victim);
      h.one(randCmd(h.rng), servers, true);
      leader1 = h.checkOneLeader();
    }
    if (crash) {
      h.start(victim);
      h.connect(victim);
      h.one(randCmd(h.rng), servers, true);
      leader1 = h.checkOneLeader();
    }
  }
  return h.now();
}
//< snapcommon

function checkLogSize(h: Harness): void {
  const entries = h.maxLogEntries();
  if (entries > MAX_LOG_ENTRIES) h.fail(`log size too large: ${entries} entries (max ${MAX_LOG_ENTRIES}); is the log compacted?`);
  const bytes = h.logSize();
  if (bytes > MAX_WAL_BYTES) h.fail(`WAL too large: ${bytes} bytes (max ${MAX_WAL_BYTES}); is the WAL rewritten after a snapshot?`);
}

export const part3D: Scenario[] = [
  {
    part: "3D",
    mit: "TestSnapshotBasic3D",
    title: "3D snapshots basic: the log stays short while commands keep committing",
    run: (seed) => snapcommon(seed, false, true, false),
  },
  {
    part: "3D",
    mit: "TestSnapshotInstall3D",
    title: "3D install snapshots (disconnect): a follower that missed compacted entries is repaired by InstallSnapshot",
    run: (seed) => snapcommon(seed, true, true, false),
  },
  {
    part: "3D",
    mit: "TestSnapshotInstallUnreliable3D",
    title: "3D install snapshots (disconnect, unreliable): the same over a lossy, reordering network",
    run: (seed) => snapcommon(seed, true, false, false),
  },
  {
    part: "3D",
    mit: "TestSnapshotInstallCrash3D",
    title: "3D install snapshots (crash): a crashed server restarts from its snapshot and catches up",
    run: (seed) => snapcommon(seed, false, true, true),
  },
  {
    part: "3D",
    mit: "TestSnapshotInstallUnCrash3D",
    title: "3D install snapshots (unreliable, crash): the same over a lossy, reordering network",
    run: (seed) => snapcommon(seed, false, false, true),
  },
  {
    part: "3D",
    mit: "TestSnapshotAllCrash3D",
    title: "3D crash and restart all servers: after every server restarts from its snapshot the log index keeps growing",
    run(seed) {
      const servers = 3;
      const h = snapshotHarness(seed, servers, false);
      h.one(randCmd(h.rng), servers, true);
      for (let i = 0; i < 5; i++) {
        // Perhaps enough to get a snapshot.
        const nn = SNAPSHOT_INTERVAL / 2 + h.rng.int(0, SNAPSHOT_INTERVAL);
        for (let k = 0; k < nn; k++) h.one(randCmd(h.rng), servers, true);
        const index1 = h.one(randCmd(h.rng), servers, true);
        // Crash all.
        for (let k = 0; k < servers; k++) h.crash(k);
        // Revive all.
        for (let k = 0; k < servers; k++) {
          h.start(k);
          h.connect(k);
        }
        const index2 = h.one(randCmd(h.rng), servers, true);
        if (index2 < index1 + 1) h.fail(`index decreased from ${index1} to ${index2}`);
      }
      return h.now();
    },
  },
  {
    part: "3D",
    mit: "TestSnapshotInit3D",
    title: "3D snapshot initialization after crash: a server restarted from a snapshot persists and restarts correctly again",
    run(seed) {
      const servers = 3;
      const h = snapshotHarness(seed, servers, false);
      h.one(randCmd(h.rng), servers, true);
      // Enough ops to make a snapshot.
      for (let i = 0; i < SNAPSHOT_INTERVAL + 1; i++) h.one(randCmd(h.rng), servers, false);
      const restartAll = (): void => {
        for (let i = 0; i < servers; i++) h.crash(i);
        for (let i = 0; i < servers; i++) {
          h.start(i);
          h.connect(i);
        }
      };
      restartAll();
      if (h.applier(0).snapshotsRestored + h.applier(1).snapshotsRestored + h.applier(2).snapshotsRestored === 0) {
        h.fail("no server restarted from a snapshot");
      }
      // A single op, to get something to be written back to persistent storage.
      h.one(randCmd(h.rng), servers, false);
      restartAll();
      // Do another op to trigger a potential bug.
      h.one(randCmd(h.rng), servers, false);
      return h.now();
    },
  },
];
