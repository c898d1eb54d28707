export const id = 205;
export const ids = [205];
export const modules = {

/***/ 4730:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FT: () => (/* binding */ parseMarkers),
/* harmony export */   RT: () => (/* binding */ tail),
/* harmony export */   U4: () => (/* binding */ interpret),
/* harmony export */   Y: () => (/* binding */ withoutMarkers)
/* harmony export */ });
/* harmony import */ var _names_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6455);
/* harmony import */ var _protocol_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(531);
// Reads back what the remote script said: its marker lines and its exit code, combined with the
// SSM status of the invocation, become one instance's result and a reason a person can act on.


function isHealthVerdict(value) {
    return value === 'passed' || value === 'failed';
}
const EXIT_CODE = /^(?:0|[1-9][0-9]{0,2})$/;
/**
 * The markers of this deploy found in `text` (stdout and stderr together). Strict: a line counts
 * only when it is exactly a marker with this deploy's nonce, a known key and a well-formed value;
 * anything else is the deploy-script's output, whatever it looks like. When a key appears more
 * than once (the end markers are printed on both streams), the first well-formed one wins.
 */
function parseMarkers(text, nonce) {
    const prefix = (0,_protocol_js__WEBPACK_IMPORTED_MODULE_0__/* .markerPrefix */ .X4)(nonce);
    const found = {};
    for (const raw of text.split('\n')) {
        const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        if (!line.startsWith(prefix))
            continue;
        const rest = line.slice(prefix.length);
        const equals = rest.indexOf('=');
        if (equals < 0)
            continue;
        const key = rest.slice(0, equals);
        const value = rest.slice(equals + 1);
        if (!isMarkerKey(key))
            continue;
        switch (key) {
            case 'before':
                if (found.before === undefined && (value === 'none' || _names_js__WEBPACK_IMPORTED_MODULE_1__/* .FULL_SHA */ .RG.test(value)))
                    found.before = value === 'none' ? null : value;
                break;
            case 'target':
                if (found.target === undefined && _names_js__WEBPACK_IMPORTED_MODULE_1__/* .FULL_SHA */ .RG.test(value))
                    found.target = value;
                break;
            case 'deployed':
                if (found.deployed === undefined && _names_js__WEBPACK_IMPORTED_MODULE_1__/* .FULL_SHA */ .RG.test(value))
                    found.deployed = value;
                break;
            case 'stage':
                // The later stage wins: `rollback` follows `script`.
                if (value === 'script' && found.stage === undefined)
                    found.stage = 'script';
                else if (value === 'rollback')
                    found.stage = 'rollback';
                break;
            case 'script-exit':
                if (found.scriptExit === undefined && EXIT_CODE.test(value))
                    found.scriptExit = Number(value);
                break;
            case 'rolled-back':
                if (found.rolledBack === undefined && _names_js__WEBPACK_IMPORTED_MODULE_1__/* .FULL_SHA */ .RG.test(value))
                    found.rolledBack = value;
                break;
            case 'rollback-exit':
                if (found.rollbackExit === undefined && EXIT_CODE.test(value))
                    found.rollbackExit = Number(value);
                break;
            case 'health':
                if (found.health === undefined && isHealthVerdict(value))
                    found.health = value;
                break;
            case 'rollback-health':
                if (found.rollbackHealth === undefined && isHealthVerdict(value))
                    found.rollbackHealth = value;
                break;
            case 'health-output':
                if (found.healthOutput === undefined && value.length <= _protocol_js__WEBPACK_IMPORTED_MODULE_0__/* .HEALTH_OUTPUT_MAX */ .gR)
                    found.healthOutput = value;
                break;
            case 'exit':
                if (found.exit === undefined && EXIT_CODE.test(value))
                    found.exit = Number(value);
                break;
        }
    }
    return found;
}
function isMarkerKey(key) {
    return _protocol_js__WEBPACK_IMPORTED_MODULE_0__/* .MARKER_KEYS */ .ui.includes(key);
}
/** `text` without this deploy's marker lines: what the deploy printed for people. */
function withoutMarkers(text, nonce) {
    const prefix = (0,_protocol_js__WEBPACK_IMPORTED_MODULE_0__/* .markerPrefix */ .X4)(nonce);
    return text
        .split('\n')
        .filter((line) => !line.startsWith(prefix))
        .join('\n');
}
/** The last `maxLines` lines of `text`, at most `maxChars` characters, without markers. */
function tail(text, nonce, maxLines = 20, maxChars = 1000) {
    const lines = withoutMarkers(text, nonce).replace(/\s+$/, '').split('\n').slice(-maxLines);
    // Whole lines, so that a tail never starts inside a value the runner masks only whole; only a
    // last line longer than the whole tail is cut.
    let length = lines.reduce((sum, line) => sum + line.length + 1, -1);
    while (length > maxChars && lines.length > 1)
        length -= (lines.shift()?.length ?? 0) + 1;
    const last = lines.join('\n');
    return last.length > maxChars ? `…${last.slice(last.length - maxChars + 1)}` : last;
}
/**
 * One instance's outcome from its SSM state and the markers in its output. The exit code decides
 * (it is never truncated); markers add the commits and, when they survived truncation, details.
 */
function interpret(state, markers, context) {
    const meaning = interpretRun(state, markers, context);
    return { ...meaning, healthy: healthOf(state, markers, context, meaning.rolledBack) };
}
/**
 * Health from the markers, printed on both streams after deploy-script; when its output cut them
 * off, from the exit code, which is never cut: 0 and 220 are given only after a check passed,
 * 226 only after it failed.
 */
function healthOf(state, markers, context, rolledBack) {
    if (context.healthCheck === undefined)
        return null;
    const verdict = rolledBack ? markers.rollbackHealth : markers.health;
    if (verdict !== undefined)
        return verdict === 'passed';
    if (state.status !== 'Success' && state.status !== 'Failed')
        return null;
    const name = state.responseCode === undefined ? undefined : (0,_protocol_js__WEBPACK_IMPORTED_MODULE_0__/* .exitName */ .Yy)(state.responseCode);
    if (state.responseCode === 0 || name === 'rolledBack')
        return true;
    if (name === 'unhealthy')
        return false;
    return null;
}
function interpretRun(state, markers, context) {
    const previousSha = markers.before ?? null;
    const code = state.responseCode;
    const success = state.status === 'Success' && (code === undefined || code === 0);
    const shaRef = context.ref.kind === 'sha' ? context.ref.sha : undefined;
    if (success) {
        // The script verified HEAD before running deploy-script, so with git-pull a sha ref is
        // what is checked out even when the markers were lost; a branch needs the marker.
        const deployedSha = markers.deployed ?? (context.gitPull ? (shaRef ?? null) : null);
        return { success, reason: undefined, previousSha, deployedSha, rolledBack: false };
    }
    const ssmReason = reasonFromSsm(state, context);
    if (ssmReason !== undefined)
        return {
            success,
            reason: ssmReason,
            previousSha,
            deployedSha: markers.deployed ?? null,
            rolledBack: markers.rolledBack !== undefined,
        };
    const name = code === undefined ? undefined : (0,_protocol_js__WEBPACK_IMPORTED_MODULE_0__/* .exitName */ .Yy)(code);
    const scriptCode = markers.scriptExit;
    switch (name) {
        case 'rolledBack':
            return {
                success,
                reason: `${firstFailure(markers)}; the checkout was rolled back to ${short(markers.rolledBack ?? previousSha)} and deploy-script${context.healthCheck === undefined ? '' : ' and health-check'} succeeded there`,
                previousSha,
                deployedSha: markers.rolledBack ?? previousSha,
                rolledBack: true,
            };
        case 'rollbackFailed':
            return {
                success,
                reason: markers.rolledBack === undefined
                    ? `${firstFailure(markers)}, and the checkout could not be rolled back to ${short(previousSha)}`
                    : markers.rollbackExit === 0 && markers.rollbackHealth === 'failed'
                        ? `${firstFailure(markers)}; after rolling back to ${short(markers.rolledBack)} deploy-script succeeded but health-check failed there too`
                        : `${firstFailure(markers)}; after rolling back to ${short(markers.rolledBack)} it failed there too${exitText(markers.rollbackExit)}`,
                previousSha,
                deployedSha: markers.rolledBack ?? null,
                rolledBack: markers.rolledBack !== undefined,
            };
        case 'scriptReservedCode':
        case 'deployScriptKilled':
            return {
                success,
                reason: `${_protocol_js__WEBPACK_IMPORTED_MODULE_0__/* .EXIT_REASONS */ .dv[name]}${scriptCode === undefined ? '' : ` (its exit code: ${scriptCode})`}`,
                previousSha,
                deployedSha: markers.deployed ?? null,
                rolledBack: false,
            };
        case 'runAsUnsafe':
            // Refused before git runs, or (for deploy-script itself) once the checkout has moved.
            return {
                success,
                reason: _protocol_js__WEBPACK_IMPORTED_MODULE_0__/* .EXIT_REASONS */ .dv[name],
                previousSha,
                deployedSha: markers.deployed ?? previousSha,
                rolledBack: false,
            };
        case 'unhealthy':
            return {
                success,
                reason: `${_protocol_js__WEBPACK_IMPORTED_MODULE_0__/* .EXIT_REASONS */ .dv[name]} (${context.healthCheck?.timeoutSeconds ?? '?'} s)${healthOutputText(markers)}`,
                previousSha,
                deployedSha: markers.deployed ?? (context.gitPull ? (shaRef ?? null) : null),
                rolledBack: false,
            };
        case 'checkoutFailed':
        case 'internalError':
            return {
                success,
                reason: _protocol_js__WEBPACK_IMPORTED_MODULE_0__/* .EXIT_REASONS */ .dv[name],
                previousSha,
                deployedSha: markers.deployed ?? null,
                rolledBack: false,
            };
        case undefined:
            return {
                success,
                reason: code === undefined
                    ? `SSM reports ${describeStatus(state)} without an exit code`
                    : `deploy-script failed with exit code ${code}`,
                previousSha,
                deployedSha: markers.deployed ?? null,
                rolledBack: false,
            };
        case 'workingDirectoryMissing':
        case 'notACheckout':
        case 'deployScriptMissing':
        case 'trackedFilesModified':
        case 'lockTimeout':
        case 'refNotFound':
        case 'runAsMissing':
        case 'fetchFailed':
        case 'programMissing':
        case 'lockUnsafe':
        case 'refNotAllowed':
            // These stop the script before the checkout moves: the instance is where it was.
            return {
                success,
                reason: _protocol_js__WEBPACK_IMPORTED_MODULE_0__/* .EXIT_REASONS */ .dv[name],
                previousSha,
                deployedSha: previousSha,
                rolledBack: false,
            };
    }
}
/** A reason that SSM's own status gives better than any exit code, or undefined. */
function reasonFromSsm(state, context) {
    // The documentation spells details with spaces ("Delivery Timed Out"), answers can spell them
    // without ("DeliveryTimedOut"): both read the same. A delivery timeout is also status TimedOut,
    // so it must be told apart before the execution timeout.
    const details = state.statusDetails.replaceAll(' ', '');
    if (details === 'Undeliverable')
        return 'SSM could not deliver the command: the instance is not a managed instance that SSM can reach (terminated, or no SSM agent)';
    if (details === 'DeliveryTimedOut' || state.status === 'DeliveryTimedOut')
        return `SSM could not deliver the command before the delivery timeout: is the instance running, with its SSM agent online?${context.deliveryTimeoutCause === undefined ? '' : ` ${context.deliveryTimeoutCause}`}`;
    if (details === 'Terminated')
        return 'not run: the command reached max-errors on other instances first';
    if (details === 'ExecutionTimedOut' || state.status === 'TimedOut')
        return `the deploy ran longer than timeout-seconds (${context.timeoutSeconds} s) and was stopped`;
    if (state.status === 'Cancelled' || state.status === 'Cancelling' || details === 'Canceled')
        return 'the command was cancelled';
    if (state.responseCode === -1)
        return 'the command never started on the instance';
    return undefined;
}
function describeStatus(state) {
    return state.statusDetails && state.statusDetails !== state.status
        ? `${state.status} (${state.statusDetails})`
        : state.status;
}
/** What failed first: deploy-script, or the health check after it succeeded. */
function firstFailure(markers) {
    return markers.scriptExit === 0 && markers.health === 'failed'
        ? `deploy-script succeeded but health-check failed${healthOutputText(markers)}`
        : `deploy-script failed${exitText(markers.scriptExit)}`;
}
function healthOutputText(markers) {
    const output = markers.healthOutput?.trim();
    return output ? `; its last output: ${output}` : '';
}
function exitText(code) {
    return code === undefined ? '' : ` (exit code ${code})`;
}
function short(sha) {
    return sha ? sha.slice(0, 12) : 'the previous commit';
}


/***/ }),

/***/ 8917:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B9: () => (/* binding */ consoleUrl),
/* harmony export */   Hd: () => (/* binding */ isTerminal),
/* harmony export */   N4: () => (/* binding */ tally),
/* harmony export */   Uc: () => (/* binding */ describeError),
/* harmony export */   uy: () => (/* binding */ UNKNOWN_STATUS)
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

/***/ 6515:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Lp: () => (/* binding */ waves),
/* harmony export */   bL: () => (/* binding */ deliveryTimeoutSeconds),
/* harmony export */   v_: () => (/* binding */ deliveryTimeoutCause)
/* harmony export */ });
/* unused harmony exports DELIVERY_TIMEOUT_SECONDS, DELIVERY_TIMEOUT_MAX */
// How long each part of a deploy may take. Pure, so the plan can show it without the SDK.
/**
 * How long SSM may take to hand the command to an instance's agent. An instance that is stopped
 * or whose agent is offline holds the deploy for this long before it is reported, so it is far
 * shorter than SSM's own default of an hour; ten minutes still rides out an agent restart or a
 * short network partition. With rate control the later waves start later, and SSM counts the
 * delivery timeout from when the command was sent, so each extra wave adds one execution timeout.
 */
const DELIVERY_TIMEOUT_SECONDS = 600;
const DELIVERY_TIMEOUT_MAX = 2_592_000;
/**
 * How many waves rate control makes of the targets. `fleet`: how many instances tag targets
 * select, as DescribeInstanceInformation counted them before sending; without it, a count of
 * instances per wave says nothing about a tag fleet.
 */
function waves(deploy, fleet) {
    const percent = deploy.maxConcurrency.endsWith('%')
        ? Number(deploy.maxConcurrency.slice(0, -1))
        : undefined;
    if (deploy.targets.kind === 'tags' && fleet === undefined)
        return percent === undefined ? 1 : Math.ceil(100 / percent);
    const count = deploy.targets.kind === 'tags' ? (fleet ?? 0) : deploy.targets.instanceIds.length;
    const perWave = percent === undefined
        ? Number(deploy.maxConcurrency)
        : Math.max(1, Math.floor((count * percent) / 100));
    return Math.max(1, Math.ceil(count / perWave));
}
function deliveryTimeoutSeconds(deploy, fleet) {
    const extra = (waves(deploy, fleet) - 1) * deploy.timeoutSeconds;
    return Math.min(DELIVERY_TIMEOUT_MAX, DELIVERY_TIMEOUT_SECONDS + extra);
}
/**
 * After SSM reported a delivery timeout: whether rate control could have caused it, with the
 * numbers. SSM counts the delivery timeout from when the command was sent, and rate control holds
 * an instance back until a place is free, so a late wave can time out on an instance that is fine.
 * `fleet`: the instances the command had (known after sending, for tag targets too).
 */
function deliveryTimeoutCause(fleet, deploy, deliverySeconds) {
    const rounds = waves({
        targets: { kind: 'instances', instanceIds: Array(fleet).fill('') },
        maxConcurrency: deploy.maxConcurrency,
    });
    if (rounds <= 1)
        return `Rate control did not hold it back: max-concurrency ${deploy.maxConcurrency} lets all ${fleet} instance(s) start at once.`;
    const latest = (rounds - 1) * deploy.timeoutSeconds;
    return latest >= deliverySeconds
        ? `Rate control could have caused it: ${fleet} instances at max-concurrency ${deploy.maxConcurrency} make ${rounds} waves, each waiting for a place (up to timeout-seconds, ${deploy.timeoutSeconds} s, per wave), so the last may start up to ${latest} s after sending, past the delivery timeout of ${deliverySeconds} s.`
        : `Rate control alone could not have: ${fleet} instances at max-concurrency ${deploy.maxConcurrency} make ${rounds} waves, which start within ${latest} s, inside the delivery timeout of ${deliverySeconds} s.`;
}


/***/ }),

/***/ 1633:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ic: () => (/* binding */ describeFailure),
/* harmony export */   tI: () => (/* binding */ knownHint)
/* harmony export */ });
/* unused harmony export MAX_PROBLEMS_SHOWN */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
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
function knownHint(errorName) {
    return HINTS[errorName];
}
function describeFailure(error, debug) {
    // Its warnings are shown as warnings, by whoever caught it.
    if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__.FailureWithWarnings)
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
    if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__.InputError)
        return { messages: groupByInput(error), debug: stack };
    if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__.ActionError)
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
            groups.set(key, [(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__.formatProblem)(problem)]);
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


/***/ }),

/***/ 2586:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// UNUSED EXPORTS: whatCancelDoes

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var core = __webpack_require__(6421);
// EXTERNAL MODULE: ./src/deploy/signals.ts
var signals = __webpack_require__(9154);
;// CONCATENATED MODULE: ./src/workflow-cancel.ts
// The workflow's cancel, heard for the whole run: the runner sends SIGINT, then SIGTERM 7.5 s
// later, then SIGKILL. The first signal aborts one AbortSignal that every phase can watch, and
// work that cannot be stopped from inside (calls already in flight) can be raced against it, so
// that the step stops and says so rather than being killed in silence. What each moment of the
// run does about a cancel is main.ts's choice.
/** The workflow was cancelled while `during` went on; nothing that follows it was done. */
class CancelledByWorkflow extends Error {
    during;
    name = 'CancelledByWorkflow';
    constructor(during) {
        super(`Cancelled by the workflow while ${during}`);
        this.during = during;
    }
}
/** Listens from now on; `onFirst` hears the first signal (later ones change nothing). */
function listenForCancel(source, onFirst) {
    const abort = new AbortController();
    const stop = source.listen((signal) => {
        if (abort.signal.aborted)
            return;
        abort.abort();
        onFirst(signal);
    });
    return {
        signal: abort.signal,
        until: (work, during) => {
            if (abort.signal.aborted)
                return Promise.reject(new CancelledByWorkflow(during));
            return new Promise((resolve, reject) => {
                const onAbort = () => {
                    reject(new CancelledByWorkflow(during));
                };
                abort.signal.addEventListener('abort', onAbort, { once: true });
                work.then((value) => {
                    abort.signal.removeEventListener('abort', onAbort);
                    resolve(value);
                }, (error) => {
                    abort.signal.removeEventListener('abort', onAbort);
                    reject(error instanceof Error ? error : new Error(String(error)));
                });
            });
        },
        stop,
    };
}

// EXTERNAL MODULE: ./src/failure.ts
var failure = __webpack_require__(1633);
// EXTERNAL MODULE: ./src/start.ts + 1 modules
var start = __webpack_require__(500);
// EXTERNAL MODULE: ./src/deploy/timeouts.ts
var timeouts = __webpack_require__(6515);
;// CONCATENATED MODULE: ./src/plan.ts
// A plain-text description of what a run will do, printed before it starts and by dry-run.

function describePlan(config) {
    const plan = [
        `Region: ${config.region}${config.dryRun ? ' (dry run: nothing is changed)' : ''}`,
    ];
    if (config.secrets !== undefined)
        plan.push(`Secrets: read ${config.secrets.requests.length} secret id(s)${config.secrets.parseJson ? ', JSON values split into one output per key' : ''}`);
    if (config.parameters !== undefined)
        plan.push(`Parameters: read ${config.parameters.length} name(s) or path(s)`);
    if (config.versionedBuckets !== undefined)
        plan.push(`Versioning: keep ${config.versionedBuckets.join(', ')} versioned`);
    if (config.deploy !== undefined)
        plan.push(...describeDeploy(config.deploy));
    const { parameterName, allowOlder, githubDeployment } = config.record;
    if (parameterName !== undefined)
        plan.push(allowOlder
            ? `Record: deploy even if ${parameterName} records a newer run (allow-older); after a successful deploy, record it there`
            : `Record: skip the deploy if ${parameterName} records a newer run of this repository; after a successful deploy, record it there`);
    if (githubDeployment !== undefined && config.deploy !== undefined)
        plan.push(`GitHub Deployment: ${config.deploy.ref.kind === 'sha' ? config.deploy.ref.sha : config.deploy.ref.name} to environment ${githubDeployment.environment}, its status kept in step with the deploy${config.dryRun ? ' (not created in a dry run)' : ''}`);
    return plan;
}
function describeDeploy(deploy) {
    const where = deploy.targets.kind === 'instances'
        ? `${deploy.targets.instanceIds.length} instance(s) (${deploy.targets.instanceIds.join(', ')})`
        : `instances tagged ${deploy.targets.tags.map((tag) => `${tag.key}=${tag.values.join('|')}`).join(' and ')}`;
    const what = !deploy.gitPull
        ? 'the checkout as it is (git-pull is false)'
        : deploy.ref.kind === 'sha'
            ? deploy.ref.sha
            : `the commit ${deploy.ref.name} names now (resolved through the GitHub API before anything is sent)`;
    const rounds = (0,timeouts/* waves */.Lp)(deploy);
    const lines = [
        `Deploy: ${what} to ${deploy.workingDirectory} on ${where}, then run ${deploy.deployScript} as ${deploy.runAs ?? 'the owner of the checkout'}`,
        `  timeouts: ${deploy.timeoutSeconds} s to run, ${(0,timeouts/* deliveryTimeoutSeconds */.bL)(deploy)} s to be delivered${rounds > 1 ? ` (${rounds} waves)` : ''}; rate control: ${deploy.maxConcurrency} at once, stop after ${deploy.maxErrors} error(s)`,
    ];
    lines.push(`  only a commit reachable from ${deploy.allowedBranches === undefined ? "the repository's default branch" : deploy.allowedBranches.join(', ')}`);
    if (deploy.env.length > 0)
        lines.push(`  environment: ${deploy.env.map((variable) => variable.name).join(', ')}`);
    if (deploy.rollbackOnFailure)
        lines.push('  on failure: roll back to the previous commit and run the script again');
    if (deploy.outputS3 !== undefined)
        lines.push(`  output also kept in s3://${deploy.outputS3.bucket}/${deploy.outputS3.keyPrefix ?? ''}`);
    if (deploy.cloudWatchLogGroup !== undefined)
        lines.push(`  output also sent to CloudWatch Logs group ${deploy.cloudWatchLogGroup}${deploy.wait ? ', and shown from there while the deploy runs' : ''}`);
    if (!deploy.wait)
        lines.push('  wait: false: send the command and return');
    return lines;
}

// EXTERNAL MODULE: ./src/masks.ts
var src_masks = __webpack_require__(5378);
// EXTERNAL MODULE: ./src/report/format.ts
var format = __webpack_require__(2011);
;// CONCATENATED MODULE: ./src/report/before-deploy.ts
// Phases 1 and 2: secrets, parameters and versioned buckets — masks, outputs, log and summary.



/**
 * Shows what phases 1 and 2 did. Every mask is registered first, before any output is set or any
 * line is printed, so a secret value can never reach the log unmasked. A dry run read the values
 * to prove they can be read: they are masked, and set as no output and no variable.
 */
async function reportBeforeDeploy(result, dryRun) {
    const { values, buckets, warnings } = result;
    for (const mask of values?.masks ?? [])
        core/* setSecret */.Pq(mask);
    const lines = [
        ...(values?.notes ?? []),
        ...[...(values?.envOnly ?? [])].map((name) => `${name} is the name of one of the action's own outputs: it is exported as a variable, not set as a step output.`),
        ...(buckets ?? []).flatMap((bucket) => (bucket.kind === 'ok' ? [bucketLine(bucket)] : [])),
    ];
    if (lines.length > 0) {
        core/* startGroup */.Oh(dryRun ? `Dry run: ${DRY_RUN_READ}` : 'Secrets, parameters and versioned buckets');
        for (const line of lines)
            core/* info */.pq(line);
        core/* endGroup */.N4();
    }
    for (const warning of warnings)
        core/* warning */.$e(warning);
    if (values !== undefined && !dryRun) {
        for (const output of values.outputs)
            if (!values.envOnly.has(output.name))
                core/* setOutput */.uH(output.name, output.value);
        if (values.exportEnv)
            for (const output of values.outputs)
                core/* exportVariable */.dN(output.name, output.value);
        core/* setOutput */.uH('secrets-manifest', values.manifest);
    }
    const done = (buckets ?? []).filter((bucket) => bucket.kind === 'ok');
    if (buckets !== undefined)
        core/* setOutput */.uH('versioning', JSON.stringify(buckets.map(bucketOutput)));
    await writeBeforeDeploySummary(values, done, dryRun);
}
/** What a dry run did in phases 1 and 2. */
const DRY_RUN_READ = 'secrets and parameters read and masked, no output set; buckets checked, nothing changed';
/**
 * One object per bucket of `versioned-buckets`, in its order. A bucket that could not be handled
 * keeps its place, with unknown states and the first line of what went wrong, so a later step
 * reading the output sees every bucket it asked for.
 */
function bucketOutput(result) {
    if (result.kind === 'ok') {
        const { bucket, before, after, changed } = result;
        return { bucket, before, after, changed };
    }
    const [error = ''] = result.error.message.split('\n');
    return { bucket: result.bucket, before: null, after: null, changed: false, error };
}
function bucketLine(bucket) {
    const where = bucket.region === undefined ? '' : ` (in ${bucket.region})`;
    if (bucket.changed)
        return `${bucket.bucket}${where}: versioning ${bucket.before} → Enabled`;
    if (bucket.wouldEnable)
        return `${bucket.bucket}${where}: versioning ${bucket.before}; would be enabled`;
    return `${bucket.bucket}${where}: versioning already Enabled, left alone`;
}
/**
 * Whether the runner hides the output's value, as it really is: `yes` only when the value itself
 * was registered. A part of a secret too short to mask alone (a JSON leaf such as `42`) is not
 * masked, and a multi-line value with such a line is masked line by line only.
 */
function maskedText(output, masks) {
    if (!output.secret)
        return 'no';
    if (masks.includes(output.value))
        return 'yes';
    if (output.value === '')
        return 'no (empty)';
    if (/[\r\n]/.test(output.value))
        return `each line of ${src_masks/* MIN_MASK_LENGTH */.nV} characters or more; shorter lines are not masked`;
    return `no: shorter than ${src_masks/* MIN_MASK_LENGTH */.nV} characters, too short to mask alone`;
}
async function writeBeforeDeploySummary(values, buckets, dryRun) {
    if (!process.env.GITHUB_STEP_SUMMARY)
        return;
    if (values === undefined && buckets.length === 0)
        return;
    const summary = core/* summary */.z.addHeading('Secrets, parameters and versioned buckets', format/* SUMMARY_HEADING */._$);
    if (dryRun)
        summary.addList([`Dry run: ${DRY_RUN_READ}.`]);
    if (values !== undefined && values.outputs.length > 0)
        summary.addTable([
            [
                { data: 'Output', header: true },
                { data: 'From', header: true },
                { data: 'Masked', header: true },
            ],
            ...values.outputs.map((output) => [
                output.name,
                (0,format/* escapeHtml */.ZD)(output.source),
                maskedText(output, values.masks),
            ]),
        ]);
    if (buckets.length > 0)
        summary.addTable([
            [
                { data: 'Bucket', header: true },
                { data: 'Before', header: true },
                { data: 'After', header: true },
                { data: 'Changed', header: true },
            ],
            ...buckets.map((bucket) => [
                bucket.bucket,
                bucket.before,
                bucket.wouldEnable ? `${bucket.after} (would be enabled)` : bucket.after,
                bucket.changed ? 'yes' : 'no',
            ]),
        ]);
    await summary.write();
}

// EXTERNAL MODULE: ./src/deploy/status.ts
var deploy_status = __webpack_require__(8917);
// EXTERNAL MODULE: ./src/report/state.ts
var report_state = __webpack_require__(7343);
;// CONCATENATED MODULE: ./src/report/command.ts
// The SSM command's life as the log and the step state see it: about to be sent, sent, settled,
// and left running (wait: false).



/** Before the first SendCommand: what the post step needs to find the command without its id. */
function reportSending(nonce, at, region) {
    core/* saveState */.LZ(report_state/* DEPLOY_STATE */.o.sendingNonce, nonce);
    core/* saveState */.LZ(report_state/* DEPLOY_STATE */.o.sendingAt, String(at));
    core/* saveState */.LZ(report_state/* DEPLOY_STATE */.o.region, region);
}
/** The command id the moment SSM returns it: saved first, so a cancel can always find it. */
function reportCommandSent(commandId, region, at) {
    core/* saveState */.LZ(report_state/* DEPLOY_STATE */.o.commandId, commandId);
    core/* saveState */.LZ(report_state/* DEPLOY_STATE */.o.region, region);
    core/* saveState */.LZ(report_state/* DEPLOY_STATE */.o.acceptedAt, String(at));
    core/* saveState */.LZ(report_state/* DEPLOY_STATE */.o.sendingNonce, '');
    core/* setOutput */.uH('command-id', commandId);
    core/* info */.pq(`Sent SSM command ${commandId}: ${(0,deploy_status/* consoleUrl */.B9)(region, commandId)}`);
}
/** The post step has nothing left to cancel. */
function reportCommandSettled() {
    core/* saveState */.LZ(report_state/* DEPLOY_STATE */.o.commandId, '');
    core/* saveState */.LZ(report_state/* DEPLOY_STATE */.o.sendingNonce, '');
}
function reportNotWaiting(commandId) {
    core/* info */.pq(`wait is false: not waiting for command ${commandId}; it goes on running without this step.`);
}

// EXTERNAL MODULE: ./src/deploy/result.ts
var result = __webpack_require__(4730);
;// CONCATENATED MODULE: ./src/report/deploy-result.ts
// The deploy's verdict: step outputs, one log group per instance, one annotation per failure, and
// the job summary.




/** Outputs, one log group per instance, one annotation per failure, and the job summary. */
async function reportDeployResult(report, 
/** With a rollout: the wave of each instance, added to its results object. */
waveOf) {
    core/* setOutput */.uH('status', report.status);
    core/* setOutput */.uH('command-id', report.commandId);
    core/* setOutput */.uH('deployed-sha', report.deployedSha);
    core/* setOutput */.uH('results', JSON.stringify(report.instances.map((i) => ({
        instanceId: i.instanceId,
        status: i.status,
        responseCode: i.responseCode,
        durationMs: i.durationMs,
        previousSha: i.previousSha,
        deployedSha: i.deployedSha,
        rolledBack: i.rolledBack,
        healthy: i.healthy,
        stdoutTail: i.stdoutTail,
        stderrTail: i.stderrTail,
        ...(waveOf === undefined ? {} : { wave: waveOf.get(i.instanceId) ?? null }),
    }))));
    for (const instance of report.instances)
        printInstance(instance, report.nonce);
    for (const note of report.notes)
        core/* warning */.$e(note);
    const ending = endingText(report);
    if (ending !== undefined)
        core/* error */.z3(ending, { title: 'Deploy stopped' });
    for (const problem of report.problems)
        core/* error */.z3(problem, { title: 'Deploy failed' });
    for (const instance of report.instances)
        if (!instance.success)
            core/* error */.z3(failureText(instance), {
                title: instance.status === deploy_status/* UNKNOWN_STATUS */.uy
                    ? `Result unknown on ${instance.instanceId}`
                    : `Deploy failed on ${instance.instanceId}`,
            });
    const succeeded = report.instances.filter((i) => i.success).length;
    const line = `Deploy ${report.status}: ${succeeded}/${report.instances.length} instance(s) succeeded${report.deployedSha ? ` at ${report.deployedSha}` : ''}. ${report.consoleUrl}`;
    core/* info */.pq(line);
    core/* debug */.Yz(`Calls while waiting: ${report.pollCalls} to SSM, ${report.outputCalls} to CloudWatch Logs.`);
    await writeSummary(report);
}
function endingText(report) {
    const cancelled = cancelText(report);
    switch (report.ending.kind) {
        case 'finished':
            return undefined;
        case 'workflow-cancelled':
            return `Stopped by the runner (the workflow was cancelled, or timeout-minutes ran out). ${cancelled}`;
        case 'deadline':
            return `The deploy did not finish within ${report.ending.deadlineSeconds} s (delivery timeout + timeout-seconds + a margin). ${cancelled}`;
        case 'lost':
            return `Lost sight of the command. ${cancelled}`;
    }
}
function cancelText(report) {
    const cancel = report.cancel;
    if (cancel === undefined)
        return '';
    switch (cancel.kind) {
        case 'requested':
            return `SSM command ${report.commandId} was cancelled on every instance still running it.`;
        case 'unknown-command':
            return `SSM no longer knows command ${report.commandId}, so there was nothing to cancel.`;
        case 'failed':
            return `Cancelling SSM command ${report.commandId} failed (${(0,deploy_status/* describeError */.Uc)(cancel.error)}): it may still be running; see ${report.consoleUrl}`;
    }
}
function failureText(instance) {
    const stderr = instance.stderrTail.split('\n').slice(-10).join('\n');
    const exit = (0,format/* exitCode */.I$)(instance);
    const code = exit === undefined ? '' : `, exit code ${exit}`;
    return `${instance.instanceId}: ${(0,format/* statusText */.qS)(instance.status, instance.statusDetails)}${code}: ${instance.reason ?? 'failed'}${stderr.trim() === '' ? '' : `\nLast lines of stderr:\n${stderr}`}`;
}
const SOURCE_NOTES = {
    cut: 'SSM kept only the first 24,000 characters of stdout and 8,000 of stderr; set output-s3-bucket to see all of it.',
    summary: 'SSM cut this output to the 2,500-character summary it lists for a fleet; the whole output is in the AWS console, or in S3 with output-s3-bucket.',
    none: 'SSM returned no output for this instance.',
};
function printInstance(instance, nonce) {
    const exit = (0,format/* exitCode */.I$)(instance);
    const code = exit === undefined ? '' : ` · exit ${exit}`;
    const duration = instance.durationMs === null ? '' : ` · ${(0,format/* formatDuration */.a3)(instance.durationMs)}`;
    core/* startGroup */.Oh(`${instance.instanceId} · ${(0,format/* statusText */.qS)(instance.status, instance.statusDetails)}${code}${duration}`);
    core/* info */.pq(`Commit: ${commitText(instance)}`);
    if (instance.reason !== undefined)
        core/* info */.pq(`Reason: ${instance.reason}`);
    const stdout = (0,result/* withoutMarkers */.Y)(instance.stdout, nonce).replace(/\s+$/, '');
    const stderr = (0,result/* withoutMarkers */.Y)(instance.stderr, nonce).replace(/\s+$/, '');
    if (stdout !== '')
        (0,format/* printUntrusted */.Qi)(stdout);
    if (stderr !== '') {
        core/* info */.pq('── stderr ──');
        (0,format/* printUntrusted */.Qi)(stderr);
    }
    const note = SOURCE_NOTES[instance.source];
    if (note !== undefined)
        core/* info */.pq(note);
    core/* endGroup */.N4();
}
/**
 * Where an instance started, what it was to be brought to, and where it ended when that is not
 * the same: a rolled-back or failed instance shows the commit it tried, not only where it is now.
 */
function commitText(instance) {
    const { previousSha, attemptedSha, deployedSha } = instance;
    const path = `${(0,format/* short */.h0)(previousSha)} → ${(0,format/* short */.h0)(attemptedSha ?? deployedSha)}`;
    if (attemptedSha === null || attemptedSha === deployedSha)
        return path;
    if (instance.rolledBack)
        return `${path}, rolled back to ${(0,format/* short */.h0)(deployedSha)}`;
    return deployedSha === null
        ? `${path} (not reached)`
        : `${path} (not reached; at ${(0,format/* short */.h0)(deployedSha)})`;
}
/** The one commit every instance was to be brought to, or else what was asked for. */
function attemptedCommit(report) {
    const shas = new Set(report.instances.map((i) => i.attemptedSha).filter((sha) => sha !== null));
    const [only] = shas;
    return shas.size === 1 && only !== undefined ? only : report.attempted;
}
async function writeSummary(report) {
    const header = ['Instance', 'Status', 'Exit code', 'Duration', 'Commit', 'Rolled back'].map((data) => ({ data, header: true }));
    const rows = report.instances.map((i) => [
        `<code>${(0,format/* escapeHtml */.ZD)(i.instanceId)}</code>`,
        (0,format/* escapeHtml */.ZD)((0,format/* statusText */.qS)(i.status, i.statusDetails)) +
            (i.reason === undefined ? '' : `<br><sub>${(0,format/* escapeHtml */.ZD)(i.reason)}</sub>`),
        String((0,format/* exitCode */.I$)(i) ?? '—'),
        i.durationMs === null ? '—' : (0,format/* formatDuration */.a3)(i.durationMs),
        (0,format/* escapeHtml */.ZD)(commitText(i)).replace(/\b([0-9a-f]{7})\b/g, '<code>$1</code>'),
        i.rolledBack ? 'yes' : 'no',
    ]);
    const commit = report.deployedSha || attemptedCommit(report);
    const said = [endingText(report), ...report.problems].filter((text) => text !== undefined && text !== '');
    try {
        const summary = core/* summary */.z
            .addHeading('ssm-deploy', format/* SUMMARY_HEADING */._$)
            .addRaw(`<p><b>${(0,format/* escapeHtml */.ZD)(report.status)}</b>${commit === '' ? '' : ` · ${report.status === 'Success' ? 'deployed' : 'attempted'} <code>${(0,format/* escapeHtml */.ZD)(commit)}</code>`} · command <a href="${(0,format/* escapeHtml */.ZD)(report.consoleUrl)}"><code>${(0,format/* escapeHtml */.ZD)(report.commandId)}</code></a></p>`, true);
        if (said.length > 0)
            summary.addRaw((0,format/* htmlList */.MB)(said), true);
        if (rows.length > 0)
            summary.addTable([header, ...rows]);
        await summary.write();
    }
    catch (error) {
        // A runner without a job summary (GITHUB_STEP_SUMMARY unset) is no reason to fail a deploy.
        core/* debug */.Yz(`No job summary: ${(0,deploy_status/* describeError */.Uc)(error)}`);
    }
}

// EXTERNAL MODULE: ./src/required-checks.ts
var required_checks = __webpack_require__(8810);
;// CONCATENATED MODULE: ./src/report/github-deployment.ts
// The GitHub Deployment as the log and the step state see it.



function reportDeploymentStarted(deployment, ref, environment) {
    // Until it is settled, the post step of a cancelled workflow settles it.
    core/* saveState */.LZ(report_state/* DEPLOY_STATE */.o.deploymentId, String(deployment.id));
    core/* info */.pq(`GitHub Deployment ${deployment.id} created in environment ${environment} for ${ref === deployment.sha ? ref : `${ref} (${deployment.sha})`}: in_progress.`);
}
/** `failure`: the update's own failure, a warning only (the deploy has happened). */
function reportDeploymentUpdate(id, state, failure) {
    core/* saveState */.LZ(report_state/* DEPLOY_STATE */.o.deploymentId, '');
    if (failure === undefined)
        core/* info */.pq(`GitHub Deployment ${id}: ${state}.`);
    else
        core/* warning */.$e(failure, { title: 'GitHub Deployment not updated' });
}
function reportDeploymentLeftInProgress(id) {
    core/* saveState */.LZ(report_state/* DEPLOY_STATE */.o.deploymentId, '');
    core/* info */.pq(`wait is false: GitHub Deployment ${id} stays in_progress, since this step does not learn how the deploy ends.`);
}
/** What the commit's checks said before the Deployment was created. */
function reportChecks(ref, verdict) {
    if (verdict.kind === 'waived') {
        core/* info */.pq('required-checks is none: the GitHub Deployment is created whatever the checks of the commit say.');
        return;
    }
    for (const note of verdict.notes)
        core/* warning */.$e(note, { title: 'Required checks' });
    const pending = verdict.pending.length === 0
        ? ''
        : ` Not finished or not reported, and not waited for: ${verdict.pending.slice(0, 10).map(required_checks.clean).join(', ')}${verdict.pending.length > 10 ? `, and ${verdict.pending.length - 10} more` : ''}.`;
    core/* info */.pq(`Checks of ${ref}: ${verdict.required}, none failed.${pending}`);
}

;// CONCATENATED MODULE: ./src/report/dry-run.ts
// Dry run: the command and the script that would be sent, and nothing sent; its own status.



/** Dry run: the exact command that would be sent, script included, and nothing sent. */
function reportDryRun(prepared) {
    const { Parameters, ...command } = prepared.input;
    const shown = {
        ...command,
        Parameters: {
            commands: ['(the script below)'],
            executionTimeout: Parameters?.executionTimeout,
        },
    };
    core/* startGroup */.Oh('Dry run: the SSM command that would be sent');
    (0,format/* printUntrusted */.Qi)(JSON.stringify(shown, null, 2));
    core/* endGroup */.N4();
    core/* startGroup */.Oh(`Dry run: the script (${prepared.scriptBytes} bytes; ${prepared.scriptJsonBytes} as sent)`);
    if (prepared.envNames.length > 0)
        core/* info */.pq(`The values of env (${prepared.envNames.join(', ')}) are shown as ${src_masks/* MASK */.v5}: quoted for bash, a value is no longer what the runner masks.`);
    (0,format/* printUntrusted */.Qi)(prepared.shownScript);
    core/* endGroup */.N4();
    core/* info */.pq('Dry run: nothing was sent.');
}
/** The `status` of a dry run that found nothing wrong. */
const DRY_RUN_STATUS = 'DryRun';
/** A dry run whose every check passed: its own status, so a later step can tell it from a deploy. */
function reportDryRunPassed() {
    core/* setOutput */.uH('status', DRY_RUN_STATUS);
    core/* info */.pq('Dry run: every check passed; nothing was sent or changed.');
}

;// CONCATENATED MODULE: ./src/report/progress.ts
// What the log shows while the deploy runs: progress lines, notes, and the instances' live output.



function reportDeployProgress(progress) {
    core/* info */.pq(formatProgress(progress));
}
function reportDeployNote(note) {
    core/* info */.pq(note);
}
function formatProgress(progress) {
    const parts = [`${Math.round(progress.elapsedMs / 1000)} s`];
    if (progress.counts === undefined) {
        const [instance] = progress.instances;
        if (instance !== undefined)
            parts.push(`${instance.instanceId}: ${(0,format/* statusText */.qS)(instance.status, instance.statusDetails)}`);
    }
    else {
        const { target, completed, errors, deliveryTimedOut } = progress.counts;
        parts.push(progress.commandStatus ?? 'Pending');
        parts.push(target === 0
            ? 'instances not resolved yet'
            : `${completed}/${target} finished (${errors} failed${deliveryTimedOut > 0 ? `, ${deliveryTimedOut} not delivered` : ''})`);
        // Instances are listed only now and then, so their statuses may be older than the counts: say
        // how old, and leave them out once the command has finished (the results follow at once).
        const byStatus = (0,deploy_status/* tally */.N4)(progress.instances);
        if (byStatus.length > 0 && !(0,deploy_status/* isTerminal */.Hd)(progress.commandStatus, '')) {
            const listing = byStatus.map(([status, count]) => `${count} ${status}`).join(', ');
            const listedAt = Math.round((progress.listedAtMs ?? progress.elapsedMs) / 1000);
            parts.push(listedAt < Math.round(progress.elapsedMs / 1000)
                ? `as listed at ${listedAt} s: ${listing}`
                : listing);
        }
    }
    return `Deploy: ${parts.join(' · ')}`;
}
/** Lines of output while the command runs, each headed by its instance. */
function reportDeployOutput(lines) {
    (0,format/* printUntrusted */.Qi)(lines
        .flatMap((line) => 
    // A lone carriage return ends a line in the workflow log too: each part gets its head.
    line.message
        .split(/\r?\n|\r/)
        .map((text) => `[${line.instanceId}${line.stream === 'stderr' ? ' stderr' : ''}] ${text}`))
        .join('\n'));
}

;// CONCATENATED MODULE: ./src/report/record.ts
// The deploy record (record-parameter): what it says about this run, a skipped run, and whether
// it was written.



/** What the record says about this run, before anything is sent. */
function reportRecordCheck(name, verdict, run, dryRun) {
    const { read } = verdict;
    const thisRun = `this run (${run.runId || 'no run id'})`;
    const prefix = dryRun ? 'Dry run: ' : '';
    switch (verdict.action) {
        case 'skip':
            if (dryRun)
                core/* info */.pq(`${prefix}${name} records ${describeRecord(verdict.read.record)}, a newer run than ${thisRun}: the deploy would be skipped (allow-older: true deploys it anyway).`);
            return;
        case 'deploy-older':
            core/* notice */.lm(`${prefix}${name} records ${describeRecord(verdict.read.record)}, a newer run than ${thisRun}; allow-older is true, so ${dryRun ? 'it would deploy' : 'it deploys'} anyway and, once it succeeds, records itself.`, { title: 'Deploying an older run' });
            return;
        case 'deploy':
            switch (read.kind) {
                case 'none':
                    core/* info */.pq(`${prefix}${name} holds no deploy record yet; it ${dryRun ? 'would be' : 'is'} written after a successful deploy.`);
                    return;
                case 'unreadable':
                    core/* warning */.$e(`${read.reason}; it ${dryRun ? 'would be' : 'will be'} overwritten with the deploy record after a successful deploy.`);
                    return;
                case 'record':
                    core/* info */.pq(`${prefix}${name} (version ${read.version}) records ${describeRecord(read.record)}; ${thisRun} is not older, so it ${dryRun ? 'would deploy' : 'deploys'}.`);
                    return;
            }
    }
}
/** A newer run already deployed: nothing is sent, and the step succeeds with status Skipped. */
async function reportSkipped(name, read, run) {
    core/* setOutput */.uH('status', 'Skipped');
    core/* setOutput */.uH('results', '[]');
    const text = `${name} (version ${read.version}) records ${describeRecord(read.record)}, a newer run than this one (${run.runId}); deploying now would put older code over newer, so nothing was sent. To deploy this run anyway (a deliberate rollback), set allow-older: true.`;
    core/* notice */.lm(text, { title: 'Deploy skipped' });
    try {
        await core/* summary */.z
            .addHeading('ssm-deploy', format/* SUMMARY_HEADING */._$)
            .addRaw(`<p><b>Skipped</b> · ${(0,format/* escapeHtml */.ZD)(text)}</p>`, true)
            .write();
    }
    catch (error) {
        core/* debug */.Yz(`No job summary: ${(0,deploy_status/* describeError */.Uc)(error)}`);
    }
}
function reportRecordWritten(name, written, record, replacedUnreadable) {
    core/* info */.pq(`Deploy record written to ${name} (version ${written.version}): ${describeRecord(record)}${replacedUnreadable ? '; it replaced a value that was not a deploy record' : ''}.`);
    if (written.raced)
        core/* warning */.$e(`Another write to ${name} landed between this run's last look at the record and its own write (the version skipped to ${written.version}); the record names this run, which may not be the newest deploy.`);
}
/** A newer run recorded itself while this one deployed: the record keeps it. */
function reportRecordKept(name, kept) {
    reportRecordNotWritten(name, `while this run deployed, ${describeRecord(kept.record).replace(', which deployed ', ' recorded ')} (version ${kept.version}), a newer run than this one, so the record keeps it`);
}
function reportRecordNotWritten(name, reason) {
    core/* info */.pq(`Deploy record ${name} not written: ${reason}.`);
}
/** The record's fields are whatever the parameter holds: shown without control characters. */
function describeRecord(record) {
    const attempt = record.runAttempt > 1 ? ` (attempt ${record.runAttempt})` : '';
    const ref = record.ref === record.sha ? '' : ` (${(0,format/* clean */.uH)(record.ref)})`;
    return `run ${record.run}${attempt} of ${(0,format/* clean */.uH)(record.repository)}, which deployed ${(0,format/* clean */.uH)(record.sha)}${ref} at ${(0,format/* clean */.uH)(record.at)}`;
}

;// CONCATENATED MODULE: ./src/report/run.ts
// What the step says about the run as a whole: its plan, and a cancel that came before anything
// was sent.



/** The workflow was cancelled before anything was sent: the step stops, and says where. */
function reportCancelled(during, deploys) {
    core/* error */.z3(`Stopped by the runner (the workflow was cancelled, or timeout-minutes ran out) while ${during}; ${deploys ? 'nothing was sent to the instances' : 'the step stopped there'}.`, { title: 'Cancelled' });
}
/** Prints the plan before any phase starts, so the log says what this run is about to do. */
function reportPlan(plan) {
    core/* startGroup */.Oh('Plan');
    for (const line of plan)
        core/* info */.pq(line);
    core/* endGroup */.N4();
}
/** The commit this deploy ships, where it was found, and an override of the default branch. */
function reportShippedCommit(shipped) {
    const ref = shipped.given === shipped.sha ? '' : ` (ref ${(0,required_checks.clean)(shipped.given)})`;
    core/* info */.pq(shipped.reachableFrom === undefined
        ? `Shipping commit ${shipped.sha}${ref}. Whether it is on ${shipped.allowedBranches.join(', ')} was not checked before sending: there is no github-token to ask GitHub.`
        : `Shipping commit ${shipped.sha}${ref}, reachable from branch ${shipped.reachableFrom}.`);
    const beyond = shipped.allowedBranches.filter((branch) => branch !== shipped.defaultBranch);
    if (beyond.length > 0)
        core/* notice */.lm(`allowed-branches lets commits ship from ${beyond.join(', ')}, beyond the default branch${shipped.defaultBranch === undefined ? '' : ` ${shipped.defaultBranch}`}: a deliberate override.`, { title: 'Allowed branches' });
}
/**
 * A step that stopped on an error (bad inputs, a deploy refused) says so in the job summary too:
 * what went wrong and what to do, as the annotations say it, so the summary is never silent.
 */
async function reportFailureSummary(messages) {
    if (!process.env.GITHUB_STEP_SUMMARY)
        return;
    try {
        await core/* summary */.z
            .addHeading('ssm-deploy', format/* SUMMARY_HEADING */._$)
            .addRaw('<p><b>Failed</b> · the step stopped on an error:</p>', true)
            .addRaw((0,format/* htmlList */.MB)(messages), true)
            .write();
    }
    catch (error) {
        core/* debug */.Yz(`No job summary: ${error instanceof Error ? error.message : String(error)}`);
    }
}

;// CONCATENATED MODULE: ./src/report/targets.ts
// The preflight's answer in the log: the instances the deploy will reach.


/** Lists each instance; its name comes from the instance, so it is printed as data. */
function reportTargets(instances, dryRun) {
    const count = instances.length === 1 ? '1 instance' : `${instances.length} instances`;
    core/* info */.pq(`${dryRun ? 'Dry run: the deploy would reach' : 'Deploying to'} ${count}, each managed by SSM, online and Linux:`);
    (0,format/* printUntrusted */.Qi)(instances
        .map((instance) => `  ${instance.instanceId}${instance.name === undefined ? '' : ` (${instance.name})`}`)
        .join('\n'));
}

;// CONCATENATED MODULE: ./src/main.ts
// The action's main step: inputs → plan → phases → report, and one place where any failure becomes
// a message a person can act on.
















/** After SIGINT the runner kills the step within 7.5 s; a cancel still pending by then is lost. */
const CANCEL_GRACE_MS = 6_000;
async function run(options = {}) {
    const exit = options.exit ?? ((code) => process.exit(code));
    const env = options.env ?? Object.freeze({ ...process.env });
    const head = options.headStart ?? (0,start.headStart)(env, (name) => core/* getInput */.V4(name));
    if (head.inputs.kind === 'failed') {
        await fail(head.inputs.error);
        return;
    }
    const { config, warnings } = head.inputs.parsed;
    // Heard for the whole run, so that a cancel in any phase stops the step with a word of its own.
    // Until the SSM command is sent, nothing needs undoing; once it is, the deploy phase cancels it.
    const state = { sending: false, commandSent: false };
    let giveUp;
    const cancel = listenForCancel(options.signals ?? signals/* processSignals */.R, (signal) => {
        core/* info */.pq(`${signal}: the runner is stopping this step (the workflow was cancelled, or timeout-minutes ran out); ${whatCancelDoes(state, config)}.`);
        giveUp = setTimeout(() => {
            core/* error */.z3(state.commandSent || state.sending
                ? 'Cancelling the SSM command took too long; the post step will try again.'
                : 'Stopping took too long.');
            exit(core/* ExitCode */.yU.Failure);
        }, CANCEL_GRACE_MS);
    });
    try {
        if (config.githubToken !== undefined)
            core/* setSecret */.Pq(config.githubToken);
        for (const warning of warnings)
            core/* warning */.$e(warning);
        await runPhases(config, env, head.phases ?? (0,start/* startPhases */.T)(config, env), options, cancel, state);
    }
    catch (error) {
        if (!(error instanceof CancelledByWorkflow))
            await fail(error);
        else {
            reportCancelled(error.during, config.deploy !== undefined);
            process.exitCode = core/* ExitCode */.yU.Failure;
            // Calls still in flight would keep the process alive until the runner kills it.
            exit(core/* ExitCode */.yU.Failure);
        }
    }
    finally {
        cancel.stop();
        clearTimeout(giveUp);
    }
}
/** What a workflow cancel does at this point of the run, for the line that says it was heard. */
function whatCancelDoes(state, config) {
    if (state.commandSent)
        return config.deploy?.wait === false
            ? 'the SSM command was sent with wait: false, so it goes on running'
            : 'cancelling the SSM command';
    if (state.sending)
        return 'the SSM command being sent is cancelled if SSM took it';
    return config.deploy === undefined
        ? 'the step stops'
        : 'the step stops, and nothing is sent to the instances';
}
async function runPhases(config, env, phases, options, cancel, state) {
    reportPlan(describePlan(config));
    // What ships is decided before anything is sent or changed: one SHA, on an allowed branch.
    // (Phase 1's reads, begun with the step, may be under way meanwhile.)
    const shipped = config.deploy === undefined
        ? undefined
        : await cancel.until(shippedCommit(config, config.deploy, env), 'resolving ref');
    const during = phasesInProgress(config);
    // Phases 1 and 2 (secrets and parameters ∥ versioned buckets) run concurrently, begun by
    // start.ts. Everything they read is masked before anything is shown; what failed is thrown once
    // what worked is reported.
    const { clients, before: running } = await cancel.until(phases, during);
    const before = await cancel.until(running, during);
    await reportBeforeDeploy(before, config.dryRun);
    if (before.failure !== undefined)
        throw before.failure;
    // Phase 3 (deploy) starts once they have succeeded; no value they masked may travel in the
    // SSM command, whose parameters are stored in plain text.
    if (config.deploy !== undefined && shipped !== undefined) {
        if (cancel.signal.aborted)
            throw new CancelledByWorkflow(during);
        const deploy = {
            ...config.deploy,
            ref: { kind: 'sha', sha: shipped.sha },
            allowedBranches: shipped.allowedBranches,
        };
        await deployPhase(config, env, deploy, shipped, clients, before.secretValues, options, cancel, state);
    }
    // Every check threw on what it found wrong, so a dry run that gets here passed them all.
    if (config.dryRun)
        reportDryRunPassed();
}
/**
 * `ref` resolved to one SHA and checked against the allowed branches; said in the log. `env` is the
 * environment as the step started, before anything it exported.
 */
async function shippedCommit(config, deploy, env) {
    const [{ octokitCommits, resolveShippedCommit }, { eventDefaultBranch }] = await Promise.all([
        __webpack_require__.e(/* import() */ 880).then(__webpack_require__.bind(__webpack_require__, 880)),
        __webpack_require__.e(/* import() */ 981).then(__webpack_require__.bind(__webpack_require__, 2981)),
    ]);
    const shipped = await resolveShippedCommit(config.githubToken === undefined
        ? undefined
        : await octokitCommits(config.githubToken, config.run.repository), {
        ref: deploy.ref,
        allowedBranches: deploy.allowedBranches,
        eventDefaultBranch: eventDefaultBranch(env),
        repository: config.run.repository,
    });
    reportShippedCommit(shipped);
    return shipped;
}
/** What phases 1 and 2 are doing, for the message of a cancel that comes meanwhile. */
function phasesInProgress(config) {
    const read = [
        ...(config.secrets === undefined ? [] : ['secrets']),
        ...(config.parameters === undefined ? [] : ['parameters']),
    ];
    const doing = [
        ...(read.length === 0 ? [] : [`reading ${read.join(' and ')}`]),
        ...(config.versionedBuckets === undefined ? [] : ['checking versioned buckets']),
    ];
    return doing.length === 0 ? 'getting ready' : doing.join(' and ');
}
/**
 * Phase 3, with the deploy record and the GitHub Deployment around it. `secretValues`: every value
 * phases 1–2 masked; none may travel in the SSM command.
 */
async function deployPhase(config, env, deploy, shipped, clients, secretValues, options, cancel, state) {
    const [{ runDeploy }, { sleep }] = await Promise.all([
        Promise.all(/* import() */[__webpack_require__.e(10), __webpack_require__.e(861), __webpack_require__.e(523), __webpack_require__.e(736), __webpack_require__.e(985), __webpack_require__.e(711), __webpack_require__.e(303), __webpack_require__.e(858)]).then(__webpack_require__.bind(__webpack_require__, 1858)),
        __webpack_require__.e(/* import() */ 812).then(__webpack_require__.bind(__webpack_require__, 9812)),
        clients.load(...deployServices(deploy)),
    ]);
    const now = options.now ?? Date.now;
    const ssm = clients.ssm();
    const recorded = await checkRecord(config, ssm);
    if (recorded?.verdict.action === 'skip' && !config.dryRun) {
        await reportSkipped(recorded.name, recorded.verdict.read, config.run);
        return;
    }
    // Before anything is sent: an instance that could not take the command fails the step now,
    // not after SSM's delivery timeout.
    const { requireDeployableTargets } = await Promise.all(/* import() */[__webpack_require__.e(10), __webpack_require__.e(861), __webpack_require__.e(523), __webpack_require__.e(736), __webpack_require__.e(809)]).then(__webpack_require__.bind(__webpack_require__, 6809));
    const instances = await cancel.until(requireDeployableTargets(ssm, deploy.targets, config.region), 'checking the target instances');
    reportTargets(instances, config.dryRun);
    const github = config.record.githubDeployment === undefined || config.dryRun
        ? undefined
        : githubDeployment(config.record.githubDeployment, shipped, config.run, env);
    // The GitHub Deployment is created before the first command only, however many waves follow.
    let started = false;
    const beforeSend = github === undefined
        ? undefined
        : async () => {
            if (started)
                return;
            started = true;
            await github.start();
        };
    const deployDeps = {
        ssm,
        sendSsm: clients.ssmSingleAttempt(),
        sendAttempts: clients.maxAttempts,
        s3: () => clients.s3(),
        account: () => clients.account(),
        now,
        sleep: options.sleep ?? sleep,
        signal: cancel.signal,
        nonce: () => (0,external_node_crypto_.randomBytes)(6).toString('hex'),
        events: {
            onSending: ({ nonce, at }) => {
                state.sending = true;
                reportSending(nonce, at, config.region);
            },
            onSent: (commandId) => {
                state.commandSent = true;
                reportCommandSent(commandId, config.region, now());
            },
            onProgress: reportDeployProgress,
            onNote: reportDeployNote,
            onOutput: reportDeployOutput,
        },
        // Created once the command is known to be sendable, and before it is sent, so that a
        // refusal by GitHub stops the step while nothing has been deployed.
        ...(beforeSend === undefined ? {} : { beforeSend }),
        ...(deploy.cloudWatchLogGroup === undefined || config.dryRun || !deploy.wait
            ? {}
            : await outputFollower(clients, deploy.cloudWatchLogGroup)),
    };
    const deployOnce = (one) => runDeploy({
        deploy: one,
        region: config.region,
        dryRun: config.dryRun,
        secretValues,
        // The fleet's size, so that rate control's waves fit in the delivery timeout.
        fleetSize: instances.length,
    }, deployDeps);
    try {
        if (deploy.rollout !== undefined && !config.dryRun) {
            const [{ runRolloutPhase }, { reportRollout, rolloutEvents }] = await Promise.all([
                Promise.all(/* import() */[__webpack_require__.e(10), __webpack_require__.e(861), __webpack_require__.e(523), __webpack_require__.e(586), __webpack_require__.e(85), __webpack_require__.e(24), __webpack_require__.e(278)]).then(__webpack_require__.bind(__webpack_require__, 278)),
                Promise.all(/* import() */[__webpack_require__.e(10), __webpack_require__.e(861), __webpack_require__.e(523), __webpack_require__.e(586), __webpack_require__.e(85), __webpack_require__.e(24), __webpack_require__.e(363)]).then(__webpack_require__.bind(__webpack_require__, 8363)),
            ]);
            const rollout = await runRolloutPhase({
                deploy,
                rollout: deploy.rollout,
                clients,
                instanceIds: instances.map((i) => i.instanceId),
                deployOnce,
                now,
                sleep: options.sleep ?? sleep,
                signal: cancel.signal,
                events: rolloutEvents(now, config.region),
            });
            const { report } = rollout;
            await reportDeployResult(report, rollout.waveOf);
            await reportRollout(rollout);
            if (report.ending.kind === 'finished' || report.cancel?.kind === 'requested')
                reportCommandSettled();
            if (report.status !== 'Success' || rollout.leftOut.length > 0)
                process.exitCode = core/* ExitCode */.yU.Failure;
            await github?.settle(report);
            if (recorded !== undefined)
                await recordTheDeploy(recorded, config, shipped, report, ssm, now);
            return;
        }
        const outcome = await deployOnce(deploy);
        if (outcome.kind === 'dry-run') {
            reportDryRun(outcome.prepared);
            if (deploy.rollout !== undefined) {
                const { reportRolloutPlan } = await Promise.all(/* import() */[__webpack_require__.e(10), __webpack_require__.e(861), __webpack_require__.e(523), __webpack_require__.e(586), __webpack_require__.e(85), __webpack_require__.e(24), __webpack_require__.e(483)]).then(__webpack_require__.bind(__webpack_require__, 4483));
                reportRolloutPlan(deploy.rollout, instances.map((i) => i.instanceId));
            }
        }
        else if (outcome.kind === 'sent') {
            reportNotWaiting(outcome.commandId);
            reportCommandSettled();
            github?.leaveInProgress();
            if (recorded !== undefined)
                reportRecordNotWritten(recorded.name, 'wait is false, so this step does not learn whether the deploy succeeded');
        }
        else {
            const { report } = outcome;
            await reportDeployResult(report);
            // A command that has finished, or that was cancelled, leaves the post step nothing to do.
            if (report.ending.kind === 'finished' || report.cancel?.kind === 'requested')
                reportCommandSettled();
            if (report.status !== 'Success')
                process.exitCode = core/* ExitCode */.yU.Failure;
            await github?.settle(report);
            if (recorded !== undefined)
                await recordTheDeploy(recorded, config, shipped, report, ssm, now);
        }
    }
    catch (error) {
        await github?.settleWithError();
        throw error;
    }
}
/** With record-parameter: what the recorded deploy means for this run, said before anything is sent. */
async function checkRecord(config, ssm) {
    const name = config.record.parameterName;
    if (name === undefined)
        return undefined;
    const { judgeRecord, readDeployRecord } = await Promise.all(/* import() */[__webpack_require__.e(10), __webpack_require__.e(861), __webpack_require__.e(523), __webpack_require__.e(736), __webpack_require__.e(846)]).then(__webpack_require__.bind(__webpack_require__, 4846));
    const verdict = judgeRecord(await readDeployRecord(ssm, name), config.run, config.record.allowOlder);
    reportRecordCheck(name, verdict, config.run, config.dryRun);
    return { name, verdict };
}
/** After a deploy that succeeded on every instance, at one commit: the record names it. */
async function recordTheDeploy(recorded, config, shipped, report, ssm, now) {
    const { reasonNotToRecord, recordFor, writeDeployRecord } = await Promise.all(/* import() */[__webpack_require__.e(10), __webpack_require__.e(861), __webpack_require__.e(523), __webpack_require__.e(736), __webpack_require__.e(846)]).then(__webpack_require__.bind(__webpack_require__, 4846));
    const reason = reasonNotToRecord(report);
    if (reason !== undefined) {
        reportRecordNotWritten(recorded.name, reason);
        return;
    }
    const record = recordFor(config.run, report.deployedSha, shipped.given, new Date(now()));
    const { read } = recorded.verdict;
    const written = await writeDeployRecord(ssm, recorded.name, record, {
        version: read.kind === 'record' ? read.version : 0,
        allowOlder: config.record.allowOlder,
    });
    if (written.kind === 'kept')
        reportRecordKept(recorded.name, written);
    else
        reportRecordWritten(recorded.name, written, record, read.kind === 'unreadable');
}
/**
 * The GitHub Deployment of this run: created just before the command is sent, then set to the
 * deploy's verdict. Once it exists, a failed update is a warning: the deploy has happened.
 */
function githubDeployment(github, shipped, run, env) {
    let deployment;
    const settleOnce = async (state, description) => {
        const current = deployment;
        deployment = undefined;
        if (current !== undefined)
            reportDeploymentUpdate(current.id, state, await current.update(state, description));
    };
    return {
        start: async () => {
            const [{ octokitDeployments, startDeployment }, checks, event] = await Promise.all([
                __webpack_require__.e(/* import() */ 386).then(__webpack_require__.bind(__webpack_require__, 1386)),
                Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 8810)),
                __webpack_require__.e(/* import() */ 981).then(__webpack_require__.bind(__webpack_require__, 2981)),
            ]);
            // The required checks of the branch the commit was found on.
            const branch = shipped.reachableFrom ?? event.runBranch(env);
            reportChecks(shipped.sha, await checks.verifyChecks(await checks.octokitChecks(github.token, run.repository), shipped.sha, github.requiredChecks, branch === undefined ? [] : [branch]));
            deployment = await startDeployment(await octokitDeployments(github.token), run, {
                ref: shipped.sha,
                environment: github.environment,
            });
            reportDeploymentStarted(deployment, shipped.given, github.environment);
        },
        settle: async (report) => {
            const { deploymentVerdict } = await __webpack_require__.e(/* import() */ 386).then(__webpack_require__.bind(__webpack_require__, 1386));
            const { state, description } = deploymentVerdict(report);
            await settleOnce(state, description);
        },
        settleWithError: () => settleOnce('error', 'The deploy stopped with an error; see the run'),
        leaveInProgress: () => {
            if (deployment !== undefined)
                reportDeploymentLeftInProgress(deployment.id);
            deployment = undefined;
        },
    };
}
/** The SDKs a deploy uses: SSM, and S3 when the output is kept there. */
function deployServices(deploy) {
    return deploy.outputS3 === undefined ? ['ssm'] : ['ssm', 's3'];
}
/** With cloudwatch-log-group: the output is followed while the wait goes on. */
async function outputFollower(clients, group) {
    const [logs, { followCommandLogs }] = await Promise.all([
        clients.logs(),
        Promise.all(/* import() */[__webpack_require__.e(10), __webpack_require__.e(861), __webpack_require__.e(523), __webpack_require__.e(303), __webpack_require__.e(438)]).then(__webpack_require__.bind(__webpack_require__, 8438)),
    ]);
    return { followOutput: (commandId) => followCommandLogs(logs, group, commandId) };
}
async function fail(error) {
    const report = (0,failure/* describeFailure */.Ic)(error, core/* isDebug */._o());
    for (const message of report.messages)
        core/* error */.z3(message);
    if (report.debug !== undefined)
        core/* debug */.Yz(report.debug);
    // One annotation per problem, so the exit code is set directly rather than through setFailed,
    // which would add a second annotation repeating the first.
    process.exitCode = core/* ExitCode */.yU.Failure;
    await reportFailureSummary(report.messages);
}


/***/ }),

/***/ 5378:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $F: () => (/* binding */ partMasks),
/* harmony export */   $p: () => (/* binding */ redactor),
/* harmony export */   RM: () => (/* binding */ masksFor),
/* harmony export */   nV: () => (/* binding */ MIN_MASK_LENGTH),
/* harmony export */   v5: () => (/* binding */ MASK)
/* harmony export */ });
// What to register with the runner so that a secret is hidden wherever it shows up. The runner
// replaces exact matches only: a multi-line value printed line by line, or one field of a JSON
// blob, would slip through if only the whole value were registered.
/**
 * Parts shorter than this are not masked on their own: masking `1`, `true` or `}` would turn every
 * such string in the log into `***`, and a value that short is no secret anyway.
 */
const MIN_MASK_LENGTH = 4;
/** What the runner shows in place of a masked value, and what the action's own copies show. */
const MASK = '***';
/**
 * The masks for one secret value: the value itself (whatever its length: it was asked for as a
 * secret) and, when it spans several lines, each trimmed line long enough to be masked alone.
 *
 * The runner registers every line of a multi-line `add-mask` value on its own too. A multi-line
 * value with a short line (a `{` of pretty-printed JSON, a two-letter line) is therefore masked
 * line by line only: registering it whole would mask that short line everywhere in the job's log
 * and summary.
 */
function masksFor(value) {
    if (value === '')
        return { masks: [], shortLines: 0 };
    if (!/[\r\n]/.test(value))
        return { masks: [value], shortLines: 0 };
    const lines = new Set();
    let hasShortLine = false;
    let shortLines = 0;
    for (const line of value.split(/\r?\n|\r/)) {
        const trimmed = line.trim();
        if (trimmed === '')
            continue;
        if (trimmed.length >= MIN_MASK_LENGTH) {
            lines.add(trimmed);
            continue;
        }
        hasShortLine = true;
        // Lines of punctuation alone (`{`, `},`) are layout, not part of the secret.
        if (/[\p{L}\p{N}]/u.test(trimmed))
            shortLines += 1;
    }
    return { masks: hasShortLine ? [...lines] : [value, ...lines], shortLines };
}
/** The masks for one part of a secret (a JSON leaf): none when it is too short to mask alone. */
function partMasks(value) {
    return value.length < MIN_MASK_LENGTH ? undefined : masksFor(value);
}
/** What the SSM agent writes where it cut a stream (the ListCommandInvocations summary). */
const CUT_MARKERS = ['\n---Output truncated---', '\n---Error truncated----'];
function redactor(values) {
    // Longest first: a whole value goes before the lines it is made of.
    const secrets = [...new Set(values)]
        .filter((value) => value !== '')
        .sort((a, b) => b.length - a.length);
    if (secrets.length === 0)
        return (text) => text;
    return (text, cutAtEnd) => {
        let whole = text;
        for (const secret of secrets)
            whole = whole.split(secret).join(MASK);
        let out = '';
        let rest = whole;
        for (let at = nextMarker(rest); at !== undefined; at = nextMarker(rest)) {
            out += withoutStartAtEnd(rest.slice(0, at.index), secrets) + at.marker;
            rest = rest.slice(at.index + at.marker.length);
        }
        return out + (cutAtEnd ? withoutStartAtEnd(rest, secrets) : rest);
    };
}
function nextMarker(text) {
    let found;
    for (const marker of CUT_MARKERS) {
        const index = text.indexOf(marker);
        if (index >= 0 && (found === undefined || index < found.index))
            found = { index, marker };
    }
    return found;
}
/** `text` with the longest start of a secret that it ends with replaced by the mask. */
function withoutStartAtEnd(text, secrets) {
    let cut = text.length;
    for (const secret of secrets) {
        const first = secret[0] ?? '';
        // Only a proper start: a whole value was replaced already.
        for (let at = Math.max(0, text.length - secret.length + 1); at < cut; at++)
            if (text[at] === first && secret.startsWith(text.slice(at))) {
                cut = at;
                break;
            }
    }
    return cut === text.length ? text : `${text.slice(0, cut)}${MASK}`;
}


/***/ }),

/***/ 2011:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I$: () => (/* binding */ exitCode),
/* harmony export */   MB: () => (/* binding */ htmlList),
/* harmony export */   Qi: () => (/* binding */ printUntrusted),
/* harmony export */   ZD: () => (/* binding */ escapeHtml),
/* harmony export */   _$: () => (/* binding */ SUMMARY_HEADING),
/* harmony export */   a3: () => (/* binding */ formatDuration),
/* harmony export */   h0: () => (/* binding */ short),
/* harmony export */   qS: () => (/* binding */ statusText),
/* harmony export */   uH: () => (/* binding */ clean)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6421);
// Small pieces of text every phase's report uses: commits, durations, exit codes, statuses, HTML
// cells, and output printed with workflow commands switched off.


/**
 * Prints text that came from elsewhere (an instance's output, the script with its values)
 * with workflow commands switched off, so that a line such as `::set-output` or `::add-mask`
 * in it is shown, never obeyed. The token is random, so the text cannot switch them back on.
 */
function printUntrusted(text) {
    const token = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(16).toString('hex');
    _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .info */ .pq(`::stop-commands::${token}`);
    _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .info */ .pq(text);
    _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .info */ .pq(`::${token}::`);
}
/** Every phase's section of the job summary starts with a heading of this level. */
const SUMMARY_HEADING = 3;
function statusText(status, details) {
    return details !== '' && details.replaceAll(' ', '') !== status
        ? `${status} (${details})`
        : status;
}
/**
 * The script's exit code, when it has one: SSM reports ResponseCode -1 for a command that has not
 * run, or is still running, which is no exit code at all.
 */
function exitCode(instance) {
    return instance.responseCode === null || instance.responseCode < 0
        ? undefined
        : instance.responseCode;
}
function short(sha) {
    return sha === null ? '—' : sha.slice(0, 7);
}
function formatDuration(ms) {
    return ms < 60_000
        ? `${(ms / 1000).toFixed(1)} s`
        : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
/** Cells of the summary are HTML: a JSON key or a reason may hold `<` or `&`. */
function escapeHtml(text) {
    return text
        .replaceAll('&', '&amp;')
        .replaceAll('<', '&lt;')
        .replaceAll('>', '&gt;')
        .replaceAll('"', '&quot;');
}
/** A list for the job summary; each item escaped, its line breaks kept. */
function htmlList(items) {
    return `<ul>${items.map((item) => `<li>${escapeHtml(item).replaceAll('\n', '<br>')}</li>`).join('')}</ul>`;
}
/** Text read from data (a record's fields) is shown without control characters, and bounded. */
function clean(text) {
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    return text.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 200);
}


/***/ }),

/***/ 7343:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   o: () => (/* binding */ DEPLOY_STATE)
/* harmony export */ });
// Step state the main step saves and the post step reads.
/**
 * Step state the post step reads: the command to cancel if the workflow is cancelled, or, while
 * no command id is known, the marker and time of a send that may have reached SSM unanswered; and
 * a GitHub Deployment the main step has not settled.
 */
const DEPLOY_STATE = {
    commandId: 'command-id',
    region: 'region',
    sendingNonce: 'sending-nonce',
    sendingAt: 'sending-at',
    acceptedAt: 'accepted-at',
    deploymentId: 'deployment-id',
    /** JSON: the target group registrations a rollout took out and has not put back yet. */
    trafficOut: 'traffic-out',
};


/***/ }),

/***/ 8810:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   checkRunOutcome: () => (/* binding */ checkRunOutcome),
/* harmony export */   clean: () => (/* binding */ clean),
/* harmony export */   octokitChecks: () => (/* binding */ octokitChecks),
/* harmony export */   statusOutcome: () => (/* binding */ statusOutcome),
/* harmony export */   verifyChecks: () => (/* binding */ verifyChecks)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
// Which checks of the commit must not have failed before a GitHub Deployment is created, and
// whether they have. GitHub's own rule (a deployment request without `required_contexts`) wants
// every check reported on the commit to have passed, including the still-running check of the
// very job that is deploying, so it refuses every deploy made from inside a workflow. The action
// decides instead: by default the checks the branch's rulesets and branch protection require,
// none of which may have completed with a failure (one still running is not waited for: the
// merge into the branch already waited); then it creates the deployment with
// `required_contexts: []`, since the checking is done.

/** A refusal lists at most this many checks, then says how many more. */
const SHOWN_MAX = 10;
/**
 * Checks the commit `sha` against `checks` for the deployment; throws an `ActionError` naming the
 * failed checks (nothing has been sent yet) or returns what was checked. `branches`: the branches
 * whose required checks apply (empty when none is known: then every check on the commit counts).
 */
async function verifyChecks(api, sha, checks, branches) {
    if (checks.kind === 'none')
        return { kind: 'waived' };
    if (checks.kind === 'named')
        return verifyNamed(api, sha, checks.names);
    const notes = [];
    const required = new Set();
    let everyCheck = branches.length === 0;
    if (everyCheck)
        notes.push('No branch is known for the commit, so every check reported on it counts as required.');
    for (const branch of branches) {
        const [rules, protection] = await Promise.all([
            readOrExplain(() => api.rulesetChecks(branch), `the rulesets of branch ${branch}`),
            readOrExplain(() => api.protectionChecks(branch), `the branch protection of ${branch}`),
        ]);
        for (const name of rules)
            required.add(name);
        if (protection.kind === 'checks')
            for (const name of protection.names)
                required.add(name);
        if (protection.kind === 'unreadable') {
            everyCheck = true;
            notes.push(`The branch protection of ${branch} could not be read (${protection.reason}), so every check reported on the commit counts as required.`);
        }
    }
    if (!everyCheck && required.size === 0)
        return { kind: 'ok', required: 'no required checks', pending: [], notes };
    const reported = await readOrExplain(() => api.commitChecks(sha), `the checks of ${sha}`);
    const byName = summarise(reported);
    const names = everyCheck ? [...new Set([...required, ...byName.keys()])] : [...required];
    const failed = names.filter((name) => byName.get(name)?.outcome === 'failed');
    if (failed.length > 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__.ActionError(`The commit ${sha} has required checks that failed: ${list(failed, byName)}. Nothing was deployed.`, {
            hint: 'Deploy a commit whose checks passed, or run them again. required-checks can name the checks that must pass instead, or be none to deploy whatever they say.',
        });
    return {
        kind: 'ok',
        required: everyCheck
            ? 'every check reported on the commit'
            : `the required checks of ${branches.join(', ')}`,
        pending: names.filter((name) => byName.get(name)?.outcome !== 'passed'),
        notes,
    };
}
/**
 * `required-checks` names them: each must have completed and passed. The workflow chose them
 * (its CI jobs, which it can make this job wait for with `needs:`), so one still running or never
 * reported is refused too, as GitHub's own `required_contexts` did.
 */
async function verifyNamed(api, sha, names) {
    const byName = summarise(await readOrExplain(() => api.commitChecks(sha), `the checks of ${sha}`));
    const notPassed = names.filter((name) => byName.get(name)?.outcome !== 'passed');
    if (notPassed.length > 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__.ActionError(`The commit ${sha} has checks named in required-checks that have not passed: ${list(notPassed, byName)}. Nothing was deployed.`, {
            hint: 'Deploy once they pass (make this job wait for them with needs:), or name other checks in required-checks.',
        });
    return { kind: 'ok', required: `the checks ${names.join(', ')}`, pending: [], notes: [] };
}
/** One outcome per name: any failure fails it, else anything unfinished leaves it pending. */
function summarise(checks) {
    const byName = new Map();
    const rank = { failed: 2, pending: 1, passed: 0 };
    for (const check of checks) {
        const known = byName.get(check.name);
        if (known === undefined || rank[check.outcome] > rank[known.outcome])
            byName.set(check.name, check);
    }
    return byName;
}
function list(names, byName) {
    const shown = names
        .slice(0, SHOWN_MAX)
        .map((name) => `${clean(name)}: ${clean(byName.get(name)?.detail ?? 'not reported')}`)
        .join(', ');
    return names.length > SHOWN_MAX ? `${shown}, and ${names.length - SHOWN_MAX} more` : shown;
}
/** Check names come from whoever reports checks on the commit: no control characters, and cut. */
function clean(text) {
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    return text.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 100);
}
async function readOrExplain(read, what) {
    try {
        return await read();
    }
    catch (error) {
        const status = error.status;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__.ActionError(`Reading ${what} from GitHub failed${typeof status === 'number' ? ` (HTTP ${status})` : ''}: ${error instanceof Error ? error.message : String(error)}. Nothing was deployed.`, {
            cause: error,
            hint: 'Give the job `permissions: checks: read, statuses: read` (and contents: read for a private repository), or set required-checks: none to create the Deployment without looking at the checks.',
        });
    }
}
/** GitHub's conclusions that branch protection counts as passing. */
const PASSING = new Set(['success', 'neutral', 'skipped']);
function checkRunOutcome(run) {
    if (run.status !== 'completed')
        return 'pending';
    return typeof run.conclusion === 'string' && PASSING.has(run.conclusion) ? 'passed' : 'failed';
}
function statusOutcome(state) {
    if (state === 'success')
        return 'passed';
    if (state === 'pending')
        return 'pending';
    return 'failed';
}
/** Pages of 100, and no more than this many: a commit with more checks is refused, not cut. */
const MAX_PAGES = 10;
/** The reads through `@actions/github`'s Octokit, for `repository` (`owner/repo`). */
async function octokitChecks(token, repository) {
    const { getOctokit } = await __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 2413));
    const octokit = { request: getOctokit(token).request };
    const [owner = '', repo = ''] = repository.split('/');
    const pages = async (route, parameters, items) => {
        const all = [];
        for (let page = 1; page <= MAX_PAGES; page += 1) {
            const { data } = await octokit.request(route, {
                owner,
                repo,
                ...parameters,
                per_page: 100,
                page,
            });
            const found = items(data);
            all.push(...found);
            if (found.length < 100)
                return all;
        }
        throw new Error(`more than ${MAX_PAGES * 100} entries at ${route}`);
    };
    return {
        rulesetChecks: async (branch) => {
            const rules = await pages('GET /repos/{owner}/{repo}/rules/branches/{branch}', { branch }, (data) => (Array.isArray(data) ? data : []));
            return rules.flatMap((rule) => {
                const { type, parameters } = rule;
                if (type !== 'required_status_checks')
                    return [];
                const checks = parameters
                    ?.required_status_checks;
                return Array.isArray(checks) ? contexts(checks) : [];
            });
        },
        protectionChecks: async (branch) => {
            try {
                const { data } = await octokit.request('GET /repos/{owner}/{repo}/branches/{branch}/protection/required_status_checks', { owner, repo, branch });
                const { contexts: names, checks } = data;
                return {
                    kind: 'checks',
                    names: [
                        ...new Set([
                            ...(Array.isArray(names) ? names.filter((n) => typeof n === 'string') : []),
                            ...(Array.isArray(checks) ? contexts(checks) : []),
                        ]),
                    ],
                };
            }
            catch (error) {
                const { status, message } = error;
                // GitHub's two answers for "nothing required"; any other 404 may be GitHub hiding what
                // the token may not see, so it is not taken to mean none.
                if (status === 404 &&
                    typeof message === 'string' &&
                    /Branch not protected|Required status checks not enabled/i.test(message))
                    return { kind: 'none' };
                if (status === 403 || status === 404)
                    return {
                        kind: 'unreadable',
                        reason: `HTTP ${status}; reading it needs administration: read, which GITHUB_TOKEN never has`,
                    };
                throw error;
            }
        },
        commitChecks: async (sha) => {
            const runs = await pages('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', { ref: sha, filter: 'latest' }, (data) => {
                const list = data.check_runs;
                return Array.isArray(list) ? list : [];
            });
            const statuses = await pages('GET /repos/{owner}/{repo}/commits/{ref}/status', { ref: sha }, (data) => {
                const list = data.statuses;
                return Array.isArray(list) ? list : [];
            });
            return [
                ...runs.flatMap((entry) => {
                    const run = entry;
                    if (typeof run.name !== 'string')
                        return [];
                    const outcome = checkRunOutcome(run);
                    const shown = outcome === 'pending' ? run.status : run.conclusion;
                    const detail = typeof shown === 'string' ? shown : 'no conclusion';
                    return [{ name: run.name, outcome, detail }];
                }),
                ...statuses.flatMap((entry) => {
                    const status = entry;
                    if (typeof status.context !== 'string')
                        return [];
                    return [
                        {
                            name: status.context,
                            outcome: statusOutcome(status.state),
                            detail: String(status.state),
                        },
                    ];
                }),
            ];
        },
    };
}
function contexts(checks) {
    return checks.flatMap((check) => {
        const context = check.context;
        return typeof context === 'string' ? [context] : [];
    });
}


/***/ })

};

//# sourceMappingURL=205.index.js.map