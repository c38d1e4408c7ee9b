// /playgrounds/raft: the Raft playground on a page of its own, with what to try.
import React from 'react';
import Layout from '@theme/Layout';
import Heading from '@theme/Heading';
import RaftPlayground from '../../components/Playgrounds/RaftPlayground';
import styles from './raft.module.css';

const TRY = [
  <>
    <strong>Crash the leader</strong> and watch the followers' election timers run out. The first to time out becomes a{' '}
    <em>pre-candidate</em>, asks whether the others would vote for it (PreVote), then becomes a candidate in a new term and
    wins with three votes of five.
  </>,
  <>
    <strong>Send client requests</strong> and follow an entry: dashed on the leader while it is only in its log, dashed on
    the followers once they have it, solid everywhere when a majority has stored it and the commit index passes it.
  </>,
  <>
    <strong>Cut off two servers</strong> (select them, then "Cut off"). The three on the other side keep a leader and
    commit; the two keep pre-voting without raising their term, so healing the network does not disrupt anyone.
  </>,
  <>
    <strong>Isolate the leader</strong>, then send a request. The old leader accepts it into its log but can never commit
    it; after an election timeout without a quorum it steps down (CheckQuorum). Heal: its uncommitted entry is replaced.
  </>,
  <>
    <strong>Crash three servers.</strong> Two of five are not a majority: no leader, nothing commits, until you restart one.
  </>,
  <>
    <strong>Scrub back in time.</strong> Drag the time slider or press "−1 s": the playground builds a fresh cluster from the
    seed and replays your actions. Press "+1 s" and the trace fingerprint matches the one you saw before, bit for bit.
    Change the seed for a different run.
  </>,
];

export default function RaftPlaygroundPage(): React.JSX.Element {
  return (
    <Layout title="Raft playground" description="Run the course's Raft (src/etcd) in your browser on virtual time: crash servers, cut the network, watch elections and replication.">
      <main className={`container margin-vert--lg ${styles.page}`}>
        <Heading as="h1">Raft playground</Heading>
        <p>
          Five etcd members running the course's own Raft (<code>src/etcd/raft</code>, driven by{' '}
          <code>src/etcd/server</code>'s <code>RaftCluster</code>) in your browser, on a virtual clock. Everything that
          happens comes from the seed and from what you do, so any moment can be replayed exactly.
        </p>
        <RaftPlayground />
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
            Slow the speed down to 0.05× to follow single messages, or press <em>Step</em> to jump from one event to the
            next: a Raft tick, a message arriving, a disk fsync finishing. Hover over a message dot or a log entry for
            details.
          </p>
        </section>
      </main>
    </Layout>
  );
}
