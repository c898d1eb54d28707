// Recording the deploy: the Parameter Store record and the GitHub Deployment.

import type { RecordConfig, RequiredChecks } from '../config.js';
import { PARAMETER_NAME, hasControlCharacter } from '../names.js';
import type { InputName, ReadBoolean } from './declared.js';
import { lines, quote, type Problems } from './problems.js';

/** GitHub's longest check name; a context longer than this is a paste gone wrong. */
const CHECK_NAME_MAX = 255;

function parseRequiredChecks(raw: string, problems: Problems): RequiredChecks {
  const names = lines(raw).map(({ text }) => text);
  if (names.length === 0) return { kind: 'branch' };
  if (names.includes('none')) {
    if (names.length > 1)
      problems.add(
        'required-checks',
        'none waives every check and cannot be listed with check names; give one or the other.',
      );
    return { kind: 'none' };
  }
  for (const name of names)
    if (name.length > CHECK_NAME_MAX || hasControlCharacter(name))
      problems.add(
        'required-checks',
        `${quote(name)} is not a check name (at most ${CHECK_NAME_MAX} printable characters).`,
      );
  return { kind: 'named', names: [...new Set(names)] };
}

export function parseRecord(
  raw: Record<InputName, string>,
  bool: ReadBoolean,
  problems: Problems,
): RecordConfig {
  const parameterName = raw['record-parameter'] || undefined;
  if (
    parameterName !== undefined &&
    (!PARAMETER_NAME.test(parameterName) || parameterName.includes(':'))
  )
    problems.add(
      'record-parameter',
      `${quote(parameterName)} is not a parameter name; names use letters, digits and _.-/, e.g. /deploys/prod/app.`,
    );
  const allowOlder = bool('allow-older');
  if (allowOlder && parameterName === undefined)
    problems.add(
      'allow-older',
      'needs record-parameter: the recorded deploy is what a run is compared with.',
    );
  const token = raw['github-token'];
  // A token is printable ASCII without spaces; anything else is a paste gone wrong that would only
  // fail once the deploy has run, when the HTTP header is refused. Its value is never shown.
  if (token !== '' && !/^[\x21-\x7e]+$/.test(token))
    problems.add(
      'github-token',
      'is not a token: it holds a space, a control character or a non-ASCII character (the value is not shown). Pass ${{ github.token }} or a secret holding one token.',
    );
  const environment = raw.environment;
  if (environment !== '' && (environment.length > 255 || hasControlCharacter(environment)))
    problems.add(
      'environment',
      `${quote(environment)} is not an environment name; at most 255 printable characters.`,
    );
  if (environment !== '' && token === '')
    problems.add(
      'environment',
      'needs github-token to create the GitHub Deployment, e.g. github-token: ${{ github.token }}.',
    );
  const requiredChecks = parseRequiredChecks(raw['required-checks'], problems);
  if (raw['required-checks'].trim() !== '' && (token === '' || environment === ''))
    problems.add(
      'required-checks',
      'is about the GitHub Deployment, which needs github-token and environment.',
    );
  return {
    parameterName,
    allowOlder,
    githubDeployment:
      token !== '' && environment !== '' ? { token, environment, requiredChecks } : undefined,
  };
}
