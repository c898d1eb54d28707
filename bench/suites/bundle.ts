// Bundle size: the entry file every run loads, and the chunks it loads lazily (ncc puts each
// dynamic import into a file of its own), listed separately, each with what makes it big (from
// its source map).

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Figure } from '../support/figures.js';
import type { Suite } from './suite.js';

interface SourceMap {
  readonly sources: readonly string[];
  readonly sourcesContent?: readonly (string | null)[];
}

/** The three largest contributors to a bundle file: npm packages by name, our own files by path. */
function contents(file: string): string | undefined {
  const mapFile = `${file}.map`;
  if (!existsSync(mapFile)) return undefined;
  const map = JSON.parse(readFileSync(mapFile, 'utf8')) as SourceMap;
  const sizes = new Map<string, number>();
  map.sources.forEach((source, index) => {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)?.[1];
    const name = pkg ?? source.replace(/^.*?\bsrc\//, 'src/');
    sizes.set(name, (sizes.get(name) ?? 0) + (map.sourcesContent?.[index]?.length ?? 0));
  });
  const total = [...sizes.values()].reduce((a, b) => a + b, 0);
  return [...sizes]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([name, size]) => `${name} ${Math.round((100 * size) / Math.max(total, 1))}%`)
    .join(', ');
}

export const bundleSuite: Suite = {
  name: 'bundle',
  title: 'Bundle',
  run: ({ actionPath }) => {
    const dist = join(actionPath, 'dist');
    const size = (path: string): number => statSync(join(dist, path)).size;
    const chunks = readdirSync(dist)
      .filter((file) => /^\d+\.index\.js$/.test(file))
      .sort((a, b) => size(b) - size(a));
    const figure = (name: string, file: string | undefined, value: number): Figure => {
      const note = file === undefined ? undefined : contents(join(dist, file));
      return {
        suite: 'bundle',
        name,
        unit: 'bytes',
        value,
        ...(note === undefined ? {} : { note: `source: ${note}` }),
      };
    };
    const lazy = chunks.reduce((total, chunk) => total + size(chunk), 0);
    return Promise.resolve([
      figure('dist/index.js (loaded by every run)', 'index.js', size('index.js')),
      ...chunks.map((chunk) => figure(`dist/${chunk} (lazy)`, chunk, size(chunk))),
      figure('lazy chunks together', undefined, lazy),
      figure('dist/post/index.js (post step)', 'post/index.js', size('post/index.js')),
    ]);
  },
};
