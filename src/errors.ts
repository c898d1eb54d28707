import type { InputName } from './inputs.js';

/** One thing wrong with the workflow's inputs. `input` is absent for a problem of the whole set. */
export interface InputProblem {
  readonly input: InputName | undefined;
  readonly message: string;
}

/** Every problem found in the inputs, reported together before any AWS call. */
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly problems: readonly InputProblem[];

  constructor(problems: readonly InputProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.problems = problems;
  }
}

export function formatProblem(problem: InputProblem): string {
  return problem.input === undefined
    ? problem.message
    : `Input "${problem.input}": ${problem.message}`;
}

/**
 * A failure the user can act on: what went wrong, and what to do about it. Messages never carry a
 * secret's value.
 */
export class ActionError extends Error {
  override readonly name: string = 'ActionError';
  readonly hint: string | undefined;

  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.hint = options.hint;
  }
}

/**
 * Several independent failures as one thrown error: the error itself when there is one, else an
 * `AggregateError` whose errors each become their own annotation.
 */
export function combineErrors(errors: readonly Error[]): Error {
  if (errors.length === 1 && errors[0] !== undefined) return errors[0];
  return new AggregateError(errors, `${errors.length} problems`);
}

/**
 * A failure together with the warnings gathered before it (a secret missing under if-missing:
 * warn, a JSON key too short to mask), which are still to be shown though the step fails.
 */
export class FailureWithWarnings extends Error {
  override readonly name = 'FailureWithWarnings';
  readonly failure: Error;
  readonly warnings: readonly string[];

  constructor(failure: Error, warnings: readonly string[]) {
    super(failure.message, { cause: failure });
    this.failure = failure;
    this.warnings = warnings;
  }
}

/** `combineErrors(errors)`, carrying `warnings` along when there are any. */
export function failWith(errors: readonly Error[], warnings: readonly string[]): Error {
  const error = combineErrors(errors);
  return warnings.length === 0 ? error : new FailureWithWarnings(error, warnings);
}
