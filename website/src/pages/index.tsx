// The landing page: what the course is, the chapters in order, and where the notebooks and
// exercises live. Chapter data comes from the course-content plugin (plugins/course-content.ts).
import React from 'react';
import Layout from '@theme/Layout';
import Heading from '@theme/Heading';
import Link from '@docusaurus/Link';
import useDocusaurusContext from '@docusaurus/useDocusaurusContext';
import { usePluginData } from '@docusaurus/useGlobalData';
import type { CourseData } from '../components/course-types';
import ChapterTable from '../components/ChapterTable';
import VirtualClockPlayground from '../components/Playgrounds/VirtualClockPlayground';
import styles from './index.module.css';

const PARTS = [
  {
    title: 'One reference implementation',
    body: 'A miniature control plane in readable TypeScript, built chapter by chapter: API server, etcd with Raft and MVCC, the scheduler framework, controllers, leader election. Deterministic: virtual time and seeded randomness.',
  },
  {
    title: 'Chapters that quote it',
    body: 'Each chapter explains one component and quotes the code by name, so the text never drifts from what runs.',
  },
  {
    title: 'Notebooks that run it',
    body: 'Every chapter has a notebook reproducing its scenarios with timelines and tables. They appear here with their outputs.',
  },
  {
    title: 'Exercises that grade you',
    body: 'Pieces of the implementation are cut out for you to write back. Tests name the concept a wrong answer breaks.',
  },
];

export default function Home(): React.JSX.Element {
  const { siteConfig } = useDocusaurusContext();
  const { chapters, notebooks } = usePluginData('course-content') as CourseData;
  const first = chapters.find((c) => c.permalink);
  return (
    <Layout title="Home" description={siteConfig.tagline}>
      <header className={styles.hero}>
        <div className="container">
          <Heading as="h1" className={styles.title}>
            {siteConfig.title}
          </Heading>
          <p className={styles.tagline}>{siteConfig.tagline}</p>
          <div className={styles.buttons}>
            {first?.permalink && (
              <Link className="button button--primary button--lg" to={first.permalink}>
                Start reading
              </Link>
            )}
            <Link className="button button--secondary button--lg" to="/notebooks">
              Notebooks ({notebooks.length})
            </Link>
            <Link className="button button--secondary button--lg" to="/exercises">
              Exercises
            </Link>
          </div>
        </div>
      </header>
      <main className="container margin-vert--lg">
        <section className="row margin-bottom--lg">
          {PARTS.map((p) => (
            <div key={p.title} className="col col--3">
              <Heading as="h3">{p.title}</Heading>
              <p>{p.body}</p>
            </div>
          ))}
        </section>

        <section className="margin-bottom--lg">
          <Heading as="h2" id="chapters">
            Chapters
          </Heading>
          <ChapterTable chapters={chapters} />
        </section>

        <section className="margin-bottom--lg">
          <Heading as="h2" id="try-it">
            Try it: virtual time
          </Heading>
          <p>
            Everything in the course runs on a virtual clock: time moves only when the simulation says so, so a run
            replays exactly. This box runs the course's own <code>VirtualClock</code> and <code>Rng</code> from{' '}
            <code>src/sim</code>, in your browser.
          </p>
          <VirtualClockPlayground />
        </section>

        <section className="margin-bottom--lg">
          <Heading as="h2" id="raft-playground">
            Try it: Raft
          </Heading>
          <p>
            Five etcd members running the course's Raft in your browser: crash the leader and watch a follower's election
            timer run out, cut the network, send client requests, then scrub back in time and replay it all from the seed.
          </p>
          <Link className="button button--primary" to="/playgrounds/raft">
            Open the Raft playground
          </Link>
        </section>

        <section className="margin-bottom--lg">
          <Heading as="h2" id="scheduler-playground">
            Try it: the scheduler
          </Heading>
          <p>
            The course's kube-scheduler in your browser: edit nodes (capacity, labels, taints) and a pod (requests, affinity,
            tolerations, priority), and see every plugin's filter verdict and score per node, the weighted total and the chosen
            node, or the <code>0/5 nodes are available</code> message and what preemption does about it.
          </p>
          <Link className="button button--primary" to="/playgrounds/scheduler">
            Open the scheduler playground
          </Link>
        </section>

        <section>
          <Heading as="h2" id="get-started">
            Working locally
          </Heading>
          <ul>
            <li>
              <code>npm start</code>: build the library and serve this site.
            </li>
            <li>
              <code>npm run notebooks</code>: open the notebooks in Jupyter with the TypeScript kernel.
            </li>
            <li>
              <code>npm test</code> and <code>npm run grade</code>: check and score your exercises.
            </li>
            <li>
              <code>npm run hint -- &lt;id&gt;</code>: the next hint for an exercise.
            </li>
            <li>
              <code>npm run cluster</code>: serve the course's API server on https://127.0.0.1:6443 and point the
              real <code>kubectl</code> at it (<code>export KUBECONFIG=$PWD/.cluster/kubeconfig</code>).
            </li>
          </ul>
        </section>
      </main>
    </Layout>
  );
}
