// SSM keeps a command's parameters in plain text in its command history, readable by anyone who
// may list commands. No secret read by this step may travel in one: this check runs before the
// script is even built. Messages name the input or env key, never the value.

import type { DeployConfig } from '../config.js';

/**
 * A secret this long found inside a longer value is taken to be that secret (a database URL with
 * the password in it, say). Shorter values are only refused when equal: a four-character secret
 * such as a port number would otherwise refuse every value that happens to contain it.
 */
export const CONTAINED_SECRET_MIN_LENGTH = 8;

/** Every place a secret value would reach the SSM command, one message each. */
export function secretsInCommand(
  deploy: DeployConfig,
  secretValues: ReadonlySet<string>,
): string[] {
  const secrets = [...secretValues].filter((value) => value !== '');
  if (secrets.length === 0) return [];
  const leaks = (value: string): 'equals' | 'contains' | undefined => {
    if (secrets.includes(value)) return 'equals';
    return secrets.some(
      (secret) => secret.length >= CONTAINED_SECRET_MIN_LENGTH && value.includes(secret),
    )
      ? 'contains'
      : undefined;
  };
  const problems: string[] = [];
  for (const { name, value } of deploy.env) {
    const how = leaks(value);
    if (how !== undefined)
      problems.push(
        `Input "env": the value of ${name} ${how === 'equals' ? 'is' : 'contains'} a secret read by this step. SSM stores command parameters in plain text, so it is refused.`,
      );
  }
  const fields: [string, string | undefined][] = [
    ['working-directory', deploy.workingDirectory],
    ['ref', deploy.ref.kind === 'name' ? deploy.ref.name : undefined],
    ['deploy-script', deploy.deployScript],
    ['run-as', deploy.runAs],
    ['comment', deploy.comment],
    ['output-s3-key-prefix', deploy.outputS3?.keyPrefix],
  ];
  for (const [input, value] of fields)
    if (value !== undefined && leaks(value) !== undefined)
      problems.push(
        `Input "${input}" contains a secret read by this step. SSM stores command parameters in plain text, so it is refused.`,
      );
  return problems;
}
