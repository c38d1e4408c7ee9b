// The chapters in order, each with its notebook and exercises (landing page).
import React from 'react';
import Link from '@docusaurus/Link';
import type { CourseChapter } from './course-types';

export default function ChapterTable({ chapters }: { chapters: CourseChapter[] }): React.JSX.Element {
  if (chapters.length === 0) return <p>No chapter has been published yet.</p>;
  return (
    <table>
      <thead>
        <tr>
          <th>#</th>
          <th>Chapter</th>
          <th>Notebook</th>
          <th>Exercises</th>
        </tr>
      </thead>
      <tbody>
        {chapters.map((c) => (
          <tr key={c.id}>
            <td>{/^\d+/.exec(c.id)?.[0] ?? ''}</td>
            <td>
              {c.permalink ? <Link to={c.permalink}>{c.title}</Link> : `${c.title} (coming)`}
              {c.description && (
                <div>
                  <small>{c.description}</small>
                </div>
              )}
            </td>
            <td>{c.notebook ? <Link to={c.notebook}>notebook</Link> : '—'}</td>
            <td>
              {c.exercises > 0 ? (
                <Link to={`/exercises#${c.id}`}>
                  {c.exercises} ({c.points} points)
                </Link>
              ) : (
                '—'
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
