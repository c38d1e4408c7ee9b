// The scheduler playground: edit a few nodes and one pod, and watch src/scheduler decide, like
// kube-scheduler-simulator: per node, every filter plugin's verdict (in upstream's words), every
// score plugin's raw, normalized and weighted score, the total, and the chosen node; or, when no
// node fits, the FitError message and what preemption does about it.
//
// Every edit re-runs one scheduling cycle from scratch on a fresh InMemoryCluster (explain mode)
// seeded with the seed shown, so the same inputs always give the same answer; ties between equal
// totals are broken by that seed (scheduler-world.ts).
//
// Test hooks (tools/site-test.ts): the root carries data-playground="scheduler"; the outcome
// (`sched-outcome`) says data-outcome and data-chosen; matrix rows (`sched-row-<node>`) say
// data-feasible and data-chosen; filter cells (`sched-filter-<node>-<plugin>`) say data-state;
// every control has a data-testid.
import React, { useMemo, useState } from 'react';
import { stringify } from 'yaml';
import SchedulerMatrix from './SchedulerMatrix';
import { NodeTable, PodEditor, RunningPodsTable, patchAt, removeAt } from './SchedulerEditors';
import { DEFAULT_PRESET, PRESETS, type Preset } from './scheduler-presets';
import { type NodeSpec, type PodSpec, type RunningPodSpec, type Scenario, type SchedulerView, newNode, schedule } from './scheduler-world';
import styles from './scheduler.module.css';

export default function SchedulerPlayground(props: { preset?: string; seed?: string | number }): React.JSX.Element {
  const first = PRESETS.find((p) => p.id === props.preset) ?? DEFAULT_PRESET;
  const [preset, setPreset] = useState<Preset>(first);
  const [scenario, setScenario] = useState<Scenario>(() => first.scenario());
  const [edited, setEdited] = useState(false);
  const [seedText, setSeedText] = useState(String(props.seed ?? 7));
  const seed = seedText.trim() || '7';
  const view = useMemo(() => schedule(scenario, seed), [scenario, seed]);

  const load = (p: Preset) => {
    setPreset(p);
    setScenario(p.scenario());
    setEdited(false);
  };
  const edit = (change: (s: Scenario) => Scenario) => {
    setScenario(change);
    setEdited(true);
  };
  const setPod = (patch: Partial<PodSpec>) => edit((s) => ({ ...s, pod: { ...s.pod, ...patch } }));
  const setNode = (i: number, patch: Partial<NodeSpec>) =>
    edit((s) => {
      const old = s.nodes[i]!.name;
      // Renaming a node moves its pods with it.
      const running = patch.name === undefined ? s.running : s.running.map((p) => (p.node === old ? { ...p, node: patch.name! } : p));
      return { ...s, nodes: patchAt(s.nodes, i, patch), running };
    });
  const removeNode = (i: number) =>
    edit((s) => ({ ...s, nodes: removeAt(s.nodes, i), running: s.running.filter((p) => p.node !== s.nodes[i]!.name) }));
  const addNode = () =>
    edit((s) => {
      let k = s.nodes.length + 1;
      while (s.nodes.some((n) => n.name === `node-${k}`)) k++;
      return { ...s, nodes: [...s.nodes, newNode(`node-${k}`)] };
    });
  const setRunning = (i: number, patch: Partial<RunningPodSpec>) => edit((s) => ({ ...s, running: patchAt(s.running, i, patch) }));
  const addRunning = () =>
    edit((s) => {
      let k = s.running.length + 1;
      while (s.running.some((p) => p.name === `pod-${k}`)) k++;
      return { ...s, running: [...s.running, { name: `pod-${k}`, node: s.nodes[0]?.name ?? '', labels: 'app=web', cpu: '500m', memory: '512Mi', priority: '0' }] };
    });

  const podYaml = useMemo(() => (view.pod ? stringify(view.pod, { lineWidth: 0 }) : ''), [view.pod]);
  const invalid = view.problems.length > 0;

  return (
    <div className={styles.playground} data-playground="scheduler">
      <div className={styles.toolbar}>
        <span className={styles.groupLabel}>presets</span>
        {PRESETS.map((p) => (
          <button
            key={p.id}
            type="button"
            className={`${styles.chip} ${p.id === preset.id ? styles.chipOn : ''}`}
            aria-pressed={p.id === preset.id}
            onClick={() => load(p)}
            data-testid={`sched-preset-${p.id}`}
          >
            {p.title}
          </button>
        ))}
        <span className={styles.spacer} />
        <span className={styles.summary} title="the result of the last edit">
          {view.outcome === 'Scheduled' ? (
            <>
              {view.podName} → <strong>{view.chosen}</strong>
            </>
          ) : view.outcome === 'Unschedulable' ? (
            <>
              {view.podName}: <strong>Pending</strong>
              {view.nominated ? ` (nominated ${view.nominated})` : ''}
            </>
          ) : (
            <strong>{view.outcome === 'Invalid' ? 'fix the mistakes' : 'error'}</strong>
          )}
        </span>
        <label className={styles.field} title="Feeds the scheduler's Rng: it breaks ties between nodes with equal totals">
          seed
          <input className={styles.input} style={{ width: '3.5rem' }} value={seedText} onChange={(e) => setSeedText(e.target.value)} data-testid="sched-seed" aria-label="seed" />
        </label>
        <button type="button" className="button button--sm button--secondary" onClick={() => setSeedText(String((Number.parseInt(seed, 10) || 0) + 1))} data-testid="sched-next-seed">
          Next seed
        </button>
      </div>

      <p className={styles.blurb}>
        <strong>{preset.title}.</strong> {preset.blurb}
        {edited && (
          <>
            {' '}
            <em>(edited)</em>{' '}
            <button type="button" className={styles.linkButton} onClick={() => load(preset)} data-testid="sched-reset">
              reset
            </button>
          </>
        )}
      </p>

      <Outcome view={view} />

      {invalid ? (
        <div className={styles.problems} data-testid="sched-problems">
          <strong>Fix {view.problems.length === 1 ? 'this' : 'these'} to schedule again:</strong>
          <ul>
            {view.problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </div>
      ) : (
        <>
          <SchedulerMatrix view={view} />
          <div className={styles.why} data-testid="sched-why">
            <div className={styles.panelTitle}>Why</div>
            <ol>
              {view.why.map((w, i) => (
                <li key={i}>{w}</li>
              ))}
            </ol>
          </div>
        </>
      )}

      <div className={styles.editors}>
        <div className={styles.nodesArea}>
          <div className={styles.panelTitle}>Nodes (allocatable capacity)</div>
          <NodeTable nodes={scenario.nodes} onChange={setNode} onRemove={removeNode} onAdd={addNode} />
        </div>
        <div className={styles.podArea}>
          <div className={styles.panelTitle}>The pod to schedule</div>
          <PodEditor pod={scenario.pod} onChange={setPod} />
          <details className={styles.yaml}>
            <summary>The pod as YAML (what the scheduler receives)</summary>
            <pre data-testid="sched-pod-yaml">{podYaml}</pre>
          </details>
        </div>
        <div className={styles.runningArea}>
          <div className={styles.panelTitle}>Pods already running (their requests count against the node)</div>
          <RunningPodsTable pods={scenario.running} nodes={scenario.nodes} onChange={setRunning} onRemove={(i) => edit((s) => ({ ...s, running: removeAt(s.running, i) }))} onAdd={addRunning} victims={view.victims} />
        </div>
      </div>
      <p className={styles.footnote}>
        The default profile of <code>src/scheduler</code>: the filter and score plugins of kube-scheduler's default configuration with
        their weights (volume plugins and DynamicResources are not implemented). One scheduling cycle per edit, on a fresh cluster with
        seed <code>{seed}</code>; with fewer than 100 nodes every node is examined.
      </p>
    </div>
  );
}

function Outcome(props: { view: SchedulerView }): React.JSX.Element {
  const v = props.view;
  return (
    <div className={`${styles.outcome} ${styles[`outcome${v.outcome}`]}`} data-testid="sched-outcome" data-outcome={v.outcome} data-chosen={v.chosen ?? ''} data-nominated={v.nominated ?? ''}>
      {v.outcome === 'Scheduled' && (
        <span>
          <code>{v.podName}</code> → <strong>{v.chosen}</strong>{' '}
          <span className={styles.muted}>
            (Scheduled: Successfully assigned default/{v.podName} to {v.chosen})
          </span>
        </span>
      )}
      {v.outcome === 'Unschedulable' && (
        <span>
          <code>{v.podName}</code> stays <strong>Pending</strong>
          {v.nominated && (
            <>
              , nominated to <strong>{v.nominated}</strong> while {v.victims.join(', ')} {v.victims.length === 1 ? 'terminates' : 'terminate'}
            </>
          )}
        </span>
      )}
      {v.outcome === 'Error' && (
        <span>
          <code>{v.podName}</code>: scheduler error
        </span>
      )}
      {v.outcome === 'Invalid' && <span>The scenario has mistakes: nothing was scheduled.</span>}
      {v.message && (
        <div className={styles.event} data-testid="sched-message">
          <span className={styles.muted}>{v.outcome === 'Unschedulable' ? 'Warning  FailedScheduling  default-scheduler  ' : ''}</span>
          {v.message}
        </div>
      )}
    </div>
  );
}
