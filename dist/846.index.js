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
/* unused harmony export isNewerThanThisRun */
/* harmony import */ var _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4736);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
// The deploy record: what was last deployed, kept in Parameter Store as JSON so that a slow or
// re-run workflow can tell it is older than the deploy already on the instances.


async function readDeployRecord(ssm, name) {
    let parameter;
    try {
        ({ Parameter: parameter } = await ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__/* .GetParameterCommand */ .lhy({ Name: name })));
    }
    catch (error) {
        if (error instanceof _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__/* .ParameterNotFound */ .TU5)
            return { kind: 'none' };
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(`Could not read the deploy record ${name}.`, {
            cause: error,
            hint: 'The role needs ssm:GetParameter on it (see the README policy, RecordTheDeploy).',
        });
    }
    const record = parseRecord(parameter?.Value ?? '');
    return record === undefined
        ? { kind: 'unreadable', reason: `${name} does not hold a deploy record written by ssm-deploy` }
        : { kind: 'record', record, version: parameter?.Version ?? 0 };
}
function parseRecord(text) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        return undefined;
    }
    if (typeof value !== 'object' || value === null)
        return undefined;
    const { sha, ref, repository, run, runAttempt, at } = value;
    if (typeof sha !== 'string' ||
        typeof repository !== 'string' ||
        typeof run !== 'number' ||
        typeof at !== 'string')
        return undefined;
    return {
        sha,
        ref: typeof ref === 'string' ? ref : sha,
        repository,
        run,
        runAttempt: typeof runAttempt === 'number' ? runAttempt : 1,
        at,
    };
}
/**
 * Whether the recorded deploy came from a newer run of the same repository than this one, so
 * deploying now would put older code over newer. A different repository's record never blocks.
 */
function isNewerThanThisRun(record, run) {
    if (!/^\d+$/.test(run.runId))
        return false;
    return record.repository === run.repository && record.run > Number(run.runId);
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
/** Writes the record; returns the parameter's new version. */
async function writeDeployRecord(ssm, name, record) {
    try {
        const { Version } = await ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__/* .PutParameterCommand */ .ihh({
            Name: name,
            Value: JSON.stringify(record),
            Type: 'String',
            Overwrite: true,
            Description: 'The last deploy made by ssm-deploy',
        }));
        return Version ?? 0;
    }
    catch (error) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(`The deploy succeeded, but writing the deploy record ${name} failed.`, {
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