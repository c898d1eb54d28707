export const id = 483;
export const ids = [483];
export const modules = {

/***/ 4483:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   reportRolloutPlan: () => (/* binding */ reportRolloutPlan)
/* harmony export */ });
/* unused harmony export describeRolloutPlan */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6421);
/* harmony import */ var _rollout_engine_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2024);
/* harmony import */ var _rollout_plan_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5762);
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2011);
// Dry run with a rollout: the waves it would deploy, and what each wave would go through.




/** The waves over the instances the preflight found, in the order a rollout would deploy them. */
function describeRolloutPlan(rollout, instanceIds) {
    const waves = (0,_rollout_plan_js__WEBPACK_IMPORTED_MODULE_2__/* .planWaves */ .K)(rollout.waves, instanceIds);
    const groups = rollout.targetGroups.map(_rollout_engine_js__WEBPACK_IMPORTED_MODULE_1__/* .groupName */ .hv);
    return [
        `Dry run: the rollout would deploy ${instanceIds.length} instance(s) in ${waves.length} wave(s), each starting only once the one before succeeded:`,
        ...waves.map((ids, i) => `  Wave ${i + 1}: ${ids.join(', ')}`),
        groups.length === 0
            ? '  Target groups: none; no instance is taken out of traffic.'
            : `  Target groups: ${groups.join(', ')}; each wave is taken out of them, drained, deployed, put back and must be healthy within ${rollout.healthTimeoutSeconds} s.`,
        rollout.alarms.length === 0
            ? '  Alarms: none.'
            : `  Alarms: ${rollout.alarms.join(', ')}; one in ALARM stops the rollout.`,
        rollout.bakeSeconds === 0
            ? '  Bake: none.'
            : `  Bake: ${rollout.bakeSeconds} s after each wave.`,
    ].join('\n');
}
/** Instance ids and names come from AWS: printed where they cannot be workflow commands. */
function reportRolloutPlan(rollout, instanceIds) {
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .startGroup */ .Oh('Dry run: the rollout plan');
    (0,_format_js__WEBPACK_IMPORTED_MODULE_3__/* .printUntrusted */ .Qi)(describeRolloutPlan(rollout, instanceIds));
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .endGroup */ .N4();
}


/***/ })

};

//# sourceMappingURL=483.index.js.map