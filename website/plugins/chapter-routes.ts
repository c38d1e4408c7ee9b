// The routes of the chapter pages, computed the way the docs plugin computes them, for the
// local search plugin's `docsRouteBasePath`.
//
// Why: with docs served at "/", @easyops-cn/docusaurus-search-local treats EVERY route as a
// docs route and skips the ones that are not docs, so notebook pages, the exercise catalog and
// the home page would never be indexed. Listing the chapter routes instead makes chapters
// indexed as docs (per heading) and everything else as pages.
import fs from 'node:fs';
import path from 'node:path';

// Docusaurus' default number prefix parser: "03-etcd" -> "etcd".
const NUMBER_PREFIX = /^\d+\s*[-_.]+\s*(?=[^-_.\s])/;

export function chapterRoutes(chaptersDir: string): string[] {
  if (!fs.existsSync(chaptersDir)) return [];
  return fs
    .readdirSync(chaptersDir)
    .filter((f) => /\.mdx?$/.test(f) && !f.startsWith('_'))
    .map((f) => {
      const frontMatter = /^---\r?\n([\s\S]*?)\r?\n---/.exec(fs.readFileSync(path.join(chaptersDir, f), 'utf8'))?.[1] ?? '';
      const field = (name: string) => new RegExp(`^${name}:\\s*['"]?([^'"\\n]+?)['"]?\\s*$`, 'm').exec(frontMatter)?.[1];
      const slug = field('slug') ?? field('id') ?? path.basename(f).replace(/\.mdx?$/, '').replace(NUMBER_PREFIX, '');
      return slug.replace(/^\/+|\/+$/g, '');
    })
    .filter((route) => route !== '')
    .sort();
}
