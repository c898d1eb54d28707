// The CloudWatch output end to end: the built action through the runner harness, the sandbox's
// agent writing the script's lines to CloudWatch Logs as they come. The proof that the output is
// live is an order, not a timing: deploy.sh prints a line and then waits for a file that the test
// creates only once that line is in the workflow log; only then does it print the second. What
// else the group holds (streams of other instances, lines stamped an hour ahead) changes nothing.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanUp, createWorld } from './app-world.js';

afterEach(cleanUp);

const GROUP = '/deploys/shop';

describe('cloudwatch-log-group', () => {
  it("shows the script's lines in the log while it runs, each headed by its instance", async () => {
    const world = await createWorld('#!/bin/bash\necho placeholder\n');
    const gate = join(world.scratch(), 'go');
    const shipped = world.commit({
      'deploy.sh': [
        '#!/bin/bash',
        'echo "first line"',
        'echo "::warning::from the instance" >&2',
        `for i in $(seq 1 300); do [ -e ${gate} ] && break; sleep 0.1; done`,
        `[ -e ${gate} ] || { echo "the gate never opened" >&2; exit 9; }`,
        'echo "second line"',
        '',
      ].join('\n'),
    });

    const handle = world.start({ ref: shipped, 'cloudwatch-log-group': GROUP });
    const id = world.instance.id;
    const first = await handle.waitForLine(`[${id}] first line`);
    // Seen while deploy.sh was still waiting: it cannot print the second line before this.
    writeFileSync(gate, '');
    const run = await handle.done;

    expect(run.outcome).toBe('success');
    expect(first.kind).toBe('output');
    const lines = run.log.map((entry) => entry.text);
    const firstAt = lines.indexOf(`[${id}] first line`);
    expect(firstAt).toBeGreaterThanOrEqual(0);
    // The second line comes later: live, or in the instance's output group at the end when the
    // command finished before the next query.
    const secondAt = lines.findIndex((line) => line.endsWith('second line'));
    expect(secondAt).toBeGreaterThan(firstAt);
    // The instance's stderr line is shown, never obeyed as a workflow command.
    expect(lines).toContain(`[${id} stderr] ::warning::from the instance`);
    expect(run.annotations.filter((a) => a.level === 'warning')).toEqual([]);
    // The script's own marker lines are not shown live.
    expect(lines.filter((line) => line.startsWith(`[${id}] [ssm-deploy:`))).toEqual([]);

    // The agent wrote the command's streams into the group, which it created.
    const commandId = run.outputs['command-id'] ?? '';
    expect(world.sandbox.logGroups()).toEqual([GROUP]);
    expect(new Set(world.sandbox.logEvents(GROUP).map((event) => event.logStreamName))).toEqual(
      new Set([
        `${commandId}/${id}/aws-runShellScript/stdout`,
        `${commandId}/${id}/aws-runShellScript/stderr`,
      ]),
    );
    // The instance's two streams read beside each poll of the command, no more.
    const polls = world.sandbox.calls({ operation: 'GetCommandInvocation' }).length;
    const reads = world.sandbox.calls({ operation: 'GetLogEvents' });
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.length).toBeLessThanOrEqual(2 * polls);
    expect(reads[0]?.params).toMatchObject({
      logGroupName: GROUP,
      logStreamName: `${commandId}/${id}/aws-runShellScript/stdout`,
      startFromHead: true,
    });
  });

  it("follows only this command's own streams, by token: a stream named for another instance is never shown, a future timestamp hides no later line", async () => {
    const world = await createWorld('#!/bin/bash\necho placeholder\n');
    const scratch = world.scratch();
    const gate = (name: string): string => join(scratch, name);
    const shipped = world.commit({
      'deploy.sh': [
        '#!/bin/bash',
        'wait_for() { for i in $(seq 1 300); do [ -e "$1" ] && return; sleep 0.1; done; exit 9; }',
        'echo "first line"',
        `wait_for ${gate('one')}`,
        'echo "second line"',
        `wait_for ${gate('two')}`,
        '',
      ].join('\n'),
    });

    const handle = world.start({ ref: shipped, 'cloudwatch-log-group': GROUP });
    const id = world.instance.id;
    await handle.waitForLine(`[${id}] first line`);
    const commandId = world.sandbox.commandHistory()[0]?.commandId ?? '';
    const now = world.sandbox.now();
    // Anyone who may write the group: a stream named for an instance that is not the command's,
    // and a line an hour ahead in the instance's own stderr (a clock running fast would do it).
    world.sandbox.putLogEvents(
      GROUP,
      `${commandId}/i-0fa4e0000000000aa/aws-runShellScript/stdout`,
      [{ timestamp: now, message: 'a spoofed line' }],
    );
    world.sandbox.putLogEvents(GROUP, `${commandId}/${id}/aws-runShellScript/stderr`, [
      { timestamp: now + 3_600_000, message: 'a line from the future' },
    ]);
    await handle.waitForLine(`[${id} stderr] a line from the future`);
    writeFileSync(gate('one'), '');
    // Still shown while the deploy waits at the second gate: no timestamp moved what is read.
    const second = await handle
      .waitForLine(`[${id}] second line`, { timeoutMs: 15_000 })
      .then(() => true)
      .catch(() => false);
    writeFileSync(gate('two'), '');
    const run = await handle.done;

    expect(run.outcome).toBe('success');
    expect(second).toBe(true);
    const lines = run.log.map((entry) => entry.text);
    expect(lines.filter((line) => line.includes('a spoofed line'))).toEqual([]);
    // Each stream by name, from its head and then by its token; never a query by time.
    const reads = world.sandbox.calls({ service: 'logs' });
    expect(new Set(reads.map((call) => call.operation))).toEqual(new Set(['GetLogEvents']));
    expect(new Set(reads.map((call) => call.params.logStreamName))).toEqual(
      new Set([
        `${commandId}/${id}/aws-runShellScript/stdout`,
        `${commandId}/${id}/aws-runShellScript/stderr`,
      ]),
    );
  });
});
