// One notebook -> one MDX page: markdown cells as markdown, code cells as highlighted code
// blocks, outputs as the React components of src/components/Notebook (HTML and SVG rendered,
// text and errors in pre blocks).
import { escapeMarkdownForMdx, fenceFor, jsString } from './mdx-escape';
import { joinText, type Cell, type DataOutput, type Notebook, type Output } from './nbformat';

export interface NotebookPage {
  /** "03-etcd" for notebooks/03-etcd.ipynb; also the last segment of its route. */
  slug: string;
  title: string;
  description: string;
  mdx: string;
}

/** Mime types we can show, best first (Jupyter's own order, roughly). */
const MIME_ORDER = [
  'text/html',
  'image/svg+xml',
  'image/png',
  'image/jpeg',
  'image/gif',
  'text/markdown',
  'application/json',
  'text/plain',
] as const;

export function notebookToMdx(nb: Notebook, slug: string, sourcePath: string): NotebookPage {
  const language = codeLanguage(nb);
  const { title, description } = describe(nb, slug);
  const parts: string[] = [
    '---',
    `title: ${JSON.stringify(title)}`,
    `description: ${JSON.stringify(description)}`,
    '---',
    '',
    "import {TextOutput, HtmlOutput, ImageOutput, ErrorOutput, NotebookSource} from '@site/src/components/Notebook';",
    '',
  ];
  const cells = [...nb.cells];
  const first = cells[0]?.cell_type === 'markdown' ? joinText(cells[0].source) : '';
  const heading = /^#\s+.*$/m.exec(first);
  if (heading && first.slice(0, heading.index).trim() === '') {
    // The notebook's own title heads the page; the source note goes right under it.
    parts.push(escapeMarkdownForMdx(heading[0]), '', notebookSource(sourcePath));
    const rest = first.slice(heading.index + heading[0].length).trim();
    if (rest) parts.push(escapeMarkdownForMdx(rest), '');
    cells.shift();
  } else {
    parts.push(`# ${escapeMarkdownForMdx(title)}`, '', notebookSource(sourcePath));
  }
  for (const cell of cells) parts.push(...renderCell(cell, language));
  return { slug, title, description, mdx: parts.join('\n') };
}

function notebookSource(sourcePath: string): string {
  return `<NotebookSource ${prop('file', sourcePath)} />\n`;
}

function renderCell(cell: Cell, language: string): string[] {
  const source = joinText(cell.source).replace(/\s+$/, '');
  if (cell.cell_type === 'markdown') return source ? [escapeMarkdownForMdx(source), ''] : [];
  if (cell.cell_type !== 'code') return [];
  const outputs = (cell.outputs ?? []).flatMap(renderOutput);
  if (!source && outputs.length === 0) return [];
  const parts: string[] = [];
  if (source) {
    const fence = fenceFor(source);
    const label = cell.execution_count == null ? 'In [ ]' : `In [${cell.execution_count}]`;
    parts.push(`${fence}${language} title="${label}"`, source, fence, '');
  }
  return [...parts, ...outputs.map((o) => `${o}\n`)];
}

function renderOutput(output: Output): string[] {
  switch (output.output_type) {
    case 'stream':
      return [`<TextOutput ${prop('variant', output.name)} ${prop('text', joinText(output.text))} />`];
    case 'error':
      return [
        `<ErrorOutput ${prop('ename', output.ename ?? '')} ${prop('evalue', output.evalue ?? '')} ` +
          `${prop('traceback', (output.traceback ?? []).join('\n'))} />`,
      ];
    case 'execute_result':
    case 'display_data':
      return renderData(output);
    default:
      return []; // update_display_data and unknown types have nothing to show in a static page
  }
}

function renderData(output: DataOutput): string[] {
  const data = output.data ?? {};
  const mime = MIME_ORDER.find((m) => data[m] !== undefined);
  if (!mime) return [];
  const value = data[mime];
  switch (mime) {
    case 'text/html':
    case 'image/svg+xml':
      return [`<HtmlOutput ${prop('html', joinText(value))} />`];
    case 'image/png':
    case 'image/jpeg':
    case 'image/gif': {
      const base64 = joinText(value).replace(/\s+/g, '');
      return [`<ImageOutput ${prop('src', `data:${mime};base64,${base64}`)} />`];
    }
    case 'text/markdown':
      return [escapeMarkdownForMdx(joinText(value))];
    case 'application/json':
      return [`<TextOutput variant="result" ${prop('text', JSON.stringify(value, null, 2))} />`];
    default:
      return [`<TextOutput variant="result" ${prop('text', joinText(value))} />`];
  }
}

/** A JSX attribute whose value is a string expression, safe in MDX: name={"..."} */
function prop(name: string, value: string): string {
  return `${name}={${jsString(value)}}`;
}

function codeLanguage(nb: Notebook): string {
  const name = (nb.metadata?.language_info?.name ?? nb.metadata?.kernelspec?.language ?? 'typescript').toLowerCase();
  return { typescript: 'ts', javascript: 'js', python: 'python' }[name] ?? name;
}

/** Title: the first heading of the first markdown cell; description: the first sentence or so after it. */
function describe(nb: Notebook, slug: string): { title: string; description: string } {
  const markdown = nb.cells.filter((c) => c.cell_type === 'markdown').map((c) => joinText(c.source));
  const heading = markdown.map((m) => /^#{1,2}\s+(.+)$/m.exec(m)?.[1]).find(Boolean);
  const title = plain(heading ?? slug.replace(/^\d+-/, '').replace(/-/g, ' '));
  const paragraph =
    markdown
      .flatMap((m) => m.split(/\n\s*\n/))
      .map((p) => p.trim())
      .find((p) => p && !/^(#|```|~~~|<|\||!\[)/.test(p)) ?? '';
  const text = plain(paragraph);
  return { title, description: text.length > 200 ? `${text.slice(0, 197)}...` : text };
}

/** Markdown to one line of plain text (good enough for titles and meta descriptions). */
function plain(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
