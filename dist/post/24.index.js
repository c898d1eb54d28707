export const id = 24;
export const ids = [24,200,992,917,916];
export const modules = {

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


/***/ }),

/***/ 7127:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ge: () => (/* binding */ TIMEOUT_BOUNDS),
/* harmony export */   IV: () => (/* binding */ RESERVED_OUTPUTS),
/* harmony export */   Je: () => (/* binding */ HEALTH_CHECK_MAX),
/* harmony export */   LY: () => (/* binding */ DEPLOY_ONLY_INPUTS),
/* harmony export */   Qh: () => (/* binding */ INPUT_NAMES),
/* harmony export */   WJ: () => (/* binding */ INPUT_DEFAULTS),
/* harmony export */   YX: () => (/* binding */ HEALTH_CHECK_TIMEOUT_BOUNDS),
/* harmony export */   kz: () => (/* binding */ MAX_TARGETS),
/* harmony export */   rf: () => (/* binding */ MAX_TAG_VALUES),
/* harmony export */   sb: () => (/* binding */ MAX_INSTANCE_IDS),
/* harmony export */   vQ: () => (/* binding */ COMMENT_MAX)
/* harmony export */ });
// What action.yml declares: the inputs, their defaults, the action's own outputs and the limits
// the services set on what the inputs may hold.
/** Every input action.yml declares; the metadata test holds the two lists equal. */
const INPUT_NAMES = [
    'aws-region',
    'secret-ids',
    'if-missing',
    'parse-json-secrets',
    'name-transformation',
    'binary-secrets',
    'export-env',
    'parameters',
    'versioned-buckets',
    'instance-ids',
    'targets',
    'working-directory',
    'ref',
    'allowed-branches',
    'git-pull',
    'deploy-script',
    'run-as',
    'env',
    'timeout-seconds',
    'max-concurrency',
    'max-errors',
    'wait',
    'comment',
    'output-s3-bucket',
    'output-s3-key-prefix',
    'cloudwatch-log-group',
    'rollback-on-failure',
    'rollout',
    'bake-seconds',
    'alarms',
    'target-groups',
    'health-check',
    'health-check-timeout',
    'record-parameter',
    'github-token',
    'environment',
    'required-checks',
    'allow-older',
    'dry-run',
];
/**
 * Defaults, applied when an input is empty. They equal action.yml's (the metadata test checks),
 * and also hold when the action is run without the runner filling defaults in.
 */
const INPUT_DEFAULTS = {
    'if-missing': 'fail',
    'parse-json-secrets': 'false',
    'name-transformation': 'uppercase',
    'binary-secrets': 'text',
    'export-env': 'false',
    'git-pull': 'true',
    'deploy-script': './deploy.sh',
    'timeout-seconds': '900',
    'max-concurrency': '50',
    'max-errors': '0',
    wait: 'true',
    'rollback-on-failure': 'false',
    rollout: '100%',
    'bake-seconds': '0',
    'health-check-timeout': '60',
    'allow-older': 'false',
    'dry-run': 'false',
};
/** Inputs that only mean something when deploying (when `instance-ids` or `targets` is set). */
const DEPLOY_ONLY_INPUTS = [
    'working-directory',
    'allowed-branches',
    'run-as',
    'env',
    'comment',
    'output-s3-bucket',
    'output-s3-key-prefix',
    'cloudwatch-log-group',
    'health-check',
    'record-parameter',
    'environment',
    'alarms',
    'target-groups',
];
/** Step outputs of the action itself; a secret or parameter output may not take their names. */
const RESERVED_OUTPUTS = [
    'command-id',
    'status',
    'results',
    'deployed-sha',
    'versioning',
    'secrets-manifest',
    'waves',
];
/** Instance ids SSM takes in one SendCommand: also the most a rollout wave holds. */
const MAX_INSTANCE_IDS = 50;
const MAX_TARGETS = 5;
const MAX_TAG_VALUES = 50;
const TIMEOUT_BOUNDS = { min: 5, max: 172_800 };
const COMMENT_MAX = 100;
/** health-check-timeout: at least a second, at most the longest execution timeout. */
const HEALTH_CHECK_TIMEOUT_BOUNDS = { min: 1, max: 172_800 };
/** health-check is a command line, not a script: kept well below SSM's limit on the command. */
const HEALTH_CHECK_MAX = 4096;


/***/ }),

/***/ 8024:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  parseSavedOut: () => (/* binding */ parseSavedOut)
});

// UNUSED EXPORTS: reportRollout, rolloutEvents

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 18 modules
var lib_core = __webpack_require__(6257);
// EXTERNAL MODULE: ./src/deploy/status.ts
var deploy_status = __webpack_require__(8917);
// EXTERNAL MODULE: ./src/rollout/engine.ts + 2 modules
var engine = __webpack_require__(4992);
// EXTERNAL MODULE: ./src/report/state.ts
var state = __webpack_require__(7343);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/report/format.ts
// Small pieces of text every phase's report uses: commits, durations, exit codes, statuses, HTML
// cells, and output printed with workflow commands switched off.


/**
 * Prints text that came from elsewhere (an instance's output, the script with its values)
 * with workflow commands switched off, so that a line such as `::set-output` or `::add-mask`
 * in it is shown, never obeyed. The token is random, so the text cannot switch them back on.
 */
function printUntrusted(text) {
    const token = randomBytes(16).toString('hex');
    core.info(`::stop-commands::${token}`);
    core.info(text);
    core.info(`::${token}::`);
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
function format_short(sha) {
    return sha === null ? '—' : sha.slice(0, 7);
}
function format_formatDuration(ms) {
    return ms < 60_000
        ? `${(ms / 1000).toFixed(1)} s`
        : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
/** Cells of the summary are HTML: a JSON key or a reason may hold `<` or `&`. */
function format_escapeHtml(text) {
    return text
        .replaceAll('&', '&amp;')
        .replaceAll('<', '&lt;')
        .replaceAll('>', '&gt;')
        .replaceAll('"', '&quot;');
}
/** A list for the job summary; each item escaped, its line breaks kept. */
function htmlList(items) {
    return `<ul>${items.map((item) => `<li>${format_escapeHtml(item).replaceAll('\n', '<br>')}</li>`).join('')}</ul>`;
}
/** Text read from data (a record's fields) is shown without control characters, and bounded. */
function clean(text) {
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    return text.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 200);
}

;// CONCATENATED MODULE: ./src/report/rollout.ts
// The rollout as it happens (waves, traffic and health per instance, bakes and alarms, rollback,
// put-back) and at its end (the waves output, the job summary's wave table).





/** What the log says while the rollout goes on; `onOut` keeps the post step's state current. */
function rolloutEvents(now, region) {
    let waves = 0;
    return {
        onPlan: (plan) => {
            waves = plan.length;
            core.info(`Rollout in ${plan.length} wave(s): ${plan.map((ids, i) => `${i + 1}) ${ids.join(', ')}`).join('; ')}`);
        },
        onWaveStart: (wave, ids, rollback) => {
            core.info(rollback
                ? `Rolling back wave ${wave}: ${ids.join(', ')}`
                : `Wave ${wave}/${waves}: ${ids.join(', ')} (${new Date(now()).toISOString()})`);
        },
        onTraffic: (seen, event) => {
            const registration = 'registration' in seen ? seen.registration : seen;
            const state = 'registration' in seen ? describeState(seen) : '';
            core.info(`  ${registration.instanceId} · ${groupName(registration.group)}${registration.port === undefined ? '' : `:${registration.port}`} · ${event}${state}`);
        },
        onOut: (out) => {
            core.saveState(DEPLOY_STATE.region, region);
            core.saveState(DEPLOY_STATE.trafficOut, JSON.stringify(out));
        },
        onBake: (wave, seconds) => {
            if (seconds > 0)
                core.info(`Wave ${wave}: baking ${seconds} s under the alarms.`);
        },
        onWaveEnd: (record) => {
            core.info(`Wave ${record.wave}: ${record.outcome}${durationOf(record)}`);
        },
        onAlarm: (firing) => {
            core.info(`In ALARM: ${firing.join(', ')}. No further wave starts.`);
        },
        onRollback: (ids, rolledBackThere) => {
            const there = rolledBackThere.length === 0
                ? ''
                : ` ${rolledBackThere.join(', ')} rolled back on the instance already.`;
            core.info(ids.length === 0
                ? `rollback-on-failure: no ${there === '' ? '' : 'other '}instance is left changed by this run, so none is rolled back.${there}`
                : `rollback-on-failure: bringing ${ids.join(', ')} back to the commit each had.${there}`);
        },
        onPutBack: (registrations, error) => {
            const list = registrations.map((r) => `${r.instanceId} in ${groupName(r.group)}`).join(', ');
            if (error === undefined)
                core.info(`Put back into their target groups, as the run ended early: ${list}.`);
            else
                core.error(`Could not put ${list} back into their target groups (${describeError(error)}); register them again by hand.`, { title: 'Instances left out of their target groups' });
        },
    };
}
/** The `waves` output, the rollback's verdict, and the job summary's wave table. */
async function reportRollout(rollout) {
    core.setOutput('waves', JSON.stringify(rollout.waves.map((w) => ({
        wave: w.wave,
        instances: w.instances,
        start: w.start === undefined ? null : new Date(w.start).toISOString(),
        end: w.end === undefined ? null : new Date(w.end).toISOString(),
        outcome: w.outcome,
        commandId: w.commandId ?? null,
    }))));
    for (const back of rollout.rollback ?? [])
        if (back.success && back.healthy !== false)
            core.info(`${back.instanceId}: rolled back to ${short(back.sha)}${back.healthy === true ? ', healthy' : ''}.`);
        else
            core.error(`${back.instanceId}: the rollback to ${short(back.sha)} ${back.success ? 'ran, but the instance is not healthy' : 'failed'}${back.reason === undefined ? '' : `: ${back.reason}`}`, { title: `Rollback failed on ${back.instanceId}` });
    core.info(`AWS calls of the rollout: ${rollout.calls.commands} command(s), ${rollout.calls.describeHealth} DescribeTargetHealth, ${rollout.calls.deregister} DeregisterTargets, ${rollout.calls.register} RegisterTargets, ${rollout.calls.attributes} DescribeTargetGroupAttributes, ${rollout.calls.describeAlarms} DescribeAlarms.`);
    const header = ['Wave', 'Instances', 'Outcome', 'Duration'].map((data) => ({
        data,
        header: true,
    }));
    const rows = rollout.waves.map((w) => [
        String(w.wave),
        w.instances.map((id) => `<code>${escapeHtml(id)}</code>`).join(' '),
        escapeHtml(w.outcome),
        durationOf(w).replace(/^ in /, '') || '—',
    ]);
    const rollback = (rollout.rollback ?? []).map((b) => `<code>${escapeHtml(b.instanceId)}</code> → <code>${short(b.sha)}</code>: ${b.success ? 'rolled back' : 'rollback failed'}${b.healthy === null ? '' : b.healthy ? ', healthy' : ', not healthy'}`);
    try {
        await core.summary
            .addHeading('Rollout', 4)
            .addTable([header, ...rows])
            .addRaw(rollback.length === 0 ? '' : `<p>${rollback.join('<br>')}</p>`, true)
            .write();
    }
    catch (error) {
        core.debug(`No job summary: ${describeError(error)}`);
    }
}
function describeState(state) {
    return ` (${state.state}${state.reason === undefined ? '' : `: ${state.reason}`})`;
}
function durationOf(record) {
    return record.start === undefined || record.end === undefined
        ? ''
        : ` in ${formatDuration(record.end - record.start)}`;
}
/** Registrations saved as step state, read strictly: anything else is none. */
function parseSavedOut(saved) {
    if (saved === '')
        return [];
    try {
        const value = JSON.parse(saved);
        if (!Array.isArray(value))
            return [];
        return value.flatMap((item) => {
            if (typeof item !== 'object' || item === null)
                return [];
            const { group, instanceId, port } = item;
            if (typeof group !== 'string' || typeof instanceId !== 'string')
                return [];
            if (port !== undefined && (typeof port !== 'number' || !Number.isInteger(port)))
                return [];
            return [{ group, instanceId, port: port }];
        });
    }
    catch {
        return [];
    }
}


/***/ }),

/***/ 4992:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ALARM_POLL_MS: () => (/* binding */ ALARM_POLL_MS),
  groupName: () => (/* binding */ groupName),
  runRollout: () => (/* binding */ runRollout)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudwatch/dist-cjs/index.js
var dist_cjs = __webpack_require__(4085);
;// CONCATENATED MODULE: ./src/rollout/alarms.ts
// CloudWatch alarms the rollout watches: which of them are in ALARM, read with DescribeAlarms
// (every name in one call, both metric and composite alarms).


async function readAlarms(cloudWatch, names, calls) {
    const states = new Map();
    let token;
    do {
        calls.describeAlarms++;
        const page = await cloudWatch.send(new dist_cjs/* DescribeAlarmsCommand */.zWD({
            AlarmNames: [...names],
            AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
            ...(token === undefined ? {} : { NextToken: token }),
        }));
        for (const alarm of [...(page.MetricAlarms ?? []), ...(page.CompositeAlarms ?? [])])
            if (alarm.AlarmName !== undefined && names.includes(alarm.AlarmName))
                states.set(alarm.AlarmName, alarm.StateValue ?? 'INSUFFICIENT_DATA');
        token = page.NextToken;
    } while (token !== undefined && token !== '');
    return {
        firing: names.filter((name) => states.get(name) === 'ALARM'),
        missing: names.filter((name) => !states.has(name)),
    };
}
/** Before anything is sent: every alarm must exist and none may be in ALARM. */
function refuseToStart(states) {
    if (states.missing.length > 0)
        throw new errors.ActionError(`CloudWatch knows no alarm named ${states.missing.map((n) => JSON.stringify(n)).join(', ')} (alarms); nothing was sent.`, { hint: 'Check the names and the region; alarms are read with cloudwatch:DescribeAlarms.' });
    if (states.firing.length > 0)
        throw new errors.ActionError(`${states.firing.length === 1 ? 'Alarm' : 'Alarms'} ${states.firing.map((n) => JSON.stringify(n)).join(', ')} ${states.firing.length === 1 ? 'is' : 'are'} in ALARM before the rollout; nothing was sent.`, { hint: 'Deploy once the alarm is OK again, or leave it out of alarms.' });
}

// EXTERNAL MODULE: ./src/inputs/declared.ts
var declared = __webpack_require__(7127);
;// CONCATENATED MODULE: ./src/rollout/plan.ts
// Waves from the rollout input and the fleet: which instances each wave deploys.

/**
 * How many instances have the commit once a step is done: a count as given (at most the fleet), a
 * percentage rounded down ("up to a quarter"), but at least one, so a small fleet still starts
 * with one instance rather than none.
 */
function cumulativeSize(step, fleet) {
    if (step.kind === 'count')
        return Math.min(step.count, fleet);
    return Math.min(fleet, Math.max(1, Math.floor((step.percent * fleet) / 100)));
}
/**
 * The instances of each wave, in the order given. A step that reaches no further than the one
 * before it on this fleet (25% of 4 after 1) adds no wave; the last step is 100%, so every
 * instance is in exactly one wave.
 */
function planWaves(steps, instanceIds) {
    const waves = [];
    const add = (wave) => {
        // SSM takes at most 50 instance ids in one command, and a wave is one command: a larger step
        // goes out as consecutive waves of at most 50, each started only once the one before it is
        // deployed, healthy and baked, so no more of the fleet is at risk at once than asked for.
        for (let start = 0; start < wave.length; start += declared/* MAX_INSTANCE_IDS */.sb)
            waves.push(wave.slice(start, start + declared/* MAX_INSTANCE_IDS */.sb));
    };
    let done = 0;
    for (const step of steps) {
        const size = Math.max(done, cumulativeSize(step, instanceIds.length));
        if (size > done)
            add(instanceIds.slice(done, size));
        done = size;
    }
    if (done < instanceIds.length)
        add(instanceIds.slice(done));
    return waves;
}

// EXTERNAL MODULE: ./src/rollout/traffic.ts
var traffic = __webpack_require__(4200);
;// CONCATENATED MODULE: ./src/rollout/engine.ts
// The rollout: the fleet in waves, each taken out of its target groups and drained, deployed with
// one SSM command, put back and waited on until healthy, then baked under the alarms; a failure
// or an alarm stops it, and with rollback-on-failure every instance it changed goes back to the
// commit it had, wave by wave, the same way. Whatever ends the run, every registration it took
// out is put back. Plain data in and out; src/report/rollout.ts shows it.




/** How often alarms are read during a bake. */
const ALARM_POLL_MS = 5_000;
async function runRollout(deploy, rollout, deps) {
    const { events = {}, signal } = deps;
    // A function, not the property: the signal is aborted from outside while this awaits.
    const cancelled = () => signal.aborted;
    const calls = { ...(0,traffic.newTrafficCalls)(), describeAlarms: 0, commands: 0 };
    const cloudWatch = rollout.alarms.length > 0 ? required(deps.cloudWatch, 'CloudWatch') : undefined;
    const elb = rollout.targetGroups.length > 0 ? required(deps.elb, 'ELBv2') : undefined;
    if (cloudWatch !== undefined)
        refuseToStart(await readAlarms(cloudWatch, rollout.alarms, calls));
    const instanceIds = await deps.resolveInstances();
    if (instanceIds.length === 0)
        throw new errors.ActionError('No instance matched the targets, so nothing was deployed.');
    const plan = planWaves(rollout.waves, instanceIds);
    events.onPlan?.(plan);
    const registered = elb === undefined
        ? []
        : await (0,traffic.describeRegistrations)(elb, rollout.targetGroups, instanceIds, calls);
    const delays = elb === undefined || registered.length === 0
        ? new Map()
        : await (0,traffic.deregistrationDelays)(elb, [...new Set(registered.map((r) => r.group))], calls);
    const out = new Map();
    const clock = { now: deps.now, sleep: deps.sleep, signal };
    const records = plan.map((instances, index) => ({
        wave: index + 1,
        instances,
        start: undefined,
        end: undefined,
        outcome: 'NotStarted',
        commandId: undefined,
    }));
    const results = new Map();
    const reports = [];
    const waveOf = new Map();
    let alarm = [];
    let rollback;
    const leftOut = [];
    /** Out of traffic, deployed, back in and healthy: one wave, forwards or backwards. */
    const stage = async (ids, config, wave, isRollback) => {
        events.onWaveStart?.(wave, ids, isRollback);
        const mine = registered.filter((r) => ids.includes(r.instanceId));
        const unhealthy = new Map();
        if (elb !== undefined && mine.length > 0) {
            // Recorded before the call: a deregistration whose answer is lost may still have happened.
            for (const r of mine)
                out.set(key(r), r);
            events.onOut?.([...out.values()]);
            await (0,traffic.takeOut)(elb, mine, calls);
            for (const r of mine)
                events.onTraffic?.(r, 'deregistered');
            const draining = await (0,traffic.waitDrained)(elb, mine, delays, clock, calls);
            for (const r of mine)
                events.onTraffic?.(draining.find((s) => s.registration === r) ?? r, draining.some((s) => s.registration === r) ? 'still draining' : 'drained');
        }
        // A cancel while draining sends nothing: the instances go straight back in.
        const report = cancelled() ? undefined : await deployTo(config);
        if (elb !== undefined && mine.length > 0) {
            await (0,traffic.putBack)(elb, mine, calls);
            for (const r of mine)
                out.delete(key(r));
            events.onOut?.([...out.values()]);
            for (const r of mine)
                events.onTraffic?.(r, 'registered');
            if (!cancelled()) {
                const health = await (0,traffic.waitHealthy)(elb, mine, rollout.healthTimeoutSeconds * 1000, clock, calls);
                for (const state of health.states) {
                    events.onTraffic?.(state, state.state === 'healthy' ? 'healthy' : 'unhealthy');
                    if (state.state !== 'healthy')
                        unhealthy.set(state.registration.instanceId, `not healthy in target group ${groupName(state.registration.group)} within ${rollout.healthTimeoutSeconds} s (${state.state}${state.reason === undefined ? '' : `: ${state.reason}`})`);
                }
            }
        }
        return { report, unhealthy, registered: new Set(mine.map((r) => r.instanceId)) };
    };
    const deployTo = async (config) => {
        calls.commands++;
        return deps.deployTo(config);
    };
    try {
        for (const [index, ids] of plan.entries()) {
            if (cancelled())
                break;
            const start = deps.now();
            const config = {
                ...deploy,
                targets: { kind: 'instances', instanceIds: ids },
                rollout: undefined,
            };
            const result = await stage(ids, config, index + 1, false);
            for (const id of ids)
                waveOf.set(id, index + 1);
            if (result.report !== undefined)
                reports.push(result.report);
            for (const instance of result.report?.instances ?? [])
                results.set(instance.instanceId, withTraffic(instance, result));
            let outcome = waveOutcome(result);
            if (outcome === 'Success' && cloudWatch !== undefined) {
                events.onBake?.(index + 1, rollout.bakeSeconds);
                alarm = await bake(cloudWatch, rollout, clock, calls);
                if (alarm.length > 0) {
                    outcome = 'Alarm';
                    events.onAlarm?.(alarm);
                }
            }
            else if (outcome === 'Success' && rollout.bakeSeconds > 0) {
                events.onBake?.(index + 1, rollout.bakeSeconds);
                await deps.sleep(rollout.bakeSeconds * 1000, signal);
            }
            if (outcome === 'Success' && cancelled())
                outcome = 'Cancelled';
            const record = {
                ...records[index],
                wave: index + 1,
                instances: ids,
                start,
                end: deps.now(),
                outcome,
                commandId: result.report?.commandId,
            };
            records[index] = record;
            events.onWaveEnd?.(record);
            if (outcome !== 'Success')
                break;
        }
        const failed = records.some((r) => r.outcome === 'Failed' || r.outcome === 'Alarm');
        if (failed && deploy.rollbackOnFailure && !cancelled()) {
            rollback = [];
            const changed = [...results.values()].filter((r) => r.previousSha !== null && !r.rolledBack && r.deployedSha !== r.previousSha);
            events.onRollback?.(changed.map((r) => r.instanceId), [...results.values()].filter((r) => r.rolledBack).map((r) => r.instanceId));
            // The last wave first: the instances most recently changed are the least proven.
            for (const wave of [...records].reverse()) {
                if (cancelled())
                    break;
                const inWave = changed.filter((r) => wave.instances.includes(r.instanceId));
                for (const [sha, ids] of bySha(inWave)) {
                    if (cancelled())
                        break;
                    const config = {
                        ...deploy,
                        targets: { kind: 'instances', instanceIds: ids },
                        ref: { kind: 'sha', sha },
                        rollbackOnFailure: false,
                        rollout: undefined,
                    };
                    const result = await stage(ids, config, wave.wave, true);
                    if (result.report !== undefined)
                        reports.push(result.report);
                    for (const id of ids) {
                        const back = result.report?.instances.find((i) => i.instanceId === id);
                        const reason = result.unhealthy.get(id) ?? back?.reason;
                        rollback.push({
                            instanceId: id,
                            sha,
                            success: back?.success === true && back.deployedSha === sha,
                            healthy: result.registered.has(id)
                                ? !result.unhealthy.has(id) && back?.healthy !== false
                                : (back?.healthy ?? null),
                            reason: back === undefined ? 'the rollback was not sent (the run was cancelled)' : reason,
                        });
                        const before = results.get(id);
                        if (before !== undefined && back?.success === true)
                            results.set(id, {
                                ...before,
                                rolledBack: true,
                                deployedSha: back.deployedSha,
                                healthy: withTraffic(back, result).healthy,
                            });
                    }
                }
            }
        }
    }
    finally {
        if (elb !== undefined && out.size > 0) {
            const left = [...out.values()];
            try {
                await (0,traffic.putBack)(elb, left, calls);
                out.clear();
                events.onOut?.([]);
                events.onPutBack?.(left, undefined);
            }
            catch (error) {
                leftOut.push(...left);
                events.onPutBack?.(left, error);
            }
        }
    }
    if (reports.length === 0)
        throw new errors.ActionError(cancelled()
            ? 'The workflow was cancelled before the first wave was sent; nothing was deployed.'
            : 'No wave was sent.');
    return {
        report: mergeReports(reports, [...results.values()], records, alarm, cancelled()),
        waves: records,
        waveOf,
        alarm,
        rollback,
        leftOut,
        calls,
    };
}
/** Watches the alarms for the bake time (read at least once, right after the wave). */
async function bake(cloudWatch, rollout, clock, calls) {
    const end = clock.now() + rollout.bakeSeconds * 1000;
    for (;;) {
        const { firing } = await readAlarms(cloudWatch, rollout.alarms, calls);
        if (firing.length > 0)
            return firing;
        const left = end - clock.now();
        if (left <= 0 || clock.signal.aborted)
            return [];
        await clock.sleep(Math.min(ALARM_POLL_MS, left), clock.signal);
    }
}
function waveOutcome(result) {
    const report = result.report;
    if (report === undefined)
        return 'Cancelled';
    if (report.status === 'Cancelled')
        return 'Cancelled';
    if (report.status === 'TimedOut')
        return 'TimedOut';
    if (report.status !== 'Success' || result.unhealthy.size > 0)
        return 'Failed';
    return 'Success';
}
/**
 * An instance put back into target groups is healthy only when its health-check passed (or had
 * none) and every group found it healthy; one that was in no group keeps the health-check's word.
 */
function withTraffic(instance, result) {
    if (!result.registered.has(instance.instanceId))
        return instance;
    const reason = result.unhealthy.get(instance.instanceId);
    if (reason === undefined)
        return { ...instance, healthy: instance.healthy !== false };
    return { ...instance, healthy: false, success: false, reason: instance.reason ?? reason };
}
/** The reports of every command as one: what the step's outputs and summary show. */
function mergeReports(reports, instances, records, alarm, cancelled) {
    const [last] = reports.slice(-1);
    if (last === undefined)
        throw new Error('no report to merge');
    const outcomes = records.map((r) => r.outcome);
    const status = cancelled || outcomes.includes('Cancelled')
        ? 'Cancelled'
        : outcomes.includes('TimedOut')
            ? 'TimedOut'
            : outcomes.every((o) => o === 'Success')
                ? 'Success'
                : 'Failed';
    const shas = new Set(instances.filter((i) => i.success).map((i) => i.deployedSha));
    const [only] = shas;
    const notStarted = records.filter((r) => r.outcome === 'NotStarted');
    return {
        ...last,
        status,
        instances,
        deployedSha: shas.size === 1 && typeof only === 'string' ? only : '',
        problems: [
            ...reports.flatMap((r) => r.problems),
            ...(alarm.length > 0
                ? [
                    `${alarm.length === 1 ? 'Alarm' : 'Alarms'} ${alarm.map((n) => JSON.stringify(n)).join(', ')} went into ALARM during the rollout.`,
                ]
                : []),
            ...(notStarted.length > 0 && status !== 'Success'
                ? [
                    `Not deployed: ${notStarted.map((r) => `wave ${r.wave} (${r.instances.join(', ')})`).join('; ')}.`,
                ]
                : []),
        ],
        notes: reports.flatMap((r) => r.notes),
        pollCalls: reports.reduce((sum, r) => sum + r.pollCalls, 0),
        outputCalls: reports.reduce((sum, r) => sum + r.outputCalls, 0),
    };
}
function bySha(instances) {
    const groups = new Map();
    for (const instance of instances) {
        if (instance.previousSha === null)
            continue;
        groups.set(instance.previousSha, [
            ...(groups.get(instance.previousSha) ?? []),
            instance.instanceId,
        ]);
    }
    return groups;
}
function key(r) {
    return `${r.group} ${r.instanceId} ${String(r.port)}`;
}
/** `targetgroup/NAME/ID` of an ARN, the part a person recognises. */
function groupName(arn) {
    return arn.slice(arn.indexOf(':targetgroup/') + 1);
}
function required(client, name) {
    if (client === undefined)
        throw new Error(`The rollout needs a ${name} client`);
    return client;
}


/***/ }),

/***/ 4200:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DEFAULT_DEREGISTRATION_DELAY_S: () => (/* binding */ DEFAULT_DEREGISTRATION_DELAY_S),
/* harmony export */   DRAIN_MARGIN_MS: () => (/* binding */ DRAIN_MARGIN_MS),
/* harmony export */   deregistrationDelays: () => (/* binding */ deregistrationDelays),
/* harmony export */   describeRegistrations: () => (/* binding */ describeRegistrations),
/* harmony export */   newTrafficCalls: () => (/* binding */ newTrafficCalls),
/* harmony export */   pollInterval: () => (/* binding */ pollInterval),
/* harmony export */   putBack: () => (/* binding */ putBack),
/* harmony export */   takeOut: () => (/* binding */ takeOut),
/* harmony export */   waitDrained: () => (/* binding */ waitDrained),
/* harmony export */   waitHealthy: () => (/* binding */ waitHealthy)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(586);
// Traffic through Elastic Load Balancing v2 target groups: where each instance is registered,
// taking it out (deregister, then wait for draining to end), putting it back, and waiting until
// it is healthy. One call per target group at a time, never one per instance.

/** ELBv2's own default deregistration delay, when a group does not say. */
const DEFAULT_DEREGISTRATION_DELAY_S = 300;
/** Beyond a group's deregistration delay, how long draining may still be reported. */
const DRAIN_MARGIN_MS = 30_000;
function newTrafficCalls() {
    return { describeHealth: 0, register: 0, deregister: 0, attributes: 0 };
}
/**
 * Where the given instances are registered now: one DescribeTargetHealth per group (every target
 * of it at once). A target already draining is on its way out, so it is not put back later.
 */
async function describeRegistrations(elb, groups, instanceIds, calls) {
    const wanted = new Set(instanceIds);
    const found = [];
    for (const group of groups) {
        calls.describeHealth++;
        const { TargetHealthDescriptions = [] } = await elb.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_0__/* .DescribeTargetHealthCommand */ .qyg({ TargetGroupArn: group }));
        for (const description of TargetHealthDescriptions) {
            const id = description.Target?.Id;
            if (id === undefined || !wanted.has(id))
                continue;
            const state = description.TargetHealth?.State;
            if (state === 'draining')
                continue;
            found.push({
                group,
                instanceId: id,
                port: description.Target?.Port,
            });
        }
    }
    return found;
}
/** Deregisters every registration given, one call per group. */
async function takeOut(elb, registrations, calls) {
    for (const [group, list] of byGroup(registrations)) {
        calls.deregister++;
        await elb.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_0__/* .DeregisterTargetsCommand */ .Atx({ TargetGroupArn: group, Targets: list.map(target) }));
    }
}
/** Registers every registration given again, one call per group. */
async function putBack(elb, registrations, calls) {
    for (const [group, list] of byGroup(registrations)) {
        calls.register++;
        await elb.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_0__/* .RegisterTargetsCommand */ .PE6({ TargetGroupArn: group, Targets: list.map(target) }));
    }
}
/** Each group's deregistration delay in seconds (DescribeTargetGroupAttributes, once a group). */
async function deregistrationDelays(elb, groups, calls) {
    const delays = new Map();
    for (const group of groups) {
        calls.attributes++;
        const { Attributes = [] } = await elb.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_0__/* .DescribeTargetGroupAttributesCommand */ .cKh({ TargetGroupArn: group }));
        const value = Attributes.find((a) => a.Key === 'deregistration_delay.timeout_seconds')?.Value;
        const seconds = Number(value);
        delays.set(group, value !== undefined && Number.isFinite(seconds) && seconds >= 0
            ? seconds
            : DEFAULT_DEREGISTRATION_DELAY_S);
    }
    return delays;
}
/**
 * Polls until no registration given is draining any more, or the longest deregistration delay
 * (plus a margin) has passed. Returns those still draining then (none when all went).
 */
async function waitDrained(elb, registrations, delays, clock, calls) {
    const longest = Math.max(0, ...registrations.map((r) => delays.get(r.group) ?? DEFAULT_DEREGISTRATION_DELAY_S));
    const start = clock.now();
    const deadline = start + longest * 1000 + DRAIN_MARGIN_MS;
    for (;;) {
        const states = await describeStates(elb, registrations, calls);
        const draining = states.filter((s) => s.state === 'draining');
        if (draining.length === 0 || clock.now() >= deadline || clock.signal.aborted)
            return draining;
        await clock.sleep(pollInterval(clock.now() - start, deadline - clock.now()), clock.signal);
    }
}
/**
 * Polls until every registration given is `healthy`, or `timeoutMs` has passed. Returns the last
 * state of each.
 */
async function waitHealthy(elb, registrations, timeoutMs, clock, calls, onStates) {
    const start = clock.now();
    const deadline = start + timeoutMs;
    for (;;) {
        const states = await describeStates(elb, registrations, calls);
        onStates?.(states);
        const healthy = states.every((s) => s.state === 'healthy');
        if (healthy || clock.now() >= deadline || clock.signal.aborted)
            return { healthy, states };
        await clock.sleep(pollInterval(clock.now() - start, deadline - clock.now()), clock.signal);
    }
}
/**
 * The wait's promise, as for the SSM command: a change is seen within max(1.5 s, 10 % of the
 * time waited so far), and never later than the deadline.
 */
function pollInterval(elapsedMs, leftMs) {
    return Math.max(0, Math.min(Math.max(1_000, elapsedMs / 10), 10_000, leftMs));
}
/** The state of each registration, one DescribeTargetHealth per group naming only them. */
async function describeStates(elb, registrations, calls) {
    const states = [];
    for (const [group, list] of byGroup(registrations)) {
        calls.describeHealth++;
        const { TargetHealthDescriptions = [] } = await elb.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_0__/* .DescribeTargetHealthCommand */ .qyg({ TargetGroupArn: group, Targets: list.map(target) }));
        for (const registration of list) {
            const described = TargetHealthDescriptions.find((d) => matches(d, registration));
            states.push({
                registration,
                // A target ELBv2 no longer lists has finished deregistering.
                state: described?.TargetHealth?.State ?? 'unused',
                reason: described?.TargetHealth?.Reason,
                description: described?.TargetHealth?.Description,
            });
        }
    }
    return states;
}
function matches(description, registration) {
    return (description.Target?.Id === registration.instanceId &&
        (registration.port === undefined ||
            description.Target.Port === undefined ||
            description.Target.Port === registration.port));
}
function target(registration) {
    return {
        Id: registration.instanceId,
        // Instance targets take no AvailabilityZone; the port is the one it was registered on.
        ...(registration.port === undefined ? {} : { Port: registration.port }),
    };
}
function byGroup(registrations) {
    const groups = new Map();
    for (const registration of registrations) {
        const list = groups.get(registration.group) ?? [];
        list.push(registration);
        groups.set(registration.group, list);
    }
    return groups;
}


/***/ })

};

//# sourceMappingURL=24.index.js.map