export const id = 438;
export const ids = [438];
export const modules = {

/***/ 8438:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EVENTS_PER_CALL: () => (/* binding */ EVENTS_PER_CALL),
/* harmony export */   MAX_CALLS_PER_POLL: () => (/* binding */ MAX_CALLS_PER_POLL),
/* harmony export */   endsScript: () => (/* binding */ endsScript),
/* harmony export */   followCommandLogs: () => (/* binding */ followCommandLogs)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(303);
// Follows a command's output in CloudWatch Logs while it runs, so a long deploy shows its output
// in the workflow log as it happens rather than only at the end. SSM writes one stream per
// instance and per output: `<commandId>/<instanceId>/aws-runShellScript/stdout` (and `stderr`).
//
// Anyone allowed to write the group can add streams to it and events with any timestamp, and an
// instance's clock can be wrong. So only the streams of this command's own instances are read, by
// name (an instance id comes from SSM or the inputs, never from a stream's name), each with
// GetLogEvents from its head and then from the forward token it returned: the position in the
// stream is the token's, and no event's timestamp ever moves what is read next.

/**
 * The end-of-command hint: whether a line is the remote script's last, its end marker
 * (`endMarker`: the marker prefix and `exit=`, printed to both streams as it exits). The instance
 * has then ended as far as its output goes, which SSM may say a moment later. A hint only: it can
 * bring a poll forward, and the nonce in the marker keeps anyone else's lines from being taken
 * for it, but the verdict is always SSM's.
 */
function endsScript(line, endMarker) {
    return line.message.startsWith(endMarker);
}
/** GetLogEvents calls per poll: streams beyond it are read in turn, at later polls. */
const MAX_CALLS_PER_POLL = 4;
/** Events asked for per call, so one chatty stream cannot make a poll arbitrarily long. */
const EVENTS_PER_CALL = 1_000;
const STREAMS = ['stdout', 'stderr'];
function followCommandLogs(logs, logGroupName, commandId) {
    const streams = new Map();
    /** Where the next poll starts in the round of streams, so each gets its turn. */
    let turn = 0;
    let calls = 0;
    const read = async (state, signal) => {
        calls++;
        let response;
        try {
            response = await logs.send(new _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_0__/* .GetLogEventsCommand */ .h7S({
                logGroupName,
                logStreamName: state.name,
                startFromHead: true,
                limit: EVENTS_PER_CALL,
                ...(state.token === undefined ? {} : { nextToken: state.token }),
            }), signal === undefined ? {} : { abortSignal: signal });
        }
        catch (error) {
            // The agent creates the group and the stream on its first write; until then, nothing.
            if (error instanceof _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_0__/* .ResourceNotFoundException */ .lBX)
                return [];
            throw error;
        }
        // At the end of the stream GetLogEvents answers no events and the token it was given, from
        // which later events are read.
        if (response.nextForwardToken !== undefined)
            state.token = response.nextForwardToken;
        return (response.events ?? []).map((event) => ({
            instanceId: state.instanceId,
            stream: state.stream,
            timestamp: event.timestamp ?? 0,
            message: (event.message ?? '').replace(/\r?\n$/, ''),
        }));
    };
    return {
        get calls() {
            return calls;
        },
        async poll(instances, signal) {
            for (const { instanceId } of instances)
                for (const stream of STREAMS) {
                    const name = `${commandId}/${instanceId}/aws-runShellScript/${stream}`;
                    if (!streams.has(name))
                        streams.set(name, { instanceId, stream, name, token: undefined, drained: false });
                }
            const finished = new Set(instances.filter((i) => i.finished).map((i) => i.instanceId));
            const open = [...streams.values()].filter((state) => !state.drained);
            const chosen = [];
            for (let index = 0; index < Math.min(MAX_CALLS_PER_POLL, open.length); index++) {
                const state = open[(turn + index) % open.length];
                if (state !== undefined)
                    chosen.push(state);
            }
            turn = open.length === 0 ? 0 : (turn + chosen.length) % open.length;
            const lines = [];
            for (const state of chosen) {
                // Whether the instance had finished before this read: then an empty answer is the end.
                const done = finished.has(state.instanceId);
                const found = await read(state, signal);
                if (done && found.length === 0)
                    state.drained = true;
                lines.push(...found);
            }
            // Shown in time order across streams; the order only, never what is read next.
            return lines.sort((a, b) => a.timestamp - b.timestamp);
        },
    };
}


/***/ })

};

//# sourceMappingURL=438.index.js.map