export const id = 809;
export const ids = [809];
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

/***/ 6809:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   requireDeployableTargets: () => (/* binding */ requireDeployableTargets)
/* harmony export */ });
/* unused harmony exports resolveTargets, throwRefusals, REFUSAL_MESSAGES, REFUSAL_CAUSES, FIXES */
/* harmony import */ var _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4736);
/* harmony import */ var _aws_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5148);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _failure_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1633);
// The deploy's preflight: which instances SSM manages among the targets, and whether each can take
// the command now. Asked of DescribeInstanceInformation before anything is sent, so an instance that
// is not managed, offline or not Linux fails the step in seconds, naming it and the fix, instead of
// after SSM's delivery timeout.




/** DescribeInstanceInformation's page size limit (MaxResultsEC2Compatible: 5–50). */
const PAGE_SIZE = 50;
/**
 * The targets as SSM sees them now: by id, each id must be listed; by tag, every instance the tags
 * select is checked, and at least one must be. Pages through every result.
 */
async function resolveTargets(ssm, targets, region) {
    const listed = await describeTargets(ssm, targets, region);
    const byId = new Map(listed.map((info) => [info.InstanceId ?? '', info]));
    byId.delete('');
    const wanted = targets.kind === 'instances' ? [...new Set(targets.instanceIds)] : [...byId.keys()].sort();
    const instances = [];
    const refusals = [];
    for (const instanceId of wanted) {
        const info = byId.get(instanceId);
        const refusal = refusalFor(instanceId, info, region);
        if (refusal !== undefined)
            refusals.push(refusal);
        else if (info !== undefined)
            instances.push(managed(instanceId, info));
    }
    if (targets.kind === 'tags' && wanted.length === 0)
        refusals.push({
            reason: 'no-match',
            instanceId: undefined,
            message: `No instance matched the targets (${describeTags(targets)}): SSM manages no instance in ${region} with these tags.`,
        });
    return { instances, refusals };
}
/**
 * `resolveTargets`, failing with one error per refusal (each its own annotation) unless every
 * target can take the command; returns the instances the deploy will reach.
 */
async function requireDeployableTargets(ssm, targets, region) {
    const check = await resolveTargets(ssm, targets, region);
    throwRefusals(check);
    return check.instances;
}
/** Throws the refusals of a check, if any, as errors that say the fix. */
function throwRefusals(check) {
    if (check.refusals.length === 0)
        return;
    throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__.combineErrors)(check.refusals.map((refusal) => new _errors_js__WEBPACK_IMPORTED_MODULE_1__.ActionError(refusal.message, { hint: FIXES[refusal.reason] })));
}
/** What the step says for each kind of refusal (the README's troubleshooting rows). */
const REFUSAL_MESSAGES = {
    'not-managed': '`<id>: not managed by SSM in <region>`',
    offline: '`<id>: its SSM agent is ConnectionLost, not Online`',
    'not-linux': '`<id>: its platform is Windows, not Linux`',
    'no-match': '`No instance matched the targets (tag:…)`',
};
/** Why each kind of refusal happens (the README's troubleshooting rows). */
const REFUSAL_CAUSES = {
    'not-managed': 'DescribeInstanceInformation does not list the instance: a wrong id or region, the instance stopped or terminated, no SSM agent, or no instance profile that lets it reach SSM',
    offline: 'SSM has not heard from the agent for a while: the instance is stopping or rebooting, the agent is stopped, or it cannot reach the SSM endpoints',
    'not-linux': 'the deploy script is bash for Linux; SSM reports another platform',
    'no-match': 'no instance SSM manages in the region has these tags (keys and values are case-sensitive)',
};
/** What to do about each kind of refusal. */
const FIXES = {
    'not-managed': 'Check the instance id and the region; a managed instance is running, has the SSM agent installed and running, and an instance profile that allows it to reach SSM (AmazonSSMManagedInstanceCore). `aws ssm describe-instance-information` lists the managed ones.',
    offline: 'Start the instance, or its SSM agent (`systemctl status amazon-ssm-agent`); check that it can reach the SSM endpoints. Or leave it out of the targets.',
    'not-linux': 'The deploy script is bash for Linux (flock, runuser or setpriv): leave this instance out of the targets.',
    'no-match': 'Check the tag key and values (both are case-sensitive) and the region; tagged instances must also be managed by SSM.',
};
function refusalFor(instanceId, info, region) {
    if (info === undefined)
        return {
            reason: 'not-managed',
            instanceId,
            message: `${instanceId}: not managed by SSM in ${region} (DescribeInstanceInformation does not list it), so the command could not reach it.`,
        };
    const label = labelOf(instanceId, info);
    if (info.PingStatus !== 'Online')
        return {
            reason: 'offline',
            instanceId,
            message: `${label}: its SSM agent is ${info.PingStatus ?? 'of unknown status'}, not Online${lastSeen(info)}, so the command would wait for it until the delivery timeout.`,
        };
    if (info.PlatformType !== 'Linux')
        return {
            reason: 'not-linux',
            instanceId,
            message: `${label}: its platform is ${info.PlatformType ?? 'unknown'}, not Linux.`,
        };
    return undefined;
}
function managed(instanceId, info) {
    return {
        instanceId,
        pingStatus: info.PingStatus ?? '',
        platformType: info.PlatformType ?? '',
        name: nameOf(info),
    };
}
/** Data from the instance: no control character (a line break would forge a log line), short. */
function nameOf(info) {
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    const name = (info.Name ?? info.ComputerName ?? '').replace(/[\u0000-\u001f\u007f]/g, ' ');
    return name.trim() === '' ? undefined : name.slice(0, 100);
}
function labelOf(instanceId, info) {
    const name = nameOf(info);
    return name === undefined ? instanceId : `${instanceId} (${name})`;
}
function lastSeen(info) {
    const at = info.LastPingDateTime;
    return at instanceof Date && !Number.isNaN(at.getTime())
        ? ` (last heard from ${at.toISOString()})`
        : '';
}
/** Tag filters can't be combined with other filter types; entries AND together, values OR. */
function filtersFor(targets) {
    return targets.kind === 'instances'
        ? [{ Key: 'InstanceIds', Values: [...new Set(targets.instanceIds)] }]
        : targets.tags.map((tag) => ({ Key: `tag:${tag.key}`, Values: [...tag.values] }));
}
function describeTags(targets) {
    return targets.tags.map((tag) => `tag:${tag.key}=${tag.values.join(',')}`).join('; ');
}
/**
 * Every instance SSM lists for the targets. SSM may refuse a list of ids as a whole
 * (InvalidInstanceId) when one of them is not a node it knows: then each id is asked alone, so the
 * refusal names the right ones.
 */
async function describeTargets(ssm, targets, region) {
    try {
        return await describeAll(ssm, filtersFor(targets), region);
    }
    catch (error) {
        if (!(error instanceof UnknownInstance) || targets.kind !== 'instances')
            throw error;
        const ids = [...new Set(targets.instanceIds)];
        if (ids.length === 1)
            return [];
        const each = await Promise.all(ids.map((id) => describeAll(ssm, [{ Key: 'InstanceIds', Values: [id] }], region).catch((inner) => {
            if (inner instanceof UnknownInstance)
                return [];
            throw inner;
        })));
        return each.flat();
    }
}
/** SSM's InvalidInstanceId: an id in the filter is not a node it knows. */
class UnknownInstance extends Error {
}
async function describeAll(ssm, filters, region) {
    const listed = [];
    const seenTokens = new Set();
    let nextToken;
    do {
        let page;
        try {
            page = await ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_3__.DescribeInstanceInformationCommand({
                Filters: filters,
                MaxResults: PAGE_SIZE,
                ...(nextToken === undefined ? {} : { NextToken: nextToken }),
            }));
        }
        catch (error) {
            if ((0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .awsErrorFacts */ .ZR)(error).code === 'InvalidInstanceId')
                throw new UnknownInstance();
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__.ActionError(`Could not check the target instances in ${region} (ssm:DescribeInstanceInformation): ${(0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .describeAwsError */ .Pp)(error)}`, { cause: error, ...optionalHint(hintFor(error)) });
        }
        listed.push(...(page.InstanceInformationList ?? []));
        // An empty string also means the last page.
        nextToken = page.NextToken === '' ? undefined : page.NextToken;
        // A token seen before would page for ever.
        if (nextToken !== undefined) {
            if (seenTokens.has(nextToken))
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__.ActionError('SSM answered DescribeInstanceInformation with a NextToken it had already given: the instances could not be listed.');
            seenTokens.add(nextToken);
        }
    } while (nextToken !== undefined);
    return listed;
}
function optionalHint(hint) {
    return hint === undefined ? {} : { hint };
}
function hintFor(error) {
    const code = (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .awsErrorFacts */ .ZR)(error).code;
    if (code === 'AccessDeniedException')
        return "The role needs ssm:DescribeInstanceInformation (see the README's IAM policy).";
    return (0,_failure_js__WEBPACK_IMPORTED_MODULE_2__/* .knownHint */ .tI)(code);
}


/***/ })

};

//# sourceMappingURL=809.index.js.map