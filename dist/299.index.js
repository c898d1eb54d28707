export const id = 299;
export const ids = [299];
export const modules = {

/***/ 5299:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  CANCEL_TIMEOUT_MS: () => (/* binding */ CANCEL_TIMEOUT_MS),
  DEADLINE_MARGIN_MS: () => (/* binding */ DEADLINE_MARGIN_MS),
  overallStatus: () => (/* binding */ overallStatus),
  prepareDeploy: () => (/* binding */ prepareDeploy),
  runDeploy: () => (/* binding */ runDeploy)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ssm/dist-cjs/index.js
var dist_cjs = __webpack_require__(4736);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-cjs/index.js
var client_s3_dist_cjs = __webpack_require__(3711);
;// CONCATENATED MODULE: ./src/deploy/s3-output.ts
// The whole output of an instance, from the S3 bucket SSM wrote it to (SSM's own API keeps only
// the first 24,000 characters of stdout and 8,000 of stderr).

/** The most of one stream kept for the log; beyond it only the end is kept, where failures show. */
const S3_OUTPUT_MAX_CHARS = 1_000_000;
/**
 * Where SSM puts one stream of an AWS-RunShellScript invocation:
 * `<prefix>/<command id>/<instance id>/awsrunShellScript/0.awsrunShellScript/<stream>`
 * (the plugin's name, then the index and name of its step).
 */
function outputKey(keyPrefix, commandId, instanceId, stream) {
    const prefix = (keyPrefix ?? '').replace(/\/+$/, '');
    const path = `${commandId}/${instanceId}/awsrunShellScript/0.awsrunShellScript/${stream}`;
    return prefix === '' ? path : `${prefix}/${path}`;
}
async function readOutput(s3, bucket, key) {
    try {
        const response = await s3.send(new client_s3_dist_cjs/* GetObjectCommand */.jLs({ Bucket: bucket, Key: key }));
        const text = (await response.Body?.transformToString('utf8')) ?? '';
        return text.length > S3_OUTPUT_MAX_CHARS
            ? { kind: 'found', text: text.slice(text.length - S3_OUTPUT_MAX_CHARS), cut: true }
            : { kind: 'found', text, cut: false };
    }
    catch (error) {
        // SSM writes nothing for a stream that stayed empty.
        if (error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NotFound'))
            return { kind: 'missing' };
        return { kind: 'failed', error };
    }
}

// EXTERNAL MODULE: ./src/deploy/status.ts
var deploy_status = __webpack_require__(8917);
;// CONCATENATED MODULE: ./src/deploy/wait.ts
// The poller: waits until SSM says the command has finished, promptly and with few calls, and
// never longer than its deadline. Pure logic over an injected SSM client, clock and sleep, so
// tests run state sequences, throttling and deadlines instantly.
//
// One instance is polled with GetCommandInvocation (one call answers everything). Several
// instances, or instances chosen by tag, are polled with ListCommands: the command's own status
// and counts are the verdict, because with tag targets SSM resolves the instances
// asynchronously and an invocation list can be empty or partial for a while, so "every
// invocation seen has finished" proves nothing. ListCommandInvocations (pages of 50) is read
// only now and then, to show which instance is where.


const MIN_INTERVAL_MS = 1_500;
/** A finished command is noticed within max(1.5 s, this fraction of the time it has run). */
const INTERVAL_FRACTION = 0.1;
/** How long SSM may take to know a command it has just accepted. */
const NOT_FOUND_WINDOW_MS = 60_000;
const PAGE_SIZE = 50;
/** Per-instance listing during a fleet wait: after a change, but not more often than this… */
const LISTING_MIN_GAP_MS = 15_000;
/** …and at least this often, so an instance stuck in Delayed shows up. */
const LISTING_MAX_GAP_MS = 60_000;
/** Polls failing for this long are mentioned (once per period), though polling goes on. */
const ERROR_NOTE_EVERY_MS = 60_000;
function pollInterval(elapsedMs) {
    return Math.max(MIN_INTERVAL_MS, Math.floor(elapsedMs * INTERVAL_FRACTION));
}
/** Errors that polling again will not cure. */
const FATAL_ERRORS = new Set([
    'AccessDeniedException',
    'UnrecognizedClientException',
    'ExpiredTokenException',
    'InvalidClientTokenId',
    'InvalidSignatureException',
    'ValidationException',
    'CredentialsProviderError',
    'InvalidInstanceId',
]);
/** Errors that mean "SSM does not know this yet" right after SendCommand. */
const NOT_YET_ERRORS = new Set(['InvocationDoesNotExist', 'InvalidCommandId']);
class NotYet extends Error {
    name = 'NotYet';
}
async function waitForCommand(request, deps) {
    return new Poller(request, deps).run();
}
class Poller {
    request;
    deps;
    commandStatus;
    statusDetails;
    counts;
    instances = [];
    invocation;
    calls = 0;
    lastProgressKey = '';
    lastListingAt = Number.NEGATIVE_INFINITY;
    countsAtListing = '';
    failingSince;
    lastErrorNoteAt = Number.NEGATIVE_INFINITY;
    window;
    constructor(request, deps) {
        this.request = request;
        this.deps = deps;
        this.window = request.notFoundWindowMs ?? NOT_FOUND_WINDOW_MS;
    }
    async run() {
        const { deps, request } = this;
        for (;;) {
            if (deps.signal?.aborted)
                return { kind: 'aborted', seen: this.seen() };
            const now = deps.now();
            if (now >= request.deadline)
                return { kind: 'deadline', seen: this.seen() };
            // Nothing has finished the moment it was sent, so the first look comes one interval in.
            await deps.sleep(Math.min(pollInterval(now - request.sentAt), request.deadline - now), deps.signal);
            if (deps.signal?.aborted)
                return { kind: 'aborted', seen: this.seen() };
            let done;
            const alongside = deps.alongside?.();
            try {
                done = await this.poll();
                this.failingSince = undefined;
            }
            catch (error) {
                await alongside;
                if (deps.signal?.aborted)
                    return { kind: 'aborted', seen: this.seen() };
                const verdict = this.judge(error);
                if (verdict !== undefined)
                    return { kind: 'lost', ...verdict, seen: this.seen() };
                continue;
            }
            await alongside;
            if (done)
                return { kind: 'finished', seen: this.seen() };
        }
    }
    /** One round of polling; true when the command has finished. */
    async poll() {
        return this.request.target.kind === 'one'
            ? this.pollOne(this.request.target.instanceId)
            : this.pollFleet();
    }
    async pollOne(instanceId) {
        const invocation = await this.deps.ssm.send(new dist_cjs/* GetCommandInvocationCommand */.ryN({
            CommandId: this.request.commandId,
            InstanceId: instanceId,
        }), this.callOptions());
        this.invocation = invocation;
        this.commandStatus = invocation.Status;
        this.statusDetails = invocation.StatusDetails;
        this.instances = [
            {
                instanceId,
                status: invocation.Status ?? 'Pending',
                statusDetails: invocation.StatusDetails ?? '',
            },
        ];
        this.progress();
        return (0,deploy_status/* isTerminal */.Hd)(invocation.Status, invocation.StatusDetails);
    }
    async pollFleet() {
        const response = await this.deps.ssm.send(new dist_cjs/* ListCommandsCommand */.I$q({ CommandId: this.request.commandId }), this.callOptions());
        const command = response.Commands?.find((c) => c.CommandId === this.request.commandId);
        if (command === undefined)
            throw new NotYet('the command is not listed yet');
        this.commandStatus = command.Status;
        this.statusDetails = command.StatusDetails;
        this.counts = countsOf(command);
        const terminal = (0,deploy_status/* isTerminal */.Hd)(command.Status, command.StatusDetails);
        if (!terminal && this.listingDue())
            await this.listInstances();
        this.progress();
        return terminal;
    }
    listingDue() {
        const now = this.deps.now();
        const sinceListing = now - this.lastListingAt;
        const changed = JSON.stringify(this.counts) !== this.countsAtListing;
        return (changed && sinceListing >= LISTING_MIN_GAP_MS) || sinceListing >= LISTING_MAX_GAP_MS;
    }
    /** Best effort: a failure here leaves the previous listing, and the verdict never depends on it. */
    async listInstances() {
        this.lastListingAt = this.deps.now();
        this.countsAtListing = JSON.stringify(this.counts);
        const instances = [];
        let token;
        try {
            do {
                const page = await this.deps.ssm.send(new dist_cjs/* ListCommandInvocationsCommand */.mdT({
                    CommandId: this.request.commandId,
                    MaxResults: PAGE_SIZE,
                    ...(token === undefined ? {} : { NextToken: token }),
                }), this.callOptions());
                for (const invocation of page.CommandInvocations ?? [])
                    if (invocation.InstanceId !== undefined)
                        instances.push({
                            instanceId: invocation.InstanceId,
                            status: invocation.Status ?? 'Pending',
                            statusDetails: invocation.StatusDetails ?? '',
                        });
                token = page.NextToken;
            } while (token !== undefined && token !== '');
            this.instances = instances;
        }
        catch (error) {
            if (this.deps.signal?.aborted)
                throw error;
        }
    }
    /** Options for one SSM call, counted. */
    callOptions() {
        this.calls++;
        return this.deps.signal === undefined ? {} : { abortSignal: this.deps.signal };
    }
    /** Undefined: poll again. Otherwise why the wait cannot go on. */
    judge(error) {
        const now = this.deps.now();
        const name = error instanceof Error ? error.name : '';
        const elapsed = now - this.request.sentAt;
        if (error instanceof NotYet || NOT_YET_ERRORS.has(name)) {
            if (elapsed < this.window)
                return undefined;
            return {
                reason: `SSM still had no record of command ${this.request.commandId}${this.request.target.kind === 'one' ? ` on ${this.request.target.instanceId}` : ''} ${Math.round(elapsed / 1000)} s after accepting it`,
                error,
            };
        }
        if (FATAL_ERRORS.has(name))
            return { reason: `polling SSM failed: ${(0,deploy_status/* describeError */.Uc)(error)}`, error };
        // Throttling, a network failure or a server error: the command runs on regardless, so keep
        // polling until the deadline, and say so now and then.
        this.failingSince ??= now;
        if (now - this.failingSince >= ERROR_NOTE_EVERY_MS &&
            now - this.lastErrorNoteAt >= ERROR_NOTE_EVERY_MS) {
            this.lastErrorNoteAt = now;
            this.deps.onNote?.(`SSM has not answered for ${Math.round((now - this.failingSince) / 1000)} s (${(0,deploy_status/* describeError */.Uc)(error)}); still trying until the deadline.`);
        }
        return undefined;
    }
    progress() {
        const key = JSON.stringify([this.commandStatus, this.counts, (0,deploy_status/* tally */.N4)(this.instances)]);
        if (key === this.lastProgressKey)
            return;
        this.lastProgressKey = key;
        this.deps.onProgress?.({
            elapsedMs: this.deps.now() - this.request.sentAt,
            commandStatus: this.commandStatus,
            counts: this.counts,
            instances: this.instances,
        });
    }
    seen() {
        return {
            commandStatus: this.commandStatus,
            statusDetails: this.statusDetails,
            counts: this.counts,
            instances: this.instances,
            invocation: this.invocation,
            calls: this.calls,
        };
    }
}
function countsOf(command) {
    return {
        target: command.TargetCount ?? 0,
        completed: command.CompletedCount ?? 0,
        errors: command.ErrorCount ?? 0,
        deliveryTimedOut: command.DeliveryTimedOutCount ?? 0,
    };
}

;// CONCATENATED MODULE: ./src/deploy/collect.ts
// After the wait: every instance's final status, exit code, times and output, with as few calls
// as that takes. A fleet is listed a page (50 instances) per call with the 2,500-character output
// summary; GetCommandInvocation (24,000 characters of stdout, 8,000 of stderr) is asked only where
// the summary is not enough: always for an instance that failed, and for a small deploy whose
// summary was cut. When the output went to S3 and SSM cut it, the whole of it comes from there.




/** SSM keeps the first this-many characters of each stream in GetCommandInvocation. */
const SSM_STDOUT_LIMIT = 24_000;
const SSM_STDERR_LIMIT = 8_000;
/** A successful deploy to at most this many instances shows each one's output in full. */
const FULL_OUTPUT_INSTANCES = 10;
/** How the agent joins stdout and stderr in the summary, and marks a stream it cut. */
const SUMMARY_STDERR_SEPARATOR = '\n----------ERROR-------\n';
const CUT_SUFFIXES = ['---Output truncated---', '---Error truncated----'];
/** Tag targets: how often to list again while SSM has listed fewer instances than it counted. */
const RELIST_ATTEMPTS = 3;
const RELIST_DELAY_MS = 2_000;
async function collectRuns(request, seen, deps) {
    const notes = [];
    let runs;
    if (request.target.kind === 'one') {
        const { instanceId } = request.target;
        const invocation = request.refresh || seen.invocation === undefined
            ? await getInvocation(deps.ssm, request.commandId, instanceId, notes)
            : seen.invocation;
        runs = [
            invocation === undefined
                ? notRun(instanceId, seen.instances[0]?.status ?? 'Pending')
                : fromInvocation(instanceId, invocation),
        ];
    }
    else {
        runs = await listRuns(request, seen, deps, notes);
        runs = await fillOutputs(request.commandId, runs, deps.ssm, notes);
    }
    if (request.outputS3 !== undefined)
        runs = await fromS3(request.commandId, request.outputS3, runs, deps.s3, notes);
    return { runs, notes };
}
async function getInvocation(ssm, commandId, instanceId, notes) {
    try {
        return await ssm.send(new dist_cjs/* GetCommandInvocationCommand */.ryN({ CommandId: commandId, InstanceId: instanceId }));
    }
    catch (error) {
        notes.push(`Could not read the result on ${instanceId}: ${(0,deploy_status/* describeError */.Uc)(error)}`);
        return undefined;
    }
}
function fromInvocation(instanceId, invocation) {
    const stdout = invocation.StandardOutputContent ?? '';
    const stderr = invocation.StandardErrorContent ?? '';
    const cut = isCut(stdout, SSM_STDOUT_LIMIT) || isCut(stderr, SSM_STDERR_LIMIT);
    return {
        instanceId,
        status: invocation.Status ?? 'Pending',
        statusDetails: invocation.StatusDetails ?? '',
        responseCode: invocation.ResponseCode,
        startedAt: parseTime(invocation.ExecutionStartDateTime),
        endedAt: parseTime(invocation.ExecutionEndDateTime),
        stdout,
        stderr,
        source: stdout === '' && stderr === '' ? 'none' : cut ? 'cut' : 'complete',
    };
}
function notRun(instanceId, status, statusDetails = '') {
    return {
        instanceId,
        status,
        statusDetails,
        responseCode: undefined,
        startedAt: undefined,
        endedAt: undefined,
        stdout: '',
        stderr: '',
        source: 'none',
    };
}
async function listRuns(request, seen, deps, notes) {
    const expectedIds = request.target.kind === 'fleet' ? request.target.instanceIds : undefined;
    const expected = expectedIds?.length ?? seen.counts?.target ?? 0;
    let listed = [];
    for (let attempt = 1;; attempt++) {
        try {
            listed = await listAll(deps.ssm, request.commandId);
        }
        catch (error) {
            notes.push(`Could not list the instances of the command: ${(0,deploy_status/* describeError */.Uc)(error)}`);
        }
        if (listed.length >= expected || attempt >= RELIST_ATTEMPTS)
            break;
        await deps.sleep(RELIST_DELAY_MS);
    }
    const runs = listed.filter((i) => i.InstanceId !== undefined).map(fromListed);
    if (expectedIds !== undefined) {
        // Every instance asked for gets a line, even one SSM never listed.
        for (const id of expectedIds)
            if (!runs.some((run) => run.instanceId === id)) {
                const status = seen.instances.find((i) => i.instanceId === id);
                runs.push(notRun(id, status?.status ?? 'Undeliverable', status?.statusDetails ?? 'Undeliverable'));
                notes.push(`SSM listed no invocation on ${id}.`);
            }
    }
    else if (runs.length < expected) {
        notes.push(`SSM counted ${expected} instances for this command but listed ${runs.length}.`);
    }
    return runs.sort((a, b) => a.instanceId.localeCompare(b.instanceId));
}
async function listAll(ssm, commandId) {
    const all = [];
    let token;
    do {
        const page = await ssm.send(new dist_cjs/* ListCommandInvocationsCommand */.mdT({
            CommandId: commandId,
            Details: true,
            MaxResults: PAGE_SIZE,
            ...(token === undefined ? {} : { NextToken: token }),
        }));
        all.push(...(page.CommandInvocations ?? []));
        token = page.NextToken;
    } while (token !== undefined && token !== '');
    return all;
}
function fromListed(invocation) {
    const plugin = invocation.CommandPlugins?.[0];
    const { stdout, stderr } = splitSummary(plugin?.Output ?? '');
    return {
        instanceId: invocation.InstanceId ?? '',
        status: invocation.Status ?? 'Pending',
        statusDetails: invocation.StatusDetails ?? '',
        responseCode: plugin?.ResponseCode,
        startedAt: plugin?.ResponseStartDateTime?.getTime(),
        endedAt: plugin?.ResponseFinishDateTime?.getTime(),
        stdout,
        stderr,
        // A summary the agent did not cut is the whole output.
        source: stdout === '' && stderr === ''
            ? 'none'
            : isSummaryCut(stdout, stderr)
                ? 'summary'
                : 'complete',
    };
}
/** The summary is stdout, then the separator and stderr when there was any. */
function splitSummary(output) {
    const at = output.indexOf(SUMMARY_STDERR_SEPARATOR);
    if (at < 0)
        return { stdout: output, stderr: '' };
    return {
        stdout: output.slice(0, at),
        stderr: output.slice(at + SUMMARY_STDERR_SEPARATOR.length),
    };
}
async function fillOutputs(commandId, runs, ssm, notes) {
    const small = runs.length <= FULL_OUTPUT_INSTANCES;
    const filled = [];
    for (const run of runs) {
        const needed = run.status === 'Success' ? small && run.source === 'summary' : !neverRan(run);
        const invocation = needed
            ? await getInvocation(ssm, commandId, run.instanceId, notes)
            : undefined;
        filled.push(invocation === undefined
            ? run
            : {
                ...fromInvocation(run.instanceId, invocation),
                startedAt: run.startedAt ?? parseTime(invocation.ExecutionStartDateTime),
                endedAt: run.endedAt ?? parseTime(invocation.ExecutionEndDateTime),
            });
    }
    return filled;
}
/** SSM has no output for an invocation that was never delivered or never started. */
function neverRan(run) {
    return (run.responseCode === -1 ||
        ['Undeliverable', 'DeliveryTimedOut', 'Terminated'].includes(run.statusDetails.replaceAll(' ', '')));
}
function isSummaryCut(stdout, stderr) {
    return CUT_SUFFIXES.some((suffix) => stdout.endsWith(suffix) || stderr.endsWith(suffix));
}
function isCut(text, limit) {
    return text.length >= limit || CUT_SUFFIXES.some((suffix) => text.endsWith(suffix));
}
async function fromS3(commandId, bucket, runs, s3, notes) {
    const small = runs.length <= FULL_OUTPUT_INSTANCES;
    const result = [];
    for (const run of runs) {
        const wanted = (run.source === 'cut' || run.source === 'summary') && (run.status !== 'Success' || small);
        if (!wanted) {
            result.push(run);
            continue;
        }
        const read = async (stream) => {
            const key = outputKey(bucket.keyPrefix, commandId, run.instanceId, stream);
            const answer = await readOutput(s3(), bucket.bucket, key);
            if (answer.kind === 'found') {
                if (answer.cut)
                    notes.push(`The ${stream} of ${run.instanceId} is long; the log shows its end.`);
                return answer.text;
            }
            if (answer.kind === 'failed')
                notes.push(`Could not read the ${stream} of ${run.instanceId} from s3://${bucket.bucket}/${key}: ${(0,deploy_status/* describeError */.Uc)(answer.error)}`);
            // SSM writes no object for a stream that stayed empty; what SSM returned stands.
            return undefined;
        };
        const stdout = await read('stdout');
        const stderr = await read('stderr');
        result.push(stdout === undefined && stderr === undefined
            ? run
            : { ...run, stdout: stdout ?? run.stdout, stderr: stderr ?? run.stderr, source: 's3' });
    }
    return result;
}
function parseTime(value) {
    if (value === undefined || value === '')
        return undefined;
    const time = Date.parse(value);
    return Number.isNaN(time) ? undefined : time;
}

// EXTERNAL MODULE: ./src/deploy/timeouts.ts
var timeouts = __webpack_require__(6515);
// EXTERNAL MODULE: ./src/deploy/script.ts + 1 modules
var deploy_script = __webpack_require__(2438);
;// CONCATENATED MODULE: ./src/deploy/command.ts
// SendCommand and CancelCommand: what the command looks like (targets, timeouts, rate control,
// output options) and the two calls that start and stop it.



// The limit lives with the script, so that the input parser can check it without loading the SDK.

const DOCUMENT_NAME = 'AWS-RunShellScript';
function buildSendCommandInput(deploy, script) {
    const targets = deploy.targets.kind === 'instances'
        ? { InstanceIds: [...deploy.targets.instanceIds] }
        : {
            Targets: deploy.targets.tags.map((tag) => ({
                Key: `tag:${tag.key}`,
                Values: [...tag.values],
            })),
        };
    const output = deploy.outputS3 === undefined
        ? {}
        : {
            OutputS3BucketName: deploy.outputS3.bucket,
            ...(deploy.outputS3.keyPrefix === undefined
                ? {}
                : { OutputS3KeyPrefix: deploy.outputS3.keyPrefix }),
        };
    return {
        DocumentName: DOCUMENT_NAME,
        ...targets,
        Parameters: { commands: [script], executionTimeout: [String(deploy.timeoutSeconds)] },
        TimeoutSeconds: (0,timeouts/* deliveryTimeoutSeconds */.bL)(deploy),
        MaxConcurrency: deploy.maxConcurrency,
        MaxErrors: deploy.maxErrors,
        ...(deploy.comment === '' ? {} : { Comment: deploy.comment }),
        ...output,
        ...(deploy.cloudWatchLogGroup === undefined
            ? {}
            : {
                CloudWatchOutputConfig: {
                    CloudWatchLogGroupName: deploy.cloudWatchLogGroup,
                    CloudWatchOutputEnabled: true,
                },
            }),
    };
}
/** What to check when SSM refuses the command, by exception name. */
const SEND_HINTS = {
    InvalidInstanceId: 'SSM does not see these instances as managed instances that are running: check the ids and aws-region, and that each instance runs the SSM agent with an instance role that allows it (Fleet Manager lists the managed ones).',
    InvalidTarget: 'SSM refused the tag targets: check that each line of targets is tag:KEY=VALUE with the tag as it is on the instances.',
    InvalidOutputFolder: 'SSM cannot use output-s3-bucket / output-s3-key-prefix as given.',
    MaxDocumentSizeExceeded: 'The command is over 64 KB: the env input makes up most of it; pass large values another way.',
    InvalidParameters: 'SSM refused the parameters of AWS-RunShellScript (the script or timeout-seconds).',
};
async function sendCommand(ssm, input) {
    let response;
    try {
        response = await ssm.send(new dist_cjs/* SendCommandCommand */.VWR(input));
    }
    catch (error) {
        const hint = error instanceof Error ? SEND_HINTS[error.name] : undefined;
        if (hint === undefined || !(error instanceof Error))
            throw error;
        throw new errors/* ActionError */.lZ(`SSM refused the command: ${error.name}: ${error.message}`, {
            hint,
            cause: error,
        });
    }
    const commandId = response.Command?.CommandId;
    if (commandId === undefined || commandId === '')
        throw new Error('SSM accepted the command but returned no command id');
    return { commandId, expiresAt: response.Command?.ExpiresAfter?.getTime() };
}
/**
 * Asks SSM to cancel the command on every instance where it has not finished. SSM accepts this
 * for a command that has already finished, so "requested" says nothing about what was running.
 */
async function cancelCommand(ssm, commandId, signal) {
    try {
        await ssm.send(new dist_cjs/* CancelCommandCommand */.tal({ CommandId: commandId }), signal === undefined ? {} : { abortSignal: signal });
        return { kind: 'requested' };
    }
    catch (error) {
        if (error instanceof Error && error.name === 'InvalidCommandId')
            return { kind: 'unknown-command' };
        return { kind: 'failed', error };
    }
}

// EXTERNAL MODULE: ./src/deploy/protocol.ts
var protocol = __webpack_require__(531);
;// CONCATENATED MODULE: ./src/deploy/follow.ts
// The command's output shown while the wait goes on: one CloudWatch Logs query beside each poll,
// the script's marker lines left out (they are read at the end). Following is a convenience, so
// its first failure ends it with a note; the whole output is still shown when the deploy ends.


function followOutput(follower, nonce, events, signal) {
    const prefix = (0,protocol/* markerPrefix */.X4)(nonce);
    let stopped = false;
    return {
        calls: () => follower.calls,
        async alongside() {
            if (stopped)
                return;
            try {
                const lines = (await follower.poll(signal)).filter((line) => !line.message.startsWith(prefix));
                if (lines.length > 0)
                    events.onOutput?.(lines);
            }
            catch (error) {
                stopped = true;
                if (!signal.aborted)
                    events.onNote?.(`Following the output in CloudWatch Logs failed (${(0,deploy_status/* describeError */.Uc)(error)}); it is shown when the deploy ends.`);
            }
        },
    };
}

;// CONCATENATED MODULE: ./src/deploy/guard.ts
// SSM keeps a command's parameters in plain text in its command history, readable by anyone who
// may list commands. No secret read by this step may travel in one: this check runs before the
// script is even built. Messages name the input or env key, never the value.
/**
 * A secret this long found inside a longer value is taken to be that secret (a database URL with
 * the password in it, say). Shorter values are only refused when equal: a four-character secret
 * such as a port number would otherwise refuse every value that happens to contain it.
 */
const CONTAINED_SECRET_MIN_LENGTH = 8;
/** Every place a secret value would reach the SSM command, one message each. */
function secretsInCommand(deploy, secretValues) {
    const secrets = [...secretValues].filter((value) => value !== '');
    if (secrets.length === 0)
        return [];
    const leaks = (value) => {
        if (secrets.includes(value))
            return 'equals';
        return secrets.some((secret) => secret.length >= CONTAINED_SECRET_MIN_LENGTH && value.includes(secret))
            ? 'contains'
            : undefined;
    };
    const problems = [];
    for (const { name, value } of deploy.env) {
        const how = leaks(value);
        if (how !== undefined)
            problems.push(`Input "env": the value of ${name} ${how === 'equals' ? 'is' : 'contains'} a secret read by this step. SSM stores command parameters in plain text, so it is refused.`);
    }
    const fields = [
        ['working-directory', deploy.workingDirectory],
        ['ref', deploy.ref.kind === 'name' ? deploy.ref.name : undefined],
        ['deploy-script', deploy.deployScript],
        ['run-as', deploy.runAs],
        ['comment', deploy.comment],
        ['output-s3-key-prefix', deploy.outputS3?.keyPrefix],
    ];
    for (const [input, value] of fields)
        if (value !== undefined && leaks(value) !== undefined)
            problems.push(`Input "${input}" contains a secret read by this step. SSM stores command parameters in plain text, so it is refused.`);
    return problems;
}

// EXTERNAL MODULE: ./src/deploy/result.ts
var result = __webpack_require__(4730);
;// CONCATENATED MODULE: ./src/deploy/deploy.ts
// Phase 3 from start to verdict: check that no secret would travel in the command, build the
// script, send it, wait, cancel when the wait must end early, collect every instance's result
// and decide the overall status. Plain data in and out; what the user sees is report.ts's job.










/** Added to SSM's own total timeout before the wait gives up on its own. */
const DEADLINE_MARGIN_MS = 120_000;
/** A cancel that takes longer than this is abandoned: the runner kills the step soon after. */
const CANCEL_TIMEOUT_MS = 5_000;
/** Builds everything that would be sent; throws when it must not or cannot be. */
function prepareDeploy(request, nonce) {
    const leaks = secretsInCommand(request.deploy, request.secretValues);
    if (leaks.length > 0)
        throw new errors/* ActionError */.lZ(leaks.join('\n'), {
            hint: 'Let deploy-script read the secret on the instance instead (from Secrets Manager or Parameter Store, with the instance role).',
        });
    const script = (0,deploy_script/* buildScript */.AJ)({ ...request.deploy, nonce });
    const jsonBytes = (0,deploy_script/* scriptJsonBytes */.f)(script);
    if (jsonBytes > deploy_script/* MAX_SCRIPT_JSON_BYTES */.kj)
        throw new errors/* ActionError */.lZ(`The deploy script would be ${jsonBytes} bytes, over the ${deploy_script/* MAX_SCRIPT_JSON_BYTES */.kj} that fit in one SSM command (SSM allows 64 KB for a command's document and parameters).`, { hint: 'The env input makes up most of it: pass large values another way.' });
    return {
        script,
        scriptBytes: Buffer.byteLength(script, 'utf8'),
        scriptJsonBytes: jsonBytes,
        input: buildSendCommandInput(request.deploy, script),
        nonce,
        waves: (0,timeouts/* waves */.Lp)(request.deploy),
        deliveryTimeoutSeconds: (0,timeouts/* deliveryTimeoutSeconds */.bL)(request.deploy),
    };
}
async function runDeploy(request, deps) {
    const prepared = prepareDeploy(request, deps.nonce());
    if (request.dryRun)
        return { kind: 'dry-run', prepared };
    if (deps.signal.aborted)
        throw new errors/* ActionError */.lZ('The workflow was cancelled before the command was sent; nothing was deployed.');
    await deps.beforeSend?.();
    const sent = await sendCommand(deps.ssm, prepared.input);
    const sentAt = deps.now();
    deps.events?.onSent?.(sent.commandId);
    if (!request.deploy.wait)
        return { kind: 'sent', prepared, commandId: sent.commandId };
    const { deploy } = request;
    const ssmTotalMs = (prepared.deliveryTimeoutSeconds + deploy.timeoutSeconds) * 1000;
    const deadline = Math.max(sentAt + ssmTotalMs, sent.expiresAt ?? 0) + DEADLINE_MARGIN_MS;
    const target = deploy.targets.kind === 'instances' && deploy.targets.instanceIds.length === 1
        ? { kind: 'one', instanceId: deploy.targets.instanceIds[0] ?? '' }
        : { kind: 'fleet' };
    const following = deps.followOutput === undefined
        ? undefined
        : followOutput(deps.followOutput(sent.commandId), prepared.nonce, deps.events ?? {}, deps.signal);
    const outcome = await waitForCommand({ commandId: sent.commandId, target, sentAt, deadline }, {
        ssm: deps.ssm,
        now: deps.now,
        sleep: deps.sleep,
        signal: deps.signal,
        onProgress: deps.events?.onProgress,
        onNote: deps.events?.onNote,
        alongside: following?.alongside,
    });
    const ending = endingOf(outcome, Math.round((deadline - sentAt) / 1000));
    const cancel = ending.kind === 'finished'
        ? undefined
        : await cancelCommand(deps.ssm, sent.commandId, AbortSignal.timeout(CANCEL_TIMEOUT_MS));
    // After a cancel by the workflow there is no time to wait for SSM: report what the wait saw.
    const collected = ending.kind === 'workflow-cancelled'
        ? { runs: seenRuns(outcome.seen, deploy), notes: [] }
        : await collectRuns({
            commandId: sent.commandId,
            target: target.kind === 'one'
                ? target
                : {
                    kind: 'fleet',
                    instanceIds: deploy.targets.kind === 'instances' ? deploy.targets.instanceIds : undefined,
                },
            outputS3: deploy.outputS3,
            refresh: ending.kind !== 'finished',
        }, outcome.seen, { ssm: deps.ssm, s3: deps.s3, sleep: deps.sleep });
    const instances = collected.runs.map((run) => {
        const result = toResult(run, deploy, prepared.nonce);
        // An instance the wait last saw unfinished failed for no reason of its own (SSM reports
        // ResponseCode -1 while a command runs, which would read as "never started").
        return ending.kind === 'workflow-cancelled' && !(0,deploy_status/* isTerminal */.Hd)(run.status, run.statusDetails)
            ? { ...result, reason: cancelledWhile(run.instanceId, outcome.seen) }
            : result;
    });
    const problems = [];
    if (ending.kind === 'lost')
        problems.push(ending.reason);
    if (ending.kind === 'finished' && instances.length === 0)
        problems.push(deploy.targets.kind === 'tags'
            ? 'No instance matched the targets, so nothing was deployed.'
            : 'SSM reported no instance for the command, so nothing was deployed.');
    return {
        kind: 'done',
        prepared,
        report: {
            commandId: sent.commandId,
            nonce: prepared.nonce,
            region: request.region,
            consoleUrl: (0,deploy_status/* consoleUrl */.B9)(request.region, sent.commandId),
            status: overallStatus(ending, instances),
            ending,
            cancel,
            instances,
            deployedSha: commonSha(instances),
            problems,
            notes: collected.notes,
            pollCalls: outcome.seen.calls,
            outputCalls: following?.calls() ?? 0,
        },
    };
}
function endingOf(outcome, deadlineSeconds) {
    switch (outcome.kind) {
        case 'finished':
            return { kind: 'finished', commandStatus: outcome.seen.commandStatus ?? 'Success' };
        case 'deadline':
            return { kind: 'deadline', deadlineSeconds };
        case 'aborted':
            return { kind: 'workflow-cancelled' };
        case 'lost':
            return { kind: 'lost', reason: outcome.reason };
    }
}
/** What the wait saw, as results, when there is no time to ask SSM again. */
function seenRuns(seen, deploy) {
    const ids = deploy.targets.kind === 'instances'
        ? deploy.targets.instanceIds
        : seen.instances.map((i) => i.instanceId);
    return ids.map((instanceId) => {
        const status = seen.instances.find((i) => i.instanceId === instanceId);
        const invocation = seen.invocation?.InstanceId === instanceId ? seen.invocation : undefined;
        return {
            instanceId,
            status: status?.status ?? 'Pending',
            statusDetails: status?.statusDetails ?? '',
            responseCode: invocation?.ResponseCode,
            startedAt: undefined,
            endedAt: undefined,
            stdout: invocation?.StandardOutputContent ?? '',
            stderr: invocation?.StandardErrorContent ?? '',
            source: invocation === undefined ? 'none' : 'cut',
        };
    });
}
function cancelledWhile(instanceId, seen) {
    const last = seen.instances.find((i) => i.instanceId === instanceId);
    return last === undefined
        ? 'the workflow was cancelled before SSM reported on this instance'
        : `the workflow was cancelled while this instance was ${last.status}`;
}
function toResult(run, deploy, nonce) {
    const markers = (0,result/* parseMarkers */.FT)(`${run.stdout}\n${run.stderr}`, nonce);
    const meaning = (0,result/* interpret */.U4)({ status: run.status, statusDetails: run.statusDetails, responseCode: run.responseCode }, markers, deploy);
    return {
        instanceId: run.instanceId,
        status: run.status,
        statusDetails: run.statusDetails,
        responseCode: run.responseCode ?? null,
        durationMs: run.startedAt !== undefined && run.endedAt !== undefined && run.endedAt >= run.startedAt
            ? run.endedAt - run.startedAt
            : null,
        previousSha: meaning.previousSha,
        deployedSha: meaning.deployedSha,
        rolledBack: meaning.rolledBack,
        success: meaning.success,
        reason: meaning.reason,
        stdout: run.stdout,
        stderr: run.stderr,
        source: run.source,
        stdoutTail: (0,result/* tail */.RT)(run.stdout, nonce),
        stderrTail: (0,result/* tail */.RT)(run.stderr, nonce),
    };
}
/** Success only when the command finished, every instance succeeded, and there was one at least. */
function overallStatus(ending, instances) {
    switch (ending.kind) {
        case 'workflow-cancelled':
            return 'Cancelled';
        case 'deadline':
            return 'TimedOut';
        case 'lost':
            return 'Failed';
        case 'finished':
            if (ending.commandStatus === 'Cancelled' || ending.commandStatus === 'Cancelling')
                return 'Cancelled';
            if (ending.commandStatus === 'TimedOut')
                return 'TimedOut';
            if (ending.commandStatus === 'Success' &&
                instances.length > 0 &&
                instances.every((instance) => instance.success))
                return 'Success';
            return 'Failed';
    }
}
function commonSha(instances) {
    const shas = new Set(instances.filter((i) => i.success).map((i) => i.deployedSha));
    const [only] = shas;
    return shas.size === 1 && typeof only === 'string' ? only : '';
}


/***/ })

};

//# sourceMappingURL=299.index.js.map