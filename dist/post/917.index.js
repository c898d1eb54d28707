export const id = 917;
export const ids = [917];
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


/***/ })

};

//# sourceMappingURL=917.index.js.map