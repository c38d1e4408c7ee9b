// Course content that is not a plain docs page:
// - notebooks/*.ipynb -> generated MDX pages (served by the "notebooks" pages instance),
// - exercises/manifest.json -> the /exercises catalog route,
// - global data for the landing page: chapters in order, with their notebook and exercises.
import fs from 'node:fs';
import path from 'node:path';
import type { LoadContext, Plugin } from '@docusaurus/types';
import type { LoadedContent as DocsContent } from '@docusaurus/plugin-content-docs';
import { generateNotebookPages, type NotebookEntry } from './notebooks/generate';
import type { CourseChapter, CourseData, ExerciseCatalog, ExerciseManifest } from '../src/components/course-types';

export interface CourseContentOptions {
  /** The repository root (the folder holding chapters/, notebooks/, exercises/). */
  repoDir: string;
  /** Folder of *.ipynb files, normally <repoDir>/notebooks. */
  notebooksDir: string;
  /** Where notebook pages are generated; must match the notebooks pages-plugin instance's path. */
  notebookPagesDir: string;
}

interface Loaded {
  notebooks: NotebookEntry[];
  manifest: ExerciseManifest;
}

export default function courseContentPlugin(context: LoadContext, options: CourseContentOptions): Plugin<Loaded> {
  const { notebooksDir } = options;
  const manifestFile = path.join(options.repoDir, 'exercises', 'manifest.json');
  const url = (p: string) => `${context.baseUrl.replace(/\/$/, '')}${p}`;
  let loaded: Loaded = { notebooks: [], manifest: { chapters: [], exercises: [] } };

  return {
    name: 'course-content',

    getPathsToWatch() {
      return [path.join(notebooksDir, '*.ipynb'), manifestFile];
    },

    async loadContent() {
      const notebooks = generateNotebookPages(notebooksDir, options.notebookPagesDir).map((n) => ({
        ...n,
        permalink: url(n.permalink),
      }));
      loaded = { notebooks, manifest: readManifest(manifestFile) };
      return loaded;
    },

    async allContentLoaded({ allContent, actions }) {
      const docs = allContent['docusaurus-plugin-content-docs']?.default as DocsContent | undefined;
      const chapters = chapterList(docs, loaded);
      actions.setGlobalData({ chapters, notebooks: loaded.notebooks } satisfies CourseData);

      const catalog: ExerciseCatalog = { chapters, exercises: loaded.manifest.exercises };
      const catalogModule = await actions.createData('exercise-catalog.json', JSON.stringify(catalog));
      actions.addRoute({
        path: url('/exercises'),
        component: '@site/src/components/Exercises/ExerciseCatalogPage',
        modules: { catalog: catalogModule },
        exact: true,
      });
    },
  };
}

/** Chapters in sidebar order, joined by file name ("03-etcd") to their notebook and exercises. */
function chapterList(docs: DocsContent | undefined, loaded: Loaded): CourseChapter[] {
  const version = docs?.loadedVersions[0];
  const fromDocs = (version?.docs ?? [])
    .filter((d) => !d.unlisted && !d.draft)
    .map((d) => ({
      id: path.basename(d.source).replace(/\.mdx?$/, ''),
      title: d.title,
      description: d.description,
      permalink: d.permalink,
      position: d.sidebarPosition ?? Number.MAX_SAFE_INTEGER,
    }))
    .sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
  // Chapters named only in the manifest (not written yet) still group their exercises.
  const known = new Set(fromDocs.map((c) => c.id));
  const fromManifest = loaded.manifest.chapters
    .filter((c) => !known.has(c.id))
    .map((c) => ({ id: c.id, title: c.title, description: '', permalink: undefined }));
  return [...fromDocs, ...fromManifest].map(({ id, title, description, permalink }) => {
    const exercises = loaded.manifest.exercises.filter((e) => e.chapter === id);
    return {
      id,
      title,
      description,
      permalink,
      notebook: loaded.notebooks.find((n) => n.slug === id)?.permalink,
      exercises: exercises.length,
      points: exercises.reduce((sum, e) => sum + e.points, 0),
    };
  });
}

function readManifest(file: string): ExerciseManifest {
  if (!fs.existsSync(file)) return { chapters: [], exercises: [] };
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<ExerciseManifest>;
  return { chapters: manifest.chapters ?? [], exercises: manifest.exercises ?? [] };
}
