// How SSM shapes a command's output. GetCommandInvocation keeps the first 24,000 characters of
// stdout and 8,000 of stderr. ListCommandInvocations' `Details` output is the agent's plugin
// output: stdout, then stderr under an "----------ERROR-------" title, cut to 2,500 characters
// with "---Output truncated---" / "---Error truncated----" markers (the agent's own rules).

export const MAX_STDOUT_CONTENT = 24_000;
export const MAX_STDERR_CONTENT = 8_000;
export const MAX_PLUGIN_OUTPUT = 2_500;

const ERROR_TITLE = '\n----------ERROR-------\n';
const OUTPUT_TRUNCATED = '\n---Output truncated---';
const ERROR_TRUNCATED = '\n---Error truncated----';

export function pluginOutput(stdout: string, stderr: string, capacity = MAX_PLUGIN_OUTPUT): string {
  const title = stderr.length > 0 ? ERROR_TITLE : '';
  const room = capacity - title.length;
  if (stdout.length + stderr.length < room) return stdout + title + stderr;
  const half = Math.floor(room / 2);
  if (stdout.length > half && stderr.length > half) {
    // Both are long: each gets half of what is left after the two markers.
    const each = Math.floor((room - ERROR_TRUNCATED.length - OUTPUT_TRUNCATED.length) / 2);
    return (
      stdout.slice(0, each) + OUTPUT_TRUNCATED + title + stderr.slice(0, each) + ERROR_TRUNCATED
    );
  }
  if (stdout.length < half) {
    const keep = room - ERROR_TRUNCATED.length - stdout.length;
    return stdout + title + stderr.slice(0, keep) + ERROR_TRUNCATED;
  }
  const keep = room - OUTPUT_TRUNCATED.length - stderr.length;
  return stdout.slice(0, keep) + OUTPUT_TRUNCATED + title + stderr;
}

/** What the agent appends to stderr when the script did not exit 0 (and was not stopped by it). */
export function failureNote(
  stderr: string,
  exitCode: number | null,
  signal: string | null,
): string {
  const reason = exitCode !== null ? `exit status ${exitCode}` : `signal: ${signalName(signal)}`;
  const separator = stderr.length > 0 && !stderr.endsWith('\n') ? '\n' : '';
  return `${stderr}${separator}failed to run commands: ${reason}`;
}

function signalName(signal: string | null): string {
  // Go prints signals by their description, as the agent's message does.
  const names: Record<string, string> = {
    SIGKILL: 'killed',
    SIGTERM: 'terminated',
    SIGINT: 'interrupt',
    SIGSEGV: 'segmentation fault',
    SIGABRT: 'aborted',
    SIGHUP: 'hangup',
  };
  return signal === null ? 'unknown' : (names[signal] ?? signal);
}
