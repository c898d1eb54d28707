// Turns any error into what a person on call can act on: one message per problem, a hint where
// the cause is known, and a stack trace only when step debugging is on.

import { ActionError, FailureWithWarnings, InputError, formatProblem } from './errors.js';

export interface FailureReport {
  /** Each becomes one error annotation. */
  readonly messages: readonly string[];
  /** Shown only with ACTIONS_STEP_DEBUG. */
  readonly debug: string | undefined;
}

/** What to check for the AWS errors people hit most, by exception name. */
const HINTS: Readonly<Record<string, string>> = {
  CredentialsProviderError:
    'No AWS credentials were found. Add aws-actions/configure-aws-credentials (with GitHub OIDC) before this step.',
  ExpiredTokenException:
    'The AWS credentials have expired. Raise role-duration-seconds in configure-aws-credentials, or run it closer to this step.',
  UnrecognizedClientException:
    'AWS does not recognise these credentials. Check the role configure-aws-credentials assumes, and the region.',
  AccessDeniedException:
    "The role is missing a permission. Compare its policy with the README's least-privilege IAM policy.",
  AccessDenied:
    "The role is missing a permission. Compare its policy with the README's least-privilege IAM policy.",
  ThrottlingException:
    'AWS kept throttling the calls after every retry. Try again, or raise AWS_MAX_ATTEMPTS.',
  // S3's name for throttling.
  SlowDown:
    'AWS kept throttling the calls after every retry. Try again, or raise AWS_MAX_ATTEMPTS.',
  TimeoutError: 'An AWS endpoint did not answer in time. Check the region and the network.',
};

/** What to check for an AWS error of this name, when it is one people hit often. */
export function knownHint(errorName: string): string | undefined {
  return HINTS[errorName];
}

export function describeFailure(error: unknown, debug: boolean): FailureReport {
  // Its warnings are shown as warnings, by whoever caught it.
  if (error instanceof FailureWithWarnings) return describeFailure(error.failure, debug);
  if (error instanceof AggregateError) {
    const parts = (error.errors as unknown[]).map((inner) => describeFailure(inner, debug));
    const traces = parts.map((part) => part.debug).filter((trace) => trace !== undefined);
    return {
      messages: parts.flatMap((part) => part.messages),
      debug: traces.length > 0 ? traces.join('\n') : undefined,
    };
  }
  const stack = debug && error instanceof Error ? error.stack : undefined;
  if (error instanceof InputError) return { messages: groupByInput(error), debug: stack };
  if (error instanceof ActionError)
    return { messages: [withHint(error.message, error.hint)], debug: stack };
  if (error instanceof Error) {
    const name = error.name && error.name !== 'Error' ? `${error.name}: ` : '';
    return { messages: [withHint(`${name}${error.message}`, HINTS[error.name])], debug: stack };
  }
  return { messages: [`Unexpected failure: ${String(error)}`], debug: undefined };
}

/**
 * Problems shown per input. An input of thousands of bad lines would otherwise make one annotation
 * of megabytes, which the runner cuts at 4,096 characters anyway; the first few say what is wrong.
 */
export const MAX_PROBLEMS_SHOWN = 10;

/** One message per input, however many problems it has, so each bad input is one annotation. */
function groupByInput(error: InputError): string[] {
  const groups = new Map<string, string[]>();
  for (const problem of error.problems) {
    const key = problem.input ?? '';
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [formatProblem(problem)]);
    else group.push(problem.message);
  }
  return [...groups.values()].map((group) => {
    const hidden = group.length - MAX_PROBLEMS_SHOWN;
    const shown = hidden > 0 ? group.slice(0, MAX_PROBLEMS_SHOWN) : group;
    return [
      ...shown,
      ...(hidden > 0 ? [`… and ${hidden} more problems with this input.`] : []),
    ].join('\n');
  });
}

function withHint(message: string, hint: string | undefined): string {
  return hint === undefined ? message : `${message}\n${hint}`;
}
