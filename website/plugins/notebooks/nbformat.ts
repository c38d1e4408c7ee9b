// The parts of Jupyter's nbformat 4 that the site renders, and a tolerant reader.
// Reference: https://nbformat.readthedocs.io/en/latest/format_description.html
import fs from 'node:fs';

/** nbformat stores multi-line strings either as one string or as a list of lines. */
export type MultilineString = string | string[];

export type MimeBundle = Record<string, MultilineString | unknown>;

export interface StreamOutput {
  output_type: 'stream';
  name: 'stdout' | 'stderr';
  text: MultilineString;
}

export interface DataOutput {
  output_type: 'execute_result' | 'display_data' | 'update_display_data';
  data: MimeBundle;
  execution_count?: number | null;
}

export interface ErrorOutput {
  output_type: 'error';
  ename: string;
  evalue: string;
  traceback: string[];
}

export type Output = StreamOutput | DataOutput | ErrorOutput;

export interface Cell {
  cell_type: 'markdown' | 'code' | 'raw';
  source: MultilineString;
  outputs?: Output[];
  execution_count?: number | null;
}

export interface Notebook {
  nbformat: number;
  metadata?: {
    kernelspec?: { name?: string; language?: string };
    language_info?: { name?: string };
  };
  cells: Cell[];
}

export function joinText(value: unknown): string {
  if (Array.isArray(value)) return value.join('');
  return typeof value === 'string' ? value : '';
}

export function readNotebook(file: string): Notebook {
  const nb = JSON.parse(fs.readFileSync(file, 'utf8')) as Notebook;
  if (nb.nbformat !== 4 || !Array.isArray(nb.cells)) {
    throw new Error(`${file}: not a Jupyter notebook in nbformat 4`);
  }
  return nb;
}
