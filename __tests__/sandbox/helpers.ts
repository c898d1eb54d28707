// Shared by the sandbox's tests: sandboxes, SDK clients and temporary directories that are always
// cleaned up (call `cleanUp` from afterEach), and a poller for conditions that take a moment.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  GetCommandInvocationCommand,
  InvocationDoesNotExist,
  ListCommandsCommand,
  SSMClient,
  SendCommandCommand,
  type SendCommandCommandInput,
} from '@aws-sdk/client-ssm';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../sandbox/index.js';

const sandboxes: Sandbox[] = [];
const destroyables: { destroy(): void }[] = [];
const dirs: string[] = [];

export async function sandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const started = await startSandbox(options);
  sandboxes.push(started);
  return started;
}

export interface Clients {
  readonly ssm: SSMClient;
  readonly secrets: SecretsManagerClient;
  readonly s3: S3Client;
}

/** Real SDK clients pointed at the sandbox, with the SDK's own retry behaviour. */
export function clients(
  target: Sandbox,
  options: { region?: string; maxAttempts?: number } = {},
): Clients {
  const config = { ...target.clientConfig(options.region), maxAttempts: options.maxAttempts ?? 3 };
  const made = {
    ssm: new SSMClient(config),
    secrets: new SecretsManagerClient(config),
    s3: new S3Client({ ...config, forcePathStyle: true }),
  };
  destroyables.push(made.ssm, made.secrets, made.s3);
  return made;
}

export function tempDir(prefix = 'sandbox-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

export async function cleanUp(): Promise<void> {
  for (const client of destroyables.splice(0)) client.destroy();
  await Promise.all(sandboxes.splice(0).map((s) => s.stop()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A repeatable stand-in for Math.random (a small linear congruential generator). */
export function seededRandom(seed = 42): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * Whether a process is still running. A killed process whose parent has not reaped it yet is a
 * zombie: it still answers signal 0, but it runs nothing, so it does not count.
 */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

const TERMINAL = new Set(['Success', 'Failed', 'TimedOut', 'Cancelled']);

/** Polls GetCommandInvocation (quietly through InvocationDoesNotExist) until it is terminal. */
export async function invocationResult(
  ssm: SSMClient,
  commandId: string,
  instanceId: string,
  timeoutMs = 15_000,
) {
  return eventually(async () => {
    try {
      const result = await ssm.send(
        new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: instanceId }),
      );
      return TERMINAL.has(result.Status ?? '') ? result : undefined;
    } catch (error) {
      if (error instanceof InvocationDoesNotExist) return undefined;
      throw error;
    }
  }, timeoutMs);
}

/** Polls ListCommands until the command itself is terminal, and returns it. */
export async function commandResult(ssm: SSMClient, commandId: string, timeoutMs = 15_000) {
  return eventually(async () => {
    const { Commands } = await ssm.send(new ListCommandsCommand({ CommandId: commandId }));
    const command = Commands?.[0];
    return command && TERMINAL.has(command.Status ?? '') ? command : undefined;
  }, timeoutMs);
}

/** SendCommand for AWS-RunShellScript; returns the command id. */
export async function run(
  ssm: SSMClient,
  commands: readonly string[],
  input: Omit<SendCommandCommandInput, 'DocumentName' | 'Parameters'> & {
    executionTimeout?: string;
  } = {},
): Promise<string> {
  const { executionTimeout, ...rest } = input;
  const parameters: Record<string, string[]> = { commands: [...commands] };
  if (executionTimeout !== undefined) parameters.executionTimeout = [executionTimeout];
  const sent = await ssm.send(
    new SendCommandCommand({ DocumentName: 'AWS-RunShellScript', Parameters: parameters, ...rest }),
  );
  const id = sent.Command?.CommandId;
  if (id === undefined) throw new Error('SendCommand returned no command id');
  return id;
}
