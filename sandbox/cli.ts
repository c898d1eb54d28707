// `npm run sandbox -- [--seed file.json] [--port N] [--region R] [--map /srv] [--log calls.jsonl]
// [--time-scale N]`: starts the sandbox, prints its URL alone on the first line of stdout, and runs
// until SIGINT or SIGTERM, when it stops every command it started and removes its files.

import { appendFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type Sandbox, type SandboxOptions, startSandbox } from './index.js';

const USAGE = `usage: npm run sandbox -- [options]
  --seed FILE        JSON seed: {"secrets": [...], "parameters": [...], "buckets": [...], "instances": [...],
                     "targetGroups": [...], "alarms": [...]}
  --port N           port on 127.0.0.1 (default: a free one)
  --region NAME      region of seeded resources without one (default us-east-1)
  --map PATH         host path each instance has its own copy of (repeatable; default /srv, /run/ssm-deploy, /root)
  --log FILE         append every call to FILE as JSON lines (never values)
  --time-scale N     run the sandbox clock N times faster (default 1)`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      port: { type: 'string' },
      region: { type: 'string' },
      map: { type: 'string', multiple: true },
      log: { type: 'string' },
      'time-scale': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  const timeScale = values['time-scale'] === undefined ? 1 : Number(values['time-scale']);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port: not a port: ${values.port}`);
  const logFile = values.log;
  const options: SandboxOptions = {
    port,
    settings: { timeScale },
    ...(values.region === undefined ? {} : { region: values.region }),
    ...(values.map === undefined ? {} : { mappedPaths: values.map }),
    ...(values.seed === undefined ? {} : { seedFile: values.seed }),
    ...(logFile === undefined
      ? {}
      : { onCall: (record) => appendFileSync(logFile, `${JSON.stringify(record)}\n`) }),
  };
  const sandbox = await startSandbox(options);
  console.log(sandbox.url);
  describe(sandbox);
  await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await sandbox.stop();
  console.error('sandbox stopped; its processes and files are gone');
}

function describe(sandbox: Sandbox): void {
  console.error(`sandbox on ${sandbox.url} (region ${sandbox.region}); files in ${sandbox.dir}`);
  for (const instance of sandbox.instances()) {
    const tags = Object.entries(instance.tags)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    console.error(
      `  instance ${instance.id} ${instance.state}${tags ? ` ${tags}` : ''}: ${sandbox.mappedPaths.map((p) => instance.path(p)).join(', ')}`,
    );
  }
  for (const group of sandbox.targetGroups()) {
    console.error(`  target group ${group.name} (${group.arn}): load balancer ${group.url}`);
  }
  console.error(
    `use it with: AWS_ENDPOINT_URL=${sandbox.url} AWS_REGION=${sandbox.region} (any access key)`,
  );
}

main().catch((error: unknown) => {
  console.error(`${error instanceof Error ? error.message : String(error)} (--help for usage)`);
  process.exitCode = 1;
});
