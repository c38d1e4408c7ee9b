// The scheduler playground's editors: the pod to schedule (requests, priority, node selector,
// node affinity terms, tolerations, pod affinity and anti-affinity), the nodes (capacity, zone,
// labels, taints, cordoned), and the pods already running on them. Every field is plain text as
// typed; scheduler-world.ts parses it and reports mistakes.
import React from 'react';
import {
  EFFECTS, LabelHostname, LabelTopologyZone, type ExpressionSpec, type NodeSpec, type NodeTermSpec, OPERATORS, type Operator, type PodSpec,
  type PodTermSpec, type RunningPodSpec, type TolerationSpec, newExpression, newPodTerm, newToleration,
} from './scheduler-world';
import styles from './scheduler.module.css';

type Patch<T> = (patch: Partial<T>) => void;

/** Replaces item `i` of a list with `{...item, ...patch}`. */
export function patchAt<T>(items: readonly T[], i: number, patch: Partial<T>): T[] {
  return items.map((x, j) => (j === i ? { ...x, ...patch } : x));
}

export function removeAt<T>(items: readonly T[], i: number): T[] {
  return items.filter((_, j) => j !== i);
}

function Text(props: { value: string; onChange: (v: string) => void; testId: string; label: string; width?: string; placeholder?: string }): React.JSX.Element {
  return (
    <input
      className={styles.input}
      style={props.width ? { width: props.width } : undefined}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
      data-testid={props.testId}
      aria-label={props.label}
      placeholder={props.placeholder}
      spellCheck={false}
    />
  );
}

function Remove(props: { onClick: () => void; testId: string; label: string }): React.JSX.Element {
  return (
    <button type="button" className={styles.remove} onClick={props.onClick} data-testid={props.testId} aria-label={props.label} title={props.label}>
      ×
    </button>
  );
}

function Add(props: { onClick: () => void; testId: string; children: React.ReactNode }): React.JSX.Element {
  return (
    <button type="button" className={`button button--sm button--outline button--secondary ${styles.add}`} onClick={props.onClick} data-testid={props.testId}>
      + {props.children}
    </button>
  );
}

// ---- The pod -------------------------------------------------------------------------------------
export function PodEditor(props: { pod: PodSpec; onChange: Patch<PodSpec> }): React.JSX.Element {
  const { pod, onChange } = props;
  return (
    <div className={styles.podEditor} data-testid="sched-pod">
      <div className={styles.grid2}>
        <label>
          name
          <Text value={pod.name} onChange={(name) => onChange({ name })} testId="sched-pod-name" label="pod name" />
        </label>
        <label>
          labels
          <Text value={pod.labels} onChange={(labels) => onChange({ labels })} testId="sched-pod-labels" label="pod labels" placeholder="app=web" />
        </label>
        <label className={styles.span2}>
          image
          <Text value={pod.image} onChange={(image) => onChange({ image })} testId="sched-pod-image" label="container image" placeholder="pause" />
        </label>
        <label>
          cpu request
          <Text value={pod.cpu} onChange={(cpu) => onChange({ cpu })} testId="sched-pod-cpu" label="cpu request" placeholder="500m" />
        </label>
        <label>
          memory request
          <Text value={pod.memory} onChange={(memory) => onChange({ memory })} testId="sched-pod-memory" label="memory request" placeholder="512Mi" />
        </label>
        <label>
          nvidia.com/gpu
          <Text value={pod.gpu} onChange={(gpu) => onChange({ gpu })} testId="sched-pod-gpu" label="GPU request" placeholder="none" />
        </label>
        <label>
          priority
          <Text value={pod.priority} onChange={(priority) => onChange({ priority })} testId="sched-pod-priority" label="priority" placeholder="0" />
        </label>
      </div>
      <label className={styles.check}>
        <input type="checkbox" checked={pod.preemptNever} onChange={(e) => onChange({ preemptNever: e.target.checked })} data-testid="sched-pod-preempt-never" />
        <code>preemptionPolicy: Never</code> (may not evict lower-priority pods)
      </label>

      <Section title="nodeSelector" hint="labels the node must have, all of them">
        <Text value={pod.nodeSelector} onChange={(nodeSelector) => onChange({ nodeSelector })} testId="sched-pod-node-selector" label="node selector" placeholder="disktype=ssd" width="100%" />
      </Section>

      <Section title="Required node affinity" hint="Filter: the node must match one term; within a term, every expression">
        <Terms terms={pod.required} onChange={(required) => onChange({ required })} kind="required" />
      </Section>
      <Section title="Preferred node affinity" hint="Score: the weights of the terms a node matches add up">
        <Terms terms={pod.preferred} onChange={(preferred) => onChange({ preferred })} kind="preferred" />
      </Section>

      <Section title="Tolerations" hint="a NoSchedule or NoExecute taint keeps the pod off unless tolerated">
        {pod.tolerations.map((t, i) => (
          <TolerationRow
            key={i}
            index={i}
            toleration={t}
            onChange={(patch) => onChange({ tolerations: patchAt(pod.tolerations, i, patch) })}
            onRemove={() => onChange({ tolerations: removeAt(pod.tolerations, i) })}
          />
        ))}
        <Add onClick={() => onChange({ tolerations: [...pod.tolerations, newToleration()] })} testId="sched-add-toleration">
          toleration
        </Add>
      </Section>

      <Section title="Pod affinity and anti-affinity" hint="other pods' labels, counted per topology domain (node or zone)">
        {pod.podTerms.map((t, i) => (
          <PodTermRow
            key={i}
            index={i}
            term={t}
            onChange={(patch) => onChange({ podTerms: patchAt(pod.podTerms, i, patch) })}
            onRemove={() => onChange({ podTerms: removeAt(pod.podTerms, i) })}
          />
        ))}
        <Add onClick={() => onChange({ podTerms: [...pod.podTerms, newPodTerm()] })} testId="sched-add-pod-term">
          pod (anti-)affinity term
        </Add>
      </Section>
    </div>
  );
}

function Section(props: { title: string; hint: string; children: React.ReactNode }): React.JSX.Element {
  return (
    <fieldset className={styles.section}>
      <legend>
        {props.title} <span className={styles.hint}>{props.hint}</span>
      </legend>
      {props.children}
    </fieldset>
  );
}

function Terms(props: { terms: NodeTermSpec[]; onChange: (t: NodeTermSpec[]) => void; kind: 'required' | 'preferred' }): React.JSX.Element {
  const { terms, onChange, kind } = props;
  return (
    <>
      {terms.map((term, t) => (
        <div key={t} className={styles.term} data-testid={`sched-${kind}-${t}`}>
          <div className={styles.termHead}>
            <span>
              {kind === 'required' && t > 0 ? 'or ' : ''}term {t + 1}
            </span>
            {kind === 'preferred' && (
              <label>
                weight
                <input
                  type="number"
                  min={1}
                  max={100}
                  className={styles.input}
                  style={{ width: '4.2rem' }}
                  value={term.weight}
                  onChange={(e) => onChange(patchAt(terms, t, { weight: Number(e.target.value) }))}
                  data-testid={`sched-${kind}-${t}-weight`}
                  aria-label={`weight of preferred term ${t + 1}`}
                />
              </label>
            )}
            <Remove onClick={() => onChange(removeAt(terms, t))} testId={`sched-${kind}-${t}-remove`} label={`remove ${kind} term ${t + 1}`} />
          </div>
          {term.expressions.map((e, i) => (
            <ExpressionRow
              key={i}
              testId={`sched-${kind}-${t}-${i}`}
              expr={e}
              onChange={(patch) => onChange(patchAt(terms, t, { expressions: patchAt(term.expressions, i, patch) }))}
              onRemove={() => onChange(patchAt(terms, t, { expressions: removeAt(term.expressions, i) }))}
            />
          ))}
          <Add onClick={() => onChange(patchAt(terms, t, { expressions: [...term.expressions, newExpression()] }))} testId={`sched-${kind}-${t}-add-expression`}>
            expression
          </Add>
        </div>
      ))}
      <Add onClick={() => onChange([...terms, { weight: 50, expressions: [newExpression()] }])} testId={`sched-add-${kind}-term`}>
        {kind} term
      </Add>
    </>
  );
}

function ExpressionRow(props: { expr: ExpressionSpec; onChange: Patch<ExpressionSpec>; onRemove: () => void; testId: string }): React.JSX.Element {
  const { expr: e, onChange, testId } = props;
  const noValues = e.operator === 'Exists' || e.operator === 'DoesNotExist';
  return (
    <div className={styles.line}>
      <Text value={e.key} onChange={(key) => onChange({ key })} testId={`${testId}-key`} label="label key" placeholder="label key" width="10rem" />
      <select
        className={styles.select}
        value={e.operator}
        onChange={(ev) => {
          const operator = ev.target.value as Operator;
          onChange(operator === 'Exists' || operator === 'DoesNotExist' ? { operator, values: '' } : { operator });
        }}
        data-testid={`${testId}-operator`}
        aria-label="operator"
      >
        {OPERATORS.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
      <Text
        value={e.values}
        onChange={(values) => onChange({ values })}
        testId={`${testId}-values`}
        label="values"
        placeholder={noValues ? '(no values)' : e.operator === 'Gt' || e.operator === 'Lt' ? 'an integer' : 'a, b'}
        width="6.5rem"
      />
      <Remove onClick={props.onRemove} testId={`${testId}-remove`} label="remove expression" />
    </div>
  );
}

function TolerationRow(props: { index: number; toleration: TolerationSpec; onChange: Patch<TolerationSpec>; onRemove: () => void }): React.JSX.Element {
  const { toleration: t, onChange, index } = props;
  const id = `sched-toleration-${index}`;
  return (
    <div className={styles.line} data-testid={id}>
      <Text value={t.key} onChange={(key) => onChange({ key })} testId={`${id}-key`} label="toleration key" placeholder="key" width="8.5rem" />
      <select
        className={styles.select}
        value={t.operator}
        onChange={(e) => onChange(e.target.value === 'Exists' ? { operator: 'Exists', value: '' } : { operator: 'Equal' })}
        data-testid={`${id}-operator`}
        aria-label="toleration operator"
      >
        <option>Equal</option>
        <option>Exists</option>
      </select>
      <Text
        value={t.value}
        onChange={(value) => onChange({ value })}
        testId={`${id}-value`}
        label="toleration value"
        placeholder={t.operator === 'Exists' ? '(any value)' : 'value'}
        width="6rem"
      />
      <select className={styles.select} value={t.effect} onChange={(e) => onChange({ effect: e.target.value as TolerationSpec['effect'] })} data-testid={`${id}-effect`} aria-label="toleration effect">
        <option value="">(all effects)</option>
        {EFFECTS.map((e) => (
          <option key={e}>{e}</option>
        ))}
      </select>
      <Remove onClick={props.onRemove} testId={`${id}-remove`} label="remove toleration" />
    </div>
  );
}

const TOPOLOGY_KEYS = [LabelHostname, LabelTopologyZone];

function PodTermRow(props: { index: number; term: PodTermSpec; onChange: Patch<PodTermSpec>; onRemove: () => void }): React.JSX.Element {
  const { term: t, onChange, index } = props;
  const id = `sched-pod-term-${index}`;
  return (
    <div className={styles.line} data-testid={id}>
      <select className={styles.select} value={t.mode} onChange={(e) => onChange({ mode: e.target.value as PodTermSpec['mode'] })} data-testid={`${id}-mode`} aria-label="required or preferred">
        <option>required</option>
        <option>preferred</option>
      </select>
      <select className={styles.select} value={t.kind} onChange={(e) => onChange({ kind: e.target.value as PodTermSpec['kind'] })} data-testid={`${id}-kind`} aria-label="affinity or anti-affinity">
        <option>affinity</option>
        <option>anti-affinity</option>
      </select>
      {t.mode === 'preferred' && (
        <input
          type="number"
          min={1}
          max={100}
          className={styles.input}
          style={{ width: '3.8rem' }}
          value={t.weight}
          onChange={(e) => onChange({ weight: Number(e.target.value) })}
          data-testid={`${id}-weight`}
          aria-label="weight"
          title="weight"
        />
      )}
      <span className={styles.to}>to pods</span>
      <Text value={t.selector} onChange={(selector) => onChange({ selector })} testId={`${id}-selector`} label="label selector" placeholder="app=web" width="6.5rem" />
      <span className={styles.to}>per</span>
      <select className={styles.select} value={t.topologyKey} onChange={(e) => onChange({ topologyKey: e.target.value })} data-testid={`${id}-topology`} aria-label="topology key">
        {TOPOLOGY_KEYS.map((k) => (
          <option key={k} value={k}>
            {k === LabelHostname ? 'node (hostname)' : 'zone'}
          </option>
        ))}
      </select>
      <Remove onClick={props.onRemove} testId={`${id}-remove`} label="remove pod affinity term" />
    </div>
  );
}

// ---- The nodes -------------------------------------------------------------------------------
export function NodeTable(props: { nodes: NodeSpec[]; onChange: (i: number, patch: Partial<NodeSpec>) => void; onRemove: (i: number) => void; onAdd: () => void }): React.JSX.Element {
  const { nodes, onChange } = props;
  return (
    <div className={styles.tableWrap}>
      <table className={styles.editTable} data-testid="sched-nodes">
        <thead>
          <tr>
            <th>name</th>
            <th>zone</th>
            <th>cpu</th>
            <th>memory</th>
            <th title="nvidia.com/gpu, an extended resource">gpu</th>
            <th>labels</th>
            <th>taints <span className={styles.hint}>key=value:Effect</span></th>
            <th>images <span className={styles.hint}>name=size</span></th>
            <th title="spec.unschedulable: kubectl cordon">cordoned</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {nodes.map((n, i) => (
            <tr key={i} data-testid={`sched-node-${i}`}>
              <td>
                <Text value={n.name} onChange={(name) => onChange(i, { name })} testId={`sched-node-${i}-name`} label="node name" width="6rem" />
              </td>
              <td>
                <Text value={n.zone} onChange={(zone) => onChange(i, { zone })} testId={`sched-node-${i}-zone`} label="zone" width="6.2rem" />
              </td>
              <td>
                <Text value={n.cpu} onChange={(cpu) => onChange(i, { cpu })} testId={`sched-node-${i}-cpu`} label="allocatable cpu" width="3.2rem" />
              </td>
              <td>
                <Text value={n.memory} onChange={(memory) => onChange(i, { memory })} testId={`sched-node-${i}-memory`} label="allocatable memory" width="4.2rem" />
              </td>
              <td>
                <Text value={n.gpu} onChange={(gpu) => onChange(i, { gpu })} testId={`sched-node-${i}-gpu`} label="allocatable GPUs" width="2.6rem" />
              </td>
              <td className={styles.grow}>
                <Text value={n.labels} onChange={(labels) => onChange(i, { labels })} testId={`sched-node-${i}-labels`} label="labels" width="100%" placeholder="k=v, ..." />
              </td>
              <td className={styles.grow}>
                <Text value={n.taints} onChange={(taints) => onChange(i, { taints })} testId={`sched-node-${i}-taints`} label="taints" width="100%" placeholder="k=v:NoSchedule" />
              </td>
              <td className={styles.grow}>
                <Text value={n.images} onChange={(images) => onChange(i, { images })} testId={`sched-node-${i}-images`} label="images" width="100%" placeholder="image=400Mi" />
              </td>
              <td className={styles.center}>
                <input type="checkbox" checked={n.unschedulable} onChange={(e) => onChange(i, { unschedulable: e.target.checked })} data-testid={`sched-node-${i}-cordoned`} aria-label="cordoned" />
              </td>
              <td>
                <Remove onClick={() => props.onRemove(i)} testId={`sched-node-${i}-remove`} label={`remove node ${n.name} and its pods`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Add onClick={props.onAdd} testId="sched-add-node">
        node
      </Add>
    </div>
  );
}

export function RunningPodsTable(props: {
  pods: RunningPodSpec[];
  nodes: NodeSpec[];
  onChange: (i: number, patch: Partial<RunningPodSpec>) => void;
  onRemove: (i: number) => void;
  onAdd: () => void;
  victims: string[];
}): React.JSX.Element {
  const { pods, onChange } = props;
  return (
    <div className={styles.tableWrap}>
      <table className={styles.editTable} data-testid="sched-running">
        <thead>
          <tr>
            <th>name</th>
            <th>node</th>
            <th>labels</th>
            <th>cpu</th>
            <th>memory</th>
            <th>priority</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {pods.map((p, i) => (
            <tr key={i} className={props.victims.includes(p.name) ? styles.victimRow : undefined} data-testid={`sched-running-${i}`}>
              <td>
                <Text value={p.name} onChange={(name) => onChange(i, { name })} testId={`sched-running-${i}-name`} label="pod name" width="6rem" />
              </td>
              <td>
                <select className={styles.select} value={p.node} onChange={(e) => onChange(i, { node: e.target.value })} data-testid={`sched-running-${i}-node`} aria-label="node">
                  {props.nodes.map((n, j) => (
                    <option key={j} value={n.name}>
                      {n.name}
                    </option>
                  ))}
                </select>
              </td>
              <td className={styles.grow}>
                <Text value={p.labels} onChange={(labels) => onChange(i, { labels })} testId={`sched-running-${i}-labels`} label="labels" width="100%" placeholder="k=v, ..." />
              </td>
              <td>
                <Text value={p.cpu} onChange={(cpu) => onChange(i, { cpu })} testId={`sched-running-${i}-cpu`} label="cpu request" width="3.2rem" />
              </td>
              <td>
                <Text value={p.memory} onChange={(memory) => onChange(i, { memory })} testId={`sched-running-${i}-memory`} label="memory request" width="4.2rem" />
              </td>
              <td>
                <Text value={p.priority} onChange={(priority) => onChange(i, { priority })} testId={`sched-running-${i}-priority`} label="priority" width="3.6rem" />
              </td>
              <td>
                <Remove onClick={() => props.onRemove(i)} testId={`sched-running-${i}-remove`} label={`remove pod ${p.name}`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.nodes.length > 0 && (
        <Add onClick={props.onAdd} testId="sched-add-running">
          running pod
        </Add>
      )}
    </div>
  );
}
