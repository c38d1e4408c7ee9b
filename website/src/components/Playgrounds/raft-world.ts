// The model behind the Raft playground, without React: a RaftCluster from src/etcd on one
// seeded Simulation, plus the list of things the learner did and when (crash n3 at 4 200 ms, ...).
//
// Replay. A run is a pure function of (seed, actions): building a new world from the same seed
// and applying the same actions at the same virtual times gives the same run, event for event.
// So the time scrubber never stores snapshots: to show time T it builds the world again from the
// seed and plays it forward to T, applying every recorded action on the way. Scrubbing back and
// pressing Run replays the recorded actions as their times come; doing something new while
// scrubbed back forks history there (later actions are discarded).
//
// Virtual time only moves in whole milliseconds here (the animation rounds its frames down), so
// an action's time is an exact number and a replay reaches it exactly.
import { RaftCluster } from '@course/etcd/server/raft-cluster';
import { Trace } from '@course/sim';

export const SIZE = 5;
export const IDS = Array.from({ length: SIZE }, (_, i) => i + 1);
/** etcd's default heartbeat interval: one Raft tick. Election timeout: 10 ticks, randomized to 10–19. */
export const TICK_MS = 100;
/**
 * One-way message delay: BASE_MS plus 0..JITTER_MS-1, drawn from the seed. Slower than a data
 * centre (well under 1 ms) so that messages are visible, still well under the heartbeat.
 */
export const BASE_MS = 12;
export const JITTER_MS = 24;

export type Role = 'follower' | 'pre-candidate' | 'candidate' | 'leader' | 'crashed';

export type ActionInput =
  | { kind: 'crash'; id: number }
  | { kind: 'restart'; id: number }
  | { kind: 'partition'; groups: number[][] }
  | { kind: 'heal' }
  | { kind: 'propose'; data: string }
  | { kind: 'drop-next'; from?: number }
  | { kind: 'loss'; value: number };

export type Action = ActionInput & { at: number };

export interface LogEntryView {
  index: number;
  term: number;
  data: string;
  committed: boolean;
}

export interface ServerView {
  id: number;
  name: string;
  up: boolean;
  role: Role;
  term: number;
  vote: number;
  lead: number;
  commit: number;
  applied: number;
  lastIndex: number;
  /** Election timer in ticks (follower, candidates), smoothed within the current tick. */
  timer: { elapsed: number; timeout: number } | undefined;
  /** The last entries of the log; `hidden` earlier ones are not shown. */
  entries: LogEntryView[];
  hidden: number;
  /** Leader only: how far each follower's log is known to match. */
  match: Record<number, number>;
}

export interface FlightView {
  id: number;
  from: number;
  to: number;
  type: string;
  label: string;
  /** 0 at the sender, 1 at the receiver. */
  progress: number;
  dropped: boolean;
}

export interface Narration {
  at: number;
  text: string;
  kind: 'you' | 'role' | 'net' | 'note';
}

const ROLES: Record<string, Role> = {
  StateFollower: 'follower',
  StatePreCandidate: 'pre-candidate',
  StateCandidate: 'candidate',
  StateLeader: 'leader',
};

/** Dropped messages stay drawn (as a cross) this long after they were dropped. */
const DROP_SHOW_MS = 60;

export class RaftWorld {
  readonly cluster: RaftCluster;
  /** Every action the learner took, in order; `applied` of them have happened in this world. */
  readonly actions: Action[];
  applied = 0;
  /** The furthest virtual time this history has been run to: the scrubber's right end. */
  horizon: number;
  readonly narration: Narration[] = [];
  /** Timer callbacks fired in this world (a replay's cost). */
  get fired(): number {
    return this.cluster.clock.fired;
  }
  /** When each message is due at its receiver, by trace id (set by the latency filter). */
  private readonly due = new Map<number, number>();
  private readonly dropRequests: (number | undefined)[] = [];
  private readonly lastSeen = new Map<number, ServerView>();
  private readonly bootAt = new Map<number, number>();
  private scanned = 0;
  /** Each node's role as last narrated, to skip follower -> follower (a new leader was learned). */
  private readonly narratedRole = new Map<number, string>();

  constructor(
    readonly seed: string,
    actions: readonly Action[] = [],
    horizon = 0,
  ) {
    this.actions = [...actions];
    this.horizon = horizon;
    this.cluster = new RaftCluster({ seed, size: SIZE, tickMs: TICK_MS, link: { latency: { kind: 'fixed', ms: BASE_MS } } });
    for (const id of IDS) this.bootAt.set(id, 0);
    const trace = this.cluster.sim.trace;
    const jitter = this.cluster.sim.rng.fork('playground/latency');
    // The network writes a send to the trace and then asks the filters, so the newest trace event
    // is the message being filtered. The filter draws the message's delay itself, which is how
    // the playground knows when each message in flight will arrive. Each link delivers in order,
    // as etcd's TCP streams do: a message never arrives before one sent earlier on its link.
    const lastDue = new Map<string, number>();
    this.cluster.sim.network.addFilter((_message, from, to) => {
      const event = trace.events[trace.events.length - 1];
      const drop = this.dropRequests.findIndex((who) => who === undefined || `n${who}` === from);
      if (drop >= 0) {
        this.dropRequests.splice(drop, 1);
        return 'drop';
      }
      const now = this.cluster.clock.now();
      const link = `${from}>${to}`;
      const extra = Math.max(jitter.int(0, JITTER_MS), (lastDue.get(link) ?? 0) - now - BASE_MS);
      lastDue.set(link, now + BASE_MS + extra);
      if (event?.type === 'message') this.due.set(event.id, now + BASE_MS + extra);
      return { delayMs: extra };
    });
    this.scan();
  }

  get now(): number {
    return this.cluster.clock.now();
  }

  /** A new world from the same seed and actions, played forward to `time`. */
  replayTo(time: number): RaftWorld {
    const world = new RaftWorld(this.seed, this.actions, this.horizon);
    world.advanceTo(time);
    return world;
  }

  /** Runs virtual time up to `target`, applying recorded actions when their time comes. */
  advanceTo(target: number): void {
    const clock = this.cluster.clock;
    for (;;) {
      const action = this.actions[this.applied];
      const stop = action && action.at <= target ? action.at : target;
      // One timer (or group of timers due at the same ms) at a time, so the narration can read
      // each node's term right after the event that changed its role.
      for (let next = clock.nextDue(); next !== undefined && next <= stop; next = clock.nextDue()) {
        clock.advance(next - clock.now());
        this.scan();
      }
      if (stop > clock.now()) clock.advance(stop - clock.now());
      if (!action || action.at > target) break;
      this.apply(action);
      this.applied++;
    }
    this.horizon = Math.max(this.horizon, clock.now());
  }

  /** The next moment something happens: a timer due, or a recorded action. */
  nextEventTime(): number | undefined {
    const due = this.cluster.clock.nextDue();
    const action = this.actions[this.applied]?.at;
    if (due === undefined) return action;
    return action === undefined ? due : Math.min(due, action);
  }

  /** The learner acts now. Actions recorded after now (we are scrubbed back) are discarded. */
  act(input: ActionInput): void {
    const at = this.now;
    this.actions.splice(this.applied);
    const previous = this.actions[this.applied - 1];
    if (input.kind === 'loss' && previous?.kind === 'loss' && previous.at === at) {
      // Dragging the loss slider: one action per moment, the last value wins.
      this.actions.pop();
      this.applied--;
    }
    this.horizon = at;
    const action = { ...input, at } as Action;
    this.actions.push(action);
    this.apply(action);
    this.applied++;
  }

  /** Actions recorded after the current time (replayed if time runs on, discarded by a new action). */
  get pendingActions(): number {
    return this.actions.length - this.applied;
  }

  nextProposal(): string {
    return `x${this.actions.slice(0, this.applied).filter((a) => a.kind === 'propose').length + 1}`;
  }

  private apply(action: Action): void {
    const c = this.cluster;
    this.scan();
    const say = (text: string) => this.narration.push({ at: action.at, text, kind: 'you' });
    switch (action.kind) {
      case 'crash':
        if (!c.member(action.id).node) return;
        this.lastSeen.set(action.id, this.server(action.id));
        say(`you crashed n${action.id}`);
        c.crash(action.id);
        break;
      case 'restart':
        if (c.member(action.id).node) return;
        say(`you restarted n${action.id} from its disk`);
        c.restart(action.id);
        this.bootAt.set(action.id, action.at);
        break;
      case 'partition':
        say(`you cut the network: ${action.groups.map((g) => `{${g.map((id) => `n${id}`).join(',')}}`).join(' | ')}`);
        c.partition(...action.groups);
        break;
      case 'heal':
        say('you healed the network');
        c.heal();
        break;
      case 'propose': {
        const leader = c.leader();
        if (leader && c.propose(action.data)) say(`client request ${action.data} → leader n${leader.id}`);
        else say(`client request ${action.data} refused: no leader (a real client retries)`);
        break;
      }
      case 'drop-next':
        this.dropRequests.push(action.from);
        say(action.from ? `you will drop n${action.from}'s next message` : 'you will drop the next message');
        break;
      case 'loss':
        c.sim.network.configure({ loss: action.value });
        say(`you set message loss to ${Math.round(action.value * 100)}%`);
        break;
    }
    this.scan();
  }

  /** Turns new trace events (role changes, marks, notes) into narration lines. */
  private scan(): void {
    const events = this.cluster.sim.trace.events;
    for (; this.scanned < events.length; this.scanned++) {
      const e = events[this.scanned]!;
      if (e.type === 'state') {
        if ((e.at === 0 && e.state === 'follower') || e.state === 'crashed') continue;
        const id = Number(e.node.slice(1));
        const node = this.cluster.member(id).node;
        const term = node && e.state !== 'crashed' && e.state !== 'follower' ? ` (term ${node.term})` : '';
        if (e.state === 'follower' && (this.narratedRole.get(id) ?? 'follower') === 'follower') continue;
        this.narratedRole.set(id, e.state);
        this.narration.push({ at: e.at, text: `n${id} is ${e.state}${term}`, kind: 'role' });
      } else if (e.type === 'mark') {
        // Partitions and heals are narrated as the learner's actions.
      } else if (e.type === 'note') {
        if (e.label.startsWith('crash')) continue;
        this.narration.push({ at: e.at, text: `${e.node}: ${e.label}`, kind: 'note' });
      }
    }
  }


  // --- views for the page --------------------------------------------------------------------

  /** One server as the page shows it, with its whole log (`servers()` trims logs to a window). */
  server(id: number): ServerView {
    const member = this.cluster.member(id);
    const node = member.node;
    if (!node) {
      const seen = this.lastSeen.get(id);
      const base = seen ?? emptyView(id);
      return { ...base, up: false, role: 'crashed', timer: undefined, match: {} };
    }
    const raft = node.raw.raft;
    const role = ROLES[raft.state] ?? 'follower';
    const log = raft.raftLog;
    const sinceBoot = this.now - (this.bootAt.get(id) ?? 0);
    const withinTick = (sinceBoot % TICK_MS) / TICK_MS;
    const match: Record<number, number> = {};
    if (role === 'leader') for (const [peer, pr] of raft.trk.progress) if (peer !== id) match[peer] = pr.match;
    return {
      id,
      name: `n${id}`,
      up: true,
      role,
      term: raft.term,
      vote: raft.vote,
      lead: raft.lead,
      commit: log.committed,
      applied: node.applied,
      lastIndex: log.lastIndex(),
      timer:
        role === 'leader'
          ? undefined
          : {
              elapsed: Math.min(raft.randomizedElectionTimeout, raft.electionElapsed + withinTick),
              timeout: raft.randomizedElectionTimeout,
            },
      entries: log.allEntries().map((e) => ({ index: e.index, term: e.term, data: e.data, committed: e.index <= log.committed })),
      hidden: log.firstIndex() - 1,
      match,
    };
  }

  /**
   * Every server, logs trimmed to the same window of indexes (the last `width` of the longest
   * log) so that entry i sits in the same column on every row.
   */
  servers(width = 12): { servers: ServerView[]; from: number; to: number } {
    const all = IDS.map((id) => this.server(id));
    const to = Math.max(0, ...all.map((s) => s.lastIndex));
    const from = Math.max(1, to - width + 1);
    const servers = all.map((s) => ({
      ...s,
      entries: s.entries.filter((e) => e.index >= from),
      hidden: s.hidden + s.entries.filter((e) => e.index < from).length,
    }));
    return { servers, from, to };
  }

  /** What happened at exactly this moment: messages sent and delivered now (for "Step"). */
  happenedNow(): string[] {
    const now = this.now;
    const events = this.cluster.sim.trace.events;
    const out: string[] = [];
    for (let i = events.length - 1; i >= 0; i--) {
      const e = events[i]!;
      if (e.at < now - BASE_MS - JITTER_MS - 1) break;
      if (e.type !== 'message') continue;
      if (e.deliveredAt === now) out.push(`delivered ${e.label}`);
      if (e.fate === 'dropped' && e.droppedAt === now && e.at !== now) out.push(`dropped ${e.label} (${e.reason})`);
      if (e.at === now) out.push(e.fate === 'dropped' ? `dropped ${e.label} (${e.reason})` : `sent ${e.label}`);
    }
    return out.reverse();
  }

  /** Messages on the wire now, and ones dropped a moment ago. */
  flights(): FlightView[] {
    const now = this.now;
    const events = this.cluster.sim.trace.events;
    const out: FlightView[] = [];
    const horizon = now - BASE_MS - JITTER_MS - DROP_SHOW_MS - 1;
    for (let i = events.length - 1; i >= 0; i--) {
      const e = events[i]!;
      if (e.at < horizon) break;
      if (e.type !== 'message') continue;
      const from = Number(e.from.slice(1));
      const to = Number(e.to.slice(1));
      const type = e.label.split(' ')[0] ?? e.label;
      if (e.fate === 'in-flight') {
        const due = this.due.get(e.id) ?? e.at + BASE_MS;
        out.push({ id: e.id, from, to, type, label: e.label, progress: clamp((now - e.at) / Math.max(1, due - e.at)), dropped: false });
      } else if (e.fate === 'dropped' && (e.droppedAt ?? e.at) >= now - DROP_SHOW_MS) {
        const until = e.droppedAt ?? e.at;
        const due = this.due.get(e.id) ?? e.at + BASE_MS;
        out.push({ id: e.id, from, to, type, label: `${e.label} (dropped: ${e.reason})`, progress: clamp(Math.max(0.25, (until - e.at) / Math.max(1, due - e.at))), dropped: true });
      }
    }
    return out.reverse();
  }

  connected(a: number, b: number): boolean {
    return this.cluster.sim.network.connected(`n${a}`, `n${b}`);
  }

  leader(): { id: number; term: number } | undefined {
    const l = this.cluster.leader();
    return l ? { id: l.id, term: l.term } : undefined;
  }

  /** The network's loss setting now. */
  get loss(): number {
    return this.cluster.sim.network.linkConfig('n1', 'n2').loss;
  }

  get pendingDrops(): number {
    return this.dropRequests.length;
  }

  /** FNV-1a of the whole trace so far: equal fingerprints, identical runs. */
  fingerprint(): string {
    return fnv1a(this.cluster.sim.trace.toJSONL() + `@${this.now}`);
  }

  /** The trace of the last `windowMs`, for a timeline drawing. */
  recentTrace(windowMs: number): Trace {
    const from = this.now - windowMs;
    const all = this.cluster.sim.trace.events;
    const trace = new Trace(() => this.now);
    // Role intervals need each node's state at the window's start: keep its last state event.
    const lastState = new Map<string, number>();
    let start = all.length;
    for (let i = all.length - 1; i >= 0; i--) {
      const e = all[i]!;
      if (e.at >= from - BASE_MS - JITTER_MS) start = i;
      else if (e.type === 'state' && !lastState.has(e.node)) lastState.set(e.node, i);
      if (e.at < from && lastState.size === SIZE) break;
    }
    const picked = new Set<number>([...lastState.values()]);
    for (let i = start; i < all.length; i++) picked.add(i);
    const current = new Map<string, string>();
    for (const i of [...picked].sort((a, b) => a - b)) {
      const e = all[i]!;
      if (e.type === 'state') {
        // follower -> follower (it learned of a new leader) would only repeat the lane's label.
        if (current.get(e.node) === e.state) continue;
        current.set(e.node, e.state);
      }
      trace.events.push(e.type === 'state' && e.at < from ? { ...e, at: from } : e);
    }
    return trace;
  }
}

function emptyView(id: number): ServerView {
  return {
    id,
    name: `n${id}`,
    up: false,
    role: 'crashed',
    term: 0,
    vote: 0,
    lead: 0,
    commit: 0,
    applied: 0,
    lastIndex: 0,
    timer: undefined,
    entries: [],
    hidden: 0,
    match: {},
  };
}

function clamp(x: number): number {
  return Math.max(0, Math.min(1, x));
}

export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** "850 ms", "12.40 s". */
export function formatTime(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
