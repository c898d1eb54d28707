// The post step runs however the main step ended (`post-if: always()`): a step stopped by its
// timeout-minutes ends as a failure, not as cancelled, and its command must not go on unseen. If
// the main step was stopped before it could cancel its SSM command, the command id it saved as
// state is still here, and the command is cancelled now; if it was stopped while SendCommand went
// unanswered, the command is looked for by the marker in its script. A GitHub Deployment it left
// in_progress becomes error. The main step clears each piece of state once what it stands for is
// settled, so after a run that ended by itself there is nothing to do.

import * as core from '@actions/core';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { Config } from './config.js';
import type { PostCancelDeps } from './deploy/post-cancel.js';
import type { DeploymentsApi } from './github-deployment.js';
import { DEPLOY_STATE } from './report/state.js';

export interface PostOptions {
  /** Tests pass a client; otherwise one is made for the region the main step saved. */
  readonly ssm?: SSMClient;
  /** Tests pass a clock and an instant sleep; otherwise the real ones. */
  readonly time?: PostCancelDeps;
  /** Tests stand in for GitHub; otherwise the Deployments API with the step's github-token. */
  readonly deployments?: DeploymentsApi;
  /** Tests pass a client; otherwise one is made for the region the main step saved. */
  readonly elb?: ElasticLoadBalancingV2Client;
}

export async function runPost(options: PostOptions = {}): Promise<void> {
  // Independent, and the post step of a cancelled job has little time: both at once.
  await Promise.all([
    cancelLeftCommand(options),
    settleLeftDeployment(options),
    putBackLeftTraffic(options),
  ]);
}

/**
 * A rollout killed while instances were out of their target groups would leave them there: each
 * registration it saved is registered again. An instance whose deploy was cut short serves again
 * only once the load balancer finds it healthy.
 */
async function putBackLeftTraffic(options: PostOptions): Promise<void> {
  const saved = core.getState(DEPLOY_STATE.trafficOut);
  if (saved === '') return;
  const { parseSavedOut } = await import('./report/rollout.js');
  const out = parseSavedOut(saved);
  if (out.length === 0) return;
  const [{ putBack, newTrafficCalls }, { groupName }, { describeError }] = await Promise.all([
    import('./rollout/traffic.js'),
    import('./rollout/engine.js'),
    import('./deploy/status.js'),
  ]);
  const region =
    core.getState(DEPLOY_STATE.region) ||
    process.env.AWS_REGION ||
    process.env.AWS_DEFAULT_REGION ||
    '';
  const elb = options.elb ?? (await elbClient(region));
  const list = out.map((r) => `${r.instanceId} in ${groupName(r.group)}`).join(', ');
  try {
    await putBack(elb, out, newTrafficCalls());
    core.info(`Put back into their target groups (the main step was stopped first): ${list}.`);
  } catch (error) {
    core.error(
      `Could not put ${list} back into their target groups (${describeError(error)}); register them again by hand.`,
      { title: 'Instances left out of their target groups' },
    );
    process.exitCode = core.ExitCode.Failure;
  }
}

async function cancelLeftCommand(options: PostOptions): Promise<void> {
  const saved = core.getState(DEPLOY_STATE.commandId);
  const sendingNonce = core.getState(DEPLOY_STATE.sendingNonce);
  if (saved === '' && sendingNonce === '') {
    core.info('No SSM command of this step is left running; nothing to cancel.');
    return;
  }
  const region =
    core.getState(DEPLOY_STATE.region) ||
    process.env.AWS_REGION ||
    process.env.AWS_DEFAULT_REGION ||
    '';
  const [{ cancelPending, findUnansweredSend }, { consoleUrl, describeError }] = await Promise.all([
    import('./deploy/post-cancel.js'),
    import('./deploy/status.js'),
  ]);
  const ssm = options.ssm ?? (await ssmClient(region));
  const time = options.time ?? { now: Date.now, sleep: (await import('./deploy/sleep.js')).sleep };

  let pending: { readonly ids: readonly string[]; readonly acceptedAt: number | undefined };
  if (saved !== '') {
    pending = { ids: [saved], acceptedAt: epochMs(core.getState(DEPLOY_STATE.acceptedAt)) };
  } else {
    // The main step was stopped while SendCommand went unanswered: SSM may have the command.
    const found = await findUnansweredSend(
      ssm,
      sendingNonce,
      epochMs(core.getState(DEPLOY_STATE.sendingAt)) ?? 0,
      time,
    );
    if (found.kind === 'failed') {
      core.error(
        `Could not ask SSM whether it took this step's command (${describeError(found.error)}); it may be running. Look in the Run Command history for a command whose script holds [ssm-deploy:${sendingNonce}].`,
      );
      process.exitCode = core.ExitCode.Failure;
      return;
    }
    if (found.kind === 'none') {
      core.info(
        `SSM showed no command with this step's marker over ${String(Math.round(found.lookedMs / 1000))} s: the send the step was making did not reach it; nothing to cancel.`,
      );
      return;
    }
    core.info(
      `SSM took this step's command (${found.commandIds.join(', ')}) though its answer was lost.`,
    );
    // Just found, so SSM knows them: no InvalidCommandId to wait out.
    pending = { ids: found.commandIds, acceptedAt: undefined };
  }

  for (const commandId of pending.ids) {
    const result = await cancelPending(ssm, commandId, pending.acceptedAt, time);
    const link = consoleUrl(region, commandId);
    switch (result.kind) {
      case 'finished':
        core.info(
          `SSM command ${commandId} had already finished (${result.status}); nothing to cancel.`,
        );
        break;
      case 'cancelled':
        core.warning(
          `The main step was stopped (the workflow was cancelled, or timeout-minutes ran out) while SSM command ${commandId} was running; it has been cancelled on every instance still running it. ${link}`,
          { title: 'Deploy cancelled' },
        );
        break;
      case 'unknown-command':
        core.info(`SSM no longer knows command ${commandId}; nothing to cancel.`);
        break;
      case 'failed':
        core.error(
          `Could not cancel SSM command ${commandId} (${describeError(result.error)}); it may still be running: ${link}`,
        );
        process.exitCode = core.ExitCode.Failure;
        break;
    }
  }
}

/**
 * A GitHub Deployment the main step created and could not settle (it was killed first) would stay
 * in_progress for ever in the Environments view: it becomes `error`, as a cancelled deploy does.
 */
async function settleLeftDeployment(options: PostOptions): Promise<void> {
  const id = Number(core.getState(DEPLOY_STATE.deploymentId));
  if (!Number.isSafeInteger(id) || id <= 0) return;
  const [{ deploymentUpdater, octokitDeployments }, { parseInputs }] = await Promise.all([
    import('./github-deployment.js'),
    import('./inputs.js'),
  ]);
  // The main step ran with these inputs, so they parse, and give the token it created it with.
  let config: Config;
  try {
    ({ config } = parseInputs((name) => core.getInput(name), process.env));
  } catch (error) {
    core.warning(
      `GitHub Deployment ${String(id)} stays in_progress: the inputs could not be read again (${error instanceof Error ? error.message : String(error)}).`,
      { title: 'GitHub Deployment not updated' },
    );
    return;
  }
  const api =
    options.deployments ?? (await octokitDeployments(config.record.githubDeployment?.token ?? ''));
  const failure = await deploymentUpdater(
    api,
    config.run,
    id,
  )('error', 'The workflow was cancelled during the deploy; see the run');
  if (failure === undefined)
    core.info(`GitHub Deployment ${String(id)}: error (the workflow was cancelled).`);
  else core.warning(failure, { title: 'GitHub Deployment not updated' });
}

/** A time saved as step state, or undefined when none was (or it is not a time). */
function epochMs(saved: string): number | undefined {
  const value = Number(saved);
  return saved !== '' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** The SSM client of the post step, made from the environment as it was when the step started. */
async function elbClient(region: string): Promise<ElasticLoadBalancingV2Client> {
  const { clientContext, createClients } = await import('./aws.js');
  return createClients(region, await clientContext(Object.freeze({ ...process.env }))).elbv2();
}

async function ssmClient(region: string): Promise<SSMClient> {
  const { clientContext, createClients } = await import('./aws.js');
  const clients = createClients(region, await clientContext(Object.freeze({ ...process.env })));
  await clients.load('ssm');
  return clients.ssm();
}
