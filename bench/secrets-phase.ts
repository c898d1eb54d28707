// `npx tsx bench/secrets-phase.ts`: API calls and wall time of the secrets phase for 1, 20 and 100
// named secrets and a 45-secret prefix, with every Secrets Manager call answering after a fixed
// latency. The clients are stubbed in process (no HTTP), so this measures how the phase orders its
// calls, not the network; the sandbox benchmarks measure the rest.
import {
  BatchGetSecretValueCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  SecretsManagerClient,
  type BatchGetSecretValueCommandInput,
  type ListSecretsCommandInput,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseInputs } from '../src/inputs.js';
import { readSecrets } from '../src/secrets.js';

const LATENCY_MS = 20;
const REGION = 'eu-west-1';
const arn = (name: string): string =>
  `arn:aws:secretsmanager:${REGION}:123456789012:secret:${name}-AbC123`;

async function measure(
  label: string,
  names: readonly string[],
  secretIds: string,
  print = true,
): Promise<void> {
  const client = new SecretsManagerClient({ region: REGION });
  const stub = mockClient(client);
  stub.on(BatchGetSecretValueCommand).callsFake(async (input: BatchGetSecretValueCommandInput) => {
    await sleep(LATENCY_MS);
    return {
      SecretValues: (input.SecretIdList ?? []).map((id) => {
        const name = names.find((candidate) => id === candidate || id === arn(candidate)) ?? id;
        return { Name: name, ARN: arn(name), VersionId: 'v1', SecretString: `value of ${name}` };
      }),
      Errors: [],
    };
  });
  stub.on(ListSecretsCommand).callsFake(async (input: ListSecretsCommandInput) => {
    await sleep(LATENCY_MS);
    const prefix = input.Filters?.[0]?.Values?.[0] ?? '';
    return {
      SecretList: names
        .filter((name) => name.startsWith(prefix))
        .map((name) => ({ Name: name, ARN: arn(name) })),
    };
  });
  const config = parseInputs((input) => (input === 'secret-ids' ? secretIds : ''), {
    AWS_REGION: REGION,
  }).config.secrets;
  if (config === undefined) throw new Error('no secrets');
  const started = performance.now();
  const result = await readSecrets(config, {
    clients: { secretsManager: () => client },
    region: REGION,
    ifMissing: 'fail',
  });
  const wall = performance.now() - started;
  const calls =
    stub.commandCalls(BatchGetSecretValueCommand).length +
    stub.commandCalls(GetSecretValueCommand).length +
    stub.commandCalls(ListSecretsCommand).length;
  const roundTrips = wall / LATENCY_MS;
  stub.restore();
  if (!print) return;
  console.log(
    `${label.padEnd(24)} ${String(result.outputs.length).padStart(4)} outputs  ${String(calls).padStart(3)} calls ` +
      `(${result.calls.batchGetSecretValue} batch, ${result.calls.listSecrets} list)  ` +
      `${wall.toFixed(1).padStart(6)} ms = ${roundTrips.toFixed(2)} × ${LATENCY_MS} ms`,
  );
}

const named = (count: number): string[] =>
  Array.from({ length: count }, (_, index) => `bench/s${String(index).padStart(3, '0')}`);

// A first run loads and compiles the code paths, so the figures below are of a warm process.
await measure('warm-up', named(3), named(3).join('\n'), false);
for (const count of [1, 20, 100]) {
  const names = named(count);
  await measure(`${count} named secret(s)`, names, names.join('\n'));
}
const prefixed = named(45);
await measure('45 under a prefix', prefixed, 'bench/*');
