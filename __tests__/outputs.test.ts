import { describe, expect, it } from 'vitest';
import { describeFailure } from '../src/failure.js';
import { masksFor, partMasks } from '../src/masks.js';
import { combineValues, type ValueOutput, type ValueRead } from '../src/outputs.js';

const output = (name: string, value: string, source: string, identity = source): ValueOutput => ({
  name,
  value,
  secret: true,
  source,
  identity,
  namedBy: 'user',
});

const read = (outputs: ValueOutput[]): ValueRead => ({
  outputs,
  masks: outputs.map((made) => made.value),
  warnings: [],
  notes: [],
});

function problems(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    return [...describeFailure(error, false).messages];
  }
  throw new Error('expected a failure');
}

const noManifest = { secrets: undefined, parameters: undefined };

describe('combineValues', () => {
  it('refuses two sources setting one output (whatever the case), naming both and no value', () => {
    const messages = problems(() =>
      combineValues(
        [
          read([output('DB_HOST', 'db-1.internal', 'key "host" of secret db')]),
          read([output('db_host', 'db-2.internal', 'parameter /db/host')]),
        ],
        noManifest,
        { exportEnv: false, env: {} },
      ),
    );
    expect(messages).toEqual([
      'The output db_host would be set by both key "host" of secret db and parameter /db/host.\nGive one of them an alias (ALIAS,ID), or read a JSON secret without parse-json-secrets.',
    ]);
  });

  it('takes one secret reached twice under one name as one output', () => {
    const combined = combineValues(
      [
        read([
          output('DB', 'pw-123456', 'secret db', 'arn:db'),
          output('DB', 'pw-123456', 'secret db', 'arn:db'),
        ]),
      ],
      noManifest,
      { exportEnv: false, env: {} },
    );
    expect(combined.outputs).toHaveLength(1);
  });

  it("refuses a derived name that is one of the action's own outputs", () => {
    expect(
      problems(() =>
        combineValues([read([output('STATUS', 'x-value', 'secret status')])], noManifest, {
          exportEnv: false,
          env: {},
        }),
      ),
    ).toEqual([
      expect.stringMatching(
        /^The output STATUS of secret status is the name of one of the action's own outputs/,
      ),
    ]);
  });

  it('with export-env, refuses every variable that is already set, by name', () => {
    const messages = problems(() =>
      combineValues(
        [
          read([
            output('HOME', 'not-home', 'secret home'),
            output('PATH', 'x:y', 'secret path'),
            output('FREE', 'free-1', 'secret free'),
          ]),
        ],
        noManifest,
        { exportEnv: true, env: { HOME: '/root', PATH: '/bin', EMPTY: '' } },
      ),
    );
    expect(messages).toEqual([
      expect.stringMatching(
        /^export-env would overwrite the environment variable HOME, which is already set, with secret home\./,
      ),
      expect.stringMatching(/^export-env would overwrite the environment variable PATH/),
    ]);
    expect(messages.join('\n')).not.toMatch(/not-home|x:y/);
  });

  it('without export-env, a name that is also a variable is fine', () => {
    const combined = combineValues([read([output('HOME', 'h-value', 'secret home')])], noManifest, {
      exportEnv: false,
      env: { HOME: '/root' },
    });
    expect(combined.outputs.map((made) => made.name)).toEqual(['HOME']);
  });

  it('joins masks without repeats and writes the manifest of what was asked for', () => {
    const combined = combineValues(
      [
        read([output('A', 'same-value', 'secret a')]),
        read([output('B', 'same-value', 'secret b')]),
      ],
      {
        secrets: [{ alias: 'A', name: 'a', arn: 'arn:a', versionId: 'v-1' }],
        parameters: [{ alias: 'B', name: '/b', version: 4 }],
      },
      { exportEnv: true, env: {} },
    );
    expect(combined.masks).toEqual(['same-value']);
    expect(JSON.parse(combined.manifest)).toEqual({
      secrets: [{ alias: 'A', name: 'a', arn: 'arn:a', versionId: 'v-1' }],
      parameters: [{ alias: 'B', name: '/b', version: 4 }],
    });
    expect(combined.exportEnv).toBe(true);
  });
});

describe('masks', () => {
  it('masks a value whole, whatever its length, and nothing for an empty one', () => {
    expect(masksFor('ab')).toEqual({ masks: ['ab'], shortLines: 0 });
    expect(masksFor('')).toEqual({ masks: [], shortLines: 0 });
  });

  it('masks a multi-line value whole and each of its trimmed lines', () => {
    expect(masksFor('-----BEGIN KEY-----\r\n  MIIEvQIBADAN\n\n-----END KEY-----\n')).toEqual({
      masks: [
        '-----BEGIN KEY-----\r\n  MIIEvQIBADAN\n\n-----END KEY-----\n',
        '-----BEGIN KEY-----',
        'MIIEvQIBADAN',
        '-----END KEY-----',
      ],
      shortLines: 0,
    });
  });

  it('masks a multi-line value with a short line by its long lines only, counting short lines with letters or digits', () => {
    // The runner registers each line of a multi-line mask on its own as well: registering these
    // whole would mask `{`, `}`, `xy` and `z` everywhere in the job's log.
    expect(masksFor('{\n  "user": "someone",\r\n  "pin": 12\n}')).toEqual({
      masks: ['"user": "someone",', '"pin": 12'],
      shortLines: 0,
    });
    expect(masksFor('abcdef\nxy\n\n  z  ')).toEqual({ masks: ['abcdef'], shortLines: 2 });
    expect(masksFor('ab\ncd')).toEqual({ masks: [], shortLines: 2 });
  });

  it('does not mask a part shorter than 4 characters', () => {
    expect(partMasks('abc')).toBeUndefined();
    expect(partMasks('abcd')).toEqual({ masks: ['abcd'], shortLines: 0 });
  });
});
