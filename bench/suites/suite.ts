// The shape every benchmark suite has, so that run.ts can list, select and run them.

import type { Figure } from '../support/figures.js';

export interface SuiteContext {
  /** How many measured runs per figure (at least 5 for published figures). */
  readonly runs: number;
  /** The repository root. */
  readonly root: string;
  /** The action measured: the directory holding its action.yml and dist/ (default: the root). */
  readonly actionPath: string;
  /** A line of progress on stderr, so the table on stdout stays clean. */
  readonly progress: (message: string) => void;
}

export interface Suite {
  /** What `npm run bench -- NAME` selects. */
  readonly name: string;
  readonly title: string;
  run(context: SuiteContext): Promise<readonly Figure[]>;
}
