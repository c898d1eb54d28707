// The rollout as it happens (waves, traffic and health per instance, bakes and alarms, rollback,
// put-back) and at its end (the waves output, the job summary's wave table).

import * as core from '@actions/core';
import { describeError } from '../deploy/status.js';
import type { RolloutEvents, RolloutReport, WaveRecord } from '../rollout/engine.js';
import { groupName } from '../rollout/engine.js';
import type { Registration, TargetState } from '../rollout/traffic.js';
import { DEPLOY_STATE } from './state.js';
import { escapeHtml, formatDuration, short } from './format.js';

/** What the log says while the rollout goes on; `onOut` keeps the post step's state current. */
export function rolloutEvents(now: () => number, region: string): RolloutEvents {
  let waves = 0;
  return {
    onPlan: (plan) => {
      waves = plan.length;
      core.info(
        `Rollout in ${plan.length} wave(s): ${plan.map((ids, i) => `${i + 1}) ${ids.join(', ')}`).join('; ')}`,
      );
    },
    onWaveStart: (wave, ids, rollback) => {
      core.info(
        rollback
          ? `Rolling back wave ${wave}: ${ids.join(', ')}`
          : `Wave ${wave}/${waves}: ${ids.join(', ')} (${new Date(now()).toISOString()})`,
      );
    },
    onTraffic: (seen, event) => {
      const registration = 'registration' in seen ? seen.registration : seen;
      const state = 'registration' in seen ? describeState(seen) : '';
      core.info(
        `  ${registration.instanceId} · ${groupName(registration.group)}${registration.port === undefined ? '' : `:${registration.port}`} · ${event}${state}`,
      );
    },
    onOut: (out) => {
      core.saveState(DEPLOY_STATE.region, region);
      core.saveState(DEPLOY_STATE.trafficOut, JSON.stringify(out));
    },
    onBake: (wave, seconds) => {
      if (seconds > 0) core.info(`Wave ${wave}: baking ${seconds} s under the alarms.`);
    },
    onWaveEnd: (record) => {
      core.info(`Wave ${record.wave}: ${record.outcome}${durationOf(record)}`);
    },
    onAlarm: (firing) => {
      core.info(`In ALARM: ${firing.join(', ')}. No further wave starts.`);
    },
    onRollback: (ids, rolledBackThere) => {
      const there =
        rolledBackThere.length === 0
          ? ''
          : ` ${rolledBackThere.join(', ')} rolled back on the instance already.`;
      core.info(
        ids.length === 0
          ? `rollback-on-failure: no ${there === '' ? '' : 'other '}instance is left changed by this run, so none is rolled back.${there}`
          : `rollback-on-failure: bringing ${ids.join(', ')} back to the commit each had.${there}`,
      );
    },
    onPutBack: (registrations, error) => {
      const list = registrations.map((r) => `${r.instanceId} in ${groupName(r.group)}`).join(', ');
      if (error === undefined)
        core.info(`Put back into their target groups, as the run ended early: ${list}.`);
      else
        core.error(
          `Could not put ${list} back into their target groups (${describeError(error)}); register them again by hand.`,
          { title: 'Instances left out of their target groups' },
        );
    },
  };
}

/** The `waves` output, the rollback's verdict, and the job summary's wave table. */
export async function reportRollout(rollout: RolloutReport): Promise<void> {
  core.setOutput(
    'waves',
    JSON.stringify(
      rollout.waves.map((w) => ({
        wave: w.wave,
        instances: w.instances,
        start: w.start === undefined ? null : new Date(w.start).toISOString(),
        end: w.end === undefined ? null : new Date(w.end).toISOString(),
        outcome: w.outcome,
        commandId: w.commandId ?? null,
      })),
    ),
  );
  for (const back of rollout.rollback ?? [])
    if (back.success && back.healthy !== false)
      core.info(
        `${back.instanceId}: rolled back to ${short(back.sha)}${back.healthy === true ? ', healthy' : ''}.`,
      );
    else
      core.error(
        `${back.instanceId}: the rollback to ${short(back.sha)} ${back.success ? 'ran, but the instance is not healthy' : 'failed'}${back.reason === undefined ? '' : `: ${back.reason}`}`,
        { title: `Rollback failed on ${back.instanceId}` },
      );
  core.info(
    `AWS calls of the rollout: ${rollout.calls.commands} command(s), ${rollout.calls.describeHealth} DescribeTargetHealth, ${rollout.calls.deregister} DeregisterTargets, ${rollout.calls.register} RegisterTargets, ${rollout.calls.attributes} DescribeTargetGroupAttributes, ${rollout.calls.describeAlarms} DescribeAlarms.`,
  );
  const header = ['Wave', 'Instances', 'Outcome', 'Duration'].map((data) => ({
    data,
    header: true,
  }));
  const rows = rollout.waves.map((w) => [
    String(w.wave),
    w.instances.map((id) => `<code>${escapeHtml(id)}</code>`).join(' '),
    escapeHtml(w.outcome),
    durationOf(w).replace(/^ in /, '') || '—',
  ]);
  const rollback = (rollout.rollback ?? []).map(
    (b) =>
      `<code>${escapeHtml(b.instanceId)}</code> → <code>${short(b.sha)}</code>: ${b.success ? 'rolled back' : 'rollback failed'}${b.healthy === null ? '' : b.healthy ? ', healthy' : ', not healthy'}`,
  );
  try {
    await core.summary
      .addHeading('Rollout', 4)
      .addTable([header, ...rows])
      .addRaw(rollback.length === 0 ? '' : `<p>${rollback.join('<br>')}</p>`, true)
      .write();
  } catch (error) {
    core.debug(`No job summary: ${describeError(error)}`);
  }
}

function describeState(state: TargetState): string {
  return ` (${state.state}${state.reason === undefined ? '' : `: ${state.reason}`})`;
}

function durationOf(record: WaveRecord): string {
  return record.start === undefined || record.end === undefined
    ? ''
    : ` in ${formatDuration(record.end - record.start)}`;
}

/** Registrations saved as step state, read strictly: anything else is none. */
export function parseSavedOut(saved: string): Registration[] {
  if (saved === '') return [];
  try {
    const value: unknown = JSON.parse(saved);
    if (!Array.isArray(value)) return [];
    return value.flatMap((item: unknown) => {
      if (typeof item !== 'object' || item === null) return [];
      const { group, instanceId, port } = item as Record<string, unknown>;
      if (typeof group !== 'string' || typeof instanceId !== 'string') return [];
      if (port !== undefined && (typeof port !== 'number' || !Number.isInteger(port))) return [];
      return [{ group, instanceId, port: port }];
    });
  } catch {
    return [];
  }
}
