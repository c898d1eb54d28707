export const id = 707;
export const ids = [707];
export const modules = {

/***/ 5707:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  cancelPending: () => (/* binding */ cancelPending)
});

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ssm/dist-cjs/index.js
var dist_cjs = __webpack_require__(4736);
;// CONCATENATED MODULE: ./src/errors.ts
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
class errors_ActionError extends Error {
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
        TimeoutSeconds: deliveryTimeoutSeconds(deploy),
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
        response = await ssm.send(new SendCommandCommand(input));
    }
    catch (error) {
        const hint = error instanceof Error ? SEND_HINTS[error.name] : undefined;
        if (hint === undefined || !(error instanceof Error))
            throw error;
        throw new ActionError(`SSM refused the command: ${error.name}: ${error.message}`, {
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

// EXTERNAL MODULE: ./src/deploy/status.ts
var deploy_status = __webpack_require__(8917);
;// CONCATENATED MODULE: ./src/deploy/post-cancel.ts
// What the post step does with a command id left in step state: look first, then cancel only
// what is still running, so the log says which of the two happened.



async function cancelPending(ssm, commandId) {
    try {
        const listed = await ssm.send(new dist_cjs/* ListCommandsCommand */.I$q({ CommandId: commandId }));
        const command = listed.Commands?.find((c) => c.CommandId === commandId);
        if (command !== undefined && (0,deploy_status.isTerminal)(command.Status, command.StatusDetails))
            return { kind: 'finished', status: command.Status ?? 'finished' };
    }
    catch {
        // Looking is only for the message; the cancel below is what matters.
    }
    const result = await cancelCommand(ssm, commandId);
    switch (result.kind) {
        case 'requested':
            return { kind: 'cancelled' };
        case 'unknown-command':
            return { kind: 'unknown-command' };
        case 'failed':
            return { kind: 'failed', error: result.error };
    }
}


/***/ })

};

//# sourceMappingURL=707.index.js.map