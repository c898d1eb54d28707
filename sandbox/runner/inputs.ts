// A step's `with:` turned into the `INPUT_*` variables the runner gives a JavaScript action.

import { evaluateTemplate, type ExpressionContexts } from './expressions.js';
import type { ActionInput } from './metadata.js';

/** The runner's rule: spaces become `_`, then upper case; dashes and everything else are kept. */
export function inputVariableName(name: string): string {
  return `INPUT_${name.replaceAll(' ', '_').toUpperCase()}`;
}

export interface ResolvedInputs {
  /** Every input the step receives: given ones as given, the rest from their defaults. */
  readonly values: Readonly<Record<string, string>>;
  readonly env: Readonly<Record<string, string>>;
  /** The runner's warning when `with:` names an input the action does not declare. */
  readonly warning: string | undefined;
}

export function resolveInputs(
  declared: readonly ActionInput[],
  given: Readonly<Record<string, string>>,
  contexts: ExpressionContexts,
): ResolvedInputs {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(given)) values[name] = value;
  const givenNames = new Set(Object.keys(given).map((name) => name.toLowerCase()));
  for (const input of declared) {
    if (givenNames.has(input.name.toLowerCase())) continue;
    // A declared input without a default is still passed, as an empty string.
    values[input.name] =
      input.default === undefined
        ? ''
        : evaluateTemplate(input.default, contexts, `the default of input "${input.name}"`);
  }
  const declaredNames = new Set(declared.map((input) => input.name.toLowerCase()));
  const unexpected = Object.keys(given).filter((name) => !declaredNames.has(name.toLowerCase()));
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) env[inputVariableName(name)] = value;
  return {
    values,
    env,
    warning:
      unexpected.length === 0
        ? undefined
        : `Unexpected input(s) '${unexpected.join("', '")}', valid inputs are ['${declared.map((input) => input.name).join("', '")}']`,
  };
}
