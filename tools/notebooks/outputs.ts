// Compares a notebook's saved outputs with a fresh run's. Notebooks here are deterministic (virtual
// time, seeded randomness), so any difference means the saved outputs, which the website shows,
// no longer match the code.

interface Cell {
  cell_type: string;
  source: string | string[];
  outputs?: Output[];
}
interface Output {
  output_type: string;
  text?: string | string[];
  data?: Record<string, string | string[]>;
  ename?: string;
  evalue?: string;
}
export interface Notebook {
  cells: Cell[];
}

const join = (v: string | string[] | undefined): string => (Array.isArray(v) ? v.join("") : (v ?? ""));

function render(output: Output): string {
  if (output.output_type === "stream") return join(output.text);
  if (output.output_type === "error") return `${output.ename}: ${output.evalue}`;
  const data = output.data ?? {};
  return Object.keys(data)
    .sort()
    .map((mime) => `${mime}:${join(data[mime])}`)
    .join("\n");
}

/** Undefined when both notebooks show the same outputs; otherwise where they first differ. */
export function compareOutputs(saved: Notebook, fresh: Notebook): string | undefined {
  const code = (nb: Notebook): Cell[] => nb.cells.filter((c) => c.cell_type === "code");
  const a = code(saved);
  const b = code(fresh);
  if (a.length !== b.length) return `${a.length} code cells saved, ${b.length} run`;
  for (let i = 0; i < a.length; i++) {
    const x = (a[i]!.outputs ?? []).map(render).join("\n");
    const y = (b[i]!.outputs ?? []).map(render).join("\n");
    if (x !== y) {
      const at = [...x].findIndex((ch, k) => ch !== y[k]);
      const from = Math.max(0, at - 20);
      return `code cell ${i + 1}: saved "…${x.slice(from, from + 60)}…" but got "…${y.slice(from, from + 60)}…"`;
    }
  }
  return undefined;
}
