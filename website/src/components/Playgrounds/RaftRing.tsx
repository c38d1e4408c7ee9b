// The five servers on a circle: role colours, election timers as arcs, network links (dashed red
// where a partition cuts them), and every message in flight as a dot moving from sender to
// receiver at its real (virtual) speed. Dropped messages show as a red cross for a moment.
import React from 'react';
import { stateColor } from '@course/sim';
import type { FlightView, ServerView } from './raft-world';
import styles from './raft.module.css';

const SIZE = 300;
const CENTER = SIZE / 2;
const RADIUS = 108;
const NODE_R = 27;

export const MESSAGE_COLORS: Record<string, string> = {
  MsgApp: '#3182ce',
  MsgAppResp: '#90cdf4',
  MsgHeartbeat: '#718096',
  MsgHeartbeatResp: '#cbd5e0',
  MsgPreVote: '#d69e2e',
  MsgPreVoteResp: '#f6e05e',
  MsgVote: '#dd6b20',
  MsgVoteResp: '#fbd38d',
  MsgSnap: '#805ad5',
  MsgProp: '#38a169',
};

export const LEGEND: [string, string][] = [
  ['append entries', MESSAGE_COLORS.MsgApp!],
  ['heartbeat', MESSAGE_COLORS.MsgHeartbeat!],
  ['pre-vote', MESSAGE_COLORS.MsgPreVote!],
  ['vote', MESSAGE_COLORS.MsgVote!],
];

function position(index: number, count: number): { x: number; y: number } {
  const angle = -Math.PI / 2 + (2 * Math.PI * index) / count;
  return { x: CENTER + RADIUS * Math.cos(angle), y: CENTER + RADIUS * Math.sin(angle) };
}

function arc(cx: number, cy: number, r: number, fraction: number): string {
  const f = Math.max(0, Math.min(0.9999, fraction));
  const start = -Math.PI / 2;
  const end = start + 2 * Math.PI * f;
  const large = f > 0.5 ? 1 : 0;
  const p = (a: number) => `${(cx + r * Math.cos(a)).toFixed(1)},${(cy + r * Math.sin(a)).toFixed(1)}`;
  return `M${p(start)} A${r},${r} 0 ${large} 1 ${p(end)}`;
}

export default function RaftRing(props: {
  servers: ServerView[];
  flights: FlightView[];
  connected: (a: number, b: number) => boolean;
}): React.JSX.Element {
  const { servers, flights, connected } = props;
  const at = new Map(servers.map((s, i) => [s.id, position(i, servers.length)]));

  const links: React.JSX.Element[] = [];
  for (const a of servers) {
    for (const b of servers) {
      if (a.id >= b.id) continue;
      const p = at.get(a.id)!;
      const q = at.get(b.id)!;
      const cut = !connected(a.id, b.id);
      links.push(
        <line key={`${a.id}-${b.id}`} x1={p.x} y1={p.y} x2={q.x} y2={q.y} className={cut ? styles.linkCut : styles.link}>
          <title>{cut ? `n${a.id} and n${b.id} cannot reach each other (partition)` : `n${a.id} ↔ n${b.id}`}</title>
        </line>,
      );
    }
  }

  const dots = flights.map((f) => {
    const p = at.get(f.from);
    const q = at.get(f.to);
    if (!p || !q) return null;
    const dx = q.x - p.x;
    const dy = q.y - p.y;
    const len = Math.hypot(dx, dy) || 1;
    // Leave the circles, and keep the two directions of a link apart.
    const ux = dx / len;
    const uy = dy / len;
    const ox = -uy * 4;
    const oy = ux * 4;
    const travel = len - 2 * NODE_R;
    const x = p.x + ux * (NODE_R + travel * f.progress) + ox;
    const y = p.y + uy * (NODE_R + travel * f.progress) + oy;
    const response = f.type.endsWith('Resp');
    if (f.dropped) {
      return (
        <g key={f.id} className={styles.dropped}>
          <title>{f.label}</title>
          <path d={`M${x - 5},${y - 5} L${x + 5},${y + 5} M${x - 5},${y + 5} L${x + 5},${y - 5}`} />
        </g>
      );
    }
    return (
      <circle key={f.id} cx={x} cy={y} r={response ? 3.5 : 5} fill={MESSAGE_COLORS[f.type] ?? '#4a5568'} className={styles.dot}>
        <title>{f.label}</title>
      </circle>
    );
  });

  return (
    <svg viewBox={`0 0 ${SIZE} ${SIZE}`} className={styles.ring} role="img" aria-label="The five servers and the messages between them">
      {links}
      {servers.map((s) => {
        const p = at.get(s.id)!;
        const fraction = s.timer ? s.timer.elapsed / s.timer.timeout : 0;
        return (
          <g key={s.id} className={s.up ? undefined : styles.down}>
            <title>
              {s.up
                ? `${s.name}: ${s.role}, term ${s.term}${s.timer ? `, election timer ${s.timer.elapsed.toFixed(1)} of ${s.timer.timeout} ticks` : ''}`
                : `${s.name}: crashed`}
            </title>
            <circle cx={p.x} cy={p.y} r={NODE_R + 5} className={styles.timerTrack} />
            {s.timer && <path d={arc(p.x, p.y, NODE_R + 5, fraction)} className={fraction > 0.8 ? styles.timerArcHot : styles.timerArc} />}
            <circle cx={p.x} cy={p.y} r={NODE_R} fill={stateColor(s.role)} className={s.role === 'leader' ? styles.nodeLeader : styles.node} />
            <text x={p.x} y={p.y - 2} className={styles.nodeName}>
              {s.name}
            </text>
            <text x={p.x} y={p.y + 12} className={styles.nodeTerm}>
              {s.up ? `term ${s.term}` : 'down'}
            </text>
          </g>
        );
      })}
      {dots}
    </svg>
  );
}
