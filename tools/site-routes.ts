// Which pages the built site has: every HTML file of website/build (but 404.html), as routes,
// cross-checked against the sitemap that Docusaurus writes.
import fs from 'node:fs';
import path from 'node:path';

/** "index.html" -> "/", "a/b.html" -> "/a/b", "a/index.html" -> "/a" (links carry no trailing slash). */
export function routeOf(relativeHtmlFile: string): string {
  const posix = relativeHtmlFile.split(path.sep).join('/');
  if (posix === 'index.html') return '/';
  if (posix.endsWith('/index.html')) return `/${posix.slice(0, -'/index.html'.length)}`;
  return `/${posix.slice(0, -'.html'.length)}`;
}

export function discoverRoutes(buildDir: string): string[] {
  const routes: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!(dir === buildDir && entry.name === 'assets')) walk(full);
      } else if (entry.name.endsWith('.html')) {
        const relative = path.relative(buildDir, full);
        if (relative !== '404.html') routes.push(routeOf(relative));
      }
    }
  };
  walk(buildDir);
  return routes.sort();
}

/** Routes listed in sitemap.xml (paths only), or undefined when there is no sitemap. */
export function sitemapRoutes(buildDir: string): string[] | undefined {
  const file = path.join(buildDir, 'sitemap.xml');
  if (!fs.existsSync(file)) return undefined;
  const xml = fs.readFileSync(file, 'utf8');
  return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => canonicalRoute(new URL(m[1]!).pathname)).sort();
}

/** "/notebooks/" and "/notebooks" are the same page (the host serves notebooks/index.html). */
export function canonicalRoute(route: string): string {
  return route === '/' ? route : route.replace(/\/+$/, '');
}
