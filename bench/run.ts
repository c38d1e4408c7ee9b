// `npm run bench -- <area>`: runs one benchmark area. Each prints a readable table and, last,
// one JSON line of its figures, so that scripts can collect them.
import path from "node:path";
import fs from "node:fs";

const areas = fs
  .readdirSync(__dirname)
  .filter((f) => f.endsWith(".bench.ts"))
  .map((f) => f.replace(/\.bench\.ts$/, ""))
  .sort();

const area = process.argv[2];
if (!area || !areas.includes(area)) {
  console.error(`bench: ${area ? `unknown area "${area}"` : "name an area"}; available: ${areas.join(", ")}`);
  console.error("usage: npm run bench -- <area>");
  process.exit(2);
}
require(path.join(__dirname, `${area}.bench.ts`));
