// The Raft playground: five members of src/etcd's RaftCluster running in the browser on virtual
// time. Learners crash and restart servers, cut the network, drop messages and send client
// requests, and watch terms, roles, election timers, logs and messages change.
//
// Time: "Run" advances the VirtualClock by speed × (real milliseconds since the last animation
// frame), rounded down to whole milliseconds; "Step" jumps to the next timer (a tick, a message
// delivery, an fsync completing); the scrubber rebuilds the run from the seed and replays the
// learner's recorded actions up to the chosen time (raft-world.ts explains why that is exact).
//
// Test hooks (tools/site-test.ts): the root carries data-playground="raft"; controls and server
// rows carry data-testid; a server row says its role and term in data-role and data-term.
import React, { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { renderTimeline, stateColor } from '@course/sim';
import RaftRing, { LEGEND } from './RaftRing';
import { BASE_MS, IDS, JITTER_MS, RaftWorld, TICK_MS, formatTime, type Action, type ActionInput, type ServerView } from './raft-world';
import styles from './raft.module.css';

const SPEEDS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5];
const DEFAULT_SPEED = 0.25;
const TIMELINE_MS = 1500;
const LOG_WIDTH = 12;

/** What the last move through time did: a replay from the seed (back), or running on (forward). */
interface ReplayInfo {
  kind: 'replay' | 'forward';
  from: number;
  to: number;
  actions: number;
  of: number;
  fired: number;
  wallMs: number;
}

export default function RaftPlayground(props: { seed?: string | number; autoplay?: boolean }): React.JSX.Element {
  const initialSeed = String(props.seed ?? 7);
  const worldRef = useRef<RaftWorld | null>(null);
  if (worldRef.current === null) worldRef.current = new RaftWorld(initialSeed);
  const [, render] = useReducer((n: number) => n + 1, 0);
  const [running, setRunning] = useState(false);
  const [speed, setSpeed] = useState(DEFAULT_SPEED);
  const [seedText, setSeedText] = useState(initialSeed);
  const [selected, setSelected] = useState<number[]>([]);
  const [dropFrom, setDropFrom] = useState<number | undefined>(undefined);
  const [replay, setReplay] = useState<ReplayInfo | undefined>(undefined);
  const [stepInfo, setStepInfo] = useState<string | undefined>(undefined);
  /** Fingerprints of moments already seen, to show that a replay reaches the same state. */
  const seen = useRef(new Map<number, string>());
  const speedRef = useRef(speed);
  speedRef.current = speed;
  const world = worldRef.current;

  // Start moving on load, unless the reader asked for less motion.
  useEffect(() => {
    const reduced = typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    if ((props.autoplay ?? true) && !reduced) setRunning(true);
  }, [props.autoplay]);

  // The animation loop: virtual time advances by speed × real time, in whole milliseconds.
  useEffect(() => {
    if (!running) return undefined;
    let last = performance.now();
    let budget = 0;
    let handle = 0;
    const frame = (t: number) => {
      budget += Math.min(100, Math.max(0, t - last)) * speedRef.current;
      last = t;
      const whole = Math.floor(budget);
      if (whole > 0) {
        budget -= whole;
        const w = worldRef.current!;
        w.advanceTo(w.now + whole);
        render();
      }
      handle = requestAnimationFrame(frame);
    };
    handle = requestAnimationFrame(frame);
    return () => cancelAnimationFrame(handle);
  }, [running]);

  const act = useCallback((input: ActionInput) => {
    const w = worldRef.current!;
    // History changes from now on (and forks here if we were scrubbed back): forget what was seen.
    for (const t of [...seen.current.keys()]) if (t >= w.now) seen.current.delete(t);
    w.act(input);
    setStepInfo(undefined);
    render();
  }, []);

  const advance = (ms: number) => {
    setRunning(false);
    world.advanceTo(world.now + ms);
    setStepInfo(undefined);
    render();
  };

  const step = () => {
    setRunning(false);
    const next = world.nextEventTime();
    if (next === undefined) {
      setStepInfo('nothing is scheduled: every server is down and no message is in flight');
      return;
    }
    world.advanceTo(next);
    const what = world.happenedNow();
    setStepInfo(`${formatTime(world.now)}: ${what.length ? what.join('; ') : 'a Raft tick or a disk fsync (no message moved)'}`);
    render();
  };

  const newRun = () => {
    const seed = seedText.trim() || '7';
    worldRef.current = new RaftWorld(seed);
    seen.current.clear();
    setReplay(undefined);
    setStepInfo(undefined);
    setSelected([]);
    render();
  };

  /** Shows virtual time `target` < now: a fresh cluster from the seed, recorded actions re-applied. */
  const replayTo = (target: number) => {
    const started = performance.now();
    const from = worldRef.current!.now;
    const next = worldRef.current!.replayTo(target);
    worldRef.current = next;
    setReplay({ kind: 'replay', from, to: target, actions: next.applied, of: next.actions.length, fired: next.fired, wallMs: performance.now() - started });
    render();
  };

  const back = (ms: number) => {
    setRunning(false);
    setStepInfo(undefined);
    replayTo(Math.max(0, world.now - ms));
  };

  // Scrubbing: coalesce input events to one replay per animation frame.
  const scrubTarget = useRef<number | undefined>(undefined);
  const scrubFrame = useRef(0);
  const scrub = (time: number) => {
    setRunning(false);
    setStepInfo(undefined);
    scrubTarget.current = time;
    if (scrubFrame.current) return;
    scrubFrame.current = requestAnimationFrame(() => {
      scrubFrame.current = 0;
      const target = scrubTarget.current;
      const w = worldRef.current!;
      if (target === undefined || target === w.now) return;
      // Going forward needs no replay; going back rebuilds the cluster from the seed.
      if (target > w.now) {
        const started = performance.now();
        const [from, applied, fired] = [w.now, w.applied, w.fired];
        w.advanceTo(target);
        setReplay({ kind: 'forward', from, to: target, actions: w.applied - applied, of: w.actions.length, fired: w.fired - fired, wallMs: performance.now() - started });
        render();
      } else {
        replayTo(target);
      }
    });
  };
  useEffect(() => () => cancelAnimationFrame(scrubFrame.current), []);

  const { servers, from, to } = world.servers(LOG_WIDTH);
  const leader = world.leader();
  const now = world.now;
  const flights = world.flights();

  // The fingerprint of the whole trace: computed when time stands still (it hashes everything).
  const fingerprint = useMemo(() => (running ? undefined : world.fingerprint()), [running, world, now, world.actions.length]);
  let earlier: string | undefined;
  if (fingerprint !== undefined) {
    earlier = seen.current.get(now);
    if (earlier === undefined) seen.current.set(now, fingerprint);
  }

  const timeline = useMemo(
    () =>
      renderTimeline(world.recentTrace(TIMELINE_MS), {
        from: Math.max(0, now - TIMELINE_MS),
        to: Math.max(now, TIMELINE_MS),
        nodes: IDS.map((id) => `n${id}`),
        width: 760,
        maxMessages: 400,
      }),
    [world, now, world.actions.length],
  );

  const toggle = (id: number) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id].sort()));
  const cutSelected = () => {
    const rest = IDS.filter((id) => !selected.includes(id));
    if (selected.length === 0 || rest.length === 0) return;
    act({ kind: 'partition', groups: [selected, rest] });
  };
  const isolateLeader = () => {
    if (!leader) return;
    act({ kind: 'partition', groups: [[leader.id], IDS.filter((id) => id !== leader.id)] });
  };
  const partitioned = IDS.some((a) => IDS.some((b) => !world.connected(a, b)));
  const narration = world.narration.slice(-9).reverse();

  return (
    <div className={styles.playground} data-playground="raft">
      <div className={styles.toolbar}>
        <button
          type="button"
          className={`button button--sm ${running ? 'button--secondary' : 'button--primary'} ${styles.runButton}`}
          onClick={() => setRunning((r) => !r)}
          data-testid="raft-run"
          data-running={running}
        >
          {running ? '❚❚ Pause' : '▶ Run'}
        </button>
        <button type="button" className="button button--sm button--secondary" onClick={() => back(1000)} data-testid="raft-back" title="Replay from the seed up to one second ago">
          −1 s
        </button>
        <button type="button" className="button button--sm button--secondary" onClick={step} data-testid="raft-step" title="Jump to the next event: a tick, a delivery, an fsync">
          Step
        </button>
        <button type="button" className="button button--sm button--secondary" onClick={() => advance(1000)} data-testid="raft-advance" title="Run one second of virtual time">
          +1 s
        </button>
        <label className={styles.field}>
          speed
          <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))} data-testid="raft-speed">
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
        <span className={styles.clock}>
          t = <strong data-testid="raft-now">{formatTime(now)}</strong>
        </span>
        <span className={styles.leaderInfo} data-testid="raft-leader" data-leader={leader?.id ?? ''}>
          {leader ? (
            <>
              leader <strong>n{leader.id}</strong>, term {leader.term}
            </>
          ) : (
            <em>no leader</em>
          )}
        </span>
        <span className={styles.spacer} />
        <label className={styles.field}>
          seed
          <input
            value={seedText}
            onChange={(e) => setSeedText(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && newRun()}
            size={6}
            data-testid="raft-seed"
            aria-label="seed"
          />
        </label>
        <button type="button" className="button button--sm button--outline button--secondary" onClick={newRun} data-testid="raft-new-run">
          New run
        </button>
      </div>

      <div className={styles.main}>
        <div className={styles.ringPanel}>
          <RaftRing servers={servers} flights={flights} connected={(a, b) => world.connected(a, b)} />
          <div className={styles.legend}>
            {LEGEND.map(([label, color]) => (
              <span key={label}>
                <i style={{ background: color }} /> {label}
              </span>
            ))}
            <span>
              <i className={styles.legendSmall} /> small: reply
            </span>
          </div>
          <div className={styles.inFlight}>{flights.filter((f) => !f.dropped).length} messages in flight</div>
        </div>
        <div className={styles.servers}>
          <div className={styles.logHeader}>
            <span>server</span>
            <span>state</span>
            <span>election timer</span>
            <span className={styles.logColumns}>
              {Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => (
                <span key={i}>{from + i}</span>
              ))}
              {to === 0 && <span className={styles.logEmpty}>log (empty)</span>}
            </span>
            <span />
          </div>
          {servers.map((s) => (
            <ServerRow key={s.id} server={s} from={from} to={to} onCrash={() => act({ kind: 'crash', id: s.id })} onRestart={() => act({ kind: 'restart', id: s.id })} />
          ))}
          <p className={styles.logKey}>
            Log entries show their term; solid = committed, dashed = not yet. Entry <code>·</code> is the empty entry a new leader
            appends; <code>x1</code>, <code>x2</code>… are client requests.
          </p>
        </div>
      </div>

      <div className={styles.faults}>
        <div className={styles.group}>
          <span className={styles.groupLabel}>client</span>
          <button type="button" className="button button--sm button--primary" onClick={() => act({ kind: 'propose', data: world.nextProposal() })} data-testid="raft-propose">
            Client request {world.nextProposal()}
          </button>
        </div>
        <div className={styles.group}>
          <span className={styles.groupLabel}>network</span>
          {IDS.map((id) => (
            <button
              key={id}
              type="button"
              className={`${styles.chip} ${selected.includes(id) ? styles.chipOn : ''}`}
              aria-pressed={selected.includes(id)}
              onClick={() => toggle(id)}
              data-testid={`raft-select-n${id}`}
              title="Choose the servers to cut off from the others"
            >
              n{id}
            </button>
          ))}
          <button type="button" className="button button--sm button--secondary" onClick={cutSelected} data-testid="raft-partition">
            Cut off {selected.length ? selected.map((id) => `n${id}`).join(',') : 'selected'}
          </button>
          <button type="button" className="button button--sm button--secondary" onClick={isolateLeader} data-testid="raft-isolate-leader">
            Isolate leader
          </button>
          <button type="button" className="button button--sm button--secondary" onClick={() => act({ kind: 'heal' })} data-testid="raft-heal">
            Heal{partitioned ? '' : ' (nothing cut)'}
          </button>
        </div>
        <div className={styles.group}>
          <span className={styles.groupLabel}>messages</span>
          <select
            value={dropFrom ?? ''}
            onChange={(e) => setDropFrom(e.target.value ? Number(e.target.value) : undefined)}
            aria-label="whose message to drop"
            data-testid="raft-drop-from"
          >
            <option value="">from anyone</option>
            {IDS.map((id) => (
              <option key={id} value={id}>
                from n{id}
              </option>
            ))}
          </select>
          <button type="button" className="button button--sm button--secondary" onClick={() => act({ kind: 'drop-next', from: dropFrom })} data-testid="raft-drop-next">
            Drop next message{world.pendingDrops ? ` (${world.pendingDrops} waiting)` : ''}
          </button>
          <label className={styles.field}>
            loss {Math.round(world.loss * 100)}%
            <input
              type="range"
              min={0}
              max={50}
              step={5}
              value={Math.round(world.loss * 100)}
              onChange={(e) => act({ kind: 'loss', value: Number(e.target.value) / 100 })}
              data-testid="raft-loss"
              aria-label="message loss in percent"
            />
          </label>
        </div>
      </div>

      <div className={styles.scrubber}>
        <div className={styles.scrubTrack}>
          <input
            type="range"
            min={0}
            max={Math.max(1, world.horizon)}
            step={1}
            value={now}
            onChange={(e) => scrub(Number(e.target.value))}
            data-testid="raft-scrubber"
            aria-label="virtual time: drag to replay from the seed"
          />
          <div className={styles.marks}>
            {world.actions.map((a, i) => (
              <span
                key={i}
                className={`${styles.mark} ${i < world.applied ? '' : styles.markAhead}`}
                style={{ left: `${(a.at / Math.max(1, world.horizon)) * 100}%` }}
                title={`${formatTime(a.at)}: ${describe(a)}`}
              />
            ))}
          </div>
        </div>
        <div className={styles.scrubInfo} data-testid="raft-replay-info">
          <span>
            0 — <strong>{formatTime(world.horizon)}</strong> recorded · seed <code>{world.seed}</code> · {world.actions.length} action
            {world.actions.length === 1 ? '' : 's'}
            {world.pendingActions ? ` (${world.pendingActions} ahead, replayed as time runs; a new action discards them)` : ''}
          </span>
          {replay?.kind === 'replay' && (
            <span>
              Back from {formatTime(replay.from)} to {formatTime(replay.to)}: replayed from the seed, a fresh cluster with{' '}
              {replay.actions} of your {replay.of} actions re-applied, {replay.fired.toLocaleString('en')} timer events in{' '}
              {replay.wallMs.toFixed(0)} ms.
            </span>
          )}
          {replay?.kind === 'forward' && (
            <span>
              Forward from {formatTime(replay.from)} to {formatTime(replay.to)}: ran on, {replay.actions} recorded action
              {replay.actions === 1 ? '' : 's'} re-applied on the way, {replay.fired.toLocaleString('en')} timer events in{' '}
              {replay.wallMs.toFixed(0)} ms.
            </span>
          )}
          <span>
            trace fingerprint{' '}
            <code data-testid="raft-fingerprint">{fingerprint ?? '(running)'}</code>
            {fingerprint !== undefined && earlier !== undefined && (
              <span className={earlier === fingerprint ? styles.same : styles.differs}>
                {earlier === fingerprint ? ' ✓ identical to your earlier visit to this moment' : ` ✗ differs from ${earlier}`}
              </span>
            )}
          </span>
        </div>
      </div>

      <div className={styles.bottom}>
        <div className={styles.narration} data-testid="raft-narration">
          <div className={styles.panelTitle}>What happened</div>
          {stepInfo && <div className={styles.stepInfo}>step → {stepInfo}</div>}
          <ol reversed>
            {narration.map((n, i) => (
              <li key={`${n.at}-${i}`} className={n.kind === 'you' ? styles.you : undefined}>
                <span className={styles.at}>{formatTime(n.at)}</span> {n.text}
              </li>
            ))}
            {narration.length === 0 && <li className={styles.muted}>Nothing yet: every follower waits for its election timer.</li>}
          </ol>
        </div>
        <div className={styles.timeline}>
          <div className={styles.panelTitle}>Last {TIMELINE_MS / 1000} s as a timeline (renderTimeline from src/sim)</div>
          <div dangerouslySetInnerHTML={{ __html: timeline }} />
        </div>
      </div>
      <p className={styles.footnote}>
        Raft ticks every {TICK_MS} ms (etcd's heartbeat interval); the election timeout is 10 ticks, randomized to 10–19 at each
        reset. Messages take {BASE_MS}–{BASE_MS + JITTER_MS - 1} ms here so you can watch them (in a data centre, well under a
        millisecond), and each link delivers in order, like etcd's TCP streams. PreVote and CheckQuorum are on, as in etcd.
      </p>
    </div>
  );
}

function ServerRow(props: { server: ServerView; from: number; to: number; onCrash: () => void; onRestart: () => void }): React.JSX.Element {
  const { server: s, from, to } = props;
  const byIndex = new Map(s.entries.map((e) => [e.index, e]));
  return (
    <div className={`${styles.row} ${s.up ? '' : styles.rowDown}`} data-testid={`raft-server-n${s.id}`} data-role={s.role} data-term={s.term}>
      <span className={styles.name}>
        <strong>{s.name}</strong>
        <span className={styles.role} style={{ background: stateColor(s.role) }}>
          {s.role}
        </span>
      </span>
      <span className={styles.state}>
        <span>
          term <strong>{s.term}</strong> · vote {s.vote ? `n${s.vote}` : '—'}
        </span>
        <span>
          commit {s.commit} · applied {s.applied}
        </span>
      </span>
      <span className={styles.timerCell}>
        {s.timer ? (
          <>
            <span className={styles.bar}>
              <span
                className={s.timer.elapsed / s.timer.timeout > 0.8 ? styles.barHot : styles.barFill}
                style={{ width: `${(100 * s.timer.elapsed) / s.timer.timeout}%` }}
              />
            </span>
            <span className={styles.small}>
              {Math.floor(s.timer.elapsed)} / {s.timer.timeout} ticks
            </span>
          </>
        ) : s.up ? (
          <span className={styles.small}>
            heartbeat every tick
            <br />
            match {Object.entries(s.match).map(([id, m]) => `n${id}:${m}`).join(' ')}
          </span>
        ) : (
          <span className={styles.small}>down: term, vote and synced log wait on its disk</span>
        )}
      </span>
      <span className={styles.logColumns}>
        {Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => {
          const e = byIndex.get(from + i);
          if (!e) return <span key={i} className={styles.slot} />;
          return (
            <span
              key={i}
              className={e.committed ? styles.entry : `${styles.entry} ${styles.uncommitted}`}
              style={{ '--term-color': termColor(e.term) } as React.CSSProperties}
              title={`index ${e.index}, term ${e.term}, ${e.data ? `"${e.data}"` : 'empty entry of a new leader'}, ${e.committed ? 'committed' : 'not committed yet'}`}
            >
              <span className={styles.entryTerm}>{e.term}</span>
              <span className={styles.entryData}>{e.data || '·'}</span>
            </span>
          );
        })}
      </span>
      <span className={styles.rowAction}>
        {s.up ? (
          <button type="button" className="button button--sm button--danger" onClick={props.onCrash} data-testid={`raft-crash-n${s.id}`}>
            Crash
          </button>
        ) : (
          <button type="button" className="button button--sm button--success" onClick={props.onRestart} data-testid={`raft-restart-n${s.id}`}>
            Restart
          </button>
        )}
      </span>
    </div>
  );
}

/** A distinct colour per term, the same on every row. */
function termColor(term: number): string {
  return `hsl(${(term * 67 + 200) % 360} 65% 72%)`;
}

function describe(a: Action): string {
  switch (a.kind) {
    case 'crash':
      return `crash n${a.id}`;
    case 'restart':
      return `restart n${a.id}`;
    case 'partition':
      return `partition ${a.groups.map((g) => `{${g.map((id) => `n${id}`).join(',')}}`).join(' | ')}`;
    case 'heal':
      return 'heal';
    case 'propose':
      return `client request ${a.data}`;
    case 'drop-next':
      return a.from ? `drop n${a.from}'s next message` : 'drop the next message';
    case 'loss':
      return `loss ${Math.round(a.value * 100)}%`;
  }
}
