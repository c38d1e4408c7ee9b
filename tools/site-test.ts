// `npm run test:site`: drives the built course website (website/build) in headless Chromium.
//
// Serves the build on 127.0.0.1, visits every page, and fails on: console errors, page errors,
// failed or >= 400 same-origin requests, any request leaving the machine, internal links (and
// #anchors) that do not resolve to a built page, an empty <main>, a Mermaid diagram that did not
// render, a playground (`[data-playground]`) whose buttons change nothing, a missing search
// index. Saves a full-page screenshot of every page under build/site-screenshots/.
//
// The Raft playground (`[data-playground="raft"]`) also plays a scenario through its controls:
// crash the leader, run virtual time, see a different server elected in a higher term; then go
// back a second (a replay from the seed) and forward again, and to the start and the end with the
// scrubber, and expect the same trace fingerprint. It saves a second screenshot afterwards.
//
// The scheduler playground (`[data-playground="scheduler"]`) plays one too, through its editors:
// in the "taints" preset the pod goes to a busy node because the best one is tainted; adding the
// toleration in the pod editor must move it to the tainted node (and removing it, back); asking
// for too much CPU must give upstream's "0/5 nodes are available: ..." message; the preemption
// preset must nominate a node; a seed must give the same tie-break every time. Two screenshots.
//
// Run `npm --workspace website run build` first (the npm script does).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { discoverRoutes, sitemapRoutes } from './site-routes';
import { checkSearch } from './site-search';
import { resolveFile, serveStatic } from './site-server';

const root = path.resolve(__dirname, '..');
const buildDir = path.join(root, 'website', 'build');
const shotsDir = path.join(root, 'build', 'site-screenshots');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const WORKERS = 2;
const MIN_MAIN_TEXT = 20;
const MAIN = '#__docusaurus_skipToContent_fallback';

export interface CheckResult {
  name: string;
  status: number | string;
  ms: number;
  problems: string[];
}

interface PageVisit extends CheckResult {
  links: { href: string; text: string }[];
  ids: Set<string>;
}

/** Records everything that goes wrong on a page while it loads and runs. */
export function watchPage(page: Page, origin: string): Set<string> {
  const problems = new Set<string>();
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.add(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.add(`page error: ${err.message}`));
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.protocol !== 'data:' && url.protocol !== 'blob:' && url.origin !== origin) {
      problems.add(`request leaves the site (no CDN allowed): ${req.url()}`);
    }
  });
  page.on('requestfailed', (req) => {
    if (req.url().startsWith(origin)) problems.add(`request failed: ${req.url()} (${req.failure()?.errorText})`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400 && res.url().startsWith(origin)) problems.add(`HTTP ${res.status()}: ${res.url()}`);
  });
  return problems;
}

async function visit(context: BrowserContext, origin: string, route: string): Promise<PageVisit> {
  const started = Date.now();
  const page = await context.newPage();
  const problems = watchPage(page, origin);
  const result: PageVisit = { name: route, status: '-', ms: 0, problems: [], links: [], ids: new Set() };
  try {
    const response = await page.goto(origin + route, { waitUntil: 'load', timeout: 30_000 });
    result.status = response?.status() ?? '-';
    await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
    await checkMermaid(page, problems);
    // Everything between the navbar and the footer (the search page has no <main>).
    const mainText = (await page.locator(MAIN).first().innerText({ timeout: 5_000 }).catch(() => '')).trim();
    if (mainText.length < MIN_MAIN_TEXT) problems.add(`main content is empty (${mainText.length} characters)`);
    result.links = await page.$$eval('a[href], link[rel~="icon"]', (elements) =>
      elements.map((e) => ({ href: (e as unknown as { href: string }).href, text: (e.textContent ?? '').trim().slice(0, 40) })),
    );
    result.ids = new Set(await page.$$eval('[id], a[name]', (els) => els.map((e) => e.id || e.getAttribute('name') || '')));
    await page.screenshot({ path: path.join(shotsDir, screenshotName(route)), fullPage: true, timeout: 30_000 });
    await checkRaftPlaygrounds(page, problems, route);
    await checkSchedulerPlaygrounds(page, problems, route);
    await checkPlaygrounds(page, problems);
  } catch (err) {
    problems.add(`could not test the page: ${(err as Error).message.split('\n')[0]}`);
  } finally {
    await page.close();
  }
  result.problems = [...problems];
  result.ms = Date.now() - started;
  return result;
}

/** Every Mermaid block (wrapped by website/src/theme/Mermaid.tsx) must become an SVG. */
async function checkMermaid(page: Page, problems: Set<string>): Promise<void> {
  const diagrams = page.locator('[data-mermaid-diagram]');
  const count = await diagrams.count();
  for (let i = 0; i < count; i++) {
    const rendered = await diagrams
      .nth(i)
      .locator('svg')
      .first()
      .waitFor({ state: 'attached', timeout: 15_000 })
      .then(() => true)
      .catch(() => false);
    if (!rendered) problems.add(`Mermaid diagram ${i + 1} of ${count} did not render`);
  }
}

/** A playground must respond to clicks: some button changes what it shows. */
async function checkPlaygrounds(page: Page, problems: Set<string>): Promise<void> {
  const playgrounds = page.locator('[data-playground]');
  for (let i = 0; i < (await playgrounds.count()); i++) {
    const playground = playgrounds.nth(i);
    const name = await playground.getAttribute('data-playground');
    const before = await playground.innerText();
    const buttons = playground.locator('button:visible');
    const count = await buttons.count();
    let changed = false;
    for (let b = 0; b < count; b++) {
      // A click may remove buttons (a playground's "remove" buttons): stop when none is left at b.
      if (b >= (await buttons.count())) break;
      // Generous: a running playground keeps the main thread busy, more so on a loaded CI machine.
      await buttons.nth(b).click({ timeout: 15_000 });
      if ((await playground.innerText()) !== before) changed = true;
    }
    if (!changed) problems.add(`playground "${name}": none of its ${count} buttons changed what it shows`);
  }
}

/** Polls `check` until it holds or `timeoutMs` passes. */
async function until(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The Raft playground's scenario, through its buttons (their data-testid) only: elect a leader,
 * crash it, advance virtual time until another server leads in a higher term; then check that
 * replaying from the seed (the "−1 s" button, the scrubber's Home and End) reaches the same run.
 */
async function checkRaftPlaygrounds(page: Page, problems: Set<string>, route: string): Promise<void> {
  const playgrounds = page.locator('[data-playground="raft"]');
  for (let i = 0; i < (await playgrounds.count()); i++) {
    const p = playgrounds.nth(i);
    const fail = (message: string) => problems.add(`Raft playground ${i + 1}: ${message}`);
    const byId = (id: string) => p.locator(`[data-testid="${id}"]`);
    const leaderRow = p.locator('[data-testid^="raft-server-"][data-role="leader"]');
    const leaderName = async () => ((await leaderRow.count()) === 1 ? (await leaderRow.getAttribute('data-testid'))!.replace('raft-server-', '') : undefined);
    const fingerprint = async () => (await byId('raft-fingerprint').innerText()).trim();
    const now = async () => (await byId('raft-now').innerText()).trim();
    /** Presses "+1 s" until `done`, at most `seconds` times. */
    const advanceUntil = async (done: () => Promise<boolean>, seconds: number) => {
      for (let s = 0; s < seconds && !(await done()); s++) await byId('raft-advance').click();
      return done();
    };

    // It starts running on load; pause it so that only the test moves virtual time.
    const run = byId('raft-run');
    if ((await run.getAttribute('data-running')) === 'true') await run.click();
    if (!(await until(async () => (await run.getAttribute('data-running')) === 'false'))) fail('"Pause" did not stop the clock');

    if (!(await advanceUntil(async () => (await leaderName()) !== undefined, 10))) {
      fail('no leader after 10 s of virtual time');
      continue;
    }
    const old = (await leaderName())!;
    const oldTerm = Number(await leaderRow.getAttribute('data-term'));
    await byId(`raft-crash-${old}`).click();
    if ((await byId(`raft-server-${old}`).getAttribute('data-role')) !== 'crashed') fail(`"Crash" did not crash the leader ${old}`);
    const elected = await advanceUntil(async () => {
      const name = await leaderName();
      return name !== undefined && name !== old;
    }, 10);
    if (!elected) {
      fail(`no new leader within 10 s of virtual time after crashing the leader ${old}`);
      continue;
    }
    const next = (await leaderName())!;
    const newTerm = Number(await leaderRow.getAttribute('data-term'));
    if (!(newTerm > oldTerm)) fail(`new leader ${next} has term ${newTerm}, not above the old leader's ${oldTerm}`);
    const at = await now();
    const print = await fingerprint();
    if (!/^[0-9a-f]{8}$/.test(print)) fail(`no trace fingerprint while paused (shows "${print}")`);

    // Back one second: a fresh cluster from the seed, the crash re-applied; forward again.
    await byId('raft-back').click();
    if (!(await until(async () => /replayed from the seed/i.test(await byId('raft-replay-info').innerText())))) {
      fail('"−1 s" did not replay from the seed');
    }
    await byId('raft-advance').click();
    if ((await now()) !== at || (await fingerprint()) !== print || (await leaderName()) !== next) {
      fail(`back 1 s and forward 1 s: expected ${at}, leader ${next}, fingerprint ${print}; got ${await now()}, ${await leaderName()}, ${await fingerprint()}`);
    }

    // The scrubber: to the start (nobody leads at 0 ms), then to the end of the recorded run.
    const scrubber = byId('raft-scrubber');
    await scrubber.press('Home');
    if (!(await until(async () => (await now()) === '0 ms' && (await leaderName()) === undefined))) {
      fail(`scrubbing to the start shows ${await now()} with leader ${await leaderName()}`);
    }
    await scrubber.press('End');
    if (!(await until(async () => (await now()) === at && (await fingerprint()) === print))) {
      fail(`scrubbing to the end: expected ${at} and fingerprint ${print}, got ${await now()} and ${await fingerprint()}`);
    }
    await page.screenshot({ path: path.join(shotsDir, screenshotName(route).replace(/\.png$/, `--raft-${i + 1}-new-leader.png`)), fullPage: true });
  }
}

/**
 * The scheduler playground's scenario, through its controls (data-testid) only: a toleration
 * added in the pod editor changes the chosen node; too big a request gives the FitError message;
 * preemption nominates a node; a seed replays its tie-break.
 */
async function checkSchedulerPlaygrounds(page: Page, problems: Set<string>, route: string): Promise<void> {
  const playgrounds = page.locator('[data-playground="scheduler"]');
  for (let i = 0; i < (await playgrounds.count()); i++) {
    const p = playgrounds.nth(i);
    const fail = (message: string) => problems.add(`scheduler playground ${i + 1}: ${message}`);
    const byId = (id: string) => p.locator(`[data-testid="${id}"]`);
    const outcome = byId('sched-outcome');
    const chosen = async () => (await outcome.getAttribute('data-chosen')) ?? '';
    const filterState = async (node: string, plugin: string) => (await byId(`sched-filter-${node}-${plugin}`).getAttribute('data-state')) ?? '(no cell)';
    // (From the top: sticky bars would otherwise be drawn in the middle of a full-page screenshot.)
    const shot = async (what: string) => {
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: path.join(shotsDir, screenshotName(route).replace(/\.png$/, `--scheduler-${i + 1}-${what}.png`)), fullPage: true });
    };

    // The taints preset: the big node gpu-1 is tainted, so the pod goes elsewhere.
    await byId('sched-preset-taints').click();
    if (!(await until(async () => (await chosen()) !== '' && (await filterState('gpu-1', 'TaintToleration')) === 'fail'))) {
      fail(`the taints preset: expected a chosen node and TaintToleration ✗ on gpu-1, got "${await chosen()}" and ${await filterState('gpu-1', 'TaintToleration')}`);
      continue;
    }
    const before = await chosen();
    if (before === 'gpu-1') fail('the taints preset chose the tainted node gpu-1 before any toleration');
    if (!(await byId('sched-row-gpu-1').innerText()).includes("node(s) had untolerated taint(s)")) fail('gpu-1 does not show upstream\'s reason "node(s) had untolerated taint(s)"');

    // Tolerate the taint through the pod editor: the chosen node changes to gpu-1.
    await byId('sched-add-toleration').click();
    await byId('sched-toleration-0-key').fill('nvidia.com/gpu');
    await byId('sched-toleration-0-operator').selectOption('Equal');
    await byId('sched-toleration-0-value').fill('present');
    await byId('sched-toleration-0-effect').selectOption('NoSchedule');
    if (!(await until(async () => (await chosen()) === 'gpu-1'))) {
      fail(`with the toleration nvidia.com/gpu=present:NoSchedule the pod should move from ${before} to gpu-1, but the chosen node is "${await chosen()}"`);
    } else {
      if ((await filterState('gpu-1', 'TaintToleration')) !== 'pass') fail('gpu-1 is chosen but its TaintToleration cell is not ✓');
      if ((await byId('sched-row-gpu-1').getAttribute('data-chosen')) !== 'true') fail('gpu-1 is chosen but its row is not marked chosen');
      if (!/\d/.test(await byId('sched-total-gpu-1').innerText())) fail('gpu-1 has no weighted total');
    }
    await shot('tolerated');
    await byId('sched-toleration-0-remove').click();
    if (!(await until(async () => (await chosen()) === before))) fail(`removing the toleration should bring the pod back to ${before}, got "${await chosen()}"`);

    // Nothing fits: upstream's FitError message.
    await byId('sched-preset-five-nodes').click();
    await byId('sched-pod-cpu').fill('64');
    const unschedulable = await until(async () => (await outcome.getAttribute('data-outcome')) === 'Unschedulable');
    const message = unschedulable ? await byId('sched-message').innerText() : '';
    if (!/0\/5 nodes are available: .*Insufficient cpu/.test(message)) fail(`a 64-CPU pod should give "0/5 nodes are available: ... Insufficient cpu ...", got "${message}"`);

    // Preemption: the preset's high-priority pod is nominated to a node.
    await byId('sched-preset-preemption').click();
    if (!(await until(async () => ((await outcome.getAttribute('data-nominated')) ?? '') !== ''))) fail('the preemption preset nominated no node');
    await shot('preemption');

    // The seed: a tie broken by seed 7 is broken the same way after other seeds.
    await byId('sched-preset-zones').click();
    await byId('sched-seed').fill('7');
    await until(async () => (await chosen()) !== '');
    const withSeven = await chosen();
    for (let k = 0; k < 4; k++) await byId('sched-next-seed').click();
    await byId('sched-seed').fill('7');
    if (!(await until(async () => (await chosen()) === withSeven))) fail(`seed 7 chose ${withSeven}, then ${await chosen()} when set again`);
    if (!(await p.innerText()).includes('seed 7')) fail('the playground does not show its seed');
    await byId('sched-preset-five-nodes').click();
  }
}

function screenshotName(route: string): string {
  const name = route.replace(/^\/|\/$/g, '').replace(/\//g, '--');
  return `${name || 'index'}.png`;
}

/** Internal links must resolve to a built file; links with #fragment to an id on the target page. */
function checkLinks(visits: PageVisit[], origin: string): void {
  const byFile = new Map(visits.map((v) => [resolveFile(buildDir, v.name), v]));
  for (const from of visits) {
    const broken = new Set<string>();
    for (const { href, text } of from.links) {
      if (!href.startsWith(origin)) continue;
      const url = new URL(href);
      const file = resolveFile(buildDir, url.pathname);
      if (!file) {
        broken.add(`broken link: ${url.pathname}${url.hash} ("${text}") does not resolve to a built page`);
        continue;
      }
      const target = byFile.get(file);
      const id = decodeURIComponent(url.hash.slice(1));
      if (target && id && !target.ids.has(id)) {
        broken.add(`broken anchor: ${url.pathname}${url.hash} ("${text}"): no element with id "${id}" on ${target.name}`);
      }
    }
    from.problems.push(...broken);
  }
}

/** An unknown URL must show the site's own 404 page (status 404), with no script error. */
async function checkNotFound(context: BrowserContext, origin: string): Promise<CheckResult> {
  const started = Date.now();
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  const response = await page.goto(`${origin}/no-such-page-here`, { waitUntil: 'load' });
  await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
  const status = response?.status() ?? '-';
  if (status !== 404) problems.push(`expected HTTP 404, got ${status}`);
  const text = await page.locator(MAIN).first().innerText().catch(() => '');
  if (!/not found/i.test(text)) problems.push('the 404 page does not say "not found"');
  await page.close();
  return { name: '(404 page)', status, ms: Date.now() - started, problems };
}

function printTable(results: CheckResult[]): void {
  const width = Math.max(5, ...results.map((r) => r.name.length));
  console.log(`${'route'.padEnd(width)}  status      ms  result`);
  for (const r of results) {
    const verdict = r.problems.length ? `FAIL (${r.problems.length})` : 'ok';
    console.log(`${r.name.padEnd(width)}  ${String(r.status).padStart(6)}  ${String(r.ms).padStart(6)}  ${verdict}`);
  }
  for (const r of results) for (const p of r.problems) console.log(`FAIL ${r.name}: ${p}`);
}

async function inParallel<T, R>(items: T[], workers: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(workers, items.length) }, worker));
  return results;
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(buildDir, 'index.html'))) {
    console.error(`site-test: ${path.relative(root, buildDir)} has no index.html; run "npm --workspace website run build" first.`);
    process.exit(1);
  }
  const routes = discoverRoutes(buildDir);
  const missing = (sitemapRoutes(buildDir) ?? []).filter((r) => !routes.includes(r));
  fs.rmSync(shotsDir, { recursive: true, force: true });
  fs.mkdirSync(shotsDir, { recursive: true });

  const server = await serveStatic(buildDir);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'site-test-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const started = Date.now();
  let results: CheckResult[] = [];
  try {
    const visits = await inParallel(routes, WORKERS, (route) => visit(context, server.origin, route));
    checkLinks(visits, server.origin);
    results = [...visits, await checkNotFound(context, server.origin), await checkSearch(context, server.origin, buildDir, watchPage)];
    if (missing.length) {
      results.push({ name: '(sitemap)', status: '-', ms: 0, problems: missing.map((r) => `sitemap route ${r} has no built page`) });
    }
  } finally {
    await context.close();
    await server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }

  printTable(results);
  const failed = results.filter((r) => r.problems.length > 0).length;
  console.log(`screenshots: ${path.relative(root, shotsDir)}/ (${routes.length}), ${((Date.now() - started) / 1000).toFixed(1)} s in the browser`);
  console.log(`site: ${results.length - failed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
