// Shapes shared by the build-time plugins (website/plugins) and the React pages.

/** One entry of exercises/manifest.json. */
export interface Exercise {
  id: string;
  chapter: string;
  title: string;
  /** Relative to exercises/, e.g. "00-workbook/quorum.ts". */
  file: string;
  points: number;
  concept: string;
  read: string[];
  hints: string[];
}

export interface ExerciseManifest {
  chapters: { id: string; title: string }[];
  exercises: Exercise[];
}

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
