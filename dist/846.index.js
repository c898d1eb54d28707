export const id = 846;
export const ids = [846];
export const modules = {

/***/ 4846:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   judgeRecord: () => (/* binding */ judgeRecord),
/* harmony export */   readDeployRecord: () => (/* binding */ readDeployRecord),
/* harmony export */   reasonNotToRecord: () => (/* binding */ reasonNotToRecord),
/* harmony export */   recordFor: () => (/* binding */ recordFor),
/* harmony export */   writeDeployRecord: () => (/* binding */ writeDeployRecord)
/* harmony export */ });
/* unused harmony exports parseRecord, isNewerThanThisRun */
/* harmony import */ var _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4736);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _names_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6455);
// The deploy record: what was last deployed, kept in Parameter Store as JSON so that a slow or
// re-run workflow can tell it is older than the deploy already on the instances.



async function readDeployRecord(ssm, name) {
    let parameter;
    try {
        ({ Parameter: parameter } = await ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__.GetParameterCommand({ Name: name })));
    }
    catch (error) {
        if (error instanceof _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__.ParameterNotFound)
            return { kind: 'none' };
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__.ActionError(`Could not read the deploy record ${name}.`, {
            cause: error,
            hint: 'The role needs ssm:GetParameter on it (see the README policy, RecordTheDeploy).',
        });
    }
    const parsed = parseRecord(parameter?.Value ?? '');
    return 'problem' in parsed
        ? {
            kind: 'unreadable',
            reason: `${name} does not hold a valid deploy record (${parsed.problem})`,
        }
        : { kind: 'record', record: parsed.record, version: parameter?.Version ?? 0 };
}
/** What a record's fields may hold. Whoever can write the parameter chooses its text. */
const RECORD_FIELDS = new Set(['sha', 'ref', 'repository', 'run', 'runAttempt', 'at']);
/** More than any record this action writes (about 300 characters). */
const RECORD_MAX_CHARS = 4096;
/** A git ref name, and GitHub's `owner/name` (39 and 100 characters at most). */
const REF_MAX_CHARS = 255;
const REPOSITORY = /^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/;
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)$/;
/**
 * A record as this action writes it, or what is wrong with the text: strictly, since a value that
 * parsed loosely (`1e999` is Infinity, newer than any run) would decide every later deploy. The
 * problem names the field, never its value.
 */
function parseRecord(text) {
    if (text.length > RECORD_MAX_CHARS)
        return { problem: `${text.length} characters, more than a record has` };
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        return { problem: 'not JSON' };
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        return { problem: 'not a JSON object' };
    const fields = value;
    const unknown = Object.keys(fields).filter((key) => !RECORD_FIELDS.has(key));
    if (unknown.length > 0)
        return { problem: `${unknown.length} unknown field(s)` };
    const { sha, ref, repository, run, runAttempt, at } = fields;
    if (typeof sha !== 'string' || !_names_js__WEBPACK_IMPORTED_MODULE_2__/* .FULL_SHA */ .RG.test(sha))
        return { problem: 'sha is not a full commit SHA' };
    if (ref !== undefined && (typeof ref !== 'string' || !isRefText(ref)))
        return { problem: `ref is not a git ref of at most ${REF_MAX_CHARS} characters` };
    if (typeof repository !== 'string' || !REPOSITORY.test(repository))
        return { problem: 'repository is not owner/name' };
    if (!isCount(run, 1))
        return { problem: 'run is not a whole number from 1 up' };
    if (runAttempt !== undefined && !isCount(runAttempt, 1))
        return { problem: 'runAttempt is not a whole number from 1 up' };
    if (typeof at !== 'string' || !ISO_TIME.test(at) || Number.isNaN(Date.parse(at)))
        return { problem: 'at is not an ISO 8601 time' };
    return {
        record: { sha, ref: ref ?? sha, repository, run, runAttempt: runAttempt ?? 1, at },
    };
}
function isCount(value, min) {
    return typeof value === 'number' && Number.isSafeInteger(value) && value >= min;
}
function isRefText(ref) {
    return ref.length > 0 && ref.length <= REF_MAX_CHARS && !(0,_names_js__WEBPACK_IMPORTED_MODULE_2__/* .hasControlCharacter */ .Fd)(ref);
}
/**
 * Whether the recorded deploy came from a newer run of the same repository than this one, so
 * deploying now would put older code over newer. A different repository's record never blocks.
 */
function isNewerThanThisRun(record, run) {
    const runId = Number(run.runId);
    if (!/^\d+$/.test(run.runId) || !Number.isSafeInteger(runId))
        return false;
    return record.repository === run.repository && record.run > runId;
}
function recordFor(run, sha, ref, at) {
    return {
        sha,
        ref,
        repository: run.repository,
        run: Number(run.runId) || 0,
        runAttempt: Number(run.runAttempt) || 1,
        at: at.toISOString(),
    };
}
/**
 * Writes the record unless a newer run recorded itself since this run checked (`checked`: the
 * version this run read before it sent anything, 0 for none): two overlapping runs never leave
 * the older one recorded over the newer. Parameter Store has no conditional write, so the record
 * is read again right before the write, and a write that skipped a version says so.
 */
async function writeDeployRecord(ssm, name, record, checked) {
    const now = await readDeployRecord(ssm, name);
    const currentVersion = now.kind === 'record' ? now.version : undefined;
    if (now.kind === 'record' &&
        now.record.repository === record.repository &&
        now.record.run > record.run &&
        // allow-older deploys over the newer record it was shown, not over one written since.
        !(checked.allowOlder && now.version === checked.version))
        return { kind: 'kept', record: now.record, version: now.version };
    try {
        const { Version } = await ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__.PutParameterCommand({
            Name: name,
            Value: JSON.stringify(record),
            Type: 'String',
            Overwrite: true,
            Description: 'The last deploy made by ssm-deploy',
        }));
        const version = Version ?? 0;
        const before = currentVersion ?? (now.kind === 'none' ? 0 : undefined);
        return { kind: 'written', version, raced: before !== undefined && version !== before + 1 };
    }
    catch (error) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__.ActionError(`The deploy succeeded, but writing the deploy record ${name} failed.`, {
            cause: error,
            hint: 'The role needs ssm:PutParameter on it (see the README policy, RecordTheDeploy).',
        });
    }
}
function judgeRecord(read, run, allowOlder) {
    if (read.kind !== 'record' || !isNewerThanThisRun(read.record, run))
        return { action: 'deploy', read };
    return { action: allowOlder ? 'deploy-older' : 'skip', read };
}
/**
 * Why the record is left as it is after this deploy, or undefined when it is to be written. Only
 * a deploy known to have succeeded everywhere, at one commit, is recorded: the record is what
 * later runs trust.
 */
function reasonNotToRecord(outcome) {
    if (outcome.status !== 'Success')
        return `the deploy ended ${outcome.status}, so the record still names the last successful deploy`;
    if (outcome.deployedSha === '')
        return 'the instances did not all end at one commit, so there is no single commit to record';
    return undefined;
}


/***/ })

};

//# sourceMappingURL=846.index.js.map