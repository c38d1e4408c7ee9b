// /exercises: the catalog built from exercises/manifest.json (route added by plugins/course-content.ts).
import React from 'react';
import Layout from '@theme/Layout';
import Heading from '@theme/Heading';
import Link from '@docusaurus/Link';
import type { CourseChapter, Exercise, ExerciseCatalog } from '../course-types';
import styles from './styles.module.css';

export default function ExerciseCatalogPage({ catalog }: { catalog: ExerciseCatalog }): React.JSX.Element {
  const total = catalog.exercises.reduce((sum, e) => sum + e.points, 0);
  const groups = catalog.chapters
    .map((chapter) => ({ chapter, exercises: catalog.exercises.filter((e) => e.chapter === chapter.id) }))
    .filter((g) => g.exercises.length > 0);
  return (
    <Layout title="Exercises" description="Every exercise of the course: what to implement, what to read, how it is graded.">
      <main className="container margin-vert--lg">
        <Heading as="h1">Exercises</Heading>
        <p>
          {catalog.exercises.length} exercises, {total} points. Each one is a file under <code>exercises/</code> with a
          piece of the reference implementation cut out; its tests name the concept a failing answer violates.
        </p>
        <HowToRun />
        {groups.map(({ chapter, exercises }) => (
          <ChapterExercises key={chapter.id} chapter={chapter} exercises={exercises} />
        ))}
        {groups.length === 0 && <p>No exercise has been published yet.</p>}
      </main>
    </Layout>
  );
}

function HowToRun(): React.JSX.Element {
  return (
    <div className="alert alert--info margin-bottom--lg">
      <strong>How to work on an exercise.</strong> Edit the file, then run <code>npm test</code> (everything, your
      started exercises included), <code>npm run grade</code> (your scorecard: points per exercise and chapter) or{' '}
      <code>npm run grade:watch</code> (re-grades on save). Stuck? <code>npm run hint -- &lt;id&gt;</code> prints the
      next hint. Exercises you have not touched show as <em>not started</em>, not as failures.
    </div>
  );
}

function ChapterExercises({ chapter, exercises }: { chapter: CourseChapter; exercises: Exercise[] }): React.JSX.Element {
  const points = exercises.reduce((sum, e) => sum + e.points, 0);
  return (
    <section className="margin-bottom--xl">
      <Heading as="h2" id={chapter.id}>
        {chapter.permalink ? <Link to={chapter.permalink}>{chapter.title}</Link> : chapter.title}
      </Heading>
      <p className={styles.meta}>
        {exercises.length} exercise{exercises.length === 1 ? '' : 's'}, {points} points
        {chapter.notebook && (
          <>
            {' · '}
            <Link to={chapter.notebook}>notebook</Link>
          </>
        )}
      </p>
      {exercises.map((exercise) => (
        <ExerciseCard key={exercise.id} exercise={exercise} />
      ))}
    </section>
  );
}

function ExerciseCard({ exercise }: { exercise: Exercise }): React.JSX.Element {
  return (
    <article className={`card margin-bottom--md ${styles.card}`} id={`exercise-${exercise.id}`}>
      <div className="card__header">
        <Heading as="h3" className={styles.title}>
          {exercise.title} <span className="badge badge--primary">{exercise.points} points</span>
        </Heading>
      </div>
      <div className="card__body">
        <p>{exercise.concept}</p>
        <dl className={styles.facts}>
          <dt>File to edit</dt>
          <dd>
            <code>exercises/{exercise.file}</code>
          </dd>
          <dt>Id</dt>
          <dd>
            <code>{exercise.id}</code> (<code>npm run hint -- {exercise.id}</code>)
          </dd>
          {exercise.read.length > 0 && (
            <>
              <dt>Read first</dt>
              <dd>
                <ul>
                  {exercise.read.map((r) => (
                    <li key={r}>
                      <Linkified text={r} />
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          )}
        </dl>
        {exercise.hints.map((hint, i) => (
          <details key={i} className={styles.hint}>
            <summary>Hint {i + 1}</summary>
            <p>{hint}</p>
          </details>
        ))}
      </div>
    </article>
  );
}

/** Plain text with its http(s) URLs turned into links (manifest "read" entries cite sources). */
function Linkified({ text }: { text: string }): React.JSX.Element {
  const parts = text.split(/(https?:\/\/[^\s)]+)/);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <Link key={i} href={part}>
            {part}
          </Link>
        ) : (
          part
        ),
      )}
    </>
  );
}
