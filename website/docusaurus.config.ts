// The course website. Docs come from ../chapters; notebooks and the exercise catalog are
// generated from ../notebooks and ../exercises by plugins/course-content.ts at build time.
import path from 'node:path';
import type { Config } from '@docusaurus/types';
import type * as Preset from '@docusaurus/preset-classic';
import { themes as prismThemes } from 'prism-react-renderer';
import { generateNotebookPages } from './plugins/notebooks/generate';
import { chapterRoutes } from './plugins/chapter-routes';

const repoDir = path.resolve(__dirname, '..');
const chaptersDir = path.join(repoDir, 'chapters');
const notebookPagesDir = path.join(__dirname, 'src', 'generated', 'notebooks');
// COURSE_NOTEBOOKS_DIR: render another folder of notebooks (tests of the converter).
const notebooksDir = path.resolve(process.env.COURSE_NOTEBOOKS_DIR ?? path.join(repoDir, 'notebooks'));

// Generate the notebook pages before any plugin reads its folder (the course-content plugin
// regenerates them when a notebook changes under `npm run dev`).
generateNotebookPages(notebooksDir, notebookPagesDir);

// FASTER=0 falls back to the plain Webpack + Babel pipeline.
const faster = process.env.FASTER !== '0';

const config: Config = {
  title: 'The Kubernetes control plane, from the inside',
  tagline: 'Read it, run it, break it: the API server, etcd, the scheduler and the controllers, in readable TypeScript.',
  favicon: 'img/favicon.svg',
  url: process.env.SITE_URL ?? 'http://localhost:3000',
  baseUrl: '/',

  onBrokenLinks: 'throw',
  onBrokenAnchors: 'throw',
  onDuplicateRoutes: 'throw',

  future: faster ? { v4: true, faster: true } : { v4: { removeLegacyPostBuildHeadAttribute: true } },

  markdown: {
    mermaid: true,
    hooks: { onBrokenMarkdownLinks: 'throw' },
  },
  themes: [
    '@docusaurus/theme-mermaid',
    [
      '@easyops-cn/docusaurus-search-local',
      {
        hashed: true,
        indexDocs: true,
        indexPages: true,
        indexBlog: false,
        // Not '/': see plugins/chapter-routes.ts.
        docsRouteBasePath: chapterRoutes(chaptersDir),
        docsDir: chaptersDir,
        highlightSearchTermsOnTargetPage: true,
        explicitSearchResultPath: true,
      },
    ],
  ],

  presets: [
    [
      'classic',
      {
        docs: {
          path: chaptersDir,
          routeBasePath: '/',
          sidebarPath: './sidebars.ts',
        },
        blog: false,
        theme: { customCss: './src/css/custom.css' },
      } satisfies Preset.Options,
    ],
  ],

  plugins: [
    // Notebook pages: MDX generated into src/generated/notebooks, served under /notebooks.
    ['content-pages', { id: 'notebooks', path: notebookPagesDir, routeBasePath: '/notebooks' }],
    [path.join(__dirname, 'plugins', 'course-content.ts'), { repoDir, notebooksDir, notebookPagesDir }],
    [path.join(__dirname, 'plugins', 'course-source.ts'), { srcDir: path.join(repoDir, 'src') }],
  ],

  themeConfig: {
    colorMode: { respectPrefersColorScheme: true },
    navbar: {
      title: 'Control plane, from the inside',
      logo: { alt: 'Course logo', src: 'img/logo.svg' },
      items: [
        { type: 'docSidebar', sidebarId: 'chapters', position: 'left', label: 'Chapters' },
        { to: '/notebooks', label: 'Notebooks', position: 'left' },
        { to: '/exercises', label: 'Exercises', position: 'left' },
      ],
    },
    footer: {
      style: 'dark',
      copyright:
        'A course on the Kubernetes control plane. Licensed under Apache-2.0. Kubernetes is a trademark of The Linux Foundation.',
    },
    docs: { sidebar: { hideable: true } },
    tableOfContents: { minHeadingLevel: 2, maxHeadingLevel: 3 },
    prism: {
      theme: prismThemes.github,
      darkTheme: prismThemes.dracula,
      additionalLanguages: ['bash', 'diff', 'json'],
    },
    mermaid: { theme: { light: 'neutral', dark: 'dark' } },
  } satisfies Preset.ThemeConfig,
};

export default config;
