export const id = 858;
export const ids = [858,438];
export const modules = {

/***/ 5148:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E2: () => (/* binding */ isThrottling),
/* harmony export */   IR: () => (/* binding */ retryHint),
/* harmony export */   Pp: () => (/* binding */ describeAwsError),
/* harmony export */   ZR: () => (/* binding */ awsErrorFacts),
/* harmony export */   oR: () => (/* binding */ isSetupError),
/* harmony export */   vu: () => (/* binding */ isRefusal),
/* harmony export */   w7: () => (/* binding */ isAccessDenied)
/* harmony export */ });
/* harmony import */ var _failure_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1633);
// Reading the AWS SDK's errors without trusting their shape: a service exception carries its code
// in `name`, its HTTP status in `$metadata`, and sometimes extra fields from the response.

function awsErrorFacts(error) {
    if (!(error instanceof Error))
        return { code: 'Error', message: String(error), status: undefined };
    const metadata = error.$metadata;
    const status = metadata?.httpStatusCode;
    return {
        code: error.name || 'Error',
        message: error.message,
        status: typeof status === 'number' ? status : undefined,
    };
}
/** `Code: message`, for a message that says what AWS answered. */
function describeAwsError(error) {
    const { code, message } = awsErrorFacts(error);
    return message && message !== code ? `${code}: ${message}` : code;
}
/**
 * Errors of the whole setup rather than of one secret or bucket: with no credentials every call
 * fails alike, and saying so once is enough.
 */
const SETUP_ERRORS = new Set([
    'CredentialsProviderError',
    'ExpiredTokenException',
    'ExpiredToken',
    'UnrecognizedClientException',
    'InvalidClientTokenId',
    'InvalidSignatureException',
    'SignatureDoesNotMatch',
]);
function isSetupError(error) {
    return SETUP_ERRORS.has(awsErrorFacts(error).code);
}
/** Refusals for the rate, not for the request: nothing was carried out, and a later try may pass. */
const THROTTLING = new Set([
    'ThrottlingException',
    'Throttling',
    'TooManyRequestsException',
    'RequestLimitExceeded',
    'RequestThrottled',
    'RequestThrottledException',
    'ProvisionedThroughputExceededException',
]);
function isThrottling(error) {
    const { code, status } = awsErrorFacts(error);
    return THROTTLING.has(code) || status === 429;
}
/** Any other 4xx: AWS answered and refused the request itself, and will refuse it again. */
function isRefusal(error) {
    const { status } = awsErrorFacts(error);
    return status !== undefined && status >= 400 && status < 500 && !isThrottling(error);
}
const ACCESS_DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'Forbidden']);
function isAccessDenied(code) {
    return ACCESS_DENIED.has(code);
}
/**
 * What to do about a call that failed for a reason not of the item itself: the known hint for its
 * error (no credentials, expired token, …); for a request AWS refused, that trying again will not
 * help (the SDK retries none of those); or else that the SDK's retries ran out.
 */
function retryHint(error) {
    const { code, status } = awsErrorFacts(error);
    const known = (0,_failure_js__WEBPACK_IMPORTED_MODULE_0__/* .knownHint */ .tI)(code);
    if (known !== undefined)
        return known;
    if (status !== undefined && isRefusal(error))
        return `AWS refused the request itself (HTTP ${status}), so running the job again as it is will fail the same way; the message says what it objects to.`;
    return 'The call kept failing after every retry. Check the region and the network, or raise AWS_MAX_ATTEMPTS, then run the job again.';
}


/***/ }),

/***/ 1858:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  AFTER_CANCEL_BUDGET_MS: () => (/* binding */ AFTER_CANCEL_BUDGET_MS),
  CANCEL_TIMEOUT_MS: () => (/* binding */ CANCEL_TIMEOUT_MS),
  DEADLINE_MARGIN_MS: () => (/* binding */ DEADLINE_MARGIN_MS),
  RELIST_MIN_MS: () => (/* binding */ RELIST_MIN_MS),
  overallStatus: () => (/* binding */ overallStatus),
  prepareDeploy: () => (/* binding */ prepareDeploy),
  runDeploy: () => (/* binding */ runDeploy)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/masks.ts
var masks = __webpack_require__(5378);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ssm/dist-cjs/index.js
var dist_cjs = __webpack_require__(4736);
// EXTERNAL MODULE: ./src/aws-errors.ts
var aws_errors = __webpack_require__(5148);
// EXTERNAL MODULE: ./src/failure.ts
var failure = __webpack_require__(1633);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-cjs/index.js
var client_s3_dist_cjs = __webpack_require__(3711);
// EXTERNAL MODULE: ./src/deploy/status.ts
var deploy_status = __webpack_require__(8917);
;// CONCATENATED MODULE: ./src/deploy/s3-output.ts
// The output of an instance from the S3 bucket SSM wrote it to (SSM's own API keeps only the first
// 24,000 characters of stdout and 8,000 of stderr). Whoever may write the bucket may rewrite or
// grow the object, so the bucket must be this account's (ExpectedBucketOwner, checked before the
// command is sent and again on every read), only the end of each object is asked for (a Range
// request) and no more than that is ever read, and the text is shown, never believed: the
// commits an instance reports come from SSM's own copy (see collect.ts).



/** The most of one stream read back: beyond it only the end is kept, where failures show. */
const S3_TAIL_BYTES = 1024 * 1024;
/** All reads of one deploy together stay within this… */
const S3_TOTAL_BYTES = 32 * 1024 * 1024;
/** …by reading less of each stream when there are many, but never less than this. */
const S3_MIN_TAIL_BYTES = 16 * 1024;
/** How much of each of `streams` objects to read, so that a fleet's failures stay bounded too. */
function tailBytes(streams) {
    const share = Math.floor(S3_TOTAL_BYTES / Math.max(1, streams));
    return Math.max(S3_MIN_TAIL_BYTES, Math.min(S3_TAIL_BYTES, share));
}
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
/**
 * Before anything is sent: the output bucket belongs to `account` (the caller's own). S3 answers
 * 403 to a HeadBucket whose ExpectedBucketOwner is not the owner, as it does when the role may not
 * list the bucket; both stop the deploy here, before the output goes where it should not.
 */
async function checkOutputBucket(s3, bucket, account) {
    try {
        await s3.send(new client_s3_dist_cjs.HeadBucketCommand({ Bucket: bucket, ExpectedBucketOwner: account }));
    }
    catch (error) {
        const status = error.$metadata?.httpStatusCode;
        if (status === 403)
            throw new errors.ActionError(`output-s3-bucket ${bucket} does not belong to this account (${account}), or the role may not use it; nothing was sent.`, {
                cause: error,
                hint: 'Name a bucket of this account; the role needs s3:ListBucket on it (see the README policy, CheckTheOutputBucketIsThisAccounts).',
            });
        if (status === 404 || (error instanceof Error && error.name === 'NotFound'))
            throw new errors.ActionError(`output-s3-bucket ${bucket} does not exist; nothing was sent.`, {
                cause: error,
            });
        throw new errors.ActionError(`Could not check output-s3-bucket ${bucket}: ${(0,deploy_status/* describeError */.Uc)(error)}`, {
            cause: error,
        });
    }
}
/** The last `maxBytes` bytes of an object, never more, whatever S3 (or a stand-in) answers. */
async function readOutputTail(s3, request) {
    try {
        const response = await s3.send(new client_s3_dist_cjs.GetObjectCommand({
            Bucket: request.bucket,
            Key: request.key,
            ExpectedBucketOwner: request.owner,
            Range: `bytes=-${request.maxBytes}`,
        }));
        const body = response.Body;
        const range = /^bytes (\d+)-\d+\/\d+$/.exec(response.ContentRange ?? '');
        // A 200 is the whole object: S3 answers one to a suffix range only for an empty object.
        if (range === null && (response.ContentLength ?? 0) > request.maxBytes) {
            await discard(body);
            return { kind: 'failed', error: notHonoured(response.ContentLength ?? 0) };
        }
        const bytes = await readAtMost(body, request.maxBytes);
        if (bytes === undefined)
            return { kind: 'failed', error: notHonoured(undefined) };
        const cut = range !== null && Number(range[1]) > 0;
        return { kind: 'found', text: decodeTail(bytes, cut), cut };
    }
    catch (error) {
        // SSM writes nothing for a stream that stayed empty.
        if (error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NotFound'))
            return { kind: 'missing' };
        return { kind: 'failed', error };
    }
}
function notHonoured(length) {
    return new Error(`S3 answered more than the end of the object that was asked for${length === undefined ? '' : ` (${length} bytes)`}, so it was not read`);
}
/** The body, or undefined as soon as it is longer than `max` (the rest is never read). */
async function readAtMost(body, max) {
    if (body === undefined)
        return Buffer.alloc(0);
    const chunks = [];
    let size = 0;
    // Leaving the loop early ends the stream (the iterator's return destroys it).
    for await (const chunk of body) {
        size += chunk.length;
        if (size > max)
            return undefined;
        chunks.push(chunk);
    }
    return Buffer.concat(chunks, size);
}
async function discard(body) {
    if (body === undefined)
        return;
    const iterator = body[Symbol.asyncIterator]();
    await iterator.return?.();
}
/** UTF-8 text of the end of an object: a character cut at the start is dropped, not garbled. */
function decodeTail(bytes, cut) {
    let start = 0;
    // Continuation bytes are 10xxxxxx; a character is at most 4 bytes long.
    if (cut)
        while (start < 3 && start < bytes.length && ((bytes[start] ?? 0) & 0xc0) === 0x80)
            start++;
    return bytes.subarray(start).toString('utf8');
}

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


/**
 * The promise: a finished command is noticed within max(1.5 s, min(10% of the time it has run,
 * 10 s)), the time counted from SendCommand. Polls are as far apart as that allows and no closer:
 * frugal while a short deploy may still end any moment, then growing with the deploy, and never
 * more than 10 s apart however long it runs.
 */
const NOTICE_FLOOR_MS = 1_500;
const NOTICE_FRACTION = 0.1;
const NOTICE_CAP_MS = 10_000;
/** How long SSM may take to know a command it has just accepted. */
const NOT_FOUND_WINDOW_MS = 60_000;
const PAGE_SIZE = 50;
/** Per-instance listing during a fleet wait: after a change, but not more often than this… */
const LISTING_MIN_GAP_MS = 15_000;
/** …and at least this often, so an instance stuck in Delayed shows up. */
const LISTING_MAX_GAP_MS = 60_000;
/** Polls failing for this long are mentioned (once per period), though polling goes on. */
const ERROR_NOTE_EVERY_MS = 60_000;
/**
 * A poll is sent this much before its time at most, to make up for how long the last one took to
 * answer: it is the answer that must come in time.
 */
const MAX_LEAD_MS = 1_000;
/**
 * The time from a poll at `elapsedMs` to the next: the most a command that ends just after the
 * first poll may wait to be noticed.
 */
function pollInterval(elapsedMs) {
    return Math.max(NOTICE_FLOOR_MS, Math.min(Math.floor(elapsedMs * NOTICE_FRACTION), NOTICE_CAP_MS));
}
/**
 * The times of the polls (ms from SendCommand) for a command that has not ended: each one interval
 * after the one before. Nothing has finished the moment it was sent, so the first comes one
 * interval in.
 */
function pollSchedule(untilMs) {
    const times = [];
    for (let at = pollInterval(0); at <= untilMs; at += pollInterval(at))
        times.push(at);
    return times;
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
    instancesListedAt;
    invocation;
    calls = 0;
    lastProgressKey = '';
    lastListingAt = Number.NEGATIVE_INFINITY;
    countsAtListing = '';
    failingSince;
    /** Whether the output has shown the end of every instance's script. */
    ended = false;
    lastErrorNoteAt = Number.NEGATIVE_INFINITY;
    window;
    constructor(request, deps) {
        this.request = request;
        this.deps = deps;
        this.window = request.notFoundWindowMs ?? NOT_FOUND_WINDOW_MS;
    }
    async run() {
        const { deps, request } = this;
        // When the next poll is due (ms from SendCommand), and how long the last one took to answer.
        let due = pollInterval(0);
        let lead = 0;
        for (;;) {
            if (deps.signal?.aborted)
                return { kind: 'aborted', seen: this.seen() };
            const now = deps.now();
            if (now >= request.deadline)
                return { kind: 'deadline', seen: this.seen() };
            const at = request.sentAt + due - lead;
            if (at > now)
                await deps.sleep(Math.min(at - now, request.deadline - now), deps.signal);
            if (deps.signal?.aborted)
                return { kind: 'aborted', seen: this.seen() };
            const polledAt = deps.now();
            let done;
            const alongside = deps.alongside?.(this.instances);
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
                // After a failure the schedule starts again from now, never with polls in a burst.
                const elapsed = deps.now() - request.sentAt;
                due = elapsed + pollInterval(elapsed);
                lead = 0;
                continue;
            }
            const answeredAt = deps.now();
            const ended = await alongside;
            if (done)
                return { kind: 'finished', seen: this.seen() };
            lead = Math.min(answeredAt - polledAt, MAX_LEAD_MS);
            const polled = Math.max(due, polledAt - request.sentAt);
            if (this.outputEnded(ended))
                due = answeredAt - request.sentAt;
            else
                due = polled + (this.ended ? NOTICE_FLOOR_MS : pollInterval(polled));
        }
    }
    /**
     * Whether the output has just shown that every instance of the command has ended: the next
     * poll then comes at once, and those after it at the shortest interval, as SSM may say so a
     * moment later than the log.
     */
    outputEnded(endedInstances) {
        if (this.ended || endedInstances === undefined || endedInstances.size === 0)
            return false;
        const expected = this.request.target.kind === 'one'
            ? [this.request.target.instanceId]
            : this.instances.map((instance) => instance.instanceId);
        const target = this.counts?.target ?? expected.length;
        this.ended =
            expected.length > 0 &&
                expected.every((id) => endedInstances.has(id)) &&
                endedInstances.size >= target;
        return this.ended;
    }
    /** One round of polling; true when the command has finished. */
    async poll() {
        return this.request.target.kind === 'one'
            ? this.pollOne(this.request.target.instanceId)
            : this.pollFleet();
    }
    async pollOne(instanceId) {
        const invocation = await this.deps.ssm.send(new dist_cjs.GetCommandInvocationCommand({
            CommandId: this.request.commandId,
            InstanceId: instanceId,
        }), this.callOptions());
        this.invocation = invocation;
        this.commandStatus = invocation.Status;
        this.statusDetails = invocation.StatusDetails;
        this.instancesListedAt = this.deps.now();
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
        const response = await this.deps.ssm.send(new dist_cjs.ListCommandsCommand({ CommandId: this.request.commandId }), this.callOptions());
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
                const page = await this.deps.ssm.send(new dist_cjs.ListCommandInvocationsCommand({
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
            this.instancesListedAt = this.deps.now();
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
            listedAtMs: this.instancesListedAt === undefined
                ? undefined
                : this.instancesListedAt - this.request.sentAt,
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
/** Listings after the command finished are at most this far apart. */
const RELIST_MAX_GAP_MS = 2_000;
async function collectRuns(request, seen, deps) {
    const notes = [];
    let runs;
    let unlisted = 0;
    let listingError;
    if (request.target.kind === 'one') {
        const { instanceId } = request.target;
        const invocation = request.refresh || seen.invocation === undefined
            ? await getInvocation(deps.ssm, request.commandId, instanceId, notes)
            : seen.invocation;
        runs = [
            invocation === undefined
                ? unknownRun(instanceId, seen, 'SSM could not be asked for its final state')
                : fromInvocation(instanceId, invocation),
        ];
    }
    else {
        const listed = await listRuns(request, seen, deps, notes);
        unlisted = listed.unlisted;
        listingError = listed.listingError;
        runs = await fillOutputs(request.commandId, listed.runs, deps.ssm, notes);
    }
    if (request.outputS3 !== undefined)
        runs = await fromS3(request.commandId, request.outputS3, runs, deps.s3, notes);
    return { runs, unlisted, listingError, notes };
}
async function getInvocation(ssm, commandId, instanceId, notes) {
    try {
        return await ssm.send(new dist_cjs.GetCommandInvocationCommand({ CommandId: commandId, InstanceId: instanceId }));
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
        ssmOutput: `${stdout}\n${stderr}`,
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
        ssmOutput: '',
        source: 'none',
    };
}
/** Between two looks after the workflow's cancel, while SSM is still carrying it out. */
const AFTER_CANCEL_GAP_MS = 500;
/**
 * What SSM says of each instance once the workflow's cancel has been asked for, in the little time
 * the runner leaves before it kills the step (SIGTERM 7.5 s after its SIGINT): one call for one
 * instance, the listing with its output summaries for a fleet (no call per instance, no S3),
 * looked at again while SSM is still carrying out the cancel. An instance it has not reported in
 * a final state by `deadline` is unknown; undefined when SSM could not be asked in time at all.
 */
async function lookAfterCancel(request, seen, deps, deadline) {
    const { target } = request;
    const expectedIds = target.kind === 'fleet' ? target.instanceIds : undefined;
    // Right after SendCommand SSM may not list an instance yet: that is no final state either.
    const settled = (looked) => looked.every(settledAfterCancel) &&
        (expectedIds ?? []).every((id) => looked.some((run) => run.instanceId === id)) &&
        looked.length >= (seen.counts?.target ?? 0);
    let runs;
    for (;;) {
        const left = deadline - deps.now();
        if (left <= 0)
            break;
        const abortSignal = AbortSignal.timeout(left);
        try {
            runs =
                target.kind === 'one'
                    ? [
                        fromInvocation(target.instanceId, await deps.ssm.send(new dist_cjs.GetCommandInvocationCommand({
                            CommandId: request.commandId,
                            InstanceId: target.instanceId,
                        }), { abortSignal })),
                    ]
                    : (await listAll(deps.ssm, request.commandId, abortSignal))
                        .filter((i) => i.InstanceId !== undefined)
                        .map(fromListed);
            if (settled(runs))
                break;
        }
        catch (error) {
            // Out of time: what an earlier look saw stands. Otherwise (SSM does not know the
            // invocation yet, say) it is asked again while there is time.
            if (error instanceof Error && error.name === 'AbortError')
                break;
        }
        if (deps.now() + AFTER_CANCEL_GAP_MS >= deadline)
            break;
        await deps.sleep(AFTER_CANCEL_GAP_MS);
    }
    if (runs === undefined)
        return undefined;
    const final = runs.map((run) => settledAfterCancel(run)
        ? run
        : {
            ...run,
            unknown: `SSM still reported it ${run.status} when the step had to stop, after the cancel, so its final state is unknown`,
        });
    for (const id of expectedIds ?? [])
        if (!final.some((run) => run.instanceId === id))
            final.push(unknownRun(id, seen, 'SSM had not listed it when the step had to stop'));
    return final.sort((a, b) => a.instanceId.localeCompare(b.instanceId));
}
/** Final, and not merely on its way to Cancelled. */
function settledAfterCancel(run) {
    return run.status !== 'Cancelling' && (0,deploy_status/* isTerminal */.Hd)(run.status, run.statusDetails);
}
/** An instance whose final state SSM did not report; `why` says what was missing. */
function unknownRun(instanceId, seen, why) {
    const last = seen.instances.find((i) => i.instanceId === instanceId);
    return {
        ...notRun(instanceId, deploy_status/* UNKNOWN_STATUS */.uy),
        unknown: `${why}${last === undefined ? '' : ` (it was last seen ${last.status})`}, so its result is unknown`,
    };
}
async function listRuns(request, seen, deps, notes) {
    const expectedIds = request.target.kind === 'fleet' ? request.target.instanceIds : undefined;
    const counted = seen.counts?.target ?? 0;
    let listed = [];
    let failure;
    const settled = () => (expectedIds === undefined
        ? listed.length >= counted
        : expectedIds.every((id) => listed.some((i) => i.InstanceId === id))) &&
        listed.every((i) => (0,deploy_status/* isTerminal */.Hd)(i.Status, i.StatusDetails));
    for (;;) {
        try {
            listed = await listAll(deps.ssm, request.commandId);
            failure = undefined;
        }
        catch (error) {
            failure = error;
        }
        if (settled())
            break;
        // At the wait's pace, but often enough to list again within the tolerance even after a long
        // deploy, whose pace by then is far slower; the last listing falls at its end.
        const now = deps.now();
        if (now >= request.relistUntil)
            break;
        await deps.sleep(Math.min(pollInterval(now - request.sentAt), RELIST_MAX_GAP_MS, request.relistUntil - now));
    }
    const listingError = failure === undefined ? undefined : (0,deploy_status/* describeError */.Uc)(failure);
    // Said as a note when it hid nothing; the deploy says it with its verdict when it did.
    const runs = listed
        .filter((i) => i.InstanceId !== undefined)
        .map((invocation) => {
        const run = fromListed(invocation);
        return (0,deploy_status/* isTerminal */.Hd)(invocation.Status, invocation.StatusDetails) ||
            !(0,deploy_status/* isTerminal */.Hd)(seen.commandStatus, seen.statusDetails)
            ? run
            : {
                ...run,
                unknown: `SSM still listed it as ${run.status} after the command had finished, so its result is unknown`,
            };
    });
    let unlisted = 0;
    if (expectedIds !== undefined) {
        // Every instance asked for gets a line, even one SSM never listed; what it did is not known.
        for (const id of expectedIds)
            if (!runs.some((run) => run.instanceId === id)) {
                runs.push(unknownRun(id, seen, 'SSM never listed its invocation'));
                unlisted++;
            }
    }
    else {
        unlisted = Math.max(0, counted - runs.length);
    }
    if (listingError !== undefined && unlisted === 0)
        notes.push(`Could not list the instances of the command: ${listingError}`);
    return {
        runs: runs.sort((a, b) => a.instanceId.localeCompare(b.instanceId)),
        unlisted,
        listingError: unlisted > 0 && failure !== undefined
            ? `${listingError}; ${listingAdvice(failure)}`
            : undefined,
    };
}
/**
 * What to do when the listing failed: only a refusal is about the role's permissions. The command
 * itself has run by then, so running the job again would deploy again; each instance's result is
 * still on the command's page in the console.
 */
function listingAdvice(error) {
    if ((0,aws_errors/* isAccessDenied */.w7)((0,aws_errors/* awsErrorFacts */.ZR)(error).code))
        return 'the role needs the ssm:ListCommandInvocations permission';
    if ((0,aws_errors/* isThrottling */.E2)(error))
        return 'AWS throttled it after every retry: raise AWS_MAX_ATTEMPTS, and see each instance on the command page';
    // Credentials that expired during a long deploy, an endpoint that stopped answering, …: the
    // shared hint for that error says what to fix before the next deploy.
    const known = (0,failure/* knownHint */.tI)((0,aws_errors/* awsErrorFacts */.ZR)(error).code);
    return known === undefined
        ? 'see each instance on the command page'
        : `${known} Each instance's result is on the command page`;
}
async function listAll(ssm, commandId, signal) {
    const all = [];
    let token;
    do {
        const page = await ssm.send(new dist_cjs.ListCommandInvocationsCommand({
            CommandId: commandId,
            Details: true,
            MaxResults: PAGE_SIZE,
            ...(token === undefined ? {} : { NextToken: token }),
        }), signal === undefined ? {} : { abortSignal: signal });
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
        ssmOutput: `${stdout}\n${stderr}`,
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
        // An instance whose final state is unknown is not asked about again: the listing has just
        // shown that SSM has nothing final to say about it yet.
        const needed = run.unknown !== undefined
            ? false
            : run.status === 'Success'
                ? small && run.source === 'summary'
                : !neverRan(run);
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
    const wanted = (run) => (run.source === 'cut' || run.source === 'summary') && (run.status !== 'Success' || small);
    // Two streams of each instance read, all of them together bounded.
    const maxBytes = tailBytes(2 * runs.filter(wanted).length);
    const result = [];
    for (const run of runs) {
        if (!wanted(run)) {
            result.push(run);
            continue;
        }
        const read = async (stream) => {
            const key = outputKey(bucket.keyPrefix, commandId, run.instanceId, stream);
            const answer = await readOutputTail(s3(), {
                bucket: bucket.bucket,
                key,
                owner: bucket.owner,
                maxBytes,
            });
            if (answer.kind === 'found') {
                if (!answer.cut)
                    return answer.text;
                notes.push(`The ${stream} of ${run.instanceId} is long; the log shows its end.`);
                // From the first whole line: the read may start inside a secret, masked only whole.
                const newline = answer.text.indexOf('\n');
                return newline < 0 ? '' : answer.text.slice(newline + 1);
            }
            if (answer.kind === 'failed')
                notes.push(`Could not read the ${stream} of ${run.instanceId} from s3://${bucket.bucket}/${key}: ${(0,deploy_status/* describeError */.Uc)(answer.error)}`);
            // SSM writes no object for a stream that stayed empty; what SSM returned stands.
            return undefined;
        };
        const stdout = await read('stdout');
        const stderr = await read('stderr');
        // The S3 copy is shown; ssmOutput, from SSM, stays what the markers are read from.
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
// What the command looks like (targets, timeouts, rate control, output options), what SSM's refusal
// of it means, and CancelCommand. Sending it is send.ts's job.





const DOCUMENT_NAME = 'AWS-RunShellScript';
/** `fleet`: how many instances tag targets reached in the preflight, for the delivery timeout. */
function buildSendCommandInput(deploy, script, fleet) {
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
        TimeoutSeconds: (0,timeouts/* deliveryTimeoutSeconds */.bL)(deploy, fleet),
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
/**
 * SSM's refusal of the command as an error the user can act on: with what to check when the
 * refusal is one of the known ones, as it came otherwise.
 */
function refusal(error) {
    const hint = error instanceof Error ? SEND_HINTS[error.name] : undefined;
    if (hint === undefined || !(error instanceof Error))
        return error;
    return new errors.ActionError(`SSM refused the command: ${error.name}: ${error.message}`, {
        hint,
        cause: error,
    });
}
/** Pause between two attempts at a cancel in a hurry: short, as the time left is. */
const CANCEL_RETRY_MS = 250;
const CANCEL_RETRY_MAX_MS = 1_000;
/** The shortest wait for an answer to a cancel, even past the deadline. */
const MIN_CANCEL_ATTEMPT_MS = 1_000;
/**
 * Asks SSM to cancel the command on every instance where it has not finished. SSM accepts this
 * for a command that has already finished, so "requested" says nothing about what was running.
 *
 * With `within`, `ssm` should make one attempt per call: the attempts are made here, each cut
 * off at the deadline, so that a failure reports what really went wrong (connection refused,
 * say) rather than the abort of a request still being retried when time ran out.
 */
async function cancelCommand(ssm, commandId, within) {
    const started = within?.now();
    let failure;
    for (let attempt = 0;; attempt++) {
        const left = within === undefined ? undefined : within.deadline - within.now();
        // One attempt is always made, however little time is left: a cancel not even tried is lost.
        if (left !== undefined && left <= 0 && attempt > 0)
            break;
        try {
            await ssm.send(new dist_cjs.CancelCommandCommand({ CommandId: commandId }), left === undefined
                ? {}
                : { abortSignal: AbortSignal.timeout(Math.max(left, MIN_CANCEL_ATTEMPT_MS)) });
            return { kind: 'requested' };
        }
        catch (error) {
            const unknown = error instanceof Error && error.name === 'InvalidCommandId';
            const catchingUp = within?.acceptedAt !== undefined && within.now() - within.acceptedAt < NOT_FOUND_WINDOW_MS;
            if (unknown && !catchingUp)
                return { kind: 'unknown-command' };
            // A request cut off at the deadline says nothing about why the earlier ones failed.
            if (!isAbort(error) || failure === undefined)
                failure = error;
            // A refusal (access denied, say) is answered alike however often it is asked; an unknown
            // command SSM is still catching up with is not a refusal yet.
            if (within === undefined || isAbort(error) || ((0,aws_errors/* isRefusal */.vu)(error) && !unknown))
                break;
        }
        const pause = Math.min(CANCEL_RETRY_MAX_MS, CANCEL_RETRY_MS * 2 ** attempt);
        if (within.now() + pause >= within.deadline)
            break;
        await within.sleep(pause);
    }
    if (failure === undefined || (isAbort(failure) && within !== undefined)) {
        const waited = Math.max((within?.deadline ?? 0) - (started ?? 0), (within?.now() ?? 0) - (started ?? 0));
        failure = new Error(`SSM did not answer within ${waited / 1000} s`);
    }
    return { kind: 'failed', error: failure };
}
/** How the SDK ends a request whose abort signal fired. */
function isAbort(error) {
    return error instanceof Error && error.name === 'AbortError';
}

// EXTERNAL MODULE: ./src/log-stream.ts
var log_stream = __webpack_require__(8438);
// EXTERNAL MODULE: ./src/deploy/protocol.ts
var protocol = __webpack_require__(531);
;// CONCATENATED MODULE: ./src/deploy/follow.ts
// The command's output shown while the wait goes on: a few CloudWatch Logs reads beside each poll,
// of the streams of the command's own instances, the script's marker lines left out (they are read
// at the end, from SSM). Following is a convenience, so
// its first failure ends it with a note; the whole output is still shown when the deploy ends.



function followOutput(follower, nonce, events, signal, 
/** The instances asked for by id: followed before SSM lists them. */
instanceIds = []) {
    const prefix = (0,protocol/* markerPrefix */.X4)(nonce);
    const endMarker = `${prefix}exit=`;
    const ended = new Set();
    let stopped = false;
    return {
        calls: () => follower.calls,
        async alongside(seen) {
            if (stopped)
                return ended;
            // Only this command's own instances: those asked for, and those SSM lists for it.
            const instances = [
                ...seen.map((i) => ({
                    instanceId: i.instanceId,
                    finished: (0,deploy_status/* isTerminal */.Hd)(i.status, i.statusDetails),
                })),
                ...instanceIds
                    .filter((id) => !seen.some((i) => i.instanceId === id))
                    .map((instanceId) => ({ instanceId, finished: false })),
            ];
            try {
                const read = await follower.poll(instances, signal);
                for (const line of read)
                    if ((0,log_stream.endsScript)(line, endMarker))
                        ended.add(line.instanceId);
                const lines = read.filter((line) => !line.message.startsWith(prefix));
                if (lines.length > 0)
                    events.onOutput?.(lines);
            }
            catch (error) {
                stopped = true;
                if (!signal.aborted)
                    events.onNote?.(`Following the output in CloudWatch Logs failed (${(0,deploy_status/* describeError */.Uc)(error)}); it is shown when the deploy ends.`);
            }
            return ended;
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
// EXTERNAL MODULE: ./src/deploy/script.ts + 1 modules
var deploy_script = __webpack_require__(2438);
;// CONCATENATED MODULE: ./src/deploy/send.ts
// Sending the deploy command exactly once. SendCommand takes no idempotency token, so when its
// answer is lost (a connection reset, a timeout, a server error) SSM may or may not have carried it
// out, and sending it again blindly, as the SDK's own retries would, can run deploy.sh twice on
// every instance while the action follows only the second command. So the send is made without
// SDK retries and this module decides each attempt: a send that SSM throttled or that never
// reached it is sent again after a backoff with jitter; after an ambiguous failure, SSM's recent
// commands are searched for this deploy's marker nonce, and the command found there is adopted;
// only when there is none is it sent again.






/** Backoff before the next attempt after a throttle: full jitter in [0, min(cap, base·2^(n-1))). */
const THROTTLE_BASE_MS = 1_000;
/** …and after a send that failed in transit (it is looked for first, or it never left). */
const TRANSIENT_BASE_MS = 500;
const BACKOFF_CAP_MS = 20_000;
/**
 * How far before the first attempt the search for an unanswered send reaches: SSM stamps a command
 * with its own clock, which may be a little behind this machine's. The nonce decides, so a wide
 * window costs only a longer listing.
 */
const LOOKUP_MARGIN_MS = 5 * 60_000;
/** Pages of 50 commands the search reads at most (an account that sends a lot of commands). */
const LOOKUP_MAX_PAGES = 20;
/**
 * After a send without an answer, SSM is asked whether it has the command after each of these
 * pauses (15 s in all), and the first sight of it ends the search. A send SSM was still handling
 * when its answer was lost has landed by the end, so only a command still absent then is sent
 * again.
 */
const SETTLE_PAUSES_MS = [1_000, 2_000, 4_000, 8_000];
/**
 * SendCommand got no answer, and whether SSM received it is not known: it is not sent again. The
 * post step of a cancelled workflow looks for it once more by its marker.
 */
class SendUnresolved extends errors.ActionError {
    name = 'SendUnresolved';
}
/** Network failures that happen before a request leaves this machine: nothing reached SSM. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);
/** Failures that happen on this machine before anything is sent (no credentials, say). */
const LOCAL = new Set(['CredentialsProviderError', 'TokenProviderError']);
function classifySendFailure(error) {
    if (!(error instanceof Error))
        return { kind: 'ambiguous', throttled: false };
    const code = error.code;
    if ((0,aws_errors/* isThrottling */.E2)(error))
        return { kind: 'not-sent', throttled: true };
    if (typeof code === 'string' && NOT_SENT.has(code))
        return { kind: 'not-sent', throttled: false };
    if (LOCAL.has(error.name))
        return { kind: 'refused', throttled: false };
    if ((0,aws_errors/* isRefusal */.vu)(error))
        // Refused for this machine's clock, which the SDK has just set right from SSM's answer: the
        // retries the SDK would make are this module's to make.
        return error.$metadata?.clockSkewCorrected
            ? { kind: 'not-sent', throttled: false }
            : { kind: 'refused', throttled: false };
    return { kind: 'ambiguous', throttled: false };
}
/**
 * Sends `input` (whose script carries the marker `nonce`) so that SSM carries it out once, or
 * throws having made sure it carried it out never.
 */
async function sendExactlyOnce(input, nonce, deps) {
    const since = deps.now() - LOOKUP_MARGIN_MS;
    let unanswered = false;
    for (let attempt = 1;; attempt++) {
        let error;
        try {
            const response = await deps.sendClient.send(new dist_cjs.SendCommandCommand(input));
            return {
                ...sentFrom(response.Command),
                adopted: false,
                attempts: attempt,
                ...(unanswered ? { unsure: { nonce, since } } : {}),
            };
        }
        catch (caught) {
            error = caught;
        }
        const { kind, throttled } = classifySendFailure(error);
        if (kind === 'refused')
            throw refusal(error);
        const last = attempt >= deps.maxAttempts;
        const delay = last
            ? 0
            : Math.floor(deps.random() *
                Math.min(BACKOFF_CAP_MS, (throttled ? THROTTLE_BASE_MS : TRANSIENT_BASE_MS) * 2 ** (attempt - 1)));
        const why = (0,deploy_status/* describeError */.Uc)(error);
        if (kind === 'not-sent') {
            if (last || deps.signal?.aborted)
                throw notSent(attempt, why, deps.signal);
            deps.onNote?.(`${throttled ? 'SSM throttled SendCommand' : 'SendCommand did not reach SSM'} (${why}); sending it again in ${seconds(delay)} (attempt ${attempt + 1} of ${deps.maxAttempts}).`);
            await deps.sleep(delay, deps.signal);
            if (deps.signal?.aborted)
                throw notSent(attempt, why, deps.signal);
            continue;
        }
        // Ambiguous: SSM may have the command. It is looked for over a while, so that a send still
        // being handled has landed, and adopted if it is there.
        const [found, ...extra] = byRequestTime(await lookForSent(nonce, since, why, error, deps));
        if (found !== undefined) {
            const sent = sentFrom(found);
            deps.onNote?.(`SendCommand got no answer (${why}), but SSM has command ${sent.commandId} with this deploy's marker: it was received, so it is followed rather than sent again.`);
            await cancelExtra(extra, sent.commandId, deps);
            return { ...sent, adopted: true, attempts: attempt };
        }
        if (deps.signal?.aborted)
            throw new SendUnresolved(`The workflow was cancelled while SSM's answer to SendCommand was lost (${why}), and SSM did not show the command by then; the post step looks for it once more and cancels it if it is there.`, { hint: lookHint(nonce), cause: error });
        if (last)
            throw new errors.ActionError(`SendCommand failed ${attempt} time(s), the last without an answer (${why}); SSM showed no command with this deploy's marker ${seconds(SETTLE_MS)} after each, so as far as SSM shows nothing was deployed.`, {
                hint: 'SSM could not be reached reliably: run the job again later, or raise AWS_MAX_ATTEMPTS.',
            });
        deps.onNote?.(`SendCommand got no answer (${why}), and SSM showed no command with this deploy's marker ${seconds(SETTLE_MS)} later: it was not received, so it is sent again (attempt ${attempt + 1} of ${deps.maxAttempts}).`);
        unanswered = true;
    }
}
const SETTLE_MS = SETTLE_PAUSES_MS.reduce((sum, pause) => sum + pause, 0);
/**
 * This deploy's commands in SSM after a send without an answer: none when SSM still has none once
 * the settle pauses are over. A cancel cuts the pauses short but SSM is still asked once at once:
 * a command that landed must be found to be cancelled.
 */
async function lookForSent(nonce, since, why, sendError, deps) {
    for (const pause of SETTLE_PAUSES_MS) {
        if (deps.signal?.aborted !== true)
            await deps.sleep(pause, deps.signal);
        let found;
        try {
            found = await findSent(deps.ssm, nonce, since);
        }
        catch (lookupError) {
            throw new SendUnresolved(`SendCommand got no answer (${why}), and SSM could not be asked whether it received the command (${(0,deploy_status/* describeError */.Uc)(lookupError)}). It is not sent again, so that the deploy cannot run twice; it may or may not be running.`, { hint: lookHint(nonce), cause: sendError });
        }
        if (found.length > 0 || deps.signal?.aborted)
            return found;
    }
    return [];
}
/** Oldest first: the command that started first is the one followed. */
function byRequestTime(commands) {
    return [...commands].sort((a, b) => (a.RequestedDateTime?.getTime() ?? 0) - (b.RequestedDateTime?.getTime() ?? 0));
}
/**
 * A send SSM had not shown within the settle pauses, and that landed after it was sent again:
 * the deploy would run twice, so the later commands are cancelled (their runs queue behind the
 * followed one's lock, so they have not started yet unless it has finished).
 */
async function cancelExtra(extra, followed, deps) {
    for (const command of extra) {
        const id = command.CommandId ?? '';
        const result = await cancelCommand(deps.ssm, id);
        deps.onNote?.(result.kind === 'requested'
            ? `SSM also has command ${id} with this deploy's marker, from a send that landed late; it was cancelled, so that ${followed} alone deploys.`
            : `SSM also has command ${id} with this deploy's marker, from a send that landed late, and cancelling it failed (${result.kind === 'failed' ? (0,deploy_status/* describeError */.Uc)(result.error) : 'SSM no longer knows it'}); it may run the deploy a second time.`);
    }
}
/**
 * After a deploy whose command was sent again because an earlier send went unanswered: whether
 * that earlier send landed after all, later than SSM showed it. Such a command runs the deploy a
 * second time. One that has not started is cancelled; one already running is left to finish (a
 * deploy-script killed half-way could leave the app down, while a second run deploys the same
 * commit again) and said so. A failure to ask is said too, never thrown: the deploy itself is over.
 */
async function cancelStrays(unsure, followed, deps) {
    let strays;
    try {
        strays = (await findSent(deps.ssm, unsure.nonce, unsure.since)).filter((command) => command.CommandId !== followed);
    }
    catch (error) {
        deps.onNote?.(`Could not ask SSM whether an earlier, unanswered send of this deploy landed late (${(0,deploy_status/* describeError */.Uc)(error)}); look for a second command whose script holds ${(0,protocol/* markerPrefix */.X4)(unsure.nonce).trim()}.`);
        return;
    }
    await cancelExtra(strays.filter((command) => command.Status === 'Pending'), followed, deps);
    for (const command of strays.filter((c) => c.Status !== 'Pending'))
        deps.onNote?.(`SSM also has command ${command.CommandId ?? ''} with this deploy's marker, from a send that landed late, and it has already started (${command.Status ?? 'status unknown'}): it is left to finish, and deploys the same commit again.`);
}
function lookHint(nonce) {
    return `Look in the Run Command history of the AWS console for a command whose script holds ${(0,protocol/* markerPrefix */.X4)(nonce).trim()}, and cancel it or let it finish; run the job again if there is none.`;
}
/** The commands of this deploy among SSM's recent ones (one, unless a send landed late), by the nonce in their script. */
async function findSent(ssm, nonce, since) {
    const marker = (0,protocol/* markerPrefix */.X4)(nonce);
    const found = [];
    let token;
    for (let page = 0; page < LOOKUP_MAX_PAGES; page++) {
        const answer = await ssm.send(new dist_cjs.ListCommandsCommand({
            Filters: [
                // SSM takes a timestamp to the second, as 2024-07-07T00:00:00Z.
                { key: 'InvokedAfter', value: new Date(since).toISOString().replace(/\.\d+Z$/, 'Z') },
                { key: 'DocumentName', value: 'AWS-RunShellScript' },
            ],
            MaxResults: 50,
            ...(token === undefined ? {} : { NextToken: token }),
        }));
        for (const command of answer.Commands ?? [])
            if (command.Parameters?.commands?.some((line) => line.includes(marker)))
                found.push(command);
        token = answer.NextToken;
        if (token === undefined || token === '')
            return found;
    }
    throw new Error(`more than ${LOOKUP_MAX_PAGES * 50} commands were sent around this time; the search stopped`);
}
function sentFrom(command) {
    const commandId = command?.CommandId;
    if (commandId === undefined || commandId === '')
        throw new Error('SSM accepted the command but returned no command id');
    return { commandId, expiresAt: command?.ExpiresAfter?.getTime() };
}
function notSent(attempts, why, signal) {
    if (signal?.aborted)
        return new errors.ActionError('The workflow was cancelled before SSM took the command; nothing was sent, so nothing was deployed.');
    return new errors.ActionError(`SendCommand failed ${attempts} time(s), the last with ${why}; SSM has not taken the command, so nothing was deployed.`, {
        hint: 'SSM kept throttling or could not be reached: run the job again later, or raise AWS_MAX_ATTEMPTS.',
    });
}
function seconds(ms) {
    return `${(ms / 1000).toFixed(1)} s`;
}

;// CONCATENATED MODULE: ./src/deploy/deploy.ts
// Phase 3 from start to verdict: check that no secret would travel in the command, build the
// script, send it, wait, cancel when the wait must end early, collect every instance's result
// and decide the overall status. Plain data in and out; src/report/ shows it to the user.













/** Added to SSM's own total timeout before the wait gives up on its own. */
const DEADLINE_MARGIN_MS = 120_000;
/** A cancel that takes longer than this is abandoned: the runner kills the step soon after. */
const CANCEL_TIMEOUT_MS = 5_000;
/**
 * After the workflow's cancel, the cancel and a last look at the instances share this much time
 * from the moment the cancel was heard: the runner sends SIGTERM 7.5 s after its SIGINT, and the report
 * must be written before that.
 */
const AFTER_CANCEL_BUDGET_MS = 5_000;
/**
 * After the wait has ended, a fleet is listed again for at least this long while SSM has not listed
 * every instance in a final state (and, after a finished command, for as long as the wait itself
 * tolerates SSM not knowing the command).
 */
const RELIST_MIN_MS = 6_000;
/** Builds everything that would be sent; throws when it must not or cannot be. */
function prepareDeploy(request, nonce) {
    const leaks = secretsInCommand(request.deploy, request.secretValues);
    if (leaks.length > 0)
        throw new errors.ActionError(leaks.join('\n'), {
            hint: 'Let deploy-script read the secret on the instance instead (from Secrets Manager or Parameter Store, with the instance role).',
        });
    const script = (0,deploy_script/* buildScript */.AJ)({
        ...request.deploy,
        allowedBranches: request.deploy.allowedBranches ?? [],
        nonce,
    });
    const jsonBytes = (0,deploy_script/* scriptJsonBytes */.f)(script);
    if (jsonBytes > deploy_script/* MAX_SCRIPT_JSON_BYTES */.kj)
        throw new errors.ActionError(`The deploy script would be ${jsonBytes} bytes, over the ${deploy_script/* MAX_SCRIPT_JSON_BYTES */.kj} that fit in one SSM command (SSM allows 64 KB for a command's document and parameters).`, { hint: 'The env input makes up most of it: pass large values another way.' });
    return {
        script,
        shownScript: (0,deploy_script/* buildScript */.AJ)({
            ...request.deploy,
            env: request.deploy.env.map(({ name }) => ({ name, value: masks/* MASK */.v5 })),
            nonce,
        }),
        envNames: request.deploy.env.map(({ name }) => name),
        scriptBytes: Buffer.byteLength(script, 'utf8'),
        scriptJsonBytes: jsonBytes,
        input: buildSendCommandInput(request.deploy, script, request.fleetSize),
        nonce,
        waves: (0,timeouts/* waves */.Lp)(request.deploy, request.fleetSize),
        deliveryTimeoutSeconds: (0,timeouts/* deliveryTimeoutSeconds */.bL)(request.deploy, request.fleetSize),
    };
}
async function runDeploy(request, deps) {
    const prepared = prepareDeploy(request, deps.nonce());
    // Checked again once beforeSend is done: a cancel that came meanwhile still sends nothing.
    const stopIfCancelled = () => {
        if (deps.signal.aborted)
            throw new errors.ActionError('The workflow was cancelled before the command was sent; nothing was deployed.');
    };
    stopIfCancelled();
    const { deploy } = request;
    // A dry run checks the output bucket too: a real run would stop there.
    const outputS3 = deploy.outputS3 === undefined ? undefined : { ...deploy.outputS3, owner: await deps.account() };
    if (outputS3 !== undefined)
        await checkOutputBucket(deps.s3(), outputS3.bucket, outputS3.owner);
    if (request.dryRun)
        return { kind: 'dry-run', prepared };
    stopIfCancelled();
    await deps.beforeSend?.();
    stopIfCancelled();
    // The budget after a workflow cancel runs from when it was heard, not from when the wait ended.
    let cancelHeardAt;
    deps.signal.addEventListener('abort', () => {
        cancelHeardAt = deps.now();
    }, { once: true });
    deps.events?.onSending?.({ nonce: prepared.nonce, at: deps.now() });
    const sent = await sendExactlyOnce(prepared.input, prepared.nonce, {
        sendClient: deps.sendSsm,
        ssm: deps.ssm,
        now: deps.now,
        sleep: deps.sleep,
        random: deps.random ?? Math.random,
        maxAttempts: deps.sendAttempts,
        signal: deps.signal,
        onNote: deps.events?.onNote,
    });
    const sentAt = deps.now();
    deps.events?.onSent?.(sent.commandId);
    if (!deploy.wait)
        return { kind: 'sent', prepared, commandId: sent.commandId };
    const ssmTotalMs = (prepared.deliveryTimeoutSeconds + deploy.timeoutSeconds) * 1000;
    const deadline = Math.max(sentAt + ssmTotalMs, sent.expiresAt ?? 0) + DEADLINE_MARGIN_MS;
    const target = deploy.targets.kind === 'instances' && deploy.targets.instanceIds.length === 1
        ? { kind: 'one', instanceId: deploy.targets.instanceIds[0] ?? '' }
        : { kind: 'fleet' };
    const following = deps.followOutput === undefined
        ? undefined
        : followOutput(deps.followOutput(sent.commandId), prepared.nonce, deps.events ?? {}, deps.signal, deploy.targets.kind === 'instances' ? deploy.targets.instanceIds : []);
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
    // An unanswered send that SSM showed too late to be followed would deploy a second time. Not
    // in the hurry after a workflow cancel: the time left is the followed command's.
    if (sent.unsure !== undefined && ending.kind !== 'workflow-cancelled')
        await cancelStrays(sent.unsure, sent.commandId, {
            ssm: deps.ssm,
            onNote: deps.events?.onNote,
        });
    const endedAt = deps.now();
    // Cancelled by the workflow, the cancel and the look after it must fit in what the runner leaves.
    const hurry = ending.kind === 'workflow-cancelled'
        ? (cancelHeardAt ?? endedAt) + AFTER_CANCEL_BUDGET_MS
        : undefined;
    const cancel = ending.kind === 'finished'
        ? undefined
        : await cancelCommand(deps.sendSsm, sent.commandId, {
            deadline: hurry ?? endedAt + CANCEL_TIMEOUT_MS,
            now: deps.now,
            sleep: deps.sleep,
            acceptedAt: sentAt,
        });
    const fleetTarget = {
        kind: 'fleet',
        instanceIds: deploy.targets.kind === 'instances' ? deploy.targets.instanceIds : undefined,
    };
    const collected = hurry !== undefined
        ? {
            runs: (cancel?.kind === 'requested'
                ? await lookAfterCancel({
                    commandId: sent.commandId,
                    target: target.kind === 'one' ? target : fleetTarget,
                }, outcome.seen, deps, hurry)
                : undefined) ?? seenRuns(outcome.seen, deploy),
            unlisted: 0,
            listingError: undefined,
            notes: [],
        }
        : await collectRuns({
            commandId: sent.commandId,
            target: target.kind === 'one' ? target : fleetTarget,
            outputS3,
            refresh: ending.kind !== 'finished',
            sentAt,
            relistUntil: Math.max(endedAt + RELIST_MIN_MS, ending.kind === 'finished' ? sentAt + NOT_FOUND_WINDOW_MS : 0),
        }, outcome.seen, { ssm: deps.ssm, s3: deps.s3, now: deps.now, sleep: deps.sleep });
    const redact = (0,masks/* redactor */.$p)(request.secretValues);
    const context = {
        ...deploy,
        deliveryTimeoutCause: (0,timeouts/* deliveryTimeoutCause */.v_)(collected.runs.length, deploy, prepared.deliveryTimeoutSeconds),
    };
    const instances = collected.runs.map((run) => toResult(run, context, prepared.nonce, redact));
    const problems = [];
    if (ending.kind === 'lost')
        problems.push(ending.reason);
    if (collected.unlisted > 0)
        problems.push(unlistedProblem(collected.unlisted, outcome.seen, Math.round((deps.now() - sentAt) / 1000), collected.listingError));
    else if (ending.kind === 'finished' && instances.length === 0)
        problems.push(noInstanceProblem(deploy, outcome.seen));
    return {
        kind: 'done',
        prepared,
        report: {
            commandId: sent.commandId,
            nonce: prepared.nonce,
            region: request.region,
            consoleUrl: (0,deploy_status/* consoleUrl */.B9)(request.region, sent.commandId),
            // SSM's word that instances it never listed succeeded is not enough to call it a success.
            status: collected.unlisted > 0 && overallStatus(ending, instances) === 'Success'
                ? 'Failed'
                : overallStatus(ending, instances),
            ending,
            cancel,
            instances,
            deployedSha: commonSha(instances),
            attempted: deploy.ref.kind === 'sha' ? deploy.ref.sha : deploy.ref.name,
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
/**
 * What the wait saw, when SSM could not be asked again after the workflow's cancel: a final state
 * stands, anything else is unknown now.
 */
function seenRuns(seen, deploy) {
    const ids = deploy.targets.kind === 'instances'
        ? deploy.targets.instanceIds
        : seen.instances.map((i) => i.instanceId);
    return ids.map((instanceId) => {
        const status = seen.instances.find((i) => i.instanceId === instanceId);
        if (status === undefined || !(0,deploy_status/* isTerminal */.Hd)(status.status, status.statusDetails))
            return unknownRun(instanceId, seen, status === undefined
                ? 'the workflow was cancelled before SSM reported on it, and SSM could not be asked again'
                : 'the workflow was cancelled while it ran, and SSM could not be asked again');
        const invocation = seen.invocation?.InstanceId === instanceId ? seen.invocation : undefined;
        return {
            instanceId,
            status: status.status,
            statusDetails: status.statusDetails,
            responseCode: invocation?.ResponseCode,
            startedAt: undefined,
            endedAt: undefined,
            stdout: invocation?.StandardOutputContent ?? '',
            stderr: invocation?.StandardErrorContent ?? '',
            ssmOutput: `${invocation?.StandardOutputContent ?? ''}\n${invocation?.StandardErrorContent ?? ''}`,
            source: invocation === undefined ? 'none' : 'cut',
        };
    });
}
/**
 * What is known of a command some of whose instances were never listed: SSM's own counts, and why
 * they were not listed (the listing failed, or SSM had not listed them yet).
 */
function unlistedProblem(unlisted, seen, seconds, listingError) {
    const counts = seen.counts;
    const own = counts === undefined
        ? ''
        : ` (${counts.completed} of ${counts.target} finished, ${counts.errors} failed)`;
    const why = listingError === undefined
        ? `had not listed ${unlisted} of its instances ${seconds} s after it was sent`
        : `the step could not list its instances with ListCommandInvocations (${listingError}), so ${unlisted} of them were never seen`;
    return `SSM reports the command ${seen.commandStatus ?? 'unfinished'}${own}, but ${why}: their results were not seen, so the deploy is not reported as a success.`;
}
/** A finished command with no instance: what SSM counted says whether any matched. */
function noInstanceProblem(deploy, seen) {
    if (deploy.targets.kind !== 'tags')
        return 'SSM reported no instance for the command, so nothing was deployed.';
    const target = seen.counts?.target;
    return target === undefined || target === 0
        ? 'No instance matched the targets (SSM counted none for the command), so nothing was deployed. Check the tags, and that the instances are managed by SSM and online.'
        : `SSM counted ${target} instance(s) for the command but listed none, so what each did is not known; the deploy is not reported as a success.`;
}
function toResult(run, deploy, nonce, redact) {
    // The script prints the markers that name commits before deploy-script runs, so they are within
    // what SSM keeps; what S3 holds is never believed.
    const markers = (0,result/* parseMarkers */.FT)(run.ssmOutput, nonce);
    // Secrets out before anything is cut or shown; SSM's own copy may already be cut inside one.
    const cut = run.source === 'cut' || run.source === 'summary';
    const stdout = redact(run.stdout, cut);
    const stderr = redact(run.stderr, cut);
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
        attemptedSha: markers.target ?? (deploy.ref.kind === 'sha' ? deploy.ref.sha : null),
        deployedSha: meaning.deployedSha,
        rolledBack: meaning.rolledBack,
        healthy: meaning.healthy,
        success: run.unknown === undefined && meaning.success,
        reason: run.unknown ?? meaning.reason,
        stdout,
        stderr,
        source: run.source,
        stdoutTail: (0,result/* tail */.RT)(stdout, nonce),
        stderrTail: (0,result/* tail */.RT)(stderr, nonce),
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


/***/ }),

/***/ 8438:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EVENTS_PER_CALL: () => (/* binding */ EVENTS_PER_CALL),
/* harmony export */   MAX_CALLS_PER_POLL: () => (/* binding */ MAX_CALLS_PER_POLL),
/* harmony export */   endsScript: () => (/* binding */ endsScript),
/* harmony export */   followCommandLogs: () => (/* binding */ followCommandLogs)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(303);
// Follows a command's output in CloudWatch Logs while it runs, so a long deploy shows its output
// in the workflow log as it happens rather than only at the end. SSM writes one stream per
// instance and per output: `<commandId>/<instanceId>/aws-runShellScript/stdout` (and `stderr`).
//
// Anyone allowed to write the group can add streams to it and events with any timestamp, and an
// instance's clock can be wrong. So only the streams of this command's own instances are read, by
// name (an instance id comes from SSM or the inputs, never from a stream's name), each with
// GetLogEvents from its head and then from the forward token it returned: the position in the
// stream is the token's, and no event's timestamp ever moves what is read next.

/**
 * The end-of-command hint: whether a line is the remote script's last, its end marker
 * (`endMarker`: the marker prefix and `exit=`, printed to both streams as it exits). The instance
 * has then ended as far as its output goes, which SSM may say a moment later. A hint only: it can
 * bring a poll forward, and the nonce in the marker keeps anyone else's lines from being taken
 * for it, but the verdict is always SSM's.
 */
function endsScript(line, endMarker) {
    return line.message.startsWith(endMarker);
}
/** GetLogEvents calls per poll: streams beyond it are read in turn, at later polls. */
const MAX_CALLS_PER_POLL = 4;
/** Events asked for per call, so one chatty stream cannot make a poll arbitrarily long. */
const EVENTS_PER_CALL = 1_000;
const STREAMS = ['stdout', 'stderr'];
function followCommandLogs(logs, logGroupName, commandId) {
    const streams = new Map();
    /** Where the next poll starts in the round of streams, so each gets its turn. */
    let turn = 0;
    let calls = 0;
    const read = async (state, signal) => {
        calls++;
        let response;
        try {
            response = await logs.send(new _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_0__/* .GetLogEventsCommand */ .h7S({
                logGroupName,
                logStreamName: state.name,
                startFromHead: true,
                limit: EVENTS_PER_CALL,
                ...(state.token === undefined ? {} : { nextToken: state.token }),
            }), signal === undefined ? {} : { abortSignal: signal });
        }
        catch (error) {
            // The agent creates the group and the stream on its first write; until then, nothing.
            if (error instanceof _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_0__/* .ResourceNotFoundException */ .lBX)
                return [];
            throw error;
        }
        // At the end of the stream GetLogEvents answers no events and the token it was given, from
        // which later events are read.
        if (response.nextForwardToken !== undefined)
            state.token = response.nextForwardToken;
        return (response.events ?? []).map((event) => ({
            instanceId: state.instanceId,
            stream: state.stream,
            timestamp: event.timestamp ?? 0,
            message: (event.message ?? '').replace(/\r?\n$/, ''),
        }));
    };
    return {
        get calls() {
            return calls;
        },
        async poll(instances, signal) {
            for (const { instanceId } of instances)
                for (const stream of STREAMS) {
                    const name = `${commandId}/${instanceId}/aws-runShellScript/${stream}`;
                    if (!streams.has(name))
                        streams.set(name, { instanceId, stream, name, token: undefined, drained: false });
                }
            const finished = new Set(instances.filter((i) => i.finished).map((i) => i.instanceId));
            const open = [...streams.values()].filter((state) => !state.drained);
            const chosen = [];
            for (let index = 0; index < Math.min(MAX_CALLS_PER_POLL, open.length); index++) {
                const state = open[(turn + index) % open.length];
                if (state !== undefined)
                    chosen.push(state);
            }
            turn = open.length === 0 ? 0 : (turn + chosen.length) % open.length;
            const lines = [];
            for (const state of chosen) {
                // Whether the instance had finished before this read: then an empty answer is the end.
                const done = finished.has(state.instanceId);
                const found = await read(state, signal);
                if (done && found.length === 0)
                    state.drained = true;
                lines.push(...found);
            }
            // Shown in time order across streams; the order only, never what is read next.
            return lines.sort((a, b) => a.timestamp - b.timestamp);
        },
    };
}


/***/ })

};

//# sourceMappingURL=858.index.js.map