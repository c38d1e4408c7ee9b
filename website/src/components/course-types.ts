// Shapes shared by the build-time plugins (website/plugins) and the React pages.

// The manifest's shape is declared once, next to its validator in tools/exercises/manifest.ts, so
// the grader and the site cannot drift apart. Type-only: nothing from tools/ enters the bundle.
import type { Exercise, Manifest } from '../../../tools/exercises/manifest';

/** One entry of exercises/manifest.json. */
export type { Exercise };

/** The whole of exercises/manifest.json. */
export type ExerciseManifest = Manifest;

export interface CourseChapter {
  /** File name without extension, e.g. "03-etcd"; also the notebook's and exercises' chapter id. */
  id: string;
  title: string;
  description: string;
  /** Route of the chapter page; undefined while the chapter is not written. */
  permalink?: string;
  /** Route of the chapter's notebook page, if it has one. */
  notebook?: string;
  exercises: number;
  points: number;
}

export interface NotebookSummary {
  slug: string;
  title: string;
  description: string;
  permalink: string;
  file: string;
}

/** Global data of the course-content plugin (usePluginData('course-content')). */
export interface CourseData {
  chapters: CourseChapter[];
  notebooks: NotebookSummary[];
}

export interface ExerciseCatalog {
  chapters: CourseChapter[];
  exercises: Exercise[];
}
