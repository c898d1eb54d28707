export const id = 278;
export const ids = [278];
export const modules = {

/***/ 278:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runRolloutPhase: () => (/* binding */ runRolloutPhase)
/* harmony export */ });
/* harmony import */ var _engine_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2024);
// Phase 3 as a rollout: its clients made (and their SDKs loaded) only when target-groups or alarms
// ask for them, from the same start-of-step settings as every other client (aws.ts), and each
// wave's command sent through the ordinary deploy.

async function runRolloutPhase(phase) {
    const { rollout } = phase;
    const elb = rollout.targetGroups.length > 0 ? await phase.clients.elbv2() : undefined;
    const cloudWatch = rollout.alarms.length > 0 ? await phase.clients.cloudWatch() : undefined;
    return (0,_engine_js__WEBPACK_IMPORTED_MODULE_0__/* .runRollout */ .p1)(phase.deploy, rollout, {
        deployTo: async (deploy) => {
            const outcome = await phase.deployOnce(deploy);
            // A rollout always waits (wait: false is refused with it) and is never a dry run here.
            if (outcome.kind !== 'done')
                throw new Error('a wave was not followed to its end');
            return outcome.report;
        },
        resolveInstances: () => Promise.resolve(phase.instanceIds),
        elb,
        cloudWatch,
        now: phase.now,
        sleep: phase.sleep,
        signal: phase.signal,
        events: phase.events,
    });
}


/***/ })

};

//# sourceMappingURL=278.index.js.map