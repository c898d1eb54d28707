export const id = 813;
export const ids = [813,917,812,916];
export const modules = {

/***/ 813:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  POST_CANCEL_MS: () => (/* binding */ POST_CANCEL_MS),
  cancelPending: () => (/* binding */ cancelPending),
  findUnansweredSend: () => (/* binding */ findUnansweredSend)
});

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ssm/dist-cjs/index.js
var dist_cjs = __webpack_require__(4736);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/failure.ts
// Turns any error into what a person on call can act on: one message per problem, a hint where
// the cause is known, and a stack trace only when step debugging is on.

/** What to check for the AWS errors people hit most, by exception name. */
const HINTS = {
    CredentialsProviderError: 'No AWS credentials were found. Add aws-actions/configure-aws-credentials (with GitHub OIDC) before this step.',
    ExpiredTokenException: 'The AWS credentials have expired. Raise role-duration-seconds in configure-aws-credentials, or run it closer to this step.',
    UnrecognizedClientException: 'AWS does not recognise these credentials. Check the role configure-aws-credentials assumes, and the region.',
    AccessDeniedException: "The role is missing a permission. Compare its policy with the README's least-privilege IAM policy.",
    AccessDenied: "The role is missing a permission. Compare its policy with the README's least-privilege IAM policy.",
    ThrottlingException: 'AWS kept throttling the calls after every retry. Try again, or raise AWS_MAX_ATTEMPTS.',
    // S3's name for throttling.
    SlowDown: 'AWS kept throttling the calls after every retry. Try again, or raise AWS_MAX_ATTEMPTS.',
    TimeoutError: 'An AWS endpoint did not answer in time. Check the region and the network.',
};
/** What to check for an AWS error of this name, when it is one people hit often. */
function failure_knownHint(errorName) {
    return HINTS[errorName];
}
function describeFailure(error, debug) {
    // Its warnings are shown as warnings, by whoever caught it.
    if (error instanceof FailureWithWarnings)
        return describeFailure(error.failure, debug);
    if (error instanceof AggregateError) {
        const parts = error.errors.map((inner) => describeFailure(inner, debug));
        const traces = parts.map((part) => part.debug).filter((trace) => trace !== undefined);
        return {
            messages: parts.flatMap((part) => part.messages),
            debug: traces.length > 0 ? traces.join('\n') : undefined,
        };
    }
    const stack = debug && error instanceof Error ? error.stack : undefined;
    if (error instanceof InputError)
        return { messages: groupByInput(error), debug: stack };
    if (error instanceof ActionError)
        return { messages: [withHint(error.message, error.hint)], debug: stack };
    if (error instanceof Error) {
        const name = error.name && error.name !== 'Error' ? `${error.name}: ` : '';
        return { messages: [withHint(`${name}${error.message}`, HINTS[error.name])], debug: stack };
    }
    return { messages: [`Unexpected failure: ${String(error)}`], debug: undefined };
}
/**
 * Problems shown per input. An input of thousands of bad lines would otherwise make one annotation
 * of megabytes, which the runner cuts at 4,096 characters anyway; the first few say what is wrong.
 */
const MAX_PROBLEMS_SHOWN = 10;
/** One message per input, however many problems it has, so each bad input is one annotation. */
function groupByInput(error) {
    const groups = new Map();
    for (const problem of error.problems) {
        const key = problem.input ?? '';
        const group = groups.get(key);
        if (group === undefined)
            groups.set(key, [formatProblem(problem)]);
        else
            group.push(problem.message);
    }
    return [...groups.values()].map((group) => {
        const hidden = group.length - MAX_PROBLEMS_SHOWN;
        const shown = hidden > 0 ? group.slice(0, MAX_PROBLEMS_SHOWN) : group;
        return [
            ...shown,
            ...(hidden > 0 ? [`… and ${hidden} more problems with this input.`] : []),
        ].join('\n');
    });
}
function withHint(message, hint) {
    return hint === undefined ? message : `${message}\n${hint}`;
}

;// CONCATENATED MODULE: ./src/aws-errors.ts
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
function aws_errors_isThrottling(error) {
    const { code, status } = awsErrorFacts(error);
    return THROTTLING.has(code) || status === 429;
}
/** Any other 4xx: AWS answered and refused the request itself, and will refuse it again. */
function aws_errors_isRefusal(error) {
    const { status } = awsErrorFacts(error);
    return status !== undefined && status >= 400 && status < 500 && !aws_errors_isThrottling(error);
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
    const known = knownHint(code);
    if (known !== undefined)
        return known;
    if (status !== undefined && aws_errors_isRefusal(error))
        return `AWS refused the request itself (HTTP ${status}), so running the job again as it is will fail the same way; the message says what it objects to.`;
    return 'The call kept failing after every retry. Check the region and the network, or raise AWS_MAX_ATTEMPTS, then run the job again.';
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
class NotYet extends (/* unused pure expression or super */ null && (Error)) {
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
        const invocation = await this.deps.ssm.send(new GetCommandInvocationCommand({
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
        return isTerminal(invocation.Status, invocation.StatusDetails);
    }
    async pollFleet() {
        const response = await this.deps.ssm.send(new ListCommandsCommand({ CommandId: this.request.commandId }), this.callOptions());
        const command = response.Commands?.find((c) => c.CommandId === this.request.commandId);
        if (command === undefined)
            throw new NotYet('the command is not listed yet');
        this.commandStatus = command.Status;
        this.statusDetails = command.StatusDetails;
        this.counts = countsOf(command);
        const terminal = isTerminal(command.Status, command.StatusDetails);
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
                const page = await this.deps.ssm.send(new ListCommandInvocationsCommand({
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
            return { reason: `polling SSM failed: ${describeError(error)}`, error };
        // Throttling, a network failure or a server error: the command runs on regardless, so keep
        // polling until the deadline, and say so now and then.
        this.failingSince ??= now;
        if (now - this.failingSince >= ERROR_NOTE_EVERY_MS &&
            now - this.lastErrorNoteAt >= ERROR_NOTE_EVERY_MS) {
            this.lastErrorNoteAt = now;
            this.deps.onNote?.(`SSM has not answered for ${Math.round((now - this.failingSince) / 1000)} s (${describeError(error)}); still trying until the deadline.`);
        }
        return undefined;
    }
    progress() {
        const key = JSON.stringify([this.commandStatus, this.counts, tally(this.instances)]);
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
        TimeoutSeconds: deliveryTimeoutSeconds(deploy, fleet),
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
function command_refusal(error) {
    const hint = error instanceof Error ? SEND_HINTS[error.name] : undefined;
    if (hint === undefined || !(error instanceof Error))
        return error;
    return new ActionError(`SSM refused the command: ${error.name}: ${error.message}`, {
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
async function command_cancelCommand(ssm, commandId, within) {
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
            if (within === undefined || isAbort(error) || (aws_errors_isRefusal(error) && !unknown))
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

// EXTERNAL MODULE: ./src/deploy/sleep.ts
var sleep = __webpack_require__(9812);
// EXTERNAL MODULE: ./src/deploy/protocol.ts
var protocol = __webpack_require__(531);
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
class SendUnresolved extends (/* unused pure expression or super */ null && (ActionError)) {
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
    if (isThrottling(error))
        return { kind: 'not-sent', throttled: true };
    if (typeof code === 'string' && NOT_SENT.has(code))
        return { kind: 'not-sent', throttled: false };
    if (LOCAL.has(error.name))
        return { kind: 'refused', throttled: false };
    if (isRefusal(error))
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
            const response = await deps.sendClient.send(new SendCommandCommand(input));
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
        const why = describeError(error);
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
            throw new ActionError(`SendCommand failed ${attempt} time(s), the last without an answer (${why}); SSM showed no command with this deploy's marker ${seconds(SETTLE_MS)} after each, so as far as SSM shows nothing was deployed.`, {
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
            throw new SendUnresolved(`SendCommand got no answer (${why}), and SSM could not be asked whether it received the command (${describeError(lookupError)}). It is not sent again, so that the deploy cannot run twice; it may or may not be running.`, { hint: lookHint(nonce), cause: sendError });
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
            : `SSM also has command ${id} with this deploy's marker, from a send that landed late, and cancelling it failed (${result.kind === 'failed' ? describeError(result.error) : 'SSM no longer knows it'}); it may run the deploy a second time.`);
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
        deps.onNote?.(`Could not ask SSM whether an earlier, unanswered send of this deploy landed late (${describeError(error)}); look for a second command whose script holds ${markerPrefix(unsure.nonce).trim()}.`);
        return;
    }
    await cancelExtra(strays.filter((command) => command.Status === 'Pending'), followed, deps);
    for (const command of strays.filter((c) => c.Status !== 'Pending'))
        deps.onNote?.(`SSM also has command ${command.CommandId ?? ''} with this deploy's marker, from a send that landed late, and it has already started (${command.Status ?? 'status unknown'}): it is left to finish, and deploys the same commit again.`);
}
function lookHint(nonce) {
    return `Look in the Run Command history of the AWS console for a command whose script holds ${markerPrefix(nonce).trim()}, and cancel it or let it finish; run the job again if there is none.`;
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
        return new ActionError('The workflow was cancelled before SSM took the command; nothing was sent, so nothing was deployed.');
    return new ActionError(`SendCommand failed ${attempts} time(s), the last with ${why}; SSM has not taken the command, so nothing was deployed.`, {
        hint: 'SSM kept throttling or could not be reached: run the job again later, or raise AWS_MAX_ATTEMPTS.',
    });
}
function seconds(ms) {
    return `${(ms / 1000).toFixed(1)} s`;
}

;// CONCATENATED MODULE: ./src/deploy/post-cancel.ts
// What the post step does with a command id left in step state: look first, then cancel only
// what is still running, so the log says which of the two happened.





/** How long the post step keeps at a cancel that fails (the job waits for the post step). */
const POST_CANCEL_MS = 20_000;
const realDeps = { now: Date.now, sleep: sleep.sleep };
/**
 * Cancels `commandId` unless it has finished. `acceptedAt`, when known, is when SSM took it: until
 * SSM's not-found window has passed, its InvalidCommandId means it has not caught up yet.
 */
async function cancelPending(ssm, commandId, acceptedAt, deps = realDeps) {
    try {
        const listed = await ssm.send(new dist_cjs.ListCommandsCommand({ CommandId: commandId }));
        const command = listed.Commands?.find((c) => c.CommandId === commandId);
        if (command !== undefined && (0,deploy_status.isTerminal)(command.Status, command.StatusDetails))
            return { kind: 'finished', status: command.Status ?? 'finished' };
    }
    catch {
        // Looking is only for the message; the cancel below is what matters.
    }
    const result = await command_cancelCommand(ssm, commandId, {
        deadline: deps.now() + POST_CANCEL_MS,
        now: deps.now,
        sleep: deps.sleep,
        ...(acceptedAt === undefined ? {} : { acceptedAt }),
    });
    switch (result.kind) {
        case 'requested':
            return { kind: 'cancelled' };
        case 'unknown-command':
            return { kind: 'unknown-command' };
        case 'failed':
            return { kind: 'failed', error: result.error };
    }
}
/**
 * The commands of a send the main step made without an answer, by the marker nonce in their
 * script. SSM is asked now and, while it shows nothing, after each settle pause: the main step was
 * stopped at most moments ago, so a send it had in flight has landed by the end, as it would have
 * for the main step itself.
 */
async function findUnansweredSend(ssm, nonce, sendingAt, deps = realDeps) {
    const started = deps.now();
    const since = (sendingAt > 0 ? sendingAt : started) - LOOKUP_MARGIN_MS;
    for (const pause of [0, ...SETTLE_PAUSES_MS]) {
        if (pause > 0)
            await deps.sleep(pause);
        try {
            const found = await findSent(ssm, nonce, since);
            const commandIds = found.flatMap((command) => command.CommandId === undefined ? [] : [command.CommandId]);
            if (commandIds.length > 0)
                return { kind: 'found', commandIds };
        }
        catch (error) {
            return { kind: 'failed', error };
        }
    }
    return { kind: 'none', lookedMs: deps.now() - started };
}


/***/ }),

/***/ 531:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BP: () => (/* binding */ RESERVED_EXIT_CODES),
/* harmony export */   X4: () => (/* binding */ markerPrefix),
/* harmony export */   au: () => (/* binding */ NONCE),
/* harmony export */   dc: () => (/* binding */ EXIT),
/* harmony export */   gR: () => (/* binding */ HEALTH_OUTPUT_MAX)
/* harmony export */ });
/* unused harmony exports EXIT_REASONS, exitName, MARKER_KEYS */
// The contract between the remote script (script.ts writes it) and the result parser (result.ts
// reads it): exit codes and marker lines. Both sides import these definitions, so they cannot
// drift apart.
/**
 * Exit codes of the remote script. They sit in 210–229: clear of what scripts commonly return
 * (1, 2, 126, 127, 255), of 128+signal (129–192), and of the two codes the SSM agent treats
 * specially on Linux (137: stopped, reported as TimedOut or Cancelled; 194: reboot requested).
 * A deploy-script that itself exits with a code in this range is reported as 210, with its own
 * code in the output, so a code here always means what this table says.
 */
const EXIT = {
    scriptReservedCode: 210,
    workingDirectoryMissing: 211,
    notACheckout: 212,
    deployScriptMissing: 213,
    trackedFilesModified: 214,
    lockTimeout: 215,
    refNotFound: 216,
    checkoutFailed: 217,
    runAsMissing: 218,
    fetchFailed: 219,
    rolledBack: 220,
    rollbackFailed: 221,
    programMissing: 222,
    deployScriptKilled: 223,
    lockUnsafe: 224,
    runAsUnsafe: 225,
    unhealthy: 226,
    refNotAllowed: 227,
    internalError: 229,
};
const RESERVED_EXIT_CODES = { min: 210, max: 229 };
/** What each exit code means, said to the person reading the annotation. */
const EXIT_REASONS = {
    scriptReservedCode: 'deploy-script failed with an exit code in the range ssm-deploy reserves (210-229); its own code is in the output',
    workingDirectoryMissing: 'working-directory does not exist on the instance',
    notACheckout: 'working-directory is not a git checkout (or git refused to use it)',
    deployScriptMissing: 'deploy-script is missing or not executable at the deployed commit',
    trackedFilesModified: 'tracked files were changed on the instance; the deploy stopped rather than discard them',
    lockTimeout: 'another deploy held the lock on this checkout for the whole wait',
    refNotFound: 'ref was not found on the remote of the checkout',
    checkoutFailed: 'the checkout could not be brought to the commit (git checkout failed or HEAD differs)',
    runAsMissing: 'the run-as user does not exist on the instance',
    fetchFailed: 'git fetch failed (network, credentials, or no remote named origin)',
    rolledBack: 'deploy-script failed; the checkout was rolled back to the previous commit and deploy-script succeeded there',
    rollbackFailed: 'deploy-script failed, and rolling back to the previous commit failed too',
    programMissing: 'a program the deploy needs is missing on the instance (git, flock, or runuser or setpriv to run as run-as)',
    deployScriptKilled: 'deploy-script was killed (SIGKILL, often the out-of-memory killer)',
    lockUnsafe: 'the lock directory /run/ssm-deploy (or /run) may be written by users other than root; see the output',
    runAsUnsafe: 'the checkout, its .git or deploy-script can be written by a user other than the one the deploy runs as; the output names the files',
    unhealthy: 'deploy-script succeeded, but the instance did not pass health-check within health-check-timeout',
    refNotAllowed: 'the commit is not on any of the allowed branches of origin (as the instance fetched them); nothing was changed',
    internalError: 'the ssm-deploy script itself failed unexpectedly',
};
const BY_CODE = new Map(Object.entries(EXIT).map(([name, code]) => [code, name]));
/** The name of one of the remote script's own exit codes, or undefined for any other code. */
function exitName(code) {
    return BY_CODE.get(code);
}
/**
 * Marker lines: `[ssm-deploy:<nonce>] <key>=<value>`. The nonce is random per deploy, so neither
 * a deploy-script's own output nor the log of an earlier deploy (a script that prints its last
 * log, say) can pass for a marker of this one.
 */
const MARKER_KEYS = (/* unused pure expression or super */ null && ([
    /** The commit the checkout had before the deploy, or `none`. */
    'before',
    /** The commit `ref` resolved to. */
    'target',
    /** HEAD once verified, before deploy-script runs (after it, with git-pull false). */
    'deployed',
    /** Printed as deploy-script starts: `script`, then `rollback` if it comes to that. */
    'stage',
    /** deploy-script's own exit code. */
    'script-exit',
    /** The commit the checkout was rolled back to. */
    'rolled-back',
    /** deploy-script's exit code when run again after the rollback. */
    'rollback-exit',
    /** The health check after deploy-script: `passed` or `failed`. */
    'health',
    /** The health check after the rollback's deploy-script: `passed` or `failed`. */
    'rollback-health',
    /** The last output of a health check that failed, on one line, bounded. */
    'health-output',
    /** The remote script's own exit code, printed last. */
    'exit',
]));
const NONCE = /^[0-9a-f]{12}$/;
/** The most characters of a failed health check's last output that the script prints. */
const HEALTH_OUTPUT_MAX = 500;
function markerPrefix(nonce) {
    return `[ssm-deploy:${nonce}] `;
}


/***/ }),

/***/ 9812:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   sleep: () => (/* binding */ sleep)
/* harmony export */ });
/** The real sleep: a timer that an aborted signal ends early. */
const sleep = (ms, signal) => new Promise((resolve) => {
    if (signal?.aborted) {
        resolve();
        return;
    }
    const onAbort = () => {
        clearTimeout(timer);
        resolve();
    };
    const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
});


/***/ }),

/***/ 8917:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   UNKNOWN_STATUS: () => (/* binding */ UNKNOWN_STATUS),
/* harmony export */   consoleUrl: () => (/* binding */ consoleUrl),
/* harmony export */   describeError: () => (/* binding */ describeError),
/* harmony export */   isTerminal: () => (/* binding */ isTerminal),
/* harmony export */   tally: () => (/* binding */ tally)
/* harmony export */ });
// SSM's statuses, and how they are read: pure, so the report can use it without the SDK.
/** The status of an instance whose final state SSM never reported: not one of SSM's own. */
const UNKNOWN_STATUS = 'Unknown';
const TERMINAL_STATUSES = new Set([
    'Success',
    'Failed',
    'TimedOut',
    'Cancelled',
    'Cancelling',
    'DeliveryTimedOut',
    'Undeliverable',
    'Terminated',
    'InvalidPlatform',
    'AccessDenied',
]);
const TERMINAL_DETAILS = new Set([
    'Success',
    'Failed',
    'Delivery Timed Out',
    'Execution Timed Out',
    'Canceled',
    'Cancelled',
    'Undeliverable',
    'Terminated',
    'Incomplete',
    'Rate Exceeded',
    'Access Denied',
    'No Instances In Tag',
]);
/**
 * Whether SSM will change this status no more. ResponseCode -1 alone is not terminal: SSM reports
 * it for every invocation that has not started yet; with a terminal status it means "never ran".
 */
function isTerminal(status, details) {
    return ((status !== undefined && TERMINAL_STATUSES.has(status)) ||
        (details !== undefined && TERMINAL_DETAILS.has(details)));
}
/** Instances by status, e.g. `[['InProgress', 2], ['Success', 1]]`, in a stable order. */
function tally(instances) {
    const counts = new Map();
    for (const { status } of instances)
        counts.set(status, (counts.get(status) ?? 0) + 1);
    return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b));
}
function describeError(error) {
    if (error instanceof Error)
        return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
    return String(error);
}
/** The command's page in the AWS console. */
function consoleUrl(region, commandId) {
    return `https://${region}.console.aws.amazon.com/systems-manager/run-command/${encodeURIComponent(commandId)}?region=${region}`;
}


/***/ }),

/***/ 3916:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ActionError: () => (/* binding */ ActionError),
/* harmony export */   FailureWithWarnings: () => (/* binding */ FailureWithWarnings),
/* harmony export */   InputError: () => (/* binding */ InputError),
/* harmony export */   combineErrors: () => (/* binding */ combineErrors),
/* harmony export */   failWith: () => (/* binding */ failWith),
/* harmony export */   formatProblem: () => (/* binding */ formatProblem)
/* harmony export */ });
/** Every problem found in the inputs, reported together before any AWS call. */
class InputError extends Error {
    name = 'InputError';
    problems;
    constructor(problems) {
        super(problems.map(formatProblem).join('\n'));
        this.problems = problems;
    }
}
function formatProblem(problem) {
    return problem.input === undefined
        ? problem.message
        : `Input "${problem.input}": ${problem.message}`;
}
/**
 * A failure the user can act on: what went wrong, and what to do about it. Messages never carry a
 * secret's value.
 */
class ActionError extends Error {
    name = 'ActionError';
    hint;
    constructor(message, options = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.hint = options.hint;
    }
}
/**
 * Several independent failures as one thrown error: the error itself when there is one, else an
 * `AggregateError` whose errors each become their own annotation.
 */
function combineErrors(errors) {
    if (errors.length === 1 && errors[0] !== undefined)
        return errors[0];
    return new AggregateError(errors, `${errors.length} problems`);
}
/**
 * A failure together with the warnings gathered before it (a secret missing under if-missing:
 * warn, a JSON key too short to mask), which are still to be shown though the step fails.
 */
class FailureWithWarnings extends Error {
    name = 'FailureWithWarnings';
    failure;
    warnings;
    constructor(failure, warnings) {
        super(failure.message, { cause: failure });
        this.failure = failure;
        this.warnings = warnings;
    }
}
/** `combineErrors(errors)`, carrying `warnings` along when there are any. */
function failWith(errors, warnings) {
    const error = combineErrors(errors);
    return warnings.length === 0 ? error : new FailureWithWarnings(error, warnings);
}


/***/ })

};

//# sourceMappingURL=813.index.js.map