// Where the deploy benchmarks keep their instances and the app's repositories: in memory
// (/dev/shm) when the machine has it. A fleet is a thousand small git checkouts plus the files the
// agent writes for every command; on a virtual disk creating and removing them takes longer than
// the fleet's deploy, and has nothing to do with the action being measured.

import { accessSync, constants, statSync } from 'node:fs';
import { tmpdir } from 'node:os';

const MEMORY = '/dev/shm';

export function scratchDir(): string {
  try {
    if (!statSync(MEMORY).isDirectory()) return tmpdir();
    accessSync(MEMORY, constants.W_OK);
    return MEMORY;
  } catch {
    return tmpdir();
  }
}
