export const id = 363;
export const ids = [363];
export const modules = {

/***/ 8363:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   parseSavedOut: () => (/* binding */ parseSavedOut),
/* harmony export */   reportRollout: () => (/* binding */ reportRollout),
/* harmony export */   rolloutEvents: () => (/* binding */ rolloutEvents)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6421);
/* harmony import */ var _deploy_status_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8917);
/* harmony import */ var _rollout_engine_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2024);
/* harmony import */ var _state_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7343);
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2011);
// The rollout as it happens (waves, traffic and health per instance, bakes and alarms, rollback,
// put-back) and at its end (the waves output, the job summary's wave table).





/** What the log says while the rollout goes on; `onOut` keeps the post step's state current. */
function rolloutEvents(now, region) {
    let waves = 0;
    return {
        onPlan: (plan) => {
            waves = plan.length;
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`Rollout in ${plan.length} wave(s): ${plan.map((ids, i) => `${i + 1}) ${ids.join(', ')}`).join('; ')}`);
        },
        onWaveStart: (wave, ids, rollback) => {
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(rollback
                ? `Rolling back wave ${wave}: ${ids.join(', ')}`
                : `Wave ${wave}/${waves}: ${ids.join(', ')} (${new Date(now()).toISOString()})`);
        },
        onTraffic: (seen, event) => {
            const registration = 'registration' in seen ? seen.registration : seen;
            const state = 'registration' in seen ? describeState(seen) : '';
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`  ${registration.instanceId} · ${(0,_rollout_engine_js__WEBPACK_IMPORTED_MODULE_2__/* .groupName */ .hv)(registration.group)}${registration.port === undefined ? '' : `:${registration.port}`} · ${event}${state}`);
        },
        onOut: (out) => {
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .saveState */ .LZ(_state_js__WEBPACK_IMPORTED_MODULE_3__/* .DEPLOY_STATE */ .o.region, region);
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .saveState */ .LZ(_state_js__WEBPACK_IMPORTED_MODULE_3__/* .DEPLOY_STATE */ .o.trafficOut, JSON.stringify(out));
        },
        onBake: (wave, seconds) => {
            if (seconds > 0)
                _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`Wave ${wave}: baking ${seconds} s under the alarms.`);
        },
        onWaveEnd: (record) => {
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`Wave ${record.wave}: ${record.outcome}${durationOf(record)}`);
        },
        onAlarm: (firing) => {
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`In ALARM: ${firing.join(', ')}. No further wave starts.`);
        },
        onRollback: (ids, rolledBackThere) => {
            const there = rolledBackThere.length === 0
                ? ''
                : ` ${rolledBackThere.join(', ')} rolled back on the instance already.`;
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(ids.length === 0
                ? `rollback-on-failure: no ${there === '' ? '' : 'other '}instance is left changed by this run, so none is rolled back.${there}`
                : `rollback-on-failure: bringing ${ids.join(', ')} back to the commit each had.${there}`);
        },
        onPutBack: (registrations, error) => {
            const list = registrations.map((r) => `${r.instanceId} in ${(0,_rollout_engine_js__WEBPACK_IMPORTED_MODULE_2__/* .groupName */ .hv)(r.group)}`).join(', ');
            if (error === undefined)
                _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`Put back into their target groups, as the run ended early: ${list}.`);
            else
                _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .error */ .z3(`Could not put ${list} back into their target groups (${(0,_deploy_status_js__WEBPACK_IMPORTED_MODULE_1__/* .describeError */ .Uc)(error)}); register them again by hand.`, { title: 'Instances left out of their target groups' });
        },
    };
}
/** The `waves` output, the rollback's verdict, and the job summary's wave table. */
async function reportRollout(rollout) {
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('waves', JSON.stringify(rollout.waves.map((w) => ({
        wave: w.wave,
        instances: w.instances,
        start: w.start === undefined ? null : new Date(w.start).toISOString(),
        end: w.end === undefined ? null : new Date(w.end).toISOString(),
        outcome: w.outcome,
        commandId: w.commandId ?? null,
    }))));
    for (const back of rollout.rollback ?? [])
        if (back.success && back.healthy !== false)
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`${back.instanceId}: rolled back to ${(0,_format_js__WEBPACK_IMPORTED_MODULE_4__/* .short */ .h0)(back.sha)}${back.healthy === true ? ', healthy' : ''}.`);
        else
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .error */ .z3(`${back.instanceId}: the rollback to ${(0,_format_js__WEBPACK_IMPORTED_MODULE_4__/* .short */ .h0)(back.sha)} ${back.success ? 'ran, but the instance is not healthy' : 'failed'}${back.reason === undefined ? '' : `: ${back.reason}`}`, { title: `Rollback failed on ${back.instanceId}` });
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`AWS calls of the rollout: ${rollout.calls.commands} command(s), ${rollout.calls.describeHealth} DescribeTargetHealth, ${rollout.calls.deregister} DeregisterTargets, ${rollout.calls.register} RegisterTargets, ${rollout.calls.attributes} DescribeTargetGroupAttributes, ${rollout.calls.describeAlarms} DescribeAlarms.`);
    const header = ['Wave', 'Instances', 'Outcome', 'Duration'].map((data) => ({
        data,
        header: true,
    }));
    const rows = rollout.waves.map((w) => [
        String(w.wave),
        w.instances.map((id) => `<code>${(0,_format_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeHtml */ .ZD)(id)}</code>`).join(' '),
        (0,_format_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeHtml */ .ZD)(w.outcome),
        durationOf(w).replace(/^ in /, '') || '—',
    ]);
    const rollback = (rollout.rollback ?? []).map((b) => `<code>${(0,_format_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeHtml */ .ZD)(b.instanceId)}</code> → <code>${(0,_format_js__WEBPACK_IMPORTED_MODULE_4__/* .short */ .h0)(b.sha)}</code>: ${b.success ? 'rolled back' : 'rollback failed'}${b.healthy === null ? '' : b.healthy ? ', healthy' : ', not healthy'}`);
    try {
        await _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .summary */ .z
            .addHeading('Rollout', 4)
            .addTable([header, ...rows])
            .addRaw(rollback.length === 0 ? '' : `<p>${rollback.join('<br>')}</p>`, true)
            .write();
    }
    catch (error) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz(`No job summary: ${(0,_deploy_status_js__WEBPACK_IMPORTED_MODULE_1__/* .describeError */ .Uc)(error)}`);
    }
}
function describeState(state) {
    return ` (${state.state}${state.reason === undefined ? '' : `: ${state.reason}`})`;
}
function durationOf(record) {
    return record.start === undefined || record.end === undefined
        ? ''
        : ` in ${(0,_format_js__WEBPACK_IMPORTED_MODULE_4__/* .formatDuration */ .a3)(record.end - record.start)}`;
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


/***/ })

};

//# sourceMappingURL=363.index.js.map