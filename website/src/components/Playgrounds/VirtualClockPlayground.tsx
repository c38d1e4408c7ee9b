// The smallest playground: the course's own VirtualClock and Rng (src/sim), driven by buttons.
// It proves the site can bundle ../src; the Raft and scheduler playgrounds follow the same pattern.
// Convention checked by tools/site-test.ts: a playground's root carries `data-playground`, and
// clicking its buttons must change what it shows without any console error.
import React, { useReducer, useRef } from 'react';
import { Rng, VirtualClock } from '@course/sim';
import styles from './styles.module.css';

const SEED = 42;

interface World {
  clock: VirtualClock;
  rng: Rng;
  log: string[];
}

function newWorld(): World {
  return { clock: new VirtualClock(), rng: new Rng(SEED).fork('playground'), log: [] };
}

export default function VirtualClockPlayground(): React.JSX.Element {
  const world = useRef<World>(newWorld());
  const [, render] = useReducer((n: number) => n + 1, 0);
  const { clock, rng, log } = world.current;

  const act = (action: (w: World) => void) => () => {
    action(world.current);
    render();
  };
  const setTimer = act((w) => {
    const delay = w.rng.int(100, 1000);
    const label = `timer ${w.clock.pendingTimers() + w.clock.fired + 1}`;
    const setAt = w.clock.now();
    w.clock.setTimer(delay, () => w.log.push(`t=${w.clock.now()} ms: ${label} fired (set at ${setAt} ms, +${delay} ms)`), label);
    w.log.push(`t=${setAt} ms: ${label} set for +${delay} ms`);
  });

  return (
    <div className={styles.playground} data-playground="virtual-clock">
      <div className={styles.controls}>
        <button type="button" className="button button--primary button--sm" onClick={setTimer}>
          Set a random timer
        </button>
        <button type="button" className="button button--secondary button--sm" onClick={act((w) => w.clock.advance(250))}>
          Advance 250 ms
        </button>
        <button type="button" className="button button--secondary button--sm" onClick={act((w) => w.clock.runAll())}>
          Run all timers
        </button>
        <button type="button" className="button button--outline button--secondary button--sm" onClick={act((w) => (world.current = newWorld()))}>
          Reset
        </button>
      </div>
      <p className={styles.status}>
        Now: <strong data-testid="now">{clock.now()} ms</strong> · pending timers: {clock.pendingTimers()} · fired:{' '}
        {clock.fired} · seed: {rng.seed}
      </p>
      <pre className={styles.log}>{log.length ? log.slice(-8).join('\n') : 'Nothing has happened yet: time stands still.'}</pre>
    </div>
  );
}
