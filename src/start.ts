// The head start of the main step: the inputs read from the environment as the step started, and
// phases 1 and 2 begun, before the workflow-command library (@actions/core) is loaded. That
// library loads an HTTP client for OIDC tokens, which this action never asks for, and it is most
// of the library's load time: loaded once the first AWS request has been written to the network,
// it costs the run nothing it waits for. main.ts takes over from here, and reports everything.

import type { RunClients } from './aws.js';
import type { BeforeDeploy } from './before-deploy.js';
import type { Config } from './config.js';
import { parseInputs, type Environment, type InputName, type ParsedInputs } from './inputs.js';
import { watchFirstRequest } from './request-written.js';

/** Phases 1 and 2 under way, and the clients they made, which the deploy goes on with. */
export interface Phases {
  readonly clients: RunClients;
  readonly before: Promise<BeforeDeploy>;
}

export interface HeadStart {
  readonly inputs:
    | { readonly kind: 'parsed'; readonly parsed: ParsedInputs }
    | { readonly kind: 'failed'; readonly error: unknown };
  /** Undefined when the inputs were bad: nothing is loaded or sent then. */
  readonly phases: Promise<Phases> | undefined;
  /**
   * Settles once the first AWS request has been written to the network, or once none will come
   * from the phases.
   */
  readonly underway: Promise<void>;
}

/** An input as the runner passes it (INPUT_<NAME>), trimmed as @actions/core's getInput does. */
export function inputFrom(env: Environment): (name: InputName) => string {
  return (name) => (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/**
 * Makes the run's clients and starts phases 1 and 2. The AWS SDK is loaded only here, once the
 * inputs are valid, so a run with bad inputs never loads it. `firstRequest`: when the run's first
 * request has been written; the phases after the first start then (see runBeforeDeploy).
 */
export async function startPhases(
  config: Config,
  env: Environment,
  firstRequest?: Promise<void>,
): Promise<Phases> {
  const [{ clientContext, createClients }, { runBeforeDeploy }] = await Promise.all([
    import('./aws.js'),
    import('./before-deploy.js'),
  ]);
  const clients = createClients(config.region, await clientContext(env));
  // Each phase loads the SDK it needs.
  const before = runBeforeDeploy(config, {
    clients,
    load: (service) => clients.load(service),
    env,
    ...(firstRequest === undefined ? {} : { firstRequest }),
  });
  return { clients, before };
}

/** `read`: how inputs are read; by default from `env`, as the runner passes them. */
export function headStart(env: Environment, read = inputFrom(env)): HeadStart {
  let parsed: ParsedInputs;
  try {
    parsed = parseInputs(read, env);
  } catch (error) {
    return { inputs: { kind: 'failed', error }, phases: undefined, underway: Promise.resolve() };
  }
  const watch = watchFirstRequest();
  const phases = startPhases(parsed.config, env, watch.written);
  // Once the phases have ended, no request of theirs is still to come.
  phases.then((p) => p.before).then(watch.stop, watch.stop);
  return { inputs: { kind: 'parsed', parsed }, phases, underway: watch.written };
}
