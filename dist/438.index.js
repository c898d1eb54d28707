export const id = 438;
export const ids = [438];
export const modules = {

/***/ 8438:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LOOKBACK_MS: () => (/* binding */ LOOKBACK_MS),
/* harmony export */   MAX_PAGES_PER_POLL: () => (/* binding */ MAX_PAGES_PER_POLL),
/* harmony export */   followCommandLogs: () => (/* binding */ followCommandLogs)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(303);
// Follows a command's output in CloudWatch Logs while it runs, so a long deploy shows its output
// in the workflow log as it happens rather than only at the end. SSM writes one stream per
// instance and per output: `<commandId>/<instanceId>/aws-runShellScript/stdout` (and `stderr`).

/** Pages read per poll, so one chatty deploy cannot make a poll cycle arbitrarily long. */
const MAX_PAGES_PER_POLL = 5;
/**
 * Each instance's agent uploads on its own schedule, so a line can arrive with a timestamp older
 * than lines already shown. Every query reaches back this far; lines already shown are known by
 * their event id.
 */
const LOOKBACK_MS = 10_000;
function followCommandLogs(logs, logGroupName, commandId) {
    let newest;
    /** Event id → timestamp of every line shown within the lookback. */
    const shown = new Map();
    /**
     * A query whose pages did not fit in one poll: it goes on from its token, with the start time
     * it began with (a token belongs to its query).
     */
    let paging;
    let calls = 0;
    return {
        get calls() {
            return calls;
        },
        async poll(signal) {
            const lines = [];
            for (let page = 0; page < MAX_PAGES_PER_POLL; page++) {
                const startTime = paging !== undefined
                    ? paging.startTime
                    : newest === undefined
                        ? undefined
                        : Math.max(0, newest - LOOKBACK_MS);
                let response;
                calls++;
                try {
                    response = await logs.send(new _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_0__/* .FilterLogEventsCommand */ .nsW({
                        logGroupName,
                        logStreamNamePrefix: `${commandId}/`,
                        startTime,
                        nextToken: paging?.nextToken,
                    }), signal === undefined ? {} : { abortSignal: signal });
                }
                catch (error) {
                    // The agent creates the group on its first write; until then there is nothing to show.
                    if (error instanceof _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_0__/* .ResourceNotFoundException */ .lBX)
                        break;
                    throw error;
                }
                for (const event of response.events ?? []) {
                    const id = event.eventId ?? `${event.logStreamName}:${event.timestamp}:${event.message}`;
                    if (shown.has(id))
                        continue;
                    const line = parseStream(event.logStreamName ?? '', commandId);
                    if (line === undefined)
                        continue;
                    const timestamp = event.timestamp ?? 0;
                    lines.push({ ...line, timestamp, message: (event.message ?? '').replace(/\r?\n$/, '') });
                    shown.set(id, timestamp);
                    newest = Math.max(newest ?? timestamp, timestamp);
                }
                paging =
                    response.nextToken === undefined
                        ? undefined
                        : { startTime, nextToken: response.nextToken };
                if (paging === undefined)
                    break;
            }
            // Ids older than the next query's start cannot come back; forget them.
            if (paging === undefined && newest !== undefined)
                for (const [id, timestamp] of shown)
                    if (timestamp < newest - LOOKBACK_MS)
                        shown.delete(id);
            return lines.sort((a, b) => a.timestamp - b.timestamp);
        },
    };
}
function parseStream(name, commandId) {
    const [command, instanceId, , stream] = name.split('/');
    if (command !== commandId || instanceId === undefined)
        return undefined;
    if (stream !== 'stdout' && stream !== 'stderr')
        return undefined;
    return { instanceId, stream };
}


/***/ })

};

//# sourceMappingURL=438.index.js.map