// The local search of the course website (@easyops-cn/docusaurus-search-local), checked from
// the outside: the index file exists and covers every page, and both the navbar search box and
// the /search page find a chapter by a word of its title.
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { CheckResult } from './site-test';
import { canonicalRoute, discoverRoutes } from './site-routes';

interface IndexPart {
  documents: { t: string; u: string; h?: string }[];
}

/** Routes the search plugin leaves out on purpose. */
const NOT_INDEXED = new Set(['/', '/search']);

export async function checkSearch(
  context: BrowserContext,
  origin: string,
  buildDir: string,
  watchPage: (page: Page, origin: string) => Set<string>,
): Promise<CheckResult> {
  const started = Date.now();
  const problems: string[] = [];
  const result = (status: string): CheckResult => ({ name: '(search)', status, ms: Date.now() - started, problems });

  const files = fs.readdirSync(buildDir).filter((f) => /^search-index.*\.json$/.test(f));
  if (files.length === 0) {
    problems.push('no search-index*.json in the build: the search plugin did not run');
    return result('-');
  }
  const parts = files.flatMap((f) => JSON.parse(fs.readFileSync(path.join(buildDir, f), 'utf8')) as IndexPart[]);
  const indexed = new Set(parts.flatMap((p) => p.documents.map((d) => canonicalRoute(d.u))));
  for (const route of discoverRoutes(buildDir)) {
    if (!NOT_INDEXED.has(route) && !indexed.has(route)) problems.push(`page ${route} is not in the search index`);
  }
  const titled = parts[0]?.documents.find((d) => !d.h && d.t);
  if (!titled) {
    problems.push('the search index has no page titles');
    return result(files.join(','));
  }
  const word = titled.t.split(/[^\p{L}\p{N}]+/u).sort((a, b) => b.length - a.length)[0]!;

  const page = await context.newPage();
  const pageProblems = watchPage(page, origin);
  try {
    await page.goto(`${origin}/`, { waitUntil: 'load' });
    await page.locator('input.navbar__search-input').first().fill(word);
    const suggestion = await page
      .locator('.navbar__search [role="option"]')
      .first()
      .waitFor({ timeout: 10_000 })
      .then(() => true)
      .catch(() => false);
    if (!suggestion) problems.push(`the navbar search box shows no suggestion for "${word}"`);

    await page.goto(`${origin}/search?q=${encodeURIComponent(word)}`, { waitUntil: 'load' });
    const hit = page.locator(`#__docusaurus_skipToContent_fallback article a[href^="${titled.u}"]`).first();
    const found = await hit
      .waitFor({ timeout: 10_000 })
      .then(() => true)
      .catch(() => false);
    if (!found) problems.push(`/search?q=${word} does not list ${titled.u}`);
  } finally {
    await page.close();
  }
  problems.push(...pageProblems);
  return result(files.join(','));
}
