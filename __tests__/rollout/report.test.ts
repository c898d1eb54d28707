// What the log says as a rollout's fleet rollback starts, through a stand-in for @actions/core.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { rolloutEvents } from '../../src/report/rollout.js';
import * as fake from '../deploy/fixtures/core.js';

vi.mock('@actions/core', () => import('../deploy/fixtures/core.js'));

beforeEach(() => {
  fake.resetCore();
});

describe('the fleet rollback line', () => {
  const events = rolloutEvents(() => 0, 'eu-west-1');

  it('names the instances it brings back', () => {
    events.onRollback?.(['i-1', 'i-2'], []);
    expect(fake.printed()).toEqual([
      'rollback-on-failure: bringing i-1, i-2 back to the commit each had.',
    ]);
  });

  it('does not say nothing was changed when an instance rolled itself back', () => {
    events.onRollback?.([], ['i-1']);
    expect(fake.printed()).toEqual([
      'rollback-on-failure: no other instance is left changed by this run, so none is rolled back. i-1 rolled back on the instance already.',
    ]);
  });

  it('says so when no instance was changed at all', () => {
    events.onRollback?.([], []);
    expect(fake.printed()).toEqual([
      'rollback-on-failure: no instance is left changed by this run, so none is rolled back.',
    ]);
  });
});
