// Writes one MDX page per notebook, plus an index, into a generated folder that a second
// instance of the pages plugin serves under /notebooks (see docusaurus.config.ts).
// Files are only rewritten when their content changes, so the dev server's watchers stay calm.
import fs from 'node:fs';
import path from 'node:path';
import { readNotebook } from './nbformat';
import { notebookToMdx } from './to-mdx';

export interface NotebookEntry {
  slug: string;
  title: string;
  description: string;
  /** Route of the page, e.g. "/notebooks/03-etcd". */
  permalink: string;
  /** Path from the repository root, e.g. "notebooks/03-etcd.ipynb". */
  file: string;
}

export const NOTEBOOKS_ROUTE = '/notebooks';

export function generateNotebookPages(notebooksDir: string, outDir: string): NotebookEntry[] {
  const files = fs.existsSync(notebooksDir)
    ? fs.readdirSync(notebooksDir).filter((f) => f.endsWith('.ipynb')).sort()
    : [];
  const entries: NotebookEntry[] = [];
  const written = new Set<string>();
  fs.mkdirSync(outDir, { recursive: true });
  for (const name of files) {
    const slug = path.basename(name, '.ipynb');
    const file = `${path.basename(notebooksDir)}/${name}`;
    const page = notebookToMdx(readNotebook(path.join(notebooksDir, name)), slug, file);
    writeIfChanged(path.join(outDir, `${slug}.mdx`), page.mdx);
    written.add(`${slug}.mdx`);
    entries.push({ slug, title: page.title, description: page.description, permalink: `${NOTEBOOKS_ROUTE}/${slug}`, file });
  }
  writeIfChanged(path.join(outDir, 'index.mdx'), indexPage(entries));
  written.add('index.mdx');
  for (const stale of fs.readdirSync(outDir)) {
    if (!written.has(stale)) fs.rmSync(path.join(outDir, stale), { recursive: true, force: true });
  }
  return entries;
}

function indexPage(entries: NotebookEntry[]): string {
  const list = entries.length
    ? entries.map((e) => `- [${e.title.replace(/[[\]{}<]/g, '\\$&')}](${e.permalink}) (\`${e.file}\`)`).join('\n')
    : '_No notebook has been published yet._';
  return `---
title: Notebooks
description: Every chapter's notebook, with its outputs, as it last ran.
---

# Notebooks

Each chapter has a notebook that runs the reference implementation and reproduces the chapter's
scenarios: timelines, tables and pictures. The pages below show each notebook with the outputs
it produced when it was last run. To run them yourself, use \`npm run notebooks\` (Jupyter with
the TypeScript kernel, tslab); \`npm run test:notebooks\` runs them all headless.

${list}
`;
}

function writeIfChanged(file: string, content: string): void {
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === content) return;
  fs.writeFileSync(file, content);
}
