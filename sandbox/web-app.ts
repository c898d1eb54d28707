// The app a sandbox instance runs behind the sandbox's load balancer: a small HTTP server that a
// deploy script (re)starts, serving the commit it was started from. It runs as a plain Node
// program (type annotations only, no imports beyond node:), so `node web-app.ts` starts it.
//
//   PORT      port on 127.0.0.1 (the instance's APP_PORT)           required
//   APP_DIR   the checkout it serves (default: the working directory)
//   COMMIT    the commit it serves (default: `git rev-parse HEAD` in APP_DIR)
//   SANDBOX_PID  the sandbox's process: the app exits when it is gone
//
// A commit can be broken on purpose with a file BROKEN at the top of the checkout:
//   `crash`   the app exits at once with status 1;
//   `errors`  GET / answers 500 while /healthz passes (5xx seen by the load balancer);
//   anything else (or empty)  / and /healthz both answer 500 (the health check fails).
//
// GET /?delay=MS answers after MS milliseconds (a slow request, to see draining let it finish).
// SIGTERM stops accepting connections, lets requests in flight finish, then exits.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

type Broken = 'none' | 'errors' | 'health';

function readBroken(dir: string): Broken | 'crash' {
  let marker: string;
  try {
    marker = readFileSync(`${dir}/BROKEN`, 'utf8').trim();
  } catch {
    return 'none';
  }
  if (marker === 'crash') return 'crash';
  return marker === 'errors' ? 'errors' : 'health';
}

function readCommit(dir: string): string {
  const given = process.env.COMMIT;
  if (given !== undefined && given !== '') return given;
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

function readVersion(dir: string): string {
  try {
    return readFileSync(`${dir}/VERSION`, 'utf8').trim();
  } catch {
    return '';
  }
}

const port = Number(process.env.PORT);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`web-app: PORT must be a port number, got ${String(process.env.PORT)}`);
  process.exit(2);
}
const dir = process.env.APP_DIR ?? process.cwd();
const broken = readBroken(dir);
if (broken === 'crash') {
  console.error('web-app: this commit is broken (BROKEN says crash)');
  process.exit(1);
}
const commit = readCommit(dir);
const version = readVersion(dir);
const instance = process.env.INSTANCE_ID ?? '';

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const delay = Math.min(Math.max(Number(url.searchParams.get('delay') ?? 0) || 0, 0), 600_000);
  const answer = (): void => {
    const failing =
      url.pathname === '/healthz'
        ? broken === 'health'
        : broken === 'health' || broken === 'errors';
    const status = failing ? 500 : 200;
    const body = JSON.stringify({ commit, version, instance, status });
    res.writeHead(status, { 'content-type': 'application/json', 'x-commit': commit });
    res.end(`${body}\n`);
  };
  if (url.pathname !== '/' && url.pathname !== '/healthz') {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found\n');
    return;
  }
  if (delay > 0) setTimeout(answer, delay);
  else answer();
});
server.keepAliveTimeout = 65_000;
server.on('error', (error) => {
  console.error(`web-app: ${error.message}`);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => {
  console.log(`web-app: ${commit} (${version || 'no VERSION'}) on 127.0.0.1:${port}`);
});

function stop(): void {
  // Requests in flight finish; idle keep-alive connections are closed so the exit is not held up.
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 30_000).unref();
}
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

const sandboxPid = Number(process.env.SANDBOX_PID);
if (Number.isInteger(sandboxPid) && sandboxPid > 0) {
  // A safety net beside the sandbox's own clean-up: never outlive the sandbox that owns the port.
  setInterval(() => {
    try {
      process.kill(sandboxPid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') process.exit(0);
    }
  }, 1000).unref();
}
