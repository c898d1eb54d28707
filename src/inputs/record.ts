// Recording the deploy: the Parameter Store record and the GitHub Deployment.

import type { RecordConfig } from '../config.js';
import { PARAMETER_NAME, hasControlCharacter } from '../names.js';
import type { InputName, ReadBoolean } from './declared.js';
import { quote, type Problems } from './problems.js';

export function parseRecord(
  raw: Record<InputName, string>,
  bool: ReadBoolean,
  problems: Problems,
  warnings: string[],
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
  if (token !== '' && environment === '')
    warnings.push(
      'github-token is set but environment is not, so no GitHub Deployment is created.',
    );
  return {
    parameterName,
    allowOlder,
    githubDeployment: token !== '' && environment !== '' ? { token, environment } : undefined,
  };
}
