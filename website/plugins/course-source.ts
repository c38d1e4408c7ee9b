// Lets site components import the reference implementation from ../src, so playgrounds run
// the very code the chapters quote:  import { VirtualClock } from '@course/sim';
//
// - alias "@course" -> <repo>/src
// - src/ is compiled TypeScript outside the site folder: .ts files get the site's own JS loader
//   (Babel or SWC) but with TSX parsing off, so `<T>(x: T) => x` and `<T>value` parse as in tsc;
// - imports written "./x.js" (Node ESM style) resolve to "./x.ts".
import path from 'node:path';
import type { LoadContext, Plugin } from '@docusaurus/types';

interface Rule {
  test?: unknown;
  exclude?: unknown;
}

interface LoaderEntry {
  loader: string;
  options?: { jsc?: { parser?: Record<string, unknown> } } & Record<string, unknown>;
}

export default function courseSourcePlugin(_context: LoadContext, options: { srcDir: string }): Plugin {
  const srcDir = path.resolve(options.srcDir);
  const inSrc = (file: string) => file.startsWith(srcDir + path.sep);
  return {
    name: 'course-source',
    configureWebpack(config, isServer, utils) {
      const rules = (config.module?.rules ?? []) as Rule[];
      const jsRule = rules.find((r) => r && r.test instanceof RegExp && r.test.test('x.tsx') && r.test.test('x.js'));
      if (!jsRule) throw new Error('course-source: could not find the JavaScript rule of the bundler config');
      const previous = jsRule.exclude as ((file: string) => boolean) | undefined;
      jsRule.exclude = (file: string) => inSrc(file) || (previous ? previous(file) : false);

      const loader = utils.getJSLoader({ isServer }) as LoaderEntry;
      const tsLoader = loader.loader.includes('swc')
        ? { ...loader, options: { ...loader.options, jsc: { ...loader.options?.jsc, parser: { syntax: 'typescript', tsx: false } } } }
        : loader; // Babel's TypeScript preset already decides TSX by file extension
      const resolve = { extensionAlias: { '.js': ['.ts', '.tsx', '.js'] } };
      return {
        resolve: { alias: { '@course': srcDir } },
        module: {
          rules: [
            { test: /\.ts$/, include: srcDir, use: [tsLoader], resolve },
            { test: /\.tsx$/, include: srcDir, use: [loader], resolve },
          ],
        },
      };
    },
  };
}
