// `npm run docs`: regenerate the README's generated parts (inputs and outputs tables from
// action.yml, the quick start from examples/deploy-on-push.yml).
// `npm run docs -- --check`: exit 1 when the README is out of date.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readmeState } from './readme.js';

const root = join(import.meta.dirname, '..');
const { current, expected } = await readmeState(root);

if (process.argv.includes('--check')) {
  if (expected !== current) {
    console.error('README.md is out of date: run `npm run docs`.');
    process.exit(1);
  }
  console.log('README.md is up to date.');
} else if (expected === current) {
  console.log('README.md was already up to date.');
} else {
  writeFileSync(join(root, 'README.md'), expected);
  console.log('README.md regenerated from action.yml and examples/deploy-on-push.yml.');
}
