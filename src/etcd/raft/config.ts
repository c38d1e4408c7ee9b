// The parameters of one Raft node, validated the way etcd-io/raft's Config.validate() does: an
// invalid setting is refused with a message naming the broken rule.
//
// Time in Raft is counted in *ticks*: the driver calls `tick()` at a fixed interval and every
// timeout below is a number of ticks. etcd's defaults are a 100 ms tick (`--heartbeat-interval`)
// and a 1000 ms election timeout (`--election-timeout`), i.e. heartbeatTick 1, electionTick 10.
import { Rng } from "../../sim/rng";
import { ConfigError } from "./errors";
import type { ReadOnlyOption } from "./read-only";
import type { Storage } from "./storage";
import { None, type NodeId } from "./types";

export interface Config {
  /** This node's id; not 0. */
  id: NodeId;
  /** Where Raft reads its persisted state and log. The driver writes to it (see Ready). */
  storage: Storage;
  /**
   * Ticks without hearing from a leader before a follower starts an election. The actual timeout
   * is drawn at random in [electionTick, 2*electionTick) each time it is reset (Raft §5.2: random
   * timeouts make split votes rare). Must exceed heartbeatTick; etcd suggests 10× heartbeatTick.
   * Default 10. Larger: slower failover; smaller: spurious elections on a slow network.
   */
  electionTick?: number;
  /** Ticks between a leader's heartbeats. Default 1. */
  heartbeatTick?: number;
  /** Initial voters, for a brand-new cluster whose storage has no membership yet. */
  peers?: NodeId[];
  /** The last index the application applied before a restart; Raft won't hand out earlier ones. */
  applied?: number;
  /**
   * Max bytes of entry data per MsgApp (always at least one entry). Default 1 MiB, as etcd server.
   * Smaller: cheaper retries when a message is lost; larger: higher throughput.
   */
  maxSizePerMsg?: number;
  /**
   * Max unacknowledged MsgApps per follower while replicating. Default 512 (etcd server's
   * 4096/8). Bounds the memory a slow follower costs the leader.
   */
  maxInflightMsgs?: number;
  /**
   * The leader steps down after an election timeout without hearing from a quorum, and
   * followers that heard from a leader recently ignore vote requests (the "leader lease").
   * Default true, as etcd server.
   */
  checkQuorum?: boolean;
  /**
   * Run a pre-election first (thesis §9.6): a node asks "would you vote for me?" without raising
   * its term, so a node returning from a partition does not depose a healthy leader. Default
   * true, as etcd server since v3.5 (etcd-io/etcd#12770).
   */
  preVote?: boolean;
  /**
   * How ReadIndex confirms leadership: "ReadOnlySafe" (default) by a heartbeat round with a
   * quorum; "ReadOnlyLeaseBased" by trusting the leader lease, which assumes bounded clock drift
   * and requires checkQuorum.
   */
  readOnlyOption?: ReadOnlyOption;
  /** Followers drop proposals instead of forwarding them to the leader. Default false. */
  disableProposalForwarding?: boolean;
  /**
   * Randomness for election timeouts. Default `new Rng("raft/<id>")`; a simulation passes
   * `sim.rng.fork("raft/n1")` so that the whole run replays from one seed.
   */
  rng?: Rng;
}

export type ResolvedConfig = Required<Omit<Config, "peers">> & { peers: NodeId[] };

//> raft-config-validate
/** Fills in defaults and checks the rules; throws ConfigError naming the broken one. */
export function validateConfig(c: Config): ResolvedConfig {
  const heartbeatTick = c.heartbeatTick ?? 1;
  const electionTick = c.electionTick ?? 10;
  const maxInflightMsgs = c.maxInflightMsgs ?? 512;
  const maxSizePerMsg = c.maxSizePerMsg ?? 1024 * 1024;
  const readOnlyOption = c.readOnlyOption ?? "ReadOnlySafe";
  const checkQuorum = c.checkQuorum ?? true;

  if (c.id === None) throw new ConfigError("cannot use none as id");
  if (!Number.isInteger(c.id) || c.id < 0) throw new ConfigError(`id must be a positive integer, got ${c.id}`);
  if (!Number.isInteger(heartbeatTick) || heartbeatTick <= 0) {
    throw new ConfigError(`heartbeat tick must be greater than 0 (heartbeatTick ${heartbeatTick})`);
  }
  if (!Number.isInteger(electionTick) || electionTick <= heartbeatTick) {
    throw new ConfigError(
      `election tick must be greater than heartbeat tick (electionTick ${electionTick}, heartbeatTick ${heartbeatTick})`,
    );
  }
  if (c.storage === undefined || c.storage === null) throw new ConfigError("storage cannot be nil");
  if (!Number.isInteger(maxInflightMsgs) || maxInflightMsgs <= 0) {
    throw new ConfigError(`max inflight messages must be greater than 0 (maxInflightMsgs ${maxInflightMsgs})`);
  }
  if (!(maxSizePerMsg >= 0)) throw new ConfigError(`max size per message must be >= 0 (maxSizePerMsg ${maxSizePerMsg})`);
  if (readOnlyOption === "ReadOnlyLeaseBased" && !checkQuorum) {
    throw new ConfigError("CheckQuorum must be enabled when ReadOnlyOption is ReadOnlyLeaseBased");
  }
  for (const p of c.peers ?? []) {
    if (p === None) throw new ConfigError("peers cannot contain none (0)");
  }

  return {
    id: c.id,
    storage: c.storage,
    electionTick,
    heartbeatTick,
    peers: [...(c.peers ?? [])],
    applied: c.applied ?? 0,
    maxSizePerMsg,
    maxInflightMsgs,
    checkQuorum,
    preVote: c.preVote ?? true,
    readOnlyOption,
    disableProposalForwarding: c.disableProposalForwarding ?? false,
    rng: c.rng ?? new Rng(`raft/${c.id}`),
  };
}
//< raft-config-validate
