export const id = 869;
export const ids = [869];
export const modules = {

/***/ 7869:
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
            try {
                done = await this.poll();
                this.failingSince = undefined;
            }
            catch (error) {
                if (deps.signal?.aborted)
                    return { kind: 'aborted', seen: this.seen() };
                const verdict = this.judge(error);
                if (verdict !== undefined)
                    return { kind: 'lost', ...verdict, seen: this.seen() };
                continue;
            }
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
        source: stdout === '' && stderr === '' ? 'none' : 'summary',
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
        const needed = run.status === 'Success' ? small && isSummaryCut(run) : !neverRan(run);
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
        ['Undeliverable', 'Delivery Timed Out', 'Terminated'].includes(run.statusDetails));
}
function isSummaryCut(run) {
    return CUT_SUFFIXES.some((suffix) => run.stdout.endsWith(suffix) || run.stderr.endsWith(suffix));
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
;// CONCATENATED MODULE: ./src/deploy/command.ts
// SendCommand and CancelCommand: what the command looks like (targets, timeouts, rate control,
// output options) and the two calls that start and stop it.



const DOCUMENT_NAME = 'AWS-RunShellScript';
/**
 * SSM refuses a command whose document and parameters exceed 64 KB. AWS-RunShellScript itself is
 * about 1 KB, and the script travels JSON-encoded; what is left is kept well clear of the limit.
 */
const MAX_SCRIPT_JSON_BYTES = 60_000;
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
    };
}
/** The script's size as SSM counts it: JSON-encoded UTF-8. */
function scriptJsonBytes(script) {
    return Buffer.byteLength(JSON.stringify(script), 'utf8');
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
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/deploy/protocol.ts
var protocol = __webpack_require__(531);
;// CONCATENATED MODULE: ./src/deploy/quote.ts
// The one way a value reaches the remote bash script: as a single-quoted word. Inside single
// quotes bash interprets nothing at all, so the only character that needs care is the single
// quote itself, which ends the quoting, is emitted escaped, and starts a new quoted run.
// With the `u` flag a well-formed surrogate pair is one code point, so only a lone half matches.
const LONE_SURROGATE = /\p{Cs}/u;
/** A value bash cannot receive byte for byte. */
class UnquotableError extends Error {
    name = 'UnquotableError';
}
/**
 * Quotes `value` as one bash word that expands to exactly `value`, whatever it contains (quotes,
 * `$()`, backticks, newlines, globs, `~`, leading dashes, non-ASCII). Refuses a NUL character
 * (a C string cannot hold one) and lone UTF-16 surrogates (they have no UTF-8 encoding, so the
 * bytes bash would see could not be the value).
 */
function shellQuote(value) {
    if (value.includes('\0'))
        throw new UnquotableError('a NUL character cannot be passed to bash');
    if (LONE_SURROGATE.test(value))
        throw new UnquotableError('the value is not valid Unicode (it has a lone surrogate)');
    return `'${value.replaceAll("'", `'\\''`)}'`;
}

;// CONCATENATED MODULE: ./src/deploy/script.ts
// The remote script sent as the `commands` of AWS-RunShellScript. Pure: the same options always
// give the same text. Every value from the workflow appears once, single-quoted by `shellQuote`,
// in the assignments at the top; the body below them is constant apart from numbers and the
// marker nonce, so no value can ever become code.
//
// What the script guarantees, in order: a sane environment of its own (SSM runs it as root in a
// non-login shell with HOME unset); the working directory exists; one deploy at a time per
// checkout (flock); git and deploy-script run as `run-as` with that user's HOME and a login-like
// PATH; tracked files changed on the instance stop the deploy; the checkout ends at exactly the
// commit `ref` names, verified; deploy-script runs with the `env` values; on failure, optionally,
// a rollback to the commit it had. Marker lines for the parser are printed before deploy-script
// writes anything, because SSM keeps only the first 24,000 characters of stdout (and the first
// 8,000 of stderr); what is known only afterwards is printed to both streams, and the exit code
// (never truncated) carries the outcome on its own.



/** Tracked files listed when the deploy stops because of them; the rest are counted. */
const MODIFIED_FILES_SHOWN = 20;
/**
 * How long a deploy waits for the lock: the execution timeout less a reserve, so a lock that is
 * never released ends as a clear "lock timeout" rather than an anonymous execution time-out.
 */
function lockWaitSeconds(timeoutSeconds) {
    const reserve = Math.min(60, Math.ceil(timeoutSeconds / 10));
    return Math.max(1, timeoutSeconds - reserve);
}
/**
 * deploy-script as the script runs it: a relative path is made explicit (`deploy.sh` becomes
 * `./deploy.sh`) so that it is never looked up on PATH.
 */
function scriptPath(deployScript) {
    if (deployScript.startsWith('/') ||
        deployScript.startsWith('./') ||
        deployScript.startsWith('../'))
        return deployScript;
    return `./${deployScript}`;
}
/** Names the lock file in /run/lock when the checkout has no `.git` directory to hold it. */
function lockKey(workingDirectory) {
    return (0,external_node_crypto_.createHash)('sha256').update(workingDirectory).digest('hex').slice(0, 16);
}
function buildScript(options) {
    if (!protocol/* NONCE */.au.test(options.nonce))
        throw new Error(`invalid marker nonce ${options.nonce}`);
    const q = shellQuote;
    const env = options.env.map(({ name, value }) => q(`${name}=${value}`));
    const values = [
        `wd=${q(options.workingDirectory)}`,
        `ref=${q(options.ref.kind === 'sha' ? options.ref.sha : options.ref.name)}`,
        `ref_kind=${options.ref.kind}`,
        `script=${q(scriptPath(options.deployScript))}`,
        `run_as=${q(options.runAs ?? '')}`,
        `git_pull=${options.gitPull ? 1 : 0}`,
        `rollback=${options.rollbackOnFailure ? 1 : 0}`,
        `lock_wait=${lockWaitSeconds(options.timeoutSeconds)}`,
        `lock_key=${lockKey(options.workingDirectory)}`,
        env.length === 0 ? 'deploy_env=()' : `deploy_env=(\n  ${env.join('\n  ')}\n)`,
    ];
    return `${header()}\n# The values of this deploy.\n${values.join('\n')}\n${body(options.nonce)}`;
}
function header() {
    const x = protocol/* EXIT */.dc;
    return `#!/bin/bash
# ssm-deploy: bring the git checkout in $wd to exactly one commit and run its deploy script.
# Exit codes: 0 success; ${protocol/* RESERVED_EXIT_CODES */.BP.min}-${protocol/* RESERVED_EXIT_CODES */.BP.max} are this script's own; any other is deploy-script's.
#   ${x.scriptReservedCode} deploy-script exited with a code in ${protocol/* RESERVED_EXIT_CODES */.BP.min}-${protocol/* RESERVED_EXIT_CODES */.BP.max}  ${x.workingDirectoryMissing} working-directory missing
#   ${x.notACheckout} not a git checkout    ${x.deployScriptMissing} deploy-script missing or not executable
#   ${x.trackedFilesModified} tracked files modified ${x.lockTimeout} lock timeout    ${x.refNotFound} ref not found on origin
#   ${x.checkoutFailed} checkout failed       ${x.runAsMissing} run-as user missing  ${x.fetchFailed} git fetch failed
#   ${x.rolledBack} rolled back           ${x.rollbackFailed} rollback failed    ${x.programMissing} program missing (git, flock)
#   ${x.deployScriptKilled} deploy-script killed  ${x.internalError} unexpected failure of this script
# Lines "[ssm-deploy:<nonce>] key=value" are read back by the action.
[ -n "\${BASH_VERSION:-}" ] || exec /bin/bash "$0" "$@"
set -Eeuo pipefail
umask 022
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C
unset CDPATH ENV BASH_ENV GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_CONFIG_PARAMETERS`;
}
function body(nonce) {
    const x = protocol/* EXIT */.dc;
    return `
mark() { printf '[ssm-deploy:${nonce}] %s=%s\\n' "$1" "$2"; }
mark2() { mark "$1" "$2"; mark "$1" "$2" >&2; }
say() { printf 'ssm-deploy: %s\\n' "$*"; }
warn() { printf 'ssm-deploy: %s\\n' "$*" >&2; }
finish() { mark2 exit "$1"; exit "$1"; }
die() { local code=$1; shift; warn "$*"; finish "$code"; }
trap 'rc=$?; trap - ERR; warn "unexpected failure (exit $rc) at line $LINENO: $BASH_COMMAND"; finish ${x.internalError}' ERR

[ -d "$wd" ] || die ${x.workingDirectoryMissing} "working-directory $wd does not exist on this instance (or is not a directory)"
cd -- "$wd"
for tool in flock stat id env; do
  command -v "$tool" >/dev/null 2>&1 || die ${x.programMissing} "$tool is not installed on this instance"
done
if [ "$git_pull" = 1 ] && ! command -v git >/dev/null 2>&1; then
  die ${x.programMissing} "git is not installed on this instance"
fi

# One deploy at a time per checkout. Every command below runs with fd 9 closed (9>&-), so a
# process deploy-script leaves running cannot hold the lock after this script ends.
if [ -d "$wd/.git" ]; then lock_file=$wd/.git/ssm-deploy.lock
elif [ -d /run/lock ]; then lock_file=/run/lock/ssm-deploy-$lock_key.lock
else lock_file=/tmp/ssm-deploy-$lock_key.lock; fi
{ exec 9>>"$lock_file"; } 2>/dev/null || die ${x.internalError} "cannot open the lock file $lock_file"
if ! flock -n 9; then
  say "another deploy is running in $wd; waiting up to \${lock_wait}s for it to finish"
  flock -w "$lock_wait" 9 || die ${x.lockTimeout} "gave up waiting for the lock on $wd after \${lock_wait}s"
fi

if [ -z "$run_as" ]; then
  run_as=$(stat -c %U -- "$wd")
  [ "$run_as" != UNKNOWN ] || die ${x.runAsMissing} "$wd belongs to uid $(stat -c %u -- "$wd"), which has no user name here; set run-as"
fi
run_uid=$(id -u -- "$run_as" 2>/dev/null) || die ${x.runAsMissing} "the run-as user $run_as does not exist on this instance"
pw=$(getent passwd "$run_as" 2>/dev/null) ||
  pw=$(u=$run_as awk -F: '$1 == ENVIRON["u"] { print; exit }' /etc/passwd 2>/dev/null) || pw=
IFS=: read -r _ _ _ _ _ run_home _ <<<"$pw" || true
[ -n "$run_home" ] || run_home=/
user_env=(HOME="$run_home" USER="$run_as" LOGNAME="$run_as" SHELL=/bin/bash
  PATH="$run_home/.local/bin:$run_home/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
for name in AWS_SSM_INSTANCE_ID AWS_SSM_REGION_NAME; do
  [ -z "\${!name:-}" ] || user_env+=("$name=\${!name}")
done

# Runs a command as run-as, with nothing of this script's environment but what user_env gives.
as_user() {
  if [ "$run_uid" = "$(id -u)" ]; then env -i "\${user_env[@]}" "$@"
  elif command -v runuser >/dev/null 2>&1; then runuser -u "$run_as" -- env -i "\${user_env[@]}" "$@"
  elif command -v setpriv >/dev/null 2>&1; then
    setpriv --reuid="$run_uid" --regid="$(id -g -- "$run_as")" --init-groups -- env -i "\${user_env[@]}" "$@"
  else su -s /bin/sh -c 'exec "$0" "$@"' "$run_as" -- env -i "\${user_env[@]}" "$@"; fi
}
git_() { as_user GIT_TERMINAL_PROMPT=0 git -C "$wd" "$@" </dev/null 9>&-; }
say "deploying in $wd as $run_as"

case $script in /*) script_abs=$script ;; *) script_abs=$wd/$script ;; esac
before=none
head=
if [ "$git_pull" = 1 ]; then
  [ -e "$wd/.git" ] || die ${x.notACheckout} "$wd is not a git checkout (it has no .git)"
  out=$(git_ rev-parse --show-toplevel 2>&1) || die ${x.notACheckout} "git cannot use $wd: $out"
  before=$(git_ rev-parse --verify --quiet 'HEAD^{commit}') || before=none
  mark before "$before"

  changes=$(git_ status --porcelain --untracked-files=no) || die ${x.notACheckout} "git status failed in $wd"
  if [ -n "$changes" ]; then
    mapfile -t changed <<<"$changes"
    warn "tracked files were changed on this instance; the deploy stops and keeps them (commit or revert them first):"
    for line in "\${changed[@]:0:${MODIFIED_FILES_SHOWN}}"; do warn "  \${line:0:300}"; done
    [ "\${#changed[@]}" -le ${MODIFIED_FILES_SHOWN} ] || warn "  ... and $(( \${#changed[@]} - ${MODIFIED_FILES_SHOWN} )) more"
    die ${x.trackedFilesModified} "\${#changed[@]} tracked file(s) modified in $wd"
  fi

  if [ "$ref_kind" = sha ]; then
    if ! git_ cat-file -e "$ref^{commit}" 2>/dev/null; then
      say "fetching $ref from origin"
      if ! git_ fetch --quiet --no-tags origin "$ref" 2>/dev/null; then
        git_ fetch --quiet --no-tags origin || die ${x.fetchFailed} "git fetch from origin failed in $wd"
      fi
      git_ cat-file -e "$ref^{commit}" 2>/dev/null || die ${x.refNotFound} "commit $ref is not on origin (was it pushed?)"
    fi
    target=$ref
  else
    case $ref in refs/*) wanted=("$ref") ;; *) wanted=("refs/heads/$ref" "refs/tags/$ref") ;; esac
    rc=0
    listing=$(git_ ls-remote --exit-code origin "\${wanted[@]}") || rc=$?
    [ "$rc" != 2 ] || die ${x.refNotFound} "$ref is not a branch or tag on origin"
    [ "$rc" = 0 ] || die ${x.fetchFailed} "git ls-remote origin failed in $wd"
    found=
    for want in "\${wanted[@]}"; do
      while read -r _ name; do
        if [ "$name" = "$want" ]; then found=$want; break 2; fi
      done <<<"$listing"
    done
    [ -n "$found" ] || die ${x.refNotFound} "$ref is not a branch or tag on origin"
    case $found in
      refs/heads/*) spec="+$found:refs/remotes/origin/\${found#refs/heads/}" ;;
      refs/tags/*) spec="+$found:$found" ;;
      *) spec=$found ;;
    esac
    say "fetching $found from origin"
    git_ fetch --quiet --no-tags origin "$spec" || die ${x.fetchFailed} "git fetch of $found from origin failed"
    target=$(git_ rev-parse --verify --quiet 'FETCH_HEAD^{commit}') || die ${x.refNotFound} "$found on origin is not a commit"
  fi
  mark target "$target"

  # Checked before the checkout moves, so a commit without the script leaves the instance as it was.
  # An untracked script on disk counts; one the checkout would delete does not.
  case $script in
    /*) ;;
    *) if ! git_ cat-file -e "$target:$script" 2>/dev/null; then
        if [ ! -f "$script_abs" ] || git_ ls-files --error-unmatch -- "$script" >/dev/null 2>&1; then
          die ${x.deployScriptMissing} "deploy-script $script is not in commit $target"
        fi
      fi ;;
  esac

  if [ "$before" != "$target" ]; then
    git_ checkout --quiet --detach "$target" || die ${x.checkoutFailed} "git checkout of $target failed in $wd"
  fi
  head=$(git_ rev-parse --verify --quiet HEAD) || head=
  [ "$head" = "$target" ] || die ${x.checkoutFailed} "HEAD is \${head:-unknown} after the checkout, not $target"
  mark deployed "$head"
  say "checkout is at $head (it was at $before)"
elif [ -e "$wd/.git" ] && command -v git >/dev/null 2>&1; then
  before=$(git_ rev-parse --verify --quiet 'HEAD^{commit}') || before=none
  mark before "$before"
fi

[ -f "$script_abs" ] || die ${x.deployScriptMissing} "deploy-script $script does not exist in $wd"
as_user test -x "$script_abs" 9>&- || die ${x.deployScriptMissing} "deploy-script $script is not executable by $run_as (chmod +x it and commit the mode)"

# deploy-script runs in a login shell (profiles sourced, as over SSH); the env values are exported
# after the profiles so that they win, and they reach deploy-script only, never git.
run_deploy() {
  local previous=$before
  [ "$previous" != none ] || previous=
  as_user bash --login -c 'cd -- "$1" || exit 1; s=$2; shift 2; for kv in "$@"; do export "$kv"; done; exec "$s"' \\
    ssm-deploy "$wd" "$script" \${deploy_env[@]+"\${deploy_env[@]}"} \\
    "SSM_DEPLOY_SHA=$1" "SSM_DEPLOY_PREVIOUS_SHA=$previous" "SSM_DEPLOY_REF=$ref" "SSM_DEPLOY_ROLLBACK=$2" \\
    </dev/null 9>&-
}

mark stage script
say "running $script"
rc=0
run_deploy "$head" 0 || rc=$?
mark2 script-exit "$rc"
if [ "$rc" = 0 ]; then
  if [ "$git_pull" = 0 ] && [ "$before" != none ]; then
    mark2 deployed "$(git_ rev-parse --verify --quiet HEAD || true)"
  fi
  say "deploy-script succeeded"
  finish 0
fi
if [ "$rc" = 194 ]; then
  warn "deploy-script asked SSM to reboot the instance (exit 194)"
  mark2 exit 194
  exit 194
fi
warn "deploy-script failed with exit code $rc"

if [ "$rollback" = 1 ]; then
  if [ "$before" = none ] || [ "$before" = "$head" ]; then
    warn "no rollback: there is no earlier commit to go back to"
  else
    mark2 stage rollback
    warn "rolling back $wd to $before"
    changes=$(git_ status --porcelain --untracked-files=no) || changes=
    [ -z "$changes" ] || warn "discarding what the failed deploy-script changed in tracked files"
    if git_ checkout --quiet --force --detach "$before" && [ "$(git_ rev-parse --verify --quiet HEAD || true)" = "$before" ]; then
      mark2 rolled-back "$before"
      rrc=0
      run_deploy "$before" 1 || rrc=$?
      mark2 rollback-exit "$rrc"
      if [ "$rrc" = 0 ]; then
        warn "rolled back to $before, and deploy-script succeeded there"
        finish ${x.rolledBack}
      fi
      die ${x.rollbackFailed} "rolled back to $before, but deploy-script failed there too (exit $rrc)"
    fi
    die ${x.rollbackFailed} "could not check out $before to roll back"
  fi
fi

case $rc in
  137) die ${x.deployScriptKilled} "deploy-script was killed (SIGKILL)" ;;
  ${reservedPattern()}) die ${x.scriptReservedCode} "deploy-script exit code $rc is one ssm-deploy reserves; reported as ${x.scriptReservedCode}" ;;
esac
finish "$rc"
`;
}
/** A bash `case` pattern matching exactly the reserved exit codes. */
function reservedPattern() {
    const { min, max } = protocol/* RESERVED_EXIT_CODES */.BP;
    return Array.from({ length: max - min + 1 }, (_, i) => String(min + i)).join('|');
}

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
    const script = buildScript({ ...request.deploy, nonce });
    const jsonBytes = scriptJsonBytes(script);
    if (jsonBytes > MAX_SCRIPT_JSON_BYTES)
        throw new errors/* ActionError */.lZ(`The deploy script would be ${jsonBytes} bytes, over the ${MAX_SCRIPT_JSON_BYTES} that fit in one SSM command (SSM allows 64 KB for a command's document and parameters).`, { hint: 'The env input makes up most of it: pass large values another way.' });
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
    const outcome = await waitForCommand({ commandId: sent.commandId, target, sentAt, deadline }, {
        ssm: deps.ssm,
        now: deps.now,
        sleep: deps.sleep,
        signal: deps.signal,
        onProgress: deps.events?.onProgress,
        onNote: deps.events?.onNote,
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
    const instances = collected.runs.map((run) => toResult(run, deploy, prepared.nonce));
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

//# sourceMappingURL=869.index.js.map