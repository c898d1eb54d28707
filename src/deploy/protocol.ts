// The contract between the remote script (script.ts writes it) and the result parser (result.ts
// reads it): exit codes and marker lines. Both sides import these definitions, so they cannot
// drift apart.

/**
 * Exit codes of the remote script. They sit in 210–229: clear of what scripts commonly return
 * (1, 2, 126, 127, 255), of 128+signal (129–192), and of the two codes the SSM agent treats
 * specially on Linux (137: stopped, reported as TimedOut or Cancelled; 194: reboot requested).
 * A deploy-script that itself exits with a code in this range is reported as 210, with its own
 * code in the output, so a code here always means what this table says.
 */
export const EXIT = {
  scriptReservedCode: 210,
  workingDirectoryMissing: 211,
  notACheckout: 212,
  deployScriptMissing: 213,
  trackedFilesModified: 214,
  lockTimeout: 215,
  refNotFound: 216,
  checkoutFailed: 217,
  runAsMissing: 218,
  fetchFailed: 219,
  rolledBack: 220,
  rollbackFailed: 221,
  programMissing: 222,
  deployScriptKilled: 223,
  lockUnsafe: 224,
  runAsUnsafe: 225,
  unhealthy: 226,
  refNotAllowed: 227,
  internalError: 229,
} as const;

export type ExitName = keyof typeof EXIT;
export const RESERVED_EXIT_CODES = { min: 210, max: 229 } as const;

/** What each exit code means, said to the person reading the annotation. */
export const EXIT_REASONS: Readonly<Record<ExitName, string>> = {
  scriptReservedCode:
    'deploy-script failed with an exit code in the range ssm-deploy reserves (210-229); its own code is in the output',
  workingDirectoryMissing: 'working-directory does not exist on the instance',
  notACheckout: 'working-directory is not a git checkout (or git refused to use it)',
  deployScriptMissing: 'deploy-script is missing or not executable at the deployed commit',
  trackedFilesModified:
    'tracked files were changed on the instance; the deploy stopped rather than discard them',
  lockTimeout: 'another deploy held the lock on this checkout for the whole wait',
  refNotFound: 'ref was not found on the remote of the checkout',
  checkoutFailed:
    'the checkout could not be brought to the commit (git checkout failed or HEAD differs)',
  runAsMissing: 'the run-as user does not exist on the instance',
  fetchFailed: 'git fetch failed (network, credentials, or no remote named origin)',
  rolledBack:
    'deploy-script failed; the checkout was rolled back to the previous commit and deploy-script succeeded there',
  rollbackFailed: 'deploy-script failed, and rolling back to the previous commit failed too',
  programMissing:
    'a program the deploy needs is missing on the instance (git, flock, or runuser or setpriv to run as run-as)',
  deployScriptKilled: 'deploy-script was killed (SIGKILL, often the out-of-memory killer)',
  lockUnsafe:
    'the lock directory /run/ssm-deploy (or /run) may be written by users other than root; see the output',
  runAsUnsafe:
    'the checkout, its .git or deploy-script can be written by a user other than the one the deploy runs as; the output names the files',
  unhealthy:
    'deploy-script succeeded, but the instance did not pass health-check within health-check-timeout',
  refNotAllowed:
    'the commit is not on any of the allowed branches of origin (as the instance fetched them); nothing was changed',
  internalError: 'the ssm-deploy script itself failed unexpectedly',
};

const BY_CODE = new Map<number, ExitName>(
  (Object.entries(EXIT) as [ExitName, number][]).map(([name, code]) => [code, name]),
);

/** The name of one of the remote script's own exit codes, or undefined for any other code. */
export function exitName(code: number): ExitName | undefined {
  return BY_CODE.get(code);
}

/**
 * Marker lines: `[ssm-deploy:<nonce>] <key>=<value>`. The nonce is random per deploy, so neither
 * a deploy-script's own output nor the log of an earlier deploy (a script that prints its last
 * log, say) can pass for a marker of this one.
 */
export const MARKER_KEYS = [
  /** The commit the checkout had before the deploy, or `none`. */
  'before',
  /** The commit `ref` resolved to. */
  'target',
  /** HEAD once verified, before deploy-script runs (after it, with git-pull false). */
  'deployed',
  /** Printed as deploy-script starts: `script`, then `rollback` if it comes to that. */
  'stage',
  /** deploy-script's own exit code. */
  'script-exit',
  /** The commit the checkout was rolled back to. */
  'rolled-back',
  /** deploy-script's exit code when run again after the rollback. */
  'rollback-exit',
  /** The health check after deploy-script: `passed` or `failed`. */
  'health',
  /** The health check after the rollback's deploy-script: `passed` or `failed`. */
  'rollback-health',
  /** The last output of a health check that failed, on one line, bounded. */
  'health-output',
  /** The remote script's own exit code, printed last. */
  'exit',
] as const;

export type MarkerKey = (typeof MARKER_KEYS)[number];

export const NONCE = /^[0-9a-f]{12}$/;

/** The most characters of a failed health check's last output that the script prints. */
export const HEALTH_OUTPUT_MAX = 500;

export function markerPrefix(nonce: string): string {
  return `[ssm-deploy:${nonce}] `;
}
