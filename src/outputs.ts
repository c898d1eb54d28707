// The step outputs that secrets and parameters become, checked as one set: every name set once,
// none taking one of the action's own outputs, none overwriting an environment variable that is
// already set. Names whose owners are only known after reading (prefixes, paths, ARNs, JSON keys)
// are checked here; the input parser already refused what was known before any call.

import { reservedEnvName } from './env-names.js';
import { ActionError, combineErrors } from './errors.js';
import { RESERVED_OUTPUTS, type Environment } from './inputs.js';

/** One step output made from a secret, a part of one, or a parameter. */
export interface ValueOutput {
  readonly name: string;
  readonly value: string;
  /** From a secret or a SecureString: masked, and its value never shown. */
  readonly secret: boolean;
  /** Where the value comes from, for messages and the summary, e.g. `secret prod/db`. */
  readonly source: string;
  /**
   * What the value is, e.g. a secret's ARN and JSON key path: a secret reached twice under the
   * same name (by name and through a prefix) is one output, not a conflict.
   */
  readonly identity: string;
  /**
   * Who chose the name: `user` for an alias or a name written in the inputs; `data` when any part
   * of it comes from what was read (a parameter below a path, a JSON key, a secret a prefix
   * matched). export-env refuses a name data chose that a later step's programs read.
   */
  readonly namedBy: 'user' | 'data';
}

/** What reading secrets or parameters yields, before it is shown anywhere. */
export interface ValueRead {
  readonly outputs: readonly ValueOutput[];
  /** Every string to register as a mask, before anything else is done with the outputs. */
  readonly masks: readonly string[];
  /** Names things (never values) the user should know about: missing ids, unmasked short parts. */
  readonly warnings: readonly string[];
  /** What was read, by name, for the log. */
  readonly notes: readonly string[];
}

export interface SecretManifestEntry {
  /** The output the secret's value was set as (its alias, or the name derived from it). */
  readonly alias: string;
  readonly name: string;
  readonly arn: string;
  readonly versionId: string;
}

export interface ParameterManifestEntry {
  readonly alias: string;
  readonly name: string;
  readonly version: number;
}

/** The outputs of secrets and parameters, ready to be masked, set and exported. */
export interface ValueOutputs {
  readonly outputs: readonly ValueOutput[];
  readonly masks: readonly string[];
  readonly warnings: readonly string[];
  readonly notes: readonly string[];
  /** JSON for the `secrets-manifest` output: names, ARNs and versions, no value. */
  readonly manifest: string;
  /** Also export each output as an environment variable. */
  readonly exportEnv: boolean;
  /**
   * Names of the action's own outputs (`status`, `results`, …): with export-env such a secret is
   * exported as a variable and not set as a step output.
   */
  readonly envOnly: ReadonlySet<string>;
}

export interface CombineOptions {
  readonly exportEnv: boolean;
  /** The environment as it is now, to refuse overwriting a variable that is already set. */
  readonly env: Environment;
}

const RESERVED_HINT =
  'Names that data chooses (a parameter below a path, a JSON key, a secret matched by a prefix) may not be ones the shell, the dynamic loader, git, language runtimes, the runner or the AWS SDK read; the README lists them. Give the secret or parameter an alias of your own, or remove export-env.';

/** Who reads the variable an output would be exported as, when data chose its name. */
function reservedByFor(output: ValueOutput): string | undefined {
  return output.namedBy === 'data' ? reservedEnvName(output.name) : undefined;
}

/**
 * Joins what secrets and parameters yielded into one set of outputs, or throws an `ActionError`
 * for each name set twice, each name that is one of the action's own outputs, and (with
 * export-env) each variable that is already set.
 */
export function combineValues(
  reads: readonly ValueRead[],
  manifest: {
    readonly secrets: readonly SecretManifestEntry[] | undefined;
    readonly parameters: readonly ParameterManifestEntry[] | undefined;
  },
  options: CombineOptions,
): ValueOutputs {
  const outputs: ValueOutput[] = [];
  const problems: ActionError[] = [];
  const owners = new Map<string, ValueOutput>();
  const envOnly = new Set<string>();
  const reserved = new Set<string>(RESERVED_OUTPUTS.map((name) => name.toUpperCase()));
  for (const output of reads.flatMap((read) => read.outputs)) {
    // Output names are matched without regard to case in workflow expressions.
    const key = output.name.toUpperCase();
    const previous = owners.get(key);
    if (previous?.name === output.name && previous.identity === output.identity) continue;
    outputs.push(output);
    if (previous !== undefined)
      problems.push(
        new ActionError(
          `The output ${output.name} would be set by both ${previous.source} and ${output.source}.`,
          {
            hint: 'Give one of them an alias (ALIAS,ID), or read a JSON secret without parse-json-secrets.',
          },
        ),
      );
    else owners.set(key, output);
    // With export-env it is exported only, as aws-secretsmanager-get-secrets would export it.
    if (reserved.has(key)) {
      if (options.exportEnv) envOnly.add(output.name);
      else
        problems.push(
          new ActionError(
            `The output ${output.name} of ${output.source} is the name of one of the action's own outputs.`,
            {
              hint: 'Give it an alias (ALIAS,ID), or set export-env: true to have it as a variable only.',
            },
          ),
        );
    }
    const reservedBy = options.exportEnv ? reservedByFor(output) : undefined;
    if (reservedBy !== undefined)
      problems.push(
        new ActionError(
          `export-env refuses to export ${output.name} (from ${output.source}): it means something to ${reservedBy}.`,
          { hint: RESERVED_HINT },
        ),
      );
    else if (options.exportEnv && options.env[output.name] !== undefined)
      problems.push(
        new ActionError(
          `export-env would overwrite the environment variable ${output.name}, which is already set, with ${output.source}.`,
          {
            hint: 'Give it an alias (ALIAS,ID) that names a variable not yet set, or remove export-env.',
          },
        ),
      );
  }
  if (problems.length > 0) throw combineErrors(problems);

  const masks = [...new Set(reads.flatMap((read) => read.masks))];
  const document: Record<string, unknown> = {};
  if (manifest.secrets !== undefined) document.secrets = manifest.secrets;
  if (manifest.parameters !== undefined) document.parameters = manifest.parameters;
  return {
    outputs,
    masks,
    warnings: reads.flatMap((read) => read.warnings),
    notes: reads.flatMap((read) => read.notes),
    manifest: JSON.stringify(document),
    exportEnv: options.exportEnv,
    envOnly,
  };
}
