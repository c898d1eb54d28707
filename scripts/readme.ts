// The README's generated parts: the inputs and outputs tables from action.yml, and the quick
// start from examples/deploy-on-push.yml, so the README never disagrees with what it documents.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { parse } from 'yaml';
import { EXIT, EXIT_REASONS, type ExitName } from '../src/deploy/protocol.js';
import {
  FIXES,
  REFUSAL_CAUSES,
  REFUSAL_MESSAGES,
  type RefusalReason,
} from '../src/deploy/targets.js';

interface ActionMetadata {
  readonly inputs: Record<string, { description: string; default?: string | boolean | number }>;
  readonly outputs: Record<string, { description: string }>;
}

export interface ReadmeSources {
  /** action.yml */
  readonly actionYaml: string;
  /** examples/deploy-on-push.yml */
  readonly quickStart: string;
}

/** What to do about each exit code of the remote script. */
const EXIT_FIXES: Readonly<Record<ExitName, string>> = {
  scriptReservedCode:
    "the output shows deploy-script's own code; have it exit with a code outside 210-229",
  workingDirectoryMissing: "clone the repository there once, as the app's user",
  notACheckout: "clone the repository there once, as the app's user (git clone, not a copy)",
  deployScriptMissing: 'commit it with git update-index --chmod=+x deploy.sh',
  trackedFilesModified: 'the annotation lists them: commit the change, or git checkout -- them',
  lockTimeout: 'it queued behind a running deploy; use a concurrency group in the workflow',
  refNotFound: 'push the branch or tag, or check ref for a typo',
  checkoutFailed: 'see the output; a full disk or files owned by another user are common causes',
  runAsMissing: 'create the user on the instance, or fix run-as',
  fetchFailed: "check the checkout's own credentials (deploy key) and its remote origin",
  rolledBack: 'the previous commit runs again; fix the deploy and ship again',
  rollbackFailed: 'the instance is at the new commit with a failed deploy: see the output',
  programMissing: 'install git and util-linux (flock, runuser or setpriv) on the instance',
  deployScriptKilled:
    'look for the out-of-memory killer (journalctl -k); give the instance more memory',
  lockUnsafe: 'the output names it: sudo rm -rf /run/ssm-deploy (the next deploy makes it anew)',
  internalError: 'see the output, and report it with the output attached',
};

/** Markdown table cells: one line, pipes escaped. */
function cell(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|');
}

function code(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

export function inputsTable(metadata: ActionMetadata): string {
  const rows = Object.entries(metadata.inputs).map(([name, input]) => {
    const fallback = input.default === undefined ? '' : code(String(input.default));
    return `| ${code(name)} | ${cell(fallback)} | ${cell(input.description)} |`;
  });
  return ['| input | default | description |', '| --- | --- | --- |', ...rows].join('\n');
}

export function outputsTable(metadata: ActionMetadata): string {
  const rows = Object.entries(metadata.outputs).map(
    ([name, output]) => `| ${code(name)} | ${cell(output.description)} |`,
  );
  return ['| output | description |', '| --- | --- |', ...rows].join('\n');
}

/** The remote script's own exit codes, from the definitions the script and its parser share. */
export function exitCodesTable(): string {
  const rows = (Object.entries(EXIT) as [ExitName, number][]).map(
    ([name, code]) => `| ${code} | ${cell(EXIT_REASONS[name])} |`,
  );
  return ['| exit code | meaning |', '| --- | --- |', ...rows].join('\n');
}

/** The preflight's refusals, from the texts the action itself uses. */
export function preflightTable(): string {
  const rows = (Object.keys(FIXES) as RefusalReason[]).map(
    (reason) =>
      `| ${cell(REFUSAL_MESSAGES[reason])} | ${cell(REFUSAL_CAUSES[reason])} | ${cell(FIXES[reason])} |`,
  );
  return ['| what you see | why | what to do |', '| --- | --- | --- |', ...rows].join('\n');
}

/** Every exit code of the remote script, for the troubleshooting section. */
export function exitCodeTroubleshooting(): string {
  const rows = (Object.entries(EXIT) as [ExitName, number][]).map(
    ([name, code]) => `| exit ${code} | ${cell(EXIT_REASONS[name])} | ${cell(EXIT_FIXES[name])} |`,
  );
  return ['| exit code | why | what to do |', '| --- | --- | --- |', ...rows].join('\n');
}

function replaceBetween(text: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md lacks the markers ${start} … ${end}`);
  return `${text.slice(0, from + start.length)}\n\n${body}\n\n${text.slice(to)}`;
}

/** The README with its generated parts brought up to date with their sources. */
export function renderReadme(readme: string, sources: ReadmeSources): string {
  const metadata = parse(sources.actionYaml) as ActionMetadata;
  let text = replaceBetween(
    readme,
    'quick-start',
    `\`\`\`yaml\n${sources.quickStart.trimEnd()}\n\`\`\``,
  );
  text = replaceBetween(text, 'inputs', inputsTable(metadata));
  text = replaceBetween(text, 'exit-codes', exitCodesTable());
  text = replaceBetween(text, 'preflight', preflightTable());
  text = replaceBetween(text, 'exit-code-fixes', exitCodeTroubleshooting());
  return replaceBetween(text, 'outputs', outputsTable(metadata));
}

/** The README as it is, and as it should be given its sources in the repository at `root`. */
export async function readmeState(root: string): Promise<{ current: string; expected: string }> {
  const read = (path: string): string => readFileSync(join(root, path), 'utf8');
  const readmePath = join(root, 'README.md');
  const current = read('README.md');
  const rendered = renderReadme(current, {
    actionYaml: read('action.yml'),
    quickStart: read('examples/deploy-on-push.yml'),
  });
  // Formatted as the repository's Prettier would, so `npm run format` never fights the generator.
  const expected = await format(rendered, {
    ...(await resolveConfig(readmePath)),
    filepath: readmePath,
  });
  return { current, expected };
}
