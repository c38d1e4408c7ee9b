// Named regions in the reference implementation: the code that chapters quote.
//
//   //> virtual-clock-advance
//   advance(ms: number): void { ... }
//   //< virtual-clock-advance
//
// A region's text is the lines between its markers, with marker lines of other (nested) regions
// removed and the common indentation taken off. Names are unique across src/.
import fs from "node:fs";
import path from "node:path";

export interface Region {
  name: string;
  /** Path relative to the repository root, with forward slashes. */
  file: string;
  /** 1-based line of the opening marker. */
  line: number;
  text: string;
}

export interface RegionProblem {
  file: string;
  line: number;
  message: string;
}

const OPEN = /^\s*\/\/>\s*([A-Za-z0-9][\w.-]*)\s*$/;
const CLOSE = /^\s*\/\/<\s*([A-Za-z0-9][\w.-]*)\s*$/;
const ANY_MARKER = /^\s*\/\/[<>]\s/;

/** Finds the regions of one source file, and the marker mistakes in it. */
export function regionsOf(file: string, source: string): { regions: Region[]; problems: RegionProblem[] } {
  const lines = source.split("\n");
  const open = new Map<string, number>(); // name -> index of its opening line
  const regions: Region[] = [];
  const problems: RegionProblem[] = [];
  lines.forEach((line, i) => {
    const opening = OPEN.exec(line);
    const closing = CLOSE.exec(line);
    if (opening) {
      const name = opening[1]!;
      if (open.has(name)) problems.push({ file, line: i + 1, message: `region "${name}" opened again before it was closed` });
      open.set(name, i);
    } else if (closing) {
      const name = closing[1]!;
      const start = open.get(name);
      if (start === undefined) {
        problems.push({ file, line: i + 1, message: `"//< ${name}" closes a region that was never opened` });
        return;
      }
      open.delete(name);
      const body = lines.slice(start + 1, i).filter((l) => !OPEN.test(l) && !CLOSE.test(l));
      regions.push({ name, file, line: start + 1, text: dedent(body).join("\n") });
    } else if (ANY_MARKER.test(line) && /^\s*\/\/[<>]\s*\S+\s*$/.test(line)) {
      problems.push({ file, line: i + 1, message: `malformed region marker "${line.trim()}" (names use letters, digits, '-', '_', '.')` });
    }
  });
  for (const [name, start] of open) problems.push({ file, line: start + 1, message: `region "${name}" is never closed (no "//< ${name}")` });
  return { regions, problems };
}

/** Every region under `dir` (recursively, .ts/.tsx files), with duplicates reported. */
export function collectRegions(root: string, dir = "src"): { regions: Map<string, Region>; problems: RegionProblem[] } {
  const regions = new Map<string, Region>();
  const problems: RegionProblem[] = [];
  for (const file of listSources(path.join(root, dir))) {
    const relative = path.relative(root, file).split(path.sep).join("/");
    const found = regionsOf(relative, fs.readFileSync(file, "utf8"));
    problems.push(...found.problems);
    for (const region of found.regions) {
      const earlier = regions.get(region.name);
      if (earlier) {
        problems.push({
          file: relative,
          line: region.line,
          message: `region "${region.name}" is defined twice: here and at ${earlier.file}:${earlier.line}`,
        });
      } else {
        regions.set(region.name, region);
      }
    }
  }
  return { regions, problems };
}

function listSources(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== "node_modules") out.push(...listSources(full));
    else if (/\.tsx?$/.test(entry.name)) out.push(full);
  }
  return out;
}

/** Removes the indentation common to all non-blank lines, and blank lines at both ends. */
export function dedent(lines: string[]): string[] {
  const trimmed = [...lines];
  while (trimmed.length && trimmed[0]!.trim() === "") trimmed.shift();
  while (trimmed.length && trimmed[trimmed.length - 1]!.trim() === "") trimmed.pop();
  const indents = trimmed.filter((l) => l.trim() !== "").map((l) => /^\s*/.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return trimmed.map((l) => l.slice(cut).replace(/\s+$/, ""));
}
