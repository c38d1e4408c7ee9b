// The scheduler playground's result: one row per node, one column per filter plugin (✓, ✗ with
// upstream's reason, or – when PreFilter let it skip), then one per score plugin (raw →
// normalized × weight = weighted), then the total. The chosen node is highlighted; a node that
// preemption nominated shows its victims.
import React from 'react';
import type { FilterCell, NodeRow, SchedulerView } from './scheduler-world';
import { skippedNote } from './scheduler-world';
import styles from './scheduler.module.css';

/** "NodeResourcesFit" with line-break opportunities before its inner capitals. */
function PluginName(props: { name: string }): React.JSX.Element {
  const parts = props.name.split(/(?=[A-Z][a-z])/);
  return (
    <>
      {parts.map((p, i) => (
        <React.Fragment key={i}>
          {i > 0 && <wbr />}
          {p}
        </React.Fragment>
      ))}
    </>
  );
}

const SYMBOL: Record<FilterCell['state'], string> = { pass: '✓', fail: '✗', skipped: '–', 'not-run': '' };

function filterTitle(plugin: string, c: FilterCell): string {
  switch (c.state) {
    case 'pass':
      return `${plugin}: passed`;
    case 'fail':
      return `${plugin}: ${c.reasons.join(', ')} (${c.code}${c.code === 'Unschedulable' ? ': preemption may help' : ': preemption cannot help'})`;
    case 'skipped':
      return `${plugin}: PreFilter returned Skip, nothing to check for this pod`;
    case 'not-run':
      return `${plugin}: not run on this node`;
  }
}

export default function SchedulerMatrix(props: { view: SchedulerView }): React.JSX.Element {
  const v = props.view;
  const note = skippedNote(v);
  return (
    <div className={styles.matrixWrap}>
      <table className={styles.matrix} data-testid="sched-matrix">
        <thead>
          <tr className={styles.groupRow}>
            <th rowSpan={2} className={styles.nodeHead}>
              node
            </th>
            <th colSpan={v.filterPlugins.length + 1} className={styles.filterGroup}>
              Filter: can the pod run here?
            </th>
            <th colSpan={v.scorePlugins.length + 1} className={styles.scoreGroup}>
              Score: weighted = normalized × weight <span className={styles.muted}>(raw → normalized under it)</span>
            </th>
          </tr>
          <tr>
            {v.filterPlugins.map((p) => (
              <th key={p} className={`${styles.pluginHead} ${v.skippedFilters.includes(p) ? styles.headSkipped : ''}`} title={p}>
                <span className={styles.vertical}>
                  <PluginName name={p} />
                </span>
              </th>
            ))}
            <th className={styles.reasonHead}>why not</th>
            {v.scorePlugins.map((p) => (
              <th key={p.name} className={`${styles.pluginHead} ${styles.scoreCol} ${v.skippedScores.includes(p.name) ? styles.headSkipped : ''}`} title={`${p.name}, weight ${p.weight}`}>
                <span className={styles.vertical}>
                  <PluginName name={p.name} /> <span className={styles.weight}>×{p.weight}</span>
                </span>
              </th>
            ))}
            <th className={styles.totalHead}>total</th>
          </tr>
        </thead>
        <tbody>
          {v.rows.map((r) => (
            <Row key={r.name} row={r} view={v} />
          ))}
        </tbody>
      </table>
      {note && <p className={styles.note}>{note}</p>}
      {v.rows.length > 0 && v.rows.filter((r) => r.feasible).length === 1 && v.outcome === 'Scheduled' && (
        <p className={styles.note}>One feasible node: kube-scheduler binds it without running the score plugins, and so does this one.</p>
      )}
    </div>
  );
}

function Row(props: { row: NodeRow; view: SchedulerView }): React.JSX.Element {
  const { row: r, view: v } = props;
  const failed = Object.entries(r.filters).filter(([, c]) => c.state === 'fail');
  const cls = [styles.row, r.chosen ? styles.chosen : '', r.nominated ? styles.nominated : '', r.feasible ? '' : styles.infeasible].join(' ');
  return (
    <tr className={cls} data-testid={`sched-row-${r.name}`} data-feasible={r.feasible} data-chosen={r.chosen} data-total={r.total ?? ''}>
      <th scope="row" className={styles.nodeCell}>
        <span className={styles.nodeName}>{r.name}</span>
        {r.chosen && <span className={styles.badge}>★ chosen</span>}
        {r.nominated && <span className={`${styles.badge} ${styles.badgeNominated}`}>nominated</span>}
        <span className={styles.small}>{r.zone}</span>
      </th>
      {v.filterPlugins.map((p) => {
        const c = r.filters[p]!;
        return (
          <td key={p} className={`${styles.verdict} ${styles[c.state === 'not-run' ? 'notRun' : c.state]}`} title={filterTitle(p, c)} data-testid={`sched-filter-${r.name}-${p}`} data-state={c.state}>
            {SYMBOL[c.state]}
          </td>
        );
      })}
      <td className={styles.reasons}>
        {failed.map(([p, c]) => (
          <div key={p}>
            <strong>{p}</strong>: {c.reasons.join(', ')}
          </div>
        ))}
        {r.victims.length > 0 && (
          <div className={styles.victims}>
            preemption evicts {r.victims.join(', ')}
          </div>
        )}
      </td>
      {v.scorePlugins.map((p) => {
        const s = r.scores?.[p.name];
        if (!s) return <td key={p.name} className={`${styles.score} ${styles.scoreCol} ${styles.empty}`} />;
        return (
          <td key={p.name} className={`${styles.score} ${styles.scoreCol}`} title={`${p.name}: raw ${s.raw}, normalized ${s.normalized}, × weight ${s.weight} = ${s.weighted}`}>
            <span className={styles.weighted}>{s.weighted}</span>
            <span className={styles.small}>
              {s.raw} → {s.normalized}
            </span>
          </td>
        );
      })}
      <td className={styles.total} data-testid={`sched-total-${r.name}`}>
        {r.total ?? ''}
      </td>
    </tr>
  );
}
