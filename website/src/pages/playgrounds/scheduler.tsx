// /playgrounds/scheduler: the scheduler playground on a page of its own, with what to try.
import React from 'react';
import Layout from '@theme/Layout';
import Heading from '@theme/Heading';
import SchedulerPlayground from '../../components/Playgrounds/SchedulerPlayground';
import styles from './raft.module.css';

const TRY = [
  <>
    <strong>Filter, then nothing to score</strong> (preset "Five nodes, one pod", the chapter's first example). Only{' '}
    <code>node-2</code> passes every filter, so it is chosen without scoring, as kube-scheduler does. Remove the required zone
    term: <code>node-5</code> becomes feasible too; both are scored, and they tie, so the seed decides.
  </>,
  <>
    <strong>Ask for too much.</strong> In the same preset, ask for <code>3</code> GPUs: every node fails, and the FitError message
    counts each node's reasons, sorted, in upstream's words (<code>0/5 nodes are available: ...</code>), then says what preemption
    thought of it.
  </>,
  <>
    <strong>Read the weights</strong> (preset "Five nodes, scored", the chapter's scoring table). <code>node-3</code> matches both
    preferences but its <code>PreferNoSchedule</code> taint gives it TaintToleration 0 instead of 100, × weight 3. Tolerate it (key{' '}
    <code>maintenance-soon</code>, operator Exists, effect PreferNoSchedule) and watch <code>node-3</code> overtake{' '}
    <code>node-5</code>.
  </>,
  <>
    <strong>Tolerate a taint</strong> (preset "Taints"). Add a toleration with key <code>nvidia.com/gpu</code>, value{' '}
    <code>present</code>, effect <code>NoSchedule</code>: TaintToleration's ✗ on <code>gpu-1</code> turns into ✓, the big empty node
    wins on NodeResourcesFit, and the pod moves there. A toleration lets a pod onto a tainted node; it does not pull it there.
  </>,
  <>
    <strong>Break a tie with the seed</strong> (preset "Zones, anti-affinity"). <code>c-1</code> and <code>c-2</code> tie; press
    "Next seed" a few times and watch the choice change, then come back to seed 7 for the same choice again. Switch the
    anti-affinity term from zone to node: four nodes become feasible.
  </>,
  <>
    <strong>Preempt</strong> (preset "Preemption"). No node has 2 free CPUs; DefaultPreemption evicts the single batch pod
    on <code>node-3</code> rather than two on <code>node-1</code>. Set the pod's priority to <code>50</code> (below the batch pods') or
    tick <code>preemptionPolicy: Never</code> and read the new message.
  </>,
  <>
    <strong>Try every operator</strong> (preset "Node affinity"). <code>Gt</code> and <code>Lt</code> compare the label as an
    integer; <code>NotIn</code> and <code>DoesNotExist</code> also match nodes without the label. Preferred weights are summed per
    node and scaled so the best node gets 100 (raw → normalized in the score cells).
  </>,
];

export default function SchedulerPlaygroundPage(): React.JSX.Element {
  return (
    <Layout title="Scheduler playground" description="Run the course's kube-scheduler (src/scheduler) in your browser: edit nodes and a pod, see every plugin's filter verdict and score per node.">
      <main className={`container margin-vert--lg ${styles.page}`}>
        <Heading as="h1">Scheduler playground</Heading>
        <p>
          The course's scheduler (<code>src/scheduler</code>: the scheduling framework with kube-scheduler's default plugins, weights and
          messages) running in your browser on an in-memory cluster. Edit the nodes and the pod; after every edit it runs one
          scheduling cycle and shows, per node, what each filter plugin said and how each score plugin scored, like{' '}
          <a href="https://github.com/kubernetes-sigs/kube-scheduler-simulator">kube-scheduler-simulator</a> does for the real one.
        </p>
        <SchedulerPlayground />
        <section className="margin-top--lg">
          <Heading as="h2" id="what-to-try">
            What to try
          </Heading>
          <ol>
            {TRY.map((item, i) => (
              <li key={i}>{item}</li>
            ))}
          </ol>
          <p>
            Hover over a ✓ or ✗ for the plugin's verdict and status code: <code>Unschedulable</code> means preemption may help,{' '}
            <code>UnschedulableAndUnresolvable</code> means evicting pods cannot change it. A – means the plugin's PreFilter returned
            Skip: nothing in this pod for it to check.
          </p>
        </section>
      </main>
    </Layout>
  );
}
