// Tests that truly need root (several Unix users: chown to another user, run-as someone else) are
// skipped without it, with their reason, which the skip-reasons reporter prints at the end.

import type { TestOptions } from 'vitest';

declare module 'vitest' {
  interface TaskMeta {
    /** Why the test is skipped where it is. */
    skipReason?: string;
  }
}

export const IS_ROOT = process.getuid?.() === 0;

/** Options for a test that needs root: `it.skipIf(!IS_ROOT)(name, needsRoot('why'), fn)`. */
export function needsRoot(why: string): TestOptions {
  return { meta: { skipReason: `needs root: ${why}` } };
}

/** The uid that owns what root makes on a sandbox instance: root, or this user in its namespace. */
export const INSTANCE_ROOT_UID = IS_ROOT ? 0 : (process.getuid?.() ?? 0);
