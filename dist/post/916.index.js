export const id = 916;
export const ids = [916];
export const modules = {

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

//# sourceMappingURL=916.index.js.map