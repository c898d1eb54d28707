// The deploy phase end to end against an SSM that misbehaves as AWS does: throttling on 30% of the
// calls and invocations that do not exist for 3 seconds after SendCommand (the deploy still
// succeeds, with the right outputs), SendCommand's answer lost after SSM carried it out (the
// deploy runs once, and is followed), a fleet whose invocations SSM lists only well after it counts
// them finished (the deploy is still a success), and an instance whose agent is offline until the
// delivery timeout (the step fails and says why). Each has a sandbox of its own, as settings are
// global.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../sandbox/index.js';
import {
  WORKING_DIRECTORY,
  headOf,
  readInstanceFile,
  results,
  startWorld,
  succeeded,
  type DeployWorld,
} from './deploy-fixture.js';

/** A repeatable stand-in for Math.random, so the faults fall the same way on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const DEPLOY_SH = `#!/usr/bin/env bash
echo "release $(cat VERSION) on $AWS_SSM_INSTANCE_ID"
`;

/** The delivery timeout (600 s) passes in 5 real seconds; a deploy takes well under a second. */
const TIME_SCALE = 120;

let flaky: DeployWorld;
let slow: DeployWorld;
let lossy: DeployWorld;
let lagging: DeployWorld;
/**
 * How long SSM does not list a command's invocations after accepting it. The fleet's command is
 * counted finished well before that (its deploy takes a second or two); the old final collection
 * gave up 4 s after the command finished and called every instance undeliverable.
 */
const LISTING_DELAY_MS = 10_000;
beforeAll(async () => {
  [flaky, slow, lossy, lagging] = await Promise.all([
    startWorld({
      settings: { throttleRate: 0.3, invocationDoesNotExistMs: 3_000 },
      random: seededRandom(7),
    }),
    startWorld({ settings: { timeScale: TIME_SCALE } }),
    // Every SendCommand is carried out, and its answer lost on the way back.
    startWorld({ settings: { resetRate: { SendCommand: 1 }, resetWhen: 'after' } }),
    startWorld({ settings: { invocationDoesNotExistMs: LISTING_DELAY_MS } }),
  ]);
});
afterAll(async () => {
  await Promise.all([flaky.stop(), slow.stop(), lossy.stop(), lagging.stop()]);
});

const sorted = (instances: readonly Instance[]): Instance[] =>
  [...instances].sort((a, b) => a.id.localeCompare(b.id));

describe.concurrent('an SSM that throttles and is slow to know its commands', () => {
  it.each([1, 3])('still deploys to %i instance(s), with the right outputs', async (count) => {
    const repo = flaky.repo({ 'deploy.sh': DEPLOY_SH, VERSION: '1\n' });
    const old = repo.head();
    const instances = flaky.instances(repo, count);
    const sha = repo.commit({ VERSION: '2\n' });
    const run = await flaky.run(
      {
        'instance-ids': instances.map((i) => i.id).join(','),
        'working-directory': WORKING_DIRECTORY,
      },
      { sha },
    );

    expect(run.exitCode).toBe(0);
    expect(run.annotations).toEqual([]);
    expect(run.outputs.status).toBe('Success');
    expect(run.outputs['deployed-sha']).toBe(sha);
    expect(results(run)).toEqual(
      sorted(instances).map((i) => succeeded(i.id, old, sha, [`release 2 on ${i.id}`])),
    );
    for (const instance of instances) expect(headOf(instance)).toBe(sha);
    // One command, however often SendCommand was throttled and retried.
    const sends = flaky
      .sendCommandsTo(instances[0]?.id ?? '')
      .filter((call) => call.errorCode === undefined);
    expect(sends).toHaveLength(1);
  });
});

describe.concurrent('an SSM whose answer to SendCommand is lost after it carried it out', () => {
  it('runs deploy.sh once: the command SSM received is found by its marker and followed', async () => {
    const repo = lossy.repo({
      'deploy.sh': '#!/usr/bin/env bash\necho "release $(cat VERSION)" >> /srv/runs\n',
      VERSION: '1\n',
    });
    const old = repo.head();
    const [web] = lossy.instances(repo, 1) as [Instance];
    const sha = repo.commit({ VERSION: '2\n' });
    const run = await lossy.run(
      { 'instance-ids': web.id, 'working-directory': WORKING_DIRECTORY },
      { sha },
    );

    expect(run.exitCode, run.log.map((entry) => entry.text).join('\n')).toBe(0);
    expect(run.outputs.status).toBe('Success');
    const commands = lossy.sandbox.commandHistory();
    expect(commands.map((c) => [c.commandId, c.status])).toEqual([
      [run.outputs['command-id'], 'Success'],
    ]);
    expect(readInstanceFile(web, '/srv/runs')).toBe('release 2\n');
    expect(headOf(web)).toBe(sha);
    expect(results(run)).toEqual([
      expect.objectContaining({ instanceId: web.id, previousSha: old, deployedSha: sha }),
    ]);
    // One send, whose answer never came; then one look for it, which found it.
    expect(lossy.sendCommandsTo(web.id).map((call) => [call.status, call.attempt])).toEqual([
      [0, 1],
    ]);
    expect(lossy.sandbox.calls({ operation: 'ListCommands' })[0]?.params.Filters).toEqual([
      expect.stringMatching(/^InvokedAfter=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      'DocumentName=AWS-RunShellScript',
    ]);
    expect(run.log.map((entry) => entry.text)).toContain(
      `SendCommand got no answer (TimeoutError: socket hang up), but SSM has command ${run.outputs['command-id'] ?? ''} with this deploy's marker: it was received, so it is followed rather than sent again.`,
    );
  });
});

describe.concurrent('an SSM that lists a fleet only well after it counts it finished', () => {
  it('waits for the listing, within the tolerance of the wait, and reports the success it saw', async () => {
    const repo = lagging.repo({ 'deploy.sh': DEPLOY_SH, VERSION: '1\n' });
    const old = repo.head();
    const instances = lagging.instances(repo, 2);
    const sha = repo.commit({ VERSION: '2\n' });
    const run = await lagging.run(
      {
        'instance-ids': instances.map((i) => i.id).join(','),
        'working-directory': WORKING_DIRECTORY,
      },
      { sha },
    );

    expect(run.annotations).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs.status).toBe('Success');
    expect(results(run)).toEqual(
      sorted(instances).map((i) => succeeded(i.id, old, sha, [`release 2 on ${i.id}`])),
    );
    // The command had finished before SSM listed any of it: the sandbox's history says when.
    const [command] = lagging.sandbox.commandHistory();
    expect(command?.finishedAt).toBeLessThan((command?.requestedAt ?? 0) + LISTING_DELAY_MS);
  });
});

describe.concurrent('an instance whose SSM agent is offline', () => {
  it('ends DeliveryTimedOut there: the step fails, says so, and the online one is deployed', async () => {
    const role = 'web';
    const repo = slow.repo({ 'deploy.sh': DEPLOY_SH, VERSION: '1\n' });
    const old = repo.head();
    const [online, offline] = slow.instances(repo, 2, { Role: role }) as [Instance, Instance];
    slow.sandbox.setInstanceState(offline.id, 'offline');
    const sha = repo.commit({ VERSION: '2\n' });
    const run = await slow.run(
      { targets: `tag:Role=${role}`, 'working-directory': WORKING_DIRECTORY },
      { sha },
    );

    expect(run.exitCode).toBe(1);
    expect(run.outcome).toBe('failure');
    expect(run.annotations).toEqual([
      {
        stage: 'main',
        level: 'error',
        message: `${offline.id}: TimedOut (DeliveryTimedOut): SSM could not deliver the command before the delivery timeout: is the instance running, with its SSM agent online? Rate control did not hold it back: max-concurrency 50 lets all 2 instance(s) start at once.`,
        properties: { title: `Deploy failed on ${offline.id}` },
      },
    ]);
    expect(run.outputs.status).toBe('TimedOut');
    // deployed-sha: the commit every instance that succeeded is at.
    expect(run.outputs['deployed-sha']).toBe(sha);
    expect(results(run)).toEqual(
      sorted([online, offline]).map((i) =>
        i === online
          ? succeeded(i.id, old, sha, [`release 2 on ${i.id}`])
          : {
              instanceId: i.id,
              status: 'TimedOut',
              responseCode: -1,
              durationMs: null,
              previousSha: null,
              deployedSha: null,
              rolledBack: false,
              healthy: null,
              stdoutTail: '',
              stderrTail: '',
            },
      ),
    );
    expect(headOf(online)).toBe(sha);
    expect(headOf(offline)).toBe(old);
  });
});
